from .abstract import LightProfileSNR
from .gaussian import Gaussian, GaussianSph
from .sersic import (
    Sersic,
    SersicSph,
)
from .exponential import Exponential, ExponentialSph
from .dev_vaucouleurs import DevVaucouleurs, DevVaucouleursSph
from .chameleon import Chameleon, ChameleonSph
from .eff import (
    ElsonFreeFall,
    ElsonFreeFallSph,
)
from .sersic_core import SersicCore
