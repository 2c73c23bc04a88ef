"""
HaloPopulation's JAX loop evaluates only the chunks up to the last live slot (a while loop with a traced
trip count, differentiated through an equivalent scan): values identical to evaluating every slot, under
jit, vmap and grad, and no recompiles for a new live count.
"""
import numpy as np
import pytest

import autogalaxy as ag
import jax
import jax.numpy as jnp

from autogalaxy.profiles.mass.dark import halo_population


def _population(n_live, capacity, seed=0):
    rng = np.random.default_rng(seed)
    scale_radius = rng.uniform(0.05, 0.5, n_live)
    return ag.mp.HaloPopulation.from_arrays(
        ag.mp.NFWTruncatedSph,
        centre=rng.uniform(-1.0, 1.0, (n_live, 2)),
        capacity=capacity,
        chunk_size=8,
        kappa_s=rng.uniform(0.01, 0.2, n_live),
        scale_radius=scale_radius,
        truncation_radius=rng.uniform(5.0, 20.0, n_live) * scale_radius,
    )


GRID = np.random.default_rng(9).uniform(-1.5, 1.5, (300, 2))


def _deflections(population):
    return population.deflections_yx_2d_from(grid=jnp.asarray(GRID), xp=jnp)


@pytest.mark.parametrize("n_live", [0, 1, 8, 9, 21, 40])
def test__jit__padded_chunks_skipped_with_values_identical_to_a_tight_capacity(n_live):
    # Capacity 40 holds 5 chunks of 8; 1000 holds 125, of which at most 5 are live.
    tight = jax.jit(_deflections)(_population(n_live, 40))
    padded = jax.jit(_deflections)(_population(n_live, 1000))
    np.testing.assert_array_equal(np.asarray(padded), np.asarray(tight))


def test__live_chunk_count__up_to_the_last_live_slot():
    mask = np.zeros(40, dtype=bool)
    assert int(halo_population._live_chunk_count(jnp.asarray(mask), 8)) == 0
    mask[:9] = True
    assert int(halo_population._live_chunk_count(jnp.asarray(mask), 8)) == 2
    mask[30] = True  # a live slot after a dead one still counts
    assert int(halo_population._live_chunk_count(jnp.asarray(mask), 8)) == 4


def test__vmap__batch_of_live_counts_equals_each_alone_and_one_compile():
    populations = [_population(n, 64, seed=n) for n in (3, 17, 50)]
    stacked = jax.tree_util.tree_map(lambda *a: jnp.stack(a), *populations)
    batched = jax.jit(jax.vmap(_deflections))(stacked)
    single = jax.jit(lambda population: _deflections(population))
    # Under vmap the loop runs to the largest count (25 chunks of 8 // 3 = 2 slots for 50 live, not
    # 32), the smaller batch members' extra iterations selected away; the chunk shrinks with the batch
    # (memory of one evaluation), so the same members are summed in other groupings: equal to rounding.
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
    # Forward mode (the custom JVP itself) agrees.
    tangent = jnp.zeros(21).at[4].set(1.0)
    _, jvp = jax.jvp(lambda k: loss(k, 1000), (kappa_s,), (tangent,))
    assert float(jvp) == pytest.approx(float(grad_padded[4]), rel=1e-12)
