"""
Yang et al. (2024) SIDM halo: the convergence and deflection against adaptive quadrature of the stated 3D
density rho(r) = (kappa_s / r_s) r_s^3 / ((r^4 + r_c^4)^(1/4) (r + r_s)^2) (Sigma_crit = 1, lengths in
arcsec): kappa(R) = 2 int_0^inf rho(sqrt(R^2 + z^2)) dz and alpha(R) = M_cyl(R) / (pi R), M_cyl from the 3D
density (the sphere r < R plus, with r = R cosh u, the part of r > R inside the cylinder); and the
mass-concentration mapping against closed forms evaluated here.
"""
import math

import numpy as np
import pytest
from scipy import integrate

import autogalaxy as ag
from autogalaxy.profiles.mass.dark import yang24, yang24_mcr

KAPPA_S = 0.2
SCALE_RADIUS = 1.3

# r_c / r_s over the fits' range (tau = 1e-6 ... 0.2 ... 1.1 give 0.0026 ... 0.64 ... 0.18), and beyond.
CORE_RATIOS = [1e-5, 1e-4, 0.0026, 0.18, 0.24, 0.47, 0.64, 2.0, 5.0]
# R / r_s: the centre, R -> 0, the inner ranges, r_s, large radii (r_c is added per core ratio).
RADIUS_RATIOS = [0.0, 1e-12, 1e-6, 1e-3, 0.1, 1.0, 10.0, 1e3, 1e4]


def _density(r, core_radius):
    return (KAPPA_S / SCALE_RADIUS) * SCALE_RADIUS**3 / (
        (r**4 + core_radius**4) ** 0.25 * (r + SCALE_RADIUS) ** 2
    )


def _breaks(*scales):
    return sorted({s for s in scales if s > 0.0})


def _convergence_quadrature(radius, core_radius):
    def integrand(z):
        return _density(math.sqrt(radius**2 + z**2), core_radius)

    points = [0.0] + _breaks(radius, core_radius, SCALE_RADIUS, 10 * SCALE_RADIUS, 10 * radius)
    total = sum(
        integrate.quad(integrand, a, b, epsabs=0.0, epsrel=1e-13, limit=200)[0]
        for a, b in zip(points[:-1], points[1:])
    )
    total += integrate.quad(integrand, points[-1], np.inf, epsabs=0.0, epsrel=1e-13, limit=200)[0]
    return 2.0 * total


def _deflection_quadrature(radius, core_radius):
    def shell(r):
        return 4.0 * np.pi * r**2 * _density(r, core_radius)

    points = [0.0] + _breaks(min(core_radius, radius), radius)
    inside = sum(
        integrate.quad(shell, a, b, epsabs=0.0, epsrel=1e-13, limit=200)[0]
        for a, b in zip(points[:-1], points[1:])
    )

    # r = R cosh u: r^2 (1 - sqrt(1 - R^2 / r^2)) dr = R^3 cosh u sinh u exp(-u) du.
    def outside_integrand(u):
        return (
            4.0 * np.pi * _density(radius * math.cosh(u), core_radius)
            * radius**3 * math.cosh(u) * math.sinh(u) * math.exp(-u)
        )

    u_breaks = _breaks(
        *(math.acosh(s / radius) for s in (core_radius, SCALE_RADIUS, 10 * SCALE_RADIUS) if s > radius)
    )
    u_points = [0.0] + u_breaks + [max(u_breaks + [0.0]) + 60.0]
    outside = sum(
        integrate.quad(outside_integrand, a, b, epsabs=0.0, epsrel=1e-13, limit=200)[0]
        for a, b in zip(u_points[:-1], u_points[1:])
    )
    return (inside + outside) / (np.pi * radius)


def _cases():
    for core_ratio in CORE_RATIOS:
        for radius_ratio in RADIUS_RATIOS + [core_ratio]:
            yield core_ratio, radius_ratio


@pytest.mark.parametrize("core_ratio", CORE_RATIOS)
def test__convergence_radial_yang24_from__equals_quadrature_of_the_density(core_ratio):
    core_radius = core_ratio * SCALE_RADIUS
    radii = np.array(RADIUS_RATIOS + [core_ratio]) * SCALE_RADIUS
    expected = np.array([_convergence_quadrature(r, core_radius) for r in radii])

    kappa = yang24.convergence_radial_yang24_from(
        radii, KAPPA_S, SCALE_RADIUS, core_radius, np
    )

    np.testing.assert_allclose(kappa, expected, rtol=1e-9, atol=0.0)


