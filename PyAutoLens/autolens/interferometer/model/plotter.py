import autoarray as aa

from autogalaxy.interferometer.model.plotter import (
    PlotterInterferometer as AgPlotterInterferometer,
)

from autogalaxy.interferometer.plot.fit_interferometer_plots import (
    fits_galaxy_images,
    fits_dirty_images,
)

from autolens.interferometer.fit_interferometer import FitInterferometer
from autolens.interferometer.plot.fit_interferometer_plots import (
    subplot_fit,
    subplot_fit_dirty_images,
    subplot_fit_interferometer_combined,
    subplot_fit_real_space,
    subplot_tracer_from_fit,
    _compute_critical_curve_lines,
)
from autolens.analysis.plotter import Plotter

from autolens.analysis.plotter import plot_setting


class PlotterInterferometer(Plotter):
    interferometer = AgPlotterInterferometer.interferometer

    def fit_interferometer(
        self,
        fit: FitInterferometer,
        quick_update: bool = False,
        image_plane_lines=None,
        image_plane_line_colors=None,
        source_plane_lines=None,
        source_plane_line_colors=None,
    ):
        """
        Visualizes a `FitInterferometer` object.

        Parameters
        ----------
        fit
            The maximum log likelihood `FitInterferometer` of the non-linear search.
        image_plane_lines
            Pre-computed critical-curve lines. Computed internally if not provided.
        image_plane_line_colors
            Colours for each image-plane line.
        source_plane_lines
            Pre-computed caustic lines. Computed internally if not provided.
        source_plane_line_colors
            Colours for each source-plane line.
        """

        def should_plot(name):
            return plot_setting(section=["fit", "fit_interferometer"], name=name)

        output_path = str(self.image_path)
        fmt = self.fmt

        # Use pre-computed critical curves if provided, otherwise compute once here.
        if image_plane_lines is None and source_plane_lines is None:
            tracer = fit.tracer_linear_light_profiles_to_light_profiles
            _cc_grid = fit.dataset.real_space_mask.derive_grid.all_false
            ip_lines, ip_colors, sp_lines, sp_colors = _compute_critical_curve_lines(tracer, _cc_grid)
        else:
            ip_lines, ip_colors, sp_lines, sp_colors = (
                image_plane_lines, image_plane_line_colors,
                source_plane_lines, source_plane_line_colors,
            )

        if should_plot("subplot_fit") or quick_update:
            subplot_fit(
                fit, output_path=output_path, output_format=fmt,
                image_plane_lines=ip_lines, image_plane_line_colors=ip_colors,
                source_plane_lines=sp_lines, source_plane_line_colors=sp_colors,
                title_prefix=self.title_prefix,
            )

        if quick_update:
            return

        if plot_setting(section="tracer", name="subplot_tracer"):
            subplot_tracer_from_fit(
                fit, output_path=output_path, output_format=fmt,
                image_plane_lines=ip_lines, image_plane_line_colors=ip_colors,
                source_plane_lines=sp_lines, source_plane_line_colors=sp_colors,
                title_prefix=self.title_prefix,
            )

        if should_plot("subplot_fit_dirty_images"):
            subplot_fit_dirty_images(
                fit, output_path=output_path, output_format=fmt,
                image_plane_lines=ip_lines, image_plane_line_colors=ip_colors,
                title_prefix=self.title_prefix,
            )

        if should_plot("subplot_fit_real_space"):
            subplot_fit_real_space(
                fit, output_path=output_path, output_format=fmt,
                source_plane_lines=sp_lines, source_plane_line_colors=sp_colors,
                title_prefix=self.title_prefix,
            )

        if should_plot("fits_galaxy_images"):
            fits_galaxy_images(fit=fit, output_path=self.image_path)

        if should_plot("fits_dirty_images"):
            fits_dirty_images(fit=fit, output_path=self.image_path)

    def fit_interferometer_combined(
        self,
        fit_list,
        quick_update: bool = False,
    ):
        """
        Output visualization of all `FitInterferometer` objects in a summed combined
        analysis (e.g. an ALMA datacube modelled as a list of channels via
        `af.FactorGraphModel`).

        Outputs ``fit_combined.png`` in the visualisation directory: a row-per-channel
        subplot showing dirty image, dirty model image, source-plane reconstruction
        and dirty normalised residual map for every channel side by side.

        Parameters
        ----------
        fit_list
            The list of interferometer fits which are visualized.
        quick_update
            If ``True``, only the combined dirty-image subplot is written (no extra
            log-stretched variants), so this is safe to call from the search's
            quick-update hook.
        """
        def should_plot(name):
            return plot_setting(section=["fit", "fit_interferometer"], name=name)

        output_path = str(self.image_path)
        fmt = self.fmt

        if should_plot("subplot_fit") or quick_update:
            subplot_fit_interferometer_combined(
                fit_list,
                output_path=output_path,
                output_format=fmt,
                title_prefix=self.title_prefix,
            )
