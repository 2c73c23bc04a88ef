import warnings

import numpy as np
import pytest
import scipy.signal
import scipy.stats

import autoarray as aa
from autoarray import exc


def _image_from():
    return aa.Array2D.no_mask(
        values=np.array([[0.0, 0.5, 0.0], [0.5, 2.0, 0.5], [0.0, 0.5, 0.0]]),
        pixel_scales=0.1,
    )


def _simulator_from(**kwargs):
    settings = dict(
        exposure_time=100.0,
        background_sky_level=1.0,
        psf=aa.Convolver.no_blur(pixel_scales=0.1),
    )
    settings.update(kwargs)
    return aa.SimulatorImaging(**settings)


def test__via_image_from__noise_seed__numpy_draw_unchanged():
    simulator = _simulator_from(noise_seed=1)

    dataset = simulator.via_image_from(image=_image_from())

    # Independent reference: the release's recipe, counts = (image + sky) * exposure_time drawn from
    # numpy's global Poisson stream seeded with noise_seed, back to e/s, sky subtracted.
    counts = (_image_from().native.array + 1.0) * 100.0
    np.random.seed(1)
    noisy_counts = np.random.poisson(counts, counts.shape)

    assert dataset.data.native.array == pytest.approx(
        noisy_counts / 100.0 - 1.0, abs=1.0e-12
    )
    assert dataset.noise_map.native.array == pytest.approx(
        np.sqrt(noisy_counts) / 100.0, abs=1.0e-12
    )


def test__via_image_from__key_on_numpy_path__raises():
    simulator = _simulator_from(noise_seed=1)

    with pytest.raises(exc.DatasetException, match="use_jax=True"):
        simulator.via_image_from(image=_image_from(), key=np.array([0, 1], np.uint32))


def test__init__key_with_numpy_default__raises_on_simulation():
    simulator = _simulator_from(key=np.array([0, 1], np.uint32))

    with pytest.raises(exc.DatasetException, match="NumPy simulation"):
        simulator.via_image_from(image=_image_from())


def test__init__key__is_keyword_only_and_stored():
    key = np.array([0, 1], np.uint32)

    simulator = _simulator_from(use_jax=True, key=key)

    assert simulator.key is key
    assert _simulator_from().key is None


def test__via_image_from__400_seeds__counts_are_poisson_and_noise_map_consistent():
    exposure_time, sky = 1000.0, 0.0005
    # 64 pixels whose expected counts span 0.6 to 2000 (e/s x exposure, sky included).
    values = np.geomspace(1.0e-4, 2.0, 64).reshape(8, 8)
    expected = ((values + sky) * exposure_time).ravel()
    image = aa.Array2D.no_mask(values=values, pixel_scales=0.1)

    counts, noise_maps = [], []
    for seed in range(400):
        dataset = aa.SimulatorImaging(
            exposure_time=exposure_time, background_sky_level=sky, noise_seed=seed
        ).via_image_from(image=image)
        counts.append((dataset.data.array + sky) * exposure_time)
        noise_maps.append(dataset.noise_map.array)
    counts, noise_maps = np.array(counts), np.array(noise_maps)

    assert np.max(np.abs(counts - np.rint(counts))) < 1.0e-6
    counts = np.rint(counts)

    # Sample mean of N Poisson(lam) draws: variance lam / N; unbiased sample variance: variance
    # lam / N + 2 lam^2 / (N - 1). Sums of squared z-scores ~ chi2(64), tested at a 1e-3
    # false-alarm rate each (fixed seeds: deterministic).
    n = counts.shape[0]
    z_mean = (counts.mean(axis=0) - expected) / np.sqrt(expected / n)
    z_var = (counts.var(axis=0, ddof=1) - expected) / np.sqrt(
        expected / n + 2.0 * expected**2 / (n - 1)
    )
    threshold = scipy.stats.chi2.ppf(1.0 - 1.0e-3, df=expected.size)

    assert np.sum(z_mean**2) < threshold
    assert np.sum(z_var**2) < threshold
    assert np.max(np.abs(noise_maps - np.sqrt(counts) / exposure_time)) < 1.0e-12


def test__via_image_from__normalize_psf_false__every_call_uses_the_kernel_as_given():
    # A kernel summing to 1199.5; the simulator must convolve with it as given on every call (the
    # dataset it returns used to normalise the simulator's own kernel in place after the first).
    kernel_values = np.array([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]) * (
        1199.5 / 16.0
    )
    psf = aa.Convolver(
        kernel=aa.Array2D.no_mask(values=kernel_values.copy(), pixel_scales=0.1)
    )
    simulator = aa.SimulatorImaging(
        exposure_time=100.0,
        background_sky_level=1.0,
        psf=psf,
        normalize_psf=False,
        add_poisson_noise_to_data=False,
        include_poisson_noise_in_noise_map=False,
    )
    image = aa.Array2D.no_mask(values=np.arange(25.0).reshape(5, 5), pixel_scales=0.1)

    first = simulator.via_image_from(image=image)
    second = simulator.via_image_from(image=image)

    # Independent reference: the direct linear convolution of the frame with the given kernel.
    expected = scipy.signal.convolve(
        image.native.array, kernel_values, mode="same", method="direct"
    )
    assert first.data.native.array == pytest.approx(expected, rel=1.0e-12)
    assert second.data.native.array == pytest.approx(expected, rel=1.0e-12)
    assert np.array_equal(psf.kernel.native.array, kernel_values)
    assert np.sum(first.psf.kernel.native.array) == pytest.approx(1.0, rel=1.0e-14)