@pytest.mark.parametrize("core_ratio", CORE_RATIOS)
def test__deflection_radial_yang24_from__equals_quadrature_of_the_density(core_ratio):
    core_radius = core_ratio * SCALE_RADIUS
    radii = np.array(RADIUS_RATIOS[1:] + [core_ratio]) * SCALE_RADIUS
    expected = np.array([_deflection_quadrature(r, core_radius) for r in radii])

    alpha = yang24.deflection_radial_yang24_from(
        radii, KAPPA_S, SCALE_RADIUS, core_radius, np
    )

    np.testing.assert_allclose(alpha, expected, rtol=1e-9, atol=0.0)
    assert yang24.deflection_radial_yang24_from(0.0, KAPPA_S, SCALE_RADIUS, core_radius, np) == 0.0


def test__radial_functions_yang24__tabulated_range_and_its_edges_equal_quadrature():
    """
    Seeded random (R / r_c, r_c / r_s) over the whole tabulated range (1e-8 <= r_c / r_s <= 5,
    5e-8 <= R / r_c <= 2000) and radii either side of its edges (the held centre, the NFW tail), at the
    same 1e-9 as the grid above; deterministic, so no false alarms.
    """
    rng = np.random.default_rng(16)
    core_ratios = np.exp(rng.uniform(np.log(1e-8), np.log(5.0), 12))
    pairs = [(c, np.exp(rng.uniform(np.log(5e-8), np.log(2000.0)))) for c in core_ratios]
    pairs += [(c, w) for c in (1e-8, 0.3, 5.0) for w in (1e-9, 4.9e-8, 5.1e-8, 1999.0, 2001.0, 3e4)]
    for core_ratio, radius_over_core in pairs:
        core_radius = core_ratio * SCALE_RADIUS
        radius = radius_over_core * core_radius
        kappa = yang24.convergence_radial_yang24_from(radius, KAPPA_S, SCALE_RADIUS, core_radius, np)
        alpha = yang24.deflection_radial_yang24_from(radius, KAPPA_S, SCALE_RADIUS, core_radius, np)
        assert kappa == pytest.approx(_convergence_quadrature(radius, core_radius), rel=1e-9)
        assert alpha == pytest.approx(_deflection_quadrature(radius, core_radius), rel=1e-9)


def test__deflection_radial_yang24_from__zero_core_is_the_nfw_quadrature():
    radii = np.array([1e-6, 1e-3, 0.5, 1.0, 30.0]) * SCALE_RADIUS

    alpha = yang24.deflection_radial_yang24_from(radii, KAPPA_S, SCALE_RADIUS, 0.0, np)
    kappa = yang24.convergence_radial_yang24_from(radii, KAPPA_S, SCALE_RADIUS, 0.0, np)

    np.testing.assert_allclose(
        alpha, [_deflection_quadrature(r, 0.0) for r in radii], rtol=1e-8
    )
    np.testing.assert_allclose(
        kappa, [_convergence_quadrature(r, 0.0) for r in radii], rtol=1e-8
    )


def test__deflection_radial_yang24_from__mean_convergence_identity():
    """alpha(R) = (2 / R) int_0^R kappa(R') R' dR' (Gauss's law in the plane), by quadrature of kappa."""
    core_radius = 0.3 * SCALE_RADIUS
    for radius in (0.05, 0.4, 2.0):
        mass = integrate.quad(
            lambda r: r * float(yang24.convergence_radial_yang24_from(r, KAPPA_S, SCALE_RADIUS, core_radius, np)),
            0.0, radius, epsrel=1e-12, points=[core_radius] if core_radius < radius else None,
        )[0]
        alpha = yang24.deflection_radial_yang24_from(radius, KAPPA_S, SCALE_RADIUS, core_radius, np)
        assert alpha == pytest.approx(2.0 * mass / radius, rel=1e-9)


