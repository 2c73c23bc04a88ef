import logging
import numpy as np
from typing import Optional

import autoarray as aa
import autogalaxy as ag

from autogalaxy.util.plot_utils import plot_array
from autoarray.plot.yx import plot_yx
from autoarray.plot.utils import subplots, save_figure, conf_subplot_figsize, tight_layout
from autoarray.inversion.mappers.abstract import Mapper
from autoarray.inversion.plot.mapper_plots import plot_mapper
from autolens.lens.plot.tracer_plots import plane_image_from

# Canonical, single-source definition (shared with the imaging fit plots),
# homed under autolens.lens.plot to avoid a circular import through the
# autolens.plot aggregator __init__. Re-exported here so existing
# ``from autolens.interferometer.plot.fit_interferometer_plots import _compute_critical_curve_lines``
# imports keep working. This also adopts the hardened error handling that the
# imaging copy carried and this copy previously lacked (a bare ``except`` that
# silently swallowed every failure).
from autolens.lens.plot.critical_curves import _compute_critical_curve_lines

logger = logging.getLogger(__name__)


def _plot_source_plane(fit, ax, plane_index, zoom_to_brightest=True,
                       colormap=None, use_log10=False, title=None,
                       lines=None, line_colors=None, vmax=None):
    """
    Plot the source-plane image into an axes, matching the imaging subplot_fit behaviour.

    For parametric sources, evaluates the source light profiles directly on
    the unmasked real-space grid (``fit.dataset.real_space_mask.derive_grid.all_false``)
    via :func:`~autolens.lens.plot.tracer_plots.plane_image_from` — identical
    to the imaging path.  For pixelized sources, renders the inversion
    reconstruction via :func:`~autoarray.inversion.plot.mapper_plots.plot_mapper`.

    Parameters
    ----------
    fit : FitInterferometer
        The interferometer fit providing the tracer, real-space mask, and inversion.
    ax : matplotlib.axes.Axes or None
        The axes into which the source-plane image is drawn.  ``None`` is a no-op.
    plane_index : int
        Index of the plane in ``fit.tracer.planes`` to visualise.
    zoom_to_brightest : bool, optional
        For parametric sources: zoom the evaluation grid in on the brightest
        region.  For inversion sources: zoom the colourmap to brightest pixels.
    colormap : str, optional
        Matplotlib colormap name.
    use_log10 : bool, optional
        Apply a log10 colour stretch.
    title : str, optional
        Axes title.  Defaults to ``"Source Plane (Zoomed)"`` /
        ``"Source Plane (No Zoom)"`` according to ``zoom_to_brightest``.
    lines : list, optional
        Caustic lines to overlay (passed to :func:`plot_array` / :func:`plot_mapper`).
    line_colors : list, optional
        Colours for each entry in *lines*.
    vmax : float, optional
        Shared colour-scale maximum.
    """
    if ax is None:
        return

    if title is None:
        title = "Source Plane (Zoomed)" if zoom_to_brightest else "Source Plane (No Zoom)"

    tracer = fit.tracer_linear_light_profiles_to_light_profiles
    if not tracer.planes[plane_index].has(cls=aa.Pixelization):
        if zoom_to_brightest:
            grid = fit.dataset.real_space_mask.derive_grid.all_false
        else:
            zoom = aa.Zoom2D(mask=fit.dataset.real_space_mask)
            grid = aa.Grid2D.from_extent(
                extent=zoom.extent_from(buffer=0),
                shape_native=zoom.shape_native,
            )
        image = plane_image_from(
            galaxies=tracer.planes[plane_index],
            grid=grid,
            zoom_to_brightest=zoom_to_brightest,
        )
        plot_array(
            array=image, ax=ax,
            title=title,
            colormap=colormap, use_log10=use_log10, vmax=vmax,
            lines=lines, line_colors=line_colors,
        )
    else:
        try:
            inversion = fit.inversion
            mapper_list = inversion.cls_list_from(cls=Mapper)
            mapper = mapper_list[plane_index - 1] if plane_index > 0 else mapper_list[0]
            pixel_values = inversion.reconstruction_dict[mapper]
            plot_mapper(
                mapper,
                solution_vector=pixel_values,
                ax=ax,
                title=title,
                colormap=colormap,
                use_log10=use_log10,
                vmax=vmax,
                zoom_to_brightest=zoom_to_brightest,
                lines=lines,
                line_colors=line_colors,
            )
        except Exception as exc:
            logger.warning(f"Could not plot source reconstruction for plane {plane_index}: {exc}")
            ax.axis("off")
            ax.set_title(title)


