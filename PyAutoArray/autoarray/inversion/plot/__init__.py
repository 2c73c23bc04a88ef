from autoarray.inversion.plot.mapper_plots import (
    plot_mapper,
    subplot_image_and_mapper,
)
from autoarray.inversion.plot.inversion_plots import (
    subplot_of_mapper,
    subplot_mappings,
)
