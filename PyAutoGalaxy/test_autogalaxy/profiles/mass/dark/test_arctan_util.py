"""
The polynomial arctangent of the radial kernels (``arctan_util.arctan_and_arccot_from``) against mpmath,
float64 and float32, over [0, inf) through the range-reduction boundaries, with its derivative.
"""
import math
import subprocess
import sys
import textwrap

import mpmath
import numpy as np
import pytest

import autogalaxy  # noqa: F401  (the libraries before JAX)
import jax
import jax.numpy as jnp

from autogalaxy.profiles.mass.dark import arctan_util


def _arguments():
    tan_pi_8, tan_3_pi_8 = math.tan(math.pi / 8), math.tan(3 * math.pi / 8)
    edges = [0.0, 1e-300, 1e-20, 1e-8, tan_pi_8, 1.0, tan_3_pi_8, 1e8, 1e20, 1e300]
    near_edges = [e * (1 + k * 1e-15) for e in (tan_pi_8, tan_3_pi_8) for k in (-3, -1, 1, 3)]
    grid = np.concatenate([np.linspace(0.0, 3.0, 20_001), np.geomspace(1e-12, 1e12, 20_001)])
    return np.concatenate([edges, near_edges, grid])


def _reference(t):
    with mpmath.workdps(40):
        arctan = [float(mpmath.atan(mpmath.mpf(float(v)))) for v in t]
        arccot = [
            float(mpmath.pi / 2) if v == 0 else float(mpmath.atan(1 / mpmath.mpf(float(v)))) for v in t
        ]
    return np.array(arctan), np.array(arccot)


def test__float64__within_4_ulp_of_mpmath_over_the_whole_range():
    t = _arguments()
    arctan, arccot = jax.jit(lambda t: arctan_util.arctan_and_arccot_from(t, jnp))(jnp.asarray(t))
    reference_arctan, reference_arccot = _reference(t)
    eps = np.finfo(np.float64).eps
    positive = reference_arctan > 0
    assert np.max(np.abs(np.asarray(arctan) - reference_arctan)[positive] / reference_arctan[positive]) <= 4 * eps
    assert np.all(np.asarray(arctan)[~positive] == 0.0)
    assert np.max(np.abs(np.asarray(arccot) - reference_arccot)[reference_arccot > 0] / reference_arccot[reference_arccot > 0]) <= 4 * eps


def test__numpy__is_numpy_arctan():
    t = np.array([0.3, 2.0, 1e9])
    arctan, arccot = arctan_util.arctan_and_arccot_from(t, np)
    np.testing.assert_array_equal(arctan, np.arctan(t))
    np.testing.assert_array_equal(arccot, np.arctan(1.0 / t))
    assert arctan_util.arctan_and_arccot_from(np.array([0.0]), np)[1][0] == np.pi / 2


def test__derivative__equals_one_over_one_plus_t_squared_and_is_finite():
    # The derivative of the polynomial is not itself minimax: ~1e-14 relative at |z| = tan(pi / 8).
    t = jnp.asarray([0.0, 0.2, math.tan(math.pi / 8), 1.0, math.tan(3 * math.pi / 8), 7.0, 1e6])
    d_arctan = jax.vmap(jax.grad(lambda t: arctan_util.arctan_and_arccot_from(t, jnp)[0]))(t)
    d_arccot = jax.vmap(jax.grad(lambda t: arctan_util.arctan_and_arccot_from(t, jnp)[1]))(t)
    np.testing.assert_allclose(np.asarray(d_arctan), 1.0 / (1.0 + np.asarray(t) ** 2), rtol=1e-13)
    np.testing.assert_allclose(np.asarray(d_arccot), -1.0 / (1.0 + np.asarray(t) ** 2), rtol=1e-13)


def test__float32__within_4_ulp_of_mpmath_over_the_float32_range():
    # In a subprocess: JAX's 64-bit flag is process-wide.
    script = textwrap.dedent(
        """
        import math, mpmath, numpy as np
        import autogalaxy
        import jax
        jax.config.update("jax_enable_x64", False)
        import jax.numpy as jnp
        from autogalaxy.profiles.mass.dark import arctan_util
        t = np.concatenate([np.linspace(0.0, 3.0, 20001), np.geomspace(1e-30, 1e30, 20001),
                            [math.tan(math.pi / 8), math.tan(3 * math.pi / 8)]]).astype(np.float32)
        arctan, arccot = jax.jit(lambda t: arctan_util.arctan_and_arccot_from(t, jnp))(jnp.asarray(t))
        assert arctan.dtype == jnp.float32
        with mpmath.workdps(30):
            ra = np.array([float(mpmath.atan(mpmath.mpf(float(v)))) for v in t])
            rc = np.array([float(mpmath.pi / 2) if v == 0 else float(mpmath.atan(1 / mpmath.mpf(float(v)))) for v in t])
        pa, pc = ra > 0, rc > 0
        ea = np.max(np.abs(np.asarray(arctan, np.float64) - ra)[pa] / ra[pa])
        ec = np.max(np.abs(np.asarray(arccot, np.float64) - rc)[pc] / rc[pc])
        print(ea / np.finfo(np.float32).eps, ec / np.finfo(np.float32).eps)
        assert ea <= 4 * np.finfo(np.float32).eps and ec <= 4 * np.finfo(np.float32).eps
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
