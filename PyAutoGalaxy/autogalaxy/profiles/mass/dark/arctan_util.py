r"""
A vectorisable arctangent for the radial kernels of the spherical NFW-family profiles under JAX on XLA's
CPU backend.

XLA's CPU ``arctan`` is a scalar library call per element, which does not vectorise.
`arctan_and_arccot_from` replaces it by one division, a few selects and a polynomial, with a stated and
tested error bound. The odd series :math:`\sum_k w^k / (2k + 1)` of `odd_series_from` gives both
:math:`\arctan` and :math:`\operatorname{artanh}` (hence logarithms of arguments near 1) of small arguments
from one polynomial: `arctan_arccot_or_log_from` takes the arctangents of the NFW function :math:`F(x)` for
:math:`x \ge 1` and its logarithm for :math:`x < 1` with one division and one polynomial.

These kernels serve the CPU backend only (`on_cpu_backend_from`): on other backends (GPU), whose library
functions are vectorised, the same functions are XLA's ``arctan`` and ``log1p``; on the NumPy path they are
NumPy's.
"""

import math

import numpy as np

# tan(pi / 8) and tan(3 pi / 8): the range reduction below maps [0, inf) onto |z| <= tan(pi / 8).
_TAN_PI_8 = math.tan(math.pi / 8.0)
_TAN_3_PI_8 = math.tan(3.0 * math.pi / 8.0)

# P(s) = arctan(sqrt(s)) / sqrt(s) on s = z^2 in [0, tan^2(pi / 8)] (s^0 first): Chebyshev
# (near-minimax) fits by mpmath.chebyfit at 50 digits, of degree 10 (float64; fit error 3.5e-17)
# and 4 (float32; fit error 1.8e-8), rounded to float64. Evaluated by Horner in their dtype, the
# relative error of z P(z^2) against arctan(z) is <= 1.0 ulp (float64) and <= 1.01 ulp
# (float32) on a 20,001-point grid of |z| <= tan(pi / 8) (test_arctan_util.py checks it).
_ARCTAN_FLOAT64 = (
    1.0,
    -0.3333333333332844,
    0.1999999999885511,
    -0.14285714180976467,
    0.11111106180455946,
    -0.09090773074808414,
    0.07689953496306857,
    -0.06640233930429408,
    0.056883492268090106,
    -0.04348052215716462,
    0.021135373157693246,
)
_ARCTAN_FLOAT32 = (
    0.9999999812646111,
    -0.33332785771924844,
    0.19974082415507666,
    -0.13848490212269207,
    0.07976291806794558,
)


def on_cpu_backend_from(cpu, default, *args):
    """
    ``cpu(*args)`` where the computation is lowered for XLA's CPU backend and ``default(*args)`` for every
    other backend, by ``jax.lax.platform_dependent``: both are traced, the lowering for a backend keeps only
    its own, so the choice costs nothing at run time and follows the device the program is compiled for
    (not the default backend of the process).

    Parameters
    ----------
    cpu, default
        Functions of ``args`` returning arrays (or tuples of arrays) of the same shapes and dtypes.
    args
        JAX arrays.
    """
    import jax

    return jax.lax.platform_dependent(*args, cpu=cpu, default=default)


def arctan_and_arccot_from(t, xp):
    r"""
    Return :math:`\arctan t` and :math:`\arctan(1/t)` for :math:`t \ge 0`, each to a few ulp
    relative, with one division and one polynomial.

    The argument is reduced to :math:`|z| \le \tan(\pi/8)` (Cody & Waite's scheme):

    .. math::

        z = \frac{a t - b}{b t + a}, \qquad
        \arctan t = c + \arctan z, \qquad \arctan\frac{1}{t} = \Big(\frac{\pi}{2} - c\Big) - \arctan z,

    with :math:`(a, b, c) = (1, 0, 0)` for :math:`t \le \tan(\pi/8)`, :math:`(1, 1, \pi/4)` up to
    :math:`\tan(3\pi/8)` and :math:`(0, 1, \pi/2)` beyond (:math:`z = -1/t`), and
    :math:`\arctan z = z P(z^2)` by the polynomial ``_ARCTAN_FLOAT64`` (``_ARCTAN_FLOAT32`` for
    float32 inputs). Every result is either :math:`\pm z P(z^2)` itself or an offset of at least
    :math:`\pi/4` plus a term of at most :math:`\pi/8`, so no digits cancel: the relative error of
    both outputs is at most 4 ulp of the dtype over :math:`[0, \infty)` (``test_arctan_util.py``
    checks it against mpmath, with the derivative). Branch-free: the selects only pick constants.

    Parameters
    ----------
    t
        Non-negative values, any shape (float64 or float32).
    xp
        The array module; with ``numpy`` the results are ``numpy.arctan(t)`` and
        ``numpy.arctan(1 / t)`` (``t = 0`` gives :math:`\pi/2`), and under JAX on a backend other than the
        CPU ``jax.numpy.arctan`` likewise.

    Returns
    -------
    arctan, arccot
        :math:`\arctan t` and :math:`\arctan(1/t) = \pi/2 - \arctan t`, shape of ``t``.
    """
    if xp is np:
        t = np.asarray(t)
        with np.errstate(divide="ignore"):
            return np.arctan(t), np.arctan(1.0 / t)
    return on_cpu_backend_from(
        lambda t: _arctan_and_arccot_polynomial_from(t, xp),
        lambda t: (xp.arctan(t), xp.arctan(1.0 / t)),
        xp.asarray(t),
    )


