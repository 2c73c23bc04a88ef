import numpy as np
import pytest

import autolens as al
from autoarray import exc
from autolens.lens import substructure

jax = pytest.importorskip("jax")
jnp = jax.numpy

EXPOSURE_TIME = 200.0
SKY = 0.5


class _CountingIsothermal(al.mp.Isothermal):
    """An `Isothermal` that counts how often its deflections are evaluated (or traced)."""

    calls = []

    def deflections_yx_2d_from(self, grid, xp=np, **kwargs):
        _CountingIsothermal.calls.append(1)
        return super().deflections_yx_2d_from(grid=grid, xp=xp, **kwargs)


def _grid():
    return al.Grid2D.uniform(shape_native=(12, 12), pixel_scales=0.2, over_sample_size=2)


def _psf():
    return al.Convolver.from_gaussian(
        shape_native=(5, 5), pixel_scales=0.2, sigma=0.2, normalize=True
    )


def _tracer(einstein_radius=0.8, mass_cls=al.mp.Isothermal):
    lens = al.Galaxy(
        redshift=0.5, mass=mass_cls(centre=(0.0, 0.0), einstein_radius=einstein_radius)
    )
    source = al.Galaxy(
        redshift=1.0,
        light=al.lp.SersicCore(
            centre=(0.05, 0.0), intensity=1.0, effective_radius=0.3, sersic_index=1.5
        ),
    )
    return al.Tracer(galaxies=[lens, source])


def _simulator(use_jax, **kwargs):
    return al.SimulatorImaging(
        exposure_time=EXPOSURE_TIME,
        background_sky_level=SKY,
        psf=_psf(),
        use_jax=use_jax,
        **kwargs,
    )


def _noise_free_simulator(use_jax, **kwargs):
    return _simulator(
        use_jax,
        add_poisson_noise_to_data=False,
        include_poisson_noise_in_noise_map=False,
        **kwargs,
    )


def test__imaging_and_noise_free_from__noise_free_equals_noise_free_simulator__numpy():
    grid = _grid()

    dataset, noise_free = substructure.imaging_and_noise_free_from(
        simulator=_simulator(use_jax=False, noise_seed=3), tracer=_tracer(), grid=grid
    )
    expected = _noise_free_simulator(use_jax=False).via_tracer_from(
        tracer=_tracer(), grid=grid
    )

    assert noise_free.shape_native == (12, 12)
    np.testing.assert_array_equal(noise_free.native.array, expected.data.native.array)
    assert dataset.data.shape_native == (12, 12)
    # The noise-map is the simulator's: sqrt(counts) / exposure time of the noisy data plus sky.
    np.testing.assert_allclose(
        dataset.noise_map.native.array,
        np.sqrt((dataset.data.native.array + SKY) * EXPOSURE_TIME) / EXPOSURE_TIME,
        rtol=1e-12,
    )


def test__imaging_and_noise_free_from__without_sky_subtraction__sky_added_once():
    grid = _grid()
    simulator = _simulator(use_jax=False, noise_seed=3, subtract_background_sky=False)

    dataset, noise_free = substructure.imaging_and_noise_free_from(
        simulator=simulator, tracer=_tracer(), grid=grid
    )
    expected = _noise_free_simulator(use_jax=False, subtract_background_sky=False)

    np.testing.assert_array_equal(
        noise_free.native.array,
        expected.via_tracer_from(tracer=_tracer(), grid=grid).data.native.array,
    )
    # Poisson noise around the image plus one sky, not two: the mean residual is ~0 (sigma ~0.004).
    assert abs(float(np.mean(dataset.data.native.array - noise_free.native.array))) < 0.03


