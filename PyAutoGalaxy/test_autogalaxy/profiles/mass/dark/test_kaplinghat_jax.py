"""JAX behaviour of the Kaplinghat, Tulin & Yu (2016) cored NFW halo (skipped where JAX is not installed)."""
import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.profiles.mass.dark import kaplinghat, kaplinghat_mcr

jax = pytest.importorskip("jax")
jnp = jax.numpy

KAPPA_S, SCALE_RADIUS = 0.2, 1.3


@pytest.mark.parametrize("ratio", [0.01, 0.3, 2.0])
def test__radial_functions__jit_equals_numpy_and_float32_within_1e_4(ratio):
    r_1 = ratio * SCALE_RADIUS
    core = kaplinghat.kaplinghat_core_parameters_from(KAPPA_S, SCALE_RADIUS, r_1, np)
    radii = np.geomspace(1e-3, 1e3, 41) * SCALE_RADIUS
    parameters = (KAPPA_S, SCALE_RADIUS, r_1) + tuple(core)

    jitted_core = jax.jit(
        lambda k, s, r: kaplinghat.kaplinghat_core_parameters_from(k, s, r, jnp)
    )(KAPPA_S, SCALE_RADIUS, r_1)
    np.testing.assert_allclose(jitted_core, core, rtol=1e-12)

    for name in ("convergence_radial_kaplinghat_from", "deflection_radial_kaplinghat_from"):
        function = getattr(kaplinghat, name)
        expected = function(radii, *parameters, np)
        jitted = jax.jit(lambda r, *p: function(r, *p, jnp))
        single = jitted(jnp.asarray(radii, jnp.float32), *(jnp.float32(v) for v in parameters))

        np.testing.assert_allclose(jitted(radii, *parameters), expected, rtol=1e-12)
        assert single.dtype == jnp.float32
        np.testing.assert_allclose(np.asarray(single), expected, rtol=1e-4)


def test__deflection_through_the_core_matching__grad_equals_central_differences():
    @jax.jit
    def alpha(p):
        radius, kappa_s, scale_radius, r_1 = p[0], p[1], p[2], p[3]
        core = kaplinghat.kaplinghat_core_parameters_from(kappa_s, scale_radius, r_1, jnp)
        return kaplinghat.deflection_radial_kaplinghat_from(radius, kappa_s, scale_radius, r_1, *core, jnp)

    for params in (np.array([0.2, 0.1, 1.0, 0.3]), np.array([0.5, 0.1, 1.0, 0.3])):
        grad = jax.grad(alpha)(jnp.asarray(params))
        for i in range(4):
            step = np.zeros(4)
            step[i] = 1e-5 * params[i]
            fd = (alpha(params + step) - alpha(params - step)) / (2 * step[i])
            assert float(grad[i]) == pytest.approx(float(fd), rel=1e-6, abs=1e-12)


def test__radial_functions__finite_gradients_everywhere():
    @jax.jit
    def grads(radius, r_1):
        def both(radius, r_1):
            core = kaplinghat.kaplinghat_core_parameters_from(KAPPA_S, SCALE_RADIUS, r_1, jnp)
            args = (KAPPA_S, SCALE_RADIUS, r_1) + tuple(core)
            return (
                kaplinghat.convergence_radial_kaplinghat_from(radius, *args, jnp)
                + kaplinghat.deflection_radial_kaplinghat_from(radius, *args, jnp)
            )

        return jax.grad(both, argnums=(0, 1))(radius, r_1)

    for radius in (0.0, 1e-12, 0.1, 0.39, 0.4, 1.3, 1e3):
        for r_1 in (0.0, 1e-6, 0.4, 6.0):
            assert np.all(np.isfinite(grads(radius, r_1))), (radius, r_1)


def test__kaplinghat_mcr_ludlow_sph__jit_vmap_grad_through_the_mapping():
    points = jnp.asarray([[0.01, 0.02], [0.3, -0.1], [1.0, 2.0], [0.0, 0.0]])

    def deflections(mass_at_200, sigma_over_m, t_age):
        profile = ag.mp.KaplinghatCoredNFWMCRLudlowSph(
            mass_at_200=mass_at_200, sigma_over_m=sigma_over_m, t_age=t_age
        )
        return profile.deflections_yx_2d_from(ag.Grid2DIrregular(points), xp=jnp).array

    masses = np.array([3e8, 1e9, 5e9])
    batched = jax.jit(jax.vmap(deflections, in_axes=(0, None, None)))(masses, 30.0, 8.0)
    for mass, got in zip(masses, batched):
        expected = ag.mp.KaplinghatCoredNFWMCRLudlowSph(
            mass_at_200=mass, sigma_over_m=30.0, t_age=8.0
        ).deflections_yx_2d_from(ag.Grid2DIrregular(np.asarray(points))).array
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-300)

    x0 = np.array([3e8, 30.0, 8.0])
    total = jax.jit(lambda *a: jnp.sum(deflections(*a)))
    grad = jax.jit(jax.grad(total, argnums=(0, 1, 2)))(*x0)
    for i in range(3):
        step = np.zeros(3)
        step[i] = 1e-5 * x0[i]
        fd = (total(*(x0 + step)) - total(*(x0 - step))) / (2 * step[i])
        assert float(grad[i]) == pytest.approx(float(fd), rel=1e-6)
