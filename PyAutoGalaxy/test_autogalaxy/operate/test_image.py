import warnings

import numpy as np
import pytest
import scipy.signal

import autoarray as aa
import autogalaxy as ag

# --------------------------------------------------------------------------------------------------
# convolved_padded_image_2d_from: the simulation path of a PSF over-sampled by s
# --------------------------------------------------------------------------------------------------

PIXEL_SCALE = 0.1
SHAPE_NATIVE = (12, 10)
CENTRE, INTENSITY, SIGMA = (0.45, -0.3), 2.0, 0.4


def _over_sampled_psf_from(s, shape_native=(9, 7)):
    # An asymmetric kernel: a flipped or transposed convolution does not pass.
    values = np.random.default_rng(5).uniform(0.1, 1.0, size=shape_native)
    kernel = aa.Array2D.no_mask(values=values, pixel_scales=PIXEL_SCALE / s)
    return aa.Convolver(kernel=kernel, convolve_over_sample_size=s, normalize=True)


def _galaxies_from(centre=CENTRE, intensity=INTENSITY):
    return ag.Galaxies(
        galaxies=[
            ag.Galaxy(
                redshift=0.5,
                light=ag.lp.GaussianSph(centre=centre, intensity=intensity, sigma=SIGMA),
            )
        ]
    )


def _direct_convolution_from(psf, margin=6):
    """
    Independent reference: the Gaussian's closed form I exp(-r^2 / (2 sigma^2)) at the centres of
    the s x s sub-pixels of a frame ``margin`` pixels wider on every side than SHAPE_NATIVE (the
    light beyond it is below 1e-30 of the peak near the frame), convolved directly with the fine kernel,
    cropped to SHAPE_NATIVE and averaged over each pixel's sub-pixels.
    """
    s = psf.convolve_over_sample_size
    fine_shape = [(n + 2 * margin) * s for n in SHAPE_NATIVE]
    fine_scale = PIXEL_SCALE / s
    y = ((fine_shape[0] - 1) / 2.0 - np.arange(fine_shape[0])) * fine_scale
    x = (np.arange(fine_shape[1]) - (fine_shape[1] - 1) / 2.0) * fine_scale
    yy, xx = np.meshgrid(y, x, indexing="ij")
    fine = INTENSITY * np.exp(
        -((yy - CENTRE[0]) ** 2 + (xx - CENTRE[1]) ** 2) / (2.0 * SIGMA**2)
    )
    convolved = scipy.signal.convolve(
        fine, psf.kernel.native.array, mode="same", method="direct"
    )
    cropped = convolved[
        margin * s : (margin + SHAPE_NATIVE[0]) * s,
        margin * s : (margin + SHAPE_NATIVE[1]) * s,
    ]
    return cropped.reshape(SHAPE_NATIVE[0], s, SHAPE_NATIVE[1], s).mean(axis=(1, 3))


@pytest.mark.parametrize(
    "s, kernel_shape",
    [
        (2, (9, 7)),  # footprint (5, 5) image pixels
        (3, (11, 9)),  # footprint (5, 5)
        (3, (9, 7)),  # footprint (5, 3): not square
    ],
)
def test__convolved_padded_image_2d_from__over_sampled_psf__direct_convolution_and_no_warning(
    s, kernel_shape, capsys
):
    grid = aa.Grid2D.uniform(
        shape_native=SHAPE_NATIVE, pixel_scales=PIXEL_SCALE, over_sample_size=s
    )
    psf = _over_sampled_psf_from(s=s, shape_native=kernel_shape)
    galaxies = _galaxies_from()

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        image = galaxies.convolved_padded_image_2d_from(grid=grid, psf=psf)

    assert capsys.readouterr() == ("", "")

    # The padded frame: the grid's, widened by the kernel's image-resolution footprint.
    ky, kx = psf.kernel_shape_image_resolution
    assert image.shape_native == (SHAPE_NATIVE[0] + ky - 1, SHAPE_NATIVE[1] + kx - 1)

    trimmed = image.native.array[ky // 2 : -(ky // 2), kx // 2 : -(kx // 2)]
    expected = _direct_convolution_from(psf=psf)
    assert np.max(np.abs(trimmed - expected)) < 1.0e-13 * np.max(expected)


@pytest.mark.parametrize("s", [2, 3])  # footprints (5, 5) and (5, 3)
def test__via_galaxies_from__over_sampled_psf__direct_convolution_and_no_warning(
    s, capsys
):
    grid = aa.Grid2D.uniform(
        shape_native=SHAPE_NATIVE, pixel_scales=PIXEL_SCALE, over_sample_size=s
    )
    psf = _over_sampled_psf_from(s=s)
    simulator = ag.SimulatorImaging(
        exposure_time=1000.0,
        background_sky_level=0.0,
        psf=psf,
        add_poisson_noise_to_data=False,
        include_poisson_noise_in_noise_map=False,
    )

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dataset = simulator.via_galaxies_from(
            galaxies=list(_galaxies_from()), grid=grid
        )

    assert capsys.readouterr() == ("", "")

    expected = _direct_convolution_from(psf=psf)
    assert dataset.data.shape_native == SHAPE_NATIVE
    assert np.max(np.abs(dataset.data.native.array - expected)) < 1.0e-13 * np.max(
        expected
    )
