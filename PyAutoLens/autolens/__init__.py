from autolens._fork import require_forks

# Fail now, with what to install, if autogalaxy or autoarray is not the fork's own (see _fork.py).
require_forks()

from autonerves import jax_wrapper
from autonerves.dictable import from_dict, from_json, output_to_json, to_dict
from autoarray import preprocess

from autoarray.dataset.imaging.dataset import Imaging
from autoarray.dataset.interferometer.dataset import (
    Interferometer,
)
from autoarray.dataset.grids import GridsInterface
from autoarray.dataset.dataset_model import DatasetModel
from autoarray.mask.mask_1d import Mask1D
from autoarray.mask.mask_2d import Mask2D
from autoarray.mask.derive.zoom_2d import Zoom2D
from autoarray.operators.over_sampling.over_sampler import OverSampler  # noqa
from autoarray.inversion.inversion.dataset_interface import DatasetInterface
from autoarray.inversion.mesh import image_mesh
from autoarray.inversion.mesh import mesh
from autoarray.inversion import regularization as reg
from autoarray.inversion.mesh.image_mesh.abstract import AbstractImageMesh
from autoarray.inversion.mesh.mesh.abstract import AbstractMesh
from autoarray.inversion.regularization.abstract import AbstractRegularization
from autoarray.inversion.pixelization import Pixelization
from autoarray.settings import Settings
from autoarray.inversion.inversion.factory import inversion_from as Inversion
from autoarray.inversion.mappers.abstract import Mapper
from autoarray.inversion.mesh.border_relocator import BorderRelocator
from autoarray.operators.convolver import Convolver
from autoarray.operators.transformer import TransformerDFT
from autoarray.operators.transformer import TransformerNUFFT
from autoarray.structures.arrays.uniform_1d import Array1D
from autoarray.structures.arrays.uniform_2d import Array2D
from autoarray.structures.arrays.rgb import Array2DRGB
from autoarray.structures.arrays.irregular import ArrayIrregular
from autoarray.structures.grids.uniform_1d import Grid1D
from autoarray.structures.grids.uniform_2d import Grid2D
from autoarray.structures.grids.irregular_2d import Grid2DIrregular
from autoarray.inversion.mesh.interpolator.rectangular import (
    InterpolatorRectangular,
)
from autoarray.inversion.mesh.interpolator.delaunay import InterpolatorDelaunay
from autoarray.inversion.mesh.interpolator.sibson import InterpolatorDelaunayNN
from autoarray.structures.triangles.shape import Circle
from autoarray.structures.triangles.shape import Triangle
from autoarray.structures.triangles.shape import Square
from autoarray.structures.triangles.shape import Polygon
from autoarray.structures.vectors.uniform import VectorYX2D
from autoarray.structures.vectors.irregular import VectorYX2DIrregular
from autoarray.structures.visibilities import Visibilities
from autoarray.structures.visibilities import VisibilitiesNoiseMap
from autoarray.inversion.mesh.mesh_geometry.rectangular import (
    rectangular_edge_pixel_list_from,
)

from autogalaxy import cosmology as cosmo
from autogalaxy.analysis.adapt_images.adapt_images import AdaptImages
from autogalaxy.analysis.adapt_images.adapt_images import (
    galaxy_name_image_dict_via_result_from,
)
from autogalaxy.gui.clicker import Clicker
from autogalaxy.gui.scribbler import Scribbler
from autogalaxy.gui.display_util import mask_2d_regridded_from
from autogalaxy.galaxy.galaxy import Galaxy
from autogalaxy.galaxy.galaxies import Galaxies
from autogalaxy.galaxy.mass_field import MassField
from autogalaxy.galaxy.galaxy_table import GalaxyTable
from autogalaxy.galaxy.galaxy_table import galaxy_table_from_csv
from autogalaxy.galaxy.galaxy_table import galaxy_table_to_csv
from autogalaxy.galaxy.galaxy_model_csv import GalaxyModelRow
from autogalaxy.galaxy.galaxy_model_csv import GalaxyModelTable
from autogalaxy.galaxy.galaxy_model_csv import galaxy_models_from_csv
from autogalaxy.galaxy.galaxy_model_csv import galaxy_models_to_csv
from autogalaxy.galaxy.galaxy_model_csv import galaxies_from_csv_tables
from autogalaxy.galaxy.galaxy_model_csv import galaxy_af_models_from_csv_tables
from autogalaxy.galaxy.redshift import Redshift

from autogalaxy.profiles.geometry_profiles import EllProfile
from autogalaxy.profiles import (
    point_sources as ps,
    mass as mp,
    light_and_mass_profiles as lmp,
    light_linear_and_mass_profiles as lmp_linear,
    scaling_relations as sr,
)
from autogalaxy.profiles.light.abstract import LightProfile
from autogalaxy.profiles.light import standard as lp
from autogalaxy.profiles.light import snr as lp_snr
from autogalaxy.profiles.light import linear as lp_linear
from autogalaxy.profiles.light import operated as lp_operated
from autogalaxy.profiles import basis as lp_basis
from autogalaxy.profiles.light import (
    linear_operated as lp_linear_operated,
)
from autogalaxy.profiles.light.linear import LightProfileLinearObjFuncList
from autogalaxy.operate.image import OperateImage
from autogalaxy.operate.lens_calc import LensCalc
from autogalaxy import convert

