"""
Simulate a training set of substructure lens images with the jitted, vmapped simulator and write it to HDF5.

    python examples/simulate_substructure.py                                   # workload R, 64 images, batch 8
    python examples/simulate_substructure.py --workload S --n-images 10000 --batch-size 64 --save-noise-free
    python examples/simulate_substructure.py --n-images 64 --output output/run.h5   # again: appends 64 more

Each image is one independent draw of ``theta`` from the priors below, a fresh line of sight and fresh
Poisson noise, simulated through the library's own objects (``al.Tracer``, ``ag.Galaxy``,
``ag.mp.HaloPopulation``, ``al.LOSSampler``, ``al.SimulatorImaging(use_jax=True)``) by ONE function
under ``jax.jit(jax.vmap(...))``: it is compiled once, for ``--batch-size`` images, and every batch
reuses it (the last, partial batch is padded to the batch size and trimmed).

Priors (independent; U = uniform, N = normal (mean, sigma); arc-seconds, M_sun)::

    einstein_radius           U(1.0, 1.4)                  PowerLaw, centred at (0, 0)
    slope                     U(1.9, 2.2)
    lens_ell_comps  (2,)      N(0, 0.05) each
    shear           (2,)      N(0, 0.02) each              ExternalShear (gamma_1, gamma_2)
    source_centre   (2,)      U(-0.15, 0.15) each          SersicCore source
    source_ell_comps (2,)     N(0, 0.1) each
    source_intensity          U(0.2, 0.5)
    source_effective_radius   U(0.2, 0.5)
    source_sersic_index       U(1, 3)
    tnfw_log10_mass (n,)      U(7, 10)                     NFWTruncatedMCRLudlowSph subhaloes (log10 M200)
    tnfw_centre     (n, 2)    uniform in the 2" disc
    cnfw_log10_mass (m,)      U(7, 10)                     cNFWMCRLudlowSph subhaloes (log10 M200)
    cnfw_centre     (m, 2)    uniform in the 2" disc
    cnfw_f_c        (m,)      U(0.05, 0.15)

with the counts of the workload's reference theta (``integration_tests/workloads.theta_from``: S has
n = 3, m = 1; R has n = 10, m = 5), so every image has the same shapes. The workload's core-collapsed
stand-ins (``NFWTruncatedSph``, S: 1, R: 5) are fixed at their reference values; everything else
(redshifts 0.5 / 1.0, PSF, exposure, sky, grid) is the workload's (see ``integration_tests/workloads.py``).

Randomness, per image index ``i`` (0, 1, ... across appended runs) and run ``--seed``:

- theta: ``numpy.random.default_rng([seed, i, 0])``;
- line of sight: ``LOSSampler(seed=SeedSequence([seed, i, 1]).generate_state(1)[0])``, drawn on the host;
- noise: ``jax.random.fold_in(jax.random.key(seed), i)``, so appending to a file never repeats a key.

Output, ``--output`` (default ``output/substructure_<workload>.h5``), HDF5:

- ``images``, ``noise_maps`` (N, H, W) and, with ``--save-noise-free``, ``noise_free`` (N, H, W);
- ``theta/<name>`` (N, ...), one dataset per parameter above (its prior in the dataset's ``prior`` attr);
- ``keys`` (N, 2) uint32 (``jax.random.key_data`` of each noise key), ``image_index`` (N,),
  ``los_seeds`` (N,), ``los_live_counts`` (N, n_los_planes) (haloes drawn on each LOS plane);
- attributes: ``fork_version``, ``workload``, ``precision``, ``seed``, ``batch_size``, ``jax_version``,
  ``device``, ``date``, ``priors`` (JSON), ``save_noise_free``, ``shape_native``, ``pixel_scales``.

Datasets grow batch by batch and the file is flushed after each, so an interrupted run loses at most the
batch in flight. Running again on the same ``--output`` appends, continuing the image index, after
checking that the file was written with the same workload, precision, seed, noise-free setting and priors.

Next to the file: ``<stem>_mosaic.png`` (its first 16 images) and ``<stem>_panel.png`` (the first image of
this run: noise-free,
noisy and noisy - noise-free).

``--precision float32`` runs JAX without x64; JAX must be imported with ``JAX_ENABLE_X64=False`` before the
libraries (which otherwise turn x64 on), so when this script is called from a process that already imported
JAX in the other precision (e.g. ``main()`` from a test), it re-runs itself in a subprocess.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WORKLOAD_NAMES = ("S", "R")
PRECISIONS = ("float64", "float32")

#: Radius (arc-seconds) of the disc the subhalo positions are drawn in.
SUBHALO_DISC_RADIUS = 2.0

#: The prior of every theta parameter: (kind, a, b) with kind "uniform" (low, high), "normal" (mean, sigma)
#: or "disc" (radius, unused): positions uniform in a disc.
PRIORS = {
    "einstein_radius": ("uniform", 1.0, 1.4),
    "slope": ("uniform", 1.9, 2.2),
    "lens_ell_comps": ("normal", 0.0, 0.05),
    "shear": ("normal", 0.0, 0.02),
    "source_centre": ("uniform", -0.15, 0.15),
    "source_ell_comps": ("normal", 0.0, 0.1),
    "source_intensity": ("uniform", 0.2, 0.5),
    "source_effective_radius": ("uniform", 0.2, 0.5),
    "source_sersic_index": ("uniform", 1.0, 3.0),
    "tnfw_log10_mass": ("uniform", 7.0, 10.0),
    "tnfw_centre": ("disc", SUBHALO_DISC_RADIUS, 0.0),
    "cnfw_log10_mass": ("uniform", 7.0, 10.0),
    "cnfw_centre": ("disc", SUBHALO_DISC_RADIUS, 0.0),
    "cnfw_f_c": ("uniform", 0.05, 0.15),
}

#: Compiled simulators of this process, by (workload, precision, batch size, input structure).
_COMPILED = {}

#: The attributes a file must share with a run that appends to it.
CONFIG_ATTRS = ("workload", "precision", "seed", "save_noise_free", "priors")


def prior_text(name: str) -> str:
    kind, a, b = PRIORS[name]
    if kind == "uniform":
        return f"U({a}, {b})"
    if kind == "normal":
        return f"N({a}, {b})"
    return f'uniform in the {a}" disc'


def priors_json() -> str:
    return json.dumps({name: prior_text(name) for name in PRIORS}, sort_keys=True)


def default_output(workload: str) -> Path:
    return ROOT / "output" / f"substructure_{workload}.h5"


def parse_args(argv=None):
    """Parse and check the options, refusing bad input before any work (or JAX import) starts."""
    parser = argparse.ArgumentParser(
        description=__doc__.strip().split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="theta priors (per image; seeds, file layout and appending: see the module docstring):\n"
        + "\n".join(f"  {name:<26}{prior_text(name)}" for name in PRIORS),
    )
    parser.add_argument("--n-images", type=int, default=64, help="images to simulate (default 64)")
    parser.add_argument(
        "--batch-size", type=int, default=8, help="images per jitted, vmapped call (default 8)"
    )
    parser.add_argument("--workload", default="R", help="S (small, 50x50) or R (representative, default)")
    parser.add_argument("--precision", default="float64", help="float64 (default) or float32")
    parser.add_argument("--seed", type=int, default=0, help="run seed (theta, LOS and noise), >= 0")
    parser.add_argument(
        "--output", type=Path, default=None, help="HDF5 path (default output/substructure_<workload>.h5)"
    )
    parser.add_argument(
        "--save-noise-free", action="store_true", help="also store the noise-free images"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)

    if args.workload not in WORKLOAD_NAMES:
        parser.error(f"unknown --workload {args.workload!r}: choose one of {', '.join(WORKLOAD_NAMES)}")
    if args.precision not in PRECISIONS:
        parser.error(f"unknown --precision {args.precision!r}: choose one of {', '.join(PRECISIONS)}")
    if args.n_images <= 0:
        parser.error(f"--n-images must be positive, got {args.n_images}")
    if args.batch_size <= 0:
        parser.error(f"--batch-size must be positive, got {args.batch_size}")
    if args.seed < 0:
        parser.error(f"--seed must be non-negative, got {args.seed}")
    if args.output is None:
        args.output = default_output(args.workload)
    args.output = Path(args.output)

    problem = _output_problem(args)
    if problem:
        parser.error(problem)
    return args


def _output_problem(args):
    """Why ``args.output`` cannot be written (or appended to) by this run, or None."""
    out = args.output
    if out.is_dir():
        return f"--output {out} is a directory, not an HDF5 file path"
    if out.exists():
        if not os.access(out, os.W_OK):
            return f"--output {out} is not writable"
        import h5py

        try:
            with h5py.File(out, "r") as f:
                found = {name: f.attrs.get(name) for name in CONFIG_ATTRS}
                n_existing = f["images"].shape[0] if "images" in f else None
        except OSError as e:
            return f"--output {out} exists but is not a readable HDF5 file ({e})"
        if n_existing is None:
            return f"--output {out} exists but holds no 'images' dataset: not a file of this script"
        expected = _config_attrs(args)
        different = [
            f"{name}={_plain(found[name])!r} in the file, {expected[name]!r} requested"
            for name in CONFIG_ATTRS
            if _plain(found[name]) != expected[name]
        ]
        if different:
            return (
                f"--output {out} was written by a different configuration, so this run cannot append "
                f"to it: {'; '.join(different)}. Use another --output or the file's options."
            )
        return None
    # A new file: find the first existing ancestor and check we may create the folders and the file.
    parent = out.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        return f"--output {out} cannot be created: {parent} is not a writable directory"
    return None


def _plain(value):
    """HDF5 attribute values as plain Python values, to compare with the requested ones."""
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode()
    if hasattr(value, "item"):
        return value.item()
    return value


def _config_attrs(args) -> dict:
    return dict(
        workload=args.workload,
        precision=args.precision,
        seed=int(args.seed),
        save_noise_free=bool(args.save_noise_free),
        priors=priors_json(),
    )


# ---------------------------------------------------------------------------------------------------
# Precision: JAX's x64 mode is fixed when JAX is imported.
# ---------------------------------------------------------------------------------------------------


def _jax_x64_if_imported():
    """JAX's x64 setting when JAX is already imported in this process, else None."""
    if "jax" not in sys.modules:
        return None
    return bool(sys.modules["jax"].config.jax_enable_x64)


