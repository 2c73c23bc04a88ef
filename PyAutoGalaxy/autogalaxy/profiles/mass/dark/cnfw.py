import math

import numpy as np

from typing import Tuple

from autogalaxy.profiles.mass.dark.abstract import AbstractgNFW
from autogalaxy.profiles.mass.dark.nfw import nfw_f_g_h_from
from autogalaxy.profiles.mass.abstract.mge import MGEDecomposer

import autoarray as aa
from autogalaxy.profiles import validate


def mass_3d_factor_cnfw_from(radius, core_ratio, xp):
    r"""
    Dimensionless 3D mass of the cored NFW profile inside ``radius`` (in units of the scale radius).

    For :math:`\rho(r) = \rho_0 r_s^3 / ((r + r_c)(r + r_s)^2)` the mass inside :math:`r = x r_s` is
    :math:`M_{\rm 3D}(r) = 4 \pi \rho_0 r_s^3 \, m(x, f)` with :math:`f = r_c / r_s` and, by partial fractions,

    .. math::

        m(x, f) = \int_0^x \frac{t^2 \, dt}{(t + f)(1 + t)^2}
        = \frac{f^2 \ln(1 + x/f) + (1 - 2f) \ln(1 + x)}{(1 - f)^2} - \frac{x}{(1 + x)(1 - f)} .

    The closed form cancels as :math:`(1 - f)^{-2}` near :math:`f = 1` (where
    :math:`m(x, 1) = \ln(1 + x) + 2/(1 + x) - 1/(2 (1 + x)^2) - 3/2`), so for :math:`|1 - f| < 0.1` the
    expansion of :math:`1/(t + f)` in :math:`e = 1 - f` is used instead:

    .. math::

        m(x, f) = \sum_{k \ge 0} e^k I_k(x), \qquad
        I_k = \int_0^x \frac{t^2 \, dt}{(1 + t)^{k+3}} = J_{k+1} - 2 J_{k+2} + J_{k+3}, \qquad
        J_1 = \ln(1 + x), \; J_n = \frac{1 - (1 + x)^{1-n}}{n - 1} ,

    whose terms fall faster than :math:`0.1^k`, so 16 of them reach double precision. Penarrubia et al.
    2012 (MNRAS 421, 3284), Eq. 3, give the profile.

    Both forms lose relative precision as :math:`\epsilon / x^2` for :math:`x \ll 1` (where
    :math:`m \approx x^3 / (3 f)`): this is meant for concentrations, :math:`x \gtrsim 0.1`.

    Parameters
    ----------
    radius
        :math:`x = r / r_s` (e.g. the concentration :math:`c = r_{200} / r_s`), dimensionless, any shape.
    core_ratio
        :math:`f = r_c / r_s > 0`, broadcastable against ``radius``. :math:`f \to 0` gives the NFW factor
        :math:`\ln(1 + x) - x / (1 + x)`.
    xp
        The array module (``numpy`` or ``jax.numpy``).

    Returns
    -------
    The factor :math:`m(x, f) > 0`, dimensionless, of the broadcast shape of the inputs.
    """
    x = xp.asarray(radius)
    f = xp.asarray(core_ratio)
    e = 1.0 - f

    near = xp.abs(e) < 0.1

    # Each branch is evaluated on inputs clamped into its own domain, so the branch `where` does not
    # take never has a 0 / 0 (closed form at f = 1, ln(1 + x / 0) at f = 0) whose NaN gradient would leak.
    f_closed = xp.where(near, 0.5, xp.maximum(f, 1e-30))
    e_closed = 1.0 - f_closed
    closed = (
        f_closed**2 * xp.log1p(x / f_closed) + (1.0 - 2.0 * f_closed) * xp.log1p(x)
    ) / e_closed**2 - x / ((1.0 + x) * e_closed)

    e_series = xp.where(near, e, 0.0)
    log_1px = xp.log1p(x)

    def j_from(n):
        # J_n = int_0^x (1 + t)^(-n) dt; expm1 keeps 1 - (1 + x)^(1 - n) accurate for small x.
        if n == 1:
            return log_1px
        return -xp.expm1(-(n - 1) * log_1px) / (n - 1)

    total_terms = 16
    j = [None] + [j_from(n) for n in range(1, total_terms + 3)]
    series = 0.0 * x
    for k in reversed(range(total_terms)):
        series = series * e_series + (j[k + 1] - 2.0 * j[k + 2] + j[k + 3])

    return xp.where(near, series, closed)


# Half-width of the band |q| = |y^2 - 1| <= _NEAR_UNIT_RADIUS in which P(y) of the r_c = r_s profile is summed
# as its series in float64 (`_cnfw_unit_core_equal_scale_from`), with _SERIES_TERMS + 1 terms.
_NEAR_UNIT_RADIUS = 0.03
_SERIES_TERMS = 10


