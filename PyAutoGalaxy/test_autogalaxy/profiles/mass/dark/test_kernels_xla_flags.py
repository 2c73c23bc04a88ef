"""
The hand-written transcendental kernels of ``log_util`` and ``arctan_util`` under every ``XLA_FLAGS`` set the
project uses (none; one thread, as the benchmarks run; several host devices, as the sharding tests run), in
float64 and float32, against mpmath: XLA's optimisations differ between flag sets (one of them rewrote an
exact ``(1 + u) - 1`` to ``u``), so each set is checked in its own subprocess. And the gate: the kernels serve
the CPU backend only; a program lowered for a GPU takes XLA's own functions.
"""

import json
import math
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import mpmath
import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.profiles.mass.dark import arctan_util, log_util

jax = pytest.importorskip("jax")
jnp = jax.numpy

XLA_FLAG_SETS = [
    "",
    "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1",
    "--xla_force_host_platform_device_count=4",
]

_TAN_PI_8, _TAN_3_PI_8 = math.tan(math.pi / 8), math.tan(3 * math.pi / 8)


def _arguments(dtype):
    """Arguments of each kernel: (name -> tuple of arrays), edges of the range reductions included."""
    finfo = np.finfo(dtype)
    rng = np.random.default_rng(7)
    log = np.concatenate(
        [
            [finfo.tiny, finfo.max, 0.5, 1.0, 2.0, math.sqrt(0.5), math.sqrt(2.0)],
            np.exp(rng.uniform(math.log(finfo.tiny), math.log(finfo.max), 1_500)),
            np.linspace(0.5, 2.0, 1_001),
        ]
    )
    bounded = np.concatenate(
        [[0.0, math.sqrt(2.0)], np.geomspace(max(10 * finfo.tiny, 1e-300), math.sqrt(2.0), 1_000), np.linspace(0.0, math.sqrt(2.0), 1_001)]
    )
    t = np.concatenate(
        [
            [0.0, _TAN_PI_8, 1.0, _TAN_3_PI_8],
            [e * (1 + k * 4 * finfo.eps) for e in (_TAN_PI_8, _TAN_3_PI_8) for k in (-1, 1)],
            np.geomspace(1e-12, 1e12, 1_500),
            np.linspace(0.0, 3.0, 1_001),
        ]
    )
    x_less = np.concatenate([np.geomspace(1e-150 if dtype == np.float64 else 1e-14, 1e-3, 500), np.linspace(1e-3, 0.999, 1_000)])
    t_less = np.sqrt((1.0 - x_less) * (1.0 + x_less))
    return {
        "log": (log.astype(dtype),),
        "log1p_bounded": (bounded.astype(dtype),),
        "arctan_and_arccot": (t.astype(dtype),),
        "arctan_arccot_or_log": (
            np.concatenate([t_less, t]).astype(dtype),
            np.concatenate([x_less * x_less, np.ones_like(t)]).astype(dtype),
            np.concatenate([np.ones_like(t_less, dtype=bool), np.zeros_like(t, dtype=bool)]),
        ),
    }


def _references(arguments):
    """mpmath values at the (rounded) arguments themselves, 40 digits."""
    with mpmath.workdps(40):
        mp = lambda v: mpmath.mpf(float(v))
        (x,) = arguments["log"]
        (v,) = arguments["log1p_bounded"]
        (t,) = arguments["arctan_and_arccot"]
        t_all, x_squared, less = arguments["arctan_arccot_or_log"]
        arctan = lambda values: np.array([float(mpmath.atan(mp(a))) for a in values])
        arccot = lambda values: np.array(
            [float(mpmath.pi / 2) if a == 0 else float(mpmath.atan(1 / mp(a))) for a in values]
        )
        return {
            "log": (np.array([float(mpmath.log(mp(a))) for a in x]),),
            "log1p_bounded": (np.array([float(mpmath.log1p(mp(a))) for a in v]),),
            "arctan_and_arccot": (arctan(t), arccot(t)),
            # ln((1 + t) / 2) in the kernel's own form of the given (t, x^2), as test_arctan_util.py.
            "arctan_arccot_or_log": (
                arctan(t_all),
                arccot(t_all),
                np.array(
                    [
                        float(2 * mpmath.atanh(-mp(b) / ((1 + mp(a)) * (mp(a) + 3)))) if l else np.nan
                        for a, b, l in zip(t_all, x_squared, less)
                    ]
                ),
            ),
        }


# ulp bounds of each kernel's outputs (the docstrings' bounds); the float32 logarithm is XLA's own.
_BOUNDS = {
    "float64": {"log": 1.0, "log1p_bounded": 4.0, "arctan_and_arccot": 4.0, "arctan_arccot_or_log": 4.0},
    "float32": {"log1p_bounded": 4.0, "arctan_and_arccot": 4.0, "arctan_arccot_or_log": 4.0},
}

_SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    import numpy as np
    import autogalaxy
    import jax, jax.numpy as jnp
    from autogalaxy.profiles.mass.dark import arctan_util, log_util

    kernels = {
        "log": lambda x: log_util.log_from(x, jnp),
        "log1p_bounded": lambda v: log_util.log1p_bounded_from(v, jnp),
        "arctan_and_arccot": lambda t: arctan_util.arctan_and_arccot_from(t, jnp),
        "arctan_arccot_or_log": lambda t, x2, l: arctan_util.arctan_arccot_or_log_from(t, x2, l, jnp),
    }
    folder = sys.argv[1]
    for precision in ("float64", "float32"):
        with jax.enable_x64(precision == "float64"):
            data = np.load(os.path.join(folder, precision + "_in.npz"))
            out = {}
            for name, kernel in kernels.items():
                args = [jnp.asarray(data[f"{name}_{i}"]) for i in range(len([k for k in data if k.startswith(name + "_")]))]
                values = jax.jit(kernel)(*args)
                values = values if isinstance(values, tuple) else (values,)
                assert all(v.dtype == jnp.dtype(precision) for v in values), (name, precision)
                for i, v in enumerate(values):
                    out[f"{name}_{i}"] = np.asarray(v, np.float64)
            np.savez(os.path.join(folder, precision + "_out.npz"), **out)
    print(json.dumps({"backend": jax.default_backend(), "xla_flags": os.environ.get("XLA_FLAGS", "")}))
    """
)


@pytest.fixture(scope="module")
def cases():
    return {
        precision: (arguments, _references(arguments))
        for precision, arguments in (
            (p, _arguments(np.dtype(p))) for p in ("float64", "float32")
        )
    }


def _max_ulp_error(values, reference, dtype):
    keep = np.isfinite(reference) & (reference != 0.0)
    # Relative error in units of the dtype's epsilon (zeros must come back exactly).
    assert np.all(values[reference == 0.0] == 0.0)
    return float(np.max(np.abs(values[keep] - reference[keep]) / np.abs(reference[keep])) / np.finfo(dtype).eps)


@pytest.mark.parametrize("xla_flags", XLA_FLAG_SETS)
def test__kernels__within_their_ulp_bounds_of_mpmath_under_each_xla_flag_set(cases, xla_flags, tmp_path):
    for precision, (arguments, _) in cases.items():
        np.savez(
            tmp_path / f"{precision}_in.npz",
            **{f"{name}_{i}": a for name, args in arguments.items() for i, a in enumerate(args)},
        )
    env = dict(os.environ, XLA_FLAGS=xla_flags, JAX_PLATFORMS="cpu")
    # The subprocess imports the same sources as this process (a checkout or an installed copy).
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(ag.__file__).resolve().parents[1]), env.get("PYTHONPATH", "")]
    )
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", _SCRIPT, str(tmp_path)],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    # autonerves (imported by the libraries) appends its own flags to the set given.
    assert seen["backend"] == "cpu" and seen["xla_flags"].startswith(xla_flags)

    errors = {}
    for precision, (arguments, references) in cases.items():
        out = np.load(tmp_path / f"{precision}_out.npz")
        less = arguments["arctan_arccot_or_log"][2]
        for name, bound in _BOUNDS[precision].items():
            for i, reference in enumerate(references[name]):
                values = out[f"{name}_{i}"]
                if name == "arctan_arccot_or_log":
                    # Each output where it is selected: the arctangents for x >= 1, the logarithm for x < 1.
                    select = less if i == 2 else ~less
                    values, reference = values[select], reference[select]
                errors[(precision, name, i)] = _max_ulp_error(values, reference, np.dtype(precision))
                assert errors[(precision, name, i)] <= bound, (precision, name, i, errors[(precision, name, i)])


_GPU_OPS = {
    "log": "log",
    "log1p_bounded": "log_plus_one",
    "arctan_and_arccot": "atan2",
    "arctan_arccot_or_log": "atan2",
}


@pytest.mark.parametrize("name", sorted(_GPU_OPS))
def test__kernels__gated_to_the_cpu_backend(name):
    """A program lowered for the CPU holds no library call of the function; lowered for a GPU it does."""
    kernels = {
        "log": (lambda x: log_util.log_from(x, jnp), 1),
        "log1p_bounded": (lambda v: log_util.log1p_bounded_from(v, jnp), 1),
        "arctan_and_arccot": (lambda t: arctan_util.arctan_and_arccot_from(t, jnp), 1),
        "arctan_arccot_or_log": (
            lambda t, x2, l: arctan_util.arctan_arccot_or_log_from(t, x2, l, jnp),
            3,
        ),
    }
    kernel, arity = kernels[name]
    shapes = [jax.ShapeDtypeStruct((8,), jnp.float64)] * 2 + [jax.ShapeDtypeStruct((8,), jnp.bool_)]

    def library_ops(platform):
        text = jax.export.export(jax.jit(kernel), platforms=[platform])(*shapes[:arity]).mlir_module()
        return set(re.findall(r"(?:stablehlo|chlo)\.(log_plus_one|log|atan2|atan)\b", text))

    assert library_ops("cpu") == set()
    assert _GPU_OPS[name] in library_ops("cuda")
