import functools
from typing import Tuple

import numpy as np

import autoarray as aa

from autogalaxy.profiles.mass.dark.abstract import DarkProfile
from autogalaxy.profiles.mass.dark import nfw, sidm_util
from autogalaxy.profiles.mass.abstract.abstract import MassProfile
from autogalaxy.profiles import validate

# The isothermal core is matched on the first branch of the Lane-Emden solution, x = r1 / r0 <= X_MATCH_MAX,
# where the matching ratio G(x) = h'(x) e^h(x) / x rises monotonically from 1/3 to its maximum 1.2615266.
X_MATCH_MAX = 22.544206335525256

# h(x) is tabulated as piecewise Chebyshev series on LANE_EMDEN_PANELS equal panels of [0, X_MATCH_MAX],
# degree LANE_EMDEN_DEGREE: |h - h_exact| < 2e-13, |h' / h'_exact - 1| < 1e-10 for x >= 0.01.
LANE_EMDEN_PANELS = 12
LANE_EMDEN_DEGREE = 16


@functools.lru_cache(maxsize=1)
def _lane_emden_chebyshev():
    """
    Host-side, once: the Chebyshev coefficients of h(x) and h'(x) on each panel, from an 8th-order
    Runge-Kutta solution (relative tolerance 2.2e-14) of h'' + 2 h' / x = exp(-h), h(0) = h'(0) = 0,
    started from its series at x = 1e-3. Shape (LANE_EMDEN_PANELS, LANE_EMDEN_DEGREE + 1) each.
    """
    from scipy.integrate import solve_ivp

    x0 = 1.0e-3
    start = [
        x0**2 / 6.0 - x0**4 / 120.0 + x0**6 / 1890.0,
        x0 / 3.0 - x0**3 / 30.0 + 6.0 * x0**5 / 1890.0,
    ]
    solution = solve_ivp(
        lambda x, y: [y[1], np.exp(-y[0]) - 2.0 * y[1] / x],
        (x0, X_MATCH_MAX * 1.01),
        start,
        rtol=2.3e-14,
        atol=1.0e-17,
        method="DOP853",
        dense_output=True,
    )
    if not solution.success:
        raise RuntimeError("Could not solve the isothermal Lane-Emden equation.")

    degree = LANE_EMDEN_DEGREE
    nodes = np.cos(np.pi * (np.arange(degree + 1) + 0.5) / (degree + 1))
    edges = np.linspace(0.0, X_MATCH_MAX, LANE_EMDEN_PANELS + 1)
    h_coefficients, dh_coefficients = [], []
    for a, b in zip(edges[:-1], edges[1:]):
        x = 0.5 * (a + b) + 0.5 * (b - a) * nodes
        inside = x < x0
        values = solution.sol(np.maximum(x, x0))[0]
        values = np.where(inside, x**2 / 6.0 - x**4 / 120.0 + x**6 / 1890.0, values)
        coefficients = np.polynomial.chebyshev.chebfit(nodes, values, degree)
        derivative = np.polynomial.chebyshev.chebder(coefficients) * 2.0 / (b - a)
        h_coefficients.append(coefficients)
        dh_coefficients.append(np.append(derivative, 0.0))
    return np.array(h_coefficients), np.array(dh_coefficients)


def _piecewise_chebyshev_from(x, coefficients, xp):
    """Clenshaw's sum of the panel holding each ``x`` (clipped into [0, X_MATCH_MAX])."""
    width = X_MATCH_MAX / LANE_EMDEN_PANELS
    x = xp.clip(x, 0.0, X_MATCH_MAX)
    panel = xp.clip(xp.floor(x / width), 0, LANE_EMDEN_PANELS - 1).astype(int)
    u = 2.0 * (x - panel * width) / width - 1.0
    b1 = xp.zeros_like(x)
    b2 = xp.zeros_like(x)
    coefficients = xp.asarray(coefficients, dtype=x.dtype)
    for j in range(coefficients.shape[1] - 1, 0, -1):
        b1, b2 = xp.take(coefficients[:, j], panel) + 2.0 * u * b1 - b2, b1
    return xp.take(coefficients[:, 0], panel) + u * b1 - b2


