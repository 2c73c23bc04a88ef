from autogalaxy.util.plot_utils import _critical_curves_from, _caustics_from
