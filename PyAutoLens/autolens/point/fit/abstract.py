"""
Abstract base class for all point-source fit components.

``AbstractFitPoint`` provides shared functionality that is common to all point-source fit
classes (position fits, flux fits, time-delay fits):

- Solving for the image-plane positions of a source-plane coordinate using a
  ``PointSolver``.
- Computing the magnification at each image position from the tracer's mass model.
- Computing deflection angles at each image position.
- Providing the name-based pairing between a ``PointDataset`` and its ``Point`` model
  component.

Concrete subclasses implement ``figure_of_merit`` to compute the chi-squared or
log-likelihood for the specific observable (positions, fluxes, time delays) being fitted.

Magnification at a point: every point fit exposes ``signed_magnifications_at_positions``
(the Hessian magnification at each observed image position, with the image parity
preserved as its sign) and ``magnifications_at_positions`` (its absolute value, which
the flux fits and magnification weighting consume). For multi-plane tracers these use
the plane of the paired point source, not the final plane. The same accessors are
available on a finished model-fit via ``ResultPoint``. For arbitrary (y,x) coordinates
use ``ag.LensCalc.from_tracer(tracer=...).magnification_2d_via_hessian_from(grid=...)``.
"""

from abc import ABC
import numpy as np
from typing import Optional, Tuple

import autoarray as aa
import autogalaxy as ag

from autolens.point.solver import PointSolver
from autolens.lens.tracer import Tracer

from autolens import exc


