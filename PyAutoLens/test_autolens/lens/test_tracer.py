import numpy as np
import pytest

import autoarray as aa
import autogalaxy as ag
import autolens as al
from autogalaxy.profiles.mass.abstract import deflections_memo


class IsothermalSphCountingRays(ag.mp.IsothermalSph):
    """
    An `IsothermalSph` which records the number of rays of every grid its deflection angles are computed on.
    """

    def deflections_yx_2d_from(self, grid, xp=np, **kwargs):
        self.ray_counts.append(grid.shape[0])
        return super().deflections_yx_2d_from(grid=grid, xp=xp, **kwargs)


def _counting_mass_from(**kwargs) -> IsothermalSphCountingRays:
    mass = IsothermalSphCountingRays(**kwargs)
    mass.ray_counts = []
    return mass


@pytest.fixture(autouse=True)
def no_deflections_memo():
    # A memo hit would skip the counting profile's `deflections_yx_2d_from`.
    with deflections_memo.memo_disabled():
        yield


@pytest.fixture(name="grid")
def make_grid():
    # 10 x 10 pixels, 2 x 2 over-sampled: 100 pixel centres and 400 over-sampled coordinates.
    return al.Grid2D.uniform(shape_native=(10, 10), pixel_scales=0.1, over_sample_size=2)


def _tracer_from(source_light: dict, lens_light: dict = None) -> al.Tracer:
    lens = al.Galaxy(
        redshift=0.5,
        mass=_counting_mass_from(centre=(0.0, 0.0), einstein_radius=0.3),
        **(lens_light or {}),
    )
    source = al.Galaxy(redshift=1.0, **source_light)
    return al.Tracer(galaxies=[lens, source])


def _image_2d_list_via_traced_grids_from(tracer, grid, operated_only=None):
    """
    The plane images computed on the traced `Grid2D`s (pixel centres and over-sampled grid both traced), as
    `Tracer.image_2d_list_from` computes them for light profiles that read the pixel centres.
    """
    traced_grid_list = tracer.traced_grid_2d_list_from(
        grid=grid, plane_index_limit=tracer.upper_plane_index_with_light_profile
    )

    image_2d_list = [
        sum(
            [
                galaxy.image_2d_from(grid=traced_grid, operated_only=operated_only)
                for galaxy in galaxies
            ]
        )
        for galaxies, traced_grid in zip(tracer.planes, traced_grid_list)
    ]

    return image_2d_list + [
        aa.Array2D(values=np.zeros(grid.shape[0]), mask=grid.mask)
    ] * (tracer.total_planes - len(image_2d_list))


def test__image_2d_list_from__over_sampled_light_profiles__pixel_centres_not_traced(grid):
    tracer = _tracer_from(
        source_light=dict(light=al.lp.SersicCore(centre=(0.05, 0.0), intensity=1.0))
    )
    mass = tracer.planes[0][0].mass

    tracer.image_2d_list_from(grid=grid)

    assert mass.ray_counts == [400]


def test__image_2d_list_from__point_source__pixel_centres_traced(grid):
    tracer = _tracer_from(
        source_light=dict(
            light=al.lp.SersicCore(centre=(0.05, 0.0), intensity=1.0),
            point=al.lp.PointSource(centre=(0.02, 0.01), intensity=2.0),
        )
    )
    mass = tracer.planes[0][0].mass

    tracer.image_2d_list_from(grid=grid)

    assert sorted(mass.ray_counts) == [100, 400]


def test__image_2d_list_from__basis__pixel_centres_traced(grid):
    # A `Basis` sums its profiles' images before binning, so it is evaluated on the traced `Grid2D`.
    basis = al.lp_basis.Basis(
        profile_list=[
            al.lp.Gaussian(centre=(0.05, 0.0), sigma=0.1, intensity=1.0),
            al.lp.Gaussian(centre=(0.05, 0.0), sigma=0.2, intensity=0.5),
        ]
    )
    tracer = _tracer_from(source_light=dict(bulge=basis))
    mass = tracer.planes[0][0].mass

    tracer.image_2d_list_from(grid=grid)

    assert sorted(mass.ray_counts) == [100, 400]