def subplot_fit(
    fit,
    output_path: Optional[str] = None,
    output_format: str = None,
    colormap: Optional[str] = None,
    image_plane_lines=None,
    image_plane_line_colors=None,
    source_plane_lines=None,
    source_plane_line_colors=None,
    title_prefix: str = None,
):
    """
    Produce a 12-panel subplot summarising an interferometer fit.

    Arranges the following panels in a 3 × 4 grid:

    * Amplitudes vs UV-distance (scatter)
    * Dirty image
    * Dirty signal-to-noise map
    * Dirty model image
    * Source plane image (final plane)
    * Normalised residual (real part) vs UV-distance (scatter)
    * Normalised residual (imaginary part) vs UV-distance (scatter)
    * Source plane image zoomed (final plane)
    * Dirty normalised residual map
    * Dirty normalised residual map clipped to ± 1 σ
    * (panel 9 re-used for 1σ clip — see implementation note)
    * Dirty chi-squared map
    * Source plane image (full extent)

    On an array-free dataset (``fit.dataset.is_array_free``) there are no visibilities, so a
    2 × 3 grid of the natural-weighted dirty image, dirty model image and dirty residual map
    plus the zoomed and unzoomed source plane is written to the same filename instead.

    Parameters
    ----------
    fit : FitInterferometer
        The interferometer fit to visualise.
    output_path : str, optional
        Directory in which to save the figure.  If ``None`` the figure is
        not saved to disk.
    output_format : str, optional
        Image format passed to :func:`~autoarray.plot.utils.save_figure`.
    colormap : str, optional
        Matplotlib colormap name applied to all image panels.
    """
    final_plane_index = len(fit.tracer.planes) - 1

    if image_plane_lines is None and source_plane_lines is None:
        tracer = fit.tracer_linear_light_profiles_to_light_profiles
        _cc_grid = fit.dataset.real_space_mask.derive_grid.all_false
        image_plane_lines, image_plane_line_colors, source_plane_lines, source_plane_line_colors = (
            _compute_critical_curve_lines(tracer, _cc_grid)
        )

    _pf = (lambda t: f"{title_prefix.rstrip()} {t}") if title_prefix else (lambda t: t)

    if fit.dataset.is_array_free:
        # An array-free dataset (from_stream / from_sparse_terms) has no visibilities, so the
        # visibility-space and unweighted dirty panels are replaced by the natural-weighted
        # dirty image / model / residual (from the sparse terms) and the source plane.
        fig, axes = subplots(2, 3, figsize=conf_subplot_figsize(2, 3))
        axes_flat = list(axes.flatten())

        plot_array(array=fit.dataset.dirty_image_natural, ax=axes_flat[0],
                   title=_pf("Dirty Image (Natural)"), colormap=colormap)
        plot_array(array=fit.dirty_model_image_natural, ax=axes_flat[1],
                   title=_pf("Dirty Model Image (Natural)"), colormap=colormap,
                   lines=image_plane_lines, line_colors=image_plane_line_colors)
        plot_array(array=fit.dirty_residual_map_natural, ax=axes_flat[2],
                   title=_pf("Dirty Residual Map (Natural)"), colormap=colormap)
        _plot_source_plane(fit, axes_flat[3], final_plane_index,
                           zoom_to_brightest=True, colormap=colormap,
                           title=_pf("Source Plane (Zoomed)"),
                           lines=source_plane_lines,
                           line_colors=source_plane_line_colors)
        _plot_source_plane(fit, axes_flat[4], final_plane_index,
                           zoom_to_brightest=False, colormap=colormap,
                           title=_pf("Source Plane (No Zoom)"),
                           lines=source_plane_lines,
                           line_colors=source_plane_line_colors)
        axes_flat[5].axis("off")

        tight_layout()
        save_figure(fig, path=output_path, filename="fit", format=output_format)
        return

    fig, axes = subplots(3, 4, figsize=conf_subplot_figsize(3, 4))
    axes_flat = list(axes.flatten())

    # Panel 0: amplitudes vs UV-distances
    plot_yx(
        y=np.real(fit.residual_map),
        x=fit.dataset.uv_distances / 10 ** 3.0,
        ax=axes_flat[0],
        title=_pf("Amplitudes vs UV-Distance"),
        xtick_suffix='"',
        ytick_suffix="Jy",
        plot_axis_type="scatter",
    )

    plot_array(array=fit.dirty_image, ax=axes_flat[1], title=_pf("Dirty Image"),
               colormap=colormap)
    plot_array(array=fit.dirty_signal_to_noise_map, ax=axes_flat[2],
               title=_pf("Dirty Signal-To-Noise Map"), colormap=colormap)

    # Panel 3 (4th): dirty model image with critical curves
    plot_array(array=fit.dirty_model_image, ax=axes_flat[3], title=_pf("Dirty Model Image"),
               colormap=colormap, lines=image_plane_lines,
               line_colors=image_plane_line_colors)

    # Panel 4: dirty residual map
    plot_array(array=fit.dirty_residual_map, ax=axes_flat[4],
               title=_pf("Dirty Residual Map"), colormap=colormap)

    # Panel 5: normalized residual vs UV-distances (real)
    plot_yx(
        y=np.real(fit.normalized_residual_map),
        x=fit.dataset.uv_distances / 10 ** 3.0,
        ax=axes_flat[5],
        title=_pf("Normalized Residual Map (Real)"),
        xtick_suffix='"',
        ytick_suffix=r"$\sigma$",
        plot_axis_type="scatter",
    )

    # Panel 6: normalized residual vs UV-distances (imag)
    plot_yx(
        y=np.imag(fit.normalized_residual_map),
        x=fit.dataset.uv_distances / 10 ** 3.0,
        ax=axes_flat[6],
        title=_pf("Normalized Residual Map (Imag)"),
        xtick_suffix='"',
        ytick_suffix=r"$\sigma$",
        plot_axis_type="scatter",
    )

    # Panel 7 (8th): source plane zoomed with caustics
    _plot_source_plane(fit, axes_flat[7], final_plane_index,
                       zoom_to_brightest=True, colormap=colormap,
                       title=_pf("Source Plane (Zoomed)"),
                       lines=source_plane_lines,
                       line_colors=source_plane_line_colors)

    plot_array(array=fit.dirty_normalized_residual_map, ax=axes_flat[8],
               title=_pf("Dirty Normalized Residual Map"), colormap=colormap, cb_unit=r"$\sigma$")

    # Panel 9: clipped to ±1σ
    plot_array(
        fit.dirty_normalized_residual_map,
        ax=axes_flat[9],
        title=_pf(r"Normalized Residual Map $1\sigma$"),
        colormap=colormap,
        vmin=-1.0, vmax=1.0,
        cb_unit=r"$\sigma$",
    )

    plot_array(array=fit.dirty_chi_squared_map, ax=axes_flat[10],
               title=_pf("Dirty Chi-Squared Map"), colormap=colormap, cb_unit=r"$\chi^2$")

    # Panel 11 (12th): source plane not zoomed with caustics
    _plot_source_plane(fit, axes_flat[11], final_plane_index,
                       zoom_to_brightest=False, colormap=colormap,
                       title=_pf("Source Plane (No Zoom)"),
                       lines=source_plane_lines,
                       line_colors=source_plane_line_colors)

    tight_layout()
    save_figure(fig, path=output_path, filename="fit", format=output_format)