def test__yang24_parameter_ratios_from__nfw_at_zero_and_truncated_outside_the_fits():
    ratios = np.array(yang24.yang24_parameter_ratios_from(np.array([0.0, -0.5, 1.0, 1.7]), np))

    np.testing.assert_allclose(ratios[:, 0], [1.0, 1.0, 0.0], atol=1e-15)
    np.testing.assert_allclose(ratios[:, 1], ratios[:, 0], rtol=1e-15)
    np.testing.assert_allclose(ratios[:, 2], ratios[:, 3], rtol=1e-15)
    # Yang et al. (2024) fits at tau = 1, summed by hand: 2.033 + 0.7381 + 7.264 - 12.73 + 9.915
    # + (1 - 2.033) ln(1.001) / ln(0.001), and so on.
    log_term = math.log(1.001) / math.log(0.001)
    np.testing.assert_allclose(
        ratios[:, 2],
        [
            2.033 + 0.7381 + 7.264 - 12.73 + 9.915 - 1.033 * log_term,
            0.7178 - 0.1026 + 0.2474 - 0.4079 + 0.2822 * log_term,
            2.555 - 3.632 + 2.131 - 1.415 + 0.4683,
        ],
        rtol=1e-14,
    )


def test__yang_sidm_sph__methods_call_the_radial_functions():
    profile = ag.mp.YangSIDMSph(centre=(0.1, -0.2), kappa_s=0.1, scale_radius=1.3, tau=0.4)
    kappa_s, scale_radius, core_radius = yang24.yang24_lensing_parameters_from(0.1, 1.3, 0.4, np)
    grid = ag.Grid2DIrregular([[0.1, -0.2], [0.5, 0.3], [-1.0, 2.0]])
    dy, dx = np.array(grid.array)[:, 0] - 0.1, np.array(grid.array)[:, 1] + 0.2
    radius = np.hypot(dy, dx)

    alpha = yang24.deflection_radial_yang24_from(radius, kappa_s, scale_radius, core_radius, np)
    direction = np.stack([dy, dx], axis=-1) / np.where(radius > 0, radius, 1.0)[:, None]

    np.testing.assert_allclose(
        profile.deflections_yx_2d_from(grid).array, alpha[:, None] * direction, rtol=1e-12, atol=1e-300
    )
    np.testing.assert_allclose(
        profile.convergence_2d_from(grid).array,
        yang24.convergence_radial_yang24_from(radius, kappa_s, scale_radius, core_radius, np),
        rtol=1e-12,
    )
    assert profile.rho_s_evolved * profile.scale_radius_evolved == pytest.approx(kappa_s, rel=1e-14)
    assert profile.core_radius_evolved == pytest.approx(core_radius, rel=1e-14)
    np.testing.assert_allclose(
        ag.mp.YangSIDMSph.radial_deflection_from(
            radius, np.array([kappa_s / scale_radius, scale_radius, core_radius]), np
        ),
        alpha,
        rtol=1e-12,
    )


def test__yang_sidm_sph__potential_gradient_is_the_deflection():
    profile = ag.mp.YangSIDMSph(kappa_s=0.1, scale_radius=1.3, tau=0.6)
    h = 1e-4
    for radius in (0.2, 1.5):
        grid = ag.Grid2DIrregular([[0.0, radius - h], [0.0, radius + h]])
        potential = profile.potential_2d_from(grid).array
        alpha = profile.radial_deflection_from_radius(radius)
        assert (potential[1] - potential[0]) / (2 * h) == pytest.approx(alpha, rel=1e-7)


def test__sigma_eff_over_m_from__equals_the_maxwell_boltzmann_average():
    """<sigma v^5> / <v^5> over f(v) ~ v^2 exp(-v^2 / (4 nu^2)), by quadrature."""
    nu, v_ref = 12.0, 30.0
    for a in (0.0, 1.0, 2.5, 4.0):
        weight = lambda v: v**7 * math.exp(-(v**2) / (4 * nu**2))
        numerator = integrate.quad(lambda v: weight(v) * (v / v_ref) ** (-a), 0, np.inf, epsrel=1e-12)[0]
        denominator = integrate.quad(weight, 0, np.inf, epsrel=1e-12)[0]

        got = yang24_mcr.sigma_eff_over_m_from(3.0, a, v_ref, nu, np)

        assert got == pytest.approx(3.0 * numerator / denominator, rel=1e-9)


