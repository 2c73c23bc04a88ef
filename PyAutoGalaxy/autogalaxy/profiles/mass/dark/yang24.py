import functools
from typing import Tuple

import numpy as np

import autoarray as aa

from autogalaxy.profiles.mass.dark.abstract import DarkProfile
from autogalaxy.profiles.mass.dark import nfw, sidm_util
from autogalaxy.profiles.mass.abstract.abstract import MassProfile
from autogalaxy.profiles import validate

# The fits of Yang et al. (2024) are calibrated for tau in [0, TAU_MAX]; larger values are truncated to it.
TAU_MAX = 1.0


def yang24_parameter_ratios_from(tau, xp):
    r"""
    The Yang et al. (2024) fits of the cored-NFW parameters along the gravothermal evolution
    (arXiv:2305.16176, Sec. 2), as ratios to the halo's CDM (NFW) parameters :math:`(\rho_{s,0}, r_{s,0})`:

    .. math::

        \frac{\rho_s}{\rho_{s,0}} &= 2.033 + 0.7381 \tau + 7.264 \tau^5 - 12.73 \tau^7 + 9.915 \tau^9
            + (1 - 2.033) \frac{\ln(\tau + 0.001)}{\ln 0.001}, \\
        \frac{r_s}{r_{s,0}} &= 0.7178 - 0.1026 \tau + 0.2474 \tau^2 - 0.4079 \tau^3
            + (1 - 0.7178) \frac{\ln(\tau + 0.001)}{\ln 0.001}, \\
        \frac{r_c}{r_{s,0}} &= 2.555 \sqrt{\tau} - 3.632 \tau + 2.131 \tau^2 - 1.415 \tau^3
            + 0.4683 \tau^4,

    exact NFW (ratios 1, 1, 0) at :math:`\tau = 0`. ``tau`` is truncated into :math:`[0, 1]`, the range of
    the fits.

    Parameters
    ----------
    tau
        The gravothermal time :math:`\tau = t / t_c`, any shape.
    xp
        ``numpy`` or ``jax.numpy``.

    Returns
    -------
    The three ratios :math:`(\rho_s / \rho_{s,0}, r_s / r_{s,0}, r_c / r_{s,0})`, shape of ``tau``.
    """
    tau = xp.clip(tau, 0.0, TAU_MAX)
    log_term = xp.log(tau + 0.001) / np.log(0.001)

    rho_s_ratio = (
        2.033
        + 0.7381 * tau
        + 7.264 * tau**5
        - 12.73 * tau**7
        + 9.915 * tau**9
        + (1.0 - 2.033) * log_term
    )
    r_s_ratio = (
        0.7178
        - 0.1026 * tau
        + 0.2474 * tau**2
        - 0.4079 * tau**3
        + (1.0 - 0.7178) * log_term
    )
    # The floor keeps the gradient of sqrt finite at tau = 0 (where r_c = 0 exactly either way).
    r_c_ratio = (
        2.555 * xp.sqrt(xp.maximum(tau, 1.0e-30))
        - 3.632 * tau
        + 2.131 * tau**2
        - 1.415 * tau**3
        + 0.4683 * tau**4
    )
    r_c_ratio = xp.where(tau > 0.0, xp.maximum(r_c_ratio, 0.0), 0.0)

    return rho_s_ratio, r_s_ratio, r_c_ratio


def yang24_lensing_parameters_from(kappa_s, scale_radius, tau, xp):
    r"""
    The lensing parameters of the evolved halo from its CDM (NFW) parameters and :math:`\tau`
    (`yang24_parameter_ratios_from`):
    :math:`\kappa_s = (\rho_s / \rho_{s,0}) (r_s / r_{s,0}) \kappa_{s,0}`, :math:`r_s` and :math:`r_c`.

    Parameters
    ----------
    kappa_s, scale_radius
        The CDM halo's :math:`\kappa_{s,0} = \rho_{s,0} r_{s,0} / \Sigma_{\rm cr}` and :math:`r_{s,0}`
        (arc-seconds).
    tau
        The gravothermal time :math:`t / t_c`.
    xp
        ``numpy`` or ``jax.numpy``.

    Returns
    -------
    kappa_s, scale_radius, core_radius
        Of the evolved profile (arc-seconds for the radii), shape of the broadcast inputs.
    """
    rho_s_ratio, r_s_ratio, r_c_ratio = yang24_parameter_ratios_from(tau=tau, xp=xp)
    return (
        rho_s_ratio * r_s_ratio * kappa_s,
        r_s_ratio * scale_radius,
        r_c_ratio * scale_radius,
    )


