"""
The Ludlow et al. (2016) concentration port, checked against colossus (the code it ports) and its
ingredients against independent quadrature.
"""

import numpy as np
import pytest
from scipy import integrate

from autogalaxy.profiles.mass.dark import ludlow16

colossus_cosmology = pytest.importorskip("colossus.cosmology.cosmology")
colossus_concentration = pytest.importorskip("colossus.halo.concentration")

COSMOLOGY = ludlow16.PLANCK15_COSMOLOGY
H = COSMOLOGY["h"]

MASSES_MSUN = np.logspace(5.0, 13.0, 9)
REDSHIFTS = [0.2, 0.5, 1.0]


def _colossus(interpolation):
    # persistence="" keeps colossus from reading or writing its table cache on disk.
    return colossus_cosmology.setCosmology(
        "planck15", persistence="", interpolation=interpolation
    )


def _colossus_concentration(masses_msun, redshift, interpolation):
    _colossus(interpolation)
    # colossus takes M200c in Msun/h.
    return colossus_concentration.concentration(
        masses_msun * H, "200c", redshift, model="ludlow16"
    )


def _concentration(masses_msun, redshift):
    return np.array(
        [
            ludlow16.ludlow16_concentration(mass * H, redshift, **COSMOLOGY)
            for mass in masses_msun
        ]
    )


@pytest.mark.parametrize("redshift", REDSHIFTS)
def test__ludlow16_concentration__matches_colossus_default(redshift):
    # colossus' default evaluation, through its interpolation tables of sigma(R) and D(z), is what
    # users compare with. The release's port was 13% low at 1e5 Msun and 0.5% low at 1e6 Msun (its
    # k grid stopped at 1e3 h/Mpc) and 6e-4 off elsewhere (growth factor quadrature).
    expected = _colossus_concentration(MASSES_MSUN, redshift, interpolation=True)

    np.testing.assert_allclose(_concentration(MASSES_MSUN, redshift), expected, rtol=1.0e-3)


@pytest.mark.parametrize("redshift", REDSHIFTS)
def test__ludlow16_concentration__matches_colossus_exact(redshift):
    # colossus' direct integrals (no tables) differ from its default by up to 3e-4; the port matches
    # them to 2e-4.
    expected = _colossus_concentration(MASSES_MSUN, redshift, interpolation=False)

    np.testing.assert_allclose(_concentration(MASSES_MSUN, redshift), expected, rtol=3.0e-4)


def test__ludlow16_concentration__integer_and_float32_mass_give_the_float64_value():
    expected = ludlow16.ludlow16_concentration(1.0e9, 0.5, **COSMOLOGY)

    assert ludlow16.ludlow16_concentration(10**9, 0.5, **COSMOLOGY) == pytest.approx(
        expected, rel=1.0e-12
    )
    assert ludlow16.ludlow16_concentration(
        np.float32(1.0e9), 0.5, **COSMOLOGY
    ) == pytest.approx(expected, rel=1.0e-7)


def _growth_lcdm_quad(redshift, om0):
    # Heath (1977): D(a) propto E(a) int_0^a da' / (a' E(a'))^3, flat LCDM.
    def integrand(a):
        return 1.0 / (om0 / a + (1.0 - om0) * a**2) ** 1.5

    def unnormalised(z):
        a = 1.0 / (1.0 + z)
        e = np.sqrt(om0 * (1.0 + z) ** 3 + 1.0 - om0)
        return e * integrate.quad(integrand, 0.0, a, epsabs=0.0, epsrel=1.0e-13)[0]

    return unnormalised(redshift) / unnormalised(0.0)


@pytest.mark.parametrize("redshift", [0.0, 0.5, 1.0, 3.0, 10.0, 100.0])
def test__growth_factor__lcdm_matches_quadrature(redshift):
    om0 = COSMOLOGY["Om0"]

    growth = ludlow16.growth_factor(redshift, om0, 1.0 - om0)

    assert growth == pytest.approx(_growth_lcdm_quad(redshift, om0), rel=1.0e-9)


def test__growth_factor__with_radiation_matches_colossus():
    cosmology = _colossus(interpolation=False)
    redshifts = np.array([0.1, 1.0, 4.0, 7.0, 10.0, 15.0, 30.0, 100.0])
    om0 = COSMOLOGY["Om0"]
    or0 = ludlow16.radiation_density(h=H, Tcmb0=COSMOLOGY["Tcmb0"], Neff=3.046)

    assert or0 == pytest.approx(cosmology.Or0, rel=1.0e-12)
    np.testing.assert_allclose(
        ludlow16.growth_factor(redshifts, om0, 1.0 - om0 - or0, Or0=or0),
        cosmology.growthFactor(redshifts),
        rtol=1.0e-8,
    )


