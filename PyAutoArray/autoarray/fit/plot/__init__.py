from autoarray.fit.plot.fit_imaging_plots import subplot_fit_imaging
from autoarray.fit.plot.fit_interferometer_plots import (
    subplot_fit_interferometer,
    subplot_fit_interferometer_dirty_images,
)
