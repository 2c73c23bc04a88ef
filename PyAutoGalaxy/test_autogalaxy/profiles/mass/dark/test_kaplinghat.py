"""
Kaplinghat, Tulin & Yu (2016) cored NFW: the isothermal core, convergence and deflection against
independent references: the isothermal Lane-Emden equation h'' + 2 h' / x = exp(-h) solved here (mpmath's
Taylor-series integrator at 25 digits for h itself; scipy's DOP853 from x = 1e-4 for the densities of the
quadratures, accurate to ~1e-13), the matching by Brent's method on the first branch, and
kappa(R) = 2 int rho dz, alpha(R) = M_cyl(R) / (pi R) by adaptive quadrature of the piecewise 3D density
(isothermal inside r1, NFW outside; Sigma_crit = 1, lengths in arcsec).
"""
import functools
import math

import numpy as np
import pytest
from scipy import integrate, optimize

import autogalaxy as ag
from autogalaxy.profiles.mass.dark import kaplinghat, kaplinghat_mcr

KAPPA_S = 0.2
SCALE_RADIUS = 1.3
# r1 / r_s: small to beyond the scale radius (upstream's table end x = 200 was used for r1 / r_s > 1.82).
INTERACTION_RATIOS = [1e-3, 0.05, 0.3, 1.0, 2.0, 3.0]


@functools.lru_cache(maxsize=1)
def _lane_emden():
    x0 = 1.0e-4
    return x0, integrate.solve_ivp(
        lambda x, y: [y[1], math.exp(-y[0]) - 2.0 * y[1] / x],
        (x0, 40.0),
        [x0**2 / 6 - x0**4 / 120, x0 / 3 - x0**3 / 30],
        method="DOP853",
        rtol=2.3e-14,
        atol=1e-18,
        dense_output=True,
    )


def _h(x):
    x0, solution = _lane_emden()
    return x**2 / 6 - x**4 / 120 + x**6 / 1890 if x < x0 else float(solution.sol(x)[0])


def _dh(x):
    x0, solution = _lane_emden()
    return x / 3 - x**3 / 30 if x < x0 else float(solution.sol(x)[1])


def _core(interaction_radius):
    y = interaction_radius / SCALE_RADIUS
    target = (math.log1p(y) - y / (1 + y)) * (1 + y) ** 2 / y**2
    # The first branch: G(x) = h' e^h / x rises from 1/3 to its maximum at x = 22.544.
    x_1 = optimize.brentq(
        lambda x: _dh(x) * math.exp(_h(x)) / x - target, 1e-3, 22.5442, xtol=1e-15, rtol=1e-15
    )
    rho_1 = KAPPA_S / SCALE_RADIUS / (y * (1 + y) ** 2)
    return rho_1 * math.exp(_h(x_1)), interaction_radius / x_1


def _density(r, r_1, rho_0, r_0):
    if r < r_1:
        return rho_0 * math.exp(-_h(r / r_0))
    x = r / SCALE_RADIUS
    return KAPPA_S / SCALE_RADIUS / (x * (1 + x) ** 2)


def _quad(f, points, upper=np.inf):
    points = sorted(set(points))
    total = sum(
        integrate.quad(f, a, b, epsabs=0.0, epsrel=1e-13, limit=400)[0]
        for a, b in zip(points[:-1], points[1:])
    )
    return total + integrate.quad(f, points[-1], upper, epsabs=0.0, epsrel=1e-13, limit=400)[0]


def _convergence_quadrature(radius, r_1, rho_0, r_0):
    f = lambda z: _density(math.sqrt(radius**2 + z**2), r_1, rho_0, r_0)
    points = [0.0, SCALE_RADIUS, 10 * SCALE_RADIUS]
    if radius < r_1:
        points.append(math.sqrt(r_1**2 - radius**2))
    return 2.0 * _quad(f, points)


def _deflection_quadrature(radius, r_1, rho_0, r_0):
    shell = lambda r: 4 * math.pi * r**2 * _density(r, r_1, rho_0, r_0)
    inside = _quad(shell, [0.0, min(r_1, radius)], upper=radius) if radius > 0 else 0.0
    # r = R cosh u: r^2 (1 - sqrt(1 - R^2 / r^2)) dr = R^3 cosh u sinh u exp(-u) du.
    outside_f = lambda u: (
        4 * math.pi * _density(radius * math.cosh(u), r_1, rho_0, r_0)
        * radius**3 * math.cosh(u) * math.sinh(u) * math.exp(-u)
    )
    breaks = [math.acosh(s / radius) for s in (r_1, SCALE_RADIUS, 10 * SCALE_RADIUS) if s > radius]
    outside = _quad(outside_f, [0.0] + breaks, upper=max(breaks + [0.0]) + 60.0)
    return (inside + outside) / (math.pi * radius)


def _parameters(ratio):
    r_1 = ratio * SCALE_RADIUS
    central_density, isothermal_radius = kaplinghat.kaplinghat_core_parameters_from(
        KAPPA_S, SCALE_RADIUS, r_1, np
    )
    return r_1, central_density, isothermal_radius


