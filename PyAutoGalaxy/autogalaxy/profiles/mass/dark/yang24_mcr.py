from typing import Tuple

import numpy as np

from autogalaxy.profiles.mass.dark import mcr_util
from autogalaxy.profiles.mass.dark.yang24 import YangSIDMSph


MSUN_G = 1.98847e33
KPC_CM = 3.0856775814913673e21
GYR_S = 3.15576e16
G_KPC_KM2_S2_MSUN = 4.30091727003628e-6
G_CGS = 6.6743e-8

# x = r / r_s at which the NFW circular velocity peaks.
NFW_X_AT_V_MAX = 2.1625815870646098

# The calibrated constant C of the Yang et al. (2024) collapse-time formula.
COLLAPSE_CALIBRATION_C = 0.75


def _gamma_from(x, xp):
    """The Gamma function on the backend ``xp``."""
    if xp is np:
        from scipy.special import gamma

        return gamma(x)
    from jax.scipy.special import gamma

    return gamma(x)


def nu_eff_km_s_from(rho_s, scale_radius_kpc, xp):
    r"""
    The effective velocity dispersion :math:`\nu_{\rm eff} = 0.64 V_{\rm max}` of the halo's CDM (NFW)
    profile (Yang et al. 2024; Outmezguine et al. 2023), in km/s:

    .. math::

        V_{\rm max}^2 = 4 \pi G \rho_s r_s^2 \, \frac{\ln(1 + x) - x / (1 + x)}{x}, \qquad x = 2.16258

    Parameters
    ----------
    rho_s
        :math:`\rho_s` in Msun / kpc^3.
    scale_radius_kpc
        :math:`r_s` in kpc.
    xp
        ``numpy`` or ``jax.numpy``.
    """
    x = NFW_X_AT_V_MAX
    mass_factor = np.log1p(x) - x / (1.0 + x)
    v_max_km_s = xp.sqrt(
        4.0 * np.pi * G_KPC_KM2_S2_MSUN * rho_s * scale_radius_kpc**2 * mass_factor / x
    )
    return 0.64 * v_max_km_s


def sigma_eff_over_m_from(sigma_over_m, velocity_exponent, velocity_ref, nu_eff_km_s, xp):
    r"""
    The effective cross section per unit mass :math:`\langle \sigma v^5 \rangle / \langle v^5 \rangle`
    (Outmezguine et al. 2023) of the power law :math:`\sigma(v) = \sigma_0 (v / v_{\rm ref})^{-a}`,
    averaged over the Maxwell-Boltzmann relative velocities
    :math:`f(v) \propto v^2 e^{-v^2 / (4 \nu_{\rm eff}^2)}`, in closed form:

    .. math::

        \frac{\sigma_{\rm eff}}{m} = \frac{\sigma_0}{m}
            \left(\frac{v_{\rm ref}}{2 \nu_{\rm eff}}\right)^{a} \frac{\Gamma(4 - a / 2)}{6}

    (the constant cross section at :math:`a = 0`; the average converges for :math:`a < 8`).

    Parameters
    ----------
    sigma_over_m
        :math:`\sigma_0 / m` in cm^2 / g at ``velocity_ref``.
    velocity_exponent
        :math:`a < 8`.
    velocity_ref, nu_eff_km_s
        :math:`v_{\rm ref}` and :math:`\nu_{\rm eff}` in km/s.
    xp
        ``numpy`` or ``jax.numpy``.
    """
    return (
        sigma_over_m
        * (velocity_ref / (2.0 * nu_eff_km_s)) ** velocity_exponent
        * _gamma_from(4.0 - 0.5 * velocity_exponent, xp)
        / 6.0
    )


def tau_from(sigma_eff_over_m, t_age, rho_s, scale_radius_kpc, xp):
    r"""
    The gravothermal time :math:`\tau = t_{\rm age} / t_c` with the Yang et al. (2024) collapse time of the
    CDM (NFW) halo

    .. math::

        t_c = \frac{150}{C} \frac{1}{(\sigma_{\rm eff}/m) \, \rho_s r_s \sqrt{4 \pi G \rho_s}},
        \qquad C = 0.75,

    zero for a non-positive cross section or age.

    Parameters
    ----------
    sigma_eff_over_m
        cm^2 / g.
    t_age
        Gyr.
    rho_s, scale_radius_kpc
        Msun / kpc^3 and kpc.
    xp
        ``numpy`` or ``jax.numpy``.
    """
    rho_s_g_cm3 = rho_s * (MSUN_G / KPC_CM**3)
    scale_radius_cm = scale_radius_kpc * KPC_CM
    collapse_rate = (
        sigma_eff_over_m
        * rho_s_g_cm3
        * scale_radius_cm
        * xp.sqrt(4.0 * np.pi * G_CGS * rho_s_g_cm3)
    )
    tau = t_age * GYR_S * collapse_rate / (150.0 / COLLAPSE_CALIBRATION_C)
    return xp.where((sigma_eff_over_m > 0.0) & (t_age > 0.0), tau, 0.0)


