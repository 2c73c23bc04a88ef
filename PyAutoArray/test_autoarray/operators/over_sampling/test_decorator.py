from functools import wraps

import numpy as np

import autoarray as aa
from autoarray.operators.over_sampling.decorator import evaluates_over_sampled_only


class MockProfile:
    @aa.over_sample
    @aa.decorators.to_array
    def image_2d_from(self, grid, xp=np, **kwargs):
        return xp.exp(-xp.sum(grid.array**2, axis=1)) * (1.0 + grid.array[:, 0])

    @aa.decorators.to_array
    def centres_from(self, grid, xp=np, **kwargs):
        return grid.array[:, 0]


def _outer(func):
    @wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def test__evaluates_over_sampled_only__over_sample_wrappers_and_their_bound_methods():
    profile = MockProfile()

    assert evaluates_over_sampled_only(MockProfile.image_2d_from) is True
    assert evaluates_over_sampled_only(profile.image_2d_from) is True


def test__evaluates_over_sampled_only__other_functions_and_decorators_of_the_wrapper():
    profile = MockProfile()

    assert evaluates_over_sampled_only(MockProfile.centres_from) is False
    assert evaluates_over_sampled_only(profile.centres_from) is False
    assert evaluates_over_sampled_only(lambda grid: grid) is False
    assert evaluates_over_sampled_only(None) is False
    # `functools.wraps` copies the wrapper's attributes, but a further decorator may read the pixel centres.
    assert evaluates_over_sampled_only(_outer(MockProfile.image_2d_from)) is False


def test__evaluates_over_sampled_only__grid_2d_values_equal_binned_over_sampled_values():
    # The property callers rely on: the function on a `Grid2D` equals the function on its over-sampled
    # coordinates as a `Grid2DIrregular`, binned by the grid's over sampler.
    over_sample_size = aa.Array2D(
        values=np.array([[1, 2, 3], [2, 4, 1], [1, 1, 2]]),
        mask=aa.Mask2D.all_false(shape_native=(3, 3), pixel_scales=0.2),
    )
    grid = aa.Grid2D.uniform(shape_native=(3, 3), pixel_scales=0.2, over_sample_size=over_sample_size)
    profile = MockProfile()

    image = profile.image_2d_from(grid=grid)
    over_sampled = profile.image_2d_from(grid=aa.Grid2DIrregular(values=grid.over_sampled.array))

    np.testing.assert_array_equal(
        image.array, grid.over_sampler.binned_array_2d_from(array=over_sampled).array
    )