def subplot_fit_dirty_images(
    fit,
    output_path: Optional[str] = None,
    output_format: str = None,
    colormap: Optional[str] = None,
    use_log10: bool = False,
    image_plane_lines=None,
    image_plane_line_colors=None,
    title_prefix: str = None,
):
    """
    Produce a 2×3 subplot of dirty-image diagnostics for an interferometer fit.

    Panels (row-major order):
      Dirty Image | Dirty Signal-To-Noise Map | Dirty Model Image (critical curves)
      Dirty Residual Map | Dirty Norm Residual Map | Dirty Chi-Squared Map

    On an array-free dataset (``fit.dataset.is_array_free``) a 1 × 3 subplot of the
    natural-weighted dirty image, dirty model image and dirty residual map is written instead.

    Parameters
    ----------
    fit : FitInterferometer
        The interferometer fit to visualise.
    output_path : str, optional
        Directory in which to save the figure.
    output_format : str, optional
        Image format.
    colormap : str, optional
        Matplotlib colormap name.
    use_log10 : bool, optional
        Apply a log10 colour stretch.
    """
    if image_plane_lines is None:
        tracer = fit.tracer_linear_light_profiles_to_light_profiles
        _cc_grid = fit.dataset.real_space_mask.derive_grid.all_false
        image_plane_lines, image_plane_line_colors, _, _ = (
            _compute_critical_curve_lines(tracer, _cc_grid)
        )

    _pf = (lambda t: f"{title_prefix.rstrip()} {t}") if title_prefix else (lambda t: t)

    if fit.dataset.is_array_free:
        fig, axes = subplots(1, 3, figsize=conf_subplot_figsize(1, 3))
        axes_flat = list(axes.flatten())

        plot_array(array=fit.dataset.dirty_image_natural, ax=axes_flat[0],
                   title=_pf("Dirty Image (Natural)"), colormap=colormap,
                   use_log10=use_log10)
        plot_array(array=fit.dirty_model_image_natural, ax=axes_flat[1],
                   title=_pf("Dirty Model Image (Natural)"), colormap=colormap,
                   use_log10=use_log10, lines=image_plane_lines,
                   line_colors=image_plane_line_colors)
        plot_array(array=fit.dirty_residual_map_natural, ax=axes_flat[2],
                   title=_pf("Dirty Residual Map (Natural)"), colormap=colormap)

        tight_layout()
        save_figure(fig, path=output_path, filename="fit_dirty_images", format=output_format)
        return

    fig, axes = subplots(2, 3, figsize=conf_subplot_figsize(2, 3))
    axes_flat = list(axes.flatten())

    plot_array(array=fit.dirty_image, ax=axes_flat[0], title=_pf("Dirty Image"),
               colormap=colormap, use_log10=use_log10)
    plot_array(array=fit.dirty_signal_to_noise_map, ax=axes_flat[1],
               title=_pf("Dirty Signal-To-Noise Map"), colormap=colormap)
    plot_array(array=fit.dirty_model_image, ax=axes_flat[2],
               title=_pf("Dirty Model Image"), colormap=colormap, use_log10=use_log10,
               lines=image_plane_lines, line_colors=image_plane_line_colors)
    plot_array(array=fit.dirty_residual_map, ax=axes_flat[3],
               title=_pf("Dirty Residual Map"), colormap=colormap)
    plot_array(array=fit.dirty_normalized_residual_map, ax=axes_flat[4],
               title=_pf("Dirty Normalized Residual Map"), colormap=colormap, cb_unit=r"$\sigma$")
    plot_array(array=fit.dirty_chi_squared_map, ax=axes_flat[5],
               title=_pf("Dirty Chi-Squared Map"), colormap=colormap, cb_unit=r"$\chi^2$")

    tight_layout()
    save_figure(fig, path=output_path, filename="fit_dirty_images", format=output_format)


