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


def _f_closed_form(x):
    """F(x) of Wright & Brainerd (2000), eq. 11, at mpmath's working precision."""
    x = mp.mpf(x)
    if x < 1:
        return mp.acosh(1 / x) / mp.sqrt(1 - x * x)
    if x > 1:
        return mp.acos(1 / x) / mp.sqrt(x * x - 1)
    return mp.mpf(1)


def _kappa_closed_form(x, kappa_s):
    x = mp.mpf(x)
    if x == 1:
        return 2 * kappa_s / mp.mpf(3)
    return 2 * kappa_s * (1 - _f_closed_form(x)) / (x * x - 1)


def _alpha_closed_form(x, kappa_s, scale_radius):
    x = mp.mpf(x)
    return 4 * kappa_s * scale_radius * (mp.log(x / 2) + _f_closed_form(x)) / x


PROFILE_RADII = [1e-12, 1e-9, 1e-6, 1e-3, 0.1, 0.5, 1.0 - 1e-7, 1.0, 1.0 + 1e-7, 2.0, 10.0, 100.0, 1e3]


def test__nfw_sph__convergence_and_deflections_exact_from_1e_12_to_1e3_scale_radii():
    # The release clamped each coordinate to 1e-6 r_s: at R = 1e-6 r_s (kappa_s = 0.1) the convergence was
    # 2.6324 instead of 2.7017, and the deflection was set to zero below R = 1e-6 r_s.
    import autogalaxy as ag

    scale_radius = 1.7
    profile = ag.mp.NFWSph(centre=(0.2, -0.1), kappa_s=0.1, scale_radius=scale_radius)
    radii = np.array(PROFILE_RADII) * scale_radius
    angle = 0.6
    grid = ag.Grid2DIrregular(
        np.stack([0.2 + radii * np.sin(angle), -0.1 + radii * np.cos(angle)], axis=1)
    )
    radii = np.hypot(grid.array[:, 0] - 0.2, grid.array[:, 1] + 0.1)

    kappa = profile.convergence_2d_from(grid=grid).array
    deflections = profile.deflections_yx_2d_from(grid=grid).array

    with mp.workdps(50):
        kappa_reference = [float(_kappa_closed_form(r / scale_radius, 0.1)) for r in radii]
        alpha_reference = [float(_alpha_closed_form(r / scale_radius, 0.1, scale_radius)) for r in radii]
    np.testing.assert_allclose(kappa, kappa_reference, rtol=1e-8)
    np.testing.assert_allclose(np.hypot(deflections[:, 0], deflections[:, 1]), alpha_reference, rtol=1e-8)
    # The closed form is the quadrature of the density (checked where mpmath's quadrature is quick).
    assert float(_kappa_closed_form(1e-6, 0.1)) == pytest.approx(float(_kappa_quad(1e-6, 0.1)), rel=1e-12)
    assert kappa[2] == pytest.approx(2.7017, abs=1e-4)


def test__nfw__elliptical_convergence_is_the_radial_one_at_the_elliptical_radius_down_to_the_centre():
    import autogalaxy as ag

    profile = ag.mp.NFW(centre=(0.1, -0.2), ell_comps=(0.1, 0.05), kappa_s=0.2, scale_radius=1.3)
    offsets = np.array([[0.0, 0.0], [0.0, 1e-9], [1e-9, 0.0], [3e-7, 2e-7], [0.4, -0.3], [1.3, 0.0], [-5.0, 12.0]])
    grid = ag.Grid2DIrregular(offsets + np.array([0.1, -0.2]))

    kappa = profile.convergence_2d_from(grid=grid).array

    # (y', x') in the profile's frame; a = sqrt(x'^2 + y'^2 / q^2) / r_s with q = (1 - e) / (1 + e) of the
    # ellipticity components (Heyrovsky & Karamazov's 1 - e^2 is q^2).
    local = profile.transformed_to_reference_frame_grid_from(grid).array
    e = np.hypot(0.1, 0.05)
    q = (1.0 - e) / (1.0 + e)
    a = np.sqrt(local[:, 1] ** 2 + local[:, 0] ** 2 / q**2) / 1.3
    with mp.workdps(50):
        expected = [float(_kappa_closed_form(max(v, 1e-12), 0.2)) for v in a]
    np.testing.assert_allclose(kappa, expected, rtol=1e-9)


def test__nfw_sph__jax_convergence_and_deflections_finite_with_finite_gradients_on_the_centre():
    import autogalaxy as ag

    jax = pytest.importorskip("jax")
    jnp = jax.numpy

    def total(centre_y):
        profile = ag.mp.NFWSph(centre=(centre_y, 0.0), kappa_s=0.1, scale_radius=1.0)
        grid = ag.Grid2DIrregular(jnp.array([[0.0, 0.0], [1e-6, 0.0], [0.3, 0.4]]))
        return jnp.sum(profile.convergence_2d_from(grid=grid, xp=jnp).array)

    with jax.enable_x64(True):
        value, gradient = jax.value_and_grad(total)(0.0)
    assert np.isfinite(float(value)) and np.isfinite(float(gradient))


def _nfw_functions_reference(x):
    """F, g = (1 - F) / (x^2 - 1) and h = ln(x / 2) + F at 60 digits (closed forms, g(1) = 1/3)."""
    with mp.workdps(60):
        f, g, h = [], [], []
        for v in x:
            v = mp.mpf(float(v))
            value = _f_closed_form(v)
            f.append(float(value))
            g.append(float((1 - value) / (v * v - 1)) if v != 1 else 1.0 / 3.0)
            h.append(float(mp.log(v / 2) + value))
    return np.array(f), np.array(g), np.array(h)


def _nfw_function_arguments():
    # Both sides of x = 1 and of the series bands' edges, |1 - x^2| = 1e-2 (F, h) and 0.2 (g).
    edges = [
        np.sqrt(1.0 - sign * (w + delta))
        for sign in (-1.0, 1.0)
        for w in (1e-12, 1e-8, 1e-2, 0.2)
        for delta in (-1e-13, 1e-13)
    ]
    return np.concatenate(
        [[1.0], edges, np.geomspace(1e-8, 1e4, 2_001), np.linspace(0.5, 2.0, 3_001)]
    )


def test__nfw_f_g_h_from__float64_within_1e_14_of_mpmath_on_both_sides_of_the_scale_radius():
    # The one F(x) of the NFW family (nfw.py, cnfw.py and nfw_truncated.py use it), its series band edges
    # included; NumPy and JAX (whose logarithm and arctangent are the CPU kernels).
    x = _nfw_function_arguments()
    references = _nfw_functions_reference(x)

    values_numpy = nfw.nfw_f_g_h_from(x, np)
    jax = pytest.importorskip("jax")
    with jax.enable_x64(True):
        values_jax = jax.jit(lambda x: nfw.nfw_f_g_h_from(x, jax.numpy))(x)

    for values in (values_numpy, values_jax):
        for value, reference in zip(values, references):
            np.testing.assert_allclose(np.asarray(value), reference, rtol=1e-14, atol=0.0)
