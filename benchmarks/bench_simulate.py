"""
Time the simulator ``theta -> noisy image`` on workloads S and R, NumPy and JAX, and write one JSON.

    python benchmarks/bench_simulate.py                  # S and R (vmap on R only; ~10-15 min on 2 cores)
    python benchmarks/bench_simulate.py --quick          # S only, 2 repeats, batch 2, small kernel (~1 min)
    python benchmarks/bench_simulate.py --workloads R --batches 1 8 --precisions float64 --name r64

Every *configuration* runs in its own fresh subprocess, so its compile time is a cold first call and
its ``peak_rss_mb`` (``resource.getrusage`` of that subprocess) is its own. Configurations, per workload:

- ``numpy``: this fork's libraries on the release code path (one ``Galaxy`` per LOS halo, per-galaxy
  ``Tracer``, NumPy ``SimulatorImaging``): ``--repeats`` images, each of a NEW LOS draw (untimed) and a fresh ``Tracer``
  (reusing one draw's galaxies would let their memo of the previous image speed later images up ~4x);
  the first is a warm-up (and the noise-free reference image), excluded from min/median;
- ``numpy_release`` (unless ``--no-release``): the same NumPy configuration run on the pinned upstream
  release itself (the 2026.10.26.1 wheels of UPSTREAM.md, sha256-checked and unpacked under
  ``~/.cache/autolens-fork/release-<version>``; the child's ``PYTHONPATH`` holds only them and the repo
  root, and the JSON records the files it imported), the baseline the issues quote. The fork's NumPy
  path is faster than the release (its kernels, PRs G1-G23, serve both paths), so the table gives the
  speed-ups against both;
- ``numpy_notrim`` (with ``--numpy-no-trim``): the ``numpy`` configuration with glibc's heap trimming
  off (``MALLOC_TRIM_THRESHOLD_`` and ``MALLOC_MMAP_THRESHOLD_`` at 1e9): with the defaults the per-halo
  temporaries (~0.4 MB each at R's rays) are unmapped and faulted in again, ~2.5 M page faults per R
  image, a large share of this fork's NumPy time (the release's own kernels are slow enough for it to
  matter less);
- ``jit`` (float64 and float32): ``jax.jit(simulate)`` with ``simulate(theta, los, key)`` as in
  ``examples`` (LOS haloes as one ``HaloPopulation`` per plane, fixed capacities). The first call is the
  compile (wall time of trace + XLA compile + one run); then ``--draws`` calls, each on a NEW host-side
  LOS draw of the same layout, give the per-image min/median. ``recompiles = f._cache_size() - 1`` after
  all calls (must be 0). A noise-free image of LOS seed ``--los-seed`` is kept for the accuracy column;
- ``vmap`` (float64 and float32, one per B in ``--batches``, workloads ``--vmap-workloads``, default R):
  ``jax.jit(jax.vmap(simulate))`` on B new
  LOS draws per call: compile (first call) and per-image (call / B) min/median of ``--vmap-repeats``
  further calls, recompiles as above;
- ``compile_small`` and ``compile_full`` (``--compile-workloads``, float64, ``--compile-repeats`` fresh
  processes of each, interleaved): the ``jit`` compile with the LOS capacities scaled by
  ``--small-fraction`` (R: 288 slots, ~100 live haloes) and with the full ones (1,664 slots, ~1,000
  live), for the ratio of compile times "full layout / small layout". A compile time is the sum of the
  first call's trace, lowering and XLA compile, as JAX's monitoring events report them (the first
  call's wall time, which also runs the image once, is kept as ``compile_s``); the ratio is of the
  medians over the repeats;
- ``kernel`` (float64 and float32, one thread: ``XLA_FLAGS=--xla_cpu_multi_thread_eigen=false
  intra_op_parallelism_threads=1`` and ``taskset -c 0`` when available): the population deflection of
  ``--kernel-members`` tNFW haloes (from a LOS draw) on ``--kernel-rays`` rays (R's over-sampled grid),
  jitted, in ns per (member slot x ray); and, in the same process and precision, a plain vectorised
  NumPy truncated-NFW deflection (Baltz, Marshall & Oguri 2009 closed form, real arithmetic, chunks of
  32 members) on the same members and rays, with the max relative difference of the two.

``--rounds N`` runs the timed configurations (``numpy``, ``numpy_release``, ``jit``, ``vmap``) N times,
interleaved (round 1 of each, then round 2, ...), and pools each one's per-image times: this machine's
speed drifts by up to ~1.5x over minutes, and interleaving makes the NumPy and JAX figures of a ratio
share the drift. ``round_medians_s`` keeps each round's median.

JAX's persistent compilation cache (which ``autonerves`` turns on at ``~/.cache/pyauto_jax``) is off in
every configuration unless ``--compilation-cache`` is given, so compile times are cold compiles.
float32 configurations run with ``JAX_ENABLE_X64=False`` in the environment before anything is
imported, import JAX before the libraries and set ``jax_enable_x64`` False (``autonerves`` turns 64-bit
mode on for ``JAX_ENABLE_X64=False`` too); the JSON records the dtype JAX used and a mismatch is an error.
All other configurations use every core the machine gives them (2 here) -- the JSON says which.

The printed table and ``derived`` in the JSON quote speed-ups only as ratios of figures of this run.
The JSON goes to ``benchmarks/results/<--name>.json`` (gitignored) unless ``--out`` is given.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ONE_THREAD_XLA_FLAGS = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"

#: The targets of issue 6, checked in ``derived.targets``.
TARGETS = {
    "R_float64_jit_speedup_vs_numpy": 20.0,
    "R_float32_jit_speedup_vs_numpy": 50.0,
    "R_float64_jit_speedup_vs_numpy_release": 20.0,
    "R_float32_jit_speedup_vs_numpy_release": 50.0,
    "R_compile_s": 30.0,
    "R_compile_ratio_full_vs_small": 1.2,
    "recompiles": 0,
    "R_vmap_B8_peak_rss_mb": 2048.0,
}


# ---------------------------------------------------------------------------------------------------
# Child side: one configuration per process
# ---------------------------------------------------------------------------------------------------


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _summary(times) -> dict:
    return {"min_s": min(times), "median_s": statistics.median(times), "n": len(times)}


def _jax_info() -> dict:
    import jax
    import jax.numpy as jnp

    device = jax.devices()[0]
    return {
        "jax_version": jax.__version__,
        "platform": device.platform,
        "device_kind": device.device_kind,
        "n_devices": jax.device_count(),
        "dtype": str(jnp.zeros(1).dtype),
        "xla_flags": os.environ.get("XLA_FLAGS", ""),
        "compilation_cache_dir": jax.config.jax_compilation_cache_dir or None,
        "cpu_affinity": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
    }


def _measure_numpy(workload: str, repeats: int, los_seed: int, image_path: str) -> dict:
    """The release code path: per-galaxy LOS, NumPy simulator."""
    import numpy as np

    import autolens as al
    from integration_tests import workloads

    spec = workloads.spec_from(workload)
    grid = workloads.grid_from(spec)
    simulator = workloads.simulator_from(spec, noise_seed=1)
    noise_free = workloads.simulator_from(
        spec, noise_seed=1, add_poisson_noise_to_data=False, subtract_background_sky=False
    )

    build, image, draw, faults = [], [], [], []
    for repeat in range(repeats):
        # A new LOS draw per image (untimed, as on the JAX side): reusing one draw's galaxies lets their
        # memo of earlier images make later images several times faster than a new draw's.
        t0 = time.perf_counter()
        los_galaxies = workloads.los_galaxies_from(spec, seed=los_seed + 1000 * repeat)
        draw.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        tracer = workloads.tracer_from(spec, los_galaxies=los_galaxies)
        t1 = time.perf_counter()
        faults_before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        # The warm-up repeat simulates the noise-free image (the accuracy reference); it is not timed.
        dataset = (noise_free if repeat == 0 else simulator).via_tracer_from(tracer=tracer, grid=grid)
        t2 = time.perf_counter()
        faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults_before)
        build.append(t1 - t0)
        image.append(t2 - t1)
        assert dataset.data.shape_native == spec.shape_native
        if repeat == 0 and image_path:
            np.save(image_path, np.asarray(dataset.data.native))

    n_haloes = sum(1 for g in los_galaxies if g.cls_list_from(cls=al.mp.NFWTruncatedSph))
    timed = image[1:] if repeats > 1 else image
    return {
        "path": "numpy",
        "precision": "float64",
        "rays_per_plane": int(grid.over_sampled.shape[0]),
        "n_planes": len(tracer.planes),
        "n_los_haloes": n_haloes,
        "repeats": repeats,
        "los_draw_s": draw,
        "first_los_draw_s": draw[0],
        "tracer_build_s": build,
        "tracer_build_min_s": min(build),
        "tracer_build_median_s": statistics.median(build),
        "image_s": image,
        "minor_page_faults_per_image": faults,
        "first_image_s": image[0],
        "per_image_min_s": min(timed),
        "per_image_median_s": statistics.median(timed),
    }


def _scaled_los_from(spec, seed: int, fraction: float):
    """
    A LOS draw of ``spec``'s geometry in population form with every plane's capacity scaled by
    ``fraction`` (rounded up to a chunk of 32) and its first haloes kept to fill ~``fraction`` of them.
    The same planes and sheets as the full draw; only the population layout (and live count) shrinks.
    """
    import math

    import autogalaxy as ag
    from integration_tests import workloads

    galaxies = workloads.los_galaxies_from(spec, seed=seed)
    redshifts = sorted({float(g.redshift) for g in galaxies})
    out = []
    for z, full in zip(redshifts, spec.los_capacity):
        capacity = 32 * max(1, math.ceil(full * fraction / 32))
        on_plane = [g for g in galaxies if float(g.redshift) == z]
        haloes = [g.mass for g in on_plane if hasattr(g, "mass")]
        keep = haloes[: min(capacity, max(1, round(len(haloes) * fraction)))]
        sheets = [g.mass_sheet for g in on_plane if hasattr(g, "mass_sheet")]
        population = ag.mp.HaloPopulation.from_profiles(
            keep, capacity={ag.mp.NFWTruncatedSph: capacity}
        )
        out.append(ag.Galaxy(redshift=z, halos=population, **({"mass_sheet": sheets[0]} if sheets else {})))
    return out


def _measure_jax(
    workload: str,
    mode: str,
    batch: int,
    draws: int,
    los_seed: int,
    image_path: str,
    small_fraction: float,
) -> dict:
    """``jit`` (one image per call), ``vmap`` (``batch`` images per call), ``compile_small`` or ``compile_full``."""
    import autolens as al  # noqa: F401  (the libraries before jax: autonerves sets x64 unless told not)
    import jax
    import jax.numpy as jnp
    import numpy as np

    from integration_tests import workloads

    spec = workloads.spec_from(workload)
    grid = workloads.grid_from(spec)
    # The simulator checks that JAX's 64-bit mode matches the precision it is asked for.
    precision = "float64" if jax.config.jax_enable_x64 else "float32"
    simulator = workloads.simulator_from(
        spec, use_jax=True, key=jax.random.key(0), precision=precision
    )
    collapsed = workloads.collapsed_population_from(spec)
    theta = workloads.theta_from(spec, xp=jnp)

    def simulate(theta, los, key):
        tracer = workloads.tracer_from_theta(theta, los, collapsed)
        return simulator.via_tracer_from(tracer=tracer, grid=grid, key=key).data.native

    compile_only = mode in ("compile_small", "compile_full")
    if mode == "compile_small":
        los_from = lambda seed: _scaled_los_from(spec, seed, small_fraction)  # noqa: E731
    else:
        los_from = lambda seed: workloads.los_population_galaxies_from(spec, seed=seed)  # noqa: E731

    def stacked(seeds):
        draws_ = [los_from(s) for s in seeds]
        return jax.tree_util.tree_map(lambda *leaves: jnp.stack(leaves), *draws_), draws_

    keys = jax.random.split(jax.random.key(1), 10_000)
    seed = 1000  # every call gets LOS draws no other call had

    if mode == "jit" or compile_only:
        f = jax.jit(simulate)
        per_call = 1
    else:
        f = jax.jit(jax.vmap(simulate))
        batched_theta = jax.tree_util.tree_map(lambda x: jnp.stack([x] * batch), theta)
        per_call = batch

    def call(index):
        nonlocal seed
        seeds = list(range(seed, seed + per_call))
        seed += per_call
        if per_call == 1 and mode != "vmap":
            los = los_from(seeds[0])
            live = sum(g.halos.n_live for g in los)
            args = (theta, los, keys[index])
        else:
            los, draws_ = stacked(seeds)
            live = sum(g.halos.n_live for d in draws_ for g in d)
            args = (batched_theta, los, keys[index * per_call : (index + 1) * per_call])
        t0 = time.perf_counter()
        out = f(*args)
        out.block_until_ready()
        return time.perf_counter() - t0, live, out

    # The stages of the first call's compile, from JAX's own monitoring events for the top-level
    # function: tracing to a jaxpr, lowering to StableHLO and XLA's compile (not the run).
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
    compile_s, live, out = call(0)
    stages_s = dict(stages)
    shape = tuple(int(n) for n in out.shape)
    finite = bool(np.all(np.isfinite(np.asarray(out))))
    times, lives = [], [live]
    n_calls = 0 if compile_only else draws
    for index in range(1, n_calls + 1):
        elapsed, live, out = call(index)
        finite = finite and bool(np.all(np.isfinite(np.asarray(out))))
        times.append(elapsed / per_call)
        lives.append(live)

    result = {
        "path": f"jax_{mode}",
        "batch": per_call,
        "compile_s": compile_s,
        "compile_stages_s": stages_s,
        "compile_only_s": sum(stages_s.values()) if len(stages_s) == 3 else None,
        "calls_after_compile": n_calls,
        "los_draws": (n_calls + 1) * per_call,
        "los_slots": int(sum(spec.los_capacity)) if mode != "compile_small" else None,
        "live_haloes_min": min(lives) // per_call if per_call == 1 else None,
        "live_haloes_per_call": lives,
        "cache_size": int(f._cache_size()),
        "recompiles": int(f._cache_size()) - 1,
        "output_shape": shape,
        "finite": finite,
    }
    if compile_only:
        los = los_from(los_seed)
        result["los_slots"] = int(sum(g.halos.groups[0].capacity for g in los))
    if times:
        result["per_image_s"] = times
        result["per_image_min_s"] = min(times)
        result["per_image_median_s"] = statistics.median(times)

    if mode == "jit" and image_path:
        # The noise-free image of LOS seed ``los_seed`` (the NumPy run's draw), sky left in: all pixels
        # >= the sky level, so a relative difference is well defined everywhere.
        noise_free = workloads.simulator_from(
            spec, use_jax=True, add_poisson_noise_to_data=False, include_poisson_noise_in_noise_map=False,
            subtract_background_sky=False, precision=precision,
        )

        def image_of(theta, los):
            tracer = workloads.tracer_from_theta(theta, los, collapsed)
            return noise_free.via_tracer_from(tracer=tracer, grid=grid).data.native

        image = jax.jit(image_of)(theta, workloads.los_population_galaxies_from(spec, seed=los_seed))
        np.save(image_path, np.asarray(image, dtype=np.float64))
    return result


def _tnfw_deflections_numpy(points, centre, kappa_s, scale_radius, truncation_radius, chunk=32):
    """
    Plain vectorised NumPy tNFW deflections, summed over members: the closed form of Baltz, Marshall &
    Oguri (2009, eq. A.5; n = 1 truncation) as written, real arithmetic, ``chunk`` members at a time.
    Works in the dtype of its inputs.
    """
    import numpy as np

    dtype = points.dtype
    total = np.zeros_like(points)
    pi = dtype.type(np.pi)
    one = dtype.type(1.0)
    tiny = np.sqrt(np.finfo(dtype).tiny)
    for start in range(0, centre.shape[0], chunk):
        sl = slice(start, start + chunk)
        ks, rs, rt = kappa_s[sl, None], scale_radius[sl, None], truncation_radius[sl, None]
        dy = points[None, :, 0] - centre[sl, 0:1]
        dx = points[None, :, 1] - centre[sl, 1:2]
        radius = np.maximum(np.sqrt(dy * dy + dx * dx), tiny)
        x = radius / rs
        tau = rt / rs
        tau2 = tau * tau
        x2 = x * x
        # F(x): arccosh(1/x)/sqrt(1-x^2) inside, arccos(1/x)/sqrt(x^2-1) outside (1 at x = 1).
        root = np.maximum(np.sqrt(np.abs(one - x2)), tiny)
        inv = one / x
        f = np.where(x < one, np.arccosh(np.maximum(inv, one)), np.arccos(np.minimum(inv, one))) / root
        s = np.sqrt(tau2 + x2)
        log_l = np.log(x / (s + tau))
        m = (tau2 / ((tau2 + one) ** 2)) * (
            (tau2 + 2 * x2 - one) * f
            + pi * tau
            + (tau2 - one) * np.log(tau)
            + s * ((tau2 - one) / tau * log_l - pi)
        )
        alpha = 4 * ks * rs * m / x
        scale = alpha / radius
        total[:, 0] += np.sum(scale * dy, axis=0)
        total[:, 1] += np.sum(scale * dx, axis=0)
    return total


def _measure_kernel(workload: str, members: int, rays: int, repeats: int, los_seed: int) -> dict:
    """Member-ray throughput of the population deflection kernel vs a plain NumPy tNFW kernel."""
    import autolens as al
    import jax
    import jax.numpy as jnp
    import numpy as np

    import autogalaxy as ag
    from integration_tests import workloads

    spec = workloads.spec_from(workload)
    points = np.asarray(workloads.grid_from(spec).over_sampled.array)
    if points.shape[0] < rays:
        reps = -(-rays // points.shape[0])
        points = np.concatenate([points * (1.0 + 0.01 * i) for i in range(reps)])
    points = points[:rays]

    profiles, seed = [], los_seed
    while len(profiles) < members:
        profiles += [g.mass for g in workloads.los_galaxies_from(spec, seed=seed) if hasattr(g, "mass")]
        seed += 1
    profiles = profiles[:members]
    capacity = 32 * -(-members // 32)
    population = ag.mp.HaloPopulation.from_profiles(profiles, capacity=capacity)

    dtype = jnp.zeros(1).dtype
    np_dtype = np.dtype(str(dtype))

    def deflections(population, points):
        return population.deflections_yx_2d_from(al.Grid2DIrregular(points), xp=jnp).array

    f = jax.jit(deflections)
    jax_points = jnp.asarray(points, dtype=dtype)
    t0 = time.perf_counter()
    out = f(population, jax_points).block_until_ready()
    compile_s = time.perf_counter() - t0
    jax_times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = f(population, jax_points).block_until_ready()
        jax_times.append(time.perf_counter() - t0)

    args = [
        np.asarray(v, dtype=np_dtype)
        for v in (
            points,
            np.array([p.centre for p in profiles]),
            np.array([p.kappa_s for p in profiles]),
            np.array([p.scale_radius for p in profiles]),
            np.array([p.truncation_radius for p in profiles]),
        )
    ]
    np_times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        reference = _tnfw_deflections_numpy(*args)
        np_times.append(time.perf_counter() - t0)

    jax_out = np.asarray(out, dtype=np.float64)
    ref = reference.astype(np.float64)
    scale = np.max(np.abs(ref))
    pairs_slots = capacity * rays
    pairs_live = members * rays
    return {
        "path": "kernel",
        "members": members,
        "member_slots": capacity,
        "rays": rays,
        "repeats": repeats,
        "jax_compile_s": compile_s,
        "jax_s": jax_times,
        "jax_min_s": min(jax_times),
        "jax_median_s": statistics.median(jax_times),
        "jax_ns_per_slot_ray_min": 1e9 * min(jax_times) / pairs_slots,
        "jax_ns_per_slot_ray_median": 1e9 * statistics.median(jax_times) / pairs_slots,
        "numpy_s": np_times,
        "numpy_min_s": min(np_times),
        "numpy_median_s": statistics.median(np_times),
        "numpy_ns_per_member_ray_min": 1e9 * min(np_times) / pairs_live,
        "numpy_ns_per_member_ray_median": 1e9 * statistics.median(np_times) / pairs_live,
        "numpy_dtype": str(np_dtype),
        "max_abs_diff_over_max_deflection": float(np.max(np.abs(jax_out - ref)) / scale),
    }


def _child(config: dict, image_path: str) -> dict:
    sys.path.insert(0, str(ROOT))
    if config["precision"] == "float32":
        # autonerves (imported by the libraries) turns 64-bit mode on whenever JAX_ENABLE_X64 is unset
        # *or false*, by setting the environment variable; JAX reads it only when it is first imported.
        # Importing JAX first (the parent set JAX_ENABLE_X64=False) and pinning the flag gives float32.
        import jax

        jax.config.update("jax_enable_x64", False)
    t0 = time.perf_counter()
    kind = config["kind"]
    if kind in ("numpy", "numpy_notrim", "numpy_release"):
        result = _measure_numpy(config["workload"], config["repeats"], config["los_seed"], image_path)
        import autoarray, autogalaxy, autolens

        result["path"] = kind
        result["libraries"] = {
            m.__name__: {"version": getattr(m, "__version__", None), "file": m.__file__}
            for m in (autoarray, autogalaxy, autolens)
        }
    elif kind == "kernel":
        result = _measure_kernel(
            config["workload"], config["members"], config["rays"], config["repeats"], config["los_seed"]
        )
    else:
        result = _measure_jax(
            config["workload"],
            kind,
            config.get("batch", 1),
            config["draws"],
            config["los_seed"],
            image_path,
            config.get("small_fraction", 0.1),
        )
    result.update(config)
    result["wall_s"] = time.perf_counter() - t0
    if not kind.startswith("numpy") or "jax" in sys.modules:
        result["jax"] = _jax_info()
        if not kind.startswith("numpy") and result["jax"]["dtype"] != config["precision"]:
            raise RuntimeError(
                f"configuration asked for {config['precision']} but JAX computed in {result['jax']['dtype']}"
            )
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


# ---------------------------------------------------------------------------------------------------
# Parent side
# ---------------------------------------------------------------------------------------------------


def _configs_from(args) -> list:
    configs = []
    for workload in args.workloads:
        common = {"workload": workload, "los_seed": args.los_seed}
        # The timed configurations, ``--rounds`` times over, interleaved: the machine's speed drifts
        # (here by up to ~1.5x over minutes), and interleaving lets it drift under each path alike.
        for round_ in range(args.rounds):
            timed = {**common, "round": round_} if args.rounds > 1 else common
            configs.append({**timed, "kind": "numpy", "precision": "float64", "repeats": args.repeats})
            if args.numpy_no_trim:
                configs.append(
                    {**timed, "kind": "numpy_notrim", "precision": "float64", "repeats": args.repeats}
                )
            if args.release:
                configs.append(
                    {**timed, "kind": "numpy_release", "precision": "float64", "repeats": args.repeats}
                )
            for precision in args.precisions:
                configs.append({**timed, "kind": "jit", "precision": precision, "draws": args.draws})
                vmap = precision in args.vmap_precisions and workload in args.vmap_workloads
                for batch in args.batches if vmap else ():
                    configs.append(
                        {**timed, "kind": "vmap", "precision": precision, "batch": batch,
                         "draws": args.vmap_repeats}
                    )
        if workload in args.compile_workloads:
            # Pairs of fresh processes, small then full layout, so the two are timed alike and
            # interleaved (the machine's load drifts between them equally).
            for repeat in range(args.compile_repeats):
                for kind in ("compile_small", "compile_full"):
                    configs.append(
                        {**common, "kind": kind, "precision": "float64", "draws": 0,
                         "small_fraction": args.small_fraction, "compile_repeat": repeat}
                    )
    if args.kernel_members > 0:
        for precision in args.precisions:
            configs.append(
                {"workload": args.kernel_workload, "los_seed": args.los_seed, "kind": "kernel",
                 "precision": precision, "members": args.kernel_members, "rays": args.kernel_rays,
                 "repeats": args.kernel_repeats, "one_thread": True}
            )
    return configs


def _run_child(config: dict, image_path: str, timeout: float, compilation_cache: bool = False) -> dict:
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "TF_CPP_MIN_LOG_LEVEL": "3"}
    env["JAX_ENABLE_X64"] = "True" if config["precision"] == "float64" else "False"
    if not compilation_cache:
        # autonerves turns JAX's persistent compilation cache (~/.cache/pyauto_jax) on unless this is
        # set: an empty directory turns it off, so every compile time here is a cold compile.
        env["JAX_COMPILATION_CACHE_DIR"] = ""
        env["JAX_ENABLE_COMPILATION_CACHE"] = "false"
    command = [sys.executable, __file__, "--_child", json.dumps(config), "--_image", image_path or ""]
    if config["kind"] == "numpy_notrim":
        # glibc's heap trimming (and its mmap threshold) out of reach: the per-halo NumPy temporaries
        # (~0.4 MB each at R's rays) then stay in the heap instead of being unmapped and faulted in
        # again (~2.5 M page faults per R image with the defaults). Other C libraries ignore these.
        env["MALLOC_TRIM_THRESHOLD_"] = env["MALLOC_MMAP_THRESHOLD_"] = "1000000000"
    if config["kind"] == "numpy_release":
        # Only the release's packages and the repo root (for integration_tests.workloads): PYTHONPATH
        # comes before the fork's editable installs on sys.path.
        env["PYTHONPATH"] = os.pathsep.join([str(_release_site()), str(ROOT)])
    if config.get("one_thread"):
        env["XLA_FLAGS"] = (env.get("XLA_FLAGS", "") + " " + ONE_THREAD_XLA_FLAGS).strip()
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env[name] = "1"
        if shutil.which("taskset"):
            command = ["taskset", "-c", "0"] + command
            config["taskset"] = "-c 0"
    try:
        out = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {**config, "error": f"timed out after {timeout:.0f} s"}
    lines = [line for line in out.stdout.strip().splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        return {**config, "error": (out.stderr or out.stdout)[-3000:], "returncode": out.returncode}
    return json.loads(lines[-1])


def _release_site() -> Path:
    """The pinned release's three packages, unpacked once from their sha256-checked wheels."""
    import zipfile

    sys.path.insert(0, str(ROOT / "tools"))
    import upstream

    site = upstream.cache_dir().parent / f"release-{upstream.VERSION}"
    if not (site / ".complete").exists():
        site.mkdir(parents=True, exist_ok=True)
        for library in upstream.LIBRARIES:
            with zipfile.ZipFile(upstream.wheel_path(library)) as wheel:
                wheel.extractall(site)
        (site / ".complete").write_text(upstream.VERSION)
    return site


