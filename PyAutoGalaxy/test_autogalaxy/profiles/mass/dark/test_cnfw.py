"""
Spherical cored NFW: convergence and deflection against mpmath quadrature of the 3D density
rho(r) = (kappa_s / r_s) r_s^3 / ((r + r_c)(r + r_s)^2) (Sigma_crit = 1, lengths in arcsec):
kappa(R) = 2 int_0^inf rho(sqrt(R^2 + z^2)) dz and alpha(R) = M_2D(R) / (pi R), M_2D from the 3D density.
"""
import mpmath
import numpy as np
import pytest

import autoarray as aa
import autogalaxy as ag
from autogalaxy.profiles.mass.dark.cnfw import (
    convergence_radial_cnfw_from,
    deflection_over_radius_cnfw_from,
    deflection_radial_cnfw_from,
)

KAPPA_S = 0.2
SCALE_RADIUS = 1.3

# The band 0.8 <= f_c <= 1.3 is where the closed forms cancel as (1 - f_c)^-2 (see PR G12).
CORE_RATIOS = [1e-3, 0.01, 0.1, 0.5, 0.8, 0.9, 0.95, 0.999, 1.0, 1.001, 1.05, 1.2, 1.3, 2.0]
# R / r_s: the centre side ("0+"), r_c (inserted per core ratio), r_s, r_s (1 -+ 1e-9), large radii.
RADIUS_RATIOS = [1e-12, 1e-6, 1.0, 1.0 - 1e-9, 1.0 + 1e-9, 10.0, 100.0]


def _density(r, core_radius):
    return (KAPPA_S / SCALE_RADIUS) * SCALE_RADIUS**3 / (
        (r + core_radius) * (r + SCALE_RADIUS) ** 2
    )


def _convergence_quadrature(radius, core_radius):
    mpmath.mp.dps = 25

    def integrand(z):
        r = mpmath.sqrt(radius**2 + z**2)
        return _density(r, core_radius)

    breaks = sorted({core_radius, SCALE_RADIUS, 10.0 * max(core_radius, SCALE_RADIUS, radius)})
    return float(2 * mpmath.quad(integrand, [0] + breaks + [mpmath.inf]))


def _deflection_quadrature(radius, core_radius):
    """alpha = M_2D / (pi R): the sphere r < R plus the part of r > R inside the cylinder."""
    mpmath.mp.dps = 25
    radius = mpmath.mpf(radius)

    def shell(r):
        return 4 * mpmath.pi * r**2 * _density(r, core_radius)

    inside = mpmath.quad(shell, sorted({0, min(core_radius, radius), radius}))
    # 1 - sqrt(1 - u) written as u / (1 + sqrt(1 - u)): no cancellation for R << r.
    outside = mpmath.quad(
        lambda r: shell(r)
        * (radius / r) ** 2
        / (1 + mpmath.sqrt(1 - (radius / r) ** 2)),
        [radius, radius + max(core_radius, SCALE_RADIUS), mpmath.inf],
    )
    return float((inside + outside) / (mpmath.pi * radius))


@pytest.mark.parametrize("core_ratio", CORE_RATIOS)
def test__convergence_radial_cnfw_from__equals_quadrature_at_special_radii(core_ratio):
    core_radius = core_ratio * SCALE_RADIUS

    for radius_ratio in RADIUS_RATIOS + [core_ratio]:
        radius = radius_ratio * SCALE_RADIUS

        convergence = convergence_radial_cnfw_from(
            radius=radius,
            kappa_s=KAPPA_S,
            scale_radius=SCALE_RADIUS,
            core_radius=core_radius,
            xp=np,
        )

        assert convergence == pytest.approx(
            _convergence_quadrature(radius, core_radius), rel=1e-6
        ), radius_ratio


@pytest.mark.parametrize("core_ratio", CORE_RATIOS)
def test__deflection_radial_cnfw_from__equals_quadrature_at_special_radii(core_ratio):
    core_radius = core_ratio * SCALE_RADIUS

    for radius_ratio in RADIUS_RATIOS + [core_ratio]:
        radius = radius_ratio * SCALE_RADIUS

        deflection = deflection_radial_cnfw_from(
            radius=radius,
            kappa_s=KAPPA_S,
            scale_radius=SCALE_RADIUS,
            core_radius=core_radius,
            xp=np,
        )

        assert deflection == pytest.approx(
            _deflection_quadrature(radius, core_radius), rel=1e-6
        ), radius_ratio


@pytest.mark.parametrize("core_ratio", CORE_RATIOS)
def test__deflection_radial_cnfw_from__centre_is_zero_with_finite_slope(core_ratio):
    core_radius = core_ratio * SCALE_RADIUS
    central_convergence = _convergence_quadrature(0.0, core_radius)

    args = dict(kappa_s=KAPPA_S, scale_radius=SCALE_RADIUS, core_radius=core_radius, xp=np)

    assert deflection_radial_cnfw_from(radius=0.0, **args) == 0.0
    # alpha / R -> kappa(0) at the centre (M_2D ~ pi R^2 kappa(0)).
    assert deflection_over_radius_cnfw_from(radius=0.0, **args) == pytest.approx(
        central_convergence, rel=1e-6
    )
    assert convergence_radial_cnfw_from(radius=0.0, **args) == pytest.approx(
        central_convergence, rel=1e-6
    )


