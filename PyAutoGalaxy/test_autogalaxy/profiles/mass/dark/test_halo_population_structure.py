"""
The shape of `HaloPopulation`'s JAX evaluation, read from the compiled program: under ``jax.vmap`` the
number of sequential loop trips does not grow with the batch (the batch lives inside each step), the
kernels per batch barely change, each batch member equals its evaluation alone (nested ``vmap`` and
``vmap`` of ``grad`` included), and the gradient's temporary memory does not grow with the capacity.

Trips and kernels are counted from the compiled HLO: every ``while`` loop's known trip count times what
its body runs, a ``conditional`` counted with its larger branch (every chunk live: an upper bound), and
every instruction that is not structural (parameter, constant, tuple, bitcast, ...) counted as one kernel.
Memory is XLA's buffer assignment (``compiled.memory_analysis().temp_size_in_bytes``).
"""
import re

import autogalaxy as ag
import numpy as np
import pytest

jax = pytest.importorskip("jax")
jnp = jax.numpy

from autogalaxy.profiles.mass.dark import halo_population

CHUNK = 16
BLOCK = 256
RAYS = np.random.default_rng(1).uniform(-2.0, 2.0, (1_000, 2))

_COMPUTATION = re.compile(r"^(?:ENTRY )?%([\w.\-]+) .*\{$")
_INSTRUCTION = re.compile(r"^\s*(?:ROOT )?%[\w.\-]+ = .*? ([a-z][a-z\-]*)\(")
_STRUCTURAL = {
    "parameter", "constant", "get-tuple-element", "tuple", "bitcast", "while", "conditional",
    "call", "after-all", "opt-barrier",
}


def _trips_and_kernels(hlo_text):
    """(sequential loop trips, kernels) of a compiled HLO module (see the module docstring)."""
    computations, entry, name = {}, None, None
    for line in hlo_text.splitlines():
        match = _COMPUTATION.match(line)
        if match:
            name = match.group(1)
            computations[name] = []
            entry = name if line.startswith("ENTRY") else entry
        elif name and line.strip() == "}":
            name = None
        elif name:
            computations[name].append(line)

    def visit(name):
        trips = kernels = 0
        for line in computations[name]:
            match = _INSTRUCTION.match(line)
            if not match:
                continue
            op = match.group(1)
            if op == "while":
                n = int(re.search(r'"known_trip_count":\{"n":"(\d+)"', line).group(1))
                body = visit(re.search(r"body=%([\w.\-]+)", line).group(1))
                condition = visit(re.search(r"condition=%([\w.\-]+)", line).group(1))
                trips += n * (1 + body[0] + condition[0])
                kernels += n * (body[1] + condition[1])
            elif op == "conditional":
                branches = re.search(r"branch_computations=\{([^}]*)\}", line).group(1)
                counts = [visit(b.strip().lstrip("%")) for b in branches.split(",")]
                trips += max(c[0] for c in counts)
                kernels += 1 + max(c[1] for c in counts)
            elif op not in _STRUCTURAL:
                kernels += 1
        return trips, kernels

    return visit(entry)


def _population(n_live, seed, capacity=64, backend="gpu"):
    """tNFW members (chunks of 16) plus a cored-NFW group."""
    rng = np.random.default_rng(seed)
    scale_radius = rng.uniform(0.05, 0.5, capacity)
    tnfw = ag.mp.HaloPopulation.from_arrays(
        ag.mp.NFWTruncatedSph,
        centre=rng.uniform(-1.0, 1.0, (capacity, 2)),
        capacity=capacity,
        n_live=n_live,
        chunk_size=CHUNK,
        ray_block=BLOCK,
        backend=backend,
        kappa_s=rng.uniform(0.01, 0.2, capacity),
        scale_radius=scale_radius,
        truncation_radius=rng.uniform(5.0, 20.0, capacity) * scale_radius,
    )
    cnfw = ag.mp.HaloPopulation.from_arrays(
        ag.mp.cNFWSph,
        centre=rng.uniform(-1.0, 1.0, (3, 2)),
        capacity=8,
        chunk_size=CHUNK,
        ray_block=BLOCK,
        backend=backend,
        kappa_s=rng.uniform(0.01, 0.2, 3),
        scale_radius=rng.uniform(0.05, 0.5, 3),
        core_radius=rng.uniform(0.01, 0.05, 3),
    )
    return tnfw + cnfw


def _batch(size, offset=0, backend="gpu"):
    populations = [
        _population(5 + (7 * i) % 60, seed=offset + i, backend=backend) for i in range(size)
    ]
    return populations, jax.tree_util.tree_map(lambda *a: jnp.stack(a), *populations)


def _deflections(population, points):
    return population.deflections_yx_2d_from(grid=points, xp=jnp)


def _batched():
    return jax.jit(jax.vmap(_deflections, in_axes=(0, None)))


