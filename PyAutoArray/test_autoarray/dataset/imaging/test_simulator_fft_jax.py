"""
The JAX simulation path convolves the PSF by FFT, linearly (the frame zero-padded by the kernel), and equals the
NumPy (real-space) path and scipy's linear convolution.
"""

import numpy as np
import pytest
import scipy.signal

import autoarray as aa

jax = pytest.importorskip("jax")
jnp = jax.numpy

PIXEL_SCALE = 0.1


def _psf_from():
    return aa.Convolver.from_gaussian(
        shape_native=(11, 11), sigma=0.1, pixel_scales=PIXEL_SCALE, normalize=True
    )


def _simulator_from(**kwargs):
    return aa.SimulatorImaging(
        exposure_time=1000.0,
        background_sky_level=0.1,
        add_poisson_noise_to_data=False,
        include_poisson_noise_in_noise_map=False,
        **kwargs,
    )


def _simulate_from(simulator, values):
    return simulator.via_image_from(image=aa.Array2D.no_mask(values=values, pixel_scales=PIXEL_SCALE))


def _relative_error(value, reference):
    """Max abs difference relative to the reference's max abs value."""
    return float(np.max(np.abs(np.asarray(value) - reference)) / np.max(np.abs(reference)))


@pytest.mark.filterwarnings("ignore:No blurring_image provided")
@pytest.mark.parametrize("use_real_space_convolution", [True, False])
@pytest.mark.parametrize("use_fft", [True, False])
def test__via_image_from__jax_fft_psf__matches_numpy_and_linear_fftconvolve(
    use_real_space_convolution, use_fft
):
    # Flux reaching every edge of the frame, so any wrap-around of a circular convolution would show at the
    # borders.
    values = np.random.default_rng(2).uniform(0.0, 1.0, size=(60, 60))
    kernel = _psf_from().kernel
    # The kernel is already normalised; normalize_psf=False keeps the Convolver's use_fft.
    settings = dict(
        psf=aa.Convolver(kernel=kernel, use_fft=use_fft),
        normalize_psf=False,
        use_real_space_convolution=use_real_space_convolution,
    )
    numpy_data = _simulate_from(_simulator_from(use_jax=False, **settings), values)
    jax_simulator = _simulator_from(use_jax=True, **settings)
    jax_data = jax.jit(lambda v: _simulate_from(jax_simulator, v).data.native.array)(
        jnp.asarray(values)
    )

    # Independent reference: scipy's linear FFT convolution, the frame zero-padded beyond its edge.
    reference = scipy.signal.fftconvolve(values, np.asarray(kernel.native.array), mode="same")

    assert _relative_error(numpy_data.data.native.array, reference) < 1.0e-12
    assert _relative_error(jax_data, reference) < 1.0e-12
    assert _relative_error(jax_data, numpy_data.data.native.array) < 1.0e-10


@pytest.mark.filterwarnings("ignore:No blurring_image provided")
def test__via_image_from__jax_psf__traces_an_fft_not_a_direct_convolution():
    simulator = _simulator_from(psf=_psf_from(), use_jax=True)

    jaxpr = str(
        jax.make_jaxpr(lambda v: _simulate_from(simulator, v).data.array)(
            jnp.asarray(np.ones((20, 20)))
        )
    )

    assert "fft" in jaxpr
    assert "conv_general_dilated" not in jaxpr
