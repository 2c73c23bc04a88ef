"""
Build the wheelhouse that the GPU benchmark carries to an accelerator machine with no network.

    python tools/wheelhouse.py [--out .wheelhouse]       # what `make bench-gpu` runs
    python tools/wheelhouse.py --list                    # only print what would be fetched

The GPU machines (see benchmarks/RESULTS.md, "GPU benchmark") run Python 3.12 and already hold jax
0.11.2 with CUDA, numpy, scipy, h5py, matplotlib and the rest of `GPU_MACHINE_PACKAGES`. What the fork
imports beyond those travels as wheels: a probe subprocess imports the libraries and the benchmark and
builds one workload-S tracer and line of sight on the host (so lazy imports count), and every
distribution it loaded that is neither the fork's own three libraries (which travel as source) nor on
the machine is fetched at the version installed here: a pure-Python wheel from the package index
(`pip download --no-deps --only-binary=:all:` for Python 3.12, manylinux x86-64 or any platform), or,
for a package published as a source distribution only, a wheel built here (`pip wheel --no-deps`).
The folder holds nothing else but the benchmark's float64 CPU reference image; it must stay under
64 MiB, which is checked.
"""

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_BYTES = 64 * 2**20

#: The Python packages of the accelerator machines' image, as the device notes list them (2026-11-17).
GPU_MACHINE_PACKAGES = frozenset(
    """
    absl-py accelerate aiofiles aiohappyeyeballs aiohttp aiosignal annotated-doc anyio attrs botorch build
    certifi charset-normalizer chex click cloudpickle cmake colorama contourpy coverage cuda-bindings
    cuda-core cuda-pathfinder cuda-toolkit cupy-cuda13x cycler cython diffrax e3nn einops equinox etils
    execnet filelock flatbuffers flax fonttools formulaic frozenlist fsspec gpytorch grpcio h11 h5py
    hf-xet httpcore httpx huggingface-hub humanize hypothesis idna imageio iniconfig interface-meta jax
    jax-cuda13-pjrt jax-cuda13-plugin jaxlib jaxtyping jinja2 joblib kiwisolver lazy-loader lightning
    lightning-utilities linear-operator lineax llvmlite lxml markdown markdown-it-py markupsafe matplotlib
    mdurl meson ml-dtypes mpi4py mpmath msgpack multidict multipledispatch mypy-extensions nanobind
    narwhals networkx ninja numba numba-cuda numpy numpyro nvidia-cublas nvidia-cuda-cupti
    nvidia-cuda-nvrtc nvidia-cuda-runtime nvidia-cudnn-cu13 nvidia-cufft nvidia-cufile nvidia-curand
    nvidia-cusolver nvidia-cusparse nvidia-cusparselt-cu13 nvidia-ml-py nvidia-nccl-cu13 nvidia-nvjitlink
    nvidia-nvshmem-cu13 nvidia-nvtx onnx onnx-ir onnxruntime onnxscript opencv-python-headless optax
    opt-einsum opt-einsum-fx optimistix orbax-checkpoint packaging pandas pathspec patsy peft pillow pip
    pluggy portalocker prometheus-client propcache protobuf psutil pyarrow pybind11 py-cpuinfo pygments
    pyparsing pyproject-hooks pyre-extensions pytest pytest-benchmark pytest-cov pytest-mock
    pytest-timeout pytest-xdist python-dateutil pytorch-lightning pyyaml regex requests rich sacrebleu
    safetensors scikit-build-core scikit-image scikit-learn scipy seaborn sentencepiece
    sentence-transformers setuptools shellingham simplejson six sortedcontainers statsmodels sympy
    tabulate tensorboard tensorboard-data-server tensorstore threadpoolctl tifffile tiktoken timm
    tokenizers toolz torch torchaudio torchdiffeq torch-geometric torchmetrics torchvision tqdm
    transformers treescope triton typer typing-extensions typing-inspect urllib3 uvloop wadler-lindig
    werkzeug wheel wrapt xarray xxhash yarl zipp
    """.split()
)

