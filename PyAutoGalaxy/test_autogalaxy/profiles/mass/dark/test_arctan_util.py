"""
The polynomial arctangent of the radial kernels (``arctan_util.arctan_and_arccot_from``) against mpmath,
float64 and float32, over [0, inf) through the range-reduction boundaries, with its derivative; the odd
series (``odd_series_from``) and the arctangent-or-logarithm of F (``arctan_arccot_or_log_from``) likewise.
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


def _odd_series_reference(w):
    # sum_k w^k / (2k + 1) = arctan(sqrt(-w)) / sqrt(-w) (w < 0), artanh(sqrt(w)) / sqrt(w) (w > 0).
    with mpmath.workdps(40):
        values = []
        for v in w:
            v = mpmath.mpf(float(v))
            if v == 0:
                values.append(1.0)
            elif v > 0:
                values.append(float(mpmath.atanh(mpmath.sqrt(v)) / mpmath.sqrt(v)))
            else:
                values.append(float(mpmath.atan(mpmath.sqrt(-v)) / mpmath.sqrt(-v)))
    return np.array(values)


def test__odd_series_from__float64_within_3_ulp_of_mpmath_on_its_interval():
    bound = math.tan(math.pi / 8) ** 2
    w = np.concatenate([np.linspace(-bound, bound, 20_001), [-bound, 0.0, bound, 1e-300, -1e-300]])
    values = np.asarray(jax.jit(lambda w: arctan_util.odd_series_from(w, jnp))(jnp.asarray(w)))
    error = np.max(np.abs(values - _odd_series_reference(w)) / _odd_series_reference(w))
    assert error <= 3 * np.finfo(np.float64).eps


def _arctan_arccot_or_log_reference(t, x_squared, less):
    # The logarithm ln((1 + t) / 2) is computed as 2 artanh(-x^2 / ((1 + t)(t + 3))), equal to it for
    # t = sqrt(1 - x^2); the reference takes the same form of the given (t, x^2), which are rounded
    # apart (40 digits resolve it down to x^2 = 1e-300).
    with mpmath.workdps(40):
        arctan, arccot, log = [], [], []
        for v, x2, is_less in zip(t, x_squared, less):
            v = mpmath.mpf(float(v))
            arctan.append(float(mpmath.atan(v)))
            arccot.append(float(mpmath.pi / 2) if v == 0 else float(mpmath.atan(1 / v)))
            if is_less:
                x2 = mpmath.mpf(float(x2))
                log.append(float(2 * mpmath.atanh(-x2 / ((1 + v) * (v + 3)))))
            else:
                log.append(np.nan)
    return np.array(arctan), np.array(arccot), np.array(log)


def _arctan_arccot_or_log_arguments():
    # x < 1: t = sqrt(1 - x^2) from x in (1e-150, 1), x^2 exact; x >= 1: t >= 0 over the whole range.
    tan_pi_8, tan_3_pi_8 = math.tan(math.pi / 8), math.tan(3 * math.pi / 8)
    x_less = np.concatenate([np.geomspace(1e-150, 1e-3, 2_001), np.linspace(1e-3, 1.0 - 1e-12, 20_001)])
    t_less = np.sqrt((1.0 - x_less) * (1.0 + x_less))
    t_greater = np.concatenate(
        [
            [0.0, 1e-300, 1e-20, tan_pi_8, 1.0, tan_3_pi_8, 1e8, 1e20, 1e300],
            [e * (1 + k * 1e-15) for e in (tan_pi_8, tan_3_pi_8) for k in (-3, -1, 1, 3)],
            np.linspace(0.0, 3.0, 10_001),
            np.geomspace(1e-12, 1e12, 10_001),
        ]
    )
    t = np.concatenate([t_less, t_greater])
    x_squared = np.concatenate([x_less * x_less, np.ones_like(t_greater)])
    less = np.concatenate([np.ones_like(t_less, dtype=bool), np.zeros_like(t_greater, dtype=bool)])
    return t, x_squared, less


def test__arctan_arccot_or_log_from__float64_within_4_ulp_of_mpmath():
    t, x_squared, less = _arctan_arccot_or_log_arguments()
    arctan, arccot, log = (
        np.asarray(v)
        for v in jax.jit(lambda t, x2, l: arctan_util.arctan_arccot_or_log_from(t, x2, l, jnp))(
            jnp.asarray(t), jnp.asarray(x_squared), jnp.asarray(less)
        )
    )
    reference_arctan, reference_arccot, reference_log = _arctan_arccot_or_log_reference(
        t, x_squared, less
    )
    eps = np.finfo(np.float64).eps

    greater, positive = ~less, reference_arctan > 0
    assert np.max(np.abs(arctan - reference_arctan)[greater & positive] / reference_arctan[greater & positive]) <= 4 * eps
    assert np.all(arctan[greater & ~positive] == 0.0)
    assert np.max((np.abs(arccot - reference_arccot) / reference_arccot)[greater]) <= 4 * eps
    # ln((1 + t) / 2) -> -x^2 / 4 as x -> 0: relative accuracy down to x = 1e-150.
    assert np.max(np.abs(log - reference_log)[less] / np.abs(reference_log[less])) <= 4 * eps
    # The outputs not selected are finite (discarded by the callers' where).
    assert np.all(np.isfinite(arctan)) and np.all(np.isfinite(arccot)) and np.all(np.isfinite(log))


def test__arctan_arccot_or_log_from__numpy_is_the_library_functions():
    t = np.array([0.3, 0.9, 2.0, 1e9])
    x_squared = 1.0 - t**2
    less = np.array([True, True, False, False])
    arctan, arccot, log = arctan_util.arctan_arccot_or_log_from(t, x_squared, less, np)
    np.testing.assert_array_equal(arctan, np.arctan(t))
    np.testing.assert_array_equal(arccot, np.arctan(1.0 / t))
    np.testing.assert_array_equal(log[less], np.log1p(-0.5 * x_squared * (1.0 / (1.0 + t)))[less])


def test__arctan_arccot_or_log_from__derivatives_match_the_functions():
    # d arctan t / dt = 1 / (1 + t^2); d ln((1 + t) / 2) / dt = 1 / (1 + t) along t = sqrt(1 - x^2)
    # with x^2 = 1 - t^2.
    t = jnp.asarray([0.05, 0.3, math.tan(math.pi / 8), 0.8, 1.5, math.tan(3 * math.pi / 8), 40.0])
    d_arctan = jax.vmap(
        jax.grad(lambda t: arctan_util.arctan_arccot_or_log_from(t, 1.0, False, jnp)[0])
    )(t)
    np.testing.assert_allclose(np.asarray(d_arctan), 1.0 / (1.0 + np.asarray(t) ** 2), rtol=1e-13)
    t_less = t[t < 1.0]
    d_log = jax.vmap(
        jax.grad(lambda t: arctan_util.arctan_arccot_or_log_from(t, 1.0 - t * t, True, jnp)[2])
    )(t_less)
    np.testing.assert_allclose(np.asarray(d_log), 1.0 / (1.0 + np.asarray(t_less)), rtol=1e-13)


def test__arctan_arccot_or_log_from__float32_within_4_ulp_of_mpmath():
    # In a subprocess: JAX's 64-bit flag is process-wide.
    script = textwrap.dedent(
        """
        import numpy as np
        from test_arctan_util import _arctan_arccot_or_log_arguments, _arctan_arccot_or_log_reference
        from test_arctan_util import _odd_series_reference
        import jax
        jax.config.update("jax_enable_x64", False)
        import jax.numpy as jnp
        from autogalaxy.profiles.mass.dark import arctan_util
        t, x_squared, less = _arctan_arccot_or_log_arguments()
        keep = (x_squared > 1e-30) & (t < 1e30)
        t, x_squared, less = (np.asarray(v[keep], np.float32) for v in (t, x_squared, less))
        less = less.astype(bool)
        outputs = jax.jit(lambda t, x2, l: arctan_util.arctan_arccot_or_log_from(t, x2, l, jnp))(
            jnp.asarray(t), jnp.asarray(x_squared), jnp.asarray(less)
        )
        assert all(v.dtype == jnp.float32 for v in outputs)
        arctan, arccot, log = (np.asarray(v, np.float64) for v in outputs)
        # The reference at the float32 arguments themselves (t and x^2 as given).
        ra, rc, rl = _arctan_arccot_or_log_reference(
            t.astype(np.float64), x_squared.astype(np.float64), less
        )
        eps = np.finfo(np.float32).eps
        g, p = ~less, ra > 0
        errors = (
            np.max((np.abs(arctan - ra) / ra)[g & p]) / eps,
            np.max((np.abs(arccot - rc) / rc)[g]) / eps,
            np.max((np.abs(log - rl) / np.abs(rl))[less]) / eps,
        )
        print(errors)
        assert max(errors) <= 4, errors
        bound = np.float32(np.tan(np.pi / 8) ** 2)
        w = np.linspace(-bound, bound, 20001, dtype=np.float32)
        series = np.asarray(jax.jit(lambda w: arctan_util.odd_series_from(w, jnp))(jnp.asarray(w)), np.float64)
        reference = _odd_series_reference(w.astype(np.float64))
        assert np.max(np.abs(series - reference) / reference) <= 3 * eps
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=__file__.rsplit("/", 1)[0]
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
