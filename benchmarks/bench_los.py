"""
Time ``LOSSampler`` draws on workloads S and R and write the figures as JSON.

    python benchmarks/bench_los.py                        # S and R, 3 repeats each
    python benchmarks/bench_los.py --workloads S --repeats 5 --out benchmarks/results/los_s.json

Per workload and repeat it times, in one fresh process per workload:

- ``first_draw_s``: a draw (seed ``--seed``) with the negative-kappa cache emptied first, i.e. the cost a
  new configuration pays (halo sampling + the per-plane negative-kappa double integral);
- ``second_draw_s``: a draw of the same configuration with another seed (``--seed + 1 + repeat``), which
  reuses the cached negative-kappa integrals (where the library has that cache).

It prints min and median of each over the repeats. The caches are found by name
(``autolens.lens.los.clear_configuration_cache``, else ``_negative_kappa_mass_integral``); on a library
without them both draws pay the integral, which is how the "before" figures are taken.

Two more measurements, each in one process:

    python benchmarks/bench_los.py --compare-with /path/to/other/autolens/lens/los.py --workloads R
    python benchmarks/bench_los.py --key --workloads R --batch 64

- ``--compare-with``: the other ``los.py`` is loaded beside this checkout's as a second module, and the
  two are timed interleaved (``--repeats`` rounds, min and median) on the host draws a simulation makes
  per image: a new sampler per seed and its first draw, ``galaxies_from()``; and the same as plane
  populations, ``population_galaxies_from(capacity=...)``. The configuration is warmed first, so this is
  the per-seed cost, not the first configuration's.
- ``--key``: the LOS draw from a JAX key under ``jax.jit(jax.vmap(...))`` for ``--batch`` keys (draw
  records only, and the plane galaxies with their deflections on workload S's grid of 2,500 rays), the
  compile time and the time per batch (min and median of ``--repeats``).
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def _clear_cache(los_module) -> bool:
    clear = getattr(los_module, "clear_configuration_cache", None)
    if clear is not None:
        clear()
        return True
    cached = getattr(los_module, "_negative_kappa_mass_integral", None)
    if cached is not None and hasattr(cached, "cache_clear"):
        cached.cache_clear()
        return True
    return False


def _measure(workload: str, repeats: int, seed: int) -> dict:
    """Run in a subprocess: time first and second draws of one workload."""
    sys.path.insert(0, str(ROOT))
    from integration_tests import workloads
    from autolens.lens import los

    spec = workloads.spec_from(workload)

    first, second, n_haloes = [], [], []
    has_cache = False
    for repeat in range(repeats):
        has_cache = _clear_cache(los)
        t0 = time.perf_counter()
        galaxies = workloads.los_galaxies_from(spec, seed=seed)
        first.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        galaxies_2 = workloads.los_galaxies_from(spec, seed=seed + 1 + repeat)
        second.append(time.perf_counter() - t0)

        n_haloes.append(sum(1 for g in galaxies if hasattr(g, "mass")))
        n_haloes.append(sum(1 for g in galaxies_2 if hasattr(g, "mass")))

    return {
        "workload": spec.name,
        "planes": f"{spec.planes_before_lens}+{spec.planes_after_lens}",
        "cone_radius_arcsec": spec.cone_radius_arcsec,
        "has_negative_kappa_cache": has_cache,
        "repeats": repeats,
        "n_haloes": n_haloes,
        "first_draw_s": first,
        "first_draw_min_s": min(first),
        "first_draw_median_s": statistics.median(first),
        "second_draw_s": second,
        "second_draw_min_s": min(second),
        "second_draw_median_s": statistics.median(second),
    }


def _sampler_kwargs(workload) -> dict:
    from integration_tests import workloads

    spec = workloads.spec_from(workload)
    coefficients = workloads.los_coefficients(spec)
    return dict(
        planes_before_lens=spec.planes_before_lens,
        planes_after_lens=spec.planes_after_lens,
        cone_radius_arcsec=spec.cone_radius_arcsec,
        cosmology=workloads.cosmology(),
        mass_function_coefficients=np.asarray(coefficients["mass_function_coefficients"]),
        mass_concentration_coefficients=np.asarray(coefficients["mass_concentration_coefficients"]),
        **workloads.LOS_DEFAULTS,
    )


def _compare(workload: str, other_path: str, repeats: int, seed: int) -> dict:
    """Run in a subprocess: this checkout's LOS host draws against another los.py's, interleaved."""
    import importlib.util

    sys.path.insert(0, str(ROOT))
    from integration_tests import workloads
    from autolens.lens import los

    spec_ = importlib.util.spec_from_file_location("los_other", other_path)
    other = importlib.util.module_from_spec(spec_)
    spec_.loader.exec_module(other)

    spec = workloads.spec_from(workload)
    kwargs = _sampler_kwargs(spec)
    capacity = spec.los_capacity
    modules = {"this": los, "other": other}
    for module in modules.values():  # warm: the configuration's sheets and coefficients
        module.LOSSampler(seed=seed, **kwargs).galaxies_from()

    times = {f"{name}_{what}": [] for name in modules for what in ("galaxies", "populations")}
    for repeat in range(repeats):
        for name, module in modules.items():
            t0 = time.perf_counter()
            module.LOSSampler(seed=seed + 1 + repeat, **kwargs).galaxies_from()
            times[f"{name}_galaxies"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            module.LOSSampler(seed=seed + 1 + repeat, **kwargs).population_galaxies_from(capacity)
            times[f"{name}_populations"].append(time.perf_counter() - t0)
    return {
        "workload": spec.name,
        "other": other_path,
        "repeats": repeats,
        **{k: v for k, v in times.items()},
        **{f"{k}_min_s": min(v) for k, v in times.items()},
        **{f"{k}_median_s": statistics.median(v) for k, v in times.items()},
    }


def _measure_key(workload: str, repeats: int, batch: int) -> dict:
    """Run in a subprocess: LOS draws from JAX keys under jit(vmap)."""
    sys.path.insert(0, str(ROOT))
    from integration_tests import workloads
    import jax
    import jax.numpy as jnp

    spec = workloads.spec_from(workload)
    sampler = workloads.los_sampler_from(spec, seed=0)
    capacity = sampler.capacities_from()
    grid = jnp.asarray(
        np.stack(np.meshgrid(np.linspace(-2.5, 2.5, 50), np.linspace(-2.5, 2.5, 50)), -1).reshape(-1, 2)
    )

    def deflections(key):
        planes, dropped = sampler.population_galaxies_from(capacity, key=key, return_dropped=True)
        return sum(g.halos.deflections_yx_2d_from(grid, xp=jnp) for g in planes), dropped

    result = {"workload": spec.name, "batch": batch, "capacity": list(capacity)}
    for name, function in (
        ("draw", lambda key: sampler.draw_from(key=key, capacity=capacity)),
        ("deflections", deflections),
    ):
        jitted = jax.jit(jax.vmap(function))
        keys = jax.random.split(jax.random.key(0), batch)
        t0 = time.perf_counter()
        jax.block_until_ready(jitted(keys))
        result[f"{name}_compile_s"] = time.perf_counter() - t0
        runs = []
        for repeat in range(repeats):
            keys = jax.random.split(jax.random.key(1 + repeat), batch)
            t0 = time.perf_counter()
            jax.block_until_ready(jitted(keys))
            runs.append(time.perf_counter() - t0)
        result[f"{name}_batch_s"] = runs
        result[f"{name}_batch_min_s"] = min(runs)
        result[f"{name}_batch_median_s"] = statistics.median(runs)
        result[f"{name}_per_image_min_ms"] = 1e3 * min(runs) / batch
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workloads", nargs="+", default=["S", "R"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--compare-with", default=None, help="another los.py to time against")
    parser.add_argument("--key", action="store_true", help="time draws from JAX keys")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--_child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.compare_with or args.key:
        for workload in args.workloads:
            if args.key:
                print(json.dumps(_measure_key(workload, args.repeats, args.batch), indent=1))
            if args.compare_with:
                print(json.dumps(_compare(workload, args.compare_with, args.repeats, args.seed), indent=1))
        return 0

    if args._child:
        print(json.dumps(_measure(args._child, args.repeats, args.seed)))
        return 0

    results = []
    for workload in args.workloads:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--_child",
                workload,
                "--repeats",
                str(args.repeats),
                "--seed",
                str(args.seed),
            ],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))

    report = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
        },
        "results": results,
    }
    out_path = args.out or ROOT / "benchmarks" / "results" / "los.json"
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(report, indent=2))

    print(
        f"{'workload':8} {'planes':>6} {'haloes':>7} {'cache':>5} "
        f"{'1st min':>8} {'1st med':>8} {'2nd min':>8} {'2nd med':>8}"
    )
    for r in results:
        print(
            f"{r['workload']:8} {r['planes']:>6} {statistics.median(r['n_haloes']):>7.0f} "
            f"{'yes' if r['has_negative_kappa_cache'] else 'no':>5} "
            f"{r['first_draw_min_s']:>7.2f}s {r['first_draw_median_s']:>7.2f}s "
            f"{r['second_draw_min_s']:>7.2f}s {r['second_draw_median_s']:>7.2f}s"
        )
    print(f"(repeats per workload: {args.repeats}; JSON: {out_path})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