def test__tau_from__equals_the_collapse_time_in_astropy_units():
    from astropy import constants, units

    rho_s, r_s, sigma, age = 2.0e7, 0.4, 25.0, 9.0  # Msun/kpc^3, kpc, cm^2/g, Gyr
    rho = (rho_s * units.Msun / units.kpc**3).to(units.g / units.cm**3)
    rate = (
        sigma * units.cm**2 / units.g * rho * (r_s * units.kpc).to(units.cm)
        * np.sqrt(4 * np.pi * constants.G.cgs * rho)
    )
    t_c = (150.0 / 0.75 / rate).to(units.Gyr).value

    assert yang24_mcr.tau_from(sigma, age, rho_s, r_s, np) == pytest.approx(age / t_c, rel=1e-4)
    assert yang24_mcr.tau_from(0.0, age, rho_s, r_s, np) == 0.0


def test__yang_sidm_mcr_ludlow_sph__cdm_mass_inside_r200_is_m200():
    mass_at_200, redshift_object, redshift_source = 3.0e8, 0.5, 1.0
    profile = ag.mp.YangSIDMMCRLudlowSph(
        mass_at_200=mass_at_200, sigma_over_m=30.0, velocity_exponent=2.0, velocity_ref=30.0,
        t_age=8.0, redshift_object=redshift_object, redshift_source=redshift_source,
    )
    from autogalaxy.profiles.mass.dark import mcr_util

    critical_density, sigma_crit, kpc_per_arcsec = mcr_util.planck15_lensing_quantities_from(
        redshift_object, redshift_source
    )
    radius_at_200 = (3.0 * mass_at_200 / (800.0 * np.pi * critical_density)) ** (1.0 / 3.0)
    r_s = profile.scale_radius * kpc_per_arcsec
    rho_s = profile.kappa_s * sigma_crit / r_s
    mass = integrate.quad(
        lambda r: 4 * np.pi * r**2 * rho_s / ((r / r_s) * (1 + r / r_s) ** 2),
        0.0, radius_at_200, epsrel=1e-12, points=[r_s],
    )[0]

    assert mass == pytest.approx(mass_at_200, rel=1e-9)
    assert 0.0 < profile.tau_physical < 1.0


def test__yang_sidm_mcr_ludlow_sph__parameters_unchanged_from_the_release():
    """The mapping's numbers are the release's (its deflections were the quadratures' errors, ~1e-5)."""
    profile = ag.mp.YangSIDMMCRLudlowSph(
        mass_at_200=3e8, sigma_over_m=30.0, velocity_exponent=2.0, velocity_ref=30.0, t_age=8.0
    )

    assert profile.kappa_s == pytest.approx(0.005601981459195948, rel=1e-13)
    assert profile.scale_radius == pytest.approx(0.14527212082421573, rel=1e-13)
    assert profile.tau_physical == pytest.approx(0.13866981060913922, rel=1e-13)
    assert profile.core_radius_evolved == pytest.approx(0.07048166850768692, rel=1e-13)


def test__yang_sidm_mcr_ludlow_sph__divergent_velocity_average_is_an_error():
    with pytest.raises(ValueError, match="velocity_exponent"):
        ag.mp.YangSIDMMCRLudlowSph(velocity_exponent=8.0)


def test__yang_sidm_mcr_ludlow_sph__nu_eff_and_sigma_eff_are_the_releases():
    profile = ag.mp.YangSIDMMCRLudlowSph(
        mass_at_200=3e8, sigma_over_m=30.0, velocity_exponent=2.0, velocity_ref=30.0, t_age=8.0
    )

    assert profile.nu_eff == pytest.approx(8.574913501457646, rel=1e-13)
    assert profile.sigma_eff_over_m == pytest.approx(30.6001124498521, rel=1e-13)
    # The closed form of sigma_eff_over_m_from at these values, evaluated here.
    assert profile.sigma_eff_over_m == pytest.approx(
        30.0 * (30.0 / (2.0 * profile.nu_eff)) ** 2 * math.gamma(3.0) / 6.0, rel=1e-14
    )


def test__sidm_profiles__models_keep_the_releases_parameters():
    """Every constructor argument needs a prior in the config: the arguments are the release's."""
    import autofit as af

    counts = {
        ag.mp.YangSIDMSph: 5,
        ag.mp.YangSIDMMCRLudlowSph: 9,
        ag.mp.KaplinghatCoredNFWSph: 7,
        ag.mp.KaplinghatCoredNFWMCRLudlowSph: 7,
    }
    for profile_class, count in counts.items():
        assert af.Model(profile_class).prior_count == count, profile_class.__name__
