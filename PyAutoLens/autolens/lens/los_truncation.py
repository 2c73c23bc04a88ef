"""
The truncated-NFW parameters of line-of-sight haloes: the truncation radius where the mean density falls
to ``truncation_factor`` times critical (`truncation_tau_from`, Newton in ln tau, all haloes at once) and
the (M_200, c) -> (kappa_s, r_s, r_t) mapping shared by the host and key draws (`_tnfw_parameters_from`);
importable from `autolens.lens.los` as well.
"""

import math

import numpy as np

from autogalaxy.cosmology import Planck15


def _mass_ratio_from_concentration_and_tau(concentration, tau):
    """
    M_tNFW / M_200 for a truncated NFW with scale tau = r_t / r_s.

    This is the ``scale_c`` function from los_pipes, used inside the
    negative kappa integrand.
    """
    tau2 = tau * tau
    tau_factor = (
        tau2
        / (tau2 + 1.0) ** 2
        * ((tau2 - 1.0) * np.log(tau) + tau * np.pi - (tau2 + 1.0))
    )
    c_factor = np.log(1.0 + concentration) - concentration / (
        1.0 + concentration
    )
    return tau_factor / c_factor


def _nfw_mass_function(x, xp=np):
    """
    The dimensionless enclosed mass of an NFW profile, mu(x) = ln(1 + x) - x / (1 + x).

    M(< x r_s) = 4 pi rho_s r_s^3 mu(x). ``log1p`` keeps it accurate for x << 1, where the two terms
    nearly cancel. ``xp`` is ``numpy`` or, for a Python float, ``math``.
    """
    return xp.log1p(x) - x / (1.0 + x)


def truncation_tau_from(concentration, truncation_factor=100.0, max_iter=50):
    """
    The truncation radius in units of the scale radius, tau = r_t / r_s, of NFW haloes (vectorised).

    ``r_t`` is the radius within which the mean density of the NFW halo of concentration
    ``c = r_200 / r_s`` is ``truncation_factor`` times the critical density (``r_100`` for the
    default 100). With rho_s = delta_c rho_crit and M(< r) = 4 pi rho_s r_s^3 mu(r / r_s), tau solves

    .. math::

        \\frac{\\Delta_t}{3} \\frac{\\tau^3}{\\mu(\\tau)} = \\delta_c
        = \\frac{200}{3} \\frac{c^3}{\\mu(c)}, \\qquad \\mu(x) = \\ln(1 + x) - \\frac{x}{1 + x},

    the equation ``NFWTruncatedSph.from_m200_concentration`` solves halo by halo with ``fsolve``.
    Here all haloes are solved at once by Newton's method in ln(tau), on
    F = 3 ln tau - ln mu(tau) - ln(3 delta_c / Delta_t), whose slope
    dF / d ln tau = 3 - tau^2 / ((1 + tau)^2 mu(tau)) lies in (1, 3) for every tau > 0: F is strictly
    increasing (one root) and the iteration converges from the large-tau start
    ln tau_0 = ln c + ln(200 / Delta_t) / 3 in 3-5 steps to machine precision (relative error
    ~1e-15 against a 40-digit mpmath root; ``fsolve`` reaches ~1e-13).

    Host-side NumPy code (a data-dependent loop); it is not meant to be traced by JAX.

    Parameters
    ----------
    concentration
        NFW concentration(s) c = r_200 / r_s (dimensionless, > 0): a float or an array.
    truncation_factor
        The overdensity Delta_t, relative to the critical density, that defines r_t.
    max_iter
        Newton steps allowed before giving up (a RuntimeError; never reached for c > 0).

    Returns
    -------
    tau
        r_t / r_s: a ``numpy.float64`` for a scalar input, else an array of ``concentration``'s shape.
    """
    concentration = np.asarray(concentration, dtype=float)
    if np.any(concentration <= 0.0) or truncation_factor <= 0.0:
        raise ValueError(
            "truncation_tau_from needs concentrations > 0 and truncation_factor > 0, got "
            f"min(concentration)={np.min(concentration)}, truncation_factor={truncation_factor}"
        )

    # A scalar runs the same iteration on Python floats with `math`: NumPy's per-call overhead on
    # scalars is ~10x the arithmetic, and the negative-kappa integrand calls this once per
    # quadrature node (~20,000 times per plane).
    scalar = concentration.ndim == 0
    if scalar:
        xp, concentration = math, float(concentration)
        clip, largest = (lambda v: max(min(v, 1.0), -1.0)), abs
    else:
        xp = np
        clip, largest = (lambda v: np.clip(v, -1.0, 1.0)), (lambda v: np.max(np.abs(v)))

    ln_c = xp.log(concentration)
    ln_ratio = math.log(200.0 / truncation_factor)
    ln_target = ln_ratio + 3.0 * ln_c - xp.log(_nfw_mass_function(concentration, xp=xp))

    # For tau >> 1 mu(tau) varies only logarithmically, so tau^3 ~ (200 / Delta_t) c^3 is a close start.
    ln_tau = ln_c + ln_ratio / 3.0

    for _ in range(max_iter):
        tau = xp.exp(ln_tau)
        mu = _nfw_mass_function(tau, xp=xp)
        step = (3.0 * ln_tau - xp.log(mu) - ln_target) / (
            3.0 - tau * tau / ((1.0 + tau) ** 2 * mu)
        )
        # The slope is >= 1, so |step| <= |F|; the clip only guards the first step of extreme inputs.
        ln_tau = ln_tau - clip(step)
        if largest(step) < 1.0e-13:
            # Quadratic convergence: the step after one of 1e-13 would be ~1e-26, below rounding.
            tau = xp.exp(ln_tau)
            return np.float64(tau) if scalar else tau

    raise RuntimeError(
        f"truncation_tau_from did not converge in {max_iter} Newton steps "
        f"(largest last step {largest(step)})"
    )


