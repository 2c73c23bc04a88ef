from autoarray.geometry import geometry_util as geometry
from autoarray.mask import mask_1d_util as mask_1d
from autoarray.mask import mask_2d_util as mask_2d
from autoarray.operators.over_sampling import over_sample_util as over_sample
from autoarray.structures.arrays import array_1d_util as array_1d
from autoarray.structures.arrays import array_2d_util as array_2d
from autoarray.structures.grids import grid_1d_util as grid_1d
from autoarray.structures.grids import grid_2d_util as grid_2d
from autoarray.structures.grids import sparse_2d_util as sparse
from autoarray.fit import fit_util as fit
from autoarray.inversion.mappers import mapper_util as mapper
from autoarray.inversion.regularization import regularization_util as regularization
from autoarray.inversion.inversion import inversion_util as inversion
from autoarray.inversion.inversion.imaging import (
    inversion_imaging_util as inversion_imaging,
)
from autoarray.inversion.inversion.interferometer import (
    inversion_interferometer_util as inversion_interferometer,
)
from autoarray.operators import transformer_util as transformer
from autoarray.util import dataset_util as dataset
from autogalaxy.util import error_util as error
from autogalaxy.analysis import chaining_util as chaining

from autolens.lens import tracer_util as tracer
