from .abstract import LightProfileOperated
from .gaussian import Gaussian
from .moffat import Moffat
from .sersic import (
    Sersic,
)
