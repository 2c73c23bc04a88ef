"""
Time ``LOSSampler`` draws on workloads S and R and write the figures as JSON.

    python benchmarks/bench_los.py                        # S and R, 3 repeats each
    python benchmarks/bench_los.py --workloads S --repeats 5 --out benchmarks/results/los_s.json

Per workload and repeat it times, in one fresh process per workload:

- ``first_draw_s``: a draw (seed ``--seed``) with the negative-kappa cache emptied first, i.e. the cost a
  new configuration pays (halo sampling + the per-plane negative-kappa double integral);
- ``second_draw_s``: a draw of the same configuration with another seed (``--seed + 1 + repeat``), which
  reuses the cached negative-kappa integrals (where the library has that cache).

It prints min and median of each over the repeats. The cache is found by name
(``autolens.lens.los._negative_kappa_mass_integral``); on a library without it both draws pay the
integral, which is how the "before" figures are taken.
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

ROOT = Path(__file__).resolve().parent.parent


def _clear_cache(los_module) -> bool:
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workloads", nargs="+", default=["S", "R"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--_child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

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