def _pooled_rounds(results: list) -> list:
    """
    One result per timed configuration (workload, kind, precision, batch) run in several ``--rounds``:
    the per-image times of every round pooled (``per_image_min_s`` / ``per_image_median_s`` over all of
    them, ``round_medians_s`` per round), the largest recompile count and peak RSS, and the first
    round's other fields (compile time, LOS counts). Results without a round are returned as they are;
    a round that failed stays a separate (error) result.
    """
    pooled, out = {}, []
    for r in results:
        if "round" not in r or "error" in r:
            out.append(r)
            continue
        key = (r["workload"], r["kind"], r["precision"], r.get("batch"))
        # NumPy runs time every image but the first (a warm-up); JAX runs list their timed calls.
        times = r["image_s"][1:] if r["kind"].startswith("numpy") else r["per_image_s"]
        if key not in pooled:
            first = {k: v for k, v in r.items() if k != "round"}
            first.update(pooled_times_s=list(times), round_medians_s=[], rounds=0)
            pooled[key] = first
            out.append(first)
        entry = pooled[key]
        if entry["rounds"]:
            entry["pooled_times_s"].extend(times)
            entry["peak_rss_mb"] = max(entry["peak_rss_mb"], r["peak_rss_mb"])
            if "recompiles" in r:
                entry["recompiles"] = max(entry["recompiles"], r["recompiles"])
        entry["round_medians_s"].append(r["per_image_median_s"])
        entry["rounds"] += 1
        entry["per_image_min_s"] = min(entry["pooled_times_s"])
        entry["per_image_median_s"] = statistics.median(entry["pooled_times_s"])
    return out


