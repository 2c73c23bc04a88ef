r"""
A vectorisable float64 natural logarithm for the radial kernels of the spherical NFW-family profiles
under JAX on XLA's CPU backend.

XLA's CPU ``log`` and ``log1p`` in float64 are scalar library calls per element, which do not vectorise;
`log_from` replaces ``log`` there by integer operations on the bits, one division and a polynomial, with a
stated and tested error bound, and `log1p_bounded_from` replaces ``log1p`` on :math:`[0, \sqrt 2]` by one
division and one polynomial. Both are gated to the CPU backend (``jax.lax.platform_dependent``): on other
backends (GPU), whose library functions are vectorised, they are XLA's ``log`` and ``log1p``; in float32
they are XLA's too, and on the NumPy path ``numpy.log`` and ``numpy.log1p``.

The method is the classical one (Cody & Waite range reduction, the logarithm of the reduced argument
from :math:`\operatorname{artanh}`):

.. math::

    x = 2^k m, \quad m \in [\sqrt{1/2}, \sqrt{2}), \qquad
    f = m - 1, \quad s = \frac{f}{2 + f}, \quad z = s^2,

    \ln m = 2 \operatorname{artanh} s = f - \tfrac{1}{2} f^2 + s\,\big(\tfrac{1}{2} f^2 + z P(z)\big),

    \ln x = k \ln 2 + \ln m,

where :math:`|s| \le 3 - 2\sqrt{2} \approx 0.1716` and :math:`P(z) = 2(\operatorname{artanh}\sqrt{z} /
\sqrt{z} - 1) / z`. The leading term :math:`f` is exact (Sterbenz), so the rounding of :math:`s`
only enters a term at most :math:`\sim 0.09 |f|`; :math:`k \ln 2` is summed as :math:`k\,(\ln 2)_{hi}`
(exact: :math:`(\ln 2)_{hi}` has 32 significant bits) plus :math:`k\,(\ln 2)_{lo}`.
"""

import math

import numpy as np

# P(z) = 2 (artanh(sqrt z) / sqrt z - 1) / z on z in [0, 0.0295] (z = s^2, s <= 0.17158; z^0 first):
# the Chebyshev (near-minimax) fit of degree 6 by mpmath.chebyfit at 50 digits (fit error 3.2e-16,
# i.e. <= 5e-18 relative in ln m), rounded to float64.
_LOG_FLOAT64 = (
    0.666666666666667,
    0.3999999999989819,
    0.28571428626570206,
    0.2222221103781659,
    0.18182896183483085,
    0.15331487235865734,
    0.14619343453512615,
)

# ln 2 = hi + lo with hi of 32 significant bits, so that k * hi is exact for every binary exponent k
# of float64; lo = ln 2 - hi from mpmath at 50 digits, rounded.
_LN2_HI = 0.6931471803691238
_LN2_LO = 1.9082149292705877e-10

# The float64 layout: mantissa bits, exponent bias, the bits of sqrt(1/2), the smallest normal, and
# the power of two by which subnormal inputs are scaled.
_MANTISSA_BITS = 52
_BIAS = 1023
_SQRT_HALF_BITS = 0x3FE6A09E667F3BCD
_SMALLEST_NORMAL = 2.2250738585072014e-308
_SUBNORMAL_BITS = 54

_JAX_FUNCTIONS = {}


def _log_positive_from(x, xp):
    r"""
    :math:`\ln x` for finite float64 :math:`x > 0` (JAX), by the range reduction and polynomial of
    the module docstring; other inputs give finite garbage that the callers replace.
    """
    import jax

    # Subnormal inputs are scaled into the normal range first (their exponent corrected below).
    subnormal = x < _SMALLEST_NORMAL
    x = xp.where(subnormal, x * math.ldexp(1.0, _SUBNORMAL_BITS), x)

    # Adding (bits of 1) - (bits of sqrt(1/2)) carries into the exponent exactly when the mantissa is
    # >= sqrt(2), so the exponent field then holds k and the fraction bits, re-offset by the bits of
    # sqrt(1/2), hold m in [sqrt(1/2), sqrt(2)).
    bits = jax.lax.bitcast_convert_type(x, xp.int64)
    bits = bits + ((_BIAS << _MANTISSA_BITS) - _SQRT_HALF_BITS)
    k = (bits >> _MANTISSA_BITS) - _BIAS - xp.where(subnormal, _SUBNORMAL_BITS, 0)
    fraction = bits & ((1 << _MANTISSA_BITS) - 1)
    m = jax.lax.bitcast_convert_type(fraction + _SQRT_HALF_BITS, xp.float64)

    f = m - 1.0
    s = f / (2.0 + f)
    z = s * s
    polynomial = _LOG_FLOAT64[-1]
    for coefficient in _LOG_FLOAT64[-2::-1]:
        polynomial = polynomial * z + coefficient
    half_f_squared = 0.5 * f * f
    log_m = f - (half_f_squared - s * (half_f_squared + z * polynomial))

    k = k.astype(xp.float64)
    return k * _LN2_HI + (log_m + k * _LN2_LO)


