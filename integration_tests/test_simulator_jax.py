"""
The imaging simulator under JAX: PRNG keys (PR A1, L5), noise statistics (A2), PSF convolution (A3) and
simulation inside ``jax.jit`` / ``jax.vmap`` (A1, A3, L5).
"""

import warnings

import jax

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp
import numpy as np
import pytest
import scipy.signal
import scipy.stats

import autoarray as aa
import autogalaxy as ag
import autolens as al
from autoarray import exc

PIXEL_SCALE = 0.1


def _psf_from(pixel_scales=PIXEL_SCALE, shape_native=(11, 11)):
    return aa.Convolver.from_gaussian(
        shape_native=shape_native, sigma=0.1, pixel_scales=pixel_scales, normalize=True
    )


def _simulator_from(**kwargs):
    settings = dict(
        exposure_time=1000.0,
        background_sky_level=0.1,
        psf=_psf_from(),
        add_poisson_noise_to_data=True,
        use_jax=True,
    )
    settings.update(kwargs)
    return aa.SimulatorImaging(**settings)


def _image_values_from(shape=(20, 20)):
    """A smooth positive image, brightest in the centre, in e/s."""
    y, x = np.indices(shape) - (np.array(shape)[:, None, None] - 1) / 2.0
    return 0.5 * np.exp(-(x**2 + y**2) / 20.0) + 0.01


def _simulate_from(simulator, values, key=None):
    image = aa.Array2D.no_mask(values=values, pixel_scales=PIXEL_SCALE)
    return simulator.via_image_from(image=image, key=key)


# --------------------------------------------------------------------------------------------------
# A1: PRNG keys
# --------------------------------------------------------------------------------------------------


def test__via_image_from__same_key__bitwise_identical_under_jit():
    simulator = _simulator_from()
    values = jnp.asarray(_image_values_from())
    simulate = jax.jit(lambda v, k: _simulate_from(simulator, v, key=k))

    first = simulate(values, jax.random.key(7))
    second = simulate(values, jax.random.key(7))
    other = simulate(values, jax.random.key(8))

    assert isinstance(first.data.array, jax.Array)
    assert isinstance(first.noise_map.array, jax.Array)
    assert np.array_equal(np.asarray(first.data.array), np.asarray(second.data.array))
    assert np.array_equal(
        np.asarray(first.noise_map.array), np.asarray(second.noise_map.array)
    )
    assert not np.array_equal(
        np.asarray(first.data.array), np.asarray(other.data.array)
    )


def test__via_image_from__typed_and_legacy_keys__same_stream():
    simulator = _simulator_from()
    values = jnp.asarray(_image_values_from())
    simulate = jax.jit(lambda v, k: _simulate_from(simulator, v, key=k).data.array)

    typed = np.asarray(simulate(values, jax.random.key(3)))
    legacy = np.asarray(simulate(values, jax.random.PRNGKey(3)))

    # jax.random.key(3) wraps the same threefry bits as the legacy uint32[2] PRNGKey(3), so both
    # kinds are accepted and draw the same noise.
    assert np.array_equal(typed, legacy)
    assert not np.array_equal(legacy, np.asarray(simulate(values, jax.random.PRNGKey(4))))


def test__via_image_from__call_key_overrides_init_key():
    values = _image_values_from()

    default = _simulator_from(key=jax.random.key(1))
    explicit = _simulator_from(key=jax.random.key(2))

    overridden = _simulate_from(default, values, key=jax.random.key(2))
    reference = _simulate_from(explicit, values)
    not_overridden = _simulate_from(default, values)

    assert np.array_equal(
        np.asarray(overridden.data.array), np.asarray(reference.data.array)
    )
    assert not np.array_equal(
        np.asarray(overridden.data.array), np.asarray(not_overridden.data.array)
    )


