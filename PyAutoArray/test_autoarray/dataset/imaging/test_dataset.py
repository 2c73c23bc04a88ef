import numpy as np
import pytest
import scipy.signal

import autoarray as aa

PIXEL_SCALE = 0.1

# A kernel summing to 1199.5, not to one.
KERNEL_VALUES = np.array([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]) * (1199.5 / 16.0)


def _psf_from(**kwargs):
    return aa.Convolver(
        kernel=aa.Array2D.no_mask(values=KERNEL_VALUES.copy(), pixel_scales=PIXEL_SCALE),
        **kwargs,
    )


def _data_from(shape=(9, 9)):
    values = np.zeros(shape)
    values[4, 4] = 2.0
    values[2, 6] = 1.0
    return aa.Array2D.no_mask(values=values, pixel_scales=PIXEL_SCALE)


def _imaging_from(psf, **kwargs):
    data = _data_from()
    return aa.Imaging(
        data=data,
        noise_map=aa.Array2D.full(
            fill_value=0.1, shape_native=data.shape_native, pixel_scales=PIXEL_SCALE
        ),
        psf=psf,
        **kwargs,
    )


@pytest.mark.parametrize("use_normalized_psf", [True, False])
def test__init__use_normalized_psf__input_psf_kernel_unchanged(use_normalized_psf):
    psf = _psf_from()
    kernel = psf.kernel
    kernel_array = kernel._array

    dataset = _imaging_from(psf=psf, use_normalized_psf=use_normalized_psf)

    assert psf.kernel is kernel and kernel._array is kernel_array
    assert np.array_equal(psf.kernel.native.array, KERNEL_VALUES)

    expected_sum = 1.0 if use_normalized_psf else 1199.5
    assert np.sum(dataset.psf.kernel.native.array) == pytest.approx(
        expected_sum, rel=1.0e-14
    )