def test__vmap__loop_trips_do_not_grow_with_the_batch():
    rays = jnp.asarray(RAYS)
    counts = {
        size: _trips_and_kernels(_batched().lower(_batch(size)[1], rays).compile().as_text())
        for size in (1, 64)
    }
    # 4 ray blocks x (the block loop + 4 tNFW chunks), at any batch; the cNFW group's loop of one
    # chunk is inlined by XLA.
    assert counts[1][0] == counts[64][0] == 4 * (1 + 4)
    # The kernels per batch are those of one evaluation; XLA lays out a batch of one with a few fewer
    # copies inside the loops (500-odd kernels against 550-odd here), nothing that grows with it.
    assert counts[1][1] <= counts[64][1] <= 1.2 * counts[1][1]


def test__vmap__temporary_memory_grows_with_the_batch_not_the_capacity():
    rays = jnp.asarray(RAYS)

    def temp_bytes(size, capacity):
        populations = [_population(5, seed=i, capacity=capacity) for i in range(size)]
        stacked = jax.tree_util.tree_map(lambda *a: jnp.stack(a), *populations)
        compiled = _batched().lower(stacked, rays).compile()
        return compiled.memory_analysis().temp_size_in_bytes

    # A step's temporaries are (batch x chunk x ray block): ~8x for 8 batch members; 16x the slots
    # add only their stacked parameters.
    assert temp_bytes(8, 1024) < temp_bytes(8, 64) + 1024 * 8 * 8 * 8
    assert temp_bytes(8, 64) < 10 * temp_bytes(1, 64)


