import math

import numpy as np
from typing import Optional, Tuple

import autoarray as aa

from autogalaxy.cosmology.model import LensingCosmology
from autogalaxy.profiles.mass.dark.abstract import AbstractgNFW, coord_func_f_from
from autogalaxy.profiles.mass.dark.log_util import log1p_bounded_from, log_from
from autogalaxy.profiles.mass.dark.nfw import nfw_f_g_h_from, nfw_functions_from


def coord_func_k_from(grid_radius, tau, xp=np):
    return xp.log(
        xp.divide(
            grid_radius,
            xp.sqrt(xp.square(grid_radius) + xp.square(tau)) + tau,
        )
    )


# Beyond this dimensionless radius the convergence and mass brackets are evaluated in forms
# whose O(1 / x) (mass) and O(tau^2 / x^2) (convergence) cancellations are done analytically;
# below it they are well conditioned as written (x = 2 keeps t = sqrt(x^2 - 1) >= sqrt(3), away
# from the 1 / t of those forms).
_LARGE_RADIUS = 2.0

def _dimensionless_radius_from(radius, scale_radius, xp):
    r"""
    Return :math:`x = R / r_s`, clamped below at :math:`\sqrt{\rm tiny}` of its dtype.

    The tNFW convergence diverges logarithmically at :math:`x = 0` and the deflection formula
    divides by :math:`x`; the clamp gives a finite value on a pixel exactly at the centre
    (deflection :math:`\sim 10^{-150}`, convergence :math:`2 \kappa_s \ln(2/x_{\rm min})`),
    and keeps :math:`x^2` a normal number so nothing underflows to zero and divides.
    """
    x = xp.real(xp.asarray(radius / scale_radius))
    return xp.maximum(x, xp.sqrt(xp.finfo(x.dtype).tiny))


def _large_radius_from(x, xp):
    r"""
    Return the mask of the large-radius branch (:math:`x >` ``_LARGE_RADIUS``), the radius
    masked into it (3 elsewhere, so every value computed from it stays finite) and
    :math:`t = \sqrt{x^2 - 1}` there.

    On this branch :math:`F(x) = \pi / (2t) - \arcsin(1/x) / t`, with
    :math:`\arcsin(1/x) = \arctan(1/t)`, which lets the callers cancel the :math:`\pi / t`
    parts of their terms analytically instead of in floating point.
    """
    large = x > _LARGE_RADIUS
    x_large = xp.where(large, x, 3.0)
    return large, x_large, xp.sqrt(x_large * x_large - 1.0)


# Taylor coefficients c_n = (2n)! / (4^n (n!)^2 (2n + 1)), n = 1, 2, ..., of
# arcsin(z) / z = 1 + sum_n c_n z^(2n); arcsinh(z) / z has the same with signs (-1)^n.
_ARC_RATIO_COEFFICIENTS = tuple(
    math.comb(2 * n, n) / (4.0**n * (2 * n + 1)) for n in range(1, 10)
)


def _arc_ratio_curvature_from(z, ratio, alternating, xp):
    r"""
    Return :math:`(\rho(z) - 1) / z^2` for :math:`\rho(z) = \arcsin(z)/z` or, with
    ``alternating``, :math:`\mathrm{arcsinh}(z)/z`, given ``ratio`` :math:`= \rho(z)`.

    .. math::

        \frac{\rho(z) - 1}{z^2} = \sum_{n \ge 1} (\pm 1)^n c_n z^{2n - 2}
        = \pm\frac{1}{6} + \frac{3}{40} z^2 \pm \dots

    The direct quotient loses :math:`\epsilon / z^2` relative precision, so for
    :math:`z < 0.1` the series (9 terms, ~1e-17) is used; the direct branch's inputs are
    masked so its untaken value stays finite (no NaN gradient through the ``where``).
    """
    small = z < 0.1
    z_squared_small = xp.where(small, z * z, 0.0)
    series = 0.0
    for index in range(len(_ARC_RATIO_COEFFICIENTS) - 1, -1, -1):
        sign = -1.0 if (alternating and index % 2 == 0) else 1.0
        series = series * z_squared_small + sign * _ARC_RATIO_COEFFICIENTS[index]
    direct = xp.where(small, 0.0, ratio - 1.0) / xp.where(small, 1.0, z * z)
    return xp.where(small, series, direct)