def _nfw_f_g_rho_from(y, xp):
    r"""
    The NFW functions :math:`F(y)` and :math:`g(y) = (1 - F(y)) / (y^2 - 1)` (``nfw.nfw_f_g_h_from``, their
    one implementation) and :math:`\rho(y) = (F(y) - \ln(2/y)) / y^2`, accurate for every :math:`y > 0`.

    :math:`\rho(y)` removes the logarithm analytically for :math:`y < 1/2`
    (:math:`\rho \to \ln(2/y)/2 - 1/4` as :math:`y \to 0`), which is what keeps the cored-NFW deflection
    free of catastrophic cancellation near the centre.

    ``y`` must be > 0; each branch is evaluated on inputs clamped into its own domain.
    """
    f, g, _ = nfw_f_g_h_from(y, xp)

    # For y < 1/2: F = ln(2/y) / w + ln((1 + w) / 2) / w with w = sqrt(1 - y^2), and both 1/w - 1 and
    # ln((1 + w) / 2) are O(y^2): written as such, rho = (F - ln(2/y)) / y^2 needs no subtraction.
    inner = y < 0.5
    y_inner = xp.where(inner, y, 0.25)
    w_inner = xp.sqrt((1.0 - y_inner) * (1.0 + y_inner))
    t = -(y_inner**2) / (2.0 * (1.0 + w_inner))
    # log1p(t) / t, as its series where |t| is so small that the closed form's derivative would divide by an
    # underflowed t^2 (the truncation, t^4 / 5, is below double precision there).
    tiny_t = xp.abs(t) < 1e-4
    t_closed = xp.where(tiny_t, -0.5, t)
    log1p_over_t = xp.where(
        tiny_t,
        1.0 - t / 2.0 + t**2 / 3.0 - t**3 / 4.0,
        xp.log1p(t_closed) / t_closed,
    )
    rho_inner = (xp.log(2.0 / y_inner) - 0.5 * log1p_over_t) / (
        w_inner * (1.0 + w_inner)
    )

    y_outer = xp.where(inner, 1.0, y)
    rho_outer = (f - xp.log(2.0 / y_outer)) / y_outer**2

    return f, g, xp.where(inner, rho_inner, rho_outer)


def _cnfw_unit_from(x, f, f_x, rho_x, g_x, xp):
    r"""
    Convergence over :math:`\kappa_s` and deflection over :math:`\kappa_s R` of the cored NFW at
    :math:`x = R / r_s > 0` for :math:`f = r_c / r_s > 0` with :math:`|1 - f|` not small (the closed forms
    divide by :math:`(1 - f)^2`); ``f_x``, ``rho_x``, ``g_x`` are :math:`F`, :math:`\rho`, :math:`g` at ``x``.

    See :func:`convergence_radial_cnfw_from` and :func:`deflection_radial_cnfw_from` for the formulae.
    """
    y = x / f
    f_y, _, rho_y = _nfw_f_g_rho_from(y, xp)

    e = 1.0 - f
    log_f = xp.log(f)
    inner = x < 1.0

    # F(x) - F(x/f): for x < 1 the logarithms ln(2/x) - ln(2f/x) = -ln f are taken out analytically.
    delta_f = xp.where(
        inner, -log_f + x**2 * (rho_x - rho_y / f**2), f_x - f_y
    )
    convergence = 2.0 * (delta_f / e**2 - (f_x - g_x) / e)

    # alpha / (kappa_s R). Inside x < 1 the O(ln(1/x)) terms of the closed form are cancelled analytically
    # (only O(x^2) pieces remain, in rho); outside, the closed form itself has no such cancellation.
    deflection_inner = -4.0 * (xp.log(2.0 / x) / e + log_f / e**2) - 4.0 * (
        (x**2 / f**2 - 1.0) * rho_y - (f * x**2 - 2.0 * f + 1.0) * rho_x
    ) / e**2
    # The outer form divides by x^2, which underflows to 0 near the centre in float32: the branch not taken
    # there divides by 1 instead, so it stays finite and so do its gradients.
    x_outer = xp.where(inner, 1.0, x)
    deflection_outer = (
        4.0
        * (
            xp.log(x / 2.0)
            - (f**2 * log_f + (x**2 - f**2) * f_y - (f * x**2 - 2.0 * f + 1.0) * f_x)
            / e**2
        )
        / x_outer**2
    )

    return convergence, xp.where(inner, deflection_inner, deflection_outer)


def _cnfw_unit_core_equal_scale_from(y, xp):
    r"""
    Convergence and :math:`\alpha / R` (over :math:`\kappa_s`, :math:`\kappa_s R`) of the cored NFW with
    :math:`r_c = r_s`, i.e. of :math:`\rho \propto (1 + t)^{-3}`, at :math:`y = R / r_s > 0`:

    .. math::

        P(y) = 2 \int_0^\infty \frac{dz}{(1 + \sqrt{y^2 + z^2})^3} = -y \, g'(y)
        = \frac{(1 - y^2 F) / q + 2 y^2 g}{q}, \qquad
        Q(y) = \frac{2}{y^2} \int_0^y P(y') y' dy' = 4 \rho(y) - 2 g(y) ,

    with :math:`q = y^2 - 1`, :math:`F`, :math:`\rho`, :math:`g` as in :func:`_nfw_f_g_rho_from`
    (:math:`2 \int_0^y g y' dy' = \ln(y/2) + F = y^2 \rho`). :math:`P` is 0 / 0 at
    :math:`y = 1`: for :math:`|q| \le 0.03` (float64; 0.3 in float32) it is summed as
    :math:`P = 2 (1 + q) \sum_{n \ge 1} n (-q)^{n-1} / (2n + 3)` (:math:`P(1) = 2/5`); :math:`P(0) = Q(0) = 1`.
    """
    f_y, g_y, rho_y = _nfw_f_g_rho_from(y, xp)

    # The closed form of P cancels twice near y = 1 (1 - F = O(q), then the sum = O(q)) and so loses
    # ~8 eps / q^2: 2e-12 at |q| = 0.03 in float64, but 7e-5 in float32, where the series is therefore
    # used out to |q| = 0.3 (16 terms: 0.3^16 ~ 4e-9) and the closed form loses at most 5e-6.
    if float(np.finfo(xp.result_type(y)).eps) < 1e-10:
        series_radius, series_terms = _NEAR_UNIT_RADIUS, _SERIES_TERMS + 1
    else:
        series_radius, series_terms = 0.3, 16

    q = (y - 1.0) * (y + 1.0)
    near = xp.abs(q) <= series_radius

    q_far = xp.where(near, 1.0, q)
    p_far = ((1.0 - y**2 * f_y) / q_far + 2.0 * y**2 * g_y) / q_far

    q_near = xp.where(near, q, 0.0)
    p_near = 0.0 * q_near
    for n in reversed(range(1, series_terms + 1)):
        p_near = p_near * (-q_near) + n / (2.0 * n + 3.0)
    p_near = 2.0 * (1.0 + q_near) * p_near

    return xp.where(near, p_near, p_far), 4.0 * rho_y - 2.0 * g_y


