from .hilbert import Hilbert
from .overlay import Overlay
from .kmeans import KMeans
from .abstract import append_with_circle_edge_points
