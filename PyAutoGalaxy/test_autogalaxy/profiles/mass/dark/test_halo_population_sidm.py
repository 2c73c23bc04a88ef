"""SIDM members of `HaloPopulation` (Yang et al. 2024 and Kaplinghat et al. 2016 haloes): equal to the
per-profile sums (NumPy)."""
import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.profiles.mass.dark.halo_population import HaloPopulation

MCR = dict(redshift_object=0.5, redshift_source=1.0)


def _grid():
    return ag.Grid2D.uniform(shape_native=(10, 10), pixel_scales=0.5)


def _sidm_members():
    return [
        ag.mp.YangSIDMSph(centre=(0.25, -0.25), kappa_s=0.1, scale_radius=0.4, tau=0.0),
        ag.mp.YangSIDMSph(centre=(0.6, 1.1), kappa_s=0.05, scale_radius=0.3, tau=0.3),
        ag.mp.YangSIDMSph(centre=(-1.0, 0.4), kappa_s=0.2, scale_radius=0.1, tau=1.05),
        ag.mp.YangSIDMMCRLudlowSph(centre=(1.4, -0.9), mass_at_200=3e9, sigma_over_m=20.0, **MCR),
        ag.mp.YangSIDMMCRLudlowSph(
            centre=(-0.7, -1.3), mass_at_200=2e8, sigma_over_m=50.0, velocity_exponent=2.0,
            velocity_ref=30.0, t_age=8.0, **MCR,
        ),
        ag.mp.KaplinghatCoredNFWSph(centre=(1.1, 0.6), kappa_s=0.1, scale_radius=0.4, interaction_radius=0.1),
        ag.mp.KaplinghatCoredNFWSph(centre=(-0.3, 0.9), kappa_s=0.2, scale_radius=0.2, interaction_radius=0.5),
        ag.mp.KaplinghatCoredNFWMCRLudlowSph(
            centre=(0.4, -1.6), mass_at_200=1e9, sigma_over_m=20.0, t_age=9.0, **MCR
        ),
    ]


def _cdm_members():
    return [
        ag.mp.NFWTruncatedSph(centre=(0.1, 1.9), kappa_s=0.1, scale_radius=0.3, truncation_radius=2.0),
        ag.mp.cNFWSph(centre=(0.9, 0.2), kappa_s=0.08, scale_radius=0.4, core_radius=0.04),
        ag.mp.NFWTruncatedMCRLudlowSph(centre=(-1.6, 1.5), mass_at_200=1e9, **MCR),
    ]


def _summed(profiles, method, grid):
    return sum(np.asarray(getattr(p, method)(grid=grid).array) for p in profiles)


def test__from_profiles__sidm_mixed_with_cdm_equals_the_sum_of_profiles():
    grid = _grid()
    points = ag.Grid2DIrregular(grid.array)
    members = _sidm_members() + _cdm_members()
    pop = HaloPopulation.from_profiles(members, capacity=4, chunk_size=2)

    deflections = pop.deflections_yx_2d_from(grid=grid).array
    convergence = pop.convergence_2d_from(grid=points).array

    expected = _summed(members, "deflections_yx_2d_from", grid)
    np.testing.assert_allclose(deflections, expected, rtol=1e-10, atol=1e-14 * np.abs(expected).max())
    # The tau = 0 member is an NFW cusp at (0.25, -0.25), a pixel centre: compared for finiteness there.
    off_centre = np.hypot(*(points.array - np.array([0.25, -0.25])).T) > 1e-8
    np.testing.assert_allclose(
        convergence[off_centre], _summed(members, "convergence_2d_from", points)[off_centre], rtol=1e-10
    )
    assert np.all(np.isfinite(convergence))
    assert [group.kind for group in pop.groups][-4:] == [
        "yang24", "yang24_mcr_ludlow", "kaplinghat", "kaplinghat_mcr_ludlow"
    ]


def test__from_arrays__sidm_kinds_with_n_live_equal_the_profiles():
    grid = _grid()
    members = _sidm_members()
    plain = HaloPopulation.from_arrays(
        ag.mp.YangSIDMSph,
        centre=np.array([m.centre for m in members[:3]] + [[np.nan, np.nan]]),
        capacity=4,
        n_live=3,
        kappa_s=np.array([m.kappa_s for m in members[:3]] + [np.nan]),
        scale_radius=np.array([m.scale_radius for m in members[:3]] + [np.nan]),
        tau=np.array([m.tau for m in members[:3]] + [np.nan]),
    )
    mcr = HaloPopulation.from_arrays(
        ag.mp.YangSIDMMCRLudlowSph,
        centre=np.array([m.centre for m in members[3:5]]),
        capacity=3,
        mass_at_200=np.array([3e9, 2e8]),
        scatter_sigma=np.array([0.0, 0.0]),
        sigma_over_m=np.array([20.0, 50.0]),
        velocity_exponent=np.array([0.0, 2.0]),
        velocity_ref=np.array([10.0, 30.0]),
        t_age=np.array([10.0, 8.0]),
        **MCR,
    )

    cored = HaloPopulation.from_arrays(
        ag.mp.KaplinghatCoredNFWSph,
        centre=np.array([m.centre for m in members[5:7]]),
        capacity=2,
        kappa_s=np.array([0.1, 0.2]),
        scale_radius=np.array([0.4, 0.2]),
        interaction_radius=np.array([0.1, 0.5]),
    )
    cored_mcr = HaloPopulation.from_arrays(
        ag.mp.KaplinghatCoredNFWMCRLudlowSph,
        centre=np.array([members[7].centre]),
        capacity=1,
        mass_at_200=np.array([1e9]),
        scatter_sigma=np.array([0.0]),
        sigma_over_m=np.array([20.0]),
        t_age=np.array([9.0]),
        **MCR,
    )

    deflections = (plain + mcr + cored + cored_mcr).deflections_yx_2d_from(grid=grid).array

    expected = _summed(members, "deflections_yx_2d_from", grid)
    np.testing.assert_allclose(deflections, expected, rtol=1e-10, atol=1e-14 * np.abs(expected).max())