def _dark_image_from():
    """Two point sources on a dark 24 x 24 frame: most of the PSF-convolved frame is exactly dark."""
    values = np.zeros((24, 24))
    values[12, 12] = 3.0
    values[5, 18] = 1.0
    return aa.Array2D.no_mask(values=values, pixel_scales=0.1)


def _gaussian_psf_from():
    return aa.Convolver.from_gaussian(
        shape_native=(11, 11), sigma=0.3, pixel_scales=0.1, normalize=True
    )


@pytest.mark.parametrize(
    "add_poisson_noise_to_data, include_poisson_noise_in_noise_map",
    [(False, False), (False, True), (True, True)],
)
@pytest.mark.parametrize("use_real_space_convolution", [True, False])
def test__via_image_from__sky_zero_dark_pixels__simulates(
    add_poisson_noise_to_data,
    include_poisson_noise_in_noise_map,
    use_real_space_convolution,
):
    # The FFT convolution leaves round-off of about -1e-16 of the peak in the dark pixels; with a sky
    # of 0 those were negative Poisson means ("lam < 0").
    image = _dark_image_from()
    simulator = aa.SimulatorImaging(
        exposure_time=1000.0,
        background_sky_level=0.0,
        psf=_gaussian_psf_from(),
        use_real_space_convolution=use_real_space_convolution,
        add_poisson_noise_to_data=add_poisson_noise_to_data,
        include_poisson_noise_in_noise_map=include_poisson_noise_in_noise_map,
        noise_seed=1,
    )

    dataset = simulator.via_image_from(image=image)

    data = dataset.data.native.array
    noise_map = dataset.noise_map.native.array
    assert np.all(np.isfinite(data)) and np.all(np.isfinite(noise_map))
    assert np.all(noise_map >= 0.0)

    # Independent reference: the direct linear convolution (no FFT round-off).
    blurred = scipy.signal.convolve(
        image.native.array,
        _gaussian_psf_from().kernel.native.array,
        mode="same",
        method="direct",
    )
    if add_poisson_noise_to_data:
        # Counts are integers; a dark pixel (mean 0) draws exactly 0.
        assert np.array_equal(data[blurred == 0.0], np.zeros(np.sum(blurred == 0.0)))
        assert np.allclose(data * 1000.0, np.rint(data * 1000.0), rtol=0.0, atol=1.0e-9)
    else:
        assert np.max(np.abs(data - blurred)) < 1.0e-14 * np.max(blurred)


@pytest.mark.parametrize("exposure_time", [0.0, -1000.0, np.inf, np.nan])
def test__via_image_from__exposure_time_not_positive__raises(exposure_time):
    simulator = _simulator_from(exposure_time=exposure_time, noise_seed=1)

    with pytest.raises(exc.DatasetException, match="positive, finite exposure_time"):
        simulator.via_image_from(image=_image_from())


def test__via_image_from__exposure_time_zero_without_poisson_noise__simulates():
    simulator = _simulator_from(
        exposure_time=0.0,
        add_poisson_noise_to_data=False,
        include_poisson_noise_in_noise_map=False,
    )

    dataset = simulator.via_image_from(image=_image_from())

    assert dataset.data.native.array == pytest.approx(_image_from().native.array)
    assert dataset.noise_map.native.array == pytest.approx(np.full((3, 3), 0.1))


@pytest.mark.parametrize("add_poisson_noise_to_data", [True, False])
def test__via_image_from__negative_counts__raises(add_poisson_noise_to_data):
    simulator = _simulator_from(
        noise_seed=1, add_poisson_noise_to_data=add_poisson_noise_to_data
    )
    image = aa.Array2D.no_mask(
        values=np.array([[0.0, -3.0, 0.0], [0.5, 2.0, 0.5], [0.0, 0.5, np.nan]]),
        pixel_scales=0.1,
    )

    # Sky 1.0: one pixel at -2.0 e/s, and a NaN (which the convolution spreads to its neighbours).
    with pytest.raises(
        exc.DatasetException, match=r"1 are negative \(the lowest -2.0\) and \d are not finite"
    ):
        simulator.via_image_from(image=image)


@pytest.mark.parametrize("use_real_space_convolution", [True, False])
def test__via_image_from__psf_convolution__direct_zero_padded_convolution_and_no_warning(
    use_real_space_convolution,
):
    values = np.random.default_rng(3).uniform(0.0, 1.0, size=(12, 12))
    image = aa.Array2D.no_mask(values=values, pixel_scales=0.1)
    psf = _gaussian_psf_from()
    simulator = aa.SimulatorImaging(
        exposure_time=1000.0,
        background_sky_level=0.0,
        psf=psf,
        use_real_space_convolution=use_real_space_convolution,
        add_poisson_noise_to_data=False,
        include_poisson_noise_in_noise_map=False,
    )

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dataset = simulator.via_image_from(image=image)

    assert [str(w.message) for w in caught] == []

    # Independent reference: the direct convolution of the frame, dark outside it, which is what the
    # simulator's zero blurring image states.
    expected = scipy.signal.convolve(
        values, psf.kernel.native.array, mode="same", method="direct"
    )
    assert np.max(np.abs(dataset.data.native.array - expected)) < 1.0e-14
