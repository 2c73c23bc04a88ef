"""
The mass-concentration (MCR) mappings M200 -> (kappa_s, r_s, r_t) on the NumPy path, against
references built in the tests: astropy's Planck15 for densities and distances, colossus for the
Ludlow et al. (2016) concentration, Duffy et al. (2008) Table 1 for theirs.
"""

import numpy as np
import pytest

from autogalaxy.profiles.mass.dark import mcr_util

astropy_cosmology = pytest.importorskip("astropy.cosmology")
units = pytest.importorskip("astropy.units")
constants = pytest.importorskip("astropy.constants")
colossus_cosmology = pytest.importorskip("colossus.cosmology.cosmology")
colossus_concentration = pytest.importorskip("colossus.halo.concentration")

# colossus' planck15 (Ludlow16 is computed in it) has h = 0.6774, as astropy's Planck15.
H = 0.6774


def _lensing_reference(redshift_object, redshift_source):
    cosmology = astropy_cosmology.Planck15
    rho_crit = cosmology.critical_density(redshift_object).to(units.Msun / units.kpc**3).value
    d_l = cosmology.angular_diameter_distance(redshift_object).to(units.kpc).value
    d_s = cosmology.angular_diameter_distance(redshift_source).to(units.kpc).value
    d_ls = (
        cosmology.angular_diameter_distance(redshift_object, redshift_source)
        .to(units.kpc)
        .value
    )
    sigma_crit = (constants.c**2 / (4.0 * np.pi * constants.G)).to(units.Msun / units.kpc).value
    sigma_crit *= d_s / (d_l * d_ls)
    kpc_per_arcsec = d_l * np.pi / (180.0 * 3600.0)
    return rho_crit, sigma_crit, kpc_per_arcsec


def _nfw_reference(mass_at_200, concentration, redshift_object, redshift_source):
    """(kappa_s, r_s [arcsec], r_t = 2 r_200 [arcsec]) from M_200 = 4 pi rho_s r_s^3 m(c)."""
    rho_crit, sigma_crit, kpc_per_arcsec = _lensing_reference(redshift_object, redshift_source)
    radius_at_200 = (3.0 * mass_at_200 / (4.0 * np.pi * 200.0 * rho_crit)) ** (1.0 / 3.0)
    scale_radius = radius_at_200 / concentration
    m_c = np.log(1.0 + concentration) - concentration / (1.0 + concentration)
    rho_s = mass_at_200 / (4.0 * np.pi * scale_radius**3 * m_c)
    return (
        rho_s * scale_radius / sigma_crit,
        scale_radius / kpc_per_arcsec,
        2.0 * radius_at_200 / kpc_per_arcsec,
    )


def _ludlow16_colossus(mass_at_200, redshift):
    colossus_cosmology.setCosmology("planck15", persistence="")
    return colossus_concentration.concentration(
        mass_at_200 * H, "200c", redshift, model="ludlow16"
    )


@pytest.mark.parametrize("redshift_object, redshift_source", [(0.2, 1.0), (0.5, 2.0)])
def test__planck15_lensing_quantities_from__match_astropy(redshift_object, redshift_source):
    values = mcr_util.planck15_lensing_quantities_from(redshift_object, redshift_source)

    # The fork's Planck15 treats the massive neutrino approximately (astropy exactly): 4e-5.
    np.testing.assert_allclose(
        values, _lensing_reference(redshift_object, redshift_source), rtol=1.0e-4
    )
    assert all(type(value) is float for value in values)


@pytest.mark.parametrize("mass_at_200", [1.0e5, 1.0e8, 1.0e11, 1.0e13])
@pytest.mark.parametrize("redshift_object, redshift_source", [(0.2, 1.0), (1.0, 2.5)])
def test__kappa_s_scale_radius_and_truncation_radius_for_ludlow__match_reference(
    mass_at_200, redshift_object, redshift_source
):
    kappa_s, scale_radius, truncation_radius = (
        mcr_util.kappa_s_scale_radius_and_truncation_radius_for_ludlow(
            mass_at_200=mass_at_200,
            scatter_sigma=0.0,
            redshift_object=redshift_object,
            redshift_source=redshift_source,
        )
    )

    expected = _nfw_reference(
        mass_at_200,
        _ludlow16_colossus(mass_at_200, redshift_object),
        redshift_object,
        redshift_source,
    )

    # kappa_s ~ c^2 / m(c): twice the 3e-4 concentration tolerance.
    assert kappa_s == pytest.approx(expected[0], rel=1.0e-3)
    assert scale_radius == pytest.approx(expected[1], rel=1.0e-3)
    assert truncation_radius == pytest.approx(expected[2], rel=1.0e-4)