#: Distributions that travel as source in the working tree (or are the repository's own metadata).
FROM_THE_TREE = frozenset({"autoarray", "autogalaxy", "autolens", "autolens-substructure-dev"})

_PROBE = """
import json, sys
import autolens
import jax
from importlib.metadata import packages_distributions, version
from integration_tests import workloads as w
import benchmarks.bench_gpu
spec = w.spec_from("S")
los = w.los_population_galaxies_from(spec, seed=1)
w.tracer_from_theta(w.theta_from(spec), los, w.collapsed_population_from(spec))
w.simulator_from(spec, use_jax=True, key=jax.random.key(0))
names = packages_distributions()
found = {}
for module in sorted({m.split(".")[0] for m in sys.modules}):
    for dist in names.get(module, []):
        found[dist] = version(dist)
print(json.dumps(found))
"""


def normalise(name: str) -> str:
    """A distribution name in PEP 503 normal form (``Foo_Bar.baz`` -> ``foo-bar-baz``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_distributions() -> dict:
    """``{distribution: version}`` of everything the probe imports (a fresh subprocess, on the CPU)."""
    env_path = [str(ROOT / d) for d in ("PyAutoArray", "PyAutoGalaxy", "PyAutoLens")] + [str(ROOT)]
    import os

    env = {
        **os.environ,
        "JAX_PLATFORMS": "cpu",
        "PYTHONWARNINGS": "ignore",
        "PYTHONPATH": os.pathsep.join(env_path + [os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    if out.returncode != 0:
        raise RuntimeError(f"the import probe failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def missing_on_gpu_machine(distributions: dict) -> dict:
    """The distributions the accelerator machine lacks, of ``distributions``."""
    return {
        name: version
        for name, version in sorted(distributions.items())
        if normalise(name) not in GPU_MACHINE_PACKAGES and normalise(name) not in FROM_THE_TREE
    }


def _pip(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, check=False)


def build(out: Path, needed: dict) -> list:
    """Fetch (or build) one wheel per needed distribution into ``out``; return the wheel files."""
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.whl"):
        stale.unlink()
    for name, version in needed.items():
        requirement = f"{name}=={version}"
        got = _pip(
            "download", "--quiet", "--no-deps", "--only-binary=:all:", "--python-version", "3.12",
            "--implementation", "cp", "--platform", "manylinux2014_x86_64", "--platform", "any",
            "--dest", str(out), requirement,
        )
        if got.returncode != 0:
            # Published as a source distribution only: build its (pure-Python) wheel here.
            got = _pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), requirement)
        if got.returncode != 0:
            raise RuntimeError(f"could not fetch or build {requirement}:\n{got.stderr[-2000:]}")
    wheels = sorted(out.glob("*.whl"))
    for wheel in wheels:
        if not (wheel.name.endswith("-none-any.whl") or "manylinux" in wheel.name):
            raise RuntimeError(f"{wheel.name} is not for Linux x86-64 / Python 3.12")
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    if total > LIMIT_BYTES:
        raise RuntimeError(f"{out} holds {total / 2**20:.1f} MiB, over the 64 MiB the device tool carries")
    return wheels


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / ".wheelhouse")
    parser.add_argument("--list", action="store_true", help="print what is missing there and stop")
    args = parser.parse_args(argv)

    needed = missing_on_gpu_machine(imported_distributions())
    print("missing on the GPU machine:", ", ".join(f"{n}=={v}" for n, v in needed.items()) or "nothing")
    if args.list:
        return 0
    wheels = build(args.out, needed)
    total = sum(p.stat().st_size for p in wheels)
    print(f"{len(wheels)} wheels, {total / 2**20:.1f} MiB in {args.out}:", " ".join(w.name for w in wheels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
