from autogalaxy.aggregator.imaging.imaging import _imaging_from
from autogalaxy.aggregator.imaging.imaging import ImagingAgg

from autogalaxy.aggregator.interferometer.interferometer import _interferometer_from
from autogalaxy.aggregator.interferometer.interferometer import InterferometerAgg

from autolens.aggregator.tracer import _tracer_from
from autolens.aggregator.tracer import TracerAgg

from autolens.aggregator.fit_imaging import _fit_imaging_from
from autolens.aggregator.fit_imaging import FitImagingAgg

from autolens.aggregator.fit_interferometer import _fit_interferometer_from
from autolens.aggregator.fit_interferometer import FitInterferometerAgg

from autogalaxy.aggregator.ellipse.ellipses import _ellipses_from
from autogalaxy.aggregator.ellipse.ellipses import EllipsesAgg
from autogalaxy.aggregator.ellipse.multipoles import _multipoles_from
from autogalaxy.aggregator.ellipse.multipoles import MultipolesAgg
from autogalaxy.aggregator.ellipse.fit_ellipse import _fit_ellipse_from
from autogalaxy.aggregator.ellipse.fit_ellipse import FitEllipseAgg

from autolens.aggregator.subhalo import SubhaloAgg

from autolens.aggregator.subplot import Dataset as subplot_dataset
from autolens.aggregator.subplot import Tracer as subplot_tracer
from autolens.aggregator.subplot import FitX1Plane as subplot_fit_x1_plane
from autolens.aggregator.subplot import Fit as subplot_fit
from autolens.aggregator.subplot import FitLog10 as subplot_fit_log10
from autolens.aggregator.subplot import (
    FITSGalaxyImages as fits_galaxy_images,
)
from autolens.aggregator.subplot import (
    FITSModelGalaxyImages as fits_model_galaxy_images,
)
from autolens.aggregator.subplot import FITSTracer as fits_tracer
from autolens.aggregator.subplot import FITSFit as fits_fit