@pytest.mark.parametrize("scatter_sigma", [-2.0, 1.5])
def test__kappa_s_and_scale_radius_for_ludlow__scatter_shifts_log10_c_by_0_15_sigma(
    scatter_sigma,
):
    mass_at_200, redshift_object, redshift_source = 1.0e9, 0.5, 1.0

    kappa_s, scale_radius, radius_at_200 = mcr_util.kappa_s_and_scale_radius_for_ludlow(
        mass_at_200=mass_at_200,
        scatter_sigma=scatter_sigma,
        redshift_object=redshift_object,
        redshift_source=redshift_source,
    )

    concentration = _ludlow16_colossus(mass_at_200, redshift_object) * 10.0 ** (
        0.15 * scatter_sigma
    )
    expected = _nfw_reference(mass_at_200, concentration, redshift_object, redshift_source)
    _, _, kpc_per_arcsec = _lensing_reference(redshift_object, redshift_source)

    assert kappa_s == pytest.approx(expected[0], rel=1.0e-3)
    assert scale_radius == pytest.approx(expected[1], rel=1.0e-3)
    # The third value is r_200 in kpc (unchanged API).
    assert radius_at_200 == pytest.approx(expected[2] / 2.0 * kpc_per_arcsec, rel=1.0e-4)


@pytest.mark.parametrize("mass_at_200", [1.0e7, 1.0e10, 1.0e13])
def test__kappa_s_scale_radius_and_truncation_radius_for_duffy__match_reference(mass_at_200):
    redshift_object, redshift_source = 0.6, 2.5

    values = mcr_util.kappa_s_scale_radius_and_truncation_radius_for_duffy(
        mass_at_200=mass_at_200,
        redshift_object=redshift_object,
        redshift_source=redshift_source,
    )

    # Duffy et al. (2008) Table 1, NFW, 200c, full sample; pivot 2e12 Msun/h.
    concentration = (
        5.71 * (mass_at_200 * H / 2.0e12) ** -0.084 * (1.0 + redshift_object) ** -0.47
    )
    np.testing.assert_allclose(
        values,
        _nfw_reference(mass_at_200, concentration, redshift_object, redshift_source),
        rtol=1.0e-4,
    )


@pytest.mark.parametrize(
    "value",
    [1, 10**9, 1.0e9, np.float32(1.0e9), np.float64(1.0e9), np.int64(7), np.array([1.0, 2.0])],
)
def test__xp_from__numpy_for_python_and_numpy_values(value):
    assert mcr_util.xp_from(value) is np
    assert mcr_util.xp_from(value, 0.0) is np


@pytest.mark.parametrize("mass_at_200", [10**9, np.float32(1.0e9), np.int64(10**9)])
def test__kappa_s_scale_radius_and_truncation_radius_for_ludlow__integer_and_float32_mass(
    mass_at_200,
):
    # These took the JAX branch in release 2026.10.26.1 (type sniffing); now they are NumPy.
    values = mcr_util.kappa_s_scale_radius_and_truncation_radius_for_ludlow(
        mass_at_200=mass_at_200,
        scatter_sigma=0,
        redshift_object=0.5,
        redshift_source=1.0,
        xp=mcr_util.xp_from(mass_at_200),
    )

    expected = _nfw_reference(1.0e9, _ludlow16_colossus(1.0e9, 0.5), 0.5, 1.0)

    assert all(isinstance(value, (float, np.floating)) for value in values)
    np.testing.assert_allclose(values, expected, rtol=1.0e-3)


import autogalaxy as ag


@pytest.mark.parametrize(
    "cls, kwargs",
    [
        (ag.mp.NFWTruncatedMCRLudlowSph, {}),
        (ag.mp.NFWTruncatedMCRScatterLudlowSph, {"scatter_sigma": 0.5}),
        (ag.mp.NFWTruncatedMCRDuffySph, {}),
        (ag.mp.NFWMCRLudlowSph, {}),
        (ag.mp.NFWMCRScatterLudlowSph, {"scatter_sigma": 0.5}),
        (ag.mp.NFWMCRLudlow, {}),
        (ag.mp.NFWMCRDuffySph, {}),
        (ag.mp.cNFWMCRLudlowSph, {"f_c": 0.1}),
        (ag.mp.cNFWMCRLudlow, {"f_c": 0.1}),
        (ag.mp.cNFWMCRScatterLudlowSph, {"f_c": 0.1, "scatter_sigma": 0.5}),
    ],
)
@pytest.mark.parametrize("mass_at_200", [-1.0e9, 0.0, np.nan, np.inf, np.array([1.0e9, -1.0e9])])
def test__mcr_profiles__mass_at_200_not_positive_and_finite__raises_naming_it(cls, kwargs, mass_at_200):
    # A negative M200 used to build the profile silently with complex-NaN kappa_s and r_s
    # ((-M)^(1/3) of a Python float is complex).
    with pytest.raises(ValueError, match="mass_at_200 must be a positive, finite mass in Msun"):
        cls(mass_at_200=mass_at_200, redshift_object=0.5, redshift_source=1.0, **kwargs)


