from .gaussian import Gaussian, GaussianSph
from .point_source import PointSource
from .moffat import Moffat, MoffatSph
from .sersic import (
    Sersic,
    SersicSph,
)
from .exponential import Exponential, ExponentialSph
from .dev_vaucouleurs import DevVaucouleurs, DevVaucouleursSph
from .sersic_core import SersicCore, SersicCoreSph
from .exponential_core import ExponentialCore, ExponentialCoreSph
from .chameleon import Chameleon, ChameleonSph
from .eff import (
    ElsonFreeFall,
    ElsonFreeFallSph,
)
from .sersic_multipole import SersicMultipole
from .gaussian_multipole import GaussianMultipole
from .shapelets.polar import ShapeletPolarSph, ShapeletPolar
from .shapelets.cartesian import ShapeletCartesianSph, ShapeletCartesian
from .shapelets.exponential import ShapeletExponentialSph, ShapeletExponential