def _jax_functions():
    """The `jax.custom_jvp` wrapper of `log_from`'s CPU kernel, built once on first use."""
    if _JAX_FUNCTIONS:
        return _JAX_FUNCTIONS

    import jax
    import jax.numpy as jnp

    @jax.custom_jvp
    def log(x):
        value = _log_positive_from(x, jnp)
        return jnp.where(
            x > 0.0,
            jnp.where(x < jnp.inf, value, jnp.inf),
            jnp.where(x == 0.0, -jnp.inf, jnp.nan),
        )

    @log.defjvp
    def _(primals, tangents):
        (x,), (dx,) = primals, tangents
        return log(x), dx / x

    _JAX_FUNCTIONS.update(log=log)
    return _JAX_FUNCTIONS


def log_from(x, xp):
    r"""
    Return :math:`\ln x`, to within 1 ulp over every positive float64.

    Under JAX on the CPU backend, for float64 input, the logarithm is computed as in the module
    docstring: integer operations on the bits of ``x`` for :math:`k` and :math:`m`, one division and a
    polynomial, vectorisable where XLA's CPU ``log`` is a scalar call per element; ``test_log_util.py`` checks the
    error bound against mpmath over the whole positive normal range and the derivative :math:`1/x` (a
    ``jax.custom_jvp``). Subnormal inputs are scaled into the normal range first, where the backend
    keeps them (XLA's CPU flushes them to zero, as it does for its own ``log``). Special values follow
    ``numpy.log``: :math:`\ln 0 = -\infty`, :math:`\ln\infty = \infty`, and ``nan`` for negative or
    ``nan`` input.

    Parameters
    ----------
    x
        Values, any shape.
    xp
        The array module; with ``numpy`` the result is ``numpy.log(x)``, and under JAX non-float64
        input, or a backend other than the CPU, goes to ``jax.numpy.log``.

    Returns
    -------
    The natural logarithm of ``x``, shape and dtype of ``x``.
    """
    if xp is np:
        return np.log(x)
    x = xp.asarray(x)
    if x.dtype != xp.float64:
        return xp.log(x)
    from autogalaxy.profiles.mass.dark.arctan_util import on_cpu_backend_from

    return on_cpu_backend_from(_jax_functions()["log"], xp.log, x)


def log1p_bounded_from(v, xp):
    r"""
    Return :math:`\ln(1 + v)` for :math:`0 \le v \le \sqrt{2}`, to a few ulp relative (float64 and
    float32), with one division and one polynomial under JAX on the CPU backend (``jax.numpy.log1p``
    on other backends).

    .. math::

        \ln(1 + v) = 2 \operatorname{artanh} s = 2 s P(s^2), \qquad
        s = \frac{v}{2 + v} \in [0, \sqrt{2} - 1],

    with :math:`P` the odd series of ``arctan_util.odd_series_from`` (:math:`s^2 \le \tan^2(\pi/8)`):
    no exponent extraction is needed on this range, so it is cheaper than `log_from`'s method (and than
    XLA's CPU ``log1p``, also in float32); ``test_log_util.py`` checks the error bound against mpmath, with the
    derivative. The range is the caller's to keep: beyond it the polynomial is not accurate.

    Parameters
    ----------
    v
        Values in :math:`[0, \sqrt{2}]`, any shape.
    xp
        The array module; with ``numpy`` the result is ``numpy.log1p(v)``.

    Returns
    -------
    :math:`\ln(1 + v)`, shape and dtype of ``v``.
    """
    if xp is np:
        return np.log1p(v)
    from autogalaxy.profiles.mass.dark.arctan_util import (
        odd_series_from,
        on_cpu_backend_from,
    )

    def series(v):
        s = v / (2.0 + v)
        return 2.0 * s * odd_series_from(s * s, xp)

    return on_cpu_backend_from(series, xp.log1p, xp.asarray(v))