def lane_emden_h_from(x, xp):
    r"""
    The isothermal Lane-Emden solution :math:`h(x)`, :math:`h'' + 2 h' / x = e^{-h}`, :math:`h(0) = h'(0) = 0`
    (the isothermal sphere :math:`\rho = \rho_0 e^{-h(r / r_0)}`, Kaplinghat, Tulin & Yu 2016), for
    :math:`0 \le x \le` ``X_MATCH_MAX`` (absolute error below :math:`2 \times 10^{-13}`).
    """
    return _piecewise_chebyshev_from(x, _lane_emden_chebyshev()[0], xp)


def lane_emden_dh_from(x, xp):
    r"""The derivative :math:`h'(x)` of `lane_emden_h_from` (relative error below 1e-10 for x >= 0.01)."""
    return _piecewise_chebyshev_from(x, _lane_emden_chebyshev()[1], xp)


def _matching_ratio_from(x, xp):
    """G(x) = M_iso(<r) / (4 pi rho_iso(r) r^3) = h'(x) e^h(x) / x and its derivative in x."""
    h = lane_emden_h_from(x, xp)
    dh = lane_emden_dh_from(x, xp)
    d2h = xp.exp(-h) - 2.0 * dh / x
    ratio = dh * xp.exp(h) / x
    slope = (d2h + dh * dh) * xp.exp(h) / x - ratio / x
    return ratio, slope


def _nfw_mass_factor_from(y, xp):
    """ln(1 + y) - y / (1 + y), by its series below y = 1e-3 (no cancellation)."""
    small = xp.minimum(y, 1.0e-3)
    series = small**2 * (0.5 - small * (2.0 / 3.0 - 0.75 * small))
    large = xp.maximum(y, 1.0e-3)
    return xp.where(y < 1.0e-3, series, xp.log1p(large) - large / (1.0 + large))


def kaplinghat_core_parameters_from(kappa_s, scale_radius, interaction_radius, xp):
    r"""
    The isothermal core of Kaplinghat, Tulin & Yu (2016, PRL 116, 041302) matched to an NFW halo at the
    interaction radius :math:`r_1`: :math:`\rho_0` and :math:`r_0` such that
    :math:`\rho_0 e^{-h(r_1 / r_0)} = \rho_{\rm NFW}(r_1)` and
    :math:`M_{\rm iso}(r_1) = M_{\rm NFW}(r_1)`, i.e. :math:`x_1 = r_1 / r_0` solves

    .. math::

        G(x_1) \equiv \frac{h'(x_1) e^{h(x_1)}}{x_1} = \frac{M_{\rm NFW}(r_1)}{4 \pi \rho_{\rm NFW}(r_1) r_1^3}
        = \frac{(1 + y)^2}{y^2} \left[\ln(1 + y) - \frac{y}{1 + y}\right], \qquad y = r_1 / r_s.

    The root is taken on the first branch (:math:`x_1 \le` ``X_MATCH_MAX``, the lowest central density),
    where :math:`G` rises from 1/3 to 1.2615; it is found by 64 bisections followed by one Newton step
    (which carries the derivatives, by the implicit function theorem). For :math:`y > 3.97` the
    right-hand side exceeds 1.2615 and no isothermal core matches both: :math:`x_1 =` ``X_MATCH_MAX``
    (density matched, mass closest).

    Parameters
    ----------
    kappa_s, scale_radius
        The NFW halo's :math:`\kappa_s` and :math:`r_s` (arc-seconds).
    interaction_radius
        :math:`r_1 > 0` in arc-seconds.
    xp
        ``numpy`` or ``jax.numpy``.

    Returns
    -------
    central_density
        :math:`\rho_0` in the convergence units of :math:`\kappa_s / r_s` (infinite for :math:`r_1 \le 0`).
    isothermal_radius
        :math:`r_0 = r_1 / x_1` in arc-seconds (zero for :math:`r_1 \le 0`).
    """
    cored = interaction_radius > 0.0
    # r1 <= 0 is NFW (no core): a harmless y keeps the untaken values and gradients finite.
    y = xp.where(cored, interaction_radius / scale_radius, 0.1)
    target = _nfw_mass_factor_from(y, xp) * (1.0 + y) ** 2 / y**2
    target = xp.minimum(target, _matching_ratio_from(X_MATCH_MAX, np)[0])

    lower = xp.zeros_like(target) + 1.0e-3
    upper = xp.zeros_like(target) + X_MATCH_MAX
    if xp is np:
        for _ in range(64):
            middle = 0.5 * (lower + upper)
            above = _matching_ratio_from(middle, np)[0] > target
            lower, upper = np.where(above, lower, middle), np.where(above, middle, upper)
        x_1 = 0.5 * (lower + upper)
    else:
        import jax

        def bisect(_, bounds):
            lo, hi = bounds
            middle = 0.5 * (lo + hi)
            above = _matching_ratio_from(middle, xp)[0] > target
            return xp.where(above, lo, middle), xp.where(above, middle, hi)

        lower, upper = jax.lax.fori_loop(
            0, 64, bisect, (jax.lax.stop_gradient(lower), jax.lax.stop_gradient(upper))
        )
        x_1 = jax.lax.stop_gradient(0.5 * (lower + upper))
    ratio, slope = _matching_ratio_from(x_1, xp)
    # One Newton step: a no-op in value at the root, it gives x_1 the derivative dx_1 = d target / G'.
    # G' > 0 on the branch but vanishes at its end, where x_1 is clamped and has no derivative.
    safe_slope = xp.where(slope > 1.0e-8, slope, 1.0)
    x_1 = x_1 - xp.where(slope > 1.0e-8, (ratio - target) / safe_slope, 0.0)

    rho_1 = (kappa_s / scale_radius) / (y * (1.0 + y) ** 2)
    central_density = rho_1 * xp.exp(lane_emden_h_from(x_1, xp))
    return (
        xp.where(cored, central_density, np.inf),
        xp.where(cored, y * scale_radius / x_1, 0.0),
    )