# Gauss-Legendre nodes and weights on s in [0, 1] for the core-ratio band (see _cnfw_unit_band_from),
# with the Hermite-Genocchi weight 2 (1 - s) folded in; host constants.
_BAND_NODES = 8
_legendre_nodes, _legendre_weights = np.polynomial.legendre.leggauss(_BAND_NODES)
_BAND_S = 0.5 * (_legendre_nodes + 1.0)
_BAND_WEIGHTS = _legendre_weights * (1.0 - _BAND_S)


def _cnfw_unit_band_from(x, f, xp):
    r"""
    Convergence over :math:`\kappa_s` and :math:`\alpha / (\kappa_s R)` of the cored NFW for :math:`f` near 1,
    free of the :math:`(1 - f)^{-2}` cancellation of the closed forms.

    The density :math:`1 / ((t + f)(t + 1)^2)` is the second divided difference of :math:`\phi(a) =
    1 / (t + a)` on the nodes :math:`f, 1, 1`; by the Hermite-Genocchi formula, with
    :math:`\partial_a^2 \phi = 2 / (t + a)^3` and :math:`a(s) = 1 - s (1 - f)`,

    .. math::

        \frac{1}{(t + f)(t + 1)^2} = 2 \int_0^1 \frac{(1 - s) \, ds}{(t + a(s))^3} , \qquad
        \frac{\kappa(x)}{\kappa_s} = 2 \int_0^1 (1 - s) \frac{P(x / a)}{a^2} ds , \qquad
        \frac{\alpha}{\kappa_s R} = 2 \int_0^1 (1 - s) \frac{Q(x / a)}{a^2} ds ,

    with :math:`P`, :math:`Q` the :math:`r_c = r_s` profile (:func:`_cnfw_unit_core_equal_scale_from`,
    :math:`(t + a)^{-3}` is it rescaled by :math:`a`). The integrand is analytic in s except where
    :math:`a = 0`, i.e. :math:`s = 1 / (1 - f)`, so 8 Gauss-Legendre nodes converge as
    :math:`\varrho^{-16}`, :math:`\varrho = u + \sqrt{u^2 - 1}`, :math:`u = 2 / |1 - f| - 1`: 2e-17 for
    :math:`|1 - f| \le 0.3`, 3e-9 for :math:`|1 - f| \le 0.7`.
    """
    # The nodes on a trailing axis: one evaluation of P and Q for all of them (one traced graph, not eight).
    x, f = xp.broadcast_arrays(xp.asarray(x), xp.asarray(f))
    a = 1.0 - xp.asarray(_BAND_S, dtype=x.dtype) * (1.0 - f[..., None])
    weight = xp.asarray(_BAND_WEIGHTS, dtype=x.dtype) / a**2
    p, q = _cnfw_unit_core_equal_scale_from(x[..., None] / a, xp)
    return xp.sum(weight * p, axis=-1), xp.sum(weight * q, axis=-1)


# Large radii, x >= _FAR_RADIUS * max(1, f): the density's series in 1 / t, projected term by term
# (ratio max(1, f) / x <= 1/20; the coefficients grow as ~n^2 / 2, so 16 terms reach ~1e-19).
_FAR_RADIUS = 20.0
_FAR_TERMS = 16
# 2 int_0^inf (x^2 + z^2)^(-m/2) dz = B_m x^(1 - m), B_m = sqrt(pi) Gamma((m - 1)/2) / Gamma(m/2), m = n + 3.
_FAR_PROJECTION = [
    float(np.sqrt(np.pi) * np.exp(math.lgamma((n + 2) / 2.0) - math.lgamma((n + 3) / 2.0)))
    for n in range(_FAR_TERMS)
]
# -(1/2) B(n/2, 3/2) for n >= 1 (0 for n = 0): with the sphere's -1/n, the part of the shell t^(-1-n) dt,
# t > x, inside the cylinder R < x, int_0^1 u^(n-1) (1 - sqrt(1 - u^2)) du = 1/n - B(n/2, 3/2) / 2.
_FAR_CYLINDER = [0.0] + [
    -0.5 * math.exp(math.lgamma(n / 2.0) + math.lgamma(1.5) - math.lgamma(n / 2.0 + 1.5))
    for n in range(1, _FAR_TERMS)
]
# Terms of the series of C(f) in e = 1 - f for |e| < 0.1 (2 e^16 / (16 17 18) < 1e-19).
_MASS_CONSTANT_TERMS = 16