def coord_func_l_from(grid_radius, tau, xp):
    r"""
    Return the dimensionless tNFW convergence :math:`l(x) = \kappa(x) / (2 \kappa_s)`.

    Baltz, Marshall & Oguri (2009), eq. (A.4) for their :math:`n = 1` truncation (density
    :math:`\rho_s \tau^2 / [x (1+x)^2 (\tau^2 + x^2)]`):

    .. math::

        l(x) = \frac{\tau^2}{(\tau^2+1)^2} \left[ (\tau^2 + 1)\,g(x) + 2F(x)
               - \frac{\pi}{\sqrt{\tau^2+x^2}}
               + \frac{\tau^2 - 1}{\tau\sqrt{\tau^2+x^2}}\,L(x) \right],
        \qquad L(x) = \ln\frac{x}{\sqrt{\tau^2+x^2}+\tau} = -\mathrm{arcsinh}(\tau / x),

    with :math:`g = (F - 1)/(1 - x^2)` (the paper's :math:`(\tau^2+1)(1-F)/(x^2-1)` term).
    :math:`F` and :math:`g` use their series near :math:`x = 1`.

    Beyond the truncation radius the bracket's terms, each :math:`O(\tau^2/x^2)`, cancel to
    :math:`l \simeq 2\tau^2 / (3 x^4)` (the :math:`r^{-5}` density tail): a relative
    rounding error :math:`(x/\tau)^2 \epsilon` as written. For :math:`x > 2` the bracket
    is therefore evaluated in the exactly equivalent form (:math:`t = \sqrt{x^2-1}`,
    :math:`S = \sqrt{\tau^2+x^2}`)

    .. math::

        \frac{\tau^2+1}{x t^2 (x+t)} + \frac{\tau^4-1}{x t S (S+t)}
        + \frac{\tau^2+1}{x t^3}
        + \frac{C(1/x)}{x^3 t}\Big(\frac{\tau^2+1}{t^2} - 2\Big)
        - \frac{\tau^2(\tau^2-1)\,B(\tau/x)}{x^3 S}
        - \frac{\pi (\tau^2+1)^2 (2t + S)}{2 t^3 S (S+t)^2},

    with :math:`C(u) = (\arcsin(u)/u - 1)/u^2` and
    :math:`B(y) = (\mathrm{arcsinh}(y)/y - 1)/y^2` (series at small argument), whose
    terms do not cancel.

    Parameters
    ----------
    grid_radius
        Dimensionless radius :math:`x = R / r_s`; clamped to a tiny positive value at 0, where
        the true convergence diverges logarithmically.
    tau
        Truncation ratio :math:`\tau = r_t / r_s`, broadcastable against ``grid_radius``.
    xp
        The array module.
    """
    # Per-halo constants (depend on tau only): evaluated on tau's shape, before broadcasting.
    tau_squared = tau * tau
    prefactor = tau_squared / xp.square(tau_squared + 1.0)
    tau_plus = tau_squared + 1.0
    tau_minus = tau_squared - 1.0
    log_coefficient = tau_minus / tau

    x = _dimensionless_radius_from(grid_radius, 1.0, xp)
    f, g, _ = nfw_f_g_h_from(x, xp)
    root = xp.sqrt(tau_squared + x * x)
    l_r = -xp.arcsinh(tau / x)

    bracket = (tau_squared + 1.0) * g + 2.0 * f - xp.pi / root + log_coefficient * l_r / root

    # x > 2: the bracket's terms are O(tau^2 / x^2) but cancel to O(tau^4 / x^4) beyond the
    # truncation radius. With F = pi / (2t) - arcsin(1/x) / t, arcsin(u) / u = 1 + u^2 C(u) and
    # arcsinh(y) / y = 1 + y^2 B(y) (u = 1 / x, y = tau / x) the cancelling parts are removed
    # algebraically, leaving terms that are each O(1 / x^4) times powers of tau.
    # Off the branch x_large = 3 and root belongs to the true x: finite, and discarded.
    large, x_large, t = _large_radius_from(x, xp)
    x_large_cubed = x_large * x_large * x_large
    curvature_arcsin = _arc_ratio_curvature_from(
        z=1.0 / x_large, ratio=x_large * xp.arctan(1.0 / t), alternating=False, xp=xp
    )
    y_large = tau / x_large
    curvature_arcsinh = _arc_ratio_curvature_from(
        z=y_large, ratio=-l_r / y_large, alternating=True, xp=xp
    )
    bracket_large = (
        tau_plus / (x_large * t * t * (x_large + t))
        + tau_plus * tau_minus / (x_large * t * root * (root + t))
        + tau_plus / (x_large * t * t * t)
        + curvature_arcsin * (tau_plus / (t * t) - 2.0) / (x_large_cubed * t)
        - tau_squared * tau_minus * curvature_arcsinh / (x_large_cubed * root)
        - xp.pi
        * tau_plus
        * tau_plus
        * (2.0 * t + root)
        / (2.0 * t * t * t * root * xp.square(root + t))
    )

    return prefactor * xp.where(large, bracket_large, bracket)


