import autoarray as aa
import pytest

jax = pytest.importorskip("jax")

import jax.numpy as jnp
import numpy as np
import scipy.signal

from autoarray.operators.convolver import ConvolverState

PIXEL_SCALE = 0.1

# A kernel summing to 1199.5, not to one.
KERNEL_VALUES = np.array([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]) * (1199.5 / 16.0)


def test__init__use_normalized_psf__psf_with_state_convolves_with_normalized_kernel():
    values = np.zeros((9, 9))
    values[4, 4] = 2.0
    values[2, 6] = 1.0
    data = aa.Array2D.no_mask(values=values, pixel_scales=PIXEL_SCALE)

    kernel = aa.Array2D.no_mask(values=KERNEL_VALUES.copy(), pixel_scales=PIXEL_SCALE)
    psf = aa.Convolver(
        kernel=kernel, state=ConvolverState(kernel=kernel, mask=data.mask), use_fft=True
    )

    dataset = aa.Imaging(
        data=data,
        noise_map=aa.Array2D.full(
            fill_value=0.1, shape_native=(9, 9), pixel_scales=PIXEL_SCALE
        ),
        psf=psf,
    )

    # The FFT path convolves with the state's transform of the kernel: it must be the normalized one.
    blurring_mask = dataset.psf.state_from(mask=data.mask).blurring_mask
    blurred = dataset.psf.convolved_image_from(
        image=aa.Array2D(values=jnp.asarray(data.array), mask=data.mask),
        blurring_image=aa.Array2D(
            values=np.zeros(blurring_mask.pixels_in_mask), mask=blurring_mask
        ),
        xp=jnp,
    )

    # Independent reference: the direct linear convolution with the kernel divided by its sum.
    expected = scipy.signal.convolve(
        values, KERNEL_VALUES / 1199.5, mode="same", method="direct"
    )
    assert np.max(np.abs(np.asarray(blurred.native.array) - expected)) < 1.0e-12
    assert np.array_equal(psf.kernel.native.array, KERNEL_VALUES)