def _cnfw_mass_constant_from(f, xp):
    r"""
    :math:`C(f) = \lim_{x \to \infty} [m(x, f) - \ln x] = -(f^2 \ln f + 1 - f) / (1 - f)^2`, with
    :math:`m(x, f)` the 3D mass factor (:func:`mass_3d_factor_cnfw_from`). The closed form cancels as
    :math:`(1 - f)^{-2}` near :math:`f = 1`, so for :math:`|e| = |1 - f| < 0.1` it is summed as
    :math:`C = -3/2 + \sum_{j \ge 1} 2 e^j / (j (j + 1)(j + 2))` (from the series of :math:`\ln(1 - e)`).
    """
    e = 1.0 - f
    near = xp.abs(e) < 0.1

    f_closed = xp.where(near, 0.5, f)
    e_closed = 1.0 - f_closed
    closed = -(f_closed**2 * xp.log(f_closed) + e_closed) / e_closed**2

    e_series = xp.where(near, e, 0.0)
    series = 0.0 * e_series
    for j in reversed(range(1, _MASS_CONSTANT_TERMS + 1)):
        series = (series + 2.0 / (j * (j + 1.0) * (j + 2.0))) * e_series

    return xp.where(near, series - 1.5, closed)


def _cnfw_unit_far_from(x, f, xp):
    r"""
    Convergence over :math:`\kappa_s` and :math:`\alpha / (\kappa_s R)` of the cored NFW for
    :math:`x \ge 20 \max(1, f)`, where the closed forms lose :math:`\sim \epsilon \, x / (1 - f)^2` (the
    :math:`F` terms are :math:`O(1/x)`, the convergence :math:`O(1/x^2)`).

    For :math:`t > \max(1, f)`, :math:`1 / ((t + f)(1 + t)^2) = \sum_n c_n t^{-3-n}` with
    :math:`c_n = (-1)^n \sum_{j \le n} f^j (n - j + 1)`, so

    .. math::

        \frac{\kappa}{\kappa_s} = \sum_n c_n B_{n+3} x^{-2-n}, \qquad
        \frac{\alpha}{\kappa_s R} = \frac{4}{x^2} \left[ \ln x + C(f) + 1 - \ln 2
        - \sum_{n \ge 1} c_n \frac{B(n/2, 3/2)}{2} x^{-n} \right],

    with :math:`B_m = \sqrt{\pi} \, \Gamma((m-1)/2) / \Gamma(m/2)`. The bracket is the cylinder mass
    :math:`M_{\rm 2D} / (4 \pi \rho_0 r_s^3)`: the sphere's :math:`m(x, f) = \ln x + C(f) - \sum_{n \ge 1}
    c_n x^{-n} / n` (:func:`_cnfw_mass_constant_from`) plus the shells :math:`t > x` inside the cylinder,
    :math:`c_0 (1 - \ln 2) + \sum_{n \ge 1} c_n (1/n - B(n/2, 3/2)/2) x^{-n}`; no term cancels.
    """
    x = xp.asarray(x)
    f = xp.asarray(f)
    u = 1.0 / x
    # The coefficients depend on f only, so they are formed on f's own shape (e.g. one per halo) before
    # broadcasting against the radii: c_n = (-1)^n b_n, b_n = sum_{k <= n} a_k, a_k = sum_{j <= k} f^j.
    # Both series are then summed by Horner in u (their terms fall as (max(1, f) / x)^n <= 20^-n).
    power = xp.ones_like(f)
    a_k = xp.zeros_like(f)
    b_n = xp.zeros_like(f)
    c_n = []
    for n in range(_FAR_TERMS):
        a_k = a_k + power
        b_n = b_n + a_k
        c_n.append(b_n if n % 2 == 0 else -b_n)
        power = power * f

    convergence = c_n[-1] * _FAR_PROJECTION[-1]
    cylinder = c_n[-1] * _FAR_CYLINDER[-1]
    for n in range(_FAR_TERMS - 2, -1, -1):
        convergence = convergence * u + c_n[n] * _FAR_PROJECTION[n]
        cylinder = cylinder * u + c_n[n] * _FAR_CYLINDER[n]

    mass = xp.log(x) + (_cnfw_mass_constant_from(f, xp) + (1.0 - math.log(2.0)))
    return convergence * u**2, 4.0 * (mass + cylinder) * u**2


def _band_if_needed_from(x, f, near, xp):
    r"""
    :func:`_cnfw_unit_band_from` at core ratios ``where(near, f, 1)``, evaluated only when some core
    ratio is in the band (``near`` depends on :math:`f` alone, so for haloes all outside it, the usual
    case, the eight-node quadrature over every radius is skipped): a Python branch on the NumPy path, a
    ``jax.lax.cond`` under JAX, which stays a condition under ``jax.vmap`` (see `_band_if_needed_jax`).
    Where ``near`` is false the values are zeros, which the caller's ``where`` does not take.
    """
    x, f_band = xp.broadcast_arrays(x, xp.where(near, f, 1.0))

    if xp is np:
        if np.any(near):
            return _cnfw_unit_band_from(x, f_band, xp)
        return np.zeros_like(x), np.zeros_like(x)

    return _band_if_needed_jax()(x, f_band, near)


_BAND_IF_NEEDED_JAX = []


