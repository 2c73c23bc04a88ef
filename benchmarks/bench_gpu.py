"""
Workload R under ``jax.jit(jax.vmap(simulate))`` on one accelerator: images/s, compile, memory, parity.

On a GPU machine (after ``make bench-gpu`` here; see benchmarks/RESULTS.md for the device tool's call)::

    bash benchmarks/run_gpu.sh                       # R, batch 256 and 1024, float32 and float64, <= 8 min

On any machine (what the test suite's smoke test runs)::

    JAX_PLATFORMS=cpu python benchmarks/bench_gpu.py --workload S --grid tiny --batches 2 --pool 2
    python benchmarks/bench_gpu.py --prepare-reference .wheelhouse/reference_R.npz    # (make bench-gpu)

One configuration = one (precision, batch) in its own fresh subprocess, in the order float32 at the
smallest batch, float64 at it, then the next batch (so the most telling figures come first if the time
budget runs out). Each reports:

- ``images_per_s_max`` / ``_median``: batch / call time over ``--repeats`` timed calls (min and median of
  the call time), each on new noise keys and a new assignment of LOS draws to members, inputs already on
  the device (``jax.device_put`` before the clock starts; the host-to-device copy is timed apart as
  ``input_transfer_s``);
- ``compile_s``: the first call's wall time (trace + lower + XLA compile + one run) and its stages from
  JAX's monitoring events;
- ``peak_device_memory_mb``: ``device.memory_stats()["peak_bytes_in_use"]`` after the calls (None on a CPU,
  where ``peak_rss_mb`` is the process's peak resident memory);
- ``traces`` and ``recompiles``: the number of times ``simulate`` was traced (a Python counter in its
  body) and ``traces - 1``, plus the jit cache size;
- ``parity``: at the smallest batch, the noise-free image (sky kept, so every pixel >= the sky) of LOS
  draw 0 at the reference theta on the device, against the float64 CPU image of the same (max relative
  and absolute difference). The CPU reference is read from ``--reference`` when its digest matches the
  libraries' sources, else computed in a CPU subprocess first.

Members: ``--pool`` host-side LOS draws of the workload (seeds 1000 ...), drawn once by the parent and
reused round-robin (a batch of 1,024 new draws would take minutes on the host); each member's theta is
the reference theta with the Einstein radius, slope and subhalo masses jittered (seeded).

The whole run stops within ``--budget`` seconds (default 440): every child gets the time left minus a
reserve for the configurations after it, stops its timed calls when the next one would not fit, and a
child past its limit is killed and reported as such. Results: one JSON (``--out``) and a printed table.
JAX's persistent compilation cache is off, so compile times are cold.
"""

import argparse
import hashlib
import inspect
import json
import os
import pickle
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBRARY_SOURCES = ("PyAutoArray/autoarray", "PyAutoGalaxy/autogalaxy", "PyAutoLens/autolens")
#: Pixels of the ``--grid tiny`` image (the workload's pixel scale and PSF; no over-sampling).
TINY_SHAPE = (20, 20)
#: The issue's goals on one H100, for the table's last column.
GOALS = {"float32": 2000.0, "float64": 300.0}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def source_digest(workload: str, grid: str) -> str:
    """SHA-256 of the libraries' and the workloads' sources and the reference's settings."""
    h = hashlib.sha256(f"{workload} {grid}".encode())
    files = [p for d in LIBRARY_SOURCES for p in sorted((ROOT / d).rglob("*.py"))]
    files += [ROOT / "integration_tests" / "workloads.py"]
    files += sorted((ROOT / "integration_tests" / "data").glob("*.json"))
    for path in files:
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------------
# Child side
# ---------------------------------------------------------------------------------------------------


def _use_population_backend(backend) -> bool:
    """
    From now on, in this process, build every ``HaloPopulation`` with ``backend=backend``, when the
    library has that option (``None``: leave the library's default, which follows
    ``jax.default_backend()``). Returns whether the option was applied.
    """
    import autogalaxy as ag

    cls = ag.mp.HaloPopulation
    if backend is None or "backend" not in inspect.signature(cls.__init__).parameters:
        return False
    original = cls.__init__

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("backend", backend)
        original(self, *args, **kwargs)

    cls.__init__ = __init__
    return True