def _mass_from(x, tau, tau_squared, tau_minus, tau_plus, inv_tau, log_two_tau, xp):
    r"""
    Return the bracket of the tNFW projected mass, :math:`m(x) (\tau^2+1)^2 / \tau^2`, for
    :math:`x > 0` (see ``coord_func_m_from`` for the formula), with one logarithm of :math:`x`,
    two square roots and, under JAX, two evaluations of one odd polynomial per radius (the
    arctangent or a logarithm of :math:`F`, and a ``log1p``).

    The per-halo constants (functions of :math:`\tau` only: :math:`\tau^2`, :math:`\tau^2 \mp 1`,
    :math:`1/\tau`, :math:`\ln 2\tau`) are passed in, evaluated on the haloes' shape before they
    broadcast against the radii.

    Shared between the regimes (each evaluated on inputs clamped into its domain before its
    ``where``, so untaken values are finite and gradients not NaN):

    - :math:`F(x)`, :math:`h(x)`, :math:`t = \sqrt{|1 - x^2|}` and :math:`\arctan(1/t)` come from the
      NFW family's one ``nfw.nfw_functions_from`` (one ``arctan_arccot_or_log_from`` for the
      transcendentals of :math:`F`: one division and one polynomial under JAX on the CPU); :math:`1/t`
      and :math:`\arctan(1/t)` also serve the large-radius pair;
    - :math:`L = \ln\frac{x}{S + \tau}` and :math:`\ln(1 + d/2) = \ln\frac{S + \tau}{2\tau}`
      (:math:`S = \sqrt{\tau^2+x^2}`) sum to :math:`\ln\frac{x}{2\tau}`, so one ``log1p`` gives
      both: of :math:`d/2` for :math:`x < \tau` (where :math:`L`, :math:`|L| \ge 0.88`, is the
      well-conditioned difference) and of :math:`(S + \tau)/x - 1 = \tau(1 + \tau/(S + x))/x`
      beyond (where :math:`\ln(1 + d/2) \ge 0.19` is); its argument lies in :math:`[0, \sqrt{2}]`,
      where ``log1p_bounded_from`` needs no exponent extraction.
    """
    x_squared = x * x
    inv_x = 1.0 / x
    log_x = log_from(x, xp)
    root = xp.sqrt(tau_squared + x_squared)
    inv_root_plus_tau = 1.0 / (root + tau)

    # d / 2 = x^2 / (2 tau (tau + S)) and L from one log1p (see above).
    d_half = 0.5 * x_squared * inv_root_plus_tau * inv_tau
    inner = x < tau
    # Its argument is in [0, sqrt(2)]: d / 2 <= 1 / (2 (1 + sqrt 2)) for x < tau, and
    # tau (1 + tau / (S + x)) / x decreases from 1 + 1 / (1 + sqrt 2) = sqrt 2 at x = tau.
    log1p_value = log1p_bounded_from(
        xp.where(inner, d_half, tau * (1.0 + tau / (root + x)) * inv_x), xp
    )
    log_x_over_two_tau = log_x - log_two_tau
    log1p_d_half = xp.where(inner, log1p_value, log_x_over_two_tau + log1p_value)
    log_ratio = xp.where(inner, log_x_over_two_tau - log1p_value, -log1p_value)

    # F and h of the NFW, and the t = sqrt|1 - x^2| and arctan(1 / t) they come from, which the pair
    # below reuses.
    f, _, h, t, arccot_t = nfw_functions_from(x, log_x, xp)
    inv_t = 1.0 / t

    # 2F - pi / (tau + S); for x > 2 with the pi / t parts of 2F = pi / t - 2 arctan(1/t) / t
    # removed analytically (S - t = (tau^2 + 1) / (S + t)), as they cancel for x >> tau.
    pair = xp.where(
        x > _LARGE_RADIUS,
        (xp.pi * (tau + tau_plus / (root + t)) * inv_root_plus_tau - 2.0 * arccot_t)
        * inv_t,
        2.0 * f - xp.pi * inv_root_plus_tau,
    )

    bracket = h - log1p_d_half + 2.0 * d_half * log_ratio
    return tau_minus * bracket + x_squared * pair, inv_x


def coord_func_m_from(grid_radius, tau, xp=np):
    r"""
    Return the dimensionless projected (cylindrical) mass of the tNFW profile,
    :math:`m(x) = M_{\rm 2D}(x) / (4 \pi \rho_s r_s^3)`.

    Baltz, Marshall & Oguri (2009), eq. (A.5) for the :math:`n = 1` truncation:

    .. math::

        m(x) = \frac{\tau^2}{(\tau^2+1)^2} \Big[ (\tau^2 + 2x^2 - 1) F(x) + \pi\tau
               + (\tau^2 - 1)\ln\tau
               + \sqrt{\tau^2+x^2}\Big(\frac{\tau^2-1}{\tau} L(x) - \pi\Big) \Big] .

    Written as is, its terms are :math:`O(\tau^2 \ln x)` while :math:`m \sim x^2 \ln(1/x)` at
    small :math:`x` (all digits cancel in float32, and ~12 in float64 at
    :math:`x = 10^{-3}, \tau = 10^3`). It is evaluated in the exactly equivalent form

    .. math::

        m(x) = \frac{\tau^2}{(\tau^2+1)^2} \Big[ (\tau^2 - 1)\Big( h(x)
               - \ln\!\big(1 + \tfrac{d}{2}\big) + d\,L(x) \Big)
               + x^2 \Big( 2F(x) - \frac{\pi}{\tau + \sqrt{\tau^2+x^2}} \Big) \Big],
        \qquad d = \frac{x^2}{\tau(\tau + \sqrt{\tau^2+x^2})},

    with :math:`h = \ln(x/2) + F` the NFW mass function (cancellation-free form at small
    :math:`x`) and, for :math:`x > 2`, the last bracket combined analytically as
    :math:`\{\pi[\tau + (\tau^2+1)/(\sqrt{\tau^2+x^2} + t)] / (\tau + \sqrt{\tau^2+x^2})
    - 2\arctan(1/t)\}/t`, :math:`t = \sqrt{x^2-1}`. The regimes share their transcendental
    functions (``_mass_from``); the arctangent is the polynomial of ``arctan_util`` under JAX.

    The deflection is :math:`\alpha(R) = 4 \kappa_s r_s\, m(x) / x` (arcsec).

    Parameters
    ----------
    grid_radius
        Dimensionless radius :math:`x = R / r_s` (real; a complex input's real part is used).
        Clamped to a tiny
        positive value at 0, where :math:`m \to 0`.
    tau
        Truncation ratio :math:`\tau = r_t / r_s`, broadcastable against ``grid_radius``.
    xp
        The array module.
    """
    x = _dimensionless_radius_from(grid_radius, 1.0, xp)
    constants = _tau_constants_from(tau, xp)
    bracket, _ = _mass_from(x, tau, *constants, xp=xp)
    return constants[0] / xp.square(constants[2]) * bracket