def _band_if_needed_jax():
    """
    The JAX form of `_band_if_needed_from`, built once on first use: ``jax.lax.cond`` on whether any
    core ratio is in the band.

    Batched plainly, a ``cond`` whose condition differs between batch members becomes a ``select`` that
    evaluates both branches, so under ``jax.vmap`` the quadrature would run for every batch, in or out of
    the band. Its
    ``jax.custom_batching.custom_vmap`` rule takes one condition for the whole batch instead (any member
    with a core ratio in the band) and evaluates the quadrature batched or not at all; the values are
    those of the unbatched function, member by member. ``custom_vmap`` has no reverse-mode rule, so it
    is wrapped in a ``jax.custom_jvp`` whose derivative differentiates the plain ``cond`` (under
    ``jax.vmap`` of a derivative both branches are then evaluated).
    """
    if _BAND_IF_NEEDED_JAX:
        return _BAND_IF_NEEDED_JAX[0]

    import jax
    import jax.numpy as jnp
    from jax.custom_batching import custom_vmap

    def band_if_needed(x, f_band, near):
        return jax.lax.cond(
            jnp.any(near),
            lambda: _cnfw_unit_band_from(x, f_band, jnp),
            lambda: (jnp.zeros_like(x), jnp.zeros_like(x)),
        )

    batched = custom_vmap(band_if_needed)

    @batched.def_vmap
    def _(axis_size, in_batched, *args):
        # Every argument with the batch axis first; the quadrature is elementwise over leading axes.
        args = [
            arg if is_batched else jnp.broadcast_to(arg, (axis_size,) + jnp.shape(arg))
            for arg, is_batched in zip(args, in_batched)
        ]
        return band_if_needed(*args), (True, True)

    @jax.custom_jvp
    def band(x, f_band, near):
        return batched(x, f_band, near)

    @band.defjvp
    def _(primals, tangents):
        return jax.jvp(band_if_needed, primals, tangents)

    _BAND_IF_NEEDED_JAX.append(band)
    return band


def _cnfw_unit_any_f_from(radius, scale_radius, core_radius, xp):
    r"""
    :func:`_cnfw_unit_from` for every :math:`f > 0`, :math:`R \ge 0`.

    Three forms, each used where it is well conditioned:

    - :math:`x \ge 20 \max(1, f)`: the large-radius series, :func:`_cnfw_unit_far_from`;
    - otherwise, :math:`|1 - f| < 0.3` in float64 (:math:`< 0.7` in float32): the Hermite-Genocchi quadrature
      in the core ratio, :func:`_cnfw_unit_band_from` (the closed forms lose :math:`\epsilon / (1 - f)^2`
      there, :math:`\sim 10^{-3}` in float32 near :math:`f = 1`);
    - otherwise the closed forms, :func:`_cnfw_unit_from`.

    Precision against mpmath quadrature of the density (:math:`10^{-3} \le f \le 2`, tested): float64,
    relative error ~1e-12 in the core-ratio band and ~1e-13 outside it for :math:`0 \le R \le 10^5 \, r_s`;
    float32, <= 2e-5 for
    :math:`10^{-3} \le R / r_s \le 10^5`. Values and gradients are finite everywhere, including :math:`f = 1`.
    """
    x = xp.asarray(radius) / scale_radius
    f = xp.asarray(core_radius) / scale_radius

    eps = float(np.finfo(xp.result_type(x, f)).eps)

    # The centre is evaluated at x = eps^2 (5e-32 in float64, 1e-14 in float32), where both quantities
    # equal their R = 0 limits to O(x^2 ln x), and where the derivatives of the closed forms (which carry
    # 1 / x^2) are still finite in the working precision, so the clamp's zero gradient is not 0 * inf.
    x = xp.maximum(x, eps**2)
    f = xp.maximum(f, 1e-12)

    # Band edges where the closed forms' eps / (1 - f)^2 loss is still below ~1e-13 (float64) / ~3e-5
    # (float32) and where 8 nodes of the band quadrature are at full precision.
    band = 0.3 if eps < 1e-10 else 0.7

    far_radius = _FAR_RADIUS * xp.maximum(f, 1.0)
    far = x >= far_radius
    near = xp.abs(1.0 - f) < band

    # Each form gets inputs clamped into its own domain, so the ones `where` does not take stay finite (and
    # so do their gradients): no x^2 overflow in float32 at huge x, no 1 / (1 - f)^2 at f = 1.
    x_inner = xp.minimum(x, far_radius)
    f_closed = xp.where(near, 2.0, f)
    f_x, g_x, rho_x = _nfw_f_g_rho_from(x_inner, xp)
    convergence_closed, deflection_closed = _cnfw_unit_from(
        x_inner, f_closed, f_x, rho_x, g_x, xp
    )
    convergence_band, deflection_band = _band_if_needed_from(x_inner, f, near, xp)
    convergence_far, deflection_far = _cnfw_unit_far_from(
        xp.maximum(x, far_radius), f, xp
    )

    convergence = xp.where(
        far, convergence_far, xp.where(near, convergence_band, convergence_closed)
    )
    deflection = xp.where(
        far, deflection_far, xp.where(near, deflection_band, deflection_closed)
    )

    return convergence, deflection