def _nfw_density_from(r, kappa_s, scale_radius):
    x = r / scale_radius
    return (kappa_s / scale_radius) / (x * (1.0 + x) ** 2)


def _nfw_mass_from(r, kappa_s, scale_radius, xp):
    """The 3D NFW mass inside r, in the convergence units times arc-seconds^3."""
    return (
        4.0
        * np.pi
        * kappa_s
        * scale_radius**2
        * _nfw_mass_factor_from(r / scale_radius, xp)
    )


def _safe_core(interaction_radius, central_density, isothermal_radius, scale_radius, xp):
    """The core parameters, replaced by harmless ones where there is no core (r1 = 0: NFW)."""
    cored = interaction_radius > 0.0
    return (
        cored,
        xp.where(cored, interaction_radius, 0.1 * scale_radius),
        xp.where(cored, central_density, 1.0),
        xp.where(cored, isothermal_radius, 0.01 * scale_radius),
    )


# Inside r1 the lensing is tabulated once (host-side) as piecewise Chebyshev series in phi = arcsin(R / r1)
# (analytic at both ends: at the centre in R^2, at r1 in sqrt(r1^2 - R^2) = r1 cos phi) and a shape
# parameter: x1 = r1 / r0 for the isothermal part (in units of rho0 r0), ln(r1 / r_s) for the NFW envelope
# (in units of kappa_s). Both shape parameters are clipped into their tables.
KAPLINGHAT_PHI_EDGES = np.linspace(0.0, 0.5 * np.pi, 11)
KAPLINGHAT_PHI_DEGREE = 16
KAPLINGHAT_X_EDGES = np.linspace(3.0, X_MATCH_MAX, 7)
KAPLINGHAT_Y_EDGES = np.linspace(np.log(1.0e-6), np.log(100.0), 10)
KAPLINGHAT_SHAPE_DEGREE = 14


def _small_x_dh_from(x):
    """Host-side: h'(x), by its series below x = 0.05 (where the table of h' loses relative digits)."""
    small = np.minimum(x, 0.05)
    series = small * (1.0 / 3.0 - small**2 / 30.0 + small**4 / 315.0)
    return np.where(x < 0.05, series, lane_emden_dh_from(np.maximum(x, 0.05), np))


