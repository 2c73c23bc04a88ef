from typing import Tuple

import numpy as np

from autogalaxy.profiles.mass.dark import mcr_util
from autogalaxy.profiles.mass.dark.kaplinghat import (
    KaplinghatCoredNFWSph,
    _nfw_mass_factor_from,
)


MSUN_G = 1.98847e33
KPC_CM = 3.0856775814913673e21
GYR_S = 3.15576e16
G_KPC_KM2_S2_MSUN = 4.30091727003628e-6


def _log_rate_from(log_y, log_amplitude, xp):
    """ln of the scatterings per particle, ln A + ln[ sqrt(m(y) / y) / (y (1 + y)^2) ], at y = r / r_s."""
    y = xp.exp(log_y)
    return (
        log_amplitude
        + 0.5 * (xp.log(_nfw_mass_factor_from(y, xp)) - log_y)
        - log_y
        - 2.0 * xp.log1p(y)
    )


def interaction_radius_kpc_from(sigma_over_m, t_age, rho_s, scale_radius_kpc, radius_at_200, xp):
    r"""
    The interaction radius :math:`r_1` of Kaplinghat, Tulin & Yu (2016), where each particle of the NFW
    halo has scattered once over the halo age:

    .. math::

        \frac{\sigma}{m} \rho_{\rm NFW}(r_1) \, v(r_1) \, t_{\rm age} = 1, \qquad
        v(r) = \sqrt{G M_{\rm NFW}(r) / r}.

    The rate falls monotonically with radius; the root is found in :math:`\ln r` on
    :math:`[\min(10^{-8} r_s, 10^{-10} r_{200}), r_{200}]` by 80 bisections and one Newton step (which
    carries the derivatives). Zero when the rate is below one everywhere in that range (or for a
    non-positive cross section or age), :math:`r_{200}` when it is above one everywhere.

    Parameters
    ----------
    sigma_over_m
        cm^2 / g.
    t_age
        Gyr.
    rho_s, scale_radius_kpc, radius_at_200
        The NFW halo's :math:`\rho_s` (Msun / kpc^3), :math:`r_s` and :math:`r_{200}` (kpc).
    xp
        ``numpy`` or ``jax.numpy``.

    Returns
    -------
    :math:`r_1` in kpc.
    """
    active = (sigma_over_m > 0.0) & (t_age > 0.0)
    sigma = xp.where(active, sigma_over_m, 1.0)
    age = xp.where(active, t_age, 1.0)
    # rate = A sqrt(m(y) / y) / (y (1 + y)^2), A = sigma rho_s sqrt(4 pi G rho_s r_s^2) t in cgs.
    amplitude = (
        sigma
        * rho_s
        * (MSUN_G / KPC_CM**3)
        * xp.sqrt(4.0 * np.pi * G_KPC_KM2_S2_MSUN * rho_s * scale_radius_kpc**2)
        * 1.0e5
        * age
        * GYR_S
    )
    log_amplitude = xp.log(amplitude)
    log_c = xp.log(radius_at_200 / scale_radius_kpc)
    log_lo = xp.minimum(np.log(1.0e-8), log_c + np.log(1.0e-10))
    log_hi = log_c

    def step(bounds):
        lo, hi = bounds
        middle = 0.5 * (lo + hi)
        above = _log_rate_from(middle, log_amplitude, xp) > 0.0
        return xp.where(above, middle, lo), xp.where(above, hi, middle)

    if xp is np:
        bounds = (log_lo, log_hi)
        for _ in range(80):
            bounds = step(bounds)
        log_y = 0.5 * (bounds[0] + bounds[1])
    else:
        import jax

        lo, hi = jax.lax.fori_loop(
            0, 80, lambda _, b: step(b), jax.lax.stop_gradient((log_lo, log_hi))
        )
        log_y = jax.lax.stop_gradient(0.5 * (lo + hi))
        # One Newton step in ln y: exact in value at the root, it carries d ln y = -d ln rate / slope.
        value, slope = jax.jvp(
            lambda v: _log_rate_from(v, log_amplitude, xp), (log_y,), (xp.ones_like(log_y),)
        )
        log_y = log_y - value / slope

    radius = scale_radius_kpc * xp.exp(log_y)
    radius = xp.where(_log_rate_from(log_lo, log_amplitude, xp) < 0.0, 0.0, radius)
    radius = xp.where(_log_rate_from(log_hi, log_amplitude, xp) > 0.0, radius_at_200, radius)
    return xp.where(active, radius, 0.0)


