import warnings

import numpy as np
import pytest
import scipy.signal

import autolens as al
from autoarray import exc


def _galaxies_from():
    lens = al.Galaxy(
        redshift=0.5, mass=al.mp.Isothermal(centre=(0.0, 0.0), einstein_radius=0.5)
    )
    source = al.Galaxy(
        redshift=1.0,
        light=al.lp.SersicCore(centre=(0.05, 0.0), intensity=0.3, effective_radius=0.2),
    )
    return [lens, source]


def _simulator_from():
    return al.SimulatorImaging(
        exposure_time=100.0,
        background_sky_level=1.0,
        psf=al.Convolver.from_gaussian(
            shape_native=(3, 3), sigma=0.1, pixel_scales=0.1, normalize=True
        ),
        noise_seed=1,
    )


def test__via_tracer_from__key_on_numpy_path__raises():
    grid = al.Grid2D.uniform(shape_native=(8, 8), pixel_scales=0.1)
    tracer = al.Tracer(galaxies=_galaxies_from())

    with pytest.raises(exc.DatasetException, match="use_jax=True"):
        _simulator_from().via_tracer_from(
            tracer=tracer, grid=grid, key=np.array([0, 1], np.uint32)
        )


def test__via_galaxies_from__key_on_numpy_path__raises():
    grid = al.Grid2D.uniform(shape_native=(8, 8), pixel_scales=0.1)

    with pytest.raises(exc.DatasetException, match="use_jax=True"):
        _simulator_from().via_galaxies_from(
            galaxies=_galaxies_from(), grid=grid, key=np.array([0, 1], np.uint32)
        )


def test__via_deflections_and_galaxies_from__key_on_numpy_path__raises():
    deflections = al.VectorYX2D.no_mask(
        values=np.zeros((8, 8, 2)), pixel_scales=0.1
    )

    with pytest.raises(exc.DatasetException, match="use_jax=True"):
        _simulator_from().via_deflections_and_galaxies_from(
            deflections=deflections,
            galaxies=_galaxies_from(),
            key=np.array([0, 1], np.uint32),
        )


def test__via_tracer_from__padded_and_trimmed__direct_convolution_of_the_scene_and_no_warning():
    tracer = al.Tracer(galaxies=_galaxies_from())
    psf = al.Convolver.from_gaussian(
        shape_native=(7, 7), sigma=0.15, pixel_scales=0.1, normalize=True
    )
    simulator = al.SimulatorImaging(
        exposure_time=100.0,
        background_sky_level=0.0,
        psf=psf,
        add_poisson_noise_to_data=False,
        include_poisson_noise_in_noise_map=False,
    )
    grid = al.Grid2D.uniform(shape_native=(20, 20), pixel_scales=0.1, over_sample_size=1)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dataset = simulator.via_tracer_from(tracer=tracer, grid=grid)

    assert [str(w.message) for w in caught] == []

    # Independent reference: the scene evaluated on a frame twice as wide (its pixel centres include
    # the 20 x 20 frame's), convolved directly and cropped to the frame: the simulator's frame, padded
    # by half the kernel and trimmed, needs no blurring image to be exact.
    wide = tracer.image_2d_from(
        grid=al.Grid2D.uniform(shape_native=(40, 40), pixel_scales=0.1, over_sample_size=1)
    ).native.array
    expected = scipy.signal.convolve(
        wide, psf.kernel.native.array, mode="same", method="direct"
    )[10:30, 10:30]

    assert dataset.data.shape_native == (20, 20)
    assert np.max(np.abs(dataset.data.native.array - expected)) < 1.0e-12 * np.max(
        expected
    )
