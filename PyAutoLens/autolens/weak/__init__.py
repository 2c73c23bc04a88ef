from autolens.weak.dataset import WeakDataset
from autolens.weak.fit import FitWeak
from autolens.weak.simulator import SimulatorShearYX