from . import aggregator as agg
from .analysis import model_util
from .lens import mappings
from .lens import subhalo
from .lens.tracer import Tracer
from .lens.los import LOSSampler
from .lens.subhalo_sampler import SubhaloSampler
from .lens.sensitivity import SubhaloSensitivityResult
from .lens.to_inversion import TracerToInversion
from .analysis.positions import PositionsLH
from .imaging.simulator import SimulatorImaging
from .imaging.fit_imaging import FitImaging
from .imaging.model.analysis import AnalysisImaging
from autofit import Latent
from .analysis.latent import LatentLens
from .imaging.model.visualizer import VisualizerImaging
from .interferometer.simulator import SimulatorInterferometer
from .interferometer.fit_interferometer import FitInterferometer
from .interferometer.model.analysis import AnalysisInterferometer
from .interferometer.model.visualizer import VisualizerInterferometer
from .point.dataset import PointDataset
from .point.dataset import list_from_csv
from .point.dataset import output_to_csv
from .point.fit.dataset import FitPointDataset
from .point.fit.fluxes import FitFluxes
from .point.fit.fluxes import FitFluxesSolved
from .point.fit.times_delays import FitTimeDelays
from .point.fit.times_delays import FitTimeDelaysSolved
from .point.fit.solved import SolvedCentre
from .point.fit.positions.image.abstract import AbstractFitPositionsImagePair
from .point.fit.positions.image.pair import FitPositionsImagePair
from .point.fit.positions.image.pair_all import FitPositionsImagePairAll
from .point.fit.positions.image.pair_all import FitPositionsImagePairAllSolved
from .point.fit.positions.image.pair_repeat import FitPositionsImagePairRepeat
from .point.fit.positions.image.pair_repeat import FitPositionsImagePairRepeatSolved
from .point.fit.positions.source.separations import FitPositionsSource
from .point.fit.positions.source.separations import FitPositionsSourceSolved
from .point.max_separation import SourceMaxSeparation
from .point.model.analysis import AnalysisPoint
from .point.solver import PointSolver
from .point.solver.shape_solver import ShapeSolver
from .weak.dataset import WeakDataset
from .weak.fit import FitWeak
from .weak.model.analysis import AnalysisWeak
from .weak.simulator import SimulatorShearYX

from . import exc
from . import mock as m
from . import util
from .lens import substructure
from . import potential_correction as pc

from autonerves import conf
from autonerves.fitsable import ndarray_via_hdu_from
from autonerves.fitsable import ndarray_via_fits_from
from autonerves.fitsable import header_obj_from
from autonerves.fitsable import output_to_fits
from autonerves.fitsable import hdu_list_for_output_from

conf.instance.register(__file__)

# Last manual sync of the source stamp. Release wheels are stamped at build
# time and the git tag is the release truth — deliberately never bumped per
# release (PyAutoBuild#118/#120).
__version__ = "2026.10.26.1"

from autonerves import check_version

check_version(__version__)

# The fork's version: the release above with a PEP 440 local label (see _fork.py), as the installed
# distribution reports it. The workspace check above compares the release the fork is built on (a
# local label is no date version to it).
from autolens._fork import FORK_VERSION as __version__  # noqa: E402


def __getattr__(name):
    if name == "plot":
        from . import plot

        globals()["plot"] = plot
        return plot
    if name == "interop":
        import importlib

        interop = importlib.import_module(f"{__name__}.interop")
        globals()["interop"] = interop
        return interop
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# ---------------------------------------------------------------------------
# Public re-export of the autonerves configuration / serialization surface.
#
# Workspaces, tutorials and downstream code import these names from the science
# library (e.g. ``from autolens import conf``) rather than depending on the
# ``autonerves`` package directly, so the underlying configuration / serialization
# layer stays an implementation detail of the library.
# ---------------------------------------------------------------------------
from autonerves import conf
from autonerves import jax_wrapper
from autonerves import fitsable
from autonerves import setup_colab
from autonerves import setup_notebook
from autonerves.conf import with_config
from autonerves.dictable import from_dict, from_json, to_dict, output_to_json
from autonerves.fitsable import (
    output_to_fits,
    hdu_list_for_output_from,
    ndarray_via_fits_from,
    ndarray_via_hdu_from,
    header_obj_from,
)
from autonerves.test_mode import (
    with_test_mode_segment,
    skip_visualization,
    skip_fit_output,
    skip_checks,
    is_test_mode,
    test_mode_level,
)
from autolens.jax.devices import vmap_over_devices
