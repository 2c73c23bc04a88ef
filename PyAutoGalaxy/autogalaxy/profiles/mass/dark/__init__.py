from .gnfw import gNFW, gNFWSph
from .gnfw_mcr import gNFWMCRLudlow
from .gnfw_virial_mass_conc import gNFWVirialMassConcSph
from .gnfw_virial_mass_gnfw_conc import gNFWVirialMassgNFWConcSph
from .nfw import NFW, NFWSph
from .nfw_mcr import NFWMCRLudlowSph, NFWMCRDuffySph, NFWMCRLudlow
from .nfw_mcr_scatter import NFWMCRScatterLudlow, NFWMCRScatterLudlowSph
from .nfw_truncated import NFWTruncatedSph
from .nfw_truncated_mcr import NFWTruncatedMCRLudlowSph, NFWTruncatedMCRDuffySph
from .nfw_truncated_mcr_scatter import NFWTruncatedMCRScatterLudlowSph
from .nfw_virial_mass_conc import NFWVirialMassConcSph
from .cnfw import cNFW, cNFWSph
from .cnfw_mcr import cNFWMCRLudlow, cNFWMCRLudlowSph
from .cnfw_mcr_scatter import cNFWMCRScatterLudlow, cNFWMCRScatterLudlowSph
from .kaplinghat import KaplinghatCoredNFWSph
from .kaplinghat_mcr import KaplinghatCoredNFWMCRLudlowSph
from .yang24 import YangSIDMSph
from .yang24_mcr import YangSIDMMCRLudlowSph
from .halo_population import HaloPopulation
