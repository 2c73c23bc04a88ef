"""
HaloPopulation's JAX loop skips the member chunks without a live slot (a ``lax.scan`` over the chunks, each
under a ``lax.cond``): values identical to a tight capacity, under jit, vmap and grad (forward and reverse
mode), for both backend policies, and no recompiles for a new live count.
"""
import autogalaxy as ag
import numpy as np
import pytest

jax = pytest.importorskip("jax")
jnp = jax.numpy

from autogalaxy.profiles.mass.dark import halo_population


def _population(n_live, capacity, seed=0, backend=None):
    rng = np.random.default_rng(seed)
    scale_radius = rng.uniform(0.05, 0.5, n_live)
    return ag.mp.HaloPopulation.from_arrays(
        ag.mp.NFWTruncatedSph,
        centre=rng.uniform(-1.0, 1.0, (n_live, 2)),
        capacity=capacity,
        chunk_size=8,
        backend=backend,
        kappa_s=rng.uniform(0.01, 0.2, n_live),
        scale_radius=scale_radius,
        truncation_radius=rng.uniform(5.0, 20.0, n_live) * scale_radius,
    )


GRID = np.random.default_rng(9).uniform(-1.5, 1.5, (300, 2))


def _deflections(population):
    return population.deflections_yx_2d_from(grid=jnp.asarray(GRID), xp=jnp)


@pytest.mark.parametrize("backend", ["cpu", "gpu"])
@pytest.mark.parametrize("n_live", [0, 1, 8, 9, 21, 40])
def test__jit__padded_chunks_skipped_with_values_identical_to_a_tight_capacity(n_live, backend):
    # Capacity 40 holds 5 chunks of 8; 1000 holds 125, of which at most 5 are live.
    tight = jax.jit(_deflections)(_population(n_live, 40, backend=backend))
    padded = jax.jit(_deflections)(_population(n_live, 1000, backend=backend))
    np.testing.assert_array_equal(np.asarray(padded), np.asarray(tight))


def test__vmap__batch_of_live_counts_equals_each_alone_and_one_compile():
    populations = [_population(n, 64, seed=n) for n in (3, 17, 50)]
    stacked = jax.tree_util.tree_map(lambda *a: jnp.stack(a), *populations)
    batched = jax.jit(jax.vmap(_deflections))(stacked)
    single = jax.jit(lambda population: _deflections(population))
    # Under vmap a chunk is evaluated while any batch member has a live slot in it; the members
    # without one add exact zeros (masked), so each equals its evaluation alone to rounding.
    for index, population in enumerate(populations):
        np.testing.assert_allclose(
            np.asarray(batched[index]), np.asarray(single(population)), rtol=1e-14, atol=1e-15
        )
    assert single._cache_size() == 1


def test__grad__through_the_live_chunks_equals_finite_differences_and_the_padded_capacity():
    def loss(kappa_s, capacity):
        population = _population(21, capacity)
        group = population.groups[0]
        parameters = (jnp.asarray(group.parameters[0]).at[:21].set(kappa_s),) + group.parameters[1:]
        group = halo_population.HaloGroup(
            kind=group.kind, static=group.static, centre=group.centre, parameters=parameters,
            mask=group.mask,
        )
        population = halo_population.HaloPopulation(groups=[group], chunk_size=8)
        return jnp.sum(_deflections(population) ** 2)

    kappa_s = jnp.asarray(np.asarray(_population(21, 40).groups[0].parameters[0])[:21])
    grad_tight = jax.jit(jax.grad(lambda k: loss(k, 40)))(kappa_s)
    grad_padded = jax.jit(jax.grad(lambda k: loss(k, 1000)))(kappa_s)
    assert np.all(np.isfinite(np.asarray(grad_padded)))
    np.testing.assert_allclose(np.asarray(grad_padded), np.asarray(grad_tight), rtol=1e-13)
    step = 1e-6
    for index in (0, 10, 20):
        bump = jnp.zeros(21).at[index].set(step)
        fd = (loss(kappa_s + bump, 1000) - loss(kappa_s - bump, 1000)) / (2 * step)
        assert float(grad_padded[index]) == pytest.approx(float(fd), rel=1e-6)
    # Forward mode agrees.
    tangent = jnp.zeros(21).at[4].set(1.0)
    _, jvp = jax.jvp(lambda k: loss(k, 1000), (kappa_s,), (tangent,))
    assert float(jvp) == pytest.approx(float(grad_padded[4]), rel=1e-12)