@pytest.mark.parametrize("radius", [1.0e-3, 1.0e-2, 1.0, 20.0])
def test__sigma_R__matches_colossus_exact(radius):
    # Radii in Mpc/h: 1e-3 is the Lagrangian radius of f M200 = 0.02 * 2e5 Msun/h.
    cosmology = _colossus(interpolation=False)

    sigma = ludlow16.sigma_R(
        np.array([radius]),
        COSMOLOGY["h"],
        COSMOLOGY["Om0"],
        COSMOLOGY["Ob0"],
        COSMOLOGY["Tcmb0"],
        COSMOLOGY["sigma8"],
        COSMOLOGY["ns"],
    )

    assert sigma == pytest.approx(cosmology.sigma(radius, 0.0), rel=5.0e-5)


def test__tophat_window__matches_mpmath_across_the_series_switch():
    mpmath = pytest.importorskip("mpmath")
    x = np.array([1.0e-6, 1.0e-3, 0.03, 0.5, 0.999, 1.0, 1.001, 3.0, 40.0])

    with mpmath.workdps(40):
        expected = np.array(
            [
                float(3 * (mpmath.sin(v) - v * mpmath.cos(v)) / v**3)
                for v in (mpmath.mpf(float(value)) for value in x)
            ]
        )

    # The closed form alone was 3e-10 off at x = 1e-3 (cancellation); the series is used below 1.
    np.testing.assert_allclose(ludlow16._tophat_window(x, xp=np), expected, rtol=1.0e-13)


def test__ludlow16_concentration__array_of_masses_matches_colossus_exact():
    # One call on every mass (the vectorised path) against colossus' direct integrals, as the scalar
    # path is checked above.
    masses = np.logspace(5.0, 13.0, 25)
    expected = _colossus_concentration(masses, 0.5, interpolation=False)

    concentration = ludlow16.ludlow16_concentration(masses * H, 0.5, **COSMOLOGY)

    assert concentration.shape == (25,)
    np.testing.assert_allclose(concentration, expected, rtol=3.0e-4)


def test__ludlow16_concentration__array_equals_one_mass_at_a_time():
    # Same arithmetic with the masses as a leading axis: equal to the scalar path to rounding, from
    # 1e3 to 3e15 Msun/h (every branch of the root along c, including masses whose formation-redshift
    # grid is partly invalid), and masses x redshifts broadcast to a grid.
    masses = np.logspace(3.0, 15.5, 60)
    redshifts = np.array([0.0, 0.5, 2.0])
    scalar = np.array(
        [[ludlow16.ludlow16_concentration(m, z, **COSMOLOGY) for z in redshifts] for m in masses]
    )

    grid = ludlow16.ludlow16_concentration(masses[:, None], redshifts[None, :], **COSMOLOGY)
    column = ludlow16.ludlow16_concentration(masses, 0.5, **COSMOLOGY)
    one = ludlow16.ludlow16_concentration(masses[:1], 0.5, **COSMOLOGY)

    assert grid.shape == (60, 3) and one.shape == (1,)
    np.testing.assert_allclose(grid, scalar, rtol=1.0e-14, atol=0.0)
    np.testing.assert_allclose(column, scalar[:, 1], rtol=1.0e-14, atol=0.0)
    np.testing.assert_allclose(one, scalar[:1, 1], rtol=1.0e-14, atol=0.0)


def test__interp_at_zero_along_last_axis__equals_numpy_interp_per_row():
    values = np.linspace(1.0, 3.0, 5)
    rows = np.array(
        [
            [-10.0, -10.0, -0.5, 0.25, 1.0],  # padded low nodes, root inside
            [0.1, 0.2, 0.3, 0.4, 0.5],  # row above 0: the first value
            [-0.5, -0.4, -0.3, -0.2, -0.1],  # row below 0: the last value
            [-0.3, 0.0, 0.0, 0.2, 0.6],  # a node exactly at 0
            [-0.7, -0.2, 0.1, 0.2, 0.9],
        ]
    )
    expected = [np.interp(0.0, row, values) for row in rows]

    np.testing.assert_array_equal(
        ludlow16._interp_at_zero_along_last_axis(rows, values, xp=np), expected
    )
