"""
The mass-concentration tNFW profiles, checked against an independent r_200 and angular scale.

The references use astropy's Planck15 (critical density and angular diameter distance), which the
fork's own ``Planck15`` cosmology reproduces to ~4e-5 (astropy treats the massive neutrino exactly).
"""

import numpy as np
import pytest

import autogalaxy as ag

astropy_cosmology = pytest.importorskip("astropy.cosmology")
units = pytest.importorskip("astropy.units")


def _radius_at_200_arcsec(mass_at_200, redshift):
    """r_200c in arcsec: (3 M / (4 pi 200 rho_crit))^(1/3), divided by D_A in kpc per arcsec."""
    cosmology = astropy_cosmology.Planck15
    rho_crit = cosmology.critical_density(redshift).to(units.Msun / units.kpc**3).value
    radius_at_200_kpc = (3.0 * mass_at_200 / (4.0 * np.pi * 200.0 * rho_crit)) ** (1.0 / 3.0)
    kpc_per_arcsec = (
        cosmology.angular_diameter_distance(redshift).to(units.kpc).value
        * np.pi
        / (180.0 * 3600.0)
    )
    return radius_at_200_kpc / kpc_per_arcsec


@pytest.mark.parametrize("redshift_object", [0.2, 0.5, 1.0])
@pytest.mark.parametrize("mass_at_200", [1.0e7, 1.0e9, 1.0e11])
def test__truncation_radius__ludlow__is_twice_r200_in_arcsec(mass_at_200, redshift_object):
    profile = ag.mp.NFWTruncatedMCRLudlowSph(
        mass_at_200=mass_at_200,
        redshift_object=redshift_object,
        redshift_source=2.0,
    )

    expected = 2.0 * _radius_at_200_arcsec(mass_at_200, redshift_object)

    assert profile.truncation_radius == pytest.approx(expected, rel=1.0e-4)


def test__truncation_radius__ludlow__value_at_z_0_5():
    # Release 2026.10.26.1 stored 2 r_200 in kpc (35.0999) as arcsec: 6.29 (kpc per arcsec at
    # z = 0.5) times too large. The corrected value is 5.5819 arcsec.
    profile = ag.mp.NFWTruncatedMCRLudlowSph(
        mass_at_200=1.0e9, redshift_object=0.5, redshift_source=1.0
    )

    assert profile.truncation_radius == pytest.approx(
        2.0 * _radius_at_200_arcsec(1.0e9, 0.5), rel=1.0e-4
    )
    assert profile.truncation_radius == pytest.approx(5.5819, rel=1.0e-4)


@pytest.mark.parametrize("scatter_sigma", [-1.0, 2.0])
def test__truncation_radius__ludlow_scatter__does_not_depend_on_scatter(scatter_sigma):
    profile = ag.mp.NFWTruncatedMCRScatterLudlowSph(
        mass_at_200=1.0e9,
        scatter_sigma=scatter_sigma,
        redshift_object=0.5,
        redshift_source=1.0,
    )

    assert profile.truncation_radius == pytest.approx(
        2.0 * _radius_at_200_arcsec(1.0e9, 0.5), rel=1.0e-4
    )


@pytest.mark.parametrize("redshift_object", [0.2, 0.5, 1.0])
@pytest.mark.parametrize("mass_at_200", [1.0e7, 1.0e9, 1.0e11])
def test__mcr_parameters__duffy__match_independent_reference(mass_at_200, redshift_object):
    redshift_source = 2.0
    profile = ag.mp.NFWTruncatedMCRDuffySph(
        mass_at_200=mass_at_200,
        redshift_object=redshift_object,
        redshift_source=redshift_source,
    )

    # Duffy et al. (2008), Table 1, NFW full sample, Delta = 200c:
    # c = 5.71 (M / 2e12 Msun/h)^-0.084 (1 + z)^-0.47, with h = 0.6774.
    concentration = (
        5.71
        * (mass_at_200 * 0.6774 / 2.0e12) ** -0.084
        * (1.0 + redshift_object) ** -0.47
    )

    cosmology = astropy_cosmology.Planck15
    rho_crit = cosmology.critical_density(redshift_object).to(units.Msun / units.kpc**3).value
    d_l = cosmology.angular_diameter_distance(redshift_object).to(units.kpc).value
    d_s = cosmology.angular_diameter_distance(redshift_source).to(units.kpc).value
    d_ls = cosmology.angular_diameter_distance(redshift_object, redshift_source)
    d_ls = d_ls.to(units.kpc).value
    from astropy import constants

    sigma_crit = (constants.c**2 / (4.0 * np.pi * constants.G)).to(units.Msun / units.kpc).value
    sigma_crit *= d_s / (d_l * d_ls)

    radius_at_200_kpc = (3.0 * mass_at_200 / (4.0 * np.pi * 200.0 * rho_crit)) ** (1.0 / 3.0)
    scale_radius_kpc = radius_at_200_kpc / concentration
    # rho_s from M_200 = 4 pi rho_s r_s^3 [ln(1 + c) - c / (1 + c)].
    rho_s = mass_at_200 / (
        4.0
        * np.pi
        * scale_radius_kpc**3
        * (np.log(1.0 + concentration) - concentration / (1.0 + concentration))
    )
    kpc_per_arcsec = d_l * np.pi / (180.0 * 3600.0)

    assert profile.kappa_s == pytest.approx(rho_s * scale_radius_kpc / sigma_crit, rel=1.0e-4)
    assert profile.scale_radius == pytest.approx(scale_radius_kpc / kpc_per_arcsec, rel=1.0e-4)
    assert profile.truncation_radius == pytest.approx(
        2.0 * radius_at_200_kpc / kpc_per_arcsec, rel=1.0e-4
    )
