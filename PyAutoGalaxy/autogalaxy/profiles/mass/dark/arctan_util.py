r"""
A vectorisable arctangent for the radial kernels of the spherical NFW-family profiles under JAX.

XLA's CPU ``arctan`` is a scalar call per element (~17-19 ns in float64 and float32 alike, against
~2 ns for ``log``), which made it the largest cost of the tNFW and NFW deflections evaluated over
(members x rays). `arctan_and_arccot_from` replaces it by one division, a few selects and a
polynomial, with a stated and tested error bound; on the NumPy path it calls ``numpy.arctan``.
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
        ``numpy.arctan(1 / t)`` (``t = 0`` gives :math:`\pi/2`).

    Returns
    -------
    arctan, arccot
        :math:`\arctan t` and :math:`\arctan(1/t) = \pi/2 - \arctan t`, shape of ``t``.
    """
    if xp is np:
        t = np.asarray(t)
        with np.errstate(divide="ignore"):
            return np.arctan(t), np.arctan(1.0 / t)

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