def subplot_fit_interferometer_combined(
    fit_list,
    output_path: Optional[str] = None,
    output_format: str = None,
    colormap: Optional[str] = None,
    title_prefix: str = None,
):
    """
    Produce a combined multi-row subplot for a list of `FitInterferometer` objects.

    Each row corresponds to one channel of a datacube (or one dataset of a multi-band
    interferometer fit) and contains four panels:

    * Dirty Image (data)
    * Dirty Model Image (with critical curves)
    * Source Plane (reconstruction)
    * Dirty Normalised Residual Map

    The layout mirrors :func:`subplot_fit_combined` for imaging — same purpose,
    different panel choice because interferometer fits are most informatively
    visualised in dirty-image space.

    A fit on an array-free dataset (``fit.dataset.is_array_free``) has no visibilities, so its row
    shows the natural-weighted dirty image, dirty model image, source plane and dirty residual map.

    Parameters
    ----------
    fit_list : list of FitInterferometer
        The interferometer fits to display. Each fit occupies one row of the figure.
    output_path : str, optional
        Directory in which to save the figure. If ``None`` the figure is not saved.
    output_format : str, optional
        Image format passed to :func:`~autoarray.plot.utils.save_figure`.
    colormap : str, optional
        Matplotlib colormap name applied to all image panels.
    title_prefix : str, optional
        Optional prefix prepended to every panel title.
    """
    n_fits = len(fit_list)
    n_cols = 4
    fig, axes = subplots(n_fits, n_cols, figsize=conf_subplot_figsize(n_fits, n_cols))
    if n_fits == 1:
        all_axes = [list(axes)]
    else:
        all_axes = [list(axes[i]) for i in range(n_fits)]

    final_plane_index = len(fit_list[0].tracer.planes) - 1

    _pf = (lambda t: f"{title_prefix.rstrip()} {t}") if title_prefix else (lambda t: t)
    for row, fit in enumerate(fit_list):
        row_axes = all_axes[row]

        tracer = fit.tracer_linear_light_profiles_to_light_profiles
        cc_grid = fit.dataset.real_space_mask.derive_grid.all_false
        ip_lines, ip_colors, sp_lines, sp_colors = _compute_critical_curve_lines(
            tracer, cc_grid
        )

        array_free = fit.dataset.is_array_free

        plot_array(
            array=fit.dataset.dirty_image_natural if array_free else fit.dirty_image,
            ax=row_axes[0],
            title=_pf(
                f"Dirty Image (Natural) (ch {row})"
                if array_free
                else f"Dirty Image (ch {row})"
            ),
            colormap=colormap,
        )

        plot_array(
            array=fit.dirty_model_image_natural if array_free else fit.dirty_model_image,
            ax=row_axes[1],
            title=_pf("Dirty Model Image (Natural)" if array_free else "Dirty Model Image"),
            colormap=colormap,
            lines=ip_lines,
            line_colors=ip_colors,
        )

        try:
            _plot_source_plane(
                fit,
                row_axes[2],
                final_plane_index,
                colormap=colormap,
                title=_pf(f"Source Plane {final_plane_index}"),
                lines=sp_lines,
                line_colors=sp_colors,
            )
        except Exception:
            row_axes[2].axis("off")

        if array_free:
            plot_array(
                array=fit.dirty_residual_map_natural,
                ax=row_axes[3],
                title=_pf("Dirty Residual Map (Natural)"),
                colormap=colormap,
            )
        else:
            plot_array(
                array=fit.dirty_normalized_residual_map,
                ax=row_axes[3],
                title=_pf("Dirty Norm Residual"),
                colormap=colormap,
                cb_unit=r"$\sigma$",
            )

    tight_layout()
    save_figure(fig, path=output_path, filename="fit_combined", format=output_format)