def _rerun_in_subprocess(argv, precision: str) -> int:
    """Run this script in a fresh interpreter with JAX_ENABLE_X64 set for ``precision``."""
    env = dict(os.environ, JAX_ENABLE_X64="True" if precision == "float64" else "False")
    # The child must import the same library sources as this process.
    import importlib.util

    paths = [str(ROOT)]
    for name in ("autoarray", "autogalaxy", "autolens"):
        found = importlib.util.find_spec(name)
        if found is not None and found.origin:
            paths.append(str(Path(found.origin).resolve().parents[1]))
    env["PYTHONPATH"] = os.pathsep.join(paths + [p for p in [env.get("PYTHONPATH")] if p])
    return subprocess.run([sys.executable, str(Path(__file__).resolve()), *argv], env=env).returncode


def _import_jax(precision: str):
    """
    Import the libraries and JAX in ``precision``, and check it took.

    float64: the libraries first (their ``autonerves`` turns x64 on, and JAX's persistent compilation
    cache). float32: JAX first with ``JAX_ENABLE_X64=False`` (``autonerves`` would turn x64 on), then the
    libraries, then the same compilation cache. Called only when JAX is not imported yet, or already is in
    ``precision``.
    """
    if precision == "float64":
        import autolens  # noqa: F401

        import jax
    else:
        fresh = "jax" not in sys.modules
        os.environ["JAX_ENABLE_X64"] = "False"
        import jax

        import autolens  # noqa: F401

        cache = os.environ.get("JAX_COMPILATION_CACHE_DIR")
        if fresh and cache and jax.config.jax_compilation_cache_dir is None:
            jax.config.update("jax_compilation_cache_dir", cache)
            jax.config.update("jax_persistent_cache_min_compile_time_secs", 1.0)
    import jax.numpy as jnp

    dtype = str(jnp.zeros(1).dtype)
    if dtype != precision:
        raise RuntimeError(f"asked for {precision} but JAX computes in {dtype}")
    return jax, jnp