def density_yang24_from(radius, kappa_s, scale_radius, core_radius, xp):
    r"""
    The :math:`\beta = 4` cored-NFW density of Yang et al. (2024, Eq. 2.1), in convergence units
    (:math:`\rho / \Sigma_{\rm cr}` per arc-second):

    .. math::

        \rho(r) = \frac{\kappa_s}{r_s} \frac{r_s^3}{(r^4 + r_c^4)^{1/4} (r + r_s)^2}

    written without overflow for any :math:`r \ge 0` (finite at :math:`r = 0` when :math:`r_c > 0`).
    """
    large = xp.maximum(radius, core_radius)
    small = xp.minimum(radius, core_radius)
    # (r^4 + r_c^4)^(1/4) without forming r^4.
    ratio = small / xp.where(large > 0.0, large, 1.0)
    r_tilde = large * (1.0 + ratio**4) ** 0.25
    fall = scale_radius / (radius + scale_radius)
    return kappa_s * fall * fall / r_tilde


# The lensing of the profile is tabulated once (host-side) as piecewise Chebyshev series in
# w = ln(R / r_c) and v = ln(r_c / r_s): the panels of w are narrow around the core (w = 0, where the
# functions' nearest complex singularities lie at Im w = pi / 4) and wide away from it.
YANG24_W_EDGES = np.array(
    [-16.82, -10.5, -6.5, -4.0, -2.4, -1.2, -0.3, 0.6, 1.6, 2.8, 4.2, 5.9, 7.61]
)
YANG24_V_EDGES = np.linspace(np.log(1.0e-8), np.log(5.0), 9)
YANG24_W_DEGREE = 14
YANG24_V_DEGREE = 14
# The quadrature nodes of the tabulated values (twice the documented 1e-9 accuracy's count).
_TABLE_QUADRATURE_NODES = 256


def _yang24_values_from(w, v):
    """Host-side: the mean convergence and the convergence over kappa_s (r_s = 1) at R = r_c e^w, r_c = e^v."""
    core_radius = np.exp(v)
    radius = np.exp(w + v)

    def density(r):
        return density_yang24_from(r, 1.0, 1.0, core_radius, np)

    mean_kappa = sidm_util.cylinder_mass_from(
        density, radius, core_radius, 1.0, np, nodes=_TABLE_QUADRATURE_NODES
    ) / (np.pi * radius * radius)
    kappa = sidm_util.projected_density_from(
        density, radius, core_radius, 1.0, np, nodes=_TABLE_QUADRATURE_NODES
    )
    return mean_kappa, kappa


@functools.lru_cache(maxsize=1)
def _yang24_tables():
    r"""
    Host-side, once: the Chebyshev coefficients of :math:`\ln(\bar\kappa / \kappa_s)` and
    :math:`\ln(\kappa / \kappa_s)` on the panels of ``YANG24_W_EDGES`` x ``YANG24_V_EDGES``
    (`sidm_util.log_table_from`), from the quadratures of `sidm_util` at the Chebyshev points.
    """
    return sidm_util.log_table_from(
        _yang24_values_from, YANG24_W_EDGES, YANG24_W_DEGREE, YANG24_V_EDGES, YANG24_V_DEGREE
    )


def _halo_series_from(table, scale_radius, core_radius, xp):
    """
    Per halo (never per ray): the core radius clamped into the table's range and the Chebyshev
    coefficients in w at the halo's ``v = ln(r_c / r_s)``, shape ``halo_shape + (w panels, degree + 1)``.
    """
    # r_c = 0 is NFW, evaluated in closed form; any positive value keeps the untaken branch finite.
    inner = xp.where(core_radius > 0.0, core_radius, scale_radius)
    v = xp.clip(
        xp.log(inner / scale_radius), float(YANG24_V_EDGES[0]), float(YANG24_V_EDGES[-1])
    )
    series = sidm_util.shape_series_from(table, v, YANG24_V_EDGES, xp)
    return scale_radius * xp.exp(v), series


