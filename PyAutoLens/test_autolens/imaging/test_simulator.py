import numpy as np
import pytest

import autolens as al
from autoarray import exc


def _galaxies_from():
    lens = al.Galaxy(
        redshift=0.5, mass=al.mp.Isothermal(centre=(0.0, 0.0), einstein_radius=0.5)
    )
    source = al.Galaxy(
        redshift=1.0,
        light=al.lp.SersicCore(centre=(0.05, 0.0), intensity=0.3, effective_radius=0.2),
    )
    return [lens, source]


def _simulator_from():
    return al.SimulatorImaging(
        exposure_time=100.0,
        background_sky_level=1.0,
        psf=al.Convolver.from_gaussian(
            shape_native=(3, 3), sigma=0.1, pixel_scales=0.1, normalize=True
        ),
        noise_seed=1,
    )


def test__via_tracer_from__key_on_numpy_path__raises():
    grid = al.Grid2D.uniform(shape_native=(8, 8), pixel_scales=0.1)
    tracer = al.Tracer(galaxies=_galaxies_from())

    with pytest.raises(exc.DatasetException, match="use_jax=True"):
        _simulator_from().via_tracer_from(
            tracer=tracer, grid=grid, key=np.array([0, 1], np.uint32)
        )


def test__via_galaxies_from__key_on_numpy_path__raises():
    grid = al.Grid2D.uniform(shape_native=(8, 8), pixel_scales=0.1)

    with pytest.raises(exc.DatasetException, match="use_jax=True"):
        _simulator_from().via_galaxies_from(
            galaxies=_galaxies_from(), grid=grid, key=np.array([0, 1], np.uint32)
        )


def test__via_deflections_and_galaxies_from__key_on_numpy_path__raises():
    deflections = al.VectorYX2D.no_mask(
        values=np.zeros((8, 8, 2)), pixel_scales=0.1
    )

    with pytest.raises(exc.DatasetException, match="use_jax=True"):
        _simulator_from().via_deflections_and_galaxies_from(
            deflections=deflections,
            galaxies=_galaxies_from(),
            key=np.array([0, 1], np.uint32),
        )