@pytest.mark.parametrize("mass_at_200", [1.0e9, np.float32(1.0e9), 10**9, np.array([1.0e8, 1.0e9])])
def test__checked_mass_at_200__positive_finite_masses_pass_unchanged(mass_at_200):
    assert mcr_util._checked_mass_at_200(mass_at_200) is mass_at_200


def _nfw_closed_form(mass_at_200, concentration, redshift_object, redshift_source):
    """(kappa_s, r_s in arcsec, r_t = 2 r_200 in arcsec) written out here, from autogalaxy's Planck15 values."""
    rho_crit, sigma_crit, kpc_per_arcsec = mcr_util.planck15_lensing_quantities_from(
        redshift_object, redshift_source
    )
    radius_at_200 = (mass_at_200 / (200.0 * rho_crit * (4.0 * np.pi / 3.0))) ** (1.0 / 3.0)
    delta_c = 200.0 / 3.0 * (
        concentration**3 / (np.log(1.0 + concentration) - concentration / (1.0 + concentration))
    )
    scale_radius_kpc = radius_at_200 / concentration
    kappa_s = rho_crit * delta_c * scale_radius_kpc / sigma_crit
    return kappa_s, scale_radius_kpc / kpc_per_arcsec, 2.0 * radius_at_200 / kpc_per_arcsec


MASSES = np.array([1.0e6, 3.0e8, 1.0e10, 2.0e12])


def test__duffy_mappings__equal_the_closed_form_with_duffy08_concentration():
    concentration = 5.71 * (1.0 + 0.5) ** (-0.47) * (MASSES / 2.952465309e12) ** (-0.084)

    kappa_s, scale_radius, _ = mcr_util.kappa_s_and_scale_radius_for_duffy(MASSES, 0.5, 1.0)
    truncated = mcr_util.kappa_s_scale_radius_and_truncation_radius_for_duffy(MASSES, 0.5, 1.0)

    expected = _nfw_closed_form(MASSES, concentration, 0.5, 1.0)
    np.testing.assert_allclose(kappa_s, expected[0], rtol=1.0e-14)
    np.testing.assert_allclose(scale_radius, expected[1], rtol=1.0e-14)
    np.testing.assert_allclose(truncated, expected, rtol=1.0e-14)


@pytest.mark.parametrize("scatter_sigma", [0.0, -1.3])
def test__ludlow_mappings__equal_the_closed_form_with_the_scattered_ludlow16_concentration(scatter_sigma):
    from autogalaxy.profiles.mass.dark import ludlow16

    for mass in MASSES:
        concentration = ludlow16.ludlow16_concentration(
            mass * ludlow16.PLANCK15_COSMOLOGY["h"], 0.5, xp=np, **ludlow16.PLANCK15_COSMOLOGY
        ) * 10.0 ** (0.15 * scatter_sigma)

        kappa_s, scale_radius, _ = mcr_util.kappa_s_and_scale_radius_for_ludlow(
            mass, scatter_sigma, 0.5, 1.0
        )
        truncated = mcr_util.kappa_s_scale_radius_and_truncation_radius_for_ludlow(
            mass, scatter_sigma, 0.5, 1.0
        )

        expected = _nfw_closed_form(mass, concentration, 0.5, 1.0)
        np.testing.assert_allclose([kappa_s, scale_radius], expected[:2], rtol=1.0e-14)
        np.testing.assert_allclose(truncated, expected, rtol=1.0e-14)


def test__nfw_truncated_sph_from_m200_concentration__equals_the_closed_form():
    import autogalaxy as ag

    halo = ag.mp.NFWTruncatedSph.from_m200_concentration(
        m200_solar_mass=3.0e8, concentration=12.0, redshift_halo=0.5, redshift_source=1.0
    )

    kappa_s, scale_radius, _ = _nfw_closed_form(3.0e8, 12.0, 0.5, 1.0)
    assert halo.kappa_s == pytest.approx(kappa_s, rel=1.0e-14)
    assert halo.scale_radius == pytest.approx(scale_radius, rel=1.0e-14)
    # r_t = tau r_s with tau the r_100 / r_s of the same halo: mean density inside r_t is 100 rho_crit.
    tau = halo.truncation_radius / halo.scale_radius
    delta_c = 200.0 / 3.0 * 12.0**3 / (np.log(13.0) - 12.0 / 13.0)
    assert 100.0 / 3.0 * tau**3 / (np.log(1.0 + tau) - tau / (1.0 + tau)) == pytest.approx(delta_c, rel=1.0e-10)
    m200, concentration = ag.mp.NFWTruncatedSph.m200_concentration_from(
        halo.kappa_s, halo.scale_radius, 0.5, 1.0
    )
    assert (m200, concentration) == pytest.approx((3.0e8, 12.0), rel=1.0e-10)