def _isothermal_values_from(phi, x_1):
    r"""
    Host-side: the isothermal core's convergence over :math:`\rho_0 r_0 \cos\phi` and mean convergence
    inside :math:`R` over :math:`\rho_0 r_0` (:math:`r_0 = 1`, :math:`r_1 = x_1`, :math:`R = x_1 \sin\phi`),
    by the tanh-sinh rule:

    .. math::

        \kappa = 2 \int_R^{r_1} \frac{\rho_{\rm iso}(r) \, r \, \mathrm{d}r}{\sqrt{r^2 - R^2}}, \qquad
        \bar\kappa = \frac{4 \pi \rho_0 r_0^3 x^2 h'(x) + 4 \pi \int_R^{r_1} \rho_{\rm iso}(r) \, r^2 w(r / R)
            \, \mathrm{d}r}{\pi R^2}.
    """
    radius = x_1 * np.sin(phi)

    def isothermal(r, to_lower, to_upper):
        # r / sqrt(r^2 - R^2) with r^2 - R^2 = d (2R + d), d = r - R: no cancellation next to r = R.
        return np.exp(-lane_emden_h_from(r, np)) * r / np.sqrt(to_lower * (2.0 * radius + to_lower))

    def shells(s, to_lower, to_upper):
        # r^2 w dr = R^2 r ds / (1 + sqrt(d (2R + d)) / r), d = r - R = R expm1(s - ln R).
        r = np.exp(s)
        d = radius * np.expm1(to_lower)
        root = np.sqrt(d * (2.0 * radius + d)) / r
        return np.exp(-lane_emden_h_from(r, np)) * r / (1.0 + root)

    kappa = 2.0 * sidm_util.tanh_sinh_from(isothermal, radius, x_1, np)
    mean_kappa = 4.0 * _small_x_dh_from(radius) + 4.0 * sidm_util.tanh_sinh_from(
        shells, np.log(radius), np.log(x_1), np
    )
    return kappa / np.cos(phi), mean_kappa


def _envelope_values_from(phi, log_y_1):
    r"""
    Host-side: the NFW envelope's (:math:`r > r_1`) convergence and mean convergence inside
    :math:`R = r_1 \sin\phi` over :math:`\kappa_s` (:math:`r_s = 1`, :math:`r_1 = e^{\ln y_1}`), with
    :math:`r = r_1 / v`, by the tanh-sinh rule:

    .. math::

        \kappa = 2 r_1 \int_0^1 \frac{v \, \mathrm{d}v}{(r_1 + v)^2 \sqrt{r_1^2 - R^2 v^2}}, \qquad
        \bar\kappa = 4 \int_0^1 \frac{v \, \mathrm{d}v}{(r_1 + v)^2 \left(1 + \sqrt{1 - R^2 v^2 / r_1^2}\right)}.
    """
    r_1 = np.exp(log_y_1)
    radius = r_1 * np.sin(phi)

    def gap_from(v, to_upper):
        # r1^2 - R^2 v^2 = (r1 - R v)(r1 + R v), with r1 - R v = (r1 - R) + R (1 - v).
        return ((r_1 - radius) + radius * to_upper) * (r_1 + radius * v)

    def convergence(v, to_lower, to_upper):
        return v / ((r_1 + v) ** 2 * np.sqrt(gap_from(v, to_upper)))

    def mean(v, to_lower, to_upper):
        return v / ((r_1 + v) ** 2 * (1.0 + np.sqrt(gap_from(v, to_upper)) / r_1))

    zero, one = np.zeros_like(radius), np.ones_like(radius)
    return (
        2.0 * r_1 * sidm_util.tanh_sinh_from(convergence, zero, one, np),
        4.0 * sidm_util.tanh_sinh_from(mean, zero, one, np),
    )


@functools.lru_cache(maxsize=1)
def _kaplinghat_tables():
    """
    Host-side, once: the `sidm_util.log_table_from` tables of `_isothermal_values_from` (in x1) and
    `_envelope_values_from` (in ln(r1 / r_s)): (isothermal, envelope) pairs of (convergence, mean).
    """
    return (
        sidm_util.log_table_from(
            _isothermal_values_from,
            KAPLINGHAT_PHI_EDGES,
            KAPLINGHAT_PHI_DEGREE,
            KAPLINGHAT_X_EDGES,
            KAPLINGHAT_SHAPE_DEGREE,
        ),
        sidm_util.log_table_from(
            _envelope_values_from,
            KAPLINGHAT_PHI_EDGES,
            KAPLINGHAT_PHI_DEGREE,
            KAPLINGHAT_Y_EDGES,
            KAPLINGHAT_SHAPE_DEGREE,
        ),
    )