def _tabulated_from(series, radius, core_radius, xp):
    """``exp`` of the piecewise series at w = ln(R / r_c), R held inside the table's range."""
    held = xp.maximum(radius, core_radius * float(np.exp(YANG24_W_EDGES[0])))
    return sidm_util.tabulated_from(series, xp.log(held / core_radius), YANG24_W_EDGES, xp)


def convergence_radial_yang24_from(radius, kappa_s, scale_radius, core_radius, xp):
    r"""
    The convergence of the Yang et al. (2024) profile (`density_yang24_from`) at projected radius
    :math:`R`, :math:`\kappa(R) = 2 \int_0^\infty \rho(\sqrt{R^2 + z^2}) \mathrm{d}z`.

    No closed form exists for :math:`r_c > 0`. :math:`\ln(\kappa / \kappa_s)` is a function of
    :math:`w = \ln(R / r_c)` and :math:`v = \ln(r_c / r_s)` only, tabulated once (host-side) as piecewise
    Chebyshev series from the fixed quadratures of `sidm_util` (`_yang24_tables`); per halo the series in
    :math:`v` are summed once, so each ray costs one Chebyshev sum in :math:`w`. Outside the table,
    :math:`R < 5 \times 10^{-8} r_c` takes the value there (flat to below double precision) and
    :math:`R > 2000 r_c` the NFW closed form (the relative difference is :math:`O((r_c / R)^4)`).
    Relative error below :math:`10^{-9}` (measured: a few :math:`10^{-11}` against the quadratures) for
    :math:`10^{-8} \le r_c / r_s \le 5`, where :math:`r_c / r_s` is clamped; at :math:`r_c = 0` it is the
    NFW closed form.

    Parameters
    ----------
    radius
        The projected radii :math:`R \ge 0` in arc-seconds, any shape.
    kappa_s, scale_radius, core_radius
        The evolved profile's :math:`\kappa_s`, :math:`r_s` and :math:`r_c` (arc-seconds), broadcastable
        against ``radius`` (see `yang24_lensing_parameters_from`).
    xp
        ``numpy`` or ``jax.numpy``.

    Returns
    -------
    The convergence, shape of the broadcast inputs; finite everywhere.
    """
    radius = xp.asarray(radius) + 0.0 * core_radius
    clamped, series = _halo_series_from(_yang24_tables()[1], scale_radius, core_radius, xp)
    tabulated = kappa_s * _tabulated_from(series, radius, clamped, xp)
    far_radius = clamped * float(np.exp(YANG24_W_EDGES[-1]))
    far = nfw.convergence_radial_nfw_from(
        xp.maximum(radius, far_radius), kappa_s, scale_radius, xp
    )
    cored = xp.where(radius > far_radius, far, tabulated)
    cusp = nfw.convergence_radial_nfw_from(radius, kappa_s, scale_radius, xp)
    return xp.where(core_radius > 0.0, cored, cusp)


def deflection_over_radius_yang24_from(radius, kappa_s, scale_radius, core_radius, xp):
    r"""
    :math:`\alpha(R) / R = M_{\rm cyl}(R) / (\pi R^2)`, the mean convergence inside :math:`R`, of the Yang et
    al. (2024) profile; finite at :math:`R = 0` (where it is :math:`\kappa(0)`) when :math:`r_c > 0`.

    Tabulated as the convergence is (`convergence_radial_yang24_from`), from the fixed quadrature of
    `sidm_util.cylinder_mass_from`; beyond :math:`R_{\rm far} = 2000 r_c` it is the NFW closed form plus
    the mass difference :math:`M_{\rm cyl}(R_{\rm far}) - M_{\rm cyl, NFW}(R_{\rm far})` (exact to
    :math:`O((r_c / R)^4)`). Relative error below :math:`10^{-9}` for
    :math:`10^{-8} \le r_c / r_s \le 5`. At :math:`r_c = 0` it is the NFW closed form.

    Parameters are those of `convergence_radial_yang24_from`.
    """
    radius = xp.asarray(radius) + 0.0 * core_radius
    clamped, series = _halo_series_from(_yang24_tables()[0], scale_radius, core_radius, xp)
    tabulated = kappa_s * _tabulated_from(series, radius, clamped, xp)

    # Per halo: the mean convergence at the table's end (T_k(1) = 1) and the mass excess over NFW there.
    far_radius = clamped * float(np.exp(YANG24_W_EDGES[-1]))
    far_mean = kappa_s * xp.exp(xp.sum(series[..., -1, :], axis=-1))
    far_nfw = nfw.deflection_radial_nfw_from(far_radius, kappa_s, scale_radius, xp) / far_radius
    excess = (far_mean - far_nfw) * far_radius * far_radius
    outer = xp.maximum(radius, far_radius)
    far = (nfw.deflection_radial_nfw_from(outer, kappa_s, scale_radius, xp) + excess / outer) / outer
    cored = xp.where(radius > far_radius, far, tabulated)

    # NFW: alpha / R, with R kept positive in the untaken branch.
    safe = xp.where(radius > 0.0, radius, scale_radius)
    cusp = nfw.deflection_radial_nfw_from(safe, kappa_s, scale_radius, xp) / safe
    return xp.where(core_radius > 0.0, cored, cusp)


