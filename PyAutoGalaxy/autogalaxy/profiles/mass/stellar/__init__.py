from .chameleon import Chameleon, ChameleonSph
from .dev_vaucouleurs import DevVaucouleurs, DevVaucouleursSph
from .exponential import Exponential, ExponentialSph
from .gaussian import Gaussian
from .gaussian_gradient import GaussianGradient
from .sersic import Sersic, SersicSph
from .sersic_core import SersicCore, SersicCoreSph
from .sersic_gradient import SersicGradient, SersicGradientSph