def _core_terms_from(which, radius, kappa_s, scale_radius, r_1, rho_0, r_0, xp):
    """
    Inside r1 (R < r1 held there by the caller): the isothermal and envelope parts of the tabulated
    quantity ``which`` (0: convergence over cos phi, 1: mean convergence), in the profile's units.
    """
    isothermal, envelope = _kaplinghat_tables()
    # Per halo (never per ray): the series in phi at the halo's shape parameters.
    x_1 = xp.clip(r_1 / r_0, float(KAPLINGHAT_X_EDGES[0]), float(KAPLINGHAT_X_EDGES[-1]))
    log_y_1 = xp.log(r_1 / scale_radius)
    isothermal_series = sidm_util.shape_series_from(isothermal[which], x_1, KAPLINGHAT_X_EDGES, xp)
    envelope_series = sidm_util.shape_series_from(envelope[which], log_y_1, KAPLINGHAT_Y_EDGES, xp)

    phi = xp.arcsin(radius / r_1)
    return (
        rho_0 * r_0 * sidm_util.tabulated_from(isothermal_series, phi, KAPLINGHAT_PHI_EDGES, xp),
        kappa_s * sidm_util.tabulated_from(envelope_series, phi, KAPLINGHAT_PHI_EDGES, xp),
    )


def convergence_radial_kaplinghat_from(
    radius, kappa_s, scale_radius, interaction_radius, central_density, isothermal_radius, xp
):
    r"""
    The convergence of the Kaplinghat, Tulin & Yu (2016) cored NFW halo: the isothermal sphere
    :math:`\rho_0 e^{-h(r / r_0)}` inside :math:`r_1`, NFW outside (see `kaplinghat_core_parameters_from`).

    For :math:`R < r_1`,

    .. math::

        \kappa(R) = 2 \int_R^{r_1} \frac{\rho_{\rm iso}(r) \, r \, \mathrm{d}r}{\sqrt{r^2 - R^2}}
            + 2 \kappa_s r_s^2 r_1 \int_0^1 \frac{v \, \mathrm{d}v}{(r_1 + r_s v)^2 \sqrt{r_1^2 - R^2 v^2}}

    (the NFW part with :math:`r = r_1 / v`): the first is :math:`\rho_0 r_0 \cos\phi` times a function of
    :math:`\phi = \arcsin(R / r_1)` and :math:`x_1 = r_1 / r_0`, the second :math:`\kappa_s` times a
    function of :math:`\phi` and :math:`r_1 / r_s`, each tabulated once (host-side) by the tanh-sinh rule of
    `sidm_util.tanh_sinh_from` as piecewise Chebyshev series (`_kaplinghat_tables`), so each ray costs two
    Chebyshev sums. Relative error below :math:`10^{-9}` for :math:`10^{-3} \le r_1 / r_s \le 3`, every
    :math:`R \ge 0` (:math:`x_1` is clipped into [3, 22.544], which holds every matched core, and
    :math:`r_1 / r_s` into :math:`[10^{-6}, 100]`); for :math:`R \ge r_1` and for :math:`r_1 = 0` it is the
    NFW closed form.

    Parameters
    ----------
    radius
        The projected radii :math:`R \ge 0` in arc-seconds, any shape.
    kappa_s, scale_radius
        The NFW halo's :math:`\kappa_s` and :math:`r_s` (arc-seconds).
    interaction_radius, central_density, isothermal_radius
        :math:`r_1`, :math:`\rho_0` (units of :math:`\kappa_s / r_s`) and :math:`r_0` (arc-seconds), from
        `kaplinghat_core_parameters_from`; all broadcastable against ``radius``.
    xp
        ``numpy`` or ``jax.numpy``.
    """
    radius = xp.asarray(radius) + 0.0 * interaction_radius
    cored, r_1, rho_0, r_0 = _safe_core(
        interaction_radius, central_density, isothermal_radius, scale_radius, xp
    )
    inside = cored & (radius < r_1)
    # Keep R inside [0, r1) in the untaken branch, so the table stays finite.
    r_in = xp.where(inside, radius, 0.5 * r_1)
    core, tail = _core_terms_from(0, r_in, kappa_s, scale_radius, r_1, rho_0, r_0, xp)
    # cos phi = sqrt(r1^2 - R^2) / r1 without cancellation next to r1.
    cos_phi = xp.sqrt((r_1 - r_in) * (r_1 + r_in)) / r_1
    cusp = nfw.convergence_radial_nfw_from(radius, kappa_s, scale_radius, xp)
    return xp.where(inside, core * cos_phi + tail, cusp)


