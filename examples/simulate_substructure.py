"""
Simulate a batch of substructure lens images and write them to HDF5 with a PNG picture.

    python examples/simulate_substructure.py                       # workload S, 2 images, NumPy path
    python examples/simulate_substructure.py --workload R --n-images 1 --output output/r.h5

Each image is a fresh draw: a new line of sight (``LOSSampler`` seeded with ``seed + i``) and new Poisson
noise (``noise_seed = seed + i``), on the reference theta of the workload (see
``integration_tests/workloads.py``). This is the NumPy per-galaxy path of the release; the jit/vmap path
replaces it as the roadmap's items land (ROADMAP.md).

Output: ``<output>`` (HDF5: ``images`` (N, H, W), ``noise_maps`` (N, H, W), ``los_seeds``,
``noise_seeds``, ``n_los_haloes`` and provenance attributes) and ``<output stem>.png`` (the images side by
side with a colour bar).
"""

import argparse
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workload", default="S", help="S (small) or R (representative)")
    parser.add_argument("--n-images", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--output", type=Path, default=None, help="HDF5 path (default output/substructure_<workload>.h5)"
    )
    args = parser.parse_args(argv)
    if args.n_images <= 0:
        parser.error(f"--n-images must be positive, got {args.n_images}")
    if args.workload not in ("S", "R"):
        parser.error(f"unknown --workload {args.workload!r}: choose S or R")
    if args.output is None:
        args.output = ROOT / "output" / f"substructure_{args.workload}.h5"
    return args


def main(argv=None) -> int:
    args = parse_args(argv)

    import h5py
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    import autolens as al
    from autolens import _fork
    from integration_tests import workloads

    spec = workloads.spec_from(args.workload)
    grid = workloads.grid_from(spec)

    images, noise_maps, n_haloes = [], [], []
    los_seeds = [args.seed + i for i in range(args.n_images)]
    t_start = time.perf_counter()
    for i, seed in enumerate(los_seeds):
        los = workloads.los_galaxies_from(spec, seed=seed)
        tracer = workloads.tracer_from(spec, los_galaxies=los)
        simulator = workloads.simulator_from(spec, noise_seed=seed)
        dataset = simulator.via_tracer_from(tracer=tracer, grid=grid)
        images.append(np.asarray(dataset.data.native))
        noise_maps.append(np.asarray(dataset.noise_map.native))
        n_haloes.append(sum(1 for g in los if g.cls_list_from(cls=al.mp.NFWTruncatedSph)))
        print(
            f"image {i + 1}/{args.n_images}: {n_haloes[-1]} LOS haloes, "
            f"{time.perf_counter() - t_start:.1f} s elapsed",
            flush=True,
        )

    args.output.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(args.output, "w") as f:
        f.create_dataset("images", data=np.stack(images))
        f.create_dataset("noise_maps", data=np.stack(noise_maps))
        f.create_dataset("los_seeds", data=np.asarray(los_seeds))
        f.create_dataset("noise_seeds", data=np.asarray(los_seeds))
        f.create_dataset("n_los_haloes", data=np.asarray(n_haloes))
        f.attrs["workload"] = spec.name
        f.attrs["path"] = "numpy"
        f.attrs["fork_version"] = _fork.FORK_VERSION
        f.attrs["date"] = datetime.now(timezone.utc).isoformat(timespec="seconds")

    n = len(images)
    fig, axes = plt.subplots(1, n, figsize=(3.2 * n + 0.8, 3.2), squeeze=False)
    vmax = max(float(im.max()) for im in images)
    extent = np.array([-1, 1, -1, 1]) * spec.shape_native[0] * spec.pixel_scales / 2
    for ax, im, seed in zip(axes[0], images, los_seeds):
        shown = ax.imshow(im, origin="upper", cmap="inferno", vmin=0.0, vmax=vmax, extent=extent)
        ax.set_title(f"workload {spec.name}, seed {seed}", fontsize=9)
        ax.set_xlabel("x (arcsec)")
    axes[0][0].set_ylabel("y (arcsec)")
    fig.colorbar(shown, ax=axes[0].tolist(), label="counts / s")
    png = args.output.with_suffix(".png")
    fig.savefig(png, dpi=110)
    plt.close(fig)

    print(
        f"wrote {n} images of {spec.shape_native} to {args.output} and {png} "
        f"in {time.perf_counter() - t_start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
