import autogalaxy as ag
import pytest

jax = pytest.importorskip("jax")

import warnings

import jax.numpy as jnp
import numpy as np
import scipy.signal

import autoarray as aa

# --------------------------------------------------------------------------------------------------
# convolved_padded_image_2d_from: the simulation path of a PSF over-sampled by s, under JAX
# --------------------------------------------------------------------------------------------------

PIXEL_SCALE = 0.1
SHAPE_NATIVE = (12, 10)
CENTRE, INTENSITY, SIGMA = (0.45, -0.3), 2.0, 0.4
S = 2


def _over_sampled_psf():
    # An asymmetric kernel: a flipped or transposed convolution does not pass.
    values = np.random.default_rng(5).uniform(0.1, 1.0, size=(9, 7))
    kernel = aa.Array2D.no_mask(values=values, pixel_scales=PIXEL_SCALE / S)
    return aa.Convolver(kernel=kernel, convolve_over_sample_size=S, normalize=True)


def _galaxies_from(centre, intensity):
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
    Independent reference: the Gaussian's closed form at the centres of the S x S sub-pixels of a
    frame ``margin`` pixels wider on every side than SHAPE_NATIVE, convolved directly with the fine
    kernel, cropped to SHAPE_NATIVE and averaged over each pixel's sub-pixels.
    """
    fine_shape = [(n + 2 * margin) * S for n in SHAPE_NATIVE]
    y = ((fine_shape[0] - 1) / 2.0 - np.arange(fine_shape[0])) * PIXEL_SCALE / S
    x = (np.arange(fine_shape[1]) - (fine_shape[1] - 1) / 2.0) * PIXEL_SCALE / S
    yy, xx = np.meshgrid(y, x, indexing="ij")
    fine = INTENSITY * np.exp(
        -((yy - CENTRE[0]) ** 2 + (xx - CENTRE[1]) ** 2) / (2.0 * SIGMA**2)
    )
    convolved = scipy.signal.convolve(
        fine, psf.kernel.native.array, mode="same", method="direct"
    )
    cropped = convolved[
        margin * S : (margin + SHAPE_NATIVE[0]) * S,
        margin * S : (margin + SHAPE_NATIVE[1]) * S,
    ]
    return cropped.reshape(SHAPE_NATIVE[0], S, SHAPE_NATIVE[1], S).mean(axis=(1, 3))


def test__convolved_padded_image_2d_from__over_sampled_psf_eager_and_jit__direct_convolution_and_no_warning(
    capsys,
):
    grid = aa.Grid2D.uniform(
        shape_native=SHAPE_NATIVE, pixel_scales=PIXEL_SCALE, over_sample_size=S
    )
    psf = _over_sampled_psf()
    theta = jnp.asarray([CENTRE[0], CENTRE[1], INTENSITY])

    def padded_image_from(theta):
        galaxies = _galaxies_from(centre=(theta[0], theta[1]), intensity=theta[2])
        image = galaxies.convolved_padded_image_2d_from(grid=grid, psf=psf, xp=jnp)
        return image.native.array

    capsys.readouterr()

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        eager = np.asarray(padded_image_from(theta))
        jitted = np.asarray(jax.jit(padded_image_from)(theta))

    assert capsys.readouterr() == ("", "")

    ky, kx = psf.kernel_shape_image_resolution
    expected = _direct_convolution_from(psf=psf)
    for image in (eager, jitted):
        assert image.shape == (SHAPE_NATIVE[0] + ky - 1, SHAPE_NATIVE[1] + kx - 1)
        trimmed = image[ky // 2 : -(ky // 2), kx // 2 : -(kx // 2)]
        assert np.max(np.abs(trimmed - expected)) < 1.0e-13 * np.max(expected)


def test__via_galaxies_from__over_sampled_psf_jit__direct_convolution_and_no_warning():
    grid = aa.Grid2D.uniform(
        shape_native=SHAPE_NATIVE, pixel_scales=PIXEL_SCALE, over_sample_size=S
    )
    psf = _over_sampled_psf()
    simulator = ag.SimulatorImaging(
        exposure_time=1000.0,
        background_sky_level=0.0,
        psf=psf,
        add_poisson_noise_to_data=False,
        include_poisson_noise_in_noise_map=False,
        use_jax=True,
    )

    @jax.jit
    def simulate(theta):
        galaxies = _galaxies_from(centre=(theta[0], theta[1]), intensity=theta[2])
        dataset = simulator.via_galaxies_from(galaxies=list(galaxies), grid=grid)
        return dataset.data.native.array

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = np.asarray(simulate(jnp.asarray([CENTRE[0], CENTRE[1], INTENSITY])))

    expected = _direct_convolution_from(psf=psf)
    assert data.shape == SHAPE_NATIVE
    assert np.max(np.abs(data - expected)) < 1.0e-13 * np.max(expected)