def test__lane_emden_h_from__equals_the_ode_solution():
    import mpmath

    mpmath.mp.dps = 25
    x0 = mpmath.mpf("0.001")
    solution = mpmath.odefun(
        lambda x, y: [y[1], mpmath.exp(-y[0]) - 2 * y[1] / x],
        x0,
        [x0**2 / 6 - x0**4 / 120 + x0**6 / 1890, x0 / 3 - x0**3 / 30 + x0**5 / 315],
    )
    x = np.array([0.01, 0.5, 2.0, 3.7, 5.0, 8.3, 10.0, 14.2, 20.0, kaplinghat.X_MATCH_MAX])

    np.testing.assert_allclose(
        kaplinghat.lane_emden_h_from(x, np), [float(solution(v)[0]) for v in x], rtol=0.0, atol=1e-13
    )
    np.testing.assert_allclose(
        kaplinghat.lane_emden_dh_from(x, np), [float(solution(v)[1]) for v in x], rtol=1e-10
    )
    assert kaplinghat.lane_emden_h_from(0.0, np) == pytest.approx(0.0, abs=1e-14)


@pytest.mark.parametrize("ratio", INTERACTION_RATIOS)
def test__kaplinghat_core_parameters_from__matches_density_and_mass(ratio):
    r_1, central_density, isothermal_radius = _parameters(ratio)
    rho_0, r_0 = _core(r_1)

    assert central_density == pytest.approx(rho_0, rel=1e-10)
    assert isothermal_radius == pytest.approx(r_0, rel=1e-10)


@pytest.mark.parametrize("ratio", INTERACTION_RATIOS)
def test__convergence_radial_kaplinghat_from__equals_quadrature_of_the_density(ratio):
    r_1, central_density, isothermal_radius = _parameters(ratio)
    rho_0, r_0 = _core(r_1)
    radii = np.array(
        [0.0, 1e-10 * r_0, 1e-3 * SCALE_RADIUS, r_0, 0.5 * r_1, r_1 * (1 - 1e-9), r_1,
         r_1 * (1 + 1e-9), SCALE_RADIUS, 10 * SCALE_RADIUS]
    )

    kappa = kaplinghat.convergence_radial_kaplinghat_from(
        radii, KAPPA_S, SCALE_RADIUS, r_1, central_density, isothermal_radius, np
    )

    expected = [_convergence_quadrature(r, r_1, rho_0, r_0) for r in radii]
    np.testing.assert_allclose(kappa, expected, rtol=1e-9)


@pytest.mark.parametrize("ratio", INTERACTION_RATIOS)
def test__deflection_radial_kaplinghat_from__equals_quadrature_of_the_density(ratio):
    r_1, central_density, isothermal_radius = _parameters(ratio)
    rho_0, r_0 = _core(r_1)
    radii = np.array(
        [1e-5 * r_0, 1e-3 * SCALE_RADIUS, r_0, 0.5 * r_1, r_1 * (1 - 1e-9), r_1, r_1 * (1 + 1e-9),
         SCALE_RADIUS, 10 * SCALE_RADIUS]
    )

    alpha = kaplinghat.deflection_radial_kaplinghat_from(
        radii, KAPPA_S, SCALE_RADIUS, r_1, central_density, isothermal_radius, np
    )

    expected = [_deflection_quadrature(r, r_1, rho_0, r_0) for r in radii]
    np.testing.assert_allclose(alpha, expected, rtol=1e-8)


def test__radial_functions_kaplinghat__seeded_radii_inside_the_core_equal_quadrature():
    """
    Seeded random (r1 / r_s, R / r1) over the tabulated core (1e-3 <= r1 / r_s <= 3, 0 < R < r1), at the
    tolerances of the grids above; deterministic, so no false alarms.
    """
    rng = np.random.default_rng(16)
    for ratio, fraction in zip(
        np.exp(rng.uniform(np.log(1e-3), np.log(3.0), 10)), rng.uniform(0.0, 1.0, 10)
    ):
        r_1, central_density, isothermal_radius = _parameters(ratio)
        rho_0, r_0 = _core(r_1)
        radius = fraction * r_1
        args = (KAPPA_S, SCALE_RADIUS, r_1, central_density, isothermal_radius, np)

        kappa = kaplinghat.convergence_radial_kaplinghat_from(radius, *args)
        alpha = kaplinghat.deflection_radial_kaplinghat_from(radius, *args)

        assert kappa == pytest.approx(_convergence_quadrature(radius, r_1, rho_0, r_0), rel=1e-9)
        assert alpha == pytest.approx(_deflection_quadrature(radius, r_1, rho_0, r_0), rel=1e-8)


def test__deflection_over_radius_kaplinghat_from__is_the_central_convergence_at_the_centre():
    r_1, central_density, isothermal_radius = _parameters(0.3)
    args = (KAPPA_S, SCALE_RADIUS, r_1, central_density, isothermal_radius, np)

    over_radius = kaplinghat.deflection_over_radius_kaplinghat_from(np.array([0.0, 1e-12]), *args)

    np.testing.assert_allclose(
        over_radius, kaplinghat.convergence_radial_kaplinghat_from(0.0, *args), rtol=1e-9
    )
    assert kaplinghat.deflection_radial_kaplinghat_from(0.0, *args) == 0.0