def _find(results, **match):
    for r in results:
        if "error" not in r and all(r.get(k) == v for k, v in match.items()):
            return r
    return None


def _all(results, **match):
    """Every result (without an error) whose config has all of ``match``."""
    return [
        r for r in results
        if "error" not in r and all(r.get(k) == v for k, v in match.items())
    ]


def _ratio(a, b):
    return a / b if a is not None and b else None


def _derived(results, images: dict, workloads, precisions, batches) -> dict:
    """Ratios of figures of this run, the accuracy of float32, and the targets."""
    import numpy as np

    derived = {}
    for w in workloads:
        numpy_run = _find(results, workload=w, kind="numpy")
        release_run = _find(results, workload=w, kind="numpy_release")
        notrim_run = _find(results, workload=w, kind="numpy_notrim")
        d = {}
        base = numpy_run["per_image_median_s"] if numpy_run else None
        base_min = numpy_run["per_image_min_s"] if numpy_run else None
        release = release_run["per_image_median_s"] if release_run else None
        notrim = notrim_run["per_image_median_s"] if notrim_run else None
        d["numpy_release_vs_numpy_fork"] = _ratio(release, base)
        d["numpy_notrim_vs_numpy_fork"] = _ratio(notrim, base)
        for p in precisions:
            for kind, batch in [("jit", None)] + [("vmap", b) for b in batches]:
                match = dict(workload=w, kind=kind, precision=p)
                if batch is not None:
                    match["batch"] = batch
                r = _find(results, **match)
                if r and "per_image_median_s" in r:
                    label = f"{p}_{kind}" + (f"_B{batch}" if batch is not None else "")
                    d[f"speedup_{label}_median_vs_numpy"] = _ratio(base, r["per_image_median_s"])
                    d[f"speedup_{label}_min_vs_numpy"] = _ratio(base_min, r["per_image_min_s"])
                    d[f"speedup_{label}_median_vs_numpy_release"] = _ratio(
                        release, r["per_image_median_s"]
                    )
                    if notrim is not None:
                        d[f"speedup_{label}_median_vs_numpy_notrim"] = _ratio(
                            notrim, r["per_image_median_s"]
                        )
        smalls = _all(results, workload=w, kind="compile_small")
        fulls = _all(results, workload=w, kind="compile_full")
        if smalls and fulls:
            # Compile = trace + lower + XLA compile of the first call (JAX's monitoring events), the
            # median of the --compile-repeats fresh processes of each layout; the first call's wall
            # time (which also runs the image once) is kept alongside.
            def median_of(runs, key):
                values = [r[key] for r in runs if r.get(key) is not None]
                return statistics.median(values) if values else None

            d["compile_repeats"] = min(len(smalls), len(fulls))
            d["compile_full_s"] = median_of(fulls, "compile_only_s")
            d["compile_small_s"] = median_of(smalls, "compile_only_s")
            d["compile_full_each_s"] = [r.get("compile_only_s") for r in fulls]
            d["compile_small_each_s"] = [r.get("compile_only_s") for r in smalls]
            d["compile_full_los_slots"] = fulls[0]["los_slots"]
            d["compile_small_los_slots"] = smalls[0]["los_slots"]
            d["compile_ratio_full_vs_small"] = _ratio(d["compile_full_s"], d["compile_small_s"])
            d["compile_ratio_pairs"] = [
                _ratio(f.get("compile_only_s"), s_.get("compile_only_s")) for s_, f in zip(smalls, fulls)
            ]
            d["first_call_ratio_full_vs_small"] = _ratio(
                median_of(fulls, "compile_s"), median_of(smalls, "compile_s")
            )
        ref = images.get((w, "float64"))
        for name, other in (("float32", images.get((w, "float32"))), ("numpy", images.get((w, "numpy")))):
            if ref is not None and other is not None:
                rel = np.abs(other - ref) / np.abs(ref)
                key = "float32_vs_float64" if name == "float32" else "jax_float64_vs_numpy"
                d[f"{key}_max_rel"] = float(np.max(rel))
                d[f"{key}_max_abs_over_peak"] = float(
                    np.max(np.abs(other - ref)) / np.max(np.abs(ref))
                )
        derived[w] = d
    kernels = {r["precision"]: r for r in results if r.get("kind") == "kernel" and "error" not in r}
    if kernels:
        derived["kernel"] = {
            f"{p}_jax_vs_numpy_speedup_median": _ratio(k["numpy_median_s"], k["jax_median_s"])
            for p, k in kernels.items()
        }

    recompiles = [r["recompiles"] for r in results if "recompiles" in r]
    r = derived.get("R", {})
    vmap8 = _find(results, workload="R", kind="vmap", precision="float64", batch=8)
    r_jit64 = _find(results, workload="R", kind="jit", precision="float64")
    figures = {
        "R_float64_jit_speedup_vs_numpy": r.get("speedup_float64_jit_median_vs_numpy"),
        "R_float32_jit_speedup_vs_numpy": r.get("speedup_float32_jit_median_vs_numpy"),
        "R_float64_jit_speedup_vs_numpy_release": r.get("speedup_float64_jit_median_vs_numpy_release"),
        "R_float32_jit_speedup_vs_numpy_release": r.get("speedup_float32_jit_median_vs_numpy_release"),
        "R_compile_s": r.get("compile_full_s", r_jit64["compile_s"] if r_jit64 else None),
        "R_compile_ratio_full_vs_small": r.get("compile_ratio_full_vs_small"),
        "recompiles": max(recompiles) if recompiles else None,
        "R_vmap_B8_peak_rss_mb": vmap8["peak_rss_mb"] if vmap8 else None,
    }
    targets = {}
    for name, goal in TARGETS.items():
        value = figures[name]
        at_least = "speedup" in name
        met = None if value is None else (value >= goal if at_least else value <= goal)
        targets[name] = {"value": value, "target": (">= " if at_least else "<= ") + str(goal), "met": met}
    targets["gpu"] = {"value": None, "target": "measured on a GPU", "met": None,
                      "note": "no GPU on this machine: not measured"}
    derived["targets"] = targets
    return derived


