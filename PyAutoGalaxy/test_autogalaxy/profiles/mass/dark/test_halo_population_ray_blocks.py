"""
`HaloPopulation` on the JAX path takes the rays ``ray_block`` at a time: on more rays than one block
(not a multiple of it, so the last block is padded) its deflections and convergence equal the NumPy
path's and the sum of the members' own profiles, under `jax.jit` and `jax.vmap`, for both backend
policies, and `jax.grad` through the blocked rays equals central differences.
"""
import autogalaxy as ag
import numpy as np
import pytest

jax = pytest.importorskip("jax")
jnp = jax.numpy

BLOCK = 512


def _profiles():
    rng = np.random.default_rng(7)
    profiles = []
    for _ in range(40):
        rs = float(np.exp(rng.uniform(np.log(0.05), np.log(1.0))))
        profiles.append(
            ag.mp.NFWTruncatedSph(
                centre=tuple(rng.uniform(-2.0, 2.0, 2)),
                kappa_s=float(rng.uniform(0.01, 0.2)),
                scale_radius=rs,
                truncation_radius=rs * float(rng.uniform(5.0, 20.0)),
            )
        )
    return profiles


def _raw(values):
    return values.array if hasattr(values, "array") else values


def _rays(n):
    rng = np.random.default_rng(8)
    return rng.uniform(-3.0, 3.0, (n, 2))


@pytest.mark.parametrize("backend", ["cpu", "gpu"])
def test__deflections_and_convergence__rays_beyond_one_block__equal_numpy_and_the_members(backend):
    rays = _rays(2 * BLOCK + 123)
    profiles = _profiles()
    population = ag.mp.HaloPopulation.from_profiles(
        profiles, capacity=64, ray_block=BLOCK, backend=backend
    )
    grid = ag.Grid2DIrregular(rays)

    deflections = jax.jit(lambda pop, g: _raw(pop.deflections_yx_2d_from(g, xp=jnp)))(
        population, jnp.asarray(rays)
    )
    convergence = jax.jit(lambda pop, g: pop.convergence_2d_from(ag.Grid2DIrregular(values=g, xp=jnp), xp=jnp).array)(
        population, jnp.asarray(rays)
    )

    members = sum(np.asarray(p.deflections_yx_2d_from(grid=grid)) for p in profiles)
    members_kappa = sum(np.asarray(p.convergence_2d_from(grid=grid)) for p in profiles)
    numpy_path = np.asarray(population.deflections_yx_2d_from(grid=grid))

    assert deflections.shape == rays.shape
    np.testing.assert_allclose(np.asarray(deflections), members, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(np.asarray(deflections), numpy_path, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(np.asarray(convergence), members_kappa, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("backend", ["cpu", "gpu"])
def test__deflections__vmap_over_populations_and_rays_beyond_one_block(backend):
    rays = _rays(BLOCK + 1)
    profiles = _profiles()
    first = ag.mp.HaloPopulation.from_profiles(
        profiles[:25], capacity=64, ray_block=BLOCK, backend=backend
    )
    second = ag.mp.HaloPopulation.from_profiles(
        profiles[25:], capacity=64, ray_block=BLOCK, backend=backend
    )
    batch = jax.tree_util.tree_map(lambda a, b: jnp.stack([a, b]), first, second)
    shifted = np.stack([rays, rays[::-1]])

    deflections = jax.jit(
        jax.vmap(lambda pop, g: _raw(pop.deflections_yx_2d_from(g, xp=jnp)))
    )(batch, jnp.asarray(shifted))

    for i, population in enumerate((first, second)):
        expected = population.deflections_yx_2d_from(grid=ag.Grid2DIrregular(shifted[i]))
        np.testing.assert_allclose(
            np.asarray(deflections[i]), np.asarray(expected), rtol=1e-12, atol=1e-15
        )


def test__deflections__grad_through_blocked_rays_equals_central_differences():
    rays = jnp.asarray(_rays(BLOCK + 500))
    profiles = _profiles()[:8]
    centres = jnp.asarray([p.centre for p in profiles])

    def loss(shift):
        population = ag.mp.HaloPopulation.from_arrays(
            ag.mp.NFWTruncatedSph,
            centre=centres + shift,
            capacity=16,
            ray_block=BLOCK,
            kappa_s=jnp.asarray([p.kappa_s for p in profiles]),
            scale_radius=jnp.asarray([p.scale_radius for p in profiles]),
            truncation_radius=jnp.asarray([p.truncation_radius for p in profiles]),
        )
        return jnp.sum(_raw(population.deflections_yx_2d_from(rays, xp=jnp))[:, 0] ** 2)

    shift = jnp.asarray([0.013, -0.021])
    gradient = np.asarray(jax.jit(jax.grad(loss))(shift))
    step = 1e-6
    numerical = [
        (loss(shift.at[i].add(step)) - loss(shift.at[i].add(-step))) / (2 * step) for i in range(2)
    ]
    np.testing.assert_allclose(gradient, np.asarray(numerical), rtol=1e-6)