# ---------------------------------------------------------------------------------------------------
# Draws
# ---------------------------------------------------------------------------------------------------


def theta_draw(index: int, seed: int, shapes: dict) -> dict:
    """One image's theta (float64 NumPy arrays of ``shapes``), drawn from `PRIORS`."""
    import numpy as np

    rng = np.random.default_rng([seed, index, 0])
    theta = {}
    for name, shape in shapes.items():
        kind, a, b = PRIORS[name]
        if kind == "uniform":
            theta[name] = rng.uniform(a, b, size=shape)
        elif kind == "normal":
            theta[name] = rng.normal(a, b, size=shape)
        else:  # (n, 2) (y, x) positions uniform in a disc of radius a
            n = shape[0]
            r = a * np.sqrt(rng.uniform(size=n))
            phi = rng.uniform(0.0, 2.0 * np.pi, size=n)
            theta[name] = np.stack([r * np.sin(phi), r * np.cos(phi)], axis=1).reshape(shape)
    return theta


def los_seed_from(index: int, seed: int) -> int:
    """The ``LOSSampler`` seed of image ``index`` (a uint32, as ``numpy.random.RandomState`` needs)."""
    import numpy as np

    return int(np.random.SeedSequence([seed, index, 1]).generate_state(1)[0])


# ---------------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------------