def convergence_radial_cnfw_from(radius, kappa_s, scale_radius, core_radius, xp):
    r"""
    Convergence of the spherical cored NFW profile at projected radius ``radius``.

    For :math:`\rho(r) = (\kappa_s \Sigma_{\rm crit} / r_s) \, r_s^3 / ((r + r_c)(r + r_s)^2)`, partial
    fractions, :math:`\frac{1}{(t+f)(t+1)^2} = \frac{1}{(1-f)^2}\left(\frac{1}{t+f} - \frac{1}{t+1}\right)
    - \frac{1}{(1-f)(t+1)^2}`, and the projections :math:`\int dz \, [(r + a)^{-1} - (r + b)^{-1}] =
    2 [F(R/b) - F(R/a)]` give, with :math:`x = R / r_s`, :math:`f = r_c / r_s`,

    .. math::

        \kappa(R) = 2 \kappa_s \left[ \frac{F(x) - F(x/f)}{(1 - f)^2}
        - \frac{F(x) - g(x)}{1 - f} \right], \qquad g(x) = \frac{1 - F(x)}{x^2 - 1} ,

    with :math:`F` the NFW function (Wright & Brainerd 2000, Eq. 11; :math:`f \to 0` gives the NFW
    :math:`2 \kappa_s g(x)`). It is finite at the centre,
    :math:`\kappa(0) = 2 \kappa_s [-\ln f - (1 - f)] / (1 - f)^2`.

    Evaluated without cancellation near :math:`x = 0`, :math:`x = 1`, :math:`x = f`, :math:`f = 1` (by a
    quadrature in the core ratio) and at large radii (a series in :math:`1/x`), see
    :func:`_cnfw_unit_any_f_from`: relative error ~1e-13 in float64, <= 2e-5 in float32 for
    :math:`R \ge 10^{-3} r_s`; real arithmetic only, elementwise, no branching on values (``jax.jit`` /
    ``jax.vmap`` / ``jax.grad`` safe).

    Parameters
    ----------
    radius
        Projected radius :math:`R \ge 0` (arcsec), any shape.
    kappa_s
        :math:`\kappa_s = \rho_0 r_s / \Sigma_{\rm crit}`, broadcastable against ``radius``.
    scale_radius
        :math:`r_s > 0` (arcsec), broadcastable.
    core_radius
        :math:`r_c > 0` (arcsec), broadcastable.
    xp
        The array module (``numpy`` or ``jax.numpy``).

    Returns
    -------
    The dimensionless convergence, of the broadcast shape of the inputs.
    """
    convergence, _ = _cnfw_unit_any_f_from(radius, scale_radius, core_radius, xp)
    return kappa_s * convergence


def deflection_over_radius_cnfw_from(radius, kappa_s, scale_radius, core_radius, xp):
    r"""
    :math:`\alpha(R) / R` of the spherical cored NFW profile, finite at :math:`R = 0`, where it equals
    :math:`\kappa(0)`: the deflection vector is this times the (y, x) offset from the centre, with no angle
    and no division by :math:`R`. See :func:`deflection_radial_cnfw_from` for the formula and parameters.
    """
    _, deflection = _cnfw_unit_any_f_from(radius, scale_radius, core_radius, xp)
    return kappa_s * deflection


def deflection_radial_cnfw_from(radius, kappa_s, scale_radius, core_radius, xp):
    r"""
    Magnitude of the deflection angle of the spherical cored NFW profile at projected radius ``radius``.

    :math:`\alpha(R) = M_{\rm 2D}(R) / (\pi \Sigma_{\rm crit} R) = (2 / R) \int_0^R \kappa(R') R' dR'`.
    With the cylinder mass of each partial fraction, :math:`\int_0^X F(X'/a) X' dX' =
    (X^2 - a^2) F(X/a) + a^2 \ln(2a/X)`, and :math:`x = R / r_s`, :math:`f = r_c / r_s`:

    .. math::

        \alpha(R) = \frac{4 \kappa_s r_s}{x} \left[ \ln\frac{x}{2}
        - \frac{f^2 \ln f + (x^2 - f^2) F(x/f) - (f x^2 - 2f + 1) F(x)}{(1 - f)^2} \right] ,

    which tends to the NFW :math:`4 \kappa_s r_s [\ln(x/2) + F(x)] / x` as :math:`f \to 0` and to
    :math:`\kappa(0) R` as :math:`R \to 0`. For :math:`x < 1` the logarithms that cancel in this form are
    removed analytically (see :func:`_nfw_f_g_rho_from`), so it is accurate down to :math:`R = 0`
    (where it is 0); near :math:`f = 1` see :func:`_cnfw_unit_any_f_from`.

    Parameters
    ----------
    radius
        Projected radius :math:`R \ge 0` (arcsec), any shape.
    kappa_s
        :math:`\kappa_s = \rho_0 r_s / \Sigma_{\rm crit}`, broadcastable against ``radius``.
    scale_radius
        :math:`r_s > 0` (arcsec), broadcastable.
    core_radius
        :math:`r_c > 0` (arcsec), broadcastable.
    xp
        The array module (``numpy`` or ``jax.numpy``).

    Returns
    -------
    :math:`\alpha(R)` in arcsec, of the broadcast shape of the inputs.
    """
    return radius * deflection_over_radius_cnfw_from(
        radius, kappa_s, scale_radius, core_radius, xp
    )


def F_func_from(theta, radius, xp=np):
    F = theta * 0.0

    mask1 = (theta > 0) & (theta <= radius)
    mask2 = theta > radius

    F = xp.where(
        mask1,
        (
            radius / 2 * xp.log(2 * radius / theta)
            - xp.sqrt(radius**2 - theta**2)
            * xp.arctanh(xp.sqrt((radius - theta) / (radius + theta)))
        ),
        F,
    )

    F = xp.where(
        mask2,
        (
            radius / 2 * xp.log(2 * radius / theta)
            + xp.sqrt(theta**2 - radius**2)
            * xp.arctan(xp.sqrt((theta - radius) / (theta + radius)))
        ),
        F,
    )

    return 2 * radius * F


