"""
Smoke test of the GPU benchmark (benchmarks/bench_gpu.py) on the CPU: the same code path the GPU run
takes, on workload S's populations with a tiny grid, batch 2, float32 against the float64 CPU
reference; its time-budget guard; and the wheelhouse builder's list of what the GPU machine lacks.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tools import wheelhouse

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "bench_gpu.py"


def _bench(tmp_path, *options, timeout=300):
    out = tmp_path / "bench_gpu.json"
    env = {**os.environ, "JAX_PLATFORMS": "cpu", "PYTHONWARNINGS": "ignore"}
    t0 = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(BENCH), "--workload", "S", "--grid", "tiny", "--pool", "2",
         "--out", str(out), *options],
        capture_output=True, text=True, env=env, timeout=timeout,
    )
    report = json.loads(out.read_text()) if out.is_file() else None
    return result, report, time.perf_counter() - t0


def test__bench_gpu__cpu_smoke_run_reports_every_figure(tmp_path):
    result, report, _ = _bench(tmp_path, "--batches", "2", "--precisions", "float32", "--repeats", "3")

    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert report["reference"]["reused"] is False and "error" not in report["reference"]
    (config,) = report["configs"]
    assert config["device"]["platform"] == "cpu" and config["device"]["dtype"] == "float32"
    assert config["output_shape"] == [2, 20, 20] and config["finite"]
    assert len(config["call_s"]) == 3
    assert 0 < config["images_per_s_median"] <= config["images_per_s_max"]
    assert config["compile_s"] > 0 and set(config["compile_stages_s"]) == {"trace", "lower", "xla"}
    assert config["traces"] == 1 and config["recompiles"] == 0
    assert config["peak_rss_mb"] > 0 and config["peak_device_memory_mb"] is None  # a CPU has no stats
    # float32 on the device against the float64 CPU image of the same member (sky >= 0.1 everywhere).
    assert 0 < config["parity"]["max_rel"] < 1e-4
    assert "float32" in result.stdout and "img/s" in result.stdout  # the printed table

    # Everything the benchmark imported is on the GPU machine, in the tree, or in the wheelhouse.
    wheels = wheelhouse.missing_on_gpu_machine(wheelhouse.imported_distributions())
    assert set(wheelhouse.missing_on_gpu_machine(config["distributions"])) <= set(wheels)
    assert {"autofit", "autonerves"} <= set(wheels)


def test__bench_gpu__time_budget_spent__skips_and_fails_fast(tmp_path):
    result, report, seconds = _bench(tmp_path, "--batches", "2", "--budget", "1", timeout=120)

    assert result.returncode == 1
    assert "killed at its 1 s limit" in report["reference"]["error"]
    assert [c["error"] for c in report["configs"]] == ["skipped: time budget spent"] * 2
    assert seconds < 60


def test__missing_on_gpu_machine__keeps_only_what_the_machine_lacks():
    found = {"numpy": "2.5.5", "Jax": "0.11.2", "autofit": "1", "timeout-decorator": "0.5.0",
             "autolens": "x", "PyYAML": "6"}

    assert wheelhouse.missing_on_gpu_machine(found) == {"autofit": "1", "timeout-decorator": "0.5.0"}
    assert wheelhouse.normalise("Foo_Bar.baz") == "foo-bar-baz"
