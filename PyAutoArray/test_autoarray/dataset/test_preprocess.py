import numpy as np
import pytest

import autoarray as aa
from autoarray import exc
from autoarray.dataset import preprocess


def test__poisson_noise_via_data_eps_from__key_on_numpy_path__raises():
    data_eps = aa.Array2D.full(fill_value=1.0, shape_native=(2, 2), pixel_scales=1.0)
    exposure_time_map = aa.Array2D.full(
        fill_value=10.0, shape_native=(2, 2), pixel_scales=1.0
    )

    with pytest.raises(exc.DatasetException, match="NumPy Poisson draw"):
        preprocess.poisson_noise_via_data_eps_from(
            data_eps=data_eps,
            exposure_time_map=exposure_time_map,
            seed=1,
            key=np.array([0, 1], np.uint32),
        )


def test__data_eps_with_poisson_noise_added__seed__numpy_draw_unchanged():
    data_eps = aa.Array2D.no_mask(
        values=np.array([[1.0, 2.0], [3.0, 4.0]]), pixel_scales=1.0
    )
    exposure_time_map = aa.Array2D.full(
        fill_value=10.0, shape_native=(2, 2), pixel_scales=1.0
    )

    noisy = preprocess.data_eps_with_poisson_noise_added(
        data_eps=data_eps, exposure_time_map=exposure_time_map, seed=3
    )

    np.random.seed(3)
    reference = np.random.poisson(data_eps.array * 10.0, (4,)) / 10.0

    assert noisy.array == pytest.approx(reference, abs=1.0e-12)