def dev_F_func_from(theta, radius, xp=np):
    dev_F = theta * 0.0

    mask1 = (theta > 0) & (theta < radius)
    mask2 = theta == radius
    mask3 = theta > radius

    dev_F = xp.where(
        mask1,
        (
            radius * xp.log(2 * radius / theta)
            - (2 * radius**2 - theta**2)
            / xp.sqrt(radius**2 - theta**2)
            * xp.arctanh(xp.sqrt((radius - theta) / (radius + theta)))
        ),
        dev_F,
    )

    dev_F = xp.where(
        mask2,
        radius * (xp.log(2) - 1 / 2),
        dev_F,
    )

    dev_F = xp.where(
        mask3,
        (
            radius * xp.log(2 * radius / theta)
            + (theta**2 - 2 * radius**2)
            / xp.sqrt(theta**2 - radius**2)
            * xp.arctan(xp.sqrt((theta - radius) / (theta + radius)))
        ),
        dev_F,
    )

    return 2 * dev_F


def _radius_from(grid, xp):
    """
    Radial distance of each (y,x) coordinate of a grid already centred on the profile, with a gradient that
    is finite (zero) at a coordinate exactly on the centre: sqrt has an infinite derivative at 0, so the
    centre's square is swapped for 1 before the root and its radius set to 0 after.
    """
    radius_squared = grid.array[:, 0] ** 2 + grid.array[:, 1] ** 2
    on_centre = radius_squared == 0.0
    radius = xp.sqrt(xp.where(on_centre, 1.0, radius_squared))
    return xp.where(on_centre, 0.0, radius)


class cNFW(AbstractgNFW):
    r"""
    Elliptical cored NFW (cNFW) dark matter halo profile.

    The three-dimensional density profile introduces a constant-density core of
    radius :math:`r_c` that suppresses the central cusp of the standard NFW profile:

    .. math::

        \rho(r) = \frac{\rho_0 \, r_s^3}{(r + r_c)(r + r_s)^2}

    where :math:`r_c` is the core radius (``core_radius``) and :math:`r_s` is the
    scale radius (``scale_radius``).  In the limit :math:`r_c \to 0` the profile
    approaches the standard NFW density.

    The convergence and deflection angles are computed via a Multi-Gaussian
    Expansion (MGE) decomposition following Shajib (2019).

    References
    ----------
    - Read, Agertz & Collins 2016, MNRAS, 459, 2573
    - Shajib 2019, MNRAS, 488, 1387  (arXiv:1906.08263)
    """

    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        ell_comps: Tuple[float, float] = (0.0, 0.0),
        kappa_s: float = 0.05,
        scale_radius: float = 1.0,
        core_radius: float = 0.01,
    ):
        r"""
        Parameters
        ----------
        centre
            The (y,x) arc-second coordinates of the profile centre.
        ell_comps
            The first and second ellipticity components of the elliptical coordinate system.
        kappa_s
            The overall normalization of the dark matter halo
            (:math:`\kappa_s = \rho_0 D_d r_s / \Sigma_{\rm crit}`).
        scale_radius
            The cored NFW scale radius :math:`r_s`, as an angle on the sky in arcseconds.
        core_radius
            The cored NFW core radius :math:`r_c`, as an angle on the sky in arcseconds.
        """

        super().__init__(centre=centre, ell_comps=ell_comps)

        self.kappa_s = kappa_s
        validate.validate_scale_radius(scale_radius=scale_radius)
        self.scale_radius = scale_radius
        self.core_radius = core_radius

    def deflections_yx_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        return self.deflections_2d_via_mge_from(grid=grid, xp=xp, **kwargs)

    def deflections_2d_via_mge_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        radii_min = self.scale_radius / 1000.0
        radii_max = self.scale_radius * 200.0
        log_sigmas = xp.linspace(xp.log(radii_min), xp.log(radii_max), 20)
        sigmas = xp.exp(log_sigmas)

        mge_decomp = MGEDecomposer(mass_profile=self)

        deflections_via_mge = mge_decomp.deflections_2d_via_mge_from(
            grid=grid,
            xp=xp,
            sigma_log_list=sigmas,
            ellipticity_convention="major",
            three_D=True,
        )
        return deflections_via_mge

    def density_3d_func(self, r, xp=np):

        rho_at_scale_radius = (
            self.kappa_s / self.scale_radius
        )  # density parameter of 3D gNFW

        return (
            rho_at_scale_radius
            * self.scale_radius**3.0
            * (r.array + self.core_radius) ** (-1.0)
            * (r.array + self.scale_radius) ** (-2.0)
        )

    def convergence_func(self, grid_radius, xp=np):
        r"""
        Radial projected convergence :math:`\kappa(r)` of the cored NFW at the (elliptical) radius
        ``grid_radius``, the exact closed form of :func:`convergence_radial_cnfw_from`.

        This hook is reached by radial mass integration (`mass_integral` ->
        `mass_angular_within_circle_from` -> Einstein radius). The result is the q-independent radial profile
        (like `NFW.convergence_func`); a scalar radius gives a scalar.
        """
        radii = (
            grid_radius.array
            if hasattr(grid_radius, "array")
            else xp.asarray(grid_radius)
        )
        return convergence_radial_cnfw_from(
            radius=radii,
            kappa_s=self.kappa_s,
            scale_radius=self.scale_radius,
            core_radius=self.core_radius,
            xp=xp,
        )

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def convergence_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        radii_min = self.scale_radius / 1000.0
        radii_max = self.scale_radius * 200.0
        sigmas = xp.exp(xp.linspace(xp.log(radii_min), xp.log(radii_max), 20))
        mge_decomp = MGEDecomposer(mass_profile=self)
        return mge_decomp.convergence_2d_via_mge_from(
            grid=grid,
            xp=xp,
            sigma_log_list=sigmas,
            ellipticity_convention="major",
            three_D=True,
        )

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def potential_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        radii_min = self.scale_radius / 1000.0
        radii_max = self.scale_radius * 200.0
        sigmas = xp.exp(xp.linspace(xp.log(radii_min), xp.log(radii_max), 20))
        mge_decomp = MGEDecomposer(mass_profile=self)
        return mge_decomp.potential_2d_via_mge_from(
            grid=grid,
            xp=xp,
            sigma_log_list=sigmas,
            ellipticity_convention="major",
            three_D=True,
        )


