from autofit.non_linear.plot import (
    corner_cornerpy,
    corner_anesthetic,
    subplot_parameters,
    log_likelihood_vs_iteration,
    output_figure,
)

# ---------------------------------------------------------------------------
# Standalone plot helpers (autoarray)
# ---------------------------------------------------------------------------
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

# ---------------------------------------------------------------------------
# Galaxy / profile subplots (autogalaxy)
# ---------------------------------------------------------------------------
from autogalaxy.plot import (
    subplot_galaxy_light_profiles,
    subplot_galaxy_mass_profiles,
    subplot_basis_image,
    subplot_galaxies,
    subplot_galaxy_images,
    subplot_adapt_images,
    subplot_fit_imaging_of_galaxy,
    subplot_fit_dirty_images,
    subplot_fit_real_space,
    subplot_fit_ellipse,
    subplot_ellipse_errors,
)

# ---------------------------------------------------------------------------
# subplot_* public API
# ---------------------------------------------------------------------------
from autolens.lens.plot.tracer_plots import (
    subplot_tracer,
    subplot_lensed_images,
    subplot_galaxies_images,
)
from autolens.imaging.plot.fit_imaging_plots import (
    subplot_fit as subplot_fit_imaging,
    subplot_fit_log10 as subplot_fit_imaging_log10,
    subplot_fit_x1_plane as subplot_fit_imaging_x1_plane,
    subplot_fit_log10_x1_plane as subplot_fit_imaging_log10_x1_plane,
    subplot_of_planes as subplot_fit_imaging_of_planes,
    subplot_mappings as subplot_fit_imaging_mappings,
    subplot_tracer_from_fit as subplot_fit_imaging_tracer,
    subplot_fit_combined,
    subplot_fit_combined_log10,
)
from autolens.interferometer.plot.fit_interferometer_plots import (
    subplot_fit as subplot_fit_interferometer,
    subplot_fit_real_space as subplot_fit_interferometer_real_space,
    subplot_fit_dirty_images as subplot_fit_interferometer_dirty_images,
    subplot_tracer_from_fit as subplot_fit_interferometer_tracer,
    subplot_fit_interferometer_combined,
)
from autolens.point.plot.fit_point_plots import (
    subplot_fit as subplot_fit_point,
    plot_image_with_points,
)
from autolens.point.plot.point_dataset_plots import subplot_dataset as subplot_point_dataset
from autolens.point.plot.point_solver_plots import plot_point_solver

from autolens.cluster.plot.cluster_plots import (
    plot_positions_overlay,
    plot_image_group_zooms,
    plot_critical_curves,
    plot_caustics,
    subplot_cluster_dataset,
)

from autolens.weak.plot.weak_dataset_plots import (
    plot_shear_yx_2d,
    plot_ellipticities,
    plot_phis,
    plot_noise_map,
    subplot_weak_dataset,
)
from autolens.weak.plot.fit_weak_plots import (
    plot_data_vs_model,
    plot_residuals,
    plot_chi_squared_map,
    subplot_fit_weak,
)
from autolens.weak.plot.shear_profile_plots import (
    plot_shear_profile,
)
from autolens.weak.plot.convergence_plots import (
    plot_convergence_map,
)

from autolens.lens.plot.subhalo_plots import (
    subplot_detection_imaging,
    subplot_detection_fits,
)
from autolens.lens.plot.sensitivity_plots import (
    subplot_tracer_images as subplot_sensitivity_tracer_images,
    subplot_sensitivity,
    subplot_figures_of_merit_grid as subplot_sensitivity_figures_of_merit,
)