def _tau_constants_from(tau, xp):
    r"""
    The per-halo constants of ``_mass_from``: :math:`\tau^2`, :math:`\tau^2 - 1`,
    :math:`\tau^2 + 1`, :math:`1/\tau` and :math:`\ln 2\tau`, on the shape of ``tau`` (one
    value per halo, computed before broadcasting against the radii).
    """
    tau_squared = tau * tau
    return (
        tau_squared,
        tau_squared - 1.0,
        tau_squared + 1.0,
        1.0 / tau,
        xp.log(2.0 * tau),
    )


def convergence_radial_tnfw_from(
    radius, kappa_s, scale_radius, truncation_radius, xp
):
    r"""
    Return the convergence of the spherical tNFW profile at projected radius ``radius``.

    .. math::

        \kappa(R) = 2 \kappa_s\, l(R / r_s; \tau), \qquad \tau = r_t / r_s,

    with :math:`l` of ``coord_func_l_from`` (Baltz, Marshall & Oguri 2009, eq. A.4). Real
    arithmetic, elementwise and broadcastable over parameter arrays (e.g. parameters of shape
    ``(n_halo, 1)`` against radii of shape ``(n_ray,)``), no branching on values.

    Parameters
    ----------
    radius
        Projected radius :math:`R` from the centre, arcsec (>= 0; at 0 the logarithmically
        divergent convergence is evaluated at a tiny clamped radius and is finite).
    kappa_s
        :math:`\kappa_s = \rho_s r_s / \Sigma_{\rm crit}` (dimensionless).
    scale_radius
        :math:`r_s`, arcsec.
    truncation_radius
        :math:`r_t`, arcsec.
    xp
        The array module (``numpy`` or ``jax.numpy``).

    Returns
    -------
    The dimensionless convergence, of the broadcast shape of the inputs.
    """
    tau = truncation_radius / scale_radius
    return (
        2.0
        * kappa_s
        * coord_func_l_from(
            grid_radius=_dimensionless_radius_from(radius, scale_radius, xp),
            tau=tau,
            xp=xp,
        )
    )


def deflection_radial_tnfw_from(
    radius, kappa_s, scale_radius, truncation_radius, xp
):
    r"""
    Return the magnitude of the (radial) deflection of the spherical tNFW profile, arcsec.

    .. math::

        \alpha(R) = \frac{M_{\rm 2D}(R)}{\pi \Sigma_{\rm crit} R}
                  = \frac{4 \kappa_s r_s}{x}\, m(x; \tau), \qquad x = R / r_s,
                  \quad \tau = r_t / r_s,

    with :math:`m` of ``coord_func_m_from`` (Baltz, Marshall & Oguri 2009, eq. A.5). The
    deflection vector is :math:`\alpha(R)\,(y, x)/R`. Real arithmetic, elementwise and
    broadcastable over parameter arrays, no branching on values; :math:`\alpha \to 0` at the
    centre (:math:`\sim x \ln(1/x)`).

    Parameters
    ----------
    radius
        Projected radius :math:`R` from the centre, arcsec (>= 0).
    kappa_s
        :math:`\kappa_s = \rho_s r_s / \Sigma_{\rm crit}` (dimensionless).
    scale_radius
        :math:`r_s`, arcsec.
    truncation_radius
        :math:`r_t`, arcsec.
    xp
        The array module (``numpy`` or ``jax.numpy``).

    Returns
    -------
    The deflection magnitude in arcsec, of the broadcast shape of the inputs.
    """
    # Per-halo constants first (shape of the parameters, e.g. (n_halo, 1)), so that the
    # (n_halo, n_ray) work is only what depends on the radius: a multiply by 1 / r_s, and the
    # prefactor 4 kappa_s r_s tau^2 / (tau^2 + 1)^2 applied once.
    inv_scale_radius = 1.0 / scale_radius
    tau = truncation_radius * inv_scale_radius
    constants = _tau_constants_from(tau, xp)
    amplitude = 4.0 * kappa_s * scale_radius * constants[0] / xp.square(constants[2])

    x = _dimensionless_radius_from(radius * inv_scale_radius, 1.0, xp)
    bracket, inv_x = _mass_from(x, tau, *constants, xp=xp)
    return amplitude * bracket * inv_x