def test__via_image_from__vmap_over_split_keys__independent_and_equal_to_single_calls():
    simulator = _simulator_from()
    values = jnp.asarray(_image_values_from())
    keys = jax.random.split(jax.random.key(0), 4)

    simulate = lambda k: _simulate_from(simulator, values, key=k)  # noqa: E731
    batch = jax.jit(jax.vmap(simulate))(keys)

    data = np.asarray(batch.data.array)
    assert data.shape == (4, 400)
    assert np.asarray(batch.noise_map.array).shape == (4, 400)

    simulate_one = jax.jit(simulate)
    for i in range(4):
        for j in range(i):
            assert not np.array_equal(data[i], data[j])
        single = np.asarray(simulate_one(keys[i]).data.array)
        assert np.array_equal(np.rint((single + 0.1) * 1e3), np.rint((data[i] + 0.1) * 1e3))


def test__via_image_from__no_key_under_jit_or_vmap__raises():
    simulator = _simulator_from(noise_seed=1)
    values = _image_values_from()

    with pytest.raises(exc.DatasetException, match="without a PRNG key"):
        jax.jit(lambda v: _simulate_from(simulator, v).data.array)(jnp.asarray(values))

    # The image is a constant here, so only the trace state shows that vmap is tracing.
    with pytest.raises(exc.DatasetException, match="without a PRNG key"):
        jax.vmap(lambda k: _simulate_from(simulator, values).data.array)(
            jax.random.split(jax.random.key(0), 2)
        )


def test__via_image_from__no_key_eager__seeded_draw_as_in_release():
    values = _image_values_from()

    first = _simulate_from(_simulator_from(noise_seed=5), values)
    second = _simulate_from(_simulator_from(noise_seed=5), values)

    assert np.array_equal(np.asarray(first.data.array), np.asarray(second.data.array))

    # The release's JAX recipe with that seed: PRNGKey(noise_seed), counts in e/s * exposure.
    blurred = scipy.signal.fftconvolve(
        values, np.asarray(_psf_from().kernel.native.array), mode="same"
    )
    counts = (blurred + 0.1) * 1000.0
    expected = np.asarray(jax.random.poisson(jax.random.PRNGKey(5), jnp.asarray(counts)))
    assert np.array_equal(
        np.rint((np.asarray(first.data.native.array) + 0.1) * 1000.0), expected
    )


def test__via_image_from__batch_of_keys_without_vmap__raises_type_error():
    simulator = _simulator_from()

    with pytest.raises(TypeError, match="jax.vmap"):
        _simulate_from(
            simulator, _image_values_from(), key=jax.random.split(jax.random.key(0), 3)
        )

    with pytest.raises(TypeError, match="single JAX PRNG key"):
        _simulate_from(simulator, _image_values_from(), key=7)


def test__via_image_from__noise_free_under_jit__needs_no_key():
    simulator = _simulator_from(
        add_poisson_noise_to_data=False, include_poisson_noise_in_noise_map=False
    )
    values = _image_values_from()

    data = jax.jit(lambda v: _simulate_from(simulator, v).data.native.array)(
        jnp.asarray(values)
    )

    blurred = scipy.signal.fftconvolve(
        values, np.asarray(_psf_from().kernel.native.array), mode="same"
    )
    assert np.max(np.abs(np.asarray(data) - blurred)) / np.max(blurred) < 1.0e-12


# --------------------------------------------------------------------------------------------------
# L5: autolens via_tracer_from / via_galaxies_from with keys, a simple Tracer under jit and vmap
# --------------------------------------------------------------------------------------------------


def _galaxies_from(theta):
    """An SIE lens and a cored Sersic source, their free parameters taken from ``theta``."""
    lens = al.Galaxy(
        redshift=0.5,
        mass=ag.mp.Isothermal(
            centre=(0.0, 0.0), ell_comps=(theta[0], 0.0), einstein_radius=theta[1]
        ),
    )
    source = al.Galaxy(
        redshift=1.0,
        light=ag.lp.SersicCore(
            centre=(0.05, 0.05),
            ell_comps=(0.1, 0.0),
            intensity=theta[2],
            effective_radius=0.3,
            sersic_index=1.5,
        ),
    )
    return [lens, source]


def _lens_simulator_from(**kwargs):
    settings = dict(
        exposure_time=1000.0,
        background_sky_level=0.1,
        psf=_psf_from(),
        add_poisson_noise_to_data=True,
        use_jax=True,
    )
    settings.update(kwargs)
    return al.SimulatorImaging(**settings)


