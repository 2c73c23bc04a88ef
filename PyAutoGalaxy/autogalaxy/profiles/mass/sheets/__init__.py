from .mass_sheet import MassSheet
from .external_shear import ExternalShear
from .external_potential import ExternalPotential