def deflection_over_radius_kaplinghat_from(
    radius, kappa_s, scale_radius, interaction_radius, central_density, isothermal_radius, xp
):
    r"""
    :math:`\alpha(R) / R = M_{\rm cyl}(R) / (\pi R^2)` of the Kaplinghat, Tulin & Yu (2016) halo. For
    :math:`R < r_1` the cylinder mass is the sum of three positive parts (no cancellation),

    .. math::

        M_{\rm cyl}(R) = 4 \pi \rho_0 r_0^3 x^2 h'(x)
            + 4 \pi \int_R^{r_1} \rho_{\rm iso}(r) \, r^2 w(r / R) \, \mathrm{d}r
            + 4 \pi R^2 \kappa_s r_s^2 \int_0^1 \frac{v \, \mathrm{d}v}
              {(r_1 + r_s v)^2 \left(1 + \sqrt{1 - R^2 v^2 / r_1^2}\right)},

    with :math:`x = R / r_0` and :math:`w = 1 - \sqrt{1 - R^2 / r^2}`: the isothermal sphere inside
    :math:`R`, the isothermal shells outside :math:`R` and the NFW envelope (:math:`r = r_1 / v`), tabulated
    as the convergence is (`convergence_radial_kaplinghat_from`; the first two parts over
    :math:`\pi R^2 \rho_0 r_0` as one function of :math:`\phi` and :math:`x_1`, the third over
    :math:`\pi R^2 \kappa_s`). For :math:`R \ge r_1` it is the NFW closed form plus
    :math:`M_{\rm iso}(r_1) - M_{\rm NFW}(r_1)` (zero when the core is mass-matched); at :math:`r_1 = 0` the
    NFW closed form. Finite at :math:`R = 0` (where it is :math:`\kappa(0)`). Relative error below
    :math:`10^{-8}` for :math:`10^{-3} \le r_1 / r_s \le 3`. Parameters as for
    `convergence_radial_kaplinghat_from`.
    """
    radius = xp.asarray(radius) + 0.0 * interaction_radius
    cored, r_1, rho_0, r_0 = _safe_core(
        interaction_radius, central_density, isothermal_radius, scale_radius, xp
    )
    inside = cored & (radius < r_1)
    # Keep each branch's radius inside its own domain, so the untaken branch stays finite.
    r_in = xp.where(inside, radius, 0.5 * r_1)
    # (R >= r1 > 0 where the envelope branch is taken; r1 without a core is a harmless positive value.)
    r_out = xp.where(inside, 2.0 * r_1, xp.maximum(radius, r_1))
    core, tail = _core_terms_from(1, r_in, kappa_s, scale_radius, r_1, rho_0, r_0, xp)
    core_value = core + tail

    isothermal_mass = 4.0 * np.pi * rho_0 * r_0**3 * (r_1 / r_0) ** 2 * lane_emden_dh_from(
        r_1 / r_0, xp
    )
    excess = isothermal_mass - _nfw_mass_from(r_1, kappa_s, scale_radius, xp)
    envelope_value = nfw.deflection_radial_nfw_from(
        r_out, kappa_s, scale_radius, xp
    ) / r_out + excess / (np.pi * r_out * r_out)

    safe = xp.where(radius > 0.0, radius, scale_radius)
    cusp = nfw.deflection_radial_nfw_from(safe, kappa_s, scale_radius, xp) / safe
    return xp.where(cored, xp.where(inside, core_value, envelope_value), cusp)


