from .interp import LinearNDInterpolatorExt
from .input_deflections import InputDeflections
from .input_potential import InputPotential
from .gaussian_random_field import GaussianRandomField
