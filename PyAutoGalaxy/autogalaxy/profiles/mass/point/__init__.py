from .point import PointMass
from .smbh import SMBH
from .smbh_binary import SMBHBinary
