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
    return aa.SimulatorImaging(
        exposure_time=100.0,
        background_sky_level=1.0,
        psf=aa.Convolver.no_blur(pixel_scales=0.1),
        **kwargs,
    )


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
