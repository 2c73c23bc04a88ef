"""
Simulate a training set of substructure lens images and write it to HDF5: the command line around
``examples/substructure_model.py`` (the model: read that file first).

    python examples/simulate_substructure.py                                   # workload R, CDM, 64 images
    python examples/simulate_substructure.py --workload S --n-images 10000 --batch-size 64 --save-noise-free
    python examples/simulate_substructure.py --dm wdm --half-mode-mass 1e8     # warm dark matter
    python examples/simulate_substructure.py --n-images 64 --output output/run.h5   # again: appends 64 more

Every image is ``substructure_model.simulate(model, key_i, dm_parameters)`` with the per-image key
``key_i = jax.random.fold_in(jax.random.key(seed), i)``, ``i`` the image's index in the file (0, 1, ...
across appended runs, so appending never repeats a key). theta, the subhaloes, the line of sight and the
noise are all drawn from ``key_i`` inside ONE ``jax.jit(jax.vmap(...))`` call per batch of
``--batch-size`` images (compiled once; the last, partial batch is padded and trimmed); the host only
writes files, while the next batch runs.

Output, ``--output`` (default ``output/substructure_<workload>.h5``), HDF5. Per image (first axis N):

- ``images``, ``noise_maps`` and, with ``--save-noise-free``, ``noise_free`` (N, H, W);
- ``theta/<name>``: the macro lens and source parameters (their priors in the ``prior`` attribute);
- ``subhalos/<population>/...``: masses, centres, concentrations, f_c, live count and dropped count of each
  subhalo population; ``los/n_live``, ``los/dropped`` (N, n_planes): the line of sight per plane;
- ``dm/<name>``: the dark-matter model's parameters; ``keys`` (N, 2) uint32 (``jax.random.key_data``),
  ``image_index`` (N,), ``run_index`` (N,): the entry of the ``runs`` attribute that wrote the image.

Every dataset has a ``units`` attribute. File attributes: the model (``workload``, ``dm_model``, the
grid, PSF, exposure time, sky, redshifts: ``model`` as JSON), ``precision``, ``seed``, ``save_noise_free``,
and ``runs`` (JSON, one entry per run: date, first index, number of images, batch size, git commit or
"unknown", package versions, device, whether it was interrupted). Haloes dropped because a population or a
line-of-sight plane was full are counted per image; the run warns when any are (``--stop-on-dropped``:
stops instead). Running again on the same ``--output`` appends, after checking that the file was written
with the same configuration.

Ctrl-C stops after the batch in flight is written, with one line saying what the file holds (a second
Ctrl-C stops at once). Next to the file (``examples/substructure_pictures.py``): ``<stem>_mosaic.png``
(its first 16 images) and ``<stem>_panel.png`` (the first image of this run: noise-free, noisy, and its
substructure signal, the noise-free image minus the same draw without subhaloes, subhaloes marked).

``--precision float32`` runs JAX without x64 (JAX_ENABLE_X64=False before the libraries are imported);
when the script is called from a process that already imported JAX in the other precision (e.g.
``main()`` from a test), it re-runs itself in a subprocess.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for path in (HERE, ROOT):  # the model next to this file; the repository's workload definitions
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import substructure_model as sm  # noqa: E402  (imports neither JAX nor the libraries)

WORKLOAD_NAMES = ("S", "R")
PRECISIONS = ("float64", "float32")
DM_MODELS = tuple(sm.DM_DEFAULTS)

#: The options of the dark-matter parameters: help and units.
DM_PARAMETER_HELP = {
    "sigma_sub": ("projected mass density in subhaloes between 1e7 and 1e10 M_sun", "M_sun / kpc^2"),
    "alpha": ("slope of the subhalo mass function dN/dm ~ m^-alpha", ""),
    "half_mode_mass": ("WDM half-mode mass (subhaloes and line of sight)", "M_sun"),
    "f_c_low": ("SIDM core fraction r_c / r_s of cored subhaloes: lower end of its uniform range", ""),
    "f_c_high": ("SIDM core fraction r_c / r_s of cored subhaloes: upper end of its uniform range", ""),
    "collapsed_fraction": ("SIDM fraction of core-collapsed subhaloes (truncated-NFW stand-ins)", ""),
}

#: Units of the datasets written per image: by exact path, by field (``/centre``) or by group prefix.
UNITS = {
    "images": "counts / s", "noise_maps": "counts / s", "noise_free": "counts / s",
    "theta/einstein_radius": "arcsec", "theta/source_centre": "arcsec",
    "theta/source_intensity": "counts / s", "theta/source_effective_radius": "arcsec",
    "theta": "dimensionless", "subhalos": "dimensionless", "los": "count", "dm": "dimensionless",
    "keys": "uint32 key data", "image_index": "index", "run_index": "index",
    "/centre": "arcsec (y, x)", "/mass_at_200": "M_sun", "/concentration": "dimensionless (r_200 / r_s)",
    "/f_c": "dimensionless (r_c / r_s)", "/n_live": "count", "/dropped": "count",
    **{f"dm/{name}": unit or "dimensionless" for name, (_, unit) in DM_PARAMETER_HELP.items()},
}


def prior_text(name: str) -> str:
    kind, a, b, _ = sm.PRIORS[name]
    return f"U({a}, {b})" if kind == "uniform" else f"N({a}, {b})"


def units_of(path: str) -> str:
    """The unit of a dataset: its own entry, else its field's (``/centre`` ...), else its group's."""
    if path in UNITS:
        return UNITS[path]
    for suffix, unit in UNITS.items():
        if suffix.startswith("/") and path.endswith(suffix):
            return unit
    return UNITS.get(path.split("/")[0], "")


def dm_parameters_from(dm: str, **given) -> dict:
    """The parameters of dark-matter model ``dm``: its defaults updated by ``given``, checked."""
    unknown = sorted(set(given) - set(sm.DM_DEFAULTS[dm]))
    if unknown:
        raise ValueError(
            f"--dm {dm} takes {', '.join('--' + n.replace('_', '-') for n in sm.DM_DEFAULTS[dm])}; "
            f"not {', '.join('--' + n.replace('_', '-') for n in unknown)}"
        )
    p = {k: float(v) for k, v in {**sm.DM_DEFAULTS[dm], **given}.items()}
    problems = [
        text
        for text, bad in (
            ("--sigma-sub must be >= 0", p["sigma_sub"] < 0),
            ("--half-mode-mass must be > 0", p.get("half_mode_mass", 1.0) <= 0),
            ("--collapsed-fraction must be in [0, 1]", not 0 <= p.get("collapsed_fraction", 0) <= 1),
            ("need 0 <= --f-c-low <= --f-c-high", not 0 <= p.get("f_c_low", 0) <= p.get("f_c_high", 0)),
        )
        if bad
    ]
    if problems:
        raise ValueError("; ".join(problems))
    return p

#: The attributes a file must share with a run that appends to it.
CONFIG_ATTRS = ("workload", "precision", "seed", "save_noise_free", "dm_model", "dm_parameters")

#: Compiled batch functions of this process, by configuration (a second main() reuses them).
_COMPILED = {}


def default_output(workload: str) -> Path:
    return ROOT / "output" / f"substructure_{workload}.h5"


def parse_args(argv=None, create_output: bool = True):
    """
    Parse and check the options and, with ``create_output``, create (or open) the output file, so bad
    input or an unwritable path stops the run before any work.
    """
    parser = argparse.ArgumentParser(
        description=__doc__.strip().split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="theta priors (per image):\n"
        + "\n".join(f"  {name:<26}{prior_text(name)}" for name in sm.PRIORS)
        + "\n\ndark-matter models and their parameters (defaults):\n"
        + "\n".join(f"  {dm:<6}{sm.DM_DEFAULTS[dm]}" for dm in DM_MODELS),
    )
    parser.add_argument("--n-images", type=int, default=64, help="images to simulate (default 64)")
    parser.add_argument(
        "--batch-size", type=int, default=8, help="images per jitted, vmapped call (default 8)"
    )
    parser.add_argument("--workload", default="R", help="S (small, 50x50) or R (representative, default)")
    parser.add_argument("--precision", default="float64", help="float64 (default) or float32")
    parser.add_argument("--seed", type=int, default=0, help="run seed (every per-image key), >= 0")
    parser.add_argument(
        "--output", type=Path, default=None, help="HDF5 path (default output/substructure_<workload>.h5)"
    )
    parser.add_argument("--save-noise-free", action="store_true", help="also store the noise-free images")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--no-pictures", action="store_true", help="do not draw the two pictures")
    parser.add_argument(
        "--stop-on-dropped",
        action="store_true",
        help="stop (instead of warning) when a population or LOS plane dropped haloes",
    )
    parser.add_argument("--dm", default="cdm", help=f"dark-matter model: {', '.join(DM_MODELS)}")
    for name, (help_text, unit) in DM_PARAMETER_HELP.items():
        models = [dm for dm in DM_MODELS if name in sm.DM_DEFAULTS[dm]]
        parser.add_argument(
            f"--{name.replace('_', '-')}", type=float, default=None,
            help=f"{help_text}{' (' + unit + ')' if unit else ''}; {'/'.join(models)}",
        )
    args = parser.parse_args(argv)

    if args.workload not in WORKLOAD_NAMES:
        parser.error(f"unknown --workload {args.workload!r}: choose one of {', '.join(WORKLOAD_NAMES)}")
    if args.precision not in PRECISIONS:
        parser.error(f"unknown --precision {args.precision!r}: choose one of {', '.join(PRECISIONS)}")
    if args.dm not in DM_MODELS:
        parser.error(f"unknown --dm {args.dm!r}: choose one of {', '.join(DM_MODELS)}")
    if args.n_images <= 0:
        parser.error(f"--n-images must be positive, got {args.n_images}")
    if args.batch_size <= 0:
        parser.error(f"--batch-size must be positive, got {args.batch_size}")
    if args.seed < 0:
        parser.error(f"--seed must be non-negative, got {args.seed}")
    given = {name: getattr(args, name) for name in DM_PARAMETER_HELP if getattr(args, name) is not None}
    try:
        args.dm_parameters = dm_parameters_from(args.dm, **given)
    except ValueError as error:
        parser.error(str(error))
    if args.output is None:
        args.output = default_output(args.workload)
    args.output = Path(args.output)

    problem = _output_problem(args) if create_output else None
    if problem:
        parser.error(problem)
    return args


def _config_attrs(args) -> dict:
    return dict(
        workload=args.workload,
        precision=args.precision,
        seed=int(args.seed),
        save_noise_free=bool(args.save_noise_free),
        dm_model=args.dm,
        dm_parameters=json.dumps(args.dm_parameters, sort_keys=True),
    )


def _plain(value):
    """HDF5 attribute values as plain Python values, to compare with the requested ones."""
    if isinstance(value, bytes):
        return value.decode()
    if hasattr(value, "item"):
        return value.item()
    return value


def _output_problem(args):
    """
    Why ``args.output`` cannot be written (or appended to) by this run, or None. The file is created
    (or opened for writing) here, so an unwritable path fails before any work.
    """
    import h5py

    out = args.output
    if out.is_dir():
        return f"--output {out} is a directory, not an HDF5 file path"
    existed = out.exists()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with h5py.File(out, "a") as f:
            if "images" not in f:
                if existed and (len(f) or len(f.attrs)):
                    return f"--output {out} exists but holds no 'images' dataset: not a file of this script"
                return None
            found = {name: _plain(f.attrs.get(name)) for name in CONFIG_ATTRS}
    except OSError as error:
        if existed and out.is_file() and os.access(out, os.R_OK) and os.access(out, os.W_OK):
            return f"--output {out} exists but is not a readable HDF5 file ({error})"
        reason = getattr(error, "strerror", None) or str(error)
        return f"--output {out} cannot be written: {reason}"
    expected = _config_attrs(args)
    different = [
        f"{name}={found[name]!r} in the file, {expected[name]!r} requested"
        for name in CONFIG_ATTRS
        if found[name] != expected[name]
    ]
    if different:
        return (
            f"--output {out} was written by a different configuration, so this run cannot append to it: "
            f"{'; '.join(different)}. Use another --output or the file's options."
        )
    return None


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
    import importlib.util

    env = dict(os.environ, JAX_ENABLE_X64="True" if precision == "float64" else "False")
    # The child imports the same library sources as this process.
    paths = []
    for name in ("autoarray", "autogalaxy", "autolens"):
        found = importlib.util.find_spec(name)
        if found is not None and found.origin:
            paths.append(str(Path(found.origin).resolve().parents[1]))
    env["PYTHONPATH"] = os.pathsep.join(paths + [p for p in [env.get("PYTHONPATH")] if p])
    return subprocess.run([sys.executable, str(Path(__file__).resolve()), *argv], env=env).returncode


def _import_jax(precision: str):
    """
    Import the libraries and JAX in ``precision``, and check it took. float64: the libraries first
    (their ``autonerves`` turns x64 on, and JAX's persistent compilation cache, ``~/.cache/pyauto_jax``).
    float32: JAX first with ``JAX_ENABLE_X64=False``, then the libraries, then the same cache.
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
# Provenance and output
# ---------------------------------------------------------------------------------------------------


def git_commit() -> str:
    """The checkout's commit (with ``+dirty`` when it has uncommitted changes), or "unknown"."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(HERE), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10
        )
        if commit.returncode:
            return "unknown"
        dirty = subprocess.run(
            ["git", "-C", str(HERE), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, timeout=10,
        )
        return commit.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def package_versions() -> dict:
    from importlib import metadata

    versions = {}
    for name in ("autolens", "autogalaxy", "autoarray", "jax", "jaxlib", "numpy", "h5py"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "unknown"
    import autolens

    versions["autolens (imported)"] = getattr(autolens, "__version__", "unknown")
    return versions


def provenance(model, args) -> dict:
    """What the file's images were simulated with: the model's fixed set-up, with units."""
    grid, simulator, los = model.grid, model.simulator, model.los_sampler
    return dict(
        workload=model.workload,
        dm_model=model.dm,
        dm_parameters=args.dm_parameters,
        z_lens=sm.Z_LENS,
        z_source=sm.Z_SOURCE,
        shape_native=list(grid.shape_native),
        pixel_scales_arcsec=float(grid.pixel_scales[0]),
        over_sample_size=int(grid.over_sample_size.array.max()),
        exposure_time_s=float(simulator.exposure_time),
        background_sky_level_counts_per_s=float(simulator.background_sky_level),
        psf=dict(kind="Gaussian", sigma_arcsec=0.1, shape_native=list(simulator.psf.kernel.shape_native),
                 normalized=True),
        noise="Poisson (counts = (image + sky) x exposure time), sky subtracted",
        los=dict(redshifts=[float(z) for z in los.redshifts], capacity=list(model.los_capacity),
                 m_min_M_sun=los.m_min, m_max_M_sun=los.m_max, cone_radius_arcsec=los.cone_radius_arcsec,
                 c_scatter_dex=los.c_scatter, truncation_factor=los.truncation_factor,
                 half_mode_mass_M_sun=los.half_mode_mass),
        subhalos=dict(capacity=dict(model.subhalo_capacity), m_min_M_sun=1e7, m_max_M_sun=1e10,
                      radius_arcsec=2.0, redshift=sm.Z_LENS),
        priors={name: prior_text(name) for name in sm.PRIORS},
        units=UNITS,
    )


def flatten(tree: dict, prefix: str = "") -> dict:
    """A nested dict of arrays as {"a/b/c": array}."""
    flat = {}
    for name, value in tree.items():
        path = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(flatten(value, path + "/"))
        else:
            flat[path] = value
    return flat


def _create_datasets(f, record: dict):
    """One growable dataset per entry of one image's record (shapes and dtypes from it), with its units."""
    for path, value in record.items():
        if path in f:
            continue
        shape = tuple(value.shape)
        d = f.create_dataset(
            path, shape=(0, *shape), maxshape=(None, *shape), dtype=value.dtype,
            chunks=(1, *shape) if len(shape) == 2 else None,
        )
        d.attrs["units"] = units_of(path)
        name = path[len("theta/"):]
        if path.startswith("theta/") and name in sm.PRIORS:
            d.attrs["prior"] = prior_text(name)


def dropped_problem(record: dict):
    """A one-line message when an image of ``record`` dropped haloes (a full population or plane), or None."""
    dropped = dropped_of(record)
    if not dropped.any():
        return None
    return (
        f"{int(dropped.sum())} haloes dropped in images {record['image_index'][dropped > 0].tolist()}: a "
        "subhalo population or line-of-sight plane was full (see subhalos/*/dropped, los/dropped); the "
        "images lack them, so raise the capacities (or use --stop-on-dropped to stop instead)"
    )


def dropped_of(record: dict):
    """The haloes dropped per image (subhalo populations and LOS planes together), shape (n,)."""
    import numpy as np

    counts = [np.reshape(v, (len(v), -1)).sum(axis=1) for k, v in record.items() if k.endswith("dropped")]
    return np.sum(counts, axis=0) if counts else np.zeros(len(record["image_index"]), dtype=int)


def _per_image_datasets(f) -> list:
    names = []
    f.visititems(lambda name, obj: names.append(name) if hasattr(obj, "shape") else None)
    return names


def _complete_images(f) -> int:
    """
    The number of complete images in ``f``: a run killed while appending a batch can leave some datasets
    longer than others; they are cut back to the shortest (losing that batch only).
    """
    names = _per_image_datasets(f)
    if not names:
        return 0
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


def _runs(f) -> list:
    return json.loads(_plain(f.attrs["runs"])) if "runs" in f.attrs else []


# ---------------------------------------------------------------------------------------------------
# Ctrl-C: stop after the batch in flight, never swallowed
# ---------------------------------------------------------------------------------------------------


class StopRequest:
    """
    A SIGINT handler that asks the loop to stop at the next batch boundary (a KeyboardInterrupt raised
    inside a JAX call can be swallowed by the runtime, so the handler never raises there); a second
    Ctrl-C exits at once.
    """

    def __init__(self):
        self.requested = False
        self._previous = None

    def __enter__(self):
        self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc):
        signal.signal(signal.SIGINT, self._previous)
        return False

    def _handle(self, signum, frame):
        if self.requested:
            print("\nsecond Ctrl-C: stopping at once (the batch in flight is lost)", file=sys.stderr)
            os._exit(130)
        self.requested = True


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

    with StopRequest() as stop:
        return _run(args, stop)