def _simulators(config, pool):
    """The workload's grid, ``simulate(theta, los, key)`` and noise-free ``image_of(theta, los)``."""
    import autolens as al
    import jax

    from integration_tests import workloads as w

    spec = w.spec_from(config["workload"])
    if config["grid"] == "tiny":
        grid = al.Grid2D.uniform(
            shape_native=TINY_SHAPE, pixel_scales=spec.pixel_scales, over_sample_size=1
        )
    else:
        grid = w.grid_from(spec)
    precision = "float64" if jax.config.jax_enable_x64 else "float32"
    noisy = w.simulator_from(spec, use_jax=True, key=jax.random.key(0), precision=precision)
    noise_free = w.simulator_from(
        spec,
        use_jax=True,
        add_poisson_noise_to_data=False,
        include_poisson_noise_in_noise_map=False,
        subtract_background_sky=False,
        precision=precision,
    )
    # Populations built here and inside ``simulate`` (traced) get the backend asked for.
    config["population_backend_applied"] = _use_population_backend(config["population_backend"])
    collapsed = w.collapsed_population_from(spec)
    # A host-side Tracer of one draw registers the galaxy and profile classes as pytrees (Tracer's
    # constructor does), so the unpickled draws can be passed to jit as arguments.
    w.tracer_from_theta(w.theta_from(spec), pool[0], collapsed)
    traces = [0]

    def simulate(theta, los, key):
        traces[0] += 1  # runs at trace time only
        tracer = w.tracer_from_theta(theta, los, collapsed)
        return noisy.via_tracer_from(tracer=tracer, grid=grid, key=key).data.native.array

    def image_of(theta, los):
        tracer = w.tracer_from_theta(theta, los, collapsed)
        return noise_free.via_tracer_from(tracer=tracer, grid=grid).data.native.array

    return spec, grid, simulate, image_of, traces


def _thetas(spec, n: int, seed: int):
    """``n`` thetas: the reference one with Einstein radius, slope and subhalo masses jittered."""
    import numpy as np

    from integration_tests import workloads as w

    rng = np.random.default_rng(seed)
    theta = w.theta_from(spec)
    out = {k: np.stack([np.asarray(v)] * n) for k, v in theta.items()}
    out["einstein_radius"] = out["einstein_radius"] * rng.uniform(0.95, 1.05, n)
    out["slope"] = out["slope"] + rng.uniform(-0.05, 0.05, n)
    for name in ("tnfw_log10_mass", "cnfw_log10_mass"):
        out[name] = out[name] + rng.uniform(-0.2, 0.2, out[name].shape)
    return out