def _fmt(value, spec="8.3f", unit="", none="-"):
    return none if value is None else f"{value:{spec}}{unit}"


def _table(report) -> str:
    results, derived = report["results"], report["derived"]
    lines = []
    header = (
        f"{'wl':2} {'path':13} {'prec':7} {'B':>2} {'compile':>8} {'img min':>8} {'img med':>8} "
        f"{'x NumPy':>7} {'x rel.':>7} {'recomp':>6} {'RSS MB':>7} {'f32 rel':>8}"
    )
    lines.append(header)
    lines.append("-" * len(header))
    for r in results:
        if r.get("kind") == "kernel":
            continue
        w = r["workload"]
        if "error" in r:
            lines.append(f"{w:2} {r['kind']:13} {r['precision']:7} ERROR: {r['error'].splitlines()[-1][:60]}")
            continue
        d = derived.get(w, {})
        kind = r["kind"]
        batch = r.get("batch") if kind == "vmap" else None
        label = f"{r['precision']}_{kind}" + (f"_B{batch}" if batch is not None else "")
        speed = d.get(f"speedup_{label}_median_vs_numpy") if kind != "numpy" else 1.0
        speed_release = d.get(f"speedup_{label}_median_vs_numpy_release")
        if kind == "numpy":
            # 'x rel.' is the release's median over this row's: > 1 where this row is faster.
            speed_release = d.get("numpy_release_vs_numpy_fork")
        elif kind == "numpy_release":
            speed, speed_release = _ratio(1.0, d.get("numpy_release_vs_numpy_fork")), 1.0
        elif kind == "numpy_notrim":
            speed = _ratio(1.0, d.get("numpy_notrim_vs_numpy_fork"))
            speed_release = _ratio(
                d.get("numpy_release_vs_numpy_fork"), d.get("numpy_notrim_vs_numpy_fork")
            )
        acc = d.get("float32_vs_float64_max_rel") if kind == "jit" and r["precision"] == "float32" else None
        path = {"numpy": "numpy fork", "numpy_notrim": "numpy notrim", "numpy_release": "numpy release",
                "jit": "jax jit",
                "vmap": "jax jit+vmap", "compile_small": "jax jit small",
                "compile_full": "jax jit full"}[kind]
        lines.append(
            f"{w:2} {path:13} {r['precision']:7} {r.get('batch', 1) if kind != 'numpy' else 1:>2} "
            f"{_fmt(r.get('compile_s'), '7.2f', 's'):>8} {_fmt(r.get('per_image_min_s'), '7.3f', 's'):>8} "
            f"{_fmt(r.get('per_image_median_s'), '7.3f', 's'):>8} {_fmt(speed, '6.1f', 'x'):>7} "
            f"{_fmt(speed_release, '6.1f', 'x'):>7} "
            f"{_fmt(r.get('recompiles'), 'd'):>6} {r['peak_rss_mb']:7.0f} {_fmt(acc, '8.1e'):>8}"
        )
    lines.append("")
    for w in report["workloads"]:
        d = derived.get(w, {})
        if "compile_ratio_full_vs_small" in d:
            pairs = ", ".join(_fmt(p, ".2f") for p in d["compile_ratio_pairs"])
            lines.append(
                f"{w}: compile (float64 jit: trace + lower + XLA, median of {d['compile_repeats']} fresh "
                f"processes each) {d['compile_full_los_slots']} LOS slots {_fmt(d['compile_full_s'], '.2f')} s "
                f"vs {d['compile_small_los_slots']} slots {_fmt(d['compile_small_s'], '.2f')} s: ratio "
                f"{_fmt(d['compile_ratio_full_vs_small'], '.2f')} (pairs {pairs}; first-call wall ratio "
                f"{_fmt(d['first_call_ratio_full_vs_small'], '.2f')})"
            )
        notrim_speedups = [
            f"{p} jit {_fmt(d.get(f'speedup_{p}_jit_median_vs_numpy_notrim'), '.1f', 'x')}"
            for p in ("float64", "float32")
            if d.get(f"speedup_{p}_jit_median_vs_numpy_notrim") is not None
        ]
        if notrim_speedups:
            lines.append(
                f"{w}: against this fork's NumPy path with glibc's heap trimming off (numpy notrim): "
                + ", ".join(notrim_speedups)
            )
        for key, text in (("float32_vs_float64", "float32 vs float64"), ("jax_float64_vs_numpy", "JAX float64 vs NumPy")):
            if f"{key}_max_rel" in d:
                lines.append(
                    f"{w}: noise-free image (sky included) {text}: max rel {d[f'{key}_max_rel']:.2e}, "
                    f"max abs / peak {d[f'{key}_max_abs_over_peak']:.2e}"
                )
    for r in results:
        if r.get("kind") != "kernel":
            continue
        if "error" in r:
            lines.append(f"kernel {r['precision']}: ERROR {r['error'].splitlines()[-1][:80]}")
            continue
        lines.append(
            f"kernel {r['precision']} one thread ({r['members']} tNFW members, {r['member_slots']} slots x "
            f"{r['rays']} rays): JAX jit {r['jax_ns_per_slot_ray_min']:.2f} / "
            f"{r['jax_ns_per_slot_ray_median']:.2f} ns per slot-ray (min/med); plain NumPy "
            f"{r['numpy_ns_per_member_ray_min']:.2f} / {r['numpy_ns_per_member_ray_median']:.2f} ns per "
            f"member-ray: x{r['numpy_median_s'] / r['jax_median_s']:.1f} (median); max |diff| / max "
            f"|alpha| {r['max_abs_diff_over_max_deflection']:.1e}; peak RSS {r['peak_rss_mb']:.0f} MiB"
        )
    lines.append("")
    lines.append("targets:")
    for name, t in derived["targets"].items():
        value = t["value"]
        shown = "-" if value is None else (f"{value:.2f}" if isinstance(value, float) else str(value))
        state = {True: "MET", False: "NOT MET", None: "not measured"}[t["met"]]
        lines.append(f"  {name:34} {shown:>10}  (target {t['target']}): {state}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workloads", nargs="+", default=None)
    parser.add_argument("--precisions", nargs="+", default=["float64", "float32"],
                        choices=["float64", "float32"])
    parser.add_argument("--vmap-precisions", nargs="*", default=None,
                        help="precisions whose vmap batches run (default: all of --precisions)")
    parser.add_argument("--vmap-workloads", nargs="*", default=None,
                        help="workloads whose vmap batches run (default R; quick S)")
    parser.add_argument("--batches", nargs="*", type=int, default=None, help="vmap batch sizes (default 1 4 8)")
    parser.add_argument("--repeats", type=int, default=None,
                        help="NumPy images per workload; the first is a warm-up (default 4)")
    parser.add_argument("--draws", type=int, default=10,
                        help="jit calls after the compile, each on a new LOS draw (>= 10 for the recompile count)")
    parser.add_argument("--vmap-repeats", type=int, default=None, help="vmap calls after the compile (default 3)")
    parser.add_argument("--numpy-no-trim", action="store_true",
                        help="also time this fork's NumPy path with glibc's heap trimming off (numpy_notrim)")
    parser.add_argument("--no-release", dest="release", action="store_false",
                        help="skip the NumPy run on the pinned upstream release (numpy_release)")
    parser.add_argument("--compile-workloads", nargs="*", default=None,
                        help="workloads whose small-layout compile is measured (default R; quick S)")
    parser.add_argument("--small-fraction", type=float, default=0.1)
    parser.add_argument("--compile-repeats", type=int, default=None,
                        help="fresh-process compiles of each layout (small, full) for the ratio (default 3; quick 1)")
    parser.add_argument("--kernel-workload", default="R")
    parser.add_argument("--kernel-members", type=int, default=None, help="default 1020 (quick 128); 0 = skip")
    parser.add_argument("--kernel-rays", type=int, default=None, help="default 40000 (quick 2500)")
    parser.add_argument("--kernel-repeats", type=int, default=3)
    parser.add_argument("--los-seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=1,
                        help="run the timed NumPy / JAX configurations this many times, interleaved, and "
                             "pool their per-image times (default 1)")
    parser.add_argument("--quick", action="store_true",
                        help="S only, 2 NumPy repeats, batch 2, 2 vmap calls, small kernel")
    parser.add_argument("--compilation-cache", action="store_true",
                        help="keep JAX's persistent compilation cache on (default off: cold compiles)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="configurations run at once (default 1; > 1 only for smoke tests: the "
                             "subprocesses then share the cores and the timings mean nothing)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per configuration")
    parser.add_argument("--name", default="simulate", help="benchmarks/results/<name>.json")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--_child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--_image", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args._child:
        try:
            result = _child(json.loads(args._child), args._image)
        except Exception:
            traceback.print_exc()
            return 1
        print(json.dumps(result))
        return 0

    quick = args.quick
    defaults = dict(
        workloads=["S"] if quick else ["S", "R"],
        batches=[2] if quick else [1, 4, 8],
        repeats=2 if quick else 4,
        vmap_repeats=2 if quick else 3,
        compile_workloads=["S"] if quick else ["R"],
        compile_repeats=1 if quick else 3,
        vmap_workloads=["S"] if quick else ["R"],
        kernel_members=128 if quick else 1020,
        kernel_rays=2500 if quick else 40000,
    )
    if args.vmap_precisions is None:
        args.vmap_precisions = list(args.precisions)
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if quick:
        args.kernel_workload = "S" if args.kernel_workload == "R" else args.kernel_workload
    args.compile_workloads = [w for w in args.compile_workloads if w in args.workloads]

    configs = _configs_from(args)
    images = {}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:

        def image_path_of(config):
            if config["kind"] not in ("numpy", "jit"):
                return "", None
            tag = "numpy" if config["kind"] == "numpy" else config["precision"]
            return str(Path(tmp) / f"{config['workload']}_{tag}.npy"), tag

        def run(index):
            config = configs[index]
            label = " ".join(f"{k}={v}" for k, v in config.items() if k not in ("los_seed",))
            print(f"[{index + 1}/{len(configs)}] {label}", file=sys.stderr, flush=True)
            result = _run_child(config, image_path_of(config)[0], args.timeout, args.compilation_cache)
            if "error" in result:
                print(f"    ERROR: {result['error'][-500:]}", file=sys.stderr, flush=True)
            return result

        if args.jobs > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=args.jobs) as pool:
                results = list(pool.map(run, range(len(configs))))
        else:
            results = [run(i) for i in range(len(configs))]

        import numpy as np

        for config in configs:
            path, tag = image_path_of(config)
            if path and Path(path).exists():
                images[(config["workload"], tag)] = np.load(path)

    report = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, "benchmarks/bench_simulate.py"] + list(argv or sys.argv[1:])),
        "machine": {
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpu_count": os.cpu_count(),
            "load_average_at_end": os.getloadavg() if hasattr(os, "getloadavg") else None,
            "python": platform.python_version(),
        },
        "threads": "all configurations use all cores (cpu_count) except 'kernel', which runs on one thread "
                   f"(XLA_FLAGS={ONE_THREAD_XLA_FLAGS}, taskset -c 0)",
        "workloads": args.workloads,
        "settings": {k: v for k, v in vars(args).items() if not k.startswith("_") and k != "out"},
        "total_wall_s": time.perf_counter() - start,
        "results": results,
    }
    results = report["results"] = _pooled_rounds(results)
    report["settings"]["out"] = str(args.out) if args.out else None
    report["derived"] = _derived(results, images, args.workloads, args.precisions, args.batches)

    out_path = args.out or ROOT / "benchmarks" / "results" / f"{args.name}.json"
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(report, indent=2, default=str))

    jax_info = next((r["jax"] for r in results if "jax" in r), {})
    print(
        f"device: {jax_info.get('platform', '?')} / {jax_info.get('device_kind', '?')}, "
        f"{os.cpu_count()} cores, jax {jax_info.get('jax_version', '?')}; "
        f"{report['date']}; total {report['total_wall_s']:.0f} s"
        + (f"; XLA_FLAGS={os.environ['XLA_FLAGS']!r}" if os.environ.get("XLA_FLAGS") else "")
    )
    print(_table(report))
    if args.rounds > 1:
        print(
            f"(timed configurations run in {args.rounds} interleaved rounds; per-image min/median over the "
            "images of every round, each round's median in the JSON as round_medians_s)"
        )
    print(
        "(per-image times in seconds, 2-core unless marked one thread; 'x NumPy' = NumPy median / this "
        f"median, same run; compile column = first call wall, trace + compile + one run; JSON: {out_path})"
    )
    return 1 if any("error" in r for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