THETA = np.array([0.05, 1.2, 0.3])


def test__via_tracer_from__simple_tracer_built_in_jit__same_key_bitwise():
    simulator = _lens_simulator_from()
    grid = al.Grid2D.uniform(shape_native=(30, 30), pixel_scales=PIXEL_SCALE)

    def simulate(theta, key):
        tracer = al.Tracer(galaxies=_galaxies_from(theta))
        return simulator.via_tracer_from(tracer=tracer, grid=grid, key=key)

    jitted = jax.jit(simulate)
    first = jitted(jnp.asarray(THETA), jax.random.key(11))
    second = jitted(jnp.asarray(THETA), jax.random.key(11))
    other = jitted(jnp.asarray(THETA), jax.random.key(12))

    assert first.data.shape_native == (30, 30)
    assert isinstance(first.data.array, jax.Array)
    assert isinstance(first.noise_map.array, jax.Array)
    assert np.array_equal(np.asarray(first.data.array), np.asarray(second.data.array))
    assert not np.array_equal(np.asarray(first.data.array), np.asarray(other.data.array))


def test__via_tracer_from__vmap_over_thetas_and_keys():
    simulator = _lens_simulator_from()
    grid = al.Grid2D.uniform(shape_native=(30, 30), pixel_scales=PIXEL_SCALE)

    def simulate(theta, key):
        tracer = al.Tracer(galaxies=_galaxies_from(theta))
        return simulator.via_tracer_from(tracer=tracer, grid=grid, key=key).data

    thetas = jnp.asarray(np.stack([THETA, THETA, THETA * [1.0, 1.0, 2.0]]))
    keys = jax.random.split(jax.random.key(0), 3)
    images = np.asarray(jax.jit(jax.vmap(simulate))(thetas, keys).array)

    assert images.shape == (3, 900)
    # Same theta, different keys: different noise; doubling the source intensity raises the flux.
    assert not np.array_equal(images[0], images[1])
    assert images[2].sum() > 1.2 * images[0].sum()


def test__via_galaxies_from__key_threaded_as_via_tracer_from():
    simulator = _lens_simulator_from()
    grid = al.Grid2D.uniform(shape_native=(20, 20), pixel_scales=PIXEL_SCALE)
    galaxies = _galaxies_from(THETA)

    @jax.jit
    def simulate(key):
        via_galaxies = simulator.via_galaxies_from(galaxies=galaxies, grid=grid, key=key)
        via_tracer = simulator.via_tracer_from(
            tracer=al.Tracer(galaxies=galaxies), grid=grid, key=key
        )
        return via_galaxies.data.array, via_tracer.data.array

    via_galaxies, via_tracer = simulate(jax.random.key(4))
    other, _ = simulate(jax.random.key(5))

    assert np.array_equal(np.asarray(via_galaxies), np.asarray(via_tracer))
    assert not np.array_equal(np.asarray(via_galaxies), np.asarray(other))


def test__via_tracer_from__no_key_under_jit__raises():
    simulator = _lens_simulator_from(noise_seed=1)
    grid = al.Grid2D.uniform(shape_native=(20, 20), pixel_scales=PIXEL_SCALE)

    def simulate(theta):
        tracer = al.Tracer(galaxies=_galaxies_from(theta))
        return simulator.via_tracer_from(tracer=tracer, grid=grid).data

    with pytest.raises(exc.DatasetException, match="without a PRNG key"):
        jax.jit(simulate)(jnp.asarray(THETA))


# --------------------------------------------------------------------------------------------------
# A3: PSF convolution by FFT on the JAX path, parity with the NumPy (real-space) path
# --------------------------------------------------------------------------------------------------


def _relative_error(value, reference):
    """Max abs difference relative to the reference's max abs value."""
    return float(np.max(np.abs(np.asarray(value) - reference)) / np.max(np.abs(reference)))


def _noise_free_kwargs():
    return dict(add_poisson_noise_to_data=False, include_poisson_noise_in_noise_map=False)