def _child(config: dict) -> None:
    """One (precision, batch): print one JSON line per stage reached (the last one is the result)."""
    deadline = time.monotonic() + config["time_limit_s"]
    if config["precision"] == "float32":
        # autonerves sets 64-bit mode whenever JAX_ENABLE_X64 is unset or false; JAX reads the flag once
        # at import, so import it first (the parent set JAX_ENABLE_X64=False) and pin it.
        import jax

        jax.config.update("jax_enable_x64", False)
    import autolens as al  # noqa: F401  (before jax: the libraries set up JAX)
    import jax
    import numpy as np

    result = dict(config)
    device = jax.devices()[0]
    result["device"] = dict(
        platform=device.platform,
        kind=device.device_kind,
        count=jax.device_count(),
        jax=jax.__version__,
        dtype=str(jax.numpy.zeros(1).dtype),
        xla_flags=os.environ.get("XLA_FLAGS", ""),
    )
    if result["device"]["dtype"] != config["precision"]:
        raise RuntimeError(f"asked for {config['precision']}, JAX computes in {result['device']['dtype']}")

    def emit(stage):
        result["stage"] = stage
        result["peak_rss_mb"] = _peak_rss_mb()
        stats = device.memory_stats() or {}
        result["peak_device_memory_mb"] = (
            stats["peak_bytes_in_use"] / 2**20 if "peak_bytes_in_use" in stats else None
        )
        result["device_memory_limit_mb"] = (
            stats["bytes_limit"] / 2**20 if "bytes_limit" in stats else None
        )
        print(json.dumps(result), flush=True)

    with open(config["pool_path"], "rb") as f:
        pool = pickle.load(f)
    spec, grid, simulate, image_of, traces = _simulators(config, pool)
    result["population_backend_applied"] = config["population_backend_applied"]
    batch = config["batch"]
    thetas = _thetas(spec, batch, seed=0)
    result["rays_per_image"] = int(grid.over_sampled.shape[0])
    result["los_slots"] = int(sum(spec.los_capacity))
    backends = {getattr(g.halos, "backend", None) for g in pool[0] if hasattr(g, "halos")}
    result["population_backend_seen"] = sorted(str(b) for b in backends)

    def inputs(call):
        order = [(call + i) % len(pool) for i in range(batch)]
        los = jax.tree_util.tree_map(lambda *leaves: np.stack(leaves), *[pool[i] for i in order])
        keys = jax.random.split(jax.random.fold_in(jax.random.key(7), call), batch)
        t0 = time.perf_counter()
        placed = jax.device_put((thetas, los, keys), device)
        jax.block_until_ready(placed)
        return placed, time.perf_counter() - t0, sum(g.halos.n_live for i in order for g in pool[i])

    stages = {}
    names = {
        "/jax/core/compile/jaxpr_trace_duration": "trace",
        "/jax/core/compile/jaxpr_to_mlir_module_duration": "lower",
        "/jax/core/compile/backend_compile_duration": "xla",
    }

    def listener(event, duration, **kwargs):
        if event in names and "simulate" in str(kwargs.get("fun_name", "")):
            stages[names[event]] = stages.get(names[event], 0.0) + duration

    jax.monitoring.register_event_duration_secs_listener(listener)
    f = jax.jit(jax.vmap(simulate))
    args, transfer, live = inputs(0)
    t0 = time.perf_counter()
    out = f(*args)
    out.block_until_ready()
    result["compile_s"] = time.perf_counter() - t0
    result["compile_stages_s"] = dict(stages)
    result["input_transfer_s"] = [transfer]
    result["output_shape"] = list(out.shape)
    result["finite"] = bool(np.all(np.isfinite(np.asarray(out))))
    del out
    emit("compiled")

    # The first call's run alone (its wall time less the compile stages), to plan the timed calls.
    first_run = result["compile_s"] - sum(stages.values()) if len(stages) == 3 else result["compile_s"]
    times, lives = [], []
    for call in range(1, config["repeats"] + 1):
        args, transfer, live = inputs(call)
        estimate = max(times) if times else first_run
        if time.monotonic() + estimate > deadline - config["reserve_s"]:
            result["stopped_early"] = f"time budget: {len(times)} of {config['repeats']} timed calls"
            break
        t0 = time.perf_counter()
        out = f(*args)
        out.block_until_ready()
        times.append(time.perf_counter() - t0)
        result["finite"] = result["finite"] and bool(np.all(np.isfinite(np.asarray(out))))
        result["input_transfer_s"].append(transfer)
        lives.append(live)
        del out
    result["call_s"] = times
    result["live_haloes_per_call"] = lives
    if times:
        result["images_per_s_max"] = batch / min(times)
        result["images_per_s_median"] = batch / statistics.median(times)
    from importlib.metadata import packages_distributions, version

    owners = packages_distributions()
    modules = {m.split(".")[0] for m in sys.modules}
    # What this run imported, so a test can check that the wheelhouse covers it.
    result["distributions"] = {d: version(d) for m in sorted(modules) for d in owners.get(m, [])}
    result["traces"] = traces[0]
    result["recompiles"] = traces[0] - 1
    result["jit_cache_size"] = int(f._cache_size())
    emit("timed")

    if config["parity"] and time.monotonic() + result["compile_s"] > deadline - config["reserve_s"]:
        result["parity"] = None
        result["stopped_early"] = "time budget: no parity check"
        emit("timed")
    elif config["parity"]:
        from integration_tests import workloads as w

        reference = np.load(config["reference_path"])["image"]
        theta = {k: np.asarray(v) for k, v in w.theta_from(spec).items()}
        t0 = time.perf_counter()
        image = np.asarray(jax.jit(image_of)(theta, pool[0]), dtype=np.float64)
        result["parity_s"] = time.perf_counter() - t0
        result["parity"] = dict(
            max_rel=float(np.max(np.abs(image - reference) / np.abs(reference))),
            max_abs=float(np.max(np.abs(image - reference))),
            reference_max=float(np.max(np.abs(reference))),
        )
        emit("parity")