def _arctan_and_arccot_polynomial_from(t, xp):
    """`arctan_and_arccot_from` on the CPU backend: the reduction and polynomial of its docstring."""
    low = t <= _TAN_PI_8
    high = t > _TAN_3_PI_8
    a = xp.where(high, 0.0, 1.0).astype(t.dtype)
    b = xp.where(low, 0.0, 1.0).astype(t.dtype)
    z = (a * t - b) / (b * t + a)
    offset = xp.where(low, 0.0, xp.where(high, 0.5 * math.pi, 0.25 * math.pi)).astype(
        t.dtype
    )

    coefficients = _ARCTAN_FLOAT32 if t.dtype == xp.float32 else _ARCTAN_FLOAT64
    s = z * z
    polynomial = coefficients[-1]
    for coefficient in coefficients[-2::-1]:
        polynomial = polynomial * s + coefficient
    arctan_z = z * polynomial
    return offset + arctan_z, (0.5 * math.pi - offset) - arctan_z


# P(w) = sum_k w^k / (2k + 1), i.e. arctan(sqrt(-w)) / sqrt(-w) for w < 0 and artanh(sqrt(w)) /
# sqrt(w) for w > 0, on |w| <= tan^2(pi / 8) (w^0 first): Chebyshev (near-minimax) fits by
# mpmath.chebyfit at 50 digits, of degree 14 (float64; fit error 8.5e-18) and 6 (float32; fit error
# 5.6e-9), rounded to float64. arctan z = z P(-z^2) and artanh s = s P(s^2), so one polynomial serves
# both (test_arctan_util.py checks the error bounds).
_ODD_SERIES_FLOAT64 = (
    1.0,
    0.333333333333334,
    0.2000000000000006,
    0.14285714285635145,
    0.11111111111036716,
    0.09090909119894806,
    0.07692307719554996,
    0.06666661992156263,
    0.05882348547111293,
    0.05263544051315207,
    0.04762267738271966,
    0.0433081156548035,
    0.0398400784028964,
    0.04081701378825033,
    0.03803513607389895,
)
_ODD_SERIES_FLOAT32 = (
    1.0,
    0.3333335271369062,
    0.200000171181645,
    0.1428046272203327,
    0.11106472881234664,
    0.09444594414856615,
    0.08004616941006583,
)


def odd_series_from(w, xp):
    r"""
    Return :math:`P(w) = \sum_{k \ge 0} w^k / (2k + 1)` for :math:`|w| \le \tan^2(\pi/8)`, so that

    .. math::

        \arctan z = z P(-z^2), \qquad \operatorname{artanh} s = s P(s^2)
        \qquad (|z|, |s| \le \tan(\pi/8) = \sqrt{2} - 1),

    in the dtype of ``w`` (the polynomial ``_ODD_SERIES_FLOAT64`` or ``_ODD_SERIES_FLOAT32``), to
    within 3 ulp (``test_arctan_util.py`` checks it against mpmath). Elementwise and branch-free, for
    the JAX path of the kernels. It is summed by Estrin's scheme (terms paired with :math:`w`, the
    pairs with :math:`w^2`, ...): the fused kernels are bound by the latency of their longest chain
    of dependent operations, which this makes ~4 multiply-adds deep instead of the degree (14).
    """
    coefficients = _ODD_SERIES_FLOAT32 if w.dtype == xp.float32 else _ODD_SERIES_FLOAT64
    terms = list(coefficients)
    power = w
    while len(terms) > 1:
        paired = [terms[i] + terms[i + 1] * power for i in range(0, len(terms) - 1, 2)]
        if len(terms) % 2:
            paired.append(terms[-1])
        terms = paired
        power = power * power
    return terms[0]


