from autofit.non_linear.plot import (
    corner_cornerpy,
    corner_anesthetic,
    subplot_parameters,
    log_likelihood_vs_iteration,
    output_figure,
)

from autogalaxy.util.plot_utils import plot_array, plot_grid, fits_array

from autoarray.dataset.plot.imaging_plots import (
    subplot_imaging_dataset,
    subplot_imaging_dataset_list,
    fits_imaging,
)
from autoarray.dataset.plot.interferometer_plots import (
    subplot_interferometer_dataset,
    subplot_interferometer_dirty_images,
    fits_interferometer,
)

from autogalaxy.profiles.plot.basis_plots import subplot_image as subplot_basis_image

from autogalaxy.galaxy.plot.galaxy_plots import (
    subplot_of_light_profiles as subplot_galaxy_light_profiles,
    subplot_of_mass_profiles as subplot_galaxy_mass_profiles,
)

from autogalaxy.galaxy.plot.galaxies_plots import (
    subplot_galaxies,
    subplot_galaxy_images,
)

from autogalaxy.galaxy.plot.adapt_plots import (
    subplot_adapt_images,
)

from autogalaxy.imaging.plot.fit_imaging_plots import (
    subplot_fit as subplot_fit_imaging,
    subplot_fit_imaging_list,
    subplot_of_galaxy as subplot_fit_imaging_of_galaxy,
)

from autogalaxy.interferometer.plot.fit_interferometer_plots import (
    subplot_fit as subplot_fit_interferometer,
    subplot_fit_dirty_images,
    subplot_fit_real_space,
)

from autogalaxy.ellipse.plot.fit_ellipse_plots import (
    subplot_fit_ellipse,
    subplot_ellipse_errors,
)