def yang24_ludlow_parameters_from(
    mass_at_200,
    scatter_sigma,
    sigma_over_m,
    velocity_exponent,
    velocity_ref,
    t_age,
    redshift_object,
    redshift_source,
    xp,
):
    r"""
    The CDM (NFW) parameters and the gravothermal time of a Yang et al. (2024) SIDM halo from physical
    inputs: the Ludlow et al. (2016) concentration offset by ``scatter_sigma`` x 0.15 dex
    (`mcr_util.kappa_s_and_scale_radius_for_ludlow`), :math:`\nu_{\rm eff}` (`nu_eff_km_s_from`),
    :math:`\sigma_{\rm eff}/m` (`sigma_eff_over_m_from`) and :math:`\tau` (`tau_from`).

    Pure in every argument but the redshifts (traceable, vmappable, differentiable); the redshifts must be
    concrete (distances are computed on the host).

    Parameters
    ----------
    mass_at_200
        :math:`M_{200c}` in Msun, a scalar (``jax.vmap`` for batches).
    scatter_sigma
        Offset of :math:`\log_{10} c` from the relation, in units of 0.15 dex.
    sigma_over_m, velocity_exponent, velocity_ref
        The cross section (cm^2 / g at ``velocity_ref`` km/s) and its power-law index (see
        `sigma_eff_over_m_from`).
    t_age
        The halo age in Gyr.
    redshift_object, redshift_source
        Redshifts of the halo and of the source.
    xp
        ``numpy`` or ``jax.numpy``.

    Returns
    -------
    kappa_s, scale_radius, tau
        The CDM halo's :math:`\kappa_{s,0}` and :math:`r_{s,0}` (arc-seconds), and the untruncated
        :math:`\tau` (`yang24.yang24_parameter_ratios_from` truncates it into the fitted range).
    """
    _, critical_surface_density, kpc_per_arcsec = mcr_util.planck15_lensing_quantities_from(
        redshift_object, redshift_source
    )
    kappa_s, scale_radius, _ = mcr_util.kappa_s_and_scale_radius_for_ludlow(
        mass_at_200=mass_at_200,
        scatter_sigma=scatter_sigma,
        redshift_object=redshift_object,
        redshift_source=redshift_source,
        xp=xp,
    )
    scale_radius_kpc = scale_radius * kpc_per_arcsec
    rho_s = kappa_s * critical_surface_density / scale_radius_kpc

    nu_eff = nu_eff_km_s_from(rho_s=rho_s, scale_radius_kpc=scale_radius_kpc, xp=xp)
    sigma_eff = sigma_eff_over_m_from(
        sigma_over_m=sigma_over_m,
        velocity_exponent=velocity_exponent,
        velocity_ref=velocity_ref,
        nu_eff_km_s=nu_eff,
        xp=xp,
    )
    tau = tau_from(
        sigma_eff_over_m=sigma_eff,
        t_age=t_age,
        rho_s=rho_s,
        scale_radius_kpc=scale_radius_kpc,
        xp=xp,
    )
    return kappa_s, scale_radius, tau