def potential_func_sph_from(grid_radius, tau, xp=np):
    r"""Return the dimensionless analytic tNFW lensing potential.

    This is equation (18) of Baltz, Marshall & Oguri (2009) for their
    :math:`n=1` smoothly truncated NFW profile.  The returned function is the
    paper's dimensionless radial term; ``NFWTruncatedSph.potential_2d_from``
    supplies the PyAutoGalaxy normalization :math:`2\kappa_s r_s^2`.

    The potential is defined only up to an additive constant.  We retain the
    paper's convention, in which the central potential is zero, but use its
    small-radius series through :math:`x=10^{-1}`.  Direct evaluation there
    subtracts large, nearly equal terms and loses precision in JAX float32.
    """
    grid_radius = xp.real(grid_radius)
    series_radius = xp.maximum(grid_radius, 1.0e-12)
    use_small_radius_series = grid_radius <= 1.0e-1

    # Keep every branch of the closed form finite when JAX traces ``where``.
    # Values below the switch are replaced by the series before returning.
    grid_radius = xp.where(use_small_radius_series, 1.0e-1, grid_radius)

    u = xp.square(grid_radius)
    tau_squared = xp.square(tau)
    root = xp.sqrt(tau_squared + u)

    # F(x) with its series through x = 1: a constant F = 1 branch on x == 1 has derivative 0,
    # which made jax.grad of the potential wrong on the scale radius.
    f_r, _, _ = nfw_f_g_h_from(grid_radius, xp)

    l_r = coord_func_k_from(grid_radius=grid_radius, tau=tau, xp=xp)

    # -arccosh(1/x)^2 (x < 1) and arccos(1/x)^2 (x > 1) are both (x^2 - 1) F(x)^2, which is
    # analytic through x = 1 (and so is its derivative).
    cos_term = (u - 1.0) * xp.square(f_r)

    potential = (
        2.0 * tau_squared * xp.pi * (tau - root + tau * xp.log(tau + root))
        + 2.0 * (tau_squared - 1.0) * tau * root * l_r
        + tau_squared * (tau_squared - 1.0) * xp.square(l_r)
        + 4.0 * tau_squared * (u - 1.0) * f_r
        + tau_squared * (tau_squared - 1.0) * cos_term
        + tau_squared
        * ((tau_squared - 1.0) * xp.log(tau) - tau_squared - 1.0)
        * xp.log(u)
        - tau_squared
        * (
            (tau_squared - 1.0) * xp.log(tau) * xp.log(4.0 * tau)
            + 2.0 * xp.log(tau / 2.0)
            - 2.0 * tau * (tau - xp.pi) * xp.log(2.0 * tau)
        )
    )

    potential = potential / xp.square(tau_squared + 1.0)

    small_radius_log = xp.log(2.0 / series_radius)
    small_radius_coefficient_2 = (
        small_radius_log * xp.square(tau_squared + 1.0)
        - tau_squared * xp.log(tau)
        + tau_squared
        - xp.pi * tau
        + xp.log(tau)
        + 1.0
    )
    small_radius_coefficient_2 /= 2.0 * xp.square(tau_squared + 1.0)
    small_radius_coefficient_4 = (
        small_radius_log * (3.0 * tau**6.0 + 5.0 * tau**4.0 + tau_squared - 1.0)
        - tau**6.0
        - tau**4.0
        + tau_squared * xp.log(tau)
        + xp.pi * tau
        - xp.log(tau)
    )
    small_radius_coefficient_4 /= 16.0 * tau_squared * xp.square(tau_squared + 1.0)
    small_radius_coefficient_6 = (
        small_radius_log * (20.0 * tau**8.0 + 28.0 * tau**6.0 - 4.0 * tau_squared + 4.0)
        - 9.0 * tau**8.0
        - 11.0 * tau**6.0
        - 4.0 * tau_squared * xp.log(tau)
        + tau_squared
        - 4.0 * xp.pi * tau
        + 4.0 * xp.log(tau)
        - 1.0
    )
    small_radius_coefficient_6 /= 192.0 * tau**4.0 * xp.square(tau_squared + 1.0)
    potential_small_radius = (
        xp.square(series_radius) * small_radius_coefficient_2
        + series_radius**4.0 * small_radius_coefficient_4
        + series_radius**6.0 * small_radius_coefficient_6
    )

    return xp.where(use_small_radius_series, potential_small_radius, potential)


