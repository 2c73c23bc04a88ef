from .abstract import AbstractPreloads
from .imaging import PreloadsImaging
from .interferometer import PreloadsInterferometer