def subplot_fit_real_space(
    fit,
    output_path: Optional[str] = None,
    output_format: str = None,
    colormap: Optional[str] = None,
    source_plane_lines=None,
    source_plane_line_colors=None,
    title_prefix: str = None,
):
    """
    Produce a real-space subplot for an interferometer fit.

    Renders the model in image space rather than the visibility (UV)
    domain.  The layout depends on whether the fit uses an inversion:

    * **No inversion** — two panels: the full lensed model image and the
      source-plane image of the final plane evaluated on the zoomed
      real-space grid.
    * **With inversion** — two placeholder panels are shown (axes turned
      off), because the inversion reconstruction is rendered by the
      inversion plotter.

    Parameters
    ----------
    fit : FitInterferometer
        The interferometer fit to visualise.
    output_path : str, optional
        Directory in which to save the figure.  If ``None`` the figure is
        not saved to disk.
    output_format : str, optional
        Image format passed to :func:`~autoarray.plot.utils.save_figure`.
    colormap : str, optional
        Matplotlib colormap name applied to all image panels.
    """
    tracer = fit.tracer_linear_light_profiles_to_light_profiles
    final_plane_index = len(fit.tracer.planes) - 1

    fig, axes = subplots(1, 2, figsize=conf_subplot_figsize(1, 2))
    axes_flat = list(axes.flatten())

    _pf = (lambda t: f"{title_prefix.rstrip()} {t}") if title_prefix else (lambda t: t)
    if fit.inversion is None:
        # Parametric source: image-plane model image + source-plane image
        grid = fit.dataset.real_space_mask.derive_grid.all_false
        image = tracer.image_2d_from(grid=grid)
        plot_array(array=image, ax=axes_flat[0], title=_pf("Image"), colormap=colormap)

        _plot_source_plane(fit, axes_flat[1], final_plane_index,
                           zoom_to_brightest=True, colormap=colormap,
                           title=_pf("Source Plane (Zoomed)"),
                           lines=source_plane_lines, line_colors=source_plane_line_colors)
    else:
        # Pixelized source: dirty model image + source reconstruction
        # An array-free dataset has no transformer: its dirty model image is the
        # natural-weighted one formed from the sparse terms.
        plot_array(
            array=(
                fit.dirty_model_image_natural
                if fit.dataset.is_array_free
                else fit.dirty_model_image
            ),
            ax=axes_flat[0],
            title=_pf("Reconstructed Image"),
            colormap=colormap,
        )
        _plot_source_plane(fit, axes_flat[1], final_plane_index,
                           zoom_to_brightest=True, colormap=colormap,
                           title=_pf("Source Reconstruction"),
                           lines=source_plane_lines, line_colors=source_plane_line_colors)

    tight_layout()
    save_figure(fig, path=output_path, filename="fit_real_space", format=output_format)