def test__image_2d_list_from__grid_2d_irregular__traced_once():
    tracer = _tracer_from(
        source_light=dict(light=al.lp.SersicCore(centre=(0.05, 0.0), intensity=1.0))
    )
    mass = tracer.planes[0][0].mass

    image = tracer.image_2d_from(grid=al.Grid2DIrregular(values=[(0.1, 0.1), (0.2, 0.0)]))

    assert mass.ray_counts == [2]
    assert isinstance(image, aa.ArrayIrregular)


@pytest.mark.parametrize("operated_only", [None, True, False])
def test__image_2d_list_from__over_sampled_only__equals_traced_grid_2d_images(grid, operated_only):
    # Three planes, two galaxies with two light profiles each in the source plane (one of them operated), lens
    # light and a galaxy with no light: every plane image equals the two-grid computation bit for bit.
    lens = al.Galaxy(
        redshift=0.5,
        mass=_counting_mass_from(centre=(0.0, 0.0), einstein_radius=0.3),
        light=al.lp.Sersic(centre=(0.0, 0.0), intensity=0.5, effective_radius=0.4),
    )
    mid = al.Galaxy(
        redshift=0.75,
        mass=al.mp.IsothermalSph(centre=(0.1, -0.05), einstein_radius=0.05),
    )
    source_0 = al.Galaxy(
        redshift=1.0,
        bulge=al.lp.SersicCore(centre=(0.05, 0.0), intensity=1.0, effective_radius=0.2),
        disk=al.lp.Exponential(centre=(0.0, 0.05), ell_comps=(0.1, 0.0), intensity=0.3),
    )
    source_1 = al.Galaxy(
        redshift=1.0,
        light=al.lp.Gaussian(centre=(-0.05, 0.02), sigma=0.1, intensity=0.8),
        psf_light=al.lp_operated.Gaussian(centre=(0.02, 0.02), sigma=0.05, intensity=0.2),
    )
    dark = al.Galaxy(redshift=1.0)
    tracer = al.Tracer(galaxies=[lens, mid, source_0, source_1, dark])
    mass = lens.mass

    image_2d_list = tracer.image_2d_list_from(grid=grid, operated_only=operated_only)

    assert mass.ray_counts == [400]

    reference = _image_2d_list_via_traced_grids_from(
        tracer=tracer, grid=grid, operated_only=operated_only
    )

    assert len(image_2d_list) == len(reference) == 3

    for image_2d, image_2d_reference in zip(image_2d_list, reference):
        assert isinstance(image_2d, aa.Array2D)
        assert image_2d.mask is grid.mask
        np.testing.assert_array_equal(image_2d.array, image_2d_reference.array)

    assert np.any(image_2d_list[2].array != 0.0)

    image_2d = tracer.image_2d_from(grid=grid, operated_only=operated_only)

    np.testing.assert_array_equal(image_2d.array, sum(reference).array)


def test__padded_image_2d_from__over_sampled_only__equals_traced_grid_2d_image(grid):
    # The simulator's image: a padded grid whose border pixels have an over sample size of 1.
    tracer = _tracer_from(
        source_light=dict(
            light=al.lp.SersicCore(centre=(0.05, 0.0), intensity=1.0, effective_radius=0.2)
        )
    )
    mass = tracer.planes[0][0].mass

    image_2d = tracer.padded_image_2d_from(grid=grid, psf_shape_2d=(3, 3))

    padded_grid = grid.padded_grid_from(kernel_shape_native=(3, 3))

    assert mass.ray_counts == [padded_grid.over_sampled.shape[0]] == [400 + 44]

    reference = sum(_image_2d_list_via_traced_grids_from(tracer=tracer, grid=padded_grid))

    np.testing.assert_array_equal(image_2d.array, reference.array)
