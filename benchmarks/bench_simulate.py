"""
Time the simulator on workloads S and R and write the figures as JSON.

    python benchmarks/bench_simulate.py                    # S and R, NumPy path, 3 repeats each
    python benchmarks/bench_simulate.py --workloads S --repeats 5 --out benchmarks/results/s.json

Each workload runs in its own subprocess, so its peak RSS is its own. Per workload it reports:

- ``los_draw_s``: one ``LOSSampler`` draw (halo galaxies and negative-kappa sheets), done once;
- ``tracer_build_s``: building the lens (macro + subhalo profiles), the source and the ``Tracer`` from the
  drawn LOS galaxies, per repeat (a fresh ``Tracer`` each time, so no memo carries over between repeats);
- ``image_s``: ``SimulatorImaging.via_tracer_from`` on that fresh tracer, per repeat (the "per image" time);
- min and median of each over the repeats, the first (warm-up) repeat included in the list but reported
  separately as ``first_image_s``;
- ``peak_rss_mb``: the subprocess's peak resident memory.

Every speed-up quoted elsewhere is a ratio of figures measured in one run of this script.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _measure(workload: str, repeats: int, los_seed: int) -> dict:
    """Run in a subprocess: time one workload on the NumPy per-galaxy path."""
    sys.path.insert(0, str(ROOT))
    from integration_tests import workloads

    import autolens as al

    spec = workloads.spec_from(workload)
    grid = workloads.grid_from(spec)
    simulator = workloads.simulator_from(spec, noise_seed=1)

    t0 = time.perf_counter()
    los_galaxies = workloads.los_galaxies_from(spec, seed=los_seed)
    los_draw_s = time.perf_counter() - t0

    build, image = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        tracer = workloads.tracer_from(spec, los_galaxies=los_galaxies)
        t1 = time.perf_counter()
        dataset = simulator.via_tracer_from(tracer=tracer, grid=grid)
        t2 = time.perf_counter()
        build.append(t1 - t0)
        image.append(t2 - t1)
        assert dataset.data.shape_native == spec.shape_native

    n_haloes = sum(
        1 for g in los_galaxies if g.cls_list_from(cls=al.mp.NFWTruncatedSph)
    )
    timed = image[1:] if repeats > 1 else image
    return {
        "workload": spec.name,
        "path": "numpy",
        "rays_per_plane": int(grid.over_sampled.shape[0]),
        "n_planes": len(tracer.planes),
        "n_los_haloes": n_haloes,
        "repeats": repeats,
        "los_draw_s": los_draw_s,
        "tracer_build_s": build,
        "tracer_build_min_s": min(build),
        "tracer_build_median_s": statistics.median(build),
        "image_s": image,
        "first_image_s": image[0],
        "image_min_s": min(timed),
        "image_median_s": statistics.median(timed),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workloads", nargs="+", default=["S", "R"])
    parser.add_argument(
        "--repeats",
        type=int,
        default=4,
        help="repeats per workload; the first is a warm-up and is excluded from min/median",
    )
    parser.add_argument("--los-seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--_child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args._child:
        print(json.dumps(_measure(args._child, args.repeats, args.los_seed)))
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
                "--los-seed",
                str(args.los_seed),
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
    out_path = args.out or ROOT / "benchmarks" / "results" / "numpy_baseline.json"
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(report, indent=2))

    print(
        f"{'workload':8} {'path':6} {'rays':>7} {'planes':>6} {'LOS haloes':>10} "
        f"{'image min':>10} {'image med':>10} {'build med':>10} {'LOS draw':>9} {'peak RSS':>9}"
    )
    for r in results:
        print(
            f"{r['workload']:8} {r['path']:6} {r['rays_per_plane']:>7} {r['n_planes']:>6} "
            f"{r['n_los_haloes']:>10} {r['image_min_s']:>9.3f}s {r['image_median_s']:>9.3f}s "
            f"{r['tracer_build_median_s']:>9.3f}s {r['los_draw_s']:>8.1f}s {r['peak_rss_mb']:>7.0f}MB"
        )
    print(f"(repeats per workload: {args.repeats}, first excluded; JSON: {out_path})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
