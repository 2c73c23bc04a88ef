"""
The float64 logarithm of the radial kernels (``log_util.log_from``) against mpmath over the whole positive
range, through the range-reduction boundaries, with its derivative and special values; ``log1p_bounded_from``
on its range [0, sqrt(2)] in float64 and float32. Both are tested under every ``XLA_FLAGS`` the project uses
in test_kernels_xla_flags.py.
"""
import math
import subprocess
import sys
import textwrap

import mpmath
import numpy as np
import pytest

import autogalaxy as ag  # the libraries before JAX (float64)

jax = pytest.importorskip("jax")
jnp = jax.numpy

from autogalaxy.profiles.mass.dark import log_util

_TINY = np.finfo(np.float64).tiny
_HUGE = np.finfo(np.float64).max


def _ulp_errors(values, reference):
    """|values - reference| in units of the float64 spacing at the reference (1 at a zero reference)."""
    spacing = np.spacing(np.abs(reference))
    spacing[reference == 0.0] = np.spacing(0.0)
    return np.abs(values - reference) / spacing


def _log_arguments():
    rng = np.random.default_rng(1)
    edges = [_TINY, _HUGE, 0.5, 1.0, 2.0, math.sqrt(0.5), math.sqrt(2.0), 1.0 - 2**-53, 1.0 + 2**-52]
    near_edges = [
        np.nextafter(e, direction)
        for e in (math.sqrt(0.5), math.sqrt(2.0), 1.0, 2.0)
        for direction in (0.0, 4.0)
    ]
    return np.concatenate(
        [
            edges,
            near_edges,
            np.exp(rng.uniform(math.log(_TINY), math.log(_HUGE), 20_000)),
            np.linspace(0.5, 2.0, 20_001),
            1.0 + rng.uniform(-1e-6, 1e-6, 2_000),
        ]
    )


def _reference(function, values):
    with mpmath.workdps(40):
        return np.array([float(function(mpmath.mpf(float(v)))) for v in values])


def test__log_from__float64__within_1_ulp_of_mpmath_over_the_positive_range():
    x = _log_arguments()
    values = np.asarray(jax.jit(lambda x: log_util.log_from(x, jnp))(jnp.asarray(x)))

    assert values.dtype == np.float64
    assert _ulp_errors(values, _reference(mpmath.log, x)).max() <= 1.0


def test__log_from__special_values_as_numpy():
    x = np.array([0.0, -0.0, -1.0, np.inf, -np.inf, np.nan])

    log = np.asarray(log_util.log_from(jnp.asarray(x), jnp))

    with np.errstate(divide="ignore", invalid="ignore"):
        np.testing.assert_array_equal(log, np.log(x))


def test__log_from__derivative_is_the_analytic_one():
    x = jnp.asarray([1e-200, 1e-3, 0.7, 1.0, 1.5, 1e200])

    grad_log = jax.vmap(jax.grad(lambda v: log_util.log_from(v, jnp)))(x)

    np.testing.assert_allclose(np.asarray(grad_log), 1.0 / np.asarray(x), rtol=1e-15)


def test__log_from__numpy_and_float32_use_the_library_functions():
    x = np.geomspace(1e-30, 1e30, 101)

    assert np.array_equal(log_util.log_from(x, np), np.log(x))

    x32 = jnp.asarray(x, dtype=jnp.float32)

    assert log_util.log_from(x32, jnp).dtype == jnp.float32
    np.testing.assert_array_equal(np.asarray(log_util.log_from(x32, jnp)), np.asarray(jnp.log(x32)))


def _log1p_bounded_arguments():
    root_two = math.sqrt(2.0)
    return np.concatenate(
        [
            [0.0, 1e-300, 1e-16, 1e-8, 0.207, root_two, np.nextafter(root_two, 0.0)],
            np.geomspace(1e-300, root_two, 10_001),
            np.linspace(0.0, root_two, 10_001),
        ]
    )


def test__log1p_bounded_from__float64__within_4_ulp_of_mpmath_on_0_to_root_two():
    v = _log1p_bounded_arguments()
    values = np.asarray(jax.jit(lambda v: log_util.log1p_bounded_from(v, jnp))(jnp.asarray(v)))

    assert values.dtype == np.float64
    assert _ulp_errors(values, _reference(mpmath.log1p, v)).max() <= 4.0


def test__log1p_bounded_from__derivative_and_numpy():
    v = jnp.asarray([0.0, 1e-200, 1e-3, 0.5, 1.0, math.sqrt(2.0)])

    grad = jax.vmap(jax.grad(lambda v: log_util.log1p_bounded_from(v, jnp)))(v)

    np.testing.assert_allclose(np.asarray(grad), 1.0 / (1.0 + np.asarray(v)), rtol=1e-14)
    x = np.linspace(0.0, 1.4, 15)
    assert np.array_equal(log_util.log1p_bounded_from(x, np), np.log1p(x))


def test__log1p_bounded_from__float32__within_4_ulp_of_mpmath():
    # In a subprocess: JAX's 64-bit flag is process-wide.
    script = textwrap.dedent(
        """
        import numpy as np
        import mpmath
        from test_log_util import _log1p_bounded_arguments
        import jax
        jax.config.update("jax_enable_x64", False)
        import jax.numpy as jnp
        from autogalaxy.profiles.mass.dark import log_util
        v = _log1p_bounded_arguments()
        v = v[(v == 0.0) | (v > 1e-37)].astype(np.float32)
        values = jax.jit(lambda v: log_util.log1p_bounded_from(v, jnp))(jnp.asarray(v))
        assert values.dtype == jnp.float32
        with mpmath.workdps(30):
            reference = np.array([float(mpmath.log1p(mpmath.mpf(float(x)))) for x in v])
        error = np.abs(np.asarray(values, np.float64) - reference)
        positive = reference > 0
        ulps = np.max(error[positive] / reference[positive]) / np.finfo(np.float32).eps
        print(ulps)
        assert ulps <= 4 and np.all(np.asarray(values)[~positive] == 0.0)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=__file__.rsplit("/", 1)[0]
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
