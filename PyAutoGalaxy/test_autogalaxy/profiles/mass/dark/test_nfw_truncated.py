"""
NumPy tests of the spherical truncated NFW profile (Baltz, Marshall & Oguri 2009, n = 1 truncation)
against references computed here from its 3D density,

    rho(r) = rho_s / [x (1 + x)^2] * tau^2 / (tau^2 + x^2),   x = r / r_s,  tau = r_t / r_s,

with kappa_s = rho_s r_s / Sigma_crit, so that (lengths in units of r_s)

    kappa(R) = 2 kappa_s int_0^inf rho~(sqrt(x^2 + z^2)) dz,
    alpha(R) = M_2D(R) / (pi Sigma_crit R) = 4 kappa_s r_s m(x) / x,
    m(x)     = int_0^inf r^2 rho~(r) [1 - sqrt(1 - x^2 / r^2)_+] dr,

evaluated by mpmath quadrature at 30 digits (rho~ = rho / rho_s).
"""
import functools

import mpmath
import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.profiles.mass.dark import nfw_truncated


KAPPA_S = 0.08
SCALE_RADIUS = 0.7

TAUS = [1.5, 5.0, 20.0, 100.0, 1000.0]


def _density(r, tau):
    return tau**2 / (r * (1 + r) ** 2 * (tau**2 + r**2))


@functools.lru_cache(maxsize=None)
def _convergence_over_2_kappa_s(x, tau):
    # 30 digits, locally: mpmath's precision is global state.
    with mpmath.workdps(30):
        x, tau = mpmath.mpf(x), mpmath.mpf(tau)
        breaks = sorted({mpmath.mpf(0), x, mpmath.mpf(1), tau, 10 * tau}) + [mpmath.inf]
        return mpmath.quad(lambda z: _density(mpmath.sqrt(x * x + z * z), tau), breaks)


@functools.lru_cache(maxsize=None)
def _mass_2d_over_4_pi_rho_s_r_s_cubed(x, tau):
    # 30 digits, locally: mpmath's precision is global state.
    with mpmath.workdps(30):
        x, tau = mpmath.mpf(x), mpmath.mpf(tau)
        inside = sorted({mpmath.mpf(0), min(x, 1), min(x, tau), x})
        outside = sorted({x, max(x, 1), max(x, tau), max(x, 10 * tau)}) + [mpmath.inf]
        # 1 - sqrt(1 - u) written as u / (1 + sqrt(1 - u)): no cancellation for r >> x.
        shell = lambda r: r * r * _density(r, tau) * (x * x / (r * r)) / (
            1 + mpmath.sqrt(1 - x * x / (r * r))
        )
        return mpmath.quad(lambda r: r * r * _density(r, tau), inside) + mpmath.quad(
            shell, outside
        )


def _convergence_reference(radius, tau):
    return 2.0 * KAPPA_S * float(_convergence_over_2_kappa_s(radius / SCALE_RADIUS, tau))


def _deflection_reference(radius, tau):
    x = radius / SCALE_RADIUS
    return 4.0 * KAPPA_S * SCALE_RADIUS * float(_mass_2d_over_4_pi_rho_s_r_s_cubed(x, tau)) / x


def _special_radii(tau):
    """0+, 1e-6 r_s, r_s and r_s (1 +- 1e-9), r_t, 10 r_t and a few between, in units of r_s."""
    return [
        1.0e-12,
        1.0e-6,
        1.0e-3,
        0.3,
        0.97,
        1.0 - 1.0e-9,
        1.0,
        1.0 + 1.0e-9,
        1.03,
        2.5,
        tau,
        3.0 * tau,
        10.0 * tau,
    ]


CENTRE = (0.2, -0.1)


def _grid_and_radii_from(radii, angle):
    """
    A grid at ``radii`` from ``CENTRE`` along ``angle``, and the radii the profile actually sees
    once it subtracts the centre again (a radius of 1e-12 r_s added to 0.2 keeps only ~4 digits).
    """
    grid = np.stack(
        [CENTRE[0] + radii * np.sin(angle), CENTRE[1] + radii * np.cos(angle)], axis=1
    )
    seen = np.hypot(grid[:, 0] - CENTRE[0], grid[:, 1] - CENTRE[1])
    return ag.Grid2DIrregular(grid), seen


def _profile(tau):
    return ag.mp.NFWTruncatedSph(
        centre=CENTRE,
        kappa_s=KAPPA_S,
        scale_radius=SCALE_RADIUS,
        truncation_radius=tau * SCALE_RADIUS,
    )


@pytest.mark.parametrize("tau", TAUS)
def test__convergence_2d_from__matches_quadrature_of_the_3d_density(tau):
    profile = _profile(tau)
    # Along a direction that is not an axis, to exercise the radius of the centred grid.
    grid, radii = _grid_and_radii_from(
        SCALE_RADIUS * np.array(_special_radii(tau)), angle=0.7
    )

    convergence = profile.convergence_2d_from(grid=grid).array

    reference = np.array([_convergence_reference(r, tau) for r in radii])
    assert convergence == pytest.approx(reference, rel=1.0e-10)