def _reference_child(config: dict) -> None:
    """The float64 CPU noise-free image of LOS draw 0 at the reference theta, saved with its digest."""
    import autolens as al  # noqa: F401
    import jax
    import numpy as np

    from integration_tests import workloads as w

    assert jax.config.jax_enable_x64 and jax.devices()[0].platform == "cpu", jax.devices()
    with open(config["pool_path"], "rb") as f:
        pool = pickle.load(f)
    spec, _, _, image_of, _ = _simulators(config, pool)
    theta = {k: np.asarray(v) for k, v in w.theta_from(spec).items()}
    t0 = time.perf_counter()
    image = np.asarray(jax.jit(image_of)(theta, pool[0]))
    np.savez(config["reference_path"], image=image, digest=config["digest"])
    print(json.dumps({"reference_s": time.perf_counter() - t0}), flush=True)


# ---------------------------------------------------------------------------------------------------
# Parent side
# ---------------------------------------------------------------------------------------------------


def _draw_pool(workload: str, n: int, backend, path: str) -> float:
    """Draw ``n`` LOS realisations (population form) on the host and pickle them to ``path``."""
    from integration_tests import workloads as w

    t0 = time.perf_counter()
    _use_population_backend(backend)
    pool = [w.los_population_galaxies_from(workload, seed=1000 + i) for i in range(n)]
    with open(path, "wb") as f:
        pickle.dump(pool, f)
    return time.perf_counter() - t0


def _run(config: dict, env: dict, timeout: float) -> list:
    """Run one child; return the JSON records it printed (partial ones too when it was killed)."""
    command = [sys.executable, __file__, "--_child", json.dumps(config)]
    try:
        out = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)
        stdout, error = out.stdout, None if out.returncode == 0 else (out.stderr or out.stdout)[-3000:]
    except subprocess.TimeoutExpired as expired:
        stdout = expired.stdout.decode() if isinstance(expired.stdout, bytes) else (expired.stdout or "")
        error = f"killed at its {timeout:.0f} s limit"
    records = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    if error:
        records.append({**(records[-1] if records else config), "error": error})
    return records


#: The caller's JAX_PLATFORMS (the parent itself runs on the CPU only), passed on to the children.
_CALLER_JAX_PLATFORMS = os.environ.get("JAX_PLATFORMS")


def _child_env(precision: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "JAX_PLATFORMS"}
    if _CALLER_JAX_PLATFORMS:
        env["JAX_PLATFORMS"] = _CALLER_JAX_PLATFORMS
    env.update(
        PYTHONWARNINGS="ignore",
        TF_CPP_MIN_LOG_LEVEL="3",
        JAX_ENABLE_X64="True" if precision == "float64" else "False",
        # A cold compile every time: autonerves turns the persistent cache on unless told otherwise.
        JAX_COMPILATION_CACHE_DIR="",
        JAX_ENABLE_COMPILATION_CACHE="false",
        PYTHONPATH=os.pathsep.join(
            [str(ROOT / d.split("/")[0]) for d in LIBRARY_SOURCES]
            + [str(ROOT)]
            + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        ),
    )
    # A batch of 1,024 may need most of the card: leave JAX's pool at 90% instead of 75%.
    env.setdefault("XLA_PYTHON_CLIENT_MEM_FRACTION", "0.90")
    return env