@pytest.mark.parametrize("use_real_space_convolution", [True, False])
@pytest.mark.parametrize("use_fft", [True, False])
def test__via_image_from__jax_fft_psf__matches_numpy_and_linear_fftconvolve(
    use_real_space_convolution, use_fft
):
    # Workload S's padded frame (50x50 + the 11x11 PSF border), flux reaching every edge, so any
    # wrap-around of a circular convolution would show at the borders.
    values = np.random.default_rng(2).uniform(0.0, 1.0, size=(60, 60))
    kernel = _psf_from().kernel
    psf = aa.Convolver(kernel=kernel, use_fft=use_fft)

    # The kernel is already normalised; normalize_psf=False keeps the Convolver's use_fft (the
    # release's Convolver.normalized rebuilds it with the configured default).
    settings = dict(
        psf=psf,
        normalize_psf=False,
        use_real_space_convolution=use_real_space_convolution,
        **_noise_free_kwargs(),
    )
    numpy_data = _simulate_from(_simulator_from(use_jax=False, **settings), values)
    jax_simulator = _simulator_from(**settings)
    jax_data = jax.jit(lambda v: _simulate_from(jax_simulator, v).data.native.array)(
        jnp.asarray(values)
    )

    # Independent reference: scipy's linear FFT convolution, the frame zero-padded beyond its edge.
    reference = scipy.signal.fftconvolve(values, np.asarray(kernel.native.array), mode="same")

    assert _relative_error(numpy_data.data.native.array, reference) < 1.0e-12
    assert _relative_error(jax_data, reference) < 1.0e-12
    assert _relative_error(jax_data, numpy_data.data.native.array) < 1.0e-10


def test__via_image_from__jax_psf__traces_an_fft_not_a_direct_convolution():
    simulator = _simulator_from(**_noise_free_kwargs())

    jaxpr = str(
        jax.make_jaxpr(lambda v: _simulate_from(simulator, v).data.array)(
            jnp.asarray(_image_values_from())
        )
    )

    assert "fft" in jaxpr
    assert "conv_general_dilated" not in jaxpr


def test__via_tracer_from__workload_r_over_sampled_grid__jax_matches_numpy_and_fftconvolve():
    # Workload R's geometry: 100x100 at 0.05", over_sample_size 2 (binned to image resolution
    # before the PSF, as upstream does), 11x11 Gaussian PSF of sigma 0.1".
    grid = al.Grid2D.uniform(shape_native=(100, 100), pixel_scales=0.05, over_sample_size=2)
    psf = _psf_from(pixel_scales=0.05)
    galaxies = _galaxies_from(THETA)

    numpy_dataset = _lens_simulator_from(
        psf=psf, use_jax=False, **_noise_free_kwargs()
    ).via_tracer_from(tracer=al.Tracer(galaxies=galaxies), grid=grid)

    jax_simulator = _lens_simulator_from(psf=psf, **_noise_free_kwargs())

    @jax.jit
    def simulate(theta):
        tracer = al.Tracer(galaxies=_galaxies_from(theta))
        return jax_simulator.via_tracer_from(tracer=tracer, grid=grid).data.native.array

    jax_data = simulate(jnp.asarray(THETA))

    # Independent reference for the convolution: the NumPy padded (binned) image, convolved by
    # scipy's linear FFT convolution and trimmed by the PSF half-width.
    padded = al.Tracer(galaxies=galaxies).padded_image_2d_from(
        grid=grid, psf_shape_2d=(11, 11)
    )
    reference = scipy.signal.fftconvolve(
        padded.native.array, np.asarray(psf.kernel.native.array), mode="same"
    )[5:-5, 5:-5]

    assert jax_data.shape == (100, 100)
    assert _relative_error(numpy_dataset.data.native.array, reference) < 1.0e-12
    assert _relative_error(jax_data, reference) < 1.0e-10
    assert _relative_error(jax_data, numpy_dataset.data.native.array) < 1.0e-10