@pytest.mark.parametrize("tau", TAUS)
def test__convergence_radial_tnfw_from__matches_quadrature_at_special_radii(tau):
    radii = SCALE_RADIUS * np.array(_special_radii(tau))

    convergence = nfw_truncated.convergence_radial_tnfw_from(
        radius=radii,
        kappa_s=KAPPA_S,
        scale_radius=SCALE_RADIUS,
        truncation_radius=tau * SCALE_RADIUS,
        xp=np,
    )

    reference = np.array([_convergence_reference(r, tau) for r in radii])
    assert convergence == pytest.approx(reference, rel=1.0e-10)


@pytest.mark.parametrize("tau", TAUS)
def test__deflection_radial_tnfw_from__matches_quadrature_at_special_radii(tau):
    radii = SCALE_RADIUS * np.array(_special_radii(tau))

    deflection = nfw_truncated.deflection_radial_tnfw_from(
        radius=radii,
        kappa_s=KAPPA_S,
        scale_radius=SCALE_RADIUS,
        truncation_radius=tau * SCALE_RADIUS,
        xp=np,
    )

    reference = np.array([_deflection_reference(r, tau) for r in radii])
    assert deflection == pytest.approx(reference, rel=1.0e-10)


@pytest.mark.parametrize("tau", [1.5, 20.0, 1000.0])
def test__deflections_yx_2d_from__matches_quadrature_of_the_3d_density(tau):
    profile = _profile(tau)
    grid, radii = _grid_and_radii_from(
        SCALE_RADIUS * np.array([1.0e-6, 0.3, 1.0, 2.5, tau, 10.0 * tau]), angle=2.2
    )

    deflections = profile.deflections_yx_2d_from(grid=grid).array

    # Radial, alpha(R) (dy, dx) / R with (dy, dx) the offset from the centre (towards the mass
    # in the lens equation beta = theta - alpha).
    magnitude = np.array([_deflection_reference(r, tau) for r in radii])
    offsets = grid.array - np.array(CENTRE)
    assert deflections == pytest.approx(
        magnitude[:, None] * offsets / radii[:, None], rel=1.0e-10
    )


def test__convergence_and_deflections__pixel_on_the_centre_is_finite_with_zero_deflection():
    profile = _profile(5.0)
    grid, radii = _grid_and_radii_from(SCALE_RADIUS * np.array([0.0, 1.0e-12]), angle=0.0)

    convergence = profile.convergence_2d_from(grid=grid).array
    deflections = profile.deflections_yx_2d_from(grid=grid).array

    assert np.all(np.isfinite(convergence))
    # kappa diverges as 2 kappa_s ln(2 r_s / R): the centre is evaluated at a tiny clamped radius,
    # so it exceeds the value at 1e-12 r_s, which is exact.
    assert convergence[0] > convergence[1]
    assert convergence[1] == pytest.approx(_convergence_reference(radii[1], 5.0), rel=1.0e-10)
    assert np.all(deflections[0] == 0.0)
    assert deflections[1, 1] == pytest.approx(_deflection_reference(radii[1], 5.0), rel=1.0e-10)


def test__radial_functions__broadcast_over_parameter_arrays():
    # Three haloes (parameters of shape (3, 1)) against four radii (shape (4,)).
    kappa_s = np.array([[0.05], [0.1], [0.3]])
    scale_radius = np.array([[0.5], [1.0], [2.0]])
    tau = np.array([[2.0], [30.0], [400.0]])
    radius = np.array([0.0, 0.2, 1.0, 7.0])

    convergence = nfw_truncated.convergence_radial_tnfw_from(
        radius, kappa_s, scale_radius, tau * scale_radius, np
    )
    deflection = nfw_truncated.deflection_radial_tnfw_from(
        radius, kappa_s, scale_radius, tau * scale_radius, np
    )

    assert convergence.shape == deflection.shape == (3, 4)
    assert np.all(np.isfinite(convergence))
    assert np.all(deflection[:, 0] < 1.0e-100)
    for i in range(3):
        for j in range(1, 4):
            x = radius[j] / scale_radius[i, 0]
            assert convergence[i, j] == pytest.approx(
                2 * kappa_s[i, 0] * float(_convergence_over_2_kappa_s(x, tau[i, 0])), rel=1.0e-10
            )
            assert deflection[i, j] == pytest.approx(
                4 * kappa_s[i, 0] * scale_radius[i, 0]
                * float(_mass_2d_over_4_pi_rho_s_r_s_cubed(x, tau[i, 0])) / x,
                rel=1.0e-10,
            )