def test__deflections_yx_2d_from__vector_on_a_grid_with_the_centre():
    profile = ag.mp.cNFWSph(
        centre=(0.1, -0.2), kappa_s=KAPPA_S, scale_radius=SCALE_RADIUS, core_radius=0.4
    )
    grid = aa.Grid2DIrregular([(0.1, -0.2), (0.6, 0.3), (-1.9, -0.2), (0.1, 2.4)])

    deflections = profile.deflections_yx_2d_from(grid=grid)

    assert np.all(np.isfinite(deflections.array))
    assert deflections.array[0] == pytest.approx([0.0, 0.0], abs=1e-15)
    for (y, x), (alpha_y, alpha_x) in zip(grid.array[1:], deflections.array[1:]):
        dy, dx = y - 0.1, x + 0.2
        radius = np.hypot(dy, dx)
        alpha = _deflection_quadrature(radius, 0.4)
        assert alpha_y == pytest.approx(alpha * dy / radius, rel=1e-6, abs=1e-14)
        assert alpha_x == pytest.approx(alpha * dx / radius, rel=1e-6, abs=1e-14)


def test__deflections_yx_2d_from__core_radius_equal_to_scale_radius_is_finite():
    profile = ag.mp.cNFWSph(
        centre=(0.0, 0.0), kappa_s=KAPPA_S, scale_radius=SCALE_RADIUS, core_radius=SCALE_RADIUS
    )
    grid = aa.Grid2D.uniform(shape_native=(5, 5), pixel_scales=0.65)

    deflections = profile.deflections_yx_2d_from(grid=grid)
    convergence = profile.convergence_2d_from(grid=grid)

    assert np.all(np.isfinite(deflections.array))
    assert np.all(np.isfinite(convergence.array))
    # The (0.65, 0.0) pixel is R = r_s / 2.
    index = 7
    assert grid.array[index] == pytest.approx([0.65, 0.0])
    assert deflections.array[index, 0] == pytest.approx(
        _deflection_quadrature(0.65, SCALE_RADIUS), rel=1e-6
    )


def test__convergence_2d_from__exact_on_a_grid_with_the_centre():
    profile = ag.mp.cNFWSph(
        centre=(0.0, 0.0), kappa_s=KAPPA_S, scale_radius=SCALE_RADIUS, core_radius=0.13
    )
    grid = aa.Grid2DIrregular([(0.0, 0.0), (0.3, 0.4), (3.0, 4.0)])

    convergence = profile.convergence_2d_from(grid=grid)

    for value, radius in zip(convergence.array, [0.0, 0.5, 5.0]):
        assert value == pytest.approx(_convergence_quadrature(radius, 0.13), rel=1e-6)


def test__convergence_func__elliptical_radial_profile_is_exact():
    profile = ag.mp.cNFW(
        centre=(0.0, 0.0),
        ell_comps=(0.2, 0.1),
        kappa_s=KAPPA_S,
        scale_radius=SCALE_RADIUS,
        core_radius=0.13,
    )

    assert float(profile.convergence_func(0.7)) == pytest.approx(
        _convergence_quadrature(0.7, 0.13), rel=1e-6
    )


@pytest.mark.parametrize("core_ratio", [0.3, 0.8, 0.95, 0.999, 1.0, 1.001, 1.05, 1.3, 2.0])
def test__radial_functions__equal_quadrature_to_1e_11_near_unit_core_ratio_and_far_out(core_ratio):
    # Release 2026.10.26.1 + G2: the closed forms, interpolated in f_c within 7e-4 of 1, were 2e-8 off at
    # f_c = 1 and 1e-10 at f_c = 1.01; the core-ratio quadrature and the large-radius series are ~1e-13.
    core_radius = core_ratio * SCALE_RADIUS
    args = dict(kappa_s=KAPPA_S, scale_radius=SCALE_RADIUS, core_radius=core_radius, xp=np)

    for radius_ratio in [1e-3, 0.3, 1.0, 1.1, core_ratio, 3.0, 19.0, 41.0, 100.0, 1e3, 1e5]:
        radius = radius_ratio * SCALE_RADIUS

        assert convergence_radial_cnfw_from(radius=radius, **args) == pytest.approx(
            _convergence_quadrature(radius, core_radius), rel=1e-11
        ), radius_ratio
        assert deflection_radial_cnfw_from(radius=radius, **args) == pytest.approx(
            _deflection_quadrature(radius, core_radius), rel=1e-11
        ), radius_ratio