def test__via_tracer_from__over_sampled_psf__jax_matches_numpy():
    # A PSF sampled at twice the image resolution (convolve_over_sample_size=2): the image is
    # convolved at the fine resolution and binned back; JAX uses the Convolver's FFT path, NumPy
    # scipy's real-space convolution.
    grid = al.Grid2D.uniform(shape_native=(30, 30), pixel_scales=0.1, over_sample_size=2)
    kernel = aa.Convolver.from_gaussian(
        shape_native=(21, 21), sigma=0.1, pixel_scales=0.05, normalize=True
    ).kernel
    psf = aa.Convolver(kernel=kernel, convolve_over_sample_size=2)
    galaxies = _galaxies_from(THETA)

    numpy_dataset = _lens_simulator_from(
        psf=psf, use_jax=False, **_noise_free_kwargs()
    ).via_tracer_from(tracer=al.Tracer(galaxies=galaxies), grid=grid)

    jax_simulator = _lens_simulator_from(psf=psf, **_noise_free_kwargs())

    @jax.jit
    def simulate(theta, key):
        tracer = al.Tracer(galaxies=_galaxies_from(theta))
        return jax_simulator.via_tracer_from(tracer=tracer, grid=grid, key=key).data.native.array

    jax_data = simulate(jnp.asarray(THETA), jax.random.key(0))

    assert jax_data.shape == (30, 30)
    assert _relative_error(jax_data, numpy_dataset.data.native.array) < 1.0e-10


# --------------------------------------------------------------------------------------------------
# A2: the simulated counts are Poisson, and the noise-map is the release's sqrt(counts) / exposure
# --------------------------------------------------------------------------------------------------

#: False-alarm rate of each statistical test (the keys are fixed, so each test is deterministic).
FALSE_ALARM = 1.0e-3


def _poisson_chi2s_from(counts, expected):
    """
    Chi-square statistics of per-pixel sample means and variances against Poisson(expected).

    ``counts`` is (N draws, pixels). The mean of N Poisson(lam) draws has variance lam / N; the
    unbiased sample variance has variance lam / N + 2 lam^2 / (N - 1) (from the Poisson fourth
    central moment lam + 3 lam^2). Each statistic is a sum of squared z-scores, ~ chi2(pixels).
    """
    n = counts.shape[0]
    z_mean = (counts.mean(axis=0) - expected) / np.sqrt(expected / n)
    z_var = (counts.var(axis=0, ddof=1) - expected) / np.sqrt(
        expected / n + 2.0 * expected**2 / (n - 1)
    )
    return float(np.sum(z_mean**2)), float(np.sum(z_var**2))


def test__via_image_from__vmap_over_400_keys__counts_are_poisson_and_noise_map_consistent():
    exposure_time, sky = 1000.0, 0.0005
    # 64 pixels whose expected counts span 0.6 to 2000 (e/s x exposure, sky included).
    values = np.geomspace(1.0e-4, 2.0, 64).reshape(8, 8)
    expected = ((values + sky) * exposure_time).ravel()

    simulator = _simulator_from(
        exposure_time=exposure_time, background_sky_level=sky, psf=None
    )
    image = aa.Array2D.no_mask(values=jnp.asarray(values), pixel_scales=PIXEL_SCALE)
    keys = jax.random.split(jax.random.key(2024), 400)

    batch = jax.jit(jax.vmap(lambda k: simulator.via_image_from(image=image, key=k)))(keys)
    data = np.asarray(batch.data.array)
    noise_map = np.asarray(batch.noise_map.array)

    # Data are e/s with the sky subtracted: back to counts, which must be whole numbers.
    counts = (data + sky) * exposure_time
    assert np.max(np.abs(counts - np.rint(counts))) < 1.0e-6
    counts = np.rint(counts)

    chi2_mean, chi2_var = _poisson_chi2s_from(counts, expected)
    threshold = scipy.stats.chi2.ppf(1.0 - FALSE_ALARM, df=expected.size)

    assert chi2_mean < threshold
    assert chi2_var < threshold

    # Power: the same test rejects a draw with twice the Poisson variance (same mean).
    inflated = expected + np.sqrt(2.0) * (counts - expected)
    assert _poisson_chi2s_from(inflated, expected)[1] > threshold

    # Noise-map as the release defines it: sqrt(noisy counts, sky included) / exposure, in e/s.
    assert np.max(np.abs(noise_map - np.sqrt(counts) / exposure_time)) < 1.0e-12
