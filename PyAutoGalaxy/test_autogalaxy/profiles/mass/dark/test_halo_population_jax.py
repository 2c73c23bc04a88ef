"""JAX behaviour of `HaloPopulation` (skipped where JAX is not installed)."""

import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.profiles.mass.dark.halo_population import BACKEND_DEFAULTS, HaloPopulation

jax = pytest.importorskip("jax")
jnp = jax.numpy


def _arrays(capacity):
    rng = np.random.default_rng(5)
    return dict(
        centre=rng.uniform(-1.5, 1.5, (capacity, 2)),
        kappa_s=rng.uniform(0.05, 0.2, capacity),
        scale_radius=rng.uniform(0.1, 0.5, capacity),
        truncation_radius=rng.uniform(1.0, 4.0, capacity),
    )


def test__from_arrays__traced_n_live_does_not_recompile_and_equals_numpy():
    arrays = _arrays(capacity=40)
    points = jnp.asarray(ag.Grid2D.uniform(shape_native=(8, 8), pixel_scales=0.4).array)
    traces = []

    @jax.jit
    def deflections(n_live, arrays):
        traces.append(1)
        pop = HaloPopulation.from_arrays(
            ag.mp.NFWTruncatedSph, capacity=40, n_live=n_live, chunk_size=8, **arrays
        )
        return pop.deflections_yx_2d_from(grid=ag.Grid2DIrregular(points), xp=jnp).array

    for n in (0, 3, 17, 40):
        got = deflections(jnp.asarray(n), arrays)
        expected = HaloPopulation.from_arrays(
            ag.mp.NFWTruncatedSph, capacity=40, n_live=n, **arrays
        ).deflections_yx_2d_from(grid=ag.Grid2DIrregular(np.asarray(points))).array
        np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-10, atol=1e-15)
    assert len(traces) == 1


def test__from_arrays__traced_n_live_gradients_finite_with_garbage_in_dead_slots():
    arrays = _arrays(capacity=12)
    arrays["kappa_s"][7:] = np.nan
    arrays["truncation_radius"][7:] = 0.0
    points = jnp.asarray(ag.Grid2D.uniform(shape_native=(6, 6), pixel_scales=0.5).array)

    def loss(kappa_s, n_live):
        pop = HaloPopulation.from_arrays(
            ag.mp.NFWTruncatedSph,
            capacity=12,
            n_live=n_live,
            chunk_size=4,
            **{**arrays, "kappa_s": kappa_s},
        )
        return jnp.sum(pop.deflections_yx_2d_from(grid=ag.Grid2DIrregular(points), xp=jnp).array ** 2)

    grad = jax.jit(jax.grad(loss))(jnp.asarray(arrays["kappa_s"]), jnp.asarray(7))

    assert np.isfinite(np.asarray(grad)).all()
    assert np.all(np.asarray(grad)[7:] == 0.0)
    assert np.all(np.asarray(grad)[:7] != 0.0)


def test__policy__none_follows_the_default_backend_and_gpu_is_forced_on_any_device():
    arrays = _arrays(capacity=4)
    default = HaloPopulation.from_arrays(ag.mp.NFWTruncatedSph, capacity=4, **arrays)
    forced = HaloPopulation.from_arrays(
        ag.mp.NFWTruncatedSph, capacity=4, backend="gpu", chunk_size=2, **arrays
    )
    expected = "cpu" if jax.default_backend() == "cpu" else "gpu"

    assert default.policy() == dict(BACKEND_DEFAULTS[expected], backend=expected)
    assert forced.policy()["backend"] == "gpu" and forced.policy()["chunk_size"] == 2


def test__tree_flatten__carries_chunk_size_ray_block_and_backend():
    arrays = _arrays(capacity=4)
    pop = HaloPopulation.from_arrays(
        ag.mp.NFWTruncatedSph, capacity=4, chunk_size=3, ray_block=100, backend="gpu", **arrays
    )
    leaves, treedef = jax.tree_util.tree_flatten(pop)

    rebuilt = jax.tree_util.tree_unflatten(treedef, leaves)

    assert (rebuilt.chunk_size, rebuilt.ray_block, rebuilt.backend) == (3, 100, "gpu")