def arctan_arccot_or_log_from(t, x_squared, less, xp):
    r"""
    Return the transcendental functions of the NFW function :math:`F(x)`: :math:`\arctan t` and
    :math:`\arctan(1/t)` where ``less`` is False (:math:`x \ge 1`, :math:`t = \sqrt{x^2-1}`), and
    :math:`\ln\frac{1+t}{2}` where ``less`` is True (:math:`x < 1`, :math:`t = \sqrt{1-x^2}`), with one
    division and one polynomial per element under JAX on the CPU backend (XLA's ``arctan`` and ``log1p``
    on other backends, as on the NumPy path).

    The logarithm is an inverse hyperbolic tangent of a small argument, and both functions are
    values of one odd series:

    .. math::

        \ln\frac{1+t}{2} = 2 \operatorname{artanh} s, \qquad
        s = \frac{t - 1}{t + 3} = \frac{-x^2}{(1 + t)(t + 3)} \in \big(-\tfrac{1}{3}, 0\big],

        \arctan z = z P(-z^2), \qquad \operatorname{artanh} s = s P(s^2), \qquad
        P(w) = \sum_{k \ge 0} \frac{w^k}{2k + 1},

    with :math:`z` the argument of ``arctan_and_arccot_from``'s reduction (:math:`|z| \le
    \tan(\pi/8)`) and :math:`P` the polynomial of ``odd_series_from``. The numerator and denominator of :math:`z` or :math:`s` are
    selected per element and divided once; :math:`s` is formed from :math:`x^2` (not from
    :math:`t - 1`), so it has a few ulp of relative error down to the smallest :math:`x`. The
    arctangents have the error bound of ``arctan_and_arccot_from`` (4 ulp) and the logarithm a
    relative error of a few ulp (``test_arctan_util.py`` checks both against mpmath). The outputs not
    selected by ``less`` are finite values to be discarded (no NaN through a ``where`` or its gradient).

    Parameters
    ----------
    t
        :math:`\sqrt{|1 - x^2|} \ge 0` (float64 or float32), any shape; below 1 where ``less``.
    x_squared
        :math:`x^2`, broadcastable against ``t`` (used where ``less``).
    less
        Boolean, broadcastable against ``t``: where the logarithm is wanted.
    xp
        The array module; with ``numpy`` the results are ``numpy.arctan(t)``, ``numpy.arctan(1 / t)``
        and ``numpy.log1p(-x_squared / (2 (1 + t)))`` (clamped at :math:`-1/2`, its value at
        :math:`x = 1`).

    Returns
    -------
    arctan, arccot, log
        :math:`\arctan t`, :math:`\arctan(1/t)` and :math:`\ln((1+t)/2)`, each of the broadcast shape.
    """
    if xp is np:
        t = np.asarray(t)
        with np.errstate(divide="ignore"):
            arctan, arccot = np.arctan(t), np.arctan(1.0 / t)
        log = np.log1p(np.maximum(-0.5 * x_squared * (1.0 / (1.0 + t)), -0.5))
        return arctan, arccot, log

    def library(t, x_squared, less):
        shape = xp.broadcast_shapes(t.shape, x_squared.shape, less.shape)
        log = xp.log1p(xp.maximum(-0.5 * x_squared * (1.0 / (1.0 + t)), -0.5))
        return tuple(
            xp.broadcast_to(value, shape)
            for value in (xp.arctan(t), xp.arctan(1.0 / t), log)
        )

    t = xp.asarray(t)
    return on_cpu_backend_from(
        lambda t, x_squared, less: _arctan_arccot_or_log_polynomial_from(t, x_squared, less, xp),
        library,
        t,
        xp.asarray(x_squared, dtype=t.dtype),
        xp.asarray(less),
    )


def _arctan_arccot_or_log_polynomial_from(t, x_squared, less, xp):
    """`arctan_arccot_or_log_from` on the CPU backend: one division and one odd polynomial per element."""
    low = t <= _TAN_PI_8
    high = t > _TAN_3_PI_8
    one = xp.ones_like(t)
    numerator = xp.where(less, -x_squared, xp.where(high, -one, xp.where(low, t, t - 1.0)))
    denominator = xp.where(
        less, (1.0 + t) * (t + 3.0), xp.where(high, t, xp.where(low, one, t + 1.0))
    )
    q = numerator / denominator
    q_squared = q * q
    series = q * odd_series_from(xp.where(less, q_squared, -q_squared), xp)

    offset = xp.where(low, 0.0, xp.where(high, 0.5 * math.pi, 0.25 * math.pi)).astype(t.dtype)
    return offset + series, (0.5 * math.pi - offset) - series, 2.0 * series
