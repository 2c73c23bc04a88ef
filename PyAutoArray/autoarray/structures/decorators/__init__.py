from .to_array import to_array
from .to_grid import to_grid
from .to_vector_yx import to_vector_yx
from .transform import transform
