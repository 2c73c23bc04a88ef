"""
Time the radial deflection kernels of the halo population (tNFW, NFW, cNFW) under ``jax.jit``, in ns per
member-ray, float64 and float32.

    python benchmarks/bench_kernels.py                          # this tree, 256 members x 40,000 rays
    python benchmarks/bench_kernels.py --baseline HEAD~1        # and the kernels of another revision
    python benchmarks/bench_kernels.py --members 1024 --repeats 7 --dtypes float64
    python benchmarks/bench_kernels.py --population --baseline HEAD~1   # workload R's line of sight

One thread: run it as

    XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1" taskset -c 0 \\
        python benchmarks/bench_kernels.py

Each kernel is evaluated the way ``HaloPopulation`` evaluates it: ``lax.scan`` over chunks of 32 members,
parameters of shape (32, 1) against radii of shape (1, rays), summed over the chunk's members. Members
and rays are drawn once (seeded): centres and rays uniform in a 5" disk, r_s log-uniform in [0.05", 1.5"],
tau = r_t / r_s uniform in [5, 30], r_c / r_s uniform in [0.01, 0.5], so x = R / r_s spans ~1e-3 to 1e3
and every branch of each kernel is taken. Each dtype runs in its own subprocess (JAX's x64 flag is
process-wide); min and median over the repeats (after one warm-up call) are printed, with ``--baseline``
variants timed in the same process, interleaved, so their ratios are comparable.

``--population`` instead times ``HaloPopulation.deflections_yx_2d_from`` on the line of sight of
workload R (seed 1: 9 planes, 1,664 slots, ~1,040 live tNFW haloes) at 48,400 rays per plane (R's
110 x 110 padded pixels over-sampled 2 x 2), jitted, per evaluation of all planes; each baseline evaluates
the same groups with its revision's own ``HaloPopulation`` (its whole evaluation).
"""

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DARK = "PyAutoGalaxy/autogalaxy/profiles/mass/dark"
MODULES = {"tnfw": "nfw_truncated", "nfw": "nfw", "cnfw": "cnfw"}
FUNCTIONS = {
    "tnfw": "deflection_radial_tnfw_from",
    "nfw": "deflection_radial_nfw_from",
    "cnfw": "deflection_radial_cnfw_from",
}