def nfw_truncated_parameters_from(
    m200_solar_mass,
    concentration,
    redshift_halo,
    redshift_source,
    cosmology=None,
    truncation_factor=100.0,
):
    """
    The ``NFWTruncatedSph`` parameters of haloes on one plane, from their M_200 and concentration.

    The vectorised equivalent of ``NFWTruncatedSph.from_m200_concentration`` (He et al. 2022,
    MNRAS 511, 3046), with the same formulas in the same order:

    .. math::

        r_{200} = \\left(\\frac{3 M_{200}}{4 \\pi \\, 200 \\rho_{\\rm crit}(z)}\\right)^{1/3}, \\quad
        r_s = r_{200} / c, \\quad
        \\kappa_s = \\frac{\\delta_c \\rho_{\\rm crit}(z) \\, r_s}{\\Sigma_{\\rm cr}(z, z_s)}, \\quad
        r_t = \\tau(c) \\, r_s,

    with rho_crit in M_sun kpc^-3, Sigma_cr in M_sun kpc^-2, delta_c = (200/3) c^3 / mu(c) and tau
    from `truncation_tau_from`; r_s and r_t are converted to arc-seconds with the proper kpc per
    arcsec at ``redshift_halo``. The cosmological quantities are computed once for the plane rather
    than once per halo. (M_200, c) -> (kappa_s, r_s) is the library's one NFW mapping,
    ``autogalaxy.profiles.mass.dark.mcr_util.nfw_kappa_s_and_scale_radius_from``.

    Parameters
    ----------
    m200_solar_mass
        Halo masses M_200 (M_sun), shape (n,).
    concentration
        Concentrations c = r_200 / r_s, shape (n,).
    redshift_halo
        The redshift of the plane every halo lies on.
    redshift_source
        The source redshift of Sigma_cr.
    cosmology
        A ``LensingCosmology``; defaults to ``Planck15()``.
    truncation_factor
        The overdensity (relative to critical) that defines the truncation radius.

    Returns
    -------
    kappa_s, scale_radius, truncation_radius
        Arrays of shape (n,): the dimensionless convergence normalisation and the two radii in
        arc-seconds, as ``NFWTruncatedSph(kappa_s=..., scale_radius=..., truncation_radius=...)`` takes.
    """
    cosmology = cosmology or Planck15()

    m200_solar_mass = np.asarray(m200_solar_mass, dtype=float)
    concentration = np.asarray(concentration, dtype=float)

    critical_density, critical_surface_density, kpc_per_arcsec = _plane_lensing_quantities_from(
        redshift_halo, redshift_source, cosmology
    )
    tau = truncation_tau_from(concentration, truncation_factor=truncation_factor)
    return _tnfw_parameters_from(
        m200_solar_mass,
        concentration,
        tau,
        critical_density,
        critical_surface_density,
        kpc_per_arcsec,
        xp=np,
    )


def _plane_lensing_quantities_from(redshift_halo, redshift_source, cosmology):
    """
    Host-side: (rho_crit(z) [M_sun kpc^-3], Sigma_cr(z, z_s) [M_sun kpc^-2], proper kpc per arcsec at z)
    of one plane, as Python floats.
    """
    critical_density = cosmology.critical_density(redshift_halo)
    kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift=redshift_halo)
    critical_surface_density = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        redshift_0=redshift_halo,
        redshift_1=redshift_source,
    )
    return float(critical_density), float(critical_surface_density), float(kpc_per_arcsec)


def _tnfw_parameters_from(
    m200_solar_mass,
    concentration,
    tau,
    critical_density,
    critical_surface_density,
    kpc_per_arcsec,
    xp,
):
    """
    Pure: ``(kappa_s, scale_radius, truncation_radius)`` of truncated NFW haloes from M_200, c and
    tau = r_t / r_s, through the one shared NFW mapping ``mcr_util.nfw_kappa_s_and_scale_radius_from``.
    Traceable in every array argument; the cosmological quantities are plain floats.
    """
    from autogalaxy.profiles.mass.dark import mcr_util

    kappa_s, scale_radius, _ = mcr_util.nfw_kappa_s_and_scale_radius_from(
        mass_at_200=m200_solar_mass,
        concentration=concentration,
        critical_density=critical_density,
        critical_surface_density=critical_surface_density,
        kpc_per_arcsec=kpc_per_arcsec,
        xp=xp,
    )
    return kappa_s, scale_radius, tau * scale_radius