def deflection_radial_yang24_from(radius, kappa_s, scale_radius, core_radius, xp):
    r"""
    The magnitude of the deflection angle :math:`\alpha(R) = M_{\rm cyl}(R) / (\pi R)` of the Yang et al.
    (2024) profile at projected radius :math:`R` (see `deflection_over_radius_yang24_from`); zero at the
    centre.

    Parameters are those of `convergence_radial_yang24_from`; returns arc-seconds.
    """
    return radius * deflection_over_radius_yang24_from(
        radius, kappa_s, scale_radius, core_radius, xp
    )


def _radius_from(grid, xp):
    return xp.sqrt(grid.array[:, 0] ** 2 + grid.array[:, 1] ** 2)


class YangSIDMSph(MassProfile, DarkProfile):
    r"""
    Spherical SIDM halo following the parametric gravothermal-evolution model of
    Yang, Nadler, Yu & Zhong (2024), arXiv:2305.16176.

    The density is the beta = 4 cored-NFW form

    .. math::
        \rho(r) = \frac{\rho_s}{\left[(r^4 + r_c^4)^{1/4} / r_s\right]
                  \left(1 + r / r_s\right)^2}

    whose parameters :math:`(\rho_s, r_s, r_c)` evolve along the universal
    gravothermal sequence as a function of the dimensionless time
    :math:`\tau = t / t_c`, via the Yang et al. (2024) fitting functions
    (`yang24_parameter_ratios_from`). At ``tau = 0`` the profile is exactly the
    NFW profile of the halo's CDM baseline ``(kappa_s, scale_radius)``; as
    ``tau`` grows the halo first forms a core (core expansion) and then
    contracts towards core collapse.

    The fits are calibrated for ``tau`` in [0, 1]; values outside are truncated
    into that range when the profile is evaluated.

    The convergence and deflection are `convergence_radial_yang24_from` and
    `deflection_radial_yang24_from` (piecewise Chebyshev series tabulated once
    from fixed quadratures, relative error below 1e-9 for 1e-8 <= r_c / r_s <= 5,
    traceable and differentiable in every parameter).

    Parameters
    ----------
    centre
        The (y,x) arc-second coordinates of the profile centre.
    kappa_s
        The overall normalization of the CDM baseline NFW halo
        (rho_s0 * scale_radius / critical surface density).
    scale_radius
        The arc-second scale radius r_s0 of the CDM baseline NFW halo.
    tau
        The dimensionless gravothermal evolution time t / t_c, where t_c is the
        halo's core-collapse timescale. Use `YangSIDMMCRLudlowSph` to compute
        ``tau`` from physical inputs (cross section, halo age and mass).
    """

    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        kappa_s: float = 0.05,
        scale_radius: float = 1.0,
        tau: float = 0.0,
    ):
        super().__init__(centre=centre, ell_comps=(0.0, 0.0))

        self.kappa_s = kappa_s
        validate.validate_scale_radius(scale_radius=scale_radius)
        self.scale_radius = scale_radius
        self.tau = tau

    def _xp(self):
        from autogalaxy.profiles.mass.dark.mcr_util import xp_from

        return xp_from(self.kappa_s, self.scale_radius, self.tau)

    def _lensing_parameters(self, xp):
        return yang24_lensing_parameters_from(
            kappa_s=self.kappa_s, scale_radius=self.scale_radius, tau=self.tau, xp=xp
        )

    @property
    def rho_s_evolved(self):
        """The evolved :math:`\\rho_s` in convergence units per arc-second (:math:`\\kappa_s / r_s`)."""
        kappa_s, scale_radius, _ = self._lensing_parameters(self._xp())
        return kappa_s / scale_radius

    @property
    def scale_radius_evolved(self):
        """The evolved scale radius :math:`r_s` in arc-seconds."""
        return self._lensing_parameters(self._xp())[1]

    @property
    def core_radius_evolved(self):
        """The evolved core radius :math:`r_c` in arc-seconds."""
        return self._lensing_parameters(self._xp())[2]

    def density_3d_func(self, r, xp=np):
        radii = r.array if hasattr(r, "array") else r
        kappa_s, scale_radius, core_radius = self._lensing_parameters(xp)
        return density_yang24_from(
            xp.asarray(radii), kappa_s, scale_radius, core_radius, xp
        )

    def convergence_func(self, grid_radius, xp=np):
        radii = grid_radius.array if hasattr(grid_radius, "array") else grid_radius
        kappa_s, scale_radius, core_radius = self._lensing_parameters(xp)
        return convergence_radial_yang24_from(
            xp.asarray(radii, dtype=float), kappa_s, scale_radius, core_radius, xp
        )

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def convergence_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """
        The projected convergence on a grid of (y,x) arc-second coordinates (see
        `convergence_radial_yang24_from`).
        """
        kappa_s, scale_radius, core_radius = self._lensing_parameters(xp)
        return convergence_radial_yang24_from(
            _radius_from(grid, xp), kappa_s, scale_radius, core_radius, xp
        )

    def radial_deflection_from_radius(self, radius):
        """The deflection magnitude at one radius (NumPy, host-side), as a float."""
        kappa_s, scale_radius, core_radius = self._lensing_parameters(np)
        return float(
            deflection_radial_yang24_from(
                np.asarray(float(radius)), kappa_s, scale_radius, core_radius, np
            )
        )

    @staticmethod
    def radial_deflection_from(r, params, xp):
        """
        The radial deflection for stacked parameters ``(rho_s_evolved, scale_radius_evolved,
        core_radius_evolved)`` (see `deflection_radial_yang24_from`).
        """
        rho_s, scale_radius, core_radius = params[0], params[1], params[2]
        return deflection_radial_yang24_from(
            xp.asarray(r), rho_s * scale_radius, scale_radius, core_radius, xp
        )

    @aa.decorators.to_vector_yx
    @aa.decorators.transform
    def deflections_yx_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """
        The deflection angles on a grid of (y,x) arc-second coordinates,
        :math:`\\alpha(R) (y, x) / R` with `deflection_over_radius_yang24_from` (zero at the centre).
        """
        kappa_s, scale_radius, core_radius = self._lensing_parameters(xp)
        over_radius = deflection_over_radius_yang24_from(
            _radius_from(grid, xp), kappa_s, scale_radius, core_radius, xp
        )
        return xp.stack(
            (over_radius * grid.array[:, 0], over_radius * grid.array[:, 1]), axis=-1
        )

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def potential_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """
        The lensing potential :math:`\\psi(R) = \\int_0^R \\alpha(R') \\mathrm{d}R'`, by adaptive
        quadrature on the host (NumPy only).
        """
        from scipy.integrate import quad

        theta = np.asarray(_radius_from(grid, np))
        return np.array(
            [
                quad(
                    self.radial_deflection_from_radius,
                    0.0,
                    max(float(radius), 1.0e-8),
                    epsrel=1.0e-8,
                    limit=200,
                )[0]
                for radius in theta
            ]
        )


def yang24_population_lensing_from(params, static, xp):
    """
    The kernel arguments of `YangSIDMSph` members of a `HaloPopulation`: the evolved ``kappa_s``,
    ``scale_radius`` and ``core_radius`` from the stored ``kappa_s``, ``scale_radius`` and ``tau``
    (`yang24_lensing_parameters_from`, vectorised over the members).
    """
    kappa_s, scale_radius, core_radius = yang24_lensing_parameters_from(
        kappa_s=params["kappa_s"],
        scale_radius=params["scale_radius"],
        tau=params["tau"],
        xp=xp,
    )
    return dict(kappa_s=kappa_s, scale_radius=scale_radius, core_radius=core_radius)