def _create_file(f, args, spec, theta_shapes, n_los_planes, dtype, device: str, jax_version: str):
    import numpy as np

    h, w = spec.shape_native
    image_names = ["images", "noise_maps"] + (["noise_free"] if args.save_noise_free else [])
    for name in image_names:
        f.create_dataset(
            name, shape=(0, h, w), maxshape=(None, h, w), dtype=dtype, chunks=(1, h, w)
        )
    theta = f.create_group("theta")
    for name, shape in theta_shapes.items():
        d = theta.create_dataset(name, shape=(0, *shape), maxshape=(None, *shape), dtype=dtype)
        d.attrs["prior"] = prior_text(name)
    f.create_dataset("keys", shape=(0, 2), maxshape=(None, 2), dtype=np.uint32)
    f.create_dataset("image_index", shape=(0,), maxshape=(None,), dtype=np.int64)
    f.create_dataset("los_seeds", shape=(0,), maxshape=(None,), dtype=np.uint32)
    f.create_dataset(
        "los_live_counts", shape=(0, n_los_planes), maxshape=(None, n_los_planes), dtype=np.int32
    )

    from autolens import _fork

    for name, value in _config_attrs(args).items():
        f.attrs[name] = value
    f.attrs["fork_version"] = _fork.FORK_VERSION
    f.attrs["jax_version"] = jax_version
    f.attrs["device"] = device
    f.attrs["date"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    f.attrs["batch_size"] = args.batch_size
    f.attrs["shape_native"] = np.asarray(spec.shape_native)
    f.attrs["pixel_scales"] = spec.pixel_scales
    f.attrs["description"] = (
        "Substructure lens images simulated by examples/simulate_substructure.py; see its docstring "
        "for the priors, seeds and layout."
    )


def _per_image_datasets(f) -> list:
    """The names of the file's datasets with one row per image."""
    names = []
    f.visititems(lambda name, obj: names.append(name) if isinstance(obj, type(f["images"])) else None)
    return names


def _complete_images(f) -> int:
    """
    The number of complete images in ``f``: a run interrupted while appending a batch can leave some
    datasets one batch longer than others; they are cut back to the shortest (losing that batch only).
    """
    names = _per_image_datasets(f)
    n = min(f[name].shape[0] for name in names)
    for name in names:
        if f[name].shape[0] != n:
            f[name].resize(n, axis=0)
    return n


def _append(f, name, values):
    d = f[name]
    n = d.shape[0]
    d.resize(n + len(values), axis=0)
    d[n:] = values


# ---------------------------------------------------------------------------------------------------
# Pictures
# ---------------------------------------------------------------------------------------------------


def write_pictures(out: Path, spec, panel: dict) -> tuple:
    """
    ``<stem>_mosaic.png`` (the file's first 16 images) and ``<stem>_panel.png`` (``panel``: the first
    image of this run, ``index``, ``noisy`` and ``noise_free``).
    """
    import h5py
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    half = spec.shape_native[0] * spec.pixel_scales / 2
    extent = [-half, half, -half, half]
    with h5py.File(out, "r") as f:
        n = min(16, f["images"].shape[0])
        images = f["images"][:n].astype(float)
        indices = f["image_index"][:n]

    mosaic = out.with_name(out.stem + "_mosaic.png")
    fig, axes = plt.subplots(4, 4, figsize=(10, 10.4), squeeze=False)
    vmax = float(np.percentile(images, 99.8))
    for ax in axes.ravel():
        ax.set_axis_off()
    for ax, image, index in zip(axes.ravel(), images, indices):
        ax.imshow(image, origin="upper", cmap="inferno", vmin=0.0, vmax=vmax, extent=extent)
        ax.set_title(f"image {index}", fontsize=9)
    fig.suptitle(f"workload {spec.name}: the first {n} images (counts / s, 0 to {vmax:.2f})")
    fig.tight_layout()
    fig.savefig(mosaic, dpi=90)
    plt.close(fig)

    noisy, noise_free = panel["noisy"], panel["noise_free"]
    panel_png = out.with_name(out.stem + "_panel.png")
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))
    vmax = float(max(noisy.max(), noise_free.max()))
    residual = noisy - noise_free
    r = float(np.abs(residual).max())
    for ax, image, title, kwargs in (
        (axes[0], noise_free, "noise-free", dict(cmap="inferno", vmin=0.0, vmax=vmax)),
        (axes[1], noisy, "noisy", dict(cmap="inferno", vmin=0.0, vmax=vmax)),
        (axes[2], residual, "noisy - noise-free", dict(cmap="RdBu_r", vmin=-r, vmax=r)),
    ):
        shown = ax.imshow(image, origin="upper", extent=extent, **kwargs)
        ax.set_title(f"image {panel['index']}: {title}")
        ax.set_xlabel("x (arcsec)")
        fig.colorbar(shown, ax=ax, label="counts / s", fraction=0.046, pad=0.04)
    axes[0].set_ylabel("y (arcsec)")
    fig.tight_layout()
    fig.savefig(panel_png, dpi=90)
    plt.close(fig)
    return mosaic, panel_png