def kaplinghat_ludlow_parameters_from(
    mass_at_200, scatter_sigma, sigma_over_m, t_age, redshift_object, redshift_source, xp
):
    r"""
    The NFW parameters and the interaction radius of a Kaplinghat, Tulin & Yu (2016) halo of mass
    :math:`M_{200c}` on the Ludlow et al. (2016) relation (offset by ``scatter_sigma`` x 0.15 dex,
    `mcr_util.kappa_s_and_scale_radius_for_ludlow`), with `interaction_radius_kpc_from`.

    Pure in every argument but the redshifts (traceable, vmappable, differentiable).

    Returns
    -------
    kappa_s, scale_radius, interaction_radius
        Dimensionless, arc-seconds, arc-seconds.
    """
    _, critical_surface_density, kpc_per_arcsec = mcr_util.planck15_lensing_quantities_from(
        redshift_object, redshift_source
    )
    kappa_s, scale_radius, radius_at_200 = mcr_util.kappa_s_and_scale_radius_for_ludlow(
        mass_at_200=mass_at_200,
        scatter_sigma=scatter_sigma,
        redshift_object=redshift_object,
        redshift_source=redshift_source,
        xp=xp,
    )
    scale_radius_kpc = scale_radius * kpc_per_arcsec
    rho_s = kappa_s * critical_surface_density / scale_radius_kpc
    interaction_radius_kpc = interaction_radius_kpc_from(
        sigma_over_m=sigma_over_m,
        t_age=t_age,
        rho_s=rho_s,
        scale_radius_kpc=scale_radius_kpc,
        radius_at_200=radius_at_200,
        xp=xp,
    )
    return kappa_s, scale_radius, interaction_radius_kpc / kpc_per_arcsec


class KaplinghatCoredNFWMCRLudlowSph(KaplinghatCoredNFWSph):
    """
    The Kaplinghat, Tulin & Yu (2016) cored NFW halo from physical inputs: the NFW parameters from the
    Ludlow et al. (2016) mass-concentration relation and the interaction radius from the scattering rate
    over the halo age (`kaplinghat_ludlow_parameters_from`). Every input but the redshifts may be a traced
    JAX value.

    Parameters
    ----------
    centre
        The (y,x) arc-second coordinates of the profile centre.
    mass_at_200
        :math:`M_{200c}` in solar masses.
    sigma_over_m
        The self-interaction cross section per unit mass, cm^2 / g.
    t_age
        The halo age in Gyr.
    redshift_object, redshift_source
        The halo and source redshifts.
    """

    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        sigma_over_m: float = 1.0,
        t_age: float = 10.0,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        self.mass_at_200 = mass_at_200
        self.sigma_over_m = sigma_over_m
        self.t_age = t_age
        self.redshift_object = redshift_object
        self.redshift_source = redshift_source
        # On the relation; scattered concentrations via the mapping functions or HaloPopulation.from_arrays.
        self.scatter_sigma = 0.0

        kappa_s, scale_radius, interaction_radius = kaplinghat_ludlow_parameters_from(
            mass_at_200=mass_at_200,
            scatter_sigma=0.0,
            sigma_over_m=sigma_over_m,
            t_age=t_age,
            redshift_object=redshift_object,
            redshift_source=redshift_source,
            xp=mcr_util.xp_from(mass_at_200, sigma_over_m, t_age),
        )

        super().__init__(
            centre=centre,
            kappa_s=kappa_s,
            scale_radius=scale_radius,
            sigma_over_m=sigma_over_m,
            t_age=t_age,
            interaction_radius=interaction_radius,
        )


KAPLINGHAT_MCR_POPULATION_PARAMETERS = ("mass_at_200", "scatter_sigma", "sigma_over_m", "t_age")


def kaplinghat_mcr_population_lensing_from(params, static, xp):
    """
    The kernel arguments of `KaplinghatCoredNFWMCRLudlowSph` members of a `HaloPopulation` from their
    stored physical parameters (`KAPLINGHAT_MCR_POPULATION_PARAMETERS`) and the group's
    ``(redshift_object, redshift_source)``: `kaplinghat_ludlow_parameters_from` per member (a loop on
    NumPy, ``jax.vmap`` on JAX), then the matched core (`kaplinghat.kaplinghat_population_lensing_from`).
    """
    from autogalaxy.profiles.mass.dark.halo_population import per_member_from
    from autogalaxy.profiles.mass.dark.kaplinghat import kaplinghat_population_lensing_from

    redshift_object, redshift_source = static

    def mapping(*values):
        return kaplinghat_ludlow_parameters_from(
            *values, redshift_object=redshift_object, redshift_source=redshift_source, xp=xp
        )

    columns = tuple(params[name] for name in KAPLINGHAT_MCR_POPULATION_PARAMETERS)
    kappa_s, scale_radius, interaction_radius = per_member_from(mapping, columns, xp)

    return kaplinghat_population_lensing_from(
        dict(kappa_s=kappa_s, scale_radius=scale_radius, interaction_radius=interaction_radius),
        (),
        xp,
    )
