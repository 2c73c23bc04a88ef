import numpy as np
import pytest

import autogalaxy as ag


def _points():
    # Every quadrant, both axes, a point on the centre and radii from 1e-8" to 1e3".
    return np.array(
        [
            [0.3, -0.2],
            [1.0, 2.0],
            [-1.5, 0.5],
            [-0.7, -2.2],
            [0.3, 4.0],
            [-3.0, -0.2],
            [0.3 + 1.0e-8, -0.2],
            [1.0e3, -1.0e3],
        ]
    )


@pytest.mark.parametrize("kappa", [0.1, -0.037, 0.0])
def test__deflections_yx_2d_from__closed_form(kappa):
    centre = (0.3, -0.2)
    sheet = ag.mp.MassSheet(centre=centre, kappa=kappa)
    points = _points()

    deflections = sheet.deflections_yx_2d_from(grid=ag.Grid2DIrregular(points))

    # alpha = kappa (theta - centre), the closed form of a uniform sheet.
    expected = kappa * (points - np.array(centre))
    np.testing.assert_allclose(np.asarray(deflections), expected, rtol=1.0e-15, atol=0.0)


def test__deflections_yx_2d_from__zero_at_the_centre():
    sheet = ag.mp.MassSheet(centre=(0.3, -0.2), kappa=0.1)

    deflections = sheet.deflections_yx_2d_from(grid=ag.Grid2DIrregular([(0.3, -0.2)]))

    assert np.all(np.asarray(deflections) == 0.0)


def test__deflections_yx_2d_from__uniform_grid_keeps_its_structure():
    grid = ag.Grid2D.uniform(shape_native=(4, 3), pixel_scales=0.5)
    sheet = ag.mp.MassSheet(kappa=-0.02)

    deflections = sheet.deflections_yx_2d_from(grid=grid)

    assert deflections.shape_native == (4, 3)
    np.testing.assert_allclose(np.asarray(deflections), -0.02 * np.asarray(grid), rtol=1.0e-15)


def test__deflections_yx_2d_from__gradient_of_the_potential():
    # alpha = grad psi with psi = kappa |theta|^2 / 2 (centre at the origin), by central differences.
    sheet = ag.mp.MassSheet(kappa=0.08)
    points = _points()[:6]
    step = 1.0e-5

    def psi(shift):
        return np.asarray(sheet.potential_2d_from(grid=ag.Grid2DIrregular(points + shift)))

    gradient = np.stack(
        [
            (psi(np.array([step, 0.0])) - psi(np.array([-step, 0.0]))) / (2.0 * step),
            (psi(np.array([0.0, step])) - psi(np.array([0.0, -step]))) / (2.0 * step),
        ],
        axis=-1,
    )

    deflections = sheet.deflections_yx_2d_from(grid=ag.Grid2DIrregular(points))
    np.testing.assert_allclose(np.asarray(deflections), gradient, rtol=1.0e-8, atol=1.0e-12)