def _table(report: dict) -> str:
    def fmt(value, spec):
        return "-" if value is None else format(value, spec)

    lines = [
        f"bench_gpu {report['workload']} grid={report['grid']} on {report.get('device', '?')} "
        f"({report['date']}), budget {report['budget_s']:.0f} s, wall {report['wall_s']:.0f} s",
        f"{'prec':8s} {'B':>5s} {'img/s max':>10s} {'img/s med':>10s} {'n':>2s} {'compile s':>9s} "
        f"{'peak MB':>9s} {'RSS MB':>7s} {'retr':>4s} {'rel diff':>9s} {'goal':>6s}  note",
    ]
    for r in report["configs"]:
        parity = r.get("parity") or {}
        goal = GOALS.get(r["precision"]) if report["workload"] == "R" and report["grid"] == "full" else None
        lines.append(
            f"{r['precision']:8s} {r['batch']:5d} {fmt(r.get('images_per_s_max'), '10.1f')} "
            f"{fmt(r.get('images_per_s_median'), '10.1f')} {len(r.get('call_s', [])):2d} "
            f"{fmt(r.get('compile_s'), '9.1f')} {fmt(r.get('peak_device_memory_mb'), '9.0f')} "
            f"{fmt(r.get('peak_rss_mb'), '7.0f')} {fmt(r.get('recompiles'), '4d')} "
            f"{fmt(parity.get('max_rel'), '9.1e')} {fmt(goal, '6.0f')}  "
            f"{r.get('error', '') or r.get('stopped_early', '')}"[:200]
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workload", default="R")
    parser.add_argument("--grid", choices=["full", "tiny"], default="full")
    parser.add_argument("--batches", nargs="+", type=int, default=[256, 1024])
    parser.add_argument("--precisions", nargs="+", default=["float32", "float64"],
                        choices=["float32", "float64"])
    parser.add_argument("--repeats", type=int, default=3, help="timed calls per configuration")
    parser.add_argument("--pool", type=int, default=16, help="distinct host LOS draws, reused round-robin")
    parser.add_argument("--population-backend", default=None,
                        help="HaloPopulation(backend=...) where the library has it (default: its own)")
    parser.add_argument("--budget", type=float, default=440.0, help="seconds for the whole run")
    parser.add_argument("--reserve", type=float, default=45.0,
                        help="seconds kept back for each configuration still to run")
    parser.add_argument("--reference", type=Path, default=None,
                        help="float64 CPU reference (.npz); computed (and written there) if missing or stale")
    parser.add_argument("--prepare-reference", type=Path, default=None,
                        help="only compute the float64 CPU reference into this file, then stop")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "bench_gpu.json")
    parser.add_argument("--_child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args._child:
        sys.path.insert(0, str(ROOT))
        config = json.loads(args._child)
        (_reference_child if config.get("reference") else _child)(config)
        return 0

    start = time.monotonic()
    # The parent draws on the host only: keep it off the accelerator (its memory is the children's).
    os.environ["JAX_PLATFORMS"] = "cpu"
    sys.path.insert(0, str(ROOT))
    import autolens  # noqa: F401
    import numpy as np

    digest = source_digest(args.workload, args.grid)
    common = dict(workload=args.workload, grid=args.grid, population_backend=args.population_backend)
    report = dict(
        **common,
        date=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        host=platform.node(),
        python=platform.python_version(),
        budget_s=args.budget,
        digest=digest,
        configs=[],
    )
    with tempfile.TemporaryDirectory() as tmp:
        pool_path = os.path.join(tmp, "pool.pkl")
        # The reference needs draw 0 only.
        report["pool"] = 1 if args.prepare_reference else args.pool
        report["pool_draw_s"] = _draw_pool(
            args.workload, report["pool"], args.population_backend, pool_path
        )

        reference = args.prepare_reference or args.reference or Path(tmp) / "reference.npz"
        fresh = reference.is_file() and str(np.load(reference)["digest"]) == digest
        report["reference"] = dict(path=str(reference), reused=fresh)
        if not fresh:
            reference.parent.mkdir(parents=True, exist_ok=True)
            env = _child_env("float64")
            env["JAX_PLATFORMS"] = "cpu"
            config = dict(**common, reference=True, pool_path=pool_path,
                          reference_path=str(reference), digest=digest)
            limit = args.budget - (time.monotonic() - start)
            records = _run(config, env, timeout=max(limit, 1.0))
            report["reference"].update(records[-1] if records else {"error": "no output"})
        if args.prepare_reference:
            print(json.dumps(report["reference"]))
            return 0 if "error" not in report["reference"] else 1

        configs = [(b, p) for b in sorted(args.batches) for p in args.precisions]
        for index, (batch, precision) in enumerate(configs):
            left = args.budget - (time.monotonic() - start)
            reserve = args.reserve * (len(configs) - index - 1)
            config = dict(
                **common, precision=precision, batch=batch, repeats=args.repeats,
                pool_path=pool_path, reference_path=str(reference),
                parity=batch == min(args.batches) and "error" not in report["reference"],
                time_limit_s=max(left - reserve, 1.0), reserve_s=5.0,
            )
            if left - reserve < 20.0:
                report["configs"].append({**config, "error": "skipped: time budget spent"})
                continue
            records = _run(config, _child_env(precision), timeout=config["time_limit_s"] + 10.0)
            record = records[-1] if records else {**config, "error": "no output"}
            report["configs"].append(record)
            device = record.get("device") or {}
            if device.get("kind"):
                report["device"] = f"{device['kind']} ({device['platform']})"
            print(_table({**report, "wall_s": time.monotonic() - start}).splitlines()[-1], flush=True)

    report["wall_s"] = time.monotonic() - start
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    print(_table(report))
    print(f"JSON: {args.out}")
    return 0 if all("error" not in c for c in report["configs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
