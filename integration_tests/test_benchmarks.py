"""
Smoke test of ``benchmarks/bench_simulate.py`` in its quickest mode: it runs end to end, writes the JSON
with the fields ``benchmarks/RESULTS.md`` quotes, and the jitted simulator never recompiles across new
LOS draws. No timing is asserted (the numbers of a smoke run on a shared machine mean nothing).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "bench_simulate.py"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    import autoarray
    import autogalaxy
    import autolens

    out = tmp_path_factory.mktemp("bench") / "quick.json"
    # The subprocesses import the same sources as this one (the worktree or an installed copy).
    path = [str(Path(m.__file__).resolve().parents[1]) for m in (autoarray, autogalaxy, autolens)]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(path + [str(ROOT), env.get("PYTHONPATH", "")])
    command = [
        sys.executable,
        str(BENCH),
        "--quick",  # S only, 2 NumPy repeats, batch 2, 2 vmap calls
        "--precisions", "float64",  # float32 doubles the run; the full benchmark covers it
        "--compile-workloads", "S",  # one fresh compile of each layout, small and full
        "--compile-repeats", "1",
        "--kernel-members", "32",
        "--kernel-rays", "500",
        "--kernel-repeats", "1",
        "--draws", "10",  # >= 10 new LOS draws for the recompile count
        "--numpy-no-trim",  # the fork's NumPy path with glibc's heap trimming off too
        "--jobs", "4",  # smoke only: configurations share the cores, timings are meaningless
        "--out", str(out),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-3000:])
    assert "targets:" in result.stdout
    return json.loads(out.read_text())


def _one(report, **match):
    found = [r for r in report["results"] if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (match, [(r.get("kind"), r.get("precision")) for r in report["results"]])
    return found[0]


def test__quick__every_configuration_ran(report):
    assert report["workloads"] == ["S"]
    assert not [r for r in report["results"] if "error" in r]
    kinds = {
        (r["kind"], r["precision"], r["batch"] if r["kind"] == "vmap" else None)
        for r in report["results"]
    }
    assert len(kinds) == len(report["results"])
    assert kinds == {
        ("numpy", "float64", None),
        ("numpy_notrim", "float64", None),
        ("numpy_release", "float64", None),
        ("jit", "float64", None),
        ("vmap", "float64", 2),
        ("kernel", "float64", None),
        ("compile_small", "float64", None),
        ("compile_full", "float64", None),
    }
    for key in ("date", "machine", "threads", "settings", "total_wall_s", "derived"):
        assert key in report


def test__quick__numpy_fields(report):
    numpy_run = _one(report, kind="numpy")
    for key in ("per_image_min_s", "per_image_median_s", "peak_rss_mb", "n_los_haloes"):
        assert numpy_run[key] > 0, key
    assert len(numpy_run["image_s"]) == 2


def test__quick__numpy_notrim_runs_the_fork_and_is_compared(report):
    notrim, fork = _one(report, kind="numpy_notrim"), _one(report, kind="numpy")
    assert notrim["per_image_median_s"] > 0 and len(notrim["image_s"]) == 2
    assert notrim["libraries"] == fork["libraries"]
    for run in (notrim, fork):
        assert len(run["minor_page_faults_per_image"]) == 2
        assert all(n >= 0 for n in run["minor_page_faults_per_image"])
    derived = report["derived"]["S"]
    assert derived["numpy_notrim_vs_numpy_fork"] > 0
    assert derived["speedup_float64_jit_median_vs_numpy_notrim"] > 0


def test__quick__numpy_release_runs_the_pinned_release_not_the_fork(report):
    release = _one(report, kind="numpy_release")
    fork = _one(report, kind="numpy")
    assert release["per_image_median_s"] > 0 and len(release["image_s"]) == 2
    for name in ("autoarray", "autogalaxy", "autolens"):
        release_file = Path(release["libraries"][name]["file"])
        fork_file = Path(fork["libraries"][name]["file"])
        assert "release-2026.10.26.1" in release_file.parts[-3]
        assert ROOT not in release_file.parents
        assert release_file != fork_file
    assert report["derived"]["S"]["numpy_release_vs_numpy_fork"] > 0
    assert report["derived"]["S"]["speedup_float64_jit_median_vs_numpy_release"] > 0


def test__quick__jax_fields_and_zero_recompiles(report):
    for match in (
        dict(kind="jit", precision="float64"),
        dict(kind="vmap", precision="float64", batch=2),
    ):
        run = _one(report, **match)
        for key in ("compile_s", "per_image_min_s", "per_image_median_s", "peak_rss_mb"):
            assert run[key] > 0, (match, key)
        assert run["jax"]["dtype"] == match["precision"]
        assert run["jax"]["platform"] and run["jax"]["device_kind"]
        assert run["jax"]["compilation_cache_dir"] is None  # cold compiles
        assert run["finite"]
        assert run["cache_size"] == 1 and run["recompiles"] == 0, match
        # The compile alone (trace, lowering, XLA), from JAX's monitoring events: less than the first
        # call, which also runs the image.
        assert set(run["compile_stages_s"]) == {"trace", "lower", "xla"}
        assert all(t > 0 for t in run["compile_stages_s"].values())
        assert 0 < run["compile_only_s"] < run["compile_s"]
    assert _one(report, kind="jit", precision="float64")["calls_after_compile"] >= 10
    assert _one(report, kind="vmap")["batch"] == 2


def test__quick__kernel_and_derived_fields(report):
    kernel = _one(report, kind="kernel", precision="float64")
    assert kernel["jax"]["dtype"] == "float64"
    assert kernel["one_thread"] and kernel["jax"]["xla_flags"]
    for key in ("jax_ns_per_slot_ray_median", "numpy_ns_per_member_ray_median"):
        assert kernel[key] > 0
    # The library kernel and the plain NumPy closed form compute the same deflections.
    assert kernel["max_abs_diff_over_max_deflection"] < 1e-10

    derived = report["derived"]["S"]
    assert derived["speedup_float64_jit_median_vs_numpy"] > 0
    assert derived["speedup_float64_vmap_B2_median_vs_numpy"] > 0
    assert derived["jax_float64_vs_numpy_max_rel"] < 1e-8
    small, full = _one(report, kind="compile_small"), _one(report, kind="compile_full")
    assert small["los_slots"] < full["los_slots"]
    assert derived["compile_small_s"] == small["compile_only_s"]
    assert derived["compile_full_s"] == full["compile_only_s"]
    assert derived["compile_ratio_full_vs_small"] == full["compile_only_s"] / small["compile_only_s"]
    targets = report["derived"]["targets"]
    assert targets["recompiles"]["value"] == 0 and targets["recompiles"]["met"] is True
    assert targets["gpu"]["met"] is None


def test__pooled_rounds__pools_the_images_of_interleaved_rounds():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_simulate", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)

    def numpy_run(round_, images):
        return {"workload": "R", "kind": "numpy", "precision": "float64", "round": round_,
                "image_s": images, "per_image_median_s": sorted(images[1:])[len(images[1:]) // 2],
                "peak_rss_mb": 500.0 + round_}

    def jit_run(round_, times, recompiles=0):
        return {"workload": "R", "kind": "jit", "precision": "float64", "round": round_,
                "per_image_s": times, "per_image_median_s": sorted(times)[len(times) // 2],
                "compile_s": 9.0 + round_, "recompiles": recompiles, "peak_rss_mb": 900.0}

    kernel = {"workload": "R", "kind": "kernel", "precision": "float64", "peak_rss_mb": 1.0}
    failed = {"workload": "R", "kind": "jit", "precision": "float32", "round": 0, "error": "boom"}
    results = [
        numpy_run(0, [9.0, 4.0, 6.0]),  # the first image of each NumPy run is a warm-up
        jit_run(0, [0.3, 0.5]),
        failed,
        numpy_run(1, [9.0, 2.0, 8.0]),
        jit_run(1, [0.4, 0.2], recompiles=1),
        kernel,
    ]

    pooled = bench._pooled_rounds(results)

    assert [(r["kind"], r["precision"]) for r in pooled] == [
        ("numpy", "float64"), ("jit", "float64"), ("jit", "float32"), ("kernel", "float64")
    ]
    numpy_pooled, jit_pooled = pooled[0], pooled[1]
    assert numpy_pooled["pooled_times_s"] == [4.0, 6.0, 2.0, 8.0]
    assert numpy_pooled["per_image_min_s"] == 2.0 and numpy_pooled["per_image_median_s"] == 5.0
    assert numpy_pooled["round_medians_s"] == [6.0, 8.0] and numpy_pooled["rounds"] == 2
    assert numpy_pooled["peak_rss_mb"] == 501.0
    assert jit_pooled["per_image_median_s"] == 0.35 and jit_pooled["per_image_min_s"] == 0.2
    assert jit_pooled["recompiles"] == 1 and jit_pooled["compile_s"] == 9.0  # the first round's compile
    assert "round" not in jit_pooled
    assert pooled[2] is failed and pooled[3] is kernel
