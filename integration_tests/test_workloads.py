"""Workload S builds exactly as defined and simulates on the NumPy path."""

import numpy as np
import pytest

import autogalaxy as ag
import autolens as al

from integration_tests import workloads


@pytest.fixture(scope="module")
def tracer_s():
    return workloads.tracer_from("S", los_seed=1)


def test__tracer_from__workload_s_has_its_planes_and_haloes(tracer_s):
    spec = workloads.WORKLOADS["S"]

    assert len(tracer_s.planes) == spec.n_planes == 6
    redshifts = [plane[0].redshift for plane in tracer_s.planes]
    assert redshifts == sorted(redshifts)
    assert redshifts[-1] == workloads.Z_SOURCE
    assert workloads.Z_LENS in redshifts

    lens = [g for g in tracer_s.galaxies if g.cls_list_from(cls=ag.mp.PowerLaw)][0]
    subhaloes = [
        p
        for p in lens.cls_list_from(cls=ag.mp.MassProfile)
        if not isinstance(p, (ag.mp.PowerLaw, ag.mp.ExternalShear))
    ]
    assert sorted(type(p).__name__ for p in subhaloes) == sorted(
        ["NFWTruncatedMCRLudlowSph"] * 3 + ["cNFWMCRLudlowSph", "NFWTruncatedSph"]
    )
    for p in subhaloes:
        assert np.hypot(*p.centre) < 2.0

    los_haloes = [
        g for g in tracer_s.galaxies if g is not lens and g.cls_list_from(cls=ag.mp.NFWTruncatedSph)
    ]
    sheets = [g for g in tracer_s.galaxies if g.cls_list_from(cls=ag.mp.MassSheet)]
    assert 50 <= len(los_haloes) <= 200  # ~100 haloes for S
    assert len(sheets) == 5


def test__los_galaxies_from__same_seed_same_haloes():
    first = [g.mass.centre for g in workloads.los_galaxies_from("S", seed=3) if hasattr(g, "mass")]
    second = [g.mass.centre for g in workloads.los_galaxies_from("S", seed=3) if hasattr(g, "mass")]

    assert first == second


def test__via_tracer_from__workload_s_numpy_image(tracer_s):
    grid = workloads.grid_from("S")
    simulator = workloads.simulator_from("S", noise_seed=1)

    dataset = simulator.via_tracer_from(tracer=tracer_s, grid=grid)

    assert dataset.data.shape_native == (50, 50)
    assert np.all(np.isfinite(dataset.data.native))
    assert np.all(dataset.noise_map.native > 0.0)
    # The lensed source is there: the brightest pixel is far above the sky noise (sqrt(0.1*1000)/1000).
    assert dataset.data.native.max() > 20 * np.sqrt(0.1 * 1000.0) / 1000.0

    # Same noise seed, same image (NumPy path's noise_seed behaviour).
    again = simulator.via_tracer_from(tracer=tracer_s, grid=grid)
    np.testing.assert_array_equal(again.data.native, dataset.data.native)


def test__spec_from__unknown_workload_raises():
    with pytest.raises(ValueError, match="Unknown workload 'X'"):
        workloads.spec_from("X")


def test__tracer_from__populations_equal_one_galaxy_per_halo_on_workload_s(tracer_s):
    grid = workloads.grid_from("S")
    populations = workloads.tracer_from("S", los_seed=1, populations=True)

    assert len(populations.planes) == len(tracer_s.planes)
    assert len(populations.galaxies) == 2 + 5  # lens, source, one per LOS plane
    traced = populations.traced_grid_2d_list_from(grid=grid)[-1].array
    expected = tracer_s.traced_grid_2d_list_from(grid=grid)[-1].array
    np.testing.assert_allclose(traced, expected, rtol=1e-10, atol=1e-12)
    image = populations.image_2d_from(grid=grid).array
    np.testing.assert_allclose(image, tracer_s.image_2d_from(grid=grid).array, rtol=1e-9, atol=1e-14 * image.max())