def deflection_radial_kaplinghat_from(
    radius, kappa_s, scale_radius, interaction_radius, central_density, isothermal_radius, xp
):
    r"""
    The deflection magnitude :math:`\alpha(R)` of the Kaplinghat, Tulin & Yu (2016) halo (see
    `deflection_over_radius_kaplinghat_from`), in arc-seconds; zero at the centre.
    """
    return radius * deflection_over_radius_kaplinghat_from(
        radius, kappa_s, scale_radius, interaction_radius, central_density, isothermal_radius, xp
    )


def density_kaplinghat_from(
    radius, kappa_s, scale_radius, interaction_radius, central_density, isothermal_radius, xp
):
    """The 3D density: the isothermal core inside the interaction radius, NFW outside."""
    cored, r_1, rho_0, r_0 = _safe_core(
        interaction_radius, central_density, isothermal_radius, scale_radius, xp
    )
    inside = cored & (radius < r_1)
    core = rho_0 * xp.exp(-lane_emden_h_from(xp.where(inside, radius, 0.0) / r_0, xp))
    safe = xp.where(inside, scale_radius, radius)
    return xp.where(inside, core, _nfw_density_from(safe, kappa_s, scale_radius))


def default_interaction_radius_from(scale_radius, sigma_over_m, t_age, xp):
    """The release's default r1 = r_s s / (100 + s), s = max(sigma_over_m t_age, 0)."""
    strength = xp.maximum(sigma_over_m * t_age, 0.0)
    return scale_radius * strength / (100.0 + strength)


def _radius_from(grid, xp):
    return xp.sqrt(grid.array[:, 0] ** 2 + grid.array[:, 1] ** 2)


