"""
The radial deflections of the tNFW and NFW kernels on dense grids of x = R / r_s (1e-8 to 1e5, through
the series band around x = 1 and every switch of the kernels) against their closed forms in mpmath at
50 digits, on the NumPy path and jitted in float64 (polynomial arctangent), and in float32.
"""
import subprocess
import sys
import textwrap

import mpmath
import numpy as np
import pytest

import autogalaxy  # noqa: F401  (the libraries before JAX)
import jax
import jax.numpy as jnp

from autogalaxy.profiles.mass.dark import nfw, nfw_truncated

TAUS = [0.5, 1.5, 5.0, 20.0, 100.0, 1000.0]


def _radii():
    return np.unique(
        np.concatenate(
            [
                np.geomspace(1e-8, 1e5, 1201),
                1.0 + np.linspace(-0.05, 0.05, 201),
                [2.0 - 1e-12, 2.0, 2.0 + 1e-12, 1 - 1e-3 / 2, 1 + 1e-3 / 2],
            ]
        )
    )


def _nfw_h(x):
    x = mpmath.mpf(x)
    if x < 1:
        f = mpmath.acosh(1 / x) / mpmath.sqrt(1 - x * x)
    elif x == 1:
        f = mpmath.mpf(1)
    else:
        f = mpmath.acos(1 / x) / mpmath.sqrt(x * x - 1)
    return mpmath.log(x / 2) + f, f


def _tnfw_m(x, tau):
    # Baltz, Marshall & Oguri (2009), eq. (A.5), n = 1; the cancellations are absorbed by 50 digits.
    h, f = _nfw_h(x)
    x, tau = mpmath.mpf(x), mpmath.mpf(tau)
    t2 = tau * tau
    root = mpmath.sqrt(t2 + x * x)
    log_ratio = mpmath.log(x / (root + tau))
    return t2 / (t2 + 1) ** 2 * (
        (t2 + 2 * x * x - 1) * f
        + mpmath.pi * tau
        + (t2 - 1) * mpmath.log(tau)
        + root * ((t2 - 1) / tau * log_ratio - mpmath.pi)
    )


def _reference(kind, x, tau=None):
    with mpmath.workdps(50):
        if kind == "nfw":
            return np.array([float(4 * _nfw_h(v)[0] / v) for v in x])
        return np.array([float(4 * _tnfw_m(v, tau) / v) for v in x])


@pytest.mark.parametrize("tau", TAUS)
def test__tnfw__numpy_and_jit_float64_within_1e_12_over_the_whole_range(tau):
    x = _radii()
    reference = _reference("tnfw", x, tau)
    numpy_values = nfw_truncated.deflection_radial_tnfw_from(x, 1.0, 1.0, tau, np)
    jit_values = jax.jit(
        lambda r: nfw_truncated.deflection_radial_tnfw_from(r, 1.0, 1.0, tau, jnp)
    )(jnp.asarray(x))
    for values in (numpy_values, np.asarray(jit_values)):
        assert np.max(np.abs(values - reference) / np.abs(reference)) < 1e-12


def test__nfw__numpy_and_jit_float64_within_1e_12_over_the_whole_range():
    x = _radii()
    reference = _reference("nfw", x)
    numpy_values = nfw.deflection_radial_nfw_from(x, 1.0, 1.0, np)
    jit_values = jax.jit(lambda r: nfw.deflection_radial_nfw_from(r, 1.0, 1.0, jnp))(jnp.asarray(x))
    for values in (numpy_values, np.asarray(jit_values)):
        assert np.max(np.abs(values - reference) / np.abs(reference)) < 1e-12


def test__float32__within_1e_4_for_x_above_1e_3_and_finite_everywhere():
    # In a subprocess: JAX's 64-bit flag is process-wide.
    script = textwrap.dedent(
        f"""
        import numpy as np
        from test_radial_kernels_dense import _radii, _reference, TAUS
        import jax
        jax.config.update("jax_enable_x64", False)
        import jax.numpy as jnp
        from autogalaxy.profiles.mass.dark import nfw, nfw_truncated
        x = _radii()
        x = x[x <= 1e4]
        r = jnp.asarray(x, dtype=jnp.float32)
        above = x >= 1e-3
        for tau in [None] + TAUS:
            if tau is None:
                values = jax.jit(lambda r: nfw.deflection_radial_nfw_from(r, 1.0, 1.0, jnp))(r)
                reference = _reference("nfw", np.asarray(r, np.float64))
            else:
                values = jax.jit(
                    lambda r: nfw_truncated.deflection_radial_tnfw_from(r, 1.0, 1.0, tau, jnp)
                )(r)
                reference = _reference("tnfw", np.asarray(r, np.float64), tau)
            assert values.dtype == jnp.float32
            values = np.asarray(values, np.float64)
            assert np.all(np.isfinite(values))
            error = np.max(np.abs(values - reference)[above] / np.abs(reference[above]))
            print(tau, error)
            assert error < 1e-4, (tau, error)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=__file__.rsplit("/", 1)[0]
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
