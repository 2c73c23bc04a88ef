"""
cNFW mass-concentration mapping: the 3D mass inside r200 of the returned profile is M200.

References are independent of the code under test: the mass factor by mpmath quadrature of the density,
r200 from astropy's critical density in the cosmology the mapping uses (autogalaxy's ``Planck15``: H0 =
67.74, Om0 = 0.3075, the 0.06 eV neutrino as matter and the 2.046 massless species as radiation).
"""
import warnings

import mpmath
import numpy as np
import pytest
from scipy import integrate

from autogalaxy.cosmology.model import Planck15
from autogalaxy.profiles.mass.dark import mcr_util
from autogalaxy.profiles.mass.dark.cnfw import mass_3d_factor_cnfw_from

REDSHIFT_OBJECT = 0.5
REDSHIFT_SOURCE = 1.0


def _critical_density_msun_per_kpc3(redshift):
    import astropy.units as u
    from astropy.cosmology import FlatLambdaCDM

    h = 0.6774
    cosmology = FlatLambdaCDM(
        H0=67.74, Om0=0.3075 + 0.06 / 93.14 / h**2, Tcmb0=2.7255, Neff=2.046, m_nu=0.0
    )
    return cosmology.critical_density(redshift).to(u.Msun / u.kpc**3).value


@pytest.mark.parametrize("core_ratio", [0.0, 1e-3, 0.1, 0.5, 0.9, 0.95, 1.0 - 1e-9, 1.0, 1.05, 2.0])
@pytest.mark.parametrize("radius", [0.5, 5.0, 30.0])
def test__mass_3d_factor_cnfw_from__equals_quadrature_of_density(radius, core_ratio):
    mpmath.mp.dps = 30
    points = [0, radius] if core_ratio in (0.0,) else [0, min(core_ratio, radius), radius]
    reference = mpmath.quad(
        lambda t: t**2 / ((t + core_ratio) * (1 + t) ** 2), points
    )

    factor = mass_3d_factor_cnfw_from(radius=radius, core_ratio=core_ratio, xp=np)

    assert factor == pytest.approx(float(reference), rel=1e-12)


def test__mass_3d_factor_cnfw_from__positive_where_the_penarrubia_factor_was_not():
    concentration = 15.0
    for core_ratio in [0.16, 0.2, 0.25, 0.5, 0.9]:
        old_factor = (
            core_ratio**2 * np.log(1 + concentration / core_ratio)
            + (1 - 2 * core_ratio) * np.log(1 + concentration)
        ) / (1 + core_ratio) ** 2 - concentration / (
            (1 + concentration) * (1 - core_ratio)
        )
        factor = mass_3d_factor_cnfw_from(
            radius=concentration, core_ratio=core_ratio, xp=np
        )
        assert factor > 0.0
        assert factor != pytest.approx(old_factor, rel=1e-3)


@pytest.mark.parametrize("f_c", [1e-3, 0.01, 0.1, 0.3, 0.5, 0.9])
@pytest.mark.parametrize("mass_at_200", [1e6, 1e8, 1e11])
def test__kappa_s_scale_radius_and_core_radius_for_ludlow__mass_inside_r200_is_m200(
    mass_at_200, f_c
):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (
            kappa_s,
            scale_radius,
            core_radius,
            _,
        ) = mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow(
            mass_at_200=mass_at_200,
            scatter_sigma=0.0,
            f_c=f_c,
            redshift_object=REDSHIFT_OBJECT,
            redshift_source=REDSHIFT_SOURCE,
        )

    assert core_radius == pytest.approx(f_c * scale_radius, rel=1e-14)

    # Back to physical units with the definitions of the profile's units (kappa_s = rho_0 r_s / Sigma_crit,
    # radii in arcsec): those conversions are not what is under test, the normalisation is.
    cosmology = Planck15()
    sigma_crit = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        redshift_0=REDSHIFT_OBJECT, redshift_1=REDSHIFT_SOURCE
    )
    kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift=REDSHIFT_OBJECT)
    r_s = scale_radius * kpc_per_arcsec
    r_c = core_radius * kpc_per_arcsec
    rho_0 = kappa_s * sigma_crit / r_s

    radius_at_200 = (
        3.0 * mass_at_200 / (4.0 * np.pi * 200.0 * _critical_density_msun_per_kpc3(REDSHIFT_OBJECT))
    ) ** (1.0 / 3.0)

    mass_3d, _ = integrate.quad(
        lambda r: 4.0 * np.pi * r**2 * rho_0 * r_s**3 / ((r + r_c) * (r + r_s) ** 2),
        0.0,
        radius_at_200,
        points=[r_c, r_s],
        epsabs=0.0,
        epsrel=1e-12,
        limit=200,
    )

    assert mass_3d == pytest.approx(mass_at_200, rel=1e-6)


@pytest.mark.parametrize("mass_at_200", [10**9, np.float32(1e9), np.float64(1e9), 1e9])
def test__kappa_s_scale_radius_and_core_radius_for_ludlow__backend_follows_xp_not_type(
    mass_at_200,
):
    values = mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow(
        mass_at_200=mass_at_200,
        scatter_sigma=0.0,
        f_c=0.1,
        redshift_object=REDSHIFT_OBJECT,
        redshift_source=REDSHIFT_SOURCE,
    )

    # An int or a NumPy float32 mass used to be routed to the JAX branch; with xp left at its default the
    # whole computation is NumPy, and equals the one for the same mass as a Python float.
    reference = mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow(
        mass_at_200=1e9,
        scatter_sigma=0.0,
        f_c=0.1,
        redshift_object=REDSHIFT_OBJECT,
        redshift_source=REDSHIFT_SOURCE,
    )
    for value, expected in zip(values, reference):
        assert isinstance(value, (np.ndarray, np.generic, float))
        assert value == pytest.approx(expected, rel=1e-12)
