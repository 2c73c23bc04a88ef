"""
The pure radial NFW functions against quadrature of the 3D density.

With rho(r) = rho_s / ((r / r_s) (1 + r / r_s)^2) and kappa_s = rho_s r_s / Sigma_cr, in units of r_s:

    kappa(x) = 2 kappa_s int_0^inf dz / (r (1 + r)^2),  r = sqrt(x^2 + z^2)
    alpha(x) = M2D(x) / (pi Sigma_cr R) = (4 kappa_s r_s / x) I(x), with the cylinder mass
    I(x) = int_0^x r^2 rho dr + int_x^inf r^2 rho (1 - sqrt(1 - x^2 / r^2)) dr  (rho = 1 / (r (1 + r)^2))

both computed here with mpmath, independently of the closed forms under test.
"""

import mpmath as mp
import numpy as np
import pytest

from autogalaxy.profiles.mass.dark import nfw

mp.mp.dps = 40


def _kappa_quad(x, kappa_s=1.0):
    x = mp.mpf(x)
    integrand = lambda z: 1 / (mp.sqrt(x * x + z * z) * (1 + mp.sqrt(x * x + z * z)) ** 2)
    return 2 * kappa_s * mp.quad(integrand, [0, x, 1, mp.inf])


def _alpha_quad(x, kappa_s=1.0, scale_radius=1.0):
    x = mp.mpf(x)
    shell = lambda r: r / (1 + r) ** 2
    inside = mp.quad(shell, [0, x])
    outside = mp.quad(lambda r: shell(r) * (1 - mp.sqrt(1 - (x / r) ** 2)), [x, 2 * x, mp.inf])
    return 4 * kappa_s * scale_radius * (inside + outside) / x


RADII = [1e-6, 1e-3, 0.3, 1.0 - 1e-9, 1.0, 1.0 + 1e-9, 1.02, 3.0, 50.0]


@pytest.mark.parametrize("x", RADII)
def test__convergence_radial_nfw_from__matches_quadrature(x):
    kappa = nfw.convergence_radial_nfw_from(np.array([x]), kappa_s=0.3, scale_radius=1.0, xp=np)

    assert kappa[0] == pytest.approx(float(_kappa_quad(x, 0.3)), rel=1e-9)


@pytest.mark.parametrize("x", [1e-3, 0.3, 1.0, 1.0 + 1e-9, 3.0, 50.0])
def test__deflection_radial_nfw_from__matches_quadrature(x):
    alpha = nfw.deflection_radial_nfw_from(
        np.array([2.0 * x]), kappa_s=0.3, scale_radius=2.0, xp=np
    )

    assert alpha[0] == pytest.approx(float(_alpha_quad(x, 0.3, 2.0)), rel=1e-8)


def test__deflection_radial_nfw_from__small_radius_series_limit():
    # alpha(x) -> 4 kappa_s r_s (x / 2) (ln(2 / x) - 1/2) as x -> 0 (expansion of h(x) / x).
    x = np.array([1e-6, 1e-9])

    alpha = nfw.deflection_radial_nfw_from(x, kappa_s=1.0, scale_radius=1.0, xp=np)

    expected = 4.0 * (x / 2.0) * (np.log(2.0 / x) - 0.5)
    np.testing.assert_allclose(alpha, expected, rtol=1e-5)


def test__radial_nfw_functions__finite_at_the_centre():
    radius = np.array([0.0, 1e-300])

    kappa = nfw.convergence_radial_nfw_from(radius, kappa_s=0.2, scale_radius=1.0, xp=np)
    alpha = nfw.deflection_radial_nfw_from(radius, kappa_s=0.2, scale_radius=1.0, xp=np)

    assert np.all(np.isfinite(kappa))
    assert np.all(np.abs(alpha) < 1e-9)


def test__radial_nfw_functions__agree_with_nfw_sph_profile():
    # The pure functions are the NFWSph profile's quantities (a generic grid, away from the centre).
    import autogalaxy as ag

    profile = ag.mp.NFWSph(centre=(0.0, 0.0), kappa_s=0.2, scale_radius=1.5)
    grid = ag.Grid2DIrregular([(0.0, 0.3), (1.0, 1.2), (-2.0, 3.5)])
    radius = np.hypot(grid.array[:, 0], grid.array[:, 1])

    deflections = profile.deflections_yx_2d_from(grid=grid).array
    alpha = nfw.deflection_radial_nfw_from(radius, kappa_s=0.2, scale_radius=1.5, xp=np)

    np.testing.assert_allclose(np.hypot(deflections[:, 0], deflections[:, 1]), alpha, rtol=1e-10)