# ---------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)

    x64 = _jax_x64_if_imported()
    if x64 is not None and x64 != (args.precision == "float64"):
        # JAX is already imported in the other precision (e.g. by a test): x64 cannot change now.
        return _rerun_in_subprocess(argv, args.precision)

    t_start = time.perf_counter()
    jax, jnp = _import_jax(args.precision)

    import h5py
    import numpy as np
    from tqdm import tqdm

    from integration_tests import workloads as w

    # "No blurring_image provided": the simulator pads the image by the PSF itself.
    warnings.filterwarnings("ignore", message="No blurring_image provided")
    # float32: the library asks for float64 buffers, which JAX truncates to float32 as intended.
    warnings.filterwarnings("ignore", message="Explicitly requested dtype float64")

    spec = w.spec_from(args.workload)
    grid = w.grid_from(spec)
    dtype = np.dtype(args.precision)
    theta_shapes = {name: np.shape(v) for name, v in w.theta_from(spec).items()}
    assert set(theta_shapes) == set(PRIORS), sorted(set(theta_shapes) ^ set(PRIORS))
    n_los_planes = len(spec.los_capacity)
    device = f"{jax.devices()[0].platform}: {jax.devices()[0].device_kind}"

    args.output.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(args.output, "a") as f:
        if "images" not in f:
            _create_file(f, args, spec, theta_shapes, n_los_planes, dtype, device, jax.__version__)
        elif f["images"].shape[1:] != spec.shape_native or f["images"].dtype != dtype:
            raise ValueError(
                f"{args.output} holds images of shape {f['images'].shape[1:]} and dtype "
                f"{f['images'].dtype}, not {spec.shape_native} {dtype}: use another --output"
            )
        start = _complete_images(f)
        if start:
            f.attrs["appended"] = f.attrs.get("appended", 0) + 1
        f.attrs["date_last_run"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        f.flush()

    # The simulator, once: noisy and noise-free images of one theta and one line of sight. The
    # noise-free simulator shares the tracer and its ray-tracing (XLA evaluates it once).
    simulator = w.simulator_from(spec, use_jax=True, key=jax.random.key(args.seed))
    noise_free_simulator = w.simulator_from(
        spec, use_jax=True, add_poisson_noise_to_data=False, include_poisson_noise_in_noise_map=False
    )
    collapsed = w.collapsed_population_from(spec)

    def simulate(theta, los, key):
        tracer = w.tracer_from_theta(theta, los, collapsed)
        dataset = simulator.via_tracer_from(tracer=tracer, grid=grid, key=key)
        noise_free = noise_free_simulator.via_tracer_from(tracer=tracer, grid=grid)
        return (
            dataset.data.native.array,
            dataset.noise_map.native.array,
            noise_free.data.native.array,
        )

    base_key = jax.random.key(args.seed)
    keys_of = jax.jit(jax.vmap(lambda i: jax.random.fold_in(base_key, i)))
    B = args.batch_size
    n_devices = len(jax.devices())

    def batch_inputs(indices):
        """Host-side draws of a batch, padded to B members by repeating the last one."""
        padded = list(indices) + [indices[-1]] * (B - len(indices))
        thetas = [theta_draw(i, args.seed, theta_shapes) for i in padded]
        los_seeds = [los_seed_from(i, args.seed) for i in padded]
        los = [w.los_population_galaxies_from(spec, seed=s) for s in los_seeds]
        live = np.asarray([[g.halos.n_live for g in draw] for draw in los], dtype=np.int32)
        stacked_theta = {
            name: jnp.asarray(np.stack([t[name] for t in thetas]).astype(dtype)) for name in theta_shapes
        }
        stacked_los = jax.tree_util.tree_map(lambda *leaves: jnp.stack(leaves), *los)
        keys = keys_of(jnp.asarray(padded, dtype=jnp.uint32))
        host = dict(
            index=np.asarray(indices, dtype=np.int64),
            theta={name: np.stack([t[name] for t in thetas[: len(indices)]]) for name in theta_shapes},
            los_seeds=np.asarray(los_seeds[: len(indices)], dtype=np.uint32),
            live=live[: len(indices)],
            keys=np.asarray(jax.random.key_data(keys))[: len(indices)],
        )
        batch = (stacked_theta, stacked_los, keys)
        if n_devices > 1 and B % n_devices == 0:
            # Several devices (GPUs, or hosts after jax.distributed.initialize()): split the batch.
            batch = w.shard_batch(batch)
        return batch, host

    batches = [
        list(range(b, min(b + B, start + args.n_images))) for b in range(start, start + args.n_images, B)
    ]
    t_setup = time.perf_counter()
    inputs, host = batch_inputs(batches[0])
    t_compile = time.perf_counter()
    # One executable per configuration and process: a second main() in the same process (tests,
    # notebooks) reuses it. The seed only sets the simulator's default key, which every call overrides.
    signature = (spec.name, args.precision, B, str(jax.tree_util.tree_structure(inputs)))
    if signature not in _COMPILED:
        _COMPILED[signature] = jax.jit(jax.vmap(simulate)).lower(*inputs).compile()
    compiled = _COMPILED[signature]
    compile_s = time.perf_counter() - t_compile

    panel_images = None
    t_run = time.perf_counter()
    bar = tqdm(
        total=args.n_images, unit="img", disable=args.no_progress, dynamic_ncols=True,
        desc=f"workload {spec.name} {args.precision}",
    )
    with h5py.File(args.output, "a") as f:
        for b, indices in enumerate(batches):
            outputs = compiled(*inputs)  # dispatched asynchronously: draw the next batch meanwhile
            n = len(indices)
            if b + 1 < len(batches):
                next_inputs, next_host = batch_inputs(batches[b + 1])
            images, noise_maps, noise_free = (np.asarray(o)[:n] for o in outputs)
            if panel_images is None:
                panel_images = dict(
                    index=int(indices[0]), noisy=images[0].astype(float), noise_free=noise_free[0].astype(float)
                )
            _append(f, "images", images)
            _append(f, "noise_maps", noise_maps)
            if args.save_noise_free:
                _append(f, "noise_free", noise_free)
            for name, values in host["theta"].items():
                _append(f, f"theta/{name}", values)
            _append(f, "keys", host["keys"])
            _append(f, "image_index", host["index"])
            _append(f, "los_seeds", host["los_seeds"])
            _append(f, "los_live_counts", host["live"])
            f.flush()
            bar.update(n)
            if b + 1 < len(batches):
                inputs, host = next_inputs, next_host
        total = f["images"].shape[0]
    bar.close()
    run_s = time.perf_counter() - t_run

    mosaic, panel = write_pictures(args.output, spec, panel_images)
    elapsed = time.perf_counter() - t_start
    print(
        f"{args.n_images} images (workload {spec.name}, {args.precision}, batch {B}) in "
        f"{elapsed:.1f} s: {args.n_images / run_s:.2f} images/s after a {compile_s:.1f} s compile "
        f"(setup {t_setup - t_start:.1f} s); {args.output} now holds {total} images "
        f"(indices {start}..{start + args.n_images - 1} added); pictures {mosaic.name}, {panel.name}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