@pytest.mark.parametrize("backend", ["cpu", "gpu"])
@pytest.mark.parametrize("size", [3, 8, 40])
def test__vmap__each_batch_member_equals_its_evaluation_alone(size, backend):
    populations, stacked = _batch(size, backend=backend)
    rays = jnp.asarray(RAYS)
    batched = np.asarray(_batched()(stacked, rays))
    single = jax.jit(_deflections)
    scale = np.max(np.abs(batched))
    for index in sorted({0, size // 2, size - 1}):
        np.testing.assert_allclose(
            batched[index], np.asarray(single(populations[index], rays)), rtol=1e-13,
            atol=1e-15 * scale,
        )


def test__vmap__new_live_counts_do_not_recompile():
    f = _batched()
    rays = jnp.asarray(RAYS)
    f(_batch(8)[1], rays)
    f(_batch(8, offset=100)[1], rays)
    assert f._cache_size() == 1


def test__nested_vmap__equals_each_alone():
    populations, stacked = _batch(6)
    rays = jnp.asarray(RAYS)
    nested = jax.tree_util.tree_map(lambda a: a.reshape((2, 3) + a.shape[1:]), stacked)
    f = jax.jit(jax.vmap(jax.vmap(_deflections, in_axes=(0, None)), in_axes=(0, None)))
    out = np.asarray(f(nested, rays))
    single = jax.jit(_deflections)
    for index in (0, 4):
        np.testing.assert_allclose(
            out[index // 3, index % 3], np.asarray(single(populations[index], rays)), rtol=1e-13,
            atol=1e-15 * np.max(np.abs(out)),
        )
    # The inner and the outer batch both stay inside the steps.
    trips = _trips_and_kernels(f.lower(nested, rays).compile().as_text())[0]
    assert trips == 4 * (1 + 4)


def _loss(kappa_s, population, rays):
    group = population.groups[0]
    group = halo_population.HaloGroup(
        kind=group.kind, static=group.static, centre=group.centre,
        parameters=(kappa_s,) + tuple(group.parameters[1:]), mask=group.mask,
    )
    population = halo_population.HaloPopulation(
        groups=(group,) + tuple(population.groups[1:]), chunk_size=CHUNK, ray_block=BLOCK,
        backend=population.backend,
    )
    return jnp.sum(_deflections(population, rays) ** 2)


def test__vmap_of_grad__equals_each_gradient_alone():
    populations, stacked = _batch(4)
    rays = jnp.asarray(RAYS[:500])
    grads = jax.jit(jax.vmap(jax.grad(_loss), in_axes=(0, 0, None)))(
        stacked.groups[0].parameters[0], stacked, rays
    )
    for index in (0, 3):
        alone = jax.grad(_loss)(populations[index].groups[0].parameters[0], populations[index], rays)
        assert np.all(np.isfinite(np.asarray(grads[index])))
        np.testing.assert_allclose(np.asarray(grads[index]), np.asarray(alone), rtol=1e-12)


@pytest.mark.parametrize("backend", ["cpu", "gpu"])
def test__grad__temporary_memory_does_not_grow_with_the_capacity(backend):
    rays = jnp.asarray(RAYS)

    def temp_bytes(capacity):
        population = _population(20, seed=3, capacity=capacity, backend=backend)
        grad = jax.jit(jax.grad(_loss))
        compiled = grad.lower(population.groups[0].parameters[0], population, rays).compile()
        return compiled.memory_analysis().temp_size_in_bytes

    # Each chunk is rematerialised in reverse mode: 16x the slots (4 -> 64 chunks of 16) add their
    # own parameters and cotangents (tens of bytes a slot), not (chunk x ray block) residuals per chunk
    # (~32 kB a chunk each, several per chunk before).
    small, large = temp_bytes(64), temp_bytes(1024)
    assert large - small < 64 * (1024 - 64)


def _recorder(probe):
    """A function of (population, rays) that records ``probe(rays, groups)`` each time it is traced."""
    seen = []

    def record(population, points):
        seen.append(probe(points, population.groups))
        return jnp.sum(points)

    return record, seen


def test__batch_size_of__product_of_the_enclosing_vmaps():
    population = _population(5, seed=0)
    rays = jnp.asarray(RAYS[:10])
    record, seen = _recorder(halo_population._batch_size_of)

    stacked = _batch(6)[1]
    nested = jax.tree_util.tree_map(lambda a: a.reshape((2, 3) + a.shape[1:]), stacked)
    jax.jit(record)(population, rays)
    jax.jit(jax.vmap(record, in_axes=(0, None)))(stacked, rays)
    jax.jit(jax.vmap(jax.vmap(record, in_axes=(0, None)), in_axes=(0, None)))(nested, rays)
    jax.jit(jax.vmap(record, in_axes=(None, 0)))(population, jnp.stack([rays] * 4))
    # A vmap of an already jitted function: traced before it is batched.
    jax.vmap(jax.jit(lambda p, r: record(p, r)), in_axes=(0, None))(stacked, rays)

    assert seen == [1, 6, 6, 4, 1]


def test__cpu_policy__the_batch_shares_the_ray_block():
    # Under the CPU policy a step holds ``ray_block`` rays of the whole batch: alone, 1,000 rays in
    # blocks of 256 are 4 blocks; in a batch of 4 (flat or nested 2 x 2), each member takes 64 rays per
    # step, 16 blocks. Each block runs the 4 tNFW chunks.
    rays = jnp.asarray(RAYS)
    populations, stacked = _batch(4, backend="cpu")
    nested = jax.tree_util.tree_map(lambda a: a.reshape((2, 2) + a.shape[1:]), stacked)

    alone = jax.jit(_deflections).lower(populations[0], rays).compile()
    flat = _batched().lower(stacked, rays).compile()
    twice = jax.jit(jax.vmap(jax.vmap(_deflections, in_axes=(0, None)), in_axes=(0, None)))
    twice = twice.lower(nested, rays).compile()

    assert _trips_and_kernels(alone.as_text())[0] == 4 * (1 + 4)
    assert _trips_and_kernels(flat.as_text())[0] == 16 * (1 + 4)
    assert _trips_and_kernels(twice.as_text())[0] == 16 * (1 + 4)


def test__is_differentiated__only_where_a_tangent_reaches_the_evaluation():
    population = _population(5, seed=0)
    rays = jnp.asarray(RAYS[:10])
    record, seen = _recorder(halo_population._is_differentiated)

    jax.jit(record)(population, rays)
    jax.jit(jax.grad(lambda r: record(population, r)))(rays)
    jax.jit(jax.grad(lambda p: record(p, rays), allow_int=True))(population)
    jax.jit(lambda r: jax.jvp(lambda r: record(population, r), (r,), (r,))[1])(rays)
    # Differentiated with respect to something the evaluation does not depend on.
    jax.jit(jax.grad(lambda x: x * record(population, rays)))(1.0)

    assert seen == [False, True, True, True, False]


def test__cpu_policy__a_gradient_takes_the_gradient_ray_block():
    # Differentiated, the CPU policy's steps hold `gradient_ray_block` (512) rays, not `ray_block`
    # (4,096): the reverse pass keeps a step's intermediates, so its temporaries are several times
    # smaller than with 4,096-ray steps.
    rays = jnp.asarray(np.random.default_rng(2).uniform(-2.0, 2.0, (8_192, 2)))

    def temp_bytes(ray_block):
        population = _population(20, seed=3, backend="cpu")
        groups = [
            halo_population.HaloGroup(
                kind=g.kind, static=g.static, centre=g.centre, parameters=g.parameters, mask=g.mask
            )
            for g in population.groups
        ]
        population = halo_population.HaloPopulation(
            groups=groups, chunk_size=CHUNK, ray_block=ray_block, backend="cpu"
        )

        def loss(points):
            return jnp.sum(_deflections(population, points) ** 2)

        return jax.jit(jax.grad(loss)).lower(rays).compile().memory_analysis().temp_size_in_bytes

    assert halo_population.BACKEND_DEFAULTS["cpu"]["gradient_ray_block"] == 512
    assert temp_bytes(None) < 0.5 * temp_bytes(4096)