def _module_at(revision: str, name: str):
    """The module ``name`` of the dark-matter profiles as it is at git ``revision``."""
    source = subprocess.run(
        ["git", "show", f"{revision}:{DARK}/{name}.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    directory = Path(tempfile.mkdtemp())
    path = directory / f"{name}_{revision.replace('~', '_').replace('/', '_')}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(
        f"autogalaxy.profiles.mass.dark._bench_{path.stem}", path
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _measure(dtype: str, members: int, rays: int, repeats: int, baselines, kernels):
    """In a subprocess: time every kernel of this tree and of each baseline revision in ``dtype``."""
    import autogalaxy  # noqa: F401  (the libraries before JAX, as everywhere)
    import jax

    jax.config.update("jax_enable_x64", dtype == "float64")
    import jax.numpy as jnp
    import numpy as np

    from autogalaxy.profiles.mass.dark import cnfw, nfw, nfw_truncated

    here = {"tnfw": nfw_truncated, "nfw": nfw, "cnfw": cnfw}
    variants = [("this tree", here)] + [
        (revision, {k: _module_at(revision, MODULES[k]) for k in kernels})
        for revision in baselines
    ]

    chunk = 32
    members = -(-members // chunk) * chunk
    rng = np.random.default_rng(1)

    def disk(n):
        r = 5.0 * np.sqrt(rng.uniform(size=n))
        phi = rng.uniform(0.0, 2.0 * np.pi, size=n)
        return np.stack([r * np.sin(phi), r * np.cos(phi)], axis=-1)

    rays_yx = jnp.asarray(disk(rays), dtype=dtype)
    centre = disk(members)
    scale_radius = 10.0 ** rng.uniform(np.log10(0.05), np.log10(1.5), members)
    params = dict(
        centre=centre,
        kappa_s=10.0 ** rng.uniform(-2.0, -0.5, members),
        scale_radius=scale_radius,
        truncation_radius=rng.uniform(5.0, 30.0, members) * scale_radius,
        core_radius=rng.uniform(0.01, 0.5, members) * scale_radius,
    )
    params = {
        k: jnp.asarray(v, dtype=dtype).reshape((members // chunk, chunk) + v.shape[1:])
        for k, v in params.items()
    }
    extra = {"tnfw": "truncation_radius", "nfw": None, "cnfw": "core_radius"}

    def compiled(module, kind):
        function = getattr(module, FUNCTIONS[kind])

        def run(params, rays_yx):
            def step(total, p):
                dy = rays_yx[None, :, 0] - p["centre"][:, 0:1]
                dx = rays_yx[None, :, 1] - p["centre"][:, 1:2]
                radius = jnp.sqrt(dy * dy + dx * dx)
                kwargs = dict(kappa_s=p["kappa_s"][:, None], scale_radius=p["scale_radius"][:, None])
                if extra[kind]:
                    kwargs[extra[kind]] = p[extra[kind]][:, None]
                alpha = function(radius, xp=jnp, **kwargs)
                return total + jnp.sum(alpha, axis=0), None

            return jax.lax.scan(step, jnp.zeros(rays_yx.shape[0], rays_yx.dtype), params)[0]

        return jax.jit(run)

    for kind in kernels:
        runs = [(name, compiled(modules[kind], kind)) for name, modules in variants]
        values = {}
        for name, function in runs:
            values[name] = np.asarray(function(params, rays_yx).block_until_ready())
        times = {name: [] for name, _ in runs}
        for _ in range(repeats):
            for name, function in runs:
                t0 = time.perf_counter()
                function(params, rays_yx).block_until_ready()
                times[name].append(time.perf_counter() - t0)
        reference = values["this tree"]
        for name, _ in runs:
            per = [t / (members * rays) * 1e9 for t in times[name]]
            spread = np.max(np.abs(values[name] - reference)) / np.max(np.abs(reference))
            print(
                f"{kind:5s} {dtype:8s} {name:12s} min {min(per):7.2f} ns  median "
                f"{statistics.median(per):7.2f} ns per member-ray"
                + (f"  (max rel. diff. vs this tree {spread:.1e})" if name != "this tree" else ""),
                flush=True,
            )


def _measure_population(dtype: str, repeats: int, baselines):
    """In a subprocess: time workload R's line-of-sight populations in ``dtype``."""
    sys.path.insert(0, str(ROOT))
    from integration_tests import workloads
    from autogalaxy.profiles.mass.dark import halo_population
    import jax

    jax.config.update("jax_enable_x64", dtype == "float64")
    import jax.numpy as jnp
    import numpy as np

    spec = workloads.spec_from("R")
    galaxies = workloads.los_population_galaxies_from(spec, seed=1)
    populations = [g.halos for g in galaxies if hasattr(g, "halos")]
    capacity = sum(group.capacity for pop in populations for group in pop.groups)
    live = sum(pop.n_live for pop in populations)
    populations = jax.tree_util.tree_map(
        lambda a: jnp.asarray(a, dtype=dtype) if np.asarray(a).dtype.kind == "f" else jnp.asarray(a),
        populations,
    )
    rng = np.random.default_rng(2)
    points = jnp.asarray(rng.uniform(-2.75, 2.75, (48_400, 2)), dtype=dtype)

    def evaluate(populations, points):
        return sum(pop.deflections_yx_2d_from(grid=points, xp=jnp) for pop in populations)

    def rebuilt(module):
        """The populations as ``module``'s own classes (each revision's whole evaluation)."""
        return [
            module.HaloPopulation(
                groups=[
                    module.HaloGroup(
                        kind=g.kind, static=g.static, centre=g.centre, parameters=g.parameters,
                        mask=g.mask,
                    )
                    for g in pop.groups
                ],
                chunk_size=pop.chunk_size,
            )
            for pop in populations
        ]

    variants = [("this tree", populations)] + [
        (revision, rebuilt(_module_at(revision, "halo_population"))) for revision in baselines
    ]
    compiled, values, times, arguments = {}, {}, {}, {}
    for name, variant in variants:
        # A new function object per variant: jax.jit caches its traces by the function.
        compiled[name] = jax.jit(lambda populations, points: evaluate(populations, points))
        arguments[name] = variant
        values[name] = np.asarray(compiled[name](variant, points).block_until_ready())
        times[name] = []
    for _ in range(repeats):
        for name in compiled:
            t0 = time.perf_counter()
            compiled[name](arguments[name], points).block_until_ready()
            times[name].append(time.perf_counter() - t0)
    print(f"workload R line of sight: {len(populations)} planes, {capacity} slots, {live} live, "
          f"{points.shape[0]} rays per plane", flush=True)
    for name in compiled:
        spread = np.max(np.abs(values[name] - values["this tree"])) / np.max(np.abs(values["this tree"]))
        print(
            f"population {dtype:8s} {name:12s} min {min(times[name]) * 1e3:8.1f} ms  median "
            f"{statistics.median(times[name]) * 1e3:8.1f} ms per evaluation ("
            f"{min(times[name]) / (live * points.shape[0]) * 1e9:6.2f} ns per live member-ray)"
            + (f"  (max rel. diff. vs this tree {spread:.1e})" if name != "this tree" else ""),
            flush=True,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--members", type=int, default=256)
    parser.add_argument("--rays", type=int, default=40_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--dtypes", nargs="+", default=["float64", "float32"])
    parser.add_argument("--kernels", nargs="+", default=["tnfw", "nfw", "cnfw"])
    parser.add_argument("--baseline", nargs="*", default=[], help="git revisions to compare with")
    parser.add_argument("--population", action="store_true", help="time workload R's line of sight")
    parser.add_argument("--_child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args._child and args.population:
        _measure_population(args._child, args.repeats, args.baseline)
        return
    if args._child:
        _measure(args._child, args.members, args.rays, args.repeats, args.baseline, args.kernels)
        return
    print(
        f"{args.members} members x {args.rays} rays, {args.repeats} repeats, XLA_FLAGS="
        f"{os.environ.get('XLA_FLAGS', '')!r}, CPU affinity {sorted(os.sched_getaffinity(0))}",
        flush=True,
    )
    for dtype in args.dtypes:
        subprocess.run(
            [sys.executable, __file__, "--_child", dtype]
            + [f"--members={args.members}", f"--rays={args.rays}", f"--repeats={args.repeats}"]
            + ["--kernels", *args.kernels]
            + (["--population"] if args.population else [])
            + (["--baseline", *args.baseline] if args.baseline else []),
            check=True,
        )


if __name__ == "__main__":
    main()