class cNFWSph(cNFW):
    r"""
    Spherical cored NFW (cNFW) dark matter halo profile.

    A special case of :class:`cNFW` with no ellipticity (:math:`q = 1`).  The 3-D
    density and projected convergence follow the same cored-NFW expressions with
    an analytic deflection-angle formula available for the spherical case:

    .. math::

        \rho(r) = \frac{\rho_0 \, r_s^3}{(r + r_c)(r + r_s)^2}

    The convergence and the deflection angles are the exact closed forms of
    :func:`convergence_radial_cnfw_from` and :func:`deflection_radial_cnfw_from` (finite everywhere,
    including the centre and :math:`r_c = r_s`); the potential is still the MGE decomposition.

    References
    ----------
    - Read, Agertz & Collins 2016, MNRAS, 459, 2573
    """

    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        kappa_s: float = 0.05,
        scale_radius: float = 1.0,
        core_radius: float = 0.01,
    ):
        r"""
        Parameters
        ----------
        centre
            The (y,x) arc-second coordinates of the profile centre.
        kappa_s
            The overall normalization of the dark matter halo
            (:math:`\kappa_s = \rho_0 D_d r_s / \Sigma_{\rm crit}`).
        scale_radius
            The cored NFW scale radius :math:`r_s`, as an angle on the sky in arcseconds.
        core_radius
            The cored NFW core radius :math:`r_c`, as an angle on the sky in arcseconds.
        """

        super().__init__(centre=centre, ell_comps=(0.0, 0.0))

        self.kappa_s = kappa_s
        validate.validate_scale_radius(scale_radius=scale_radius)
        self.scale_radius = scale_radius
        self.core_radius = core_radius

    @aa.decorators.to_vector_yx
    @aa.decorators.transform
    def deflections_yx_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """
        Calculate the deflection angles on a grid of (y,x) arc-second coordinates.

        The input grid of (y,x) coordinates are transformed to a coordinate system centred on the profile centre with
        and rotated based on the position angle defined from its `ell_comps` (this is described fully below).

        The numerical backend can be selected via the ``xp`` argument, allowing this
        method to be used with both NumPy and JAX (e.g. inside ``jax.jit``-compiled
        code). This is described fully later in this example.

        Parameters
        ----------
        grid
            The grid of (y,x) arc-second coordinates the deflection angles are computed on.
        xp
            The numerical backend to use, either `numpy` or `jax.numpy`.
        """
        # alpha_vec = (alpha(R) / R) * (y, x): alpha / R is finite at R = 0 (it is kappa(0) there), so a pixel
        # on the centre gets a zero deflection and finite gradients, with no angle (arctan2) and no 1 / R.
        radius = _radius_from(grid=grid, xp=xp)
        deflection_over_radius = deflection_over_radius_cnfw_from(
            radius=radius,
            kappa_s=self.kappa_s,
            scale_radius=self.scale_radius,
            core_radius=self.core_radius,
            xp=xp,
        )

        return xp.stack(
            (
                deflection_over_radius * grid.array[:, 0],
                deflection_over_radius * grid.array[:, 1],
            ),
            axis=-1,
        )

    def F_func(self, theta, radius, xp=np):
        return F_func_from(theta, radius, xp=xp)

    def dev_F_func(self, theta, radius, xp=np):
        return dev_F_func_from(theta, radius, xp=xp)

    @staticmethod
    def radial_deflection_from(r, params, xp):
        kappa_s, scale_radius, core_radius = params[0], params[1], params[2]
        return deflection_radial_cnfw_from(
            radius=r,
            kappa_s=kappa_s,
            scale_radius=scale_radius,
            core_radius=core_radius,
            xp=xp,
        )

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def convergence_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """
        The exact projected convergence on a grid of (y,x) arc-second coordinates (see
        :func:`convergence_radial_cnfw_from`); finite at the centre.

        Parameters
        ----------
        grid
            The grid of (y,x) arc-second coordinates the convergence is computed on.
        xp
            The numerical backend to use, either `numpy` or `jax.numpy`.
        """
        return convergence_radial_cnfw_from(
            radius=_radius_from(grid=grid, xp=xp),
            kappa_s=self.kappa_s,
            scale_radius=self.scale_radius,
            core_radius=self.core_radius,
            xp=xp,
        )

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def potential_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        radii_min = self.scale_radius / 1000.0
        radii_max = self.scale_radius * 200.0
        sigmas = xp.exp(xp.linspace(xp.log(radii_min), xp.log(radii_max), 20))
        mge_decomp = MGEDecomposer(mass_profile=self)
        return mge_decomp.potential_2d_via_mge_from(
            grid=grid,
            xp=xp,
            sigma_log_list=sigmas,
            ellipticity_convention="major",
            three_D=True,
        )