def _run(args, stop) -> int:
    t_start = time.perf_counter()
    jax, jnp = _import_jax(args.precision)

    import h5py
    import numpy as np
    from tqdm import tqdm

    import autolens as al

    # float32: the library asks for float64 buffers, which JAX truncates to float32 as intended.
    warnings.filterwarnings("ignore", message="Explicitly requested dtype float64")

    model = sm.model_from(args.workload, args.dm, args.dm_parameters, precision=args.precision)
    dm_parameters = {k: jnp.asarray(v) for k, v in args.dm_parameters.items()}
    B = args.batch_size
    base_key = jax.random.key(args.seed)

    def one_image(index, dm_parameters):
        """Image ``index``: ONE pure function of its key (and the traced DM parameters)."""
        key = jax.random.fold_in(base_key, index)
        out = sm.simulate(model, key, dm_parameters)
        out["keys"] = jax.random.key_data(key)
        return out

    with h5py.File(args.output, "a") as f:
        start = _complete_images(f)
        runs = _runs(f)
    batches = [
        np.arange(b, min(b + B, start + args.n_images), dtype=np.uint32)
        for b in range(start, start + args.n_images, B)
    ]

    # One independent program per device (GPUs of a host, or every host's after
    # jax.distributed.initialize()), each simulating its slice of the batch; one device otherwise.
    devices = jax.devices()
    if len(devices) > 1 and B % len(devices):
        print(
            f"warning: a batch of {B} does not split over {len(devices)} devices; using one device "
            f"(pass a --batch-size that is a multiple of {len(devices)})",
            flush=True,
        )
        devices = devices[:1]
    device_map = al.vmap_over_devices(one_image, devices=devices)

    def padded(indices, dm=dm_parameters):
        """
        A batch's inputs placed on the devices: its indices padded to B (repeating the last), and the
        DM parameters repeated for every image.
        """
        indices = jnp.asarray(np.concatenate([indices, np.full(B - len(indices), indices[-1])]))
        dm_batch = {k: jnp.broadcast_to(v, (B,) + jnp.shape(v)) for k, v in dm.items()}
        return device_map.place(indices, dm_batch)

    t_setup = time.perf_counter()
    # One executable per configuration and process: a second main() in the same process (tests,
    # notebooks) reuses it. The DM parameters are traced: other values never recompile.
    signature = (args.workload, args.dm, args.precision, B, args.seed)
    if signature not in _COMPILED:
        _COMPILED[signature] = device_map.program.lower(*padded(batches[0])).compile()
    compiled = _COMPILED[signature]
    compile_s = time.perf_counter() - t_setup
    print(
        f"compiled in {compile_s:.1f} s; simulating {args.n_images} images into {args.output} "
        f"(Ctrl-C stops after the batch in flight)",
        flush=True,
    )

    run = dict(
        date=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        first_index=int(start),
        n_images=0,
        batch_size=B,
        git_commit=git_commit(),
        versions=package_versions(),
        device=f"{jax.devices()[0].platform}: {jax.devices()[0].device_kind}",
        interrupted=False,
    )
    run_index = len(runs)
    runs.append(run)
    skip = set() if args.save_noise_free else {"noise_free"}

    dropped_total = 0
    host_s = write_s = 0.0
    written = 0
    first = None
    bar = tqdm(
        total=args.n_images, unit="img", disable=args.no_progress, dynamic_ncols=True,
        desc=f"workload {model.workload} {args.dm} {args.precision}",
    )
    t_run = time.perf_counter()
    outputs = compiled(*padded(batches[0]))
    with h5py.File(args.output, "a") as f:
        if "images" not in f:
            for name, value in _config_attrs(args).items():
                f.attrs[name] = value
            f.attrs["model"] = json.dumps(provenance(model, args), sort_keys=True)
            f.attrs["description"] = (
                "Substructure lens images simulated by examples/simulate_substructure.py around "
                "examples/substructure_model.py; see their docstrings for the model, priors and layout."
            )
        for b, indices in enumerate(batches):
            t0 = time.perf_counter()
            n = len(indices)
            # Dispatch the next batch before reading this one: the device works while the host writes.
            following = compiled(*padded(batches[b + 1])) if b + 1 < len(batches) else None
            t1 = time.perf_counter()
            outputs = jax.block_until_ready(outputs)
            t2 = time.perf_counter()
            record = {k: v[:n] for k, v in flatten(jax.device_get(outputs)).items() if k not in skip}
            record["image_index"] = indices.astype(np.int64)
            record["run_index"] = np.full(n, run_index, dtype=np.int32)
            problem = dropped_problem(record)
            if first is None:
                first = dict(batch=batches[0], outputs=flatten(jax.device_get(outputs)))
            t3 = time.perf_counter()
            _create_datasets(f, {k: v[0] for k, v in record.items()})
            for path, values in record.items():
                _append(f, path, values)
            run["n_images"] += n
            f.attrs["runs"] = json.dumps(runs)
            f.flush()
            t4 = time.perf_counter()
            host_s += (t1 - t0) + (t3 - t2)
            write_s += t4 - t3
            written += n
            bar.update(n)
            if problem:
                dropped_total += int(dropped_of(record).sum())
                message = problem
                if args.stop_on_dropped:
                    run["interrupted"] = True
                    f.attrs["runs"] = json.dumps(runs)
                    bar.close()
                    print(f"stopped (--stop-on-dropped): {message}; {args.output} holds "
                          f"{f['images'].shape[0]} images", file=sys.stderr, flush=True)
                    return 3
                warnings.warn(message, stacklevel=1)
            outputs = following
            if stop.requested:
                run["interrupted"] = True
                f.attrs["runs"] = json.dumps(runs)
                break
        total = f["images"].shape[0]
    bar.close()
    run_s = time.perf_counter() - t_run

    if stop.requested:
        print(
            f"interrupted: {args.output} holds {total} complete images (indices 0..{total - 1}); this run "
            f"added {written} (indices {start}..{start + written - 1}) of the {args.n_images} asked for",
            flush=True,
        )
        return 130

    pictures = ""
    if not args.no_pictures:
        import substructure_pictures as pictures_

        panel = pictures_.panel_from(compiled, padded, first, dm_parameters)
        mosaic, panel_png = pictures_.write_pictures(args.output, model, panel)
        pictures = f"; pictures {mosaic.name}, {panel_png.name}"
    elapsed = time.perf_counter() - t_start
    print(
        f"{written} images (workload {model.workload}, {args.dm}, {args.precision}, batch {B}) in "
        f"{elapsed:.1f} s: {written / run_s:.2f} images/s after a {compile_s:.1f} s compile "
        f"(setup {t_setup - t_start:.1f} s); host {1e3 * host_s / written:.2f} ms/image outside HDF5 "
        f"writes (writing {1e3 * write_s / written:.2f} ms/image); {dropped_total} haloes dropped; "
        f"{args.output} now holds {total} images (indices {start}..{start + written - 1} added){pictures}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