class KaplinghatCoredNFWSph(MassProfile, DarkProfile):
    r"""
    Spherical SIDM-motivated cored-NFW halo following the Kaplinghat, Tulin
    and Yu (2016) isothermal-Jeans construction.

    The profile is NFW outside ``interaction_radius``. Inside that radius it
    uses the self-gravitating isothermal solution of the spherical Jeans-Poisson
    equation, matched to the NFW envelope in both density and enclosed mass
    (`kaplinghat_core_parameters_from`). The convergence and deflection are
    `convergence_radial_kaplinghat_from` and `deflection_radial_kaplinghat_from`
    (piecewise Chebyshev series tabulated once from fixed quadratures, relative
    errors below 1e-9 and 1e-8 respectively for 1e-3 <= r1 / r_s <= 3,
    traceable and differentiable).

    Parameters
    ----------
    centre
        The (y,x) arc-second coordinates of the profile centre.
    kappa_s
        The NFW normalisation :math:`\rho_s r_s / \Sigma_{\rm cr}`.
    scale_radius
        The NFW scale radius in arc-seconds.
    sigma_over_m, t_age
        Cross section (cm^2 / g) and age (Gyr), used only for the default
        ``interaction_radius = scale_radius s / (100 + s)``, s = sigma_over_m t_age.
    interaction_radius
        The radius :math:`r_1` (arc-seconds) inside which the halo is isothermal;
        zero or negative gives the NFW profile.
    """

    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        kappa_s: float = 0.05,
        scale_radius: float = 1.0,
        sigma_over_m: float = 1.0,
        t_age: float = 10.0,
        interaction_radius: float = None,
    ):
        super().__init__(centre=centre, ell_comps=(0.0, 0.0))

        self.kappa_s = kappa_s
        validate.validate_scale_radius(scale_radius=scale_radius)
        self.scale_radius = scale_radius
        self.sigma_over_m = sigma_over_m
        self.t_age = t_age

        xp = self._xp(interaction_radius)
        if interaction_radius is None:
            interaction_radius = default_interaction_radius_from(
                scale_radius, sigma_over_m, t_age, xp
            )
        self.interaction_radius = xp.maximum(interaction_radius, 0.0)

    def _xp(self, *values):
        from autogalaxy.profiles.mass.dark.mcr_util import xp_from

        values = [v for v in values if v is not None]
        return xp_from(self.kappa_s, self.scale_radius, self.sigma_over_m, self.t_age, *values)

    def _core(self, xp):
        return kaplinghat_core_parameters_from(
            self.kappa_s, self.scale_radius, self.interaction_radius, xp
        )

    @property
    def central_density(self):
        """The isothermal core's central density, in the convergence units of kappa_s / scale_radius."""
        return self._core(self._xp(self.interaction_radius))[0]

    @property
    def isothermal_radius(self):
        """The isothermal core's radius r_0 (arc-seconds)."""
        return self._core(self._xp(self.interaction_radius))[1]

    def _lensing(self, xp):
        central_density, isothermal_radius = self._core(xp)
        return dict(
            kappa_s=self.kappa_s,
            scale_radius=self.scale_radius,
            interaction_radius=self.interaction_radius,
            central_density=central_density,
            isothermal_radius=isothermal_radius,
        )

    def density_3d_func(self, r, xp=np):
        radii = r.array if hasattr(r, "array") else r
        return density_kaplinghat_from(xp.asarray(radii, dtype=float), xp=xp, **self._lensing(xp))

    def convergence_func(self, grid_radius, xp=np):
        radii = grid_radius.array if hasattr(grid_radius, "array") else grid_radius
        return convergence_radial_kaplinghat_from(
            xp.asarray(radii, dtype=float), xp=xp, **self._lensing(xp)
        )

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def convergence_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """The projected convergence (see `convergence_radial_kaplinghat_from`)."""
        return convergence_radial_kaplinghat_from(
            _radius_from(grid, xp), xp=xp, **self._lensing(xp)
        )

    def radial_deflection_from_radius(self, radius):
        """The deflection magnitude at one radius (NumPy, host-side), as a float."""
        return float(
            deflection_radial_kaplinghat_from(
                np.asarray(float(radius)), xp=np, **self._lensing(np)
            )
        )

    @staticmethod
    def radial_deflection_from(r, params, xp):
        """
        The radial deflection for stacked parameters ``(kappa_s, scale_radius, interaction_radius,
        central_density, isothermal_radius)`` (see `deflection_radial_kaplinghat_from`).
        """
        return deflection_radial_kaplinghat_from(xp.asarray(r), *params[:5], xp)

    @aa.decorators.to_vector_yx
    @aa.decorators.transform
    def deflections_yx_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """
        The deflection angles, :math:`\alpha(R) (y, x) / R` with
        `deflection_over_radius_kaplinghat_from` (zero at the centre).
        """
        over_radius = deflection_over_radius_kaplinghat_from(
            _radius_from(grid, xp), xp=xp, **self._lensing(xp)
        )
        return xp.stack(
            (over_radius * grid.array[:, 0], over_radius * grid.array[:, 1]), axis=-1
        )

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def potential_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        r"""
        The lensing potential :math:`\psi(R) = \int_0^R \alpha(R') \mathrm{d}R'`, by adaptive
        quadrature on the host (NumPy only).
        """
        from scipy.integrate import quad

        lensing = self._lensing(np)
        theta = np.asarray(_radius_from(grid, np))

        def alpha(radius):
            return float(deflection_radial_kaplinghat_from(np.asarray(radius), xp=np, **lensing))

        points = [float(self.interaction_radius)]
        return np.array(
            [
                quad(
                    alpha,
                    0.0,
                    max(float(radius), 1.0e-8),
                    epsrel=1.0e-8,
                    limit=200,
                    points=[p for p in points if 0.0 < p < radius] or None,
                )[0]
                for radius in theta
            ]
        )


def kaplinghat_population_lensing_from(params, static, xp):
    """
    The kernel arguments of `KaplinghatCoredNFWSph` members of a `HaloPopulation`: the stored
    ``kappa_s``, ``scale_radius`` and ``interaction_radius`` and the matched core
    (`kaplinghat_core_parameters_from`, vectorised over the members).
    """
    central_density, isothermal_radius = kaplinghat_core_parameters_from(
        params["kappa_s"], params["scale_radius"], params["interaction_radius"], xp
    )
    # Without a core (r1 <= 0) the kernels are the NFW's and never read the central density, whose
    # infinite value would mark the member as non-finite (and so dead) in the population.
    central_density = xp.where(params["interaction_radius"] > 0.0, central_density, 0.0)
    return dict(
        kappa_s=params["kappa_s"],
        scale_radius=params["scale_radius"],
        interaction_radius=params["interaction_radius"],
        central_density=central_density,
        isothermal_radius=isothermal_radius,
    )
