"""
The user's hot loop, end to end: `SimulatorImaging(use_jax=True, key=...)` on an ordinary `Tracer` built from
theta and a host-drawn line of sight, under jax.jit and jax.vmap (workloads S and R).
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autolens as al
from integration_tests import workloads


def _noise_free(spec, **kwargs):
    return workloads.simulator_from(
        spec, add_poisson_noise_to_data=False, include_poisson_noise_in_noise_map=False, **kwargs
    )


@pytest.fixture(scope="module")
def s_setup():
    spec = workloads.spec_from("S")
    return dict(
        spec=spec,
        grid=workloads.grid_from(spec),
        collapsed=workloads.collapsed_population_from(spec),
        los=[workloads.los_population_galaxies_from(spec, seed=seed) for seed in (1, 2, 3)],
        theta=workloads.theta_from(spec, xp=jnp),
    )


def test__via_tracer_from__workload_s_jit_equals_numpy_per_galaxy_path(s_setup):
    spec, grid, collapsed = s_setup["spec"], s_setup["grid"], s_setup["collapsed"]
    simulator = _noise_free(spec, use_jax=True)
    simulate = jax.jit(
        lambda theta, los: simulator.via_tracer_from(
            tracer=workloads.tracer_from_theta(theta, los, collapsed), grid=grid
        ).data.native
    )

    image = np.asarray(simulate(s_setup["theta"], s_setup["los"][0]))

    # The release's NumPy path, one Galaxy per halo, same LOS seed.
    reference = _noise_free(spec).via_tracer_from(
        tracer=workloads.tracer_from(spec, los_seed=1), grid=grid
    ).data.native
    assert np.max(np.abs(image - reference)) / np.max(np.abs(reference)) < 1e-8


def test__via_tracer_from__new_los_draws_do_not_recompile_and_keys_set_the_noise(s_setup):
    spec, grid, collapsed = s_setup["spec"], s_setup["grid"], s_setup["collapsed"]
    simulator = workloads.simulator_from(spec, use_jax=True, key=jax.random.key(0))

    @jax.jit
    def simulate(theta, los, key):
        dataset = simulator.via_tracer_from(
            tracer=workloads.tracer_from_theta(theta, los, collapsed), grid=grid, key=key
        )
        return dataset.data.native.array, dataset.noise_map.native.array

    key = jax.random.key(7)
    images = [simulate(s_setup["theta"], los, key)[0] for los in s_setup["los"]]
    noise_map = simulate(s_setup["theta"], s_setup["los"][0], key)[1]
    again = simulate(s_setup["theta"], s_setup["los"][0], key)[0]
    other_key = simulate(s_setup["theta"], s_setup["los"][0], jax.random.key(8))[0]
    legacy_key = simulate(s_setup["theta"], s_setup["los"][0], jax.random.PRNGKey(7))[0]

    assert simulate._cache_size() <= 2  # one per key type (typed and legacy uint32 keys)
    assert [g.halos.n_live for g in s_setup["los"][0]] != [g.halos.n_live for g in s_setup["los"][1]]
    np.testing.assert_array_equal(np.asarray(again), np.asarray(images[0]))
    assert not np.array_equal(np.asarray(other_key), np.asarray(images[0]))
    assert isinstance(images[0], jax.Array) and isinstance(noise_map, jax.Array)
    assert images[0].shape == noise_map.shape == spec.shape_native
    assert legacy_key.shape == spec.shape_native


def test__vmap__batch_over_theta_los_and_keys(s_setup):
    spec, grid, collapsed = s_setup["spec"], s_setup["grid"], s_setup["collapsed"]
    simulator = workloads.simulator_from(spec, use_jax=True, key=jax.random.key(0))
    stacked = jax.tree_util.tree_map(lambda *leaves: jnp.stack(leaves), *s_setup["los"])
    thetas = jax.tree_util.tree_map(lambda x: jnp.stack([x, x, x]), s_setup["theta"])
    thetas["einstein_radius"] = jnp.array([1.1, 1.2, 1.3])
    keys = jax.random.split(jax.random.key(3), 3)

    def simulate(theta, los, key):
        return simulator.via_tracer_from(
            tracer=workloads.tracer_from_theta(theta, los, collapsed), grid=grid, key=key
        ).data.native

    batch = jax.jit(jax.vmap(simulate))(thetas, stacked, keys)

    assert batch.shape == (3,) + spec.shape_native
    # Each member equals the single jitted call with its own theta, LOS and key.
    one = jax.jit(simulate)
    for i in range(3):
        theta_i = jax.tree_util.tree_map(lambda x: x[i], thetas)
        np.testing.assert_allclose(
            np.asarray(batch[i]), np.asarray(one(theta_i, s_setup["los"][i], keys[i])), rtol=1e-10, atol=1e-12
        )


def test__grad__log_likelihood_wrt_theta_matches_finite_differences(s_setup):
    spec, grid, collapsed = s_setup["spec"], s_setup["grid"], s_setup["collapsed"]
    los = s_setup["los"][0]
    simulator = _noise_free(spec, use_jax=True)

    def image_of(theta):
        return simulator.via_tracer_from(
            tracer=workloads.tracer_from_theta(theta, los, collapsed), grid=grid
        ).data.native.array

    theta0 = s_setup["theta"]
    data = image_of(theta0) + 0.01 * jax.random.normal(jax.random.key(0), spec.shape_native)
    sigma = 0.01

    def log_likelihood(theta):
        return -0.5 * jnp.sum(((data - image_of(theta)) / sigma) ** 2)

    grads = jax.jit(jax.grad(log_likelihood))(theta0)
    f = jax.jit(log_likelihood)

    checks = [
        ("einstein_radius", None), ("slope", None), ("lens_ell_comps", 0), ("shear", 1),
        ("source_intensity", None), ("source_effective_radius", None), ("source_sersic_index", None),
        ("source_centre", 0), ("tnfw_log10_mass", 0), ("tnfw_centre", (1, 1)),
        ("cnfw_log10_mass", 0), ("cnfw_f_c", 0),
    ]
    for name, index in checks:
        value = theta0[name]
        step = 1e-5 * max(1.0, float(jnp.max(jnp.abs(value))))
        bump = lambda d: {**theta0, name: value + d if index is None else value.at[index].add(d)}
        fd = (f(bump(step)) - f(bump(-step))) / (2 * step)
        g = grads[name] if index is None else grads[name][index]
        assert np.isfinite(float(g)), name
        assert float(g) == pytest.approx(float(fd), rel=1e-4, abs=1e-6 * max(1.0, abs(float(fd)))), name


def test__via_tracer_from__workload_r_full_halo_configuration_jitted():
    # R's subhaloes and ~1,000 LOS haloes on its 10 planes, through the jitted vmapped path; the grid is
    # coarsened (50x50 at 0.1", no over-sampling) to keep CI time down. Checked against the NumPy
    # per-galaxy path on the same grid.
    spec = workloads.spec_from("R")
    grid = al.Grid2D.uniform(shape_native=(50, 50), pixel_scales=0.1, over_sample_size=1)
    collapsed = workloads.collapsed_population_from(spec)
    los = workloads.los_population_galaxies_from(spec, seed=4)
    simulator = workloads.simulator_from(
        "S", use_jax=True, add_poisson_noise_to_data=False, include_poisson_noise_in_noise_map=False
    )

    image = jax.jit(
        lambda theta, los: simulator.via_tracer_from(
            tracer=workloads.tracer_from_theta(theta, los, collapsed), grid=grid
        ).data.native
    )(workloads.theta_from(spec, xp=jnp), los)

    assert sum(g.halos.n_live for g in los) > 900
    reference_tracer = workloads.tracer_from(spec, los_seed=4)
    assert len(reference_tracer.planes) == spec.n_planes
    reference = workloads.simulator_from(
        "S", add_poisson_noise_to_data=False, include_poisson_noise_in_noise_map=False
    ).via_tracer_from(tracer=reference_tracer, grid=grid).data.native
    assert np.max(np.abs(np.asarray(image) - reference)) / np.max(np.abs(reference)) < 1e-8
