from .dual_pseudo_isothermal_potential import dPIEPotential, dPIEPotentialSph
from .dual_pseudo_isothermal_mass import (
    PIEMass,
    dPIEMass,
    dPIEMassSph,
    dPIEMassB0,
    dPIEMassB0Sph,
)
from .isothermal import Isothermal, IsothermalSph
from .isothermal_core import IsothermalCore, IsothermalCoreSph
from .power_law import PowerLaw, PowerLawIntermediate, PowerLawSph
from .power_law_broken import PowerLawBroken, PowerLawBrokenSph
from .power_law_core import PowerLawCore, PowerLawCoreSph
from .power_law_multipole import PowerLawMultipole