def subplot_tracer_from_fit(
    fit,
    output_path: Optional[str] = None,
    output_format: str = None,
    colormap: Optional[str] = None,
    image_plane_lines=None,
    image_plane_line_colors=None,
    source_plane_lines=None,
    source_plane_line_colors=None,
    title_prefix: str = None,
):
    """
    Produce a 9-panel tracer subplot derived from a `FitInterferometer` object.

    Panels (3x3 = 9 axes):
      0: Dirty Model Image with critical curves
      1: Source Model Image (dirty, image-plane projection) with critical curves
      2: Source plane (no zoom) with caustics
      3: Lens image (log10) with critical curves
      4: Convergence (log10)
      5: Potential (log10)
      6: Deflections Y with critical curves
      7: Deflections X with critical curves
      8: Magnification with critical curves

    Parameters
    ----------
    fit : FitInterferometer
        The interferometer fit whose best-fit tracer is visualised.
    output_path : str, optional
        Directory in which to save the figure.  If ``None`` the figure is
        not saved to disk.
    output_format : str, optional
        Image format passed to :func:`~autoarray.plot.utils.save_figure`.
    colormap : str, optional
        Matplotlib colormap name applied to all image panels.
    """
    from autogalaxy.operate.lens_calc import LensCalc

    final_plane_index = len(fit.tracer.planes) - 1
    tracer = fit.tracer_linear_light_profiles_to_light_profiles

    # --- grid from real-space mask (matches imaging behaviour) ---
    grid = fit.dataset.real_space_mask.derive_grid.all_false

    if image_plane_lines is None and source_plane_lines is None:
        image_plane_lines, image_plane_line_colors, source_plane_lines, source_plane_line_colors = (
            _compute_critical_curve_lines(tracer, grid)
        )

    traced_grids = tracer.traced_grid_2d_list_from(grid=grid)
    lens_galaxies = ag.Galaxies(galaxies=tracer.planes[0])
    lens_image = lens_galaxies.image_2d_from(grid=traced_grids[0])

    deflections = tracer.deflections_yx_2d_from(grid=grid)
    deflections_y = aa.Array2D(values=deflections.slim[:, 0], mask=grid.mask)
    deflections_x = aa.Array2D(values=deflections.slim[:, 1], mask=grid.mask)

    magnification = LensCalc.from_mass_obj(tracer).magnification_2d_from(grid=grid)

    _pf = (lambda t: f"{title_prefix.rstrip()} {t}") if title_prefix else (lambda t: t)
    fig, axes = subplots(3, 3, figsize=conf_subplot_figsize(3, 3))
    axes_flat = list(axes.flatten())

    # Panel 0: Dirty Model Image
    if fit.dataset.is_array_free:
        plot_array(array=fit.dirty_model_image_natural, ax=axes_flat[0],
                   title=_pf("Dirty Model Image (Natural)"),
                   lines=image_plane_lines, line_colors=image_plane_line_colors,
                   colormap=colormap)
    else:
        plot_array(array=fit.dirty_model_image, ax=axes_flat[0], title=_pf("Dirty Model Image"),
                   lines=image_plane_lines, line_colors=image_plane_line_colors,
                   colormap=colormap)

    # Panel 1: Lensed source image (image-plane projection).
    # Use galaxy_image_dict so that pixelized (inversion) sources are included.
    try:
        galaxy_image_dict = fit.galaxy_image_dict
        source_galaxies_list = tracer.planes[final_plane_index]
        source_model_img = sum(
            galaxy_image_dict[galaxy]
            for galaxy in source_galaxies_list
            if galaxy in galaxy_image_dict
        )
        if np.all(source_model_img == 0):
            source_model_img = None
    except Exception:
        source_model_img = None
    if source_model_img is not None:
        plot_array(array=source_model_img, ax=axes_flat[1], title=_pf("Source Model Image"),
                   colormap=colormap,
                   lines=image_plane_lines, line_colors=image_plane_line_colors)
    else:
        axes_flat[1].axis("off")

    # Panel 2: Source Plane (No Zoom) with caustics
    _plot_source_plane(fit, axes_flat[2], final_plane_index, zoom_to_brightest=False,
                       colormap=colormap, title=_pf("Source Plane (No Zoom)"),
                       lines=source_plane_lines, line_colors=source_plane_line_colors)

    # Panel 3: Lens Image (log10)
    plot_array(array=lens_image, ax=axes_flat[3], title=_pf("Lens Image"),
               lines=image_plane_lines, line_colors=image_plane_line_colors,
               colormap=colormap, use_log10=True)

    # Panel 4: Convergence (log10)
    try:
        convergence = tracer.convergence_2d_from(grid=grid)
        plot_array(array=convergence, ax=axes_flat[4], title=_pf("Convergence"),
                   colormap=colormap, use_log10=True)
    except Exception:
        axes_flat[4].axis("off")

    # Panel 5: Potential (log10)
    try:
        potential = tracer.potential_2d_from(grid=grid)
        plot_array(array=potential, ax=axes_flat[5], title=_pf("Potential"),
                   colormap=colormap, use_log10=True)
    except Exception:
        axes_flat[5].axis("off")

    # Panel 6: Deflections Y
    plot_array(array=deflections_y, ax=axes_flat[6], title=_pf("Deflections Y"),
               colormap=colormap)

    # Panel 7: Deflections X
    plot_array(array=deflections_x, ax=axes_flat[7], title=_pf("Deflections X"),
               colormap=colormap)

    # Panel 8: Magnification
    plot_array(array=magnification, ax=axes_flat[8], title=_pf("Magnification"),
               colormap=colormap)

    tight_layout()
    save_figure(fig, path=output_path, filename="tracer", format=output_format)