class YangSIDMMCRLudlowSph(YangSIDMSph):
    r"""
    The Yang et al. (2024) parametric SIDM halo constructed from physical
    inputs, with the CDM baseline NFW parameters set by the Ludlow et al.
    (2016) mass-concentration relation (see `yang24_ludlow_parameters_from`).

    The dimensionless gravothermal time is solved per halo as
    :math:`\tau = t_{\rm age} / t_c` with

    .. math::
        t_c = \frac{150 / C}{(\sigma_{\rm eff}/m) \rho_s r_s
              \sqrt{4 \pi G \rho_s}}, \quad C = 0.75,

    where :math:`(\rho_s, r_s)` are the halo's CDM baseline NFW parameters in
    physical units. The effective cross section
    :math:`\sigma_{\rm eff}/m` follows Outmezguine et al. (2023): a power-law
    velocity dependence :math:`\sigma \propto v^{-a}` averaged over a
    Maxwell-Boltzmann distribution at :math:`\nu_{\rm eff} = 0.64 V_{\rm max}`.

    Every input but the redshifts may be a traced JAX value (the parameters
    then follow it through ``jax.jit``, ``jax.vmap`` and ``jax.grad``).

    Parameters
    ----------
    centre
        The (y,x) arc-second coordinates of the profile centre.
    mass_at_200
        The mass of the halo enclosing 200 times the critical density,
        in solar masses.
    sigma_over_m
        The self-interaction cross section per unit mass, in cm^2 / g,
        evaluated at the reference velocity ``velocity_ref``.
    velocity_exponent
        The power-law index a of the velocity-dependent cross section
        sigma(v) = sigma_over_m * (v / velocity_ref)^(-a). Zero gives a
        velocity-independent cross section (must be < 8 for the
        Maxwell-Boltzmann average to converge).
    velocity_ref
        The reference velocity, in km/s, at which ``sigma_over_m`` is quoted.
        Irrelevant when ``velocity_exponent`` is zero.
    t_age
        The age of the halo in Gyr, from which tau = t_age / t_c is computed.
        For multi-plane systems construct each halo with the age appropriate to
        its redshift plane.
    redshift_object
        The halo redshift, setting the Ludlow et al. (2016) concentration and
        the arc-second unit conversions.
    redshift_source
        The source redshift, setting the critical surface density.
    """

    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        sigma_over_m: float = 1.0,
        velocity_exponent: float = 0.0,
        velocity_ref: float = 10.0,
        t_age: float = 10.0,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        try:
            exponent = float(velocity_exponent)
        except TypeError:  # a JAX tracer: checked by the caller
            exponent = None
        if exponent is not None and exponent >= 8.0:
            raise ValueError(
                "The <sigma v^5> Maxwell-Boltzmann average diverges for a "
                f"velocity_exponent >= 8 (input value {exponent})."
            )

        self.mass_at_200 = mass_at_200
        self.sigma_over_m = sigma_over_m
        self.velocity_exponent = velocity_exponent
        self.velocity_ref = velocity_ref
        self.t_age = t_age
        self.redshift_object = redshift_object
        self.redshift_source = redshift_source
        # On the relation; scattered concentrations via the mapping functions or HaloPopulation.from_arrays.
        self.scatter_sigma = 0.0

        kappa_s, scale_radius, tau = yang24_ludlow_parameters_from(
            mass_at_200=mass_at_200,
            scatter_sigma=0.0,
            sigma_over_m=sigma_over_m,
            velocity_exponent=velocity_exponent,
            velocity_ref=velocity_ref,
            t_age=t_age,
            redshift_object=redshift_object,
            redshift_source=redshift_source,
            xp=mcr_util.xp_from(
                mass_at_200, sigma_over_m, velocity_exponent, velocity_ref, t_age
            ),
        )

        super().__init__(
            centre=centre,
            kappa_s=kappa_s,
            scale_radius=scale_radius,
            tau=tau,
        )

    @property
    def tau_physical(self):
        """The untruncated :math:`\\tau = t_{\\rm age} / t_c` (e.g. for core-collapse fractions)."""
        return self.tau

    def _nu_eff_and_sigma_eff(self):
        xp = mcr_util.xp_from(
            self.kappa_s, self.scale_radius, self.sigma_over_m, self.velocity_exponent, self.velocity_ref
        )
        _, critical_surface_density, kpc_per_arcsec = mcr_util.planck15_lensing_quantities_from(
            self.redshift_object, self.redshift_source
        )
        scale_radius_kpc = self.scale_radius * kpc_per_arcsec
        nu_eff = nu_eff_km_s_from(
            rho_s=self.kappa_s * critical_surface_density / scale_radius_kpc,
            scale_radius_kpc=scale_radius_kpc,
            xp=xp,
        )
        sigma_eff = sigma_eff_over_m_from(
            sigma_over_m=self.sigma_over_m,
            velocity_exponent=self.velocity_exponent,
            velocity_ref=self.velocity_ref,
            nu_eff_km_s=nu_eff,
            xp=xp,
        )
        return nu_eff, sigma_eff

    @property
    def nu_eff(self):
        """The effective velocity dispersion 0.64 V_max of the CDM halo, km/s (`nu_eff_km_s_from`)."""
        return self._nu_eff_and_sigma_eff()[0]

    @property
    def sigma_eff_over_m(self):
        """The velocity-averaged cross section, cm^2 / g (`sigma_eff_over_m_from`)."""
        return self._nu_eff_and_sigma_eff()[1]


YANG24_MCR_POPULATION_PARAMETERS = (
    "mass_at_200",
    "scatter_sigma",
    "sigma_over_m",
    "velocity_exponent",
    "velocity_ref",
    "t_age",
)


def yang24_mcr_population_lensing_from(params, static, xp):
    """
    The kernel arguments (``kappa_s``, ``scale_radius``, ``core_radius`` of the evolved profile) of
    `YangSIDMMCRLudlowSph` members of a `HaloPopulation` from their stored physical parameters
    (`YANG24_MCR_POPULATION_PARAMETERS`) and the group's ``(redshift_object, redshift_source)``:
    `yang24_ludlow_parameters_from` per member (a loop on NumPy, ``jax.vmap`` on JAX, as the Ludlow et al.
    (2016) concentration takes one mass at a time), then `yang24.yang24_lensing_parameters_from`.
    """
    from autogalaxy.profiles.mass.dark.halo_population import per_member_from
    from autogalaxy.profiles.mass.dark.yang24 import yang24_lensing_parameters_from

    redshift_object, redshift_source = static

    def mapping(*values):
        return yang24_ludlow_parameters_from(
            *values, redshift_object=redshift_object, redshift_source=redshift_source, xp=xp
        )

    columns = tuple(params[name] for name in YANG24_MCR_POPULATION_PARAMETERS)
    kappa_s, scale_radius, tau = per_member_from(mapping, columns, xp)

    kappa_s, scale_radius, core_radius = yang24_lensing_parameters_from(
        kappa_s=kappa_s, scale_radius=scale_radius, tau=tau, xp=xp
    )
    return dict(kappa_s=kappa_s, scale_radius=scale_radius, core_radius=core_radius)
