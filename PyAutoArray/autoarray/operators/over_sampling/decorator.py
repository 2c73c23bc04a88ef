import numpy as np
import weakref
from functools import wraps


from typing import List, Union

from autoarray.structures.arrays.irregular import ArrayIrregular
from autoarray.structures.arrays.uniform_1d import Array1D
from autoarray.structures.arrays.uniform_2d import Array2D
from autoarray.structures.grids.uniform_1d import Grid1D
from autoarray.structures.grids.irregular_2d import Grid2DIrregular
from autoarray.structures.grids.uniform_2d import Grid2D


# The wrappers made by `over_sample`, so `evaluates_over_sampled_only` can tell one from a function that merely
# wraps it (`functools.wraps` copies attributes, so a flag set on the wrapper would leak to outer decorators).
_over_sample_wrappers = weakref.WeakSet()


def over_sample(func):
    """
    Homogenize the inputs and outputs of functions that take 1D or 2D grids of coordinates and return a 1D ndarray
    which is converted to an `Array2D`, `ArrayIrregular` or `Array1D` object.

    Parameters
    ----------
    func
        A function which computes a set of values from a 1D or 2D grid of coordinates.

    Returns
    -------
        A function that has its outputs homogenized to `Array2D`, `ArrayIrregular` or `Array1D` objects.
    """

    @wraps(func)
    def wrapper(
        obj: object,
        grid: Union[np.ndarray, Grid2D, Grid2DIrregular, Grid1D],
        xp=np,
        *args,
        binned: bool = True,
        **kwargs,
    ) -> Union[np.ndarray, Array1D, Array2D, ArrayIrregular, List]:
        """

        Parameters
        ----------
        obj
            An object whose function uses grid_like inputs to compute quantities at every coordinate on the grid.
        grid
            A grid_like object of coordinates on which the function values are evaluated.
        binned
            If False, the values evaluated on the over-sampled grid are returned without binning, in per-pixel
            sub-block order (the input format of oversampled PSF convolution, see
            ``Convolver.convolve_over_sample_size``). Ignored for irregular / 1D grids, which are never binned.

        Returns
        -------
            The function values evaluated on the grid with the same structure as the input grid_like object.
        """

        if isinstance(grid, Grid2DIrregular) or isinstance(grid, Grid1D):
            return func(obj=obj, grid=grid, xp=xp, *args, **kwargs)

        if obj is not None:
            values = func(obj, grid.over_sampled, xp, *args, **kwargs)
        else:
            values = func(grid.over_sampled, xp, *args, **kwargs)

        if not binned:
            return values

        return grid.over_sampler.binned_array_2d_from(array=values, xp=xp)

    _over_sample_wrappers.add(wrapper)

    return wrapper


def evaluates_over_sampled_only(func) -> bool:
    """
    Returns whether ``func`` (a function or bound method) is a wrapper made by `over_sample` itself.

    On a `Grid2D` such a function reads only ``grid.over_sampled`` and ``grid.over_sampler``, never the pixel
    centres, and its values are those of the wrapped function on ``grid.over_sampled`` binned by
    ``grid.over_sampler``. A caller which holds only the over-sampled coordinates (for example autolens'
    `Tracer`, which then ray-traces them alone) can therefore evaluate it exactly by passing them as a
    `Grid2DIrregular` and binning the result with the over sampler itself.

    A function which wraps an `over_sample` wrapper in a further decorator is not one: that decorator may read
    the pixel centres.

    Parameters
    ----------
    func
        The function or bound method (e.g. ``light_profile.image_2d_from``) to check.
    """
    func = getattr(func, "__func__", func)

    try:
        return func in _over_sample_wrappers
    except TypeError:
        return False
