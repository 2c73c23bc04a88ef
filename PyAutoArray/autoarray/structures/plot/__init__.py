from autoarray.structures.plot.structure_plots import (
    plot_array_2d,
    plot_grid_2d,
    plot_yx_1d,
)