@pytest.mark.parametrize("backend", ["cpu", "gpu"])
@pytest.mark.parametrize("offset", [0.0, 100.0, 1000.0])
def test__deflections_yx_2d_from__float32_error_does_not_grow_far_from_the_origin(offset, backend):
    # Members and rays around (offset, offset) arc-seconds, every input exactly representable in
    # float32; the reference is the float64 NumPy path on the same inputs. The chunk sums were
    # p sum s - sum s c, whose float32 rounding grew with |p|: 6.4e-4 of the maximum at 1,000".
    rng = np.random.default_rng(3)
    n = 40

    def f32(values):
        return np.asarray(values, dtype=np.float32).astype(np.float64)

    scale_radius = f32(rng.uniform(0.05, 0.5, n))
    arrays = dict(
        centre=f32(rng.uniform(-1.5, 1.5, (n, 2)) + offset),
        kappa_s=f32(rng.uniform(0.01, 0.2, n)),
        scale_radius=scale_radius,
        truncation_radius=f32(10.0 * scale_radius),
    )
    rays = f32(rng.uniform(-2.0, 2.0, (500, 2)) + offset)
    expected = HaloPopulation.from_arrays(
        ag.mp.NFWTruncatedSph, capacity=48, **arrays
    ).deflections_yx_2d_from(grid=ag.Grid2DIrregular(rays)).array

    with jax.enable_x64(False):
        pop = HaloPopulation.from_arrays(
            ag.mp.NFWTruncatedSph,
            capacity=48,
            backend=backend,
            **{name: jnp.asarray(value, dtype=jnp.float32) for name, value in arrays.items()},
        )
        got = jax.jit(lambda p, r: p.deflections_yx_2d_from(grid=r, xp=jnp))(
            pop, jnp.asarray(rays, dtype=jnp.float32)
        )
        assert got.dtype == jnp.float32

    error = np.max(np.abs(np.asarray(got, dtype=np.float64) - expected)) / np.max(np.abs(expected))
    assert error < 2e-6


@pytest.mark.parametrize("backend", ["cpu", "gpu"])
def test__deflections_and_convergence__capacity_zero_group_adds_zeros(backend):
    # E.g. an empty line-of-sight plane laid out with capacity 0: zeros, as on the NumPy path (it
    # raised ZeroDivisionError under JAX).
    empty = HaloPopulation.from_arrays(
        ag.mp.NFWTruncatedSph, centre=np.zeros((0, 2)), capacity=0, backend=backend,
        kappa_s=np.zeros(0), scale_radius=np.zeros(0), truncation_radius=np.zeros(0),
    )
    arrays = _arrays(capacity=4)
    live = HaloPopulation.from_arrays(ag.mp.NFWTruncatedSph, capacity=4, backend=backend, **arrays)
    points = jnp.asarray(ag.Grid2D.uniform(shape_native=(5, 5), pixel_scales=0.5).array)

    deflections = jax.jit(lambda p: p.deflections_yx_2d_from(grid=points, xp=jnp))
    convergence = jax.jit(
        lambda p: p.convergence_2d_from(grid=ag.Grid2DIrregular(values=points, xp=jnp), xp=jnp).array
    )

    np.testing.assert_array_equal(np.asarray(deflections(empty)), 0.0)
    np.testing.assert_array_equal(np.asarray(convergence(empty)), 0.0)
    np.testing.assert_array_equal(
        np.asarray(deflections(empty + live)), np.asarray(deflections(live))
    )
    np.testing.assert_array_equal(
        empty.deflections_yx_2d_from(grid=ag.Grid2DIrregular(np.asarray(points))).array, 0.0
    )


@pytest.mark.parametrize("backend", ["cpu", "gpu"])
def test__from_arrays__traced_bad_members_add_zero_and_do_not_poison_the_others(backend):
    # Member 2 has a NaN kappa_s, member 5 a truncation radius of zero, member 7 an infinite centre:
    # traced, they cannot raise; each is treated as a dead slot (zero in values and gradients), so
    # the image equals that of the other members alone, finite everywhere.
    arrays = _arrays(capacity=10)
    arrays["kappa_s"][2] = np.nan
    arrays["truncation_radius"][5] = 0.0
    arrays["centre"][7] = (np.inf, 0.0)
    good = np.setdiff1d(np.arange(10), [2, 5, 7])
    points = jnp.asarray(ag.Grid2D.uniform(shape_native=(6, 6), pixel_scales=0.5).array)

    def deflections(kappa_s, centre):
        pop = HaloPopulation.from_arrays(
            ag.mp.NFWTruncatedSph, capacity=12, chunk_size=4, backend=backend,
            **{**arrays, "kappa_s": kappa_s, "centre": centre},
        )
        return pop.deflections_yx_2d_from(grid=points, xp=jnp)

    got = jax.jit(deflections)(jnp.asarray(arrays["kappa_s"]), jnp.asarray(arrays["centre"]))
    expected = HaloPopulation.from_arrays(
        ag.mp.NFWTruncatedSph, capacity=12, **{k: v[good] for k, v in arrays.items()}
    ).deflections_yx_2d_from(grid=ag.Grid2DIrregular(np.asarray(points))).array
    grad = jax.jit(jax.grad(lambda k, c: jnp.sum(deflections(k, c) ** 2), argnums=(0, 1)))(
        jnp.asarray(arrays["kappa_s"]), jnp.asarray(arrays["centre"])
    )

    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-10, atol=1e-15)
    for leaf in grad:
        assert np.isfinite(np.asarray(leaf)).all()
    assert np.all(np.asarray(grad[0])[[2, 5, 7]] == 0.0)
    assert np.all(np.asarray(grad[0])[good] != 0.0)
