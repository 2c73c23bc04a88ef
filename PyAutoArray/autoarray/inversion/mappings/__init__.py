from autoarray.inversion.mappings.mapping import ImageRegion
from autoarray.inversion.mappings.mapping import Mapping
from autoarray.inversion.mappings.mapping import connected_components_from
from autoarray.inversion.mappings.mapping import contours_from_bool_native
from autoarray.inversion.mappings.mapping import image_regions_from
from autoarray.inversion.mappings.mapping import image_regions_from_slim_mask
from autoarray.inversion.mappings.mapping import source_contours_from
