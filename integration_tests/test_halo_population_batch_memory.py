"""
Under ``jax.vmap`` a HaloPopulation's loop shrinks its chunk with the batch, so XLA's temporary memory of a
batch stays that of one evaluation (it grew ~linearly with the batch: 8x for 8 images), with values equal
to each member's alone to rounding, nested ``vmap`` and ``vmap`` of ``grad`` included.

The memory is read from XLA's buffer assignment (``compiled.memory_analysis().temp_size_in_bytes``),
not from timing or the process RSS.
"""
import numpy as np
import pytest

import autogalaxy as ag
import jax
import jax.numpy as jnp

from autogalaxy.profiles.mass.dark import halo_population

CHUNK = 16
RAYS = jnp.asarray(np.random.default_rng(1).uniform(-2.0, 2.0, (10_000, 2)))


def _population(n_live, seed):
    """tNFW members (capacity 64, chunks of 16) plus a cored-NFW group, whose series kernel has the
    largest temporaries per member-ray."""
    rng = np.random.default_rng(seed)
    scale_radius = rng.uniform(0.05, 0.5, n_live)
    tnfw = ag.mp.HaloPopulation.from_arrays(
        ag.mp.NFWTruncatedSph,
        centre=rng.uniform(-1.0, 1.0, (n_live, 2)),
        capacity=64,
        chunk_size=CHUNK,
        kappa_s=rng.uniform(0.01, 0.2, n_live),
        scale_radius=scale_radius,
        truncation_radius=rng.uniform(5.0, 20.0, n_live) * scale_radius,
    )
    cnfw = ag.mp.HaloPopulation.from_arrays(
        ag.mp.cNFWSph,
        centre=rng.uniform(-1.0, 1.0, (3, 2)),
        capacity=8,
        chunk_size=CHUNK,
        kappa_s=rng.uniform(0.01, 0.2, 3),
        scale_radius=rng.uniform(0.05, 0.5, 3),
        core_radius=rng.uniform(0.01, 0.05, 3),
    )
    return tnfw + cnfw


def _batch(size, offset=0):
    populations = [_population(5 + (7 * i) % 60, seed=offset + i) for i in range(size)]
    return populations, jax.tree_util.tree_map(lambda *a: jnp.stack(a), *populations)


def _deflections(population, points):
    return population.deflections_yx_2d_from(grid=points, xp=jnp)


def _batched():
    return jax.jit(jax.vmap(_deflections, in_axes=(0, None)))


def _temp_bytes(function, *args):
    return function.lower(*args).compile().memory_analysis().temp_size_in_bytes


def test__vmap__temporary_memory_does_not_grow_with_the_batch():
    one = _temp_bytes(_batched(), _batch(1)[1], RAYS)
    # One (rays, 2) array of the dtype: a batch member's own sums and output.
    per_ray_pair = RAYS.shape[0] * 2 * RAYS.dtype.itemsize
    # 8 <= the chunk: 2 slots of each of 8 members per step; 40 > the chunk: sub-batches of 14.
    for size in (8, 40):
        batch = _temp_bytes(_batched(), _batch(size)[1], RAYS)
        # Before: 8.0x for 8, 40x for 40 (the chunk's temporaries, each >= CHUNK x rays, once per batch
        # member). Now each further batch member adds at most a few (rays, 2) arrays (its own sums).
        assert batch - one <= 4 * (size - 1) * per_ray_pair, (size, batch / one)
        assert batch < 2.0 * one, (size, batch / one)


@pytest.mark.parametrize("size", [3, 8, 40])
def test__vmap__each_batch_member_equals_its_evaluation_alone(size):
    populations, stacked = _batch(size)
    batched = np.asarray(_batched()(stacked, RAYS))
    single = jax.jit(_deflections)
    scale = np.max(np.abs(batched))
    for index in sorted({0, size // 2, size - 1}):
        # The same members, summed in chunks of another size: equal to rounding.
        np.testing.assert_allclose(
            batched[index], np.asarray(single(populations[index], RAYS)), rtol=1e-13,
            atol=1e-15 * scale,
        )


def test__vmap__new_live_counts_do_not_recompile():
    f = _batched()
    f(_batch(8)[1], RAYS)
    f(_batch(8, offset=100)[1], RAYS)
    assert f._cache_size() == 1


def test__nested_vmap__values_and_memory_of_one_evaluation():
    populations, stacked = _batch(6)
    nested = jax.tree_util.tree_map(lambda a: a.reshape((2, 3) + a.shape[1:]), stacked)
    f = jax.jit(jax.vmap(jax.vmap(_deflections, in_axes=(0, None)), in_axes=(0, None)))
    out = np.asarray(f(nested, RAYS))
    single = jax.jit(_deflections)
    for index in (0, 4):
        np.testing.assert_allclose(
            out[index // 3, index % 3], np.asarray(single(populations[index], RAYS)), rtol=1e-13,
            atol=1e-15 * np.max(np.abs(out)),
        )
    assert _temp_bytes(f, nested, RAYS) < 1.25 * _temp_bytes(_batched(), _batch(1)[1], RAYS)


def test__vmap_of_grad__equals_each_gradient_alone():
    populations, stacked = _batch(4)

    def loss(kappa_s, population):
        group = population.groups[0]
        group = halo_population.HaloGroup(
            kind=group.kind, static=group.static, centre=group.centre,
            parameters=(kappa_s,) + tuple(group.parameters[1:]), mask=group.mask,
        )
        population = halo_population.HaloPopulation(
            groups=(group,) + tuple(population.groups[1:]), chunk_size=CHUNK
        )
        return jnp.sum(_deflections(population, RAYS[:500]) ** 2)

    grads = jax.jit(jax.vmap(jax.grad(loss)))(stacked.groups[0].parameters[0], stacked)
    for index in (0, 3):
        alone = jax.grad(loss)(populations[index].groups[0].parameters[0], populations[index])
        assert np.all(np.isfinite(np.asarray(grads[index])))
        np.testing.assert_allclose(np.asarray(grads[index]), np.asarray(alone), rtol=1e-12)