def test__from_arrays__scattered_mcr_members_equal_profiles_of_the_mapped_parameters():
    from autogalaxy.profiles.mass.dark import kaplinghat_mcr, yang24_mcr

    grid = _grid()
    yang = HaloPopulation.from_arrays(
        ag.mp.YangSIDMMCRLudlowSph, centre=np.array([[0.3, -0.4]]), capacity=2,
        mass_at_200=np.array([2e9]), scatter_sigma=np.array([0.7]), sigma_over_m=np.array([40.0]),
        velocity_exponent=np.array([1.0]), velocity_ref=np.array([20.0]), t_age=np.array([9.0]), **MCR,
    )
    cored = HaloPopulation.from_arrays(
        ag.mp.KaplinghatCoredNFWMCRLudlowSph, centre=np.array([[-0.6, 0.2]]), capacity=2,
        mass_at_200=np.array([5e8]), scatter_sigma=np.array([-0.8]), sigma_over_m=np.array([30.0]),
        t_age=np.array([9.0]), **MCR,
    )
    kappa_s, scale_radius, tau = yang24_mcr.yang24_ludlow_parameters_from(
        2e9, 0.7, 40.0, 1.0, 20.0, 9.0, 0.5, 1.0, np
    )
    kappa_s_2, scale_radius_2, interaction_radius = kaplinghat_mcr.kaplinghat_ludlow_parameters_from(
        5e8, -0.8, 30.0, 9.0, 0.5, 1.0, np
    )
    profiles = [
        ag.mp.YangSIDMSph(centre=(0.3, -0.4), kappa_s=kappa_s, scale_radius=scale_radius, tau=tau),
        ag.mp.KaplinghatCoredNFWSph(
            centre=(-0.6, 0.2), kappa_s=kappa_s_2, scale_radius=scale_radius_2,
            interaction_radius=interaction_radius,
        ),
    ]

    deflections = (yang + cored).deflections_yx_2d_from(grid=grid).array

    expected = _summed(profiles, "deflections_yx_2d_from", grid)
    np.testing.assert_allclose(deflections, expected, rtol=1e-10, atol=1e-14 * np.abs(expected).max())
    # The scatter moved the concentration: the halo differs from the one on the relation.
    on_relation = yang24_mcr.yang24_ludlow_parameters_from(2e9, 0.0, 40.0, 1.0, 20.0, 9.0, 0.5, 1.0, np)
    assert abs(on_relation[1] / scale_radius - 1.0) > 0.1


def test__from_arrays__yang24_mcr_names_its_parameters():
    with pytest.raises(ValueError, match="t_age"):
        HaloPopulation.from_arrays(
            ag.mp.YangSIDMMCRLudlowSph, centre=np.zeros((1, 2)), capacity=2,
            mass_at_200=np.array([1e9]), sigma_over_m=np.array([1.0]), **MCR,
        )


@pytest.mark.parametrize(
    "member",
    [
        ag.mp.YangSIDMSph(centre=(0.6, 1.1), kappa_s=0.1, scale_radius=0.4, tau=0.0),
        ag.mp.KaplinghatCoredNFWSph(
            centre=(0.6, 1.1), kappa_s=0.1, scale_radius=0.4, interaction_radius=0.0
        ),
    ],
)
def test__deflections_yx_2d_from__zero_core_is_a_live_member_equal_to_the_nfw(member):
    # A zero core radius (tau = 0) or interaction radius is the NFW limit, not a non-finite member: it
    # must be evaluated, on both paths, and equal the NFW of the same kappa_s and scale radius.
    grid = _grid()
    nfw = ag.mp.NFWSph(centre=(0.6, 1.1), kappa_s=0.1, scale_radius=0.4)
    pop = HaloPopulation.from_profiles([member], capacity=2)

    deflections = pop.deflections_yx_2d_from(grid=grid).array

    expected = np.asarray(nfw.deflections_yx_2d_from(grid=grid).array)
    np.testing.assert_allclose(deflections, expected, rtol=1e-8, atol=1e-14)
    jax = pytest.importorskip("jax")
    jitted = jax.jit(lambda p: p.deflections_yx_2d_from(grid=grid, xp=jax.numpy).array)(pop)
    np.testing.assert_allclose(np.asarray(jitted), expected, rtol=1e-8, atol=1e-14)