class AbstractFitPoint(aa.AbstractFit, ABC):
    def __init__(
        self,
        name: str,
        data: aa.Grid2DIrregular,
        noise_map: aa.ArrayIrregular,
        tracer: Tracer,
        solver: PointSolver,
        profile: Optional[ag.ps.Point] = None,
        xp=np,
    ):
        """
        Abstract class to fit a point source dataset using a `Tracer` object, including different components
        of the point source data like positions, fluxes and time delays.

        All sub-classes which fit specifc components of the point source data (e.g. positions, fluxes, time delays)
        inherit from this class, to provide them with general point-source functionality used in most
        calculations, for example the deflection angles and magnification of the point source.

        Point source fitting uses name pairing, whereby the `name` of the `Point` object is paired to the name of the
        point source dataset to ensure that point source datasets are fitted to the correct point source.

        This fit object is used in the `FitPointDataset` to perform fitting of a `PointDataset`, which may also fit
        the point dataset poisitions, fluxes and / or time delays.

        When performing a model-fit via an `AnalysisPoint` object the `figure_of_merit` of the child class
        is called and returned in the `log_likelihood_function`.

        Parameters
        ----------
        name
            The name of the point source dataset which is paired to a `Point` profile.
        data
            The positions of the point source in the image-plane which are fitted.
        noise_map
            The noise-map of the positions which are used to compute the log likelihood of the positions.
        tracer
            The tracer of galaxies whose point source profile are used to fit the positions.
        solver
            Solves the lens equation in order to determine the image-plane positions of a point source by ray-tracing
            triangles to and from the source-plane.
        profile
            Manually input the profile of the point source, which is used instead of the one extracted from the
            tracer via name pairing if that profile is not found.
        """

        self.name = name
        if xp is not np and data._xp is not xp:
            data = aa.Grid2DIrregular(values=data.array, xp=xp)
        self._data = data
        self._noise_map = noise_map
        self.tracer = tracer
        self.solver = solver

        self.profile = profile or tracer.extract_profile(profile_name=name)

        if self.profile is None:
            raise exc.PointExtractionException(
                f"For the point-source named {name} there was no matching point source profile "
                f"in the tracer (make sure your tracer's point source name is the same the dataset name."
            )

        self.use_jax = xp is not np

    @property
    def _xp(self):
        if self.use_jax:
            import jax.numpy as jnp

            return jnp
        return np

    @property
    def data(self):
        return self._data

    @property
    def noise_map(self):
        return self._noise_map

    @property
    def signed_magnifications_at_positions(self) -> aa.ArrayIrregular:
        """
        The signed magnification of every observed position in the image-plane, computed from the tracer's
        deflection angle map via the Hessian, with the image parity preserved.

        The magnification is mu = 1 / det(A), where A is the lensing Jacobian. Its sign is the physical image
        parity observable: positive for images of positive parity (minima, and maxima such as the central image),
        negative for saddle-point images of negative parity. This accessor returns the raw signed value; the
        unsigned `magnifications_at_positions` is `abs()` of it.

        For multi-plane tracers (more than two planes) the magnification is computed with multi-plane lensing up to
        the plane containing the paired point-source profile (`plane_j`), not the final plane, so each source in a
        cluster gets the magnification appropriate to its own redshift.

        This property is JAX-traceable and returns an `aa.ArrayIrregular` on both the NumPy and JAX backends.

        To compute the magnification at arbitrary (y,x) image-plane coordinates (rather than at the observed
        positions of a dataset), use `ag.LensCalc.from_tracer(...).magnification_2d_via_hessian_from(grid=...)`.
        """
        use_multi_plane = len(self.tracer.planes) > 2
        plane_j = (
            self.tracer.extract_plane_index_of_profile(profile_name=self.name)
            if use_multi_plane
            else -1
        )
        od = ag.LensCalc.from_tracer(
            tracer=self.tracer,
            use_multi_plane=use_multi_plane,
            plane_j=plane_j,
        )
        magnifications = od.magnification_2d_via_hessian_from(
            grid=self.positions, xp=self._xp
        )
        if self.use_jax:
            magnifications = aa.ArrayIrregular(values=magnifications)
        return magnifications

    @property
    def magnifications_at_positions(self) -> aa.ArrayIrregular:
        """
        The (unsigned) magnification of every observed position in the image-plane, which is computed from the
        tracer's deflection angle map via the Hessian. This is `abs()` of `signed_magnifications_at_positions`, so the
        image parity (sign) is discarded; use `signed_magnifications_at_positions` to read the parity.

        These magnifications are used for two purposes, both of which consume |mu| by construction:

        1) For the opt-in `weighting = "magnification"` source-plane chi-squared, the residuals are multiplied by the
           magnification to approximate how the noise in the image-plane positions maps to the source-plane (the
           default `"jacobian"` weighting uses the full lensing Jacobian instead).

        2) For fitting the fluxes of point sources, the magnification is used to scale the flux of the point source
           in the source-plane to the image-plane, thus computing the model image-plane fluxes.
        """
        return abs(self.signed_magnifications_at_positions)

    @property
    def source_plane_coordinate(self) -> Tuple[float, float]:
        """
        Returns the centre of the point-source in the source-plane, which is used when computing the model
        image-plane positions from the tracer.

        This is the single funnel every position-based fit reads the source-plane centre from. By default it
        reads the `centre` of the paired point-source profile (a free model parameter on `ag.ps.Point` /
        `ag.ps.PointFlux`). The `autolens.point.fit.solved.SolvedCentre` mixin overrides this property on the
        `*Solved` fit classes (e.g. `FitPositionsSourceSolved`) to instead return a centre solved for
        analytically given the current tracer.

        Returns
        -------
        The (y,x) arc-second coordinates of the point-source in the source-plane.
        """
        if not hasattr(self.profile, "centre"):
            raise exc.PointProfileMismatchException(
                f"The point-source profile paired to dataset '{self.name}' "
                f"({self.profile.__class__.__name__}) has no `centre` attribute, so {self.__class__.__name__} "
                f"cannot read a source-plane coordinate from it. Use a `centre`-bearing profile (e.g. "
                f"`ag.ps.Point` / `ag.ps.PointFlux`), or use one of the analytically-solved fit classes (e.g. "
                f"`FitPositionsSourceSolved`, `FitPositionsImagePairAllSolved`, "
                f"`FitPositionsImagePairRepeatSolved`) which solve for the source-plane centre analytically "
                f"and require a parameter-free profile such as `ag.ps.PointSolved`."
            )
        return self.profile.centre

    @property
    def plane_index(self) -> int:
        """
        Returns the integer plane index containing the point source galaxy, which is used when computing the deflection
        angles of image-plane positions from the tracer.

        This index is used to ensure that if multi-plane tracing is used when solving the model image-plane positions,
        the correct source-plane is used to compute the model positions whilst accounting for multi-plane lensing.

        Returns
        -------
        The index of the plane containing the point-source galaxy.
        """
        return self.tracer.extract_plane_index_of_profile(profile_name=self.name)

    @property
    def plane_redshift(self) -> float:
        """
        Returns the redshift of the plane containing the point source galaxy, which is used when computing the
        deflection angles of image-plane positions from the tracer.

        This redshift is used to ensure that if multi-plane tracing is used when solving the model image-plane
        positions, the correct source-plane is used to compute the model positions whilst accounting for multi-plane
        lensing.

        Returns
        -------
        The redshift of the plane containing the point-source galaxy.
        """
        return self.tracer.planes[self.plane_index].redshift