@pytest.mark.parametrize("tau", [0.5, 1.5, 5.0, 1000.0])
def test__deflection_radial_tnfw_from__total_mass_closed_form(tau):
    # BMO09's total mass of the n = 1 profile:
    # M_tot / (4 pi rho_s r_s^3) = tau^2 / (tau^2 + 1)^2 [(tau^2 - 1) ln tau + pi tau - (tau^2 + 1)].
    # At R = 1e6 r_t the mass outside the cylinder is a fraction ~1e-13 of it.
    radius = 1.0e6 * tau * SCALE_RADIUS
    tau_squared = tau**2
    total = (
        tau_squared
        / (tau_squared + 1) ** 2
        * ((tau_squared - 1) * np.log(tau) + np.pi * tau - (tau_squared + 1))
    )

    deflection = nfw_truncated.deflection_radial_tnfw_from(
        radius, KAPPA_S, SCALE_RADIUS, tau * SCALE_RADIUS, np
    )

    assert deflection * radius / (4.0 * KAPPA_S * SCALE_RADIUS**2) == pytest.approx(total, rel=1.0e-10)


def test__deflection_radial_tnfw_from__nfw_limit_for_large_truncation_radius():
    # tau -> inf is the NFW profile, alpha = 4 kappa_s r_s [ln(x/2) + F(x)] / x (Bartelmann 1996),
    # written here with mpmath; the tNFW correction at tau = 1e7 is ~x^2 ln(tau) / tau^2 < 1e-10.
    tau = 1.0e7
    radii = SCALE_RADIUS * np.array([1.0e-4, 0.5, 1.0, 1.7, 30.0])

    def nfw(x):
        # 30 digits: ln(x / 2) + F(x) cancels to ~x^2 ln(1/x) at small x.
        with mpmath.workdps(30):
            x = mpmath.mpf(x)
            f = mpmath.acosh(1 / x) / mpmath.sqrt(1 - x * x) if x < 1 else (
                mpmath.mpf(1) if x == 1 else mpmath.acos(1 / x) / mpmath.sqrt(x * x - 1)
            )
            return 4 * KAPPA_S * SCALE_RADIUS * float((mpmath.log(x / 2) + f) / x)

    deflection = nfw_truncated.deflection_radial_tnfw_from(
        radii, KAPPA_S, SCALE_RADIUS, tau * SCALE_RADIUS, np
    )

    assert deflection == pytest.approx([nfw(r / SCALE_RADIUS) for r in radii], rel=1.0e-9)


def test__tau__derived_from_the_radii():
    profile = ag.mp.NFWTruncatedSph(kappa_s=0.1, scale_radius=2.0, truncation_radius=10.0)

    assert profile.tau == pytest.approx(5.0)

    profile.truncation_radius = 30.0

    assert profile.tau == pytest.approx(15.0)


def test__deflections_and_convergence__match_lenstronomy_tnfw():
    """
    Cross-check against lenstronomy's ``TNFW`` (the same BMO09 profile, written independently):
    alpha_Rs = 4 kappa_s r_s (1 - ln 2), Rs = r_s, r_trunc = r_t.

    lenstronomy clamps R >= 1e-3 r_s and evaluates the closed forms directly, which lose
    ~tau^2 ln(1/x) eps / x^2 relative precision at small x (its mass) and eps / |1 - x^2| near
    the scale radius; on this grid (R >= 0.05 r_s, |x - 1| >= 3e-3) that is below 1e-9, so 1e-8
    is the tolerance.
    """
    from lenstronomy.LensModel.Profiles.tnfw import TNFW

    kappa_s, scale_radius, truncation_radius = 0.12, 0.8, 6.0
    centre = (0.15, -0.25)
    profile = ag.mp.NFWTruncatedSph(
        centre=centre,
        kappa_s=kappa_s,
        scale_radius=scale_radius,
        truncation_radius=truncation_radius,
    )
    y, x = np.meshgrid(np.linspace(-40.0, 40.0, 41) + 0.013, np.linspace(-40.0, 40.0, 41) - 0.029)
    y = np.concatenate([y.ravel(), centre[0] + np.array([0.05, 0.3, 0.81, 2.0, 6.0])])
    x = np.concatenate([x.ravel(), centre[1] + np.array([0.0, 0.4, 0.0, 1.0, 0.5])])
    radius = np.hypot(y - centre[0], x - centre[1])
    keep = (radius >= 0.05 * scale_radius) & (np.abs(radius / scale_radius - 1) >= 3e-3)
    y, x = y[keep], x[keep]

    lenstronomy = TNFW()
    alpha_rs = 4.0 * kappa_s * scale_radius * (1.0 - np.log(2.0))
    kwargs = dict(
        Rs=scale_radius, alpha_Rs=alpha_rs, r_trunc=truncation_radius,
        center_x=centre[1], center_y=centre[0],
    )
    alpha_x, alpha_y = lenstronomy.derivatives(x, y, **kwargs)
    f_xx, _, _, f_yy = lenstronomy.hessian(x, y, **kwargs)

    grid = ag.Grid2DIrregular(np.stack([y, x], axis=1))
    deflections = profile.deflections_yx_2d_from(grid=grid).array
    convergence = profile.convergence_2d_from(grid=grid).array

    assert deflections[:, 0] == pytest.approx(alpha_y, rel=1.0e-8, abs=1.0e-14)
    assert deflections[:, 1] == pytest.approx(alpha_x, rel=1.0e-8, abs=1.0e-14)
    assert convergence == pytest.approx(0.5 * (f_xx + f_yy), rel=1.0e-8)