def test__imaging_and_noise_free_from__noise_is_poisson_about_noise_free__jax():
    grid = _grid()
    simulator = _simulator(use_jax=True)
    tracer = _tracer()

    def simulate(key):
        dataset, noise_free = substructure.imaging_and_noise_free_from(
            simulator=simulator, tracer=tracer, grid=grid, key=key
        )
        return dataset.data.native.array, noise_free.native.array

    data, noise_free = jax.jit(jax.vmap(simulate))(jax.random.split(jax.random.key(7), 400))
    data, noise_free = np.asarray(data), np.asarray(noise_free)

    np.testing.assert_array_equal(noise_free, np.broadcast_to(noise_free[0], noise_free.shape))
    expected = _noise_free_simulator(use_jax=False).via_tracer_from(tracer=tracer, grid=grid)
    np.testing.assert_allclose(noise_free[0], expected.data.native.array, rtol=1e-12, atol=1e-14)
    # Counts are Poisson about (noise-free + sky) * t: standardised residuals of 400 draws x 144 pixels
    # have mean 0 and variance 1. Standard errors: mean 1/sqrt(57,600) = 0.004, variance ~0.006; the
    # bounds are > 6 of them (false-alarm rate < 1e-8).
    counts = (noise_free[0] + SKY) * EXPOSURE_TIME
    z = ((data - noise_free) * EXPOSURE_TIME) / np.sqrt(counts)
    assert abs(z.mean()) < 0.03
    assert abs(z.var() - 1.0) < 0.05
    assert not np.array_equal(data[0], data[1])


def test__imaging_and_noise_free_from__traces_the_mass_once_under_jit():
    grid = _grid()
    simulator = _simulator(use_jax=True)

    def one_trace(einstein_radius, key):
        tracer = _tracer(einstein_radius, mass_cls=_CountingIsothermal)
        dataset, noise_free = substructure.imaging_and_noise_free_from(
            simulator=simulator, tracer=tracer, grid=grid, key=key
        )
        return dataset.data.native.array, noise_free.native.array

    def two_simulators(einstein_radius, key):
        tracer = _tracer(einstein_radius, mass_cls=_CountingIsothermal)
        noisy = simulator.via_tracer_from(tracer=tracer, grid=grid, key=key)
        noise_free = _noise_free_simulator(use_jax=True).via_tracer_from(tracer=tracer, grid=grid)
        return noisy.data.native.array, noise_free.data.native.array

    _CountingIsothermal.calls.clear()
    jax.jit(one_trace).lower(0.8, jax.random.key(0))
    assert len(_CountingIsothermal.calls) == 1

    _CountingIsothermal.calls.clear()
    jax.jit(two_simulators).lower(0.8, jax.random.key(0))
    assert len(_CountingIsothermal.calls) == 2  # what the function above avoids


def test__imaging_and_noise_free_from__keyless_noise_under_jit__raises():
    grid = _grid()
    simulator = _simulator(use_jax=True)

    def simulate(einstein_radius):
        return substructure.imaging_and_noise_free_from(
            simulator=simulator, tracer=_tracer(einstein_radius), grid=grid
        )[0].data.native.array

    with pytest.raises(exc.DatasetException, match="key"):
        jax.jit(simulate)(0.8)


def test__stacked_from__stacks_draws_of_one_layout():
    draws = [
        al.mp.HaloPopulation.from_arrays(
            al.mp.NFWTruncatedSph,
            centre=np.full((n, 2), 0.1 * n),
            capacity=8,
            kappa_s=np.full(n, 0.1),
            scale_radius=np.full(n, 0.2),
            truncation_radius=np.full(n, 2.0),
        )
        for n in (2, 5, 3)
    ]

    stacked = substructure.stacked_from([{"halos": d, "x": np.ones(2)} for d in draws])

    leaves = jax.tree_util.tree_leaves(stacked)
    assert all(leaf.shape[0] == 3 for leaf in leaves)
    assert jax.tree_util.tree_structure(stacked["halos"]) == jax.tree_util.tree_structure(draws[0])
    assert stacked["x"].shape == (3, 2)


def test__stacked_from__different_capacities__raises_naming_the_draw():
    def population(capacity):
        return al.mp.HaloPopulation.from_arrays(
            al.mp.NFWTruncatedSph,
            centre=np.zeros((2, 2)),
            capacity=capacity,
            kappa_s=np.full(2, 0.1),
            scale_radius=np.full(2, 0.2),
            truncation_radius=np.full(2, 2.0),
        )

    with pytest.raises(ValueError, match="draw 2 has another layout"):
        substructure.stacked_from([population(8), population(8), population(16)])
    with pytest.raises(ValueError, match="no draws"):
        substructure.stacked_from([])