def test__radial_functions__zero_interaction_radius_is_nfw():
    radii = np.array([1e-3, 0.5, 3.0]) * SCALE_RADIUS
    central_density, isothermal_radius = kaplinghat.kaplinghat_core_parameters_from(
        KAPPA_S, SCALE_RADIUS, 0.0, np
    )

    alpha = kaplinghat.deflection_radial_kaplinghat_from(
        radii, KAPPA_S, SCALE_RADIUS, 0.0, central_density, isothermal_radius, np
    )

    expected = [
        _deflection_quadrature(r, 0.0, 1.0, 1.0) for r in radii
    ]
    np.testing.assert_allclose(alpha, expected, rtol=1e-8)
    assert central_density == np.inf and isothermal_radius == 0.0


def test__kaplinghat_cored_nfw_sph__methods_call_the_radial_functions():
    profile = ag.mp.KaplinghatCoredNFWSph(
        centre=(0.1, -0.2), kappa_s=KAPPA_S, scale_radius=SCALE_RADIUS, interaction_radius=0.4
    )
    r_1, central_density, isothermal_radius = 0.4, profile.central_density, profile.isothermal_radius
    grid = ag.Grid2DIrregular([[0.1, -0.2], [0.3, 0.1], [-1.0, 2.0]])
    dy, dx = np.array(grid.array)[:, 0] - 0.1, np.array(grid.array)[:, 1] + 0.2
    radius = np.hypot(dy, dx)
    args = (KAPPA_S, SCALE_RADIUS, r_1, central_density, isothermal_radius, np)

    over_radius = kaplinghat.deflection_over_radius_kaplinghat_from(radius, *args)

    np.testing.assert_allclose(
        profile.deflections_yx_2d_from(grid).array,
        np.stack([dy, dx], axis=-1) * over_radius[:, None],
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        profile.convergence_2d_from(grid).array,
        kaplinghat.convergence_radial_kaplinghat_from(radius, *args),
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        ag.mp.KaplinghatCoredNFWSph.radial_deflection_from(
            radius, np.array([KAPPA_S, SCALE_RADIUS, r_1, central_density, isothermal_radius]), np
        ),
        radius * over_radius,
        rtol=1e-12,
    )
    # The release's default interaction radius, r_s s / (100 + s), s = sigma_over_m t_age.
    default = ag.mp.KaplinghatCoredNFWSph(scale_radius=2.0, sigma_over_m=3.0, t_age=10.0)
    assert default.interaction_radius == pytest.approx(2.0 * 30.0 / 130.0, rel=1e-15)


def test__kaplinghat_cored_nfw_sph__potential_gradient_is_the_deflection():
    profile = ag.mp.KaplinghatCoredNFWSph(kappa_s=KAPPA_S, scale_radius=SCALE_RADIUS, interaction_radius=0.4)
    h = 1e-4
    for radius in (0.2, 1.5):
        grid = ag.Grid2DIrregular([[0.0, radius - h], [0.0, radius + h]])
        potential = profile.potential_2d_from(grid).array
        assert (potential[1] - potential[0]) / (2 * h) == pytest.approx(
            profile.radial_deflection_from_radius(radius), rel=1e-7
        )


def test__interaction_radius_kpc_from__one_scattering_per_particle():
    """sigma/m rho(r1) v(r1) t = 1 with v = sqrt(G M(r1) / r1), evaluated in astropy units."""
    from astropy import constants, units

    rho_s, r_s, r_200, sigma, age = 2.0e7, 0.4, 8.0, 5.0, 9.0
    r_1 = kaplinghat_mcr.interaction_radius_kpc_from(sigma, age, rho_s, r_s, r_200, np)
    y = r_1 / r_s
    density = rho_s / (y * (1 + y) ** 2) * units.Msun / units.kpc**3
    mass = 4 * np.pi * rho_s * r_s**3 * (np.log1p(y) - y / (1 + y)) * units.Msun
    velocity = np.sqrt(constants.G * mass / (r_1 * units.kpc))
    scatterings = (sigma * units.cm**2 / units.g * density * velocity * age * units.Gyr).decompose()

    assert 0.0 < r_1 < r_200
    assert scatterings.value == pytest.approx(1.0, rel=1e-4)
    assert kaplinghat_mcr.interaction_radius_kpc_from(0.0, age, rho_s, r_s, r_200, np) == 0.0


def test__kaplinghat_mcr_ludlow_sph__parameters_unchanged_from_the_release():
    profile = ag.mp.KaplinghatCoredNFWMCRLudlowSph(mass_at_200=3e8, sigma_over_m=30.0, t_age=8.0)

    assert profile.kappa_s == pytest.approx(0.005601981459195948, rel=1e-13)
    assert profile.scale_radius == pytest.approx(0.14527212082421573, rel=1e-13)
    assert profile.interaction_radius == pytest.approx(0.24859153298673517, rel=1e-12)