class NFWTruncatedSph(AbstractgNFW):
    r"""
    Spherical truncated NFW (tNFW) dark matter halo profile (Baltz, Marshall & Oguri 2009).

    The tNFW profile introduces a smooth truncation of the NFW density at a truncation
    radius :math:`r_t`, characterised by the dimensionless truncation ratio
    :math:`\tau = r_t / r_s`:

    .. math::

        \rho(r) = \frac{\rho_s}{(r/r_s)(1 + r/r_s)^2}
                  \left(\frac{\tau^2}{\tau^2 + (r/r_s)^2}\right)

    where :math:`r_s` is the scale radius and :math:`\rho_s` is related to the
    dimensionless convergence normalisation via
    :math:`\kappa_s = \rho_s r_s / \Sigma_{\rm crit}`.

    The projected convergence is given by:

    .. math::

        \kappa(x) = 2 \kappa_s \, L(x, \tau)

    where :math:`L(x, \tau)` is the auxiliary function defined in Baltz et al. (2009)
    (implemented here as ``coord_func_l``).

    References
    ----------
    - Baltz, Marshall & Oguri 2009, JCAP, 2009, 015  (arXiv:0705.0682)
    - Navarro, Frenk & White 1997, ApJ, 490, 493
    """

    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        kappa_s: float = 0.05,
        scale_radius: float = 1.0,
        truncation_radius: float = 2.0,
    ):
        r"""
        Parameters
        ----------
        centre
            The (y,x) arc-second coordinates of the profile centre.
        kappa_s
            The dimensionless convergence normalisation
            (:math:`\kappa_s = \rho_s r_s / \Sigma_{\rm crit}`).
        scale_radius
            The NFW scale radius :math:`r_s`, as an angle on the sky in arcseconds.
        truncation_radius
            The truncation radius :math:`r_t`, as an angle on the sky in arcseconds.
            The dimensionless truncation ratio is :math:`\tau = r_t / r_s`.
        """
        super().__init__(
            centre=centre,
            ell_comps=(0.0, 0.0),
            kappa_s=kappa_s,
            inner_slope=1.0,
            scale_radius=scale_radius,
        )

        self.truncation_radius = truncation_radius

    @property
    def tau(self):
        r"""
        The truncation ratio :math:`\tau = r_t / r_s`.

        Derived on access rather than stored, so it can never go stale against
        ``truncation_radius`` and ``scale_radius`` (e.g. when JAX rebuilds the profile from
        traced parameters).
        """
        return self.truncation_radius / self.scale_radius

    @staticmethod
    def _radius_from(grid, xp):
        r"""
        Return the radius of each (already centred) coordinate, clamped below at the square
        root of the smallest normal number of its dtype.

        A pixel exactly on the centre is common; :math:`\sqrt{r^2}` has an infinite derivative
        at 0 (``jax.grad`` would give ``0 * inf = NaN``) and the deflection divides by the
        radius. Clamping :math:`r^2` first keeps both finite; coordinates off the centre are
        unchanged.
        """
        radius_squared = xp.square(grid.array[:, 0]) + xp.square(grid.array[:, 1])
        return xp.sqrt(
            xp.maximum(radius_squared, xp.finfo(radius_squared.dtype).tiny)
        )

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def convergence_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        r"""
        Calculate the projected convergence at a given set of arc-second gridded coordinates.

        .. math::

            \kappa(R) = 2 \kappa_s\, l(R / r_s; \tau)

        (``convergence_radial_tnfw_from``). Finite everywhere: the logarithmic divergence at
        the centre is evaluated at a tiny clamped radius.

        Parameters
        ----------
        grid
            The grid of (y,x) arc-second coordinates the convergence is computed on.
        """
        return convergence_radial_tnfw_from(
            radius=self._radius_from(grid=grid, xp=xp),
            kappa_s=self.kappa_s,
            scale_radius=self.scale_radius,
            truncation_radius=self.truncation_radius,
            xp=xp,
        )

    @aa.decorators.to_vector_yx
    @aa.decorators.transform
    def deflections_yx_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        r"""
        Calculate the deflection angles at a given set of arc-second gridded coordinates.

        .. math::

            \vec{\alpha} = \alpha(R)\, \frac{(y, x)}{R}, \qquad
            \alpha(R) = \frac{4 \kappa_s r_s}{x}\, m(x; \tau), \quad x = R / r_s

        (``deflection_radial_tnfw_from``), with the direction taken from the coordinates
        themselves (no angles). Zero on the centre.

        Parameters
        ----------
        grid
            The grid of (y,x) arc-second coordinates the deflection angles are computed on.
        """
        radius = self._radius_from(grid=grid, xp=xp)

        deflection_over_radius = (
            deflection_radial_tnfw_from(
                radius=radius,
                kappa_s=self.kappa_s,
                scale_radius=self.scale_radius,
                truncation_radius=self.truncation_radius,
                xp=xp,
            )
            / radius
        )

        return deflection_over_radius[:, None] * grid.array

    def deflection_func_sph(self, grid_radius, xp=np):
        return self.coord_func_m(grid_radius=grid_radius, xp=xp)

    def convergence_func(self, grid_radius: float, xp=np) -> float:
        return convergence_radial_tnfw_from(
            radius=grid_radius.array,
            kappa_s=self.kappa_s,
            scale_radius=self.scale_radius,
            truncation_radius=self.truncation_radius,
            xp=xp,
        )

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def potential_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """Calculate the analytic lensing potential of the spherical tNFW profile."""
        # The clamped radius (not radial_grid_from's bare sqrt) keeps jax.grad finite on a
        # pixel exactly at the centre; the value there is unchanged (the small-radius series
        # already floors the radius at 1e-12).
        eta = xp.multiply(
            1.0 / self.scale_radius,
            self._radius_from(grid=grid, xp=xp),
        )

        return (
            2.0
            * self.kappa_s
            * self.scale_radius**2.0
            * potential_func_sph_from(
                grid_radius=eta,
                tau=self.tau,
                xp=xp,
            )
        )

    def coord_func_k(self, grid_radius, xp=np):
        return coord_func_k_from(grid_radius, self.tau, xp=xp)

    def coord_func_l(self, grid_radius, xp=np):
        return coord_func_l_from(grid_radius=grid_radius, tau=self.tau, xp=xp)

    def coord_func_m(self, grid_radius, xp=np):
        return coord_func_m_from(grid_radius, self.tau, xp=xp)

    @staticmethod
    def radial_deflection_from(r, params, xp):
        kappa_s, scale_radius, truncation_radius = params[0], params[1], params[2]
        return deflection_radial_tnfw_from(
            radius=r,
            kappa_s=kappa_s,
            scale_radius=scale_radius,
            truncation_radius=truncation_radius,
            xp=xp,
        )

    @staticmethod
    def _delta_c_from_concentration(concentration: float) -> float:
        """
        NFW characteristic overdensity delta_c for a given concentration.

        This is the standard NFW normalisation:

            delta_c = (200/3) * c^3 / (ln(1+c) - c/(1+c))

        Parameters
        ----------
        concentration
            NFW concentration parameter c = r_200 / r_s.
        """
        from autogalaxy.profiles.mass.dark.mcr_util import (
            nfw_characteristic_overdensity_from,
        )

        return nfw_characteristic_overdensity_from(concentration=concentration, xp=np)

    @staticmethod
    def _concentration_at_overdensity_factor(
        concentration: float,
        truncation_factor: float,
    ) -> float:
        """
        Solve for the concentration-like parameter ``tau`` at which the mean enclosed
        density of the NFW equals ``truncation_factor`` times the critical density.

        For a truncation factor of 100, this finds ``r_100`` expressed as ``r_100 / r_s``.
        The truncation radius of the tNFW profile is then ``tau * r_s``.

        Parameters
        ----------
        concentration
            NFW concentration parameter c = r_200 / r_s.
        truncation_factor
            Overdensity threshold that defines the truncation radius.  The
            truncation radius is the sphere within which the mean enclosed density
            equals ``truncation_factor`` times the critical density.  The default
            value of 100 sets truncation at r_100.
        """
        from scipy.optimize import fsolve

        delta_c = NFWTruncatedSph._delta_c_from_concentration(concentration)

        def equation(tau):
            return (
                truncation_factor
                / 3.0
                * (tau**3 / (np.log(1.0 + tau) - tau / (1.0 + tau)))
                - delta_c
            )

        return float(fsolve(equation, concentration, full_output=False)[0])

    @classmethod
    def from_m200_concentration(
        cls,
        centre: Tuple[float, float] = (0.0, 0.0),
        m200_solar_mass: float = 1e9,
        concentration: float = 10.0,
        redshift_halo: float = 0.5,
        redshift_source: float = 1.0,
        cosmology: Optional[LensingCosmology] = None,
        truncation_factor: float = 100.0,
    ) -> "NFWTruncatedSph":
        """
        Construct an ``NFWTruncatedSph`` from the halo virial mass M_200 and
        concentration rather than the lensing parameters (kappa_s, scale_radius,
        truncation_radius).

        The conversion follows the standard NFW lensing procedure (He et al. 2022,
        MNRAS 511 3046):

        1. Derive the NFW scale radius and characteristic density from M_200, the
           concentration, and the critical density at ``redshift_halo``.
        2. Convert to the dimensionless convergence ``kappa_s`` using the critical
           surface density between ``redshift_halo`` and ``redshift_source``.
        3. Express the scale radius in arc-seconds using the angular diameter
           distance to ``redshift_halo``.
        4. Set the truncation radius to ``r_t`` where the mean enclosed density
           equals ``truncation_factor`` times the critical density (default is
           r_100 for ``truncation_factor=100``).

        Parameters
        ----------
        centre
            The (y, x) arc-second coordinates of the profile centre.
        m200_solar_mass
            Virial mass M_200 in solar masses.
        concentration
            NFW concentration parameter c = r_200 / r_s.
        redshift_halo
            Redshift of the line-of-sight halo.
        redshift_source
            Redshift of the lensed background source.
        cosmology
            Cosmology used for distance and density calculations.  Defaults to
            Planck15 if not supplied.
        truncation_factor
            Overdensity threshold defining the truncation radius.  The default
            value of 100 sets the truncation at r_100.
        """
        from autogalaxy.cosmology.model import Planck15

        if cosmology is None:
            cosmology = Planck15()

        critical_density = cosmology.critical_density(redshift_halo)
        kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift=redshift_halo)
        critical_surface_density = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            redshift_0=redshift_halo,
            redshift_1=redshift_source,
        )

        from autogalaxy.profiles.mass.dark.mcr_util import (
            nfw_kappa_s_and_scale_radius_from,
        )

        kappa_s, scale_radius, _ = nfw_kappa_s_and_scale_radius_from(
            mass_at_200=m200_solar_mass,
            concentration=concentration,
            critical_density=critical_density,
            critical_surface_density=critical_surface_density,
            kpc_per_arcsec=kpc_per_arcsec,
            xp=np,
        )

        tau = cls._concentration_at_overdensity_factor(concentration, truncation_factor)
        truncation_radius = tau * scale_radius

        return cls(
            centre=centre,
            kappa_s=kappa_s,
            scale_radius=scale_radius,
            truncation_radius=truncation_radius,
        )

    @staticmethod
    def m200_concentration_from(
        kappa_s: float,
        scale_radius: float,
        redshift_halo: float,
        redshift_source: float,
        cosmology: Optional[LensingCosmology] = None,
    ) -> Tuple[float, float]:
        """
        Recover the virial mass M_200 and concentration from lensing parameters.

        This is the inverse of :meth:`from_m200_concentration`.  Given the
        dimensionless convergence ``kappa_s`` and the scale radius in arc-seconds,
        the characteristic NFW density and scale radius in kpc are recovered, and
        the concentration is solved numerically from the NFW overdensity equation.

        Parameters
        ----------
        kappa_s
            Dimensionless NFW convergence normalisation = rho_s * r_s / Sigma_crit.
        scale_radius
            NFW scale radius in arc-seconds.
        redshift_halo
            Redshift of the halo.
        redshift_source
            Redshift of the background source.
        cosmology
            Cosmology used for distance and density calculations.  Defaults to
            Planck15 if not supplied.

        Returns
        -------
        Tuple[float, float]
            ``(m200_solar_mass, concentration)``.
        """
        from scipy.optimize import fsolve
        from autogalaxy.cosmology.model import Planck15

        if cosmology is None:
            cosmology = Planck15()

        critical_density = cosmology.critical_density(redshift_halo)
        kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift=redshift_halo)
        critical_surface_density = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            redshift_0=redshift_halo,
            redshift_1=redshift_source,
        )

        rs_kpc = scale_radius * kpc_per_arcsec
        rho_s = kappa_s * critical_surface_density / rs_kpc
        delta_c = rho_s / critical_density

        def equation(c):
            return NFWTruncatedSph._delta_c_from_concentration(c) - delta_c

        concentration = float(fsolve(equation, 10.0)[0])
        r200_kpc = concentration * rs_kpc
        m200 = 200.0 * (4.0 / 3.0 * np.pi) * critical_density * r200_kpc**3

        return m200, concentration

    @staticmethod
    def mass_ratio_from_concentration_and_truncation_factor(
        concentration: float,
        truncation_factor: float = 100.0,
    ) -> float:
        """
        Mass ratio of a truncated NFW halo to its untruncated M_200 value.

        The truncated NFW mass is:

            M_tNFW = M_200 * tau_scale / c_scale

        where:
            tau_scale = tau^2/(tau^2+1)^2 * ((tau^2-1)*ln(tau) + tau*pi - (tau^2+1))
            c_scale   = ln(1+c) - c/(1+c)

        and ``tau`` is the solution to the ``_concentration_at_overdensity_factor``
        equation for the given concentration and truncation factor.

        This is the function tabulated and cubic-spline interpolated as the
        ``scale_c(c)`` function in the los_pipes simulation code (He et al. 2022).

        Parameters
        ----------
        concentration
            NFW concentration parameter c = r_200 / r_s.
        truncation_factor
            Overdensity threshold defining the truncation radius (default 100).
        """
        tau = NFWTruncatedSph._concentration_at_overdensity_factor(
            concentration, truncation_factor
        )

        tau2 = tau**2
        tau_scale = (
            tau2
            / (tau2 + 1.0) ** 2
            * ((tau2 - 1.0) * np.log(tau) + tau * np.pi - (tau2 + 1.0))
        )
        c_scale = np.log(1.0 + concentration) - concentration / (1.0 + concentration)

        return tau_scale / c_scale

    def mass_at_truncation_radius_solar_mass(
        self,
        redshift_profile,
        redshift_source,
        redshift_of_cosmic_average_density="profile",
        cosmology: LensingCosmology = None,
        xp=np,
    ):
        from autogalaxy.cosmology.model import Planck15

        cosmology = cosmology or Planck15()

        mass_at_200 = self.mass_at_200_solar_masses(
            redshift_object=redshift_profile,
            redshift_source=redshift_source,
            redshift_of_cosmic_average_density=redshift_of_cosmic_average_density,
            cosmology=cosmology,
            xp=xp,
        )

        return (
            mass_at_200
            * (self.tau**2.0 / (self.tau**2.0 + 1.0) ** 2.0)
            * (
                ((self.tau**2.0 - 1) * np.log(self.tau))
                + (self.tau * np.pi)
                - (self.tau**2.0 + 1)
            )
        )
