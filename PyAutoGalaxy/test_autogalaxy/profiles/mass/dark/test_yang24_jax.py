"""JAX behaviour of the Yang et al. (2024) SIDM halo (skipped where JAX is not installed)."""
import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.profiles.mass.dark import yang24, yang24_mcr

jax = pytest.importorskip("jax")
jnp = jax.numpy

KAPPA_S, SCALE_RADIUS = 0.2, 1.3


@pytest.mark.parametrize("tau", [1e-4, 0.3, 1.0])
def test__radial_functions__jit_equals_numpy_and_float32_within_1e_4(tau):
    kappa_s, scale_radius, core_radius = yang24.yang24_lensing_parameters_from(
        KAPPA_S, SCALE_RADIUS, tau, np
    )
    radii = np.geomspace(1e-3, 1e3, 41) * scale_radius

    for name in ("convergence_radial_yang24_from", "deflection_radial_yang24_from"):
        function = getattr(yang24, name)
        expected = function(radii, kappa_s, scale_radius, core_radius, np)
        jitted = jax.jit(lambda r, k, s, c: function(r, k, s, c, jnp))
        single = jitted(jnp.asarray(radii, jnp.float32), *(jnp.float32(v) for v in (kappa_s, scale_radius, core_radius)))

        np.testing.assert_allclose(
            jitted(radii, kappa_s, scale_radius, core_radius), expected, rtol=1e-13
        )
        assert single.dtype == jnp.float32
        np.testing.assert_allclose(np.asarray(single), expected, rtol=1e-4)


def test__radial_functions__finite_gradients_everywhere():
    kappa_s, scale_radius, core_radius = 0.1, 1.0, 0.3
    for name in ("convergence_radial_yang24_from", "deflection_radial_yang24_from"):
        function = getattr(yang24, name)
        grad = jax.jit(jax.grad(lambda *p: function(*p, jnp), argnums=(0, 1, 2, 3)))
        # 600 = 2000 r_c: the table's edge for the NFW tail; r_c = 1e-10 and 10 are clamped into the table.
        for radius in (0.0, 1e-12, 0.3, 1.0, 600.0, 1e4):
            for core in (0.0, 1e-10, 1e-8, core_radius, 10.0):
                assert np.all(np.isfinite(grad(radius, kappa_s, scale_radius, core))), (name, radius, core)


def test__deflection_radial_yang24_from__grad_equals_central_differences():
    params = np.array([0.4, 0.1, 1.0, 0.3])  # radius, kappa_s, scale_radius, core_radius

    @jax.jit
    def alpha(p):
        return yang24.deflection_radial_yang24_from(p[0], p[1], p[2], p[3], jnp)

    grad = jax.grad(alpha)(jnp.asarray(params))
    for i in range(4):
        step = np.zeros(4)
        step[i] = 1e-5 * params[i]
        fd = (alpha(params + step) - alpha(params - step)) / (2 * step[i])
        assert grad[i] == pytest.approx(float(fd), rel=1e-6)


def test__yang_sidm_mcr_ludlow_sph__jit_vmap_grad_through_the_mapping():
    points = jnp.asarray([[0.01, 0.02], [0.3, -0.1], [1.0, 2.0], [0.0, 0.0]])

    def deflections(mass_at_200, sigma_over_m, velocity_exponent, t_age):
        profile = ag.mp.YangSIDMMCRLudlowSph(
            mass_at_200=mass_at_200, sigma_over_m=sigma_over_m, velocity_exponent=velocity_exponent,
            velocity_ref=30.0, t_age=t_age,
        )
        return profile.deflections_yx_2d_from(ag.Grid2DIrregular(points), xp=jnp).array

    masses = np.array([3e8, 1e9, 5e9])
    batched = jax.jit(jax.vmap(deflections, in_axes=(0, None, None, None)))(masses, 30.0, 2.0, 8.0)
    for mass, got in zip(masses, batched):
        expected = ag.mp.YangSIDMMCRLudlowSph(
            mass_at_200=mass, sigma_over_m=30.0, velocity_exponent=2.0, velocity_ref=30.0, t_age=8.0
        ).deflections_yx_2d_from(ag.Grid2DIrregular(np.asarray(points))).array
        np.testing.assert_allclose(got, expected, rtol=1e-11, atol=1e-300)

    x0 = np.array([3e8, 30.0, 2.0, 8.0])
    total = jax.jit(lambda *a: jnp.sum(deflections(*a)))
    grad = jax.jit(jax.grad(total, argnums=(0, 1, 2, 3)))(*x0)
    for i in range(4):
        step = np.zeros(4)
        step[i] = 1e-5 * x0[i]
        fd = (total(*(x0 + step)) - total(*(x0 - step))) / (2 * step[i])
        assert grad[i] == pytest.approx(float(fd), rel=1e-6)


def test__yang24_ludlow_parameters_from__tau_is_traced_and_untruncated():
    def tau(t_age):
        return yang24_mcr.yang24_ludlow_parameters_from(
            1e9, 0.0, 100.0, 0.0, 10.0, t_age, 0.5, 1.0, jnp
        )[2]

    taus = jax.jit(jax.vmap(tau))(jnp.asarray([1.0, 10.0, 40.0]))

    np.testing.assert_allclose(taus / taus[0], [1.0, 10.0, 40.0], rtol=1e-12)
    assert float(jax.grad(tau)(10.0)) == pytest.approx(float(taus[0]), rel=1e-12)
