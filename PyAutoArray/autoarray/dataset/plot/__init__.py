from autoarray.dataset.plot.imaging_plots import (
    subplot_imaging_dataset,
    subplot_imaging_dataset_list,
)
from autoarray.dataset.plot.interferometer_plots import (
    subplot_interferometer_dataset,
    subplot_interferometer_dirty_images,
)
