#!/usr/bin/env bash
# The GPU benchmark on an accelerator machine with no network (see benchmarks/RESULTS.md, "GPU benchmark").
#
# Prepare here first: `make bench-gpu` fills .wheelhouse/ (the wheels that machine lacks and the float64
# CPU reference image). Then, through the device tool, from the repository root, with carry [".wheelhouse"]:
#
#     bash benchmarks/run_gpu.sh [extra bench_gpu.py options]
#
# Installs the wheels into /tmp/site (no index, no dependencies: the machine has the rest), puts the
# fork's three libraries on PYTHONPATH from the tree, and runs benchmarks/bench_gpu.py (workload R, batch
# 256 and 1024, float32 and float64) within its 440 s budget, with a hard stop at 470 s: the whole script
# ends within 8 minutes. The JSON and the log go to $OUT (the device tool's folder that comes back), else
# benchmarks/results/.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${OUT:-$root/benchmarks/results}"
mkdir -p "$out"
py="${PYTHON:-python3}"

if ! ls .wheelhouse/*.whl >/dev/null 2>&1; then
    echo "run_gpu.sh: no wheels in .wheelhouse/: run 'make bench-gpu' on the development machine and carry .wheelhouse" >&2
    exit 2
fi
"$py" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site \
    .wheelhouse/*.whl || exit 2
export PYTHONPATH="/tmp/site:$root/PyAutoArray:$root/PyAutoGalaxy:$root/PyAutoLens:$root"
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null | tee "$out/gpu.txt"
"$py" -c "import autolens, jax; print('autolens', autolens.__file__, 'jax', jax.__version__, jax.devices())" \
    2>&1 | grep -v Warning | tail -1 || exit 2

reference=()
[ -f .wheelhouse/reference_R.npz ] && reference=(--reference .wheelhouse/reference_R.npz)
timeout -k 5 470 "$py" benchmarks/bench_gpu.py --out "$out/bench_gpu.json" "${reference[@]}" "$@" 2>&1 \
    | tee "$out/bench_gpu.log"
