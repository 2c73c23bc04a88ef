import copy
import re

import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.profiles.mass.dark.halo_population import HaloPopulation


def _grid():
    # A uniform grid with one pixel centre exactly on a member's centre (0.25, -0.25).
    return ag.Grid2D.uniform(shape_native=(12, 12), pixel_scales=0.5)


def _members():
    mcr = dict(redshift_object=0.5, redshift_source=1.0)
    return [
        ag.mp.NFWSph(centre=(0.25, -0.25), kappa_s=0.05, scale_radius=0.8),
        ag.mp.NFWTruncatedSph(centre=(0.6, 1.1), kappa_s=0.1, scale_radius=0.3, truncation_radius=2.0),
        ag.mp.NFWTruncatedSph(centre=(-1.0, 0.4), kappa_s=0.2, scale_radius=0.1, truncation_radius=5.0),
        ag.mp.cNFWSph(centre=(-0.7, -1.3), kappa_s=0.08, scale_radius=0.4, core_radius=0.04),
        ag.mp.NFWTruncatedMCRLudlowSph(centre=(1.4, -0.9), mass_at_200=3e9, **mcr),
        ag.mp.NFWTruncatedMCRScatterLudlowSph(
            centre=(0.1, 1.9), mass_at_200=1e8, scatter_sigma=1.0, **mcr
        ),
        ag.mp.cNFWMCRLudlowSph(centre=(-1.6, 1.5), mass_at_200=5e8, f_c=0.1, **mcr),
        ag.mp.cNFWMCRScatterLudlowSph(
            centre=(0.9, 0.2), mass_at_200=2e9, scatter_sigma=-0.5, f_c=0.05, **mcr
        ),
    ]


def _summed(profiles, method, grid):
    return sum(np.asarray(getattr(p, method)(grid=grid).array) for p in profiles)


@pytest.mark.parametrize("index", range(8))
def test__deflections_yx_2d_from__each_class_equals_the_profile(index):
    grid = _grid()
    member = _members()[index]
    pop = HaloPopulation.from_profiles([member], capacity=3)

    deflections = pop.deflections_yx_2d_from(grid=grid)

    expected = _summed([member], "deflections_yx_2d_from", grid)
    np.testing.assert_allclose(deflections.array, expected, rtol=1e-10, atol=1e-14 * np.abs(expected).max())


@pytest.mark.parametrize("index", range(8))
def test__convergence_2d_from__each_class_equals_the_profile(index):
    # Irregular points: no over-sampling (NFWSph's convergence skips upstream's over-sampling, the
    # other dark profiles apply it; the population applies it, see the test below).
    member = _members()[index]
    points = ag.Grid2DIrregular(_grid().array)
    pop = HaloPopulation.from_profiles([member], capacity=3)

    convergence = pop.convergence_2d_from(grid=points).array

    expected = _summed([member], "convergence_2d_from", points)
    # The (N)FW convergence diverges at the centre: each implementation cuts it at its own tiny radius,
    # so the pixel exactly on a member's centre is compared for finiteness only.
    off_centre = np.hypot(*(points.array - np.asarray(member.centre)).T) > 1e-8
    np.testing.assert_allclose(convergence[off_centre], expected[off_centre], rtol=1e-10)
    assert np.all(np.isfinite(convergence))


def test__convergence_2d_from__over_sampled_like_the_dark_profiles():
    grid = ag.Grid2D.uniform(shape_native=(8, 8), pixel_scales=0.5, over_sample_size=4)
    member = _members()[1]

    convergence = HaloPopulation.from_profiles([member], capacity=2).convergence_2d_from(grid=grid)

    np.testing.assert_allclose(
        convergence.array, member.convergence_2d_from(grid=grid).array, rtol=1e-10
    )


def test__deflections_yx_2d_from__mixed_population_equals_sum_of_profiles():
    grid = _grid()
    members = _members()
    pop = HaloPopulation.from_profiles(members, capacity=4, chunk_size=2)

    expected = _summed(members, "deflections_yx_2d_from", grid)
    np.testing.assert_allclose(
        pop.deflections_yx_2d_from(grid=grid).array, expected, rtol=1e-10, atol=1e-14
    )
    points = ag.Grid2DIrregular(grid.array)
    expected = _summed(members, "convergence_2d_from", points)
    off_centres = np.all(
        [np.hypot(*(points.array - np.asarray(m.centre)).T) > 1e-8 for m in members], axis=0
    )
    np.testing.assert_allclose(
        pop.convergence_2d_from(grid=points).array[off_centres], expected[off_centres], rtol=1e-10
    )
    assert pop.n_live == len(members)


def test__deflections_yx_2d_from__far_from_the_origin_equals_sum_of_profiles():
    # The member sums are formed as p sum(s) - sum(s c): members and rays 50" from the origin check
    # that this stays at rounding level next to the per-profile sum of alpha (p - c) / |p - c|.
    offset = np.array([30.0, -40.0])
    members = []
    for member in _members():
        member = copy.copy(member)
        member.centre = tuple(np.asarray(member.centre) + offset)
        members.append(member)
    grid = ag.Grid2DIrregular(_grid().array + offset)
    pop = HaloPopulation.from_profiles(members, capacity=4, chunk_size=2)

    expected = _summed(members, "deflections_yx_2d_from", grid)
    np.testing.assert_allclose(
        pop.deflections_yx_2d_from(grid=grid).array, expected, rtol=1e-10, atol=1e-14
    )


def test__deflections_yx_2d_from__independent_of_chunk_size_and_padding():
    grid = _grid()
    members = _members()

    results = [
        HaloPopulation.from_profiles(members, capacity=capacity, chunk_size=chunk)
        .deflections_yx_2d_from(grid=grid)
        .array
        for capacity, chunk in [(4, 1), (10, 3), (64, 64)]
    ]

    np.testing.assert_allclose(results[1], results[0], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(results[2], results[0], rtol=1e-12, atol=1e-15)


def test__deflections_yx_2d_from__n_identical_haloes_is_n_times_one():
    grid = _grid()
    halo = ag.mp.NFWTruncatedSph(centre=(0.3, 0.2), kappa_s=0.1, scale_radius=0.3, truncation_radius=3.0)

    one = HaloPopulation.from_profiles([halo], capacity=1).deflections_yx_2d_from(grid=grid).array
    five = HaloPopulation.from_profiles([halo] * 5, capacity=8).deflections_yx_2d_from(grid=grid).array

    np.testing.assert_allclose(five, 5.0 * one, rtol=1e-12)


def test__deflections_yx_2d_from__member_on_a_pixel_centre_is_finite_and_zero_there():
    grid = ag.Grid2DIrregular([(0.25, -0.25), (0.5, 0.5)])
    pop = HaloPopulation.from_profiles(_members()[:1], capacity=2)

    deflections = pop.deflections_yx_2d_from(grid=grid).array
    convergence = pop.convergence_2d_from(grid=grid).array

    assert np.all(np.isfinite(deflections)) and np.all(np.isfinite(convergence))
    np.testing.assert_array_equal(deflections[0], [0.0, 0.0])


def test__galaxy__population_inside_a_galaxy_equals_one_profile_per_attribute():
    grid = _grid()
    members = _members()
    galaxy_pop = ag.Galaxy(redshift=0.5, halos=HaloPopulation.from_profiles(members, capacity=4))
    galaxy_profiles = ag.Galaxy(redshift=0.5, **{f"halo_{i}": p for i, p in enumerate(members)})

    np.testing.assert_allclose(
        galaxy_pop.deflections_yx_2d_from(grid=grid).array,
        galaxy_profiles.deflections_yx_2d_from(grid=grid).array,
        rtol=1e-10,
        atol=1e-14,
    )


def test__from_profiles__more_members_than_capacity_names_the_counts():
    halo = ag.mp.NFWTruncatedSph()

    with pytest.raises(ValueError, match="3 NFWTruncatedSph members .* exceed the capacity of 2"):
        HaloPopulation.from_profiles([halo] * 3, capacity=2)


def test__from_profiles__unsupported_class_is_named():
    with pytest.raises(TypeError, match="cannot hold a Isothermal"):
        HaloPopulation.from_profiles([ag.mp.Isothermal()], capacity=2)


def test__from_profiles__capacity_per_class():
    members = [ag.mp.NFWTruncatedSph(), ag.mp.NFWSph()]

    pop = HaloPopulation.from_profiles(
        members, capacity={ag.mp.NFWTruncatedSph: 5, ag.mp.NFWSph: 2}
    )

    assert sorted(group.capacity for group in pop.groups) == [2, 5]
    with pytest.raises(ValueError, match="no capacity given for NFWSph"):
        HaloPopulation.from_profiles(members, capacity={ag.mp.NFWTruncatedSph: 5})


def test__from_profiles__does_not_mutate_the_profiles():
    members = _members()
    before = [dict(vars(p)) for p in members]

    HaloPopulation.from_profiles(members, capacity=4)

    assert [dict(vars(p)) for p in members] == before


def test__from_arrays__equals_from_profiles_for_each_mix():
    grid = _grid()
    centres = np.array([[0.3, 0.2], [-1.1, 0.8], [0.9, -1.2]])
    masses = np.array([1e8, 1e9, 4e9])
    scatter = np.array([0.5, -1.0, 0.0])
    f_c = np.array([0.05, 0.1, 0.15])
    z = dict(redshift_object=0.5, redshift_source=1.0)

    cdm = HaloPopulation.from_arrays(
        ag.mp.NFWTruncatedMCRScatterLudlowSph, centre=centres, capacity=4,
        mass_at_200=masses, scatter_sigma=scatter, **z,
    )
    sidm = HaloPopulation.from_arrays(
        ag.mp.cNFWMCRScatterLudlowSph, centre=centres, capacity=5,
        mass_at_200=masses, scatter_sigma=scatter, f_c=f_c, **z,
    )
    collapsed = HaloPopulation.from_arrays(
        ag.mp.NFWTruncatedSph, centre=centres, capacity=3,
        kappa_s=[0.1, 0.2, 0.05], scale_radius=[0.05, 0.02, 0.1], truncation_radius=[1.0, 2.0, 3.0],
    )
    profiles = [
        ag.mp.NFWTruncatedMCRScatterLudlowSph(centre=tuple(c), mass_at_200=m, scatter_sigma=s, **z)
        for c, m, s in zip(centres, masses, scatter)
    ] + [
        ag.mp.cNFWMCRScatterLudlowSph(centre=tuple(c), mass_at_200=m, scatter_sigma=s, f_c=f, **z)
        for c, m, s, f in zip(centres, masses, scatter, f_c)
    ] + [
        ag.mp.NFWTruncatedSph(centre=tuple(c), kappa_s=k, scale_radius=r, truncation_radius=t)
        for c, k, r, t in zip(centres, [0.1, 0.2, 0.05], [0.05, 0.02, 0.1], [1.0, 2.0, 3.0])
    ]

    combined = cdm + sidm + collapsed

    np.testing.assert_allclose(
        combined.deflections_yx_2d_from(grid=grid).array,
        _summed(profiles, "deflections_yx_2d_from", grid),
        rtol=1e-10,
        atol=1e-14,
    )
    assert combined.n_live == 9


def test__from_arrays__missing_or_unknown_parameters_are_named():
    with pytest.raises(ValueError, match="missing \\['f_c'\\]"):
        HaloPopulation.from_arrays(
            ag.mp.cNFWMCRLudlowSph, centre=[[0.0, 0.0]], capacity=2, mass_at_200=[1e9],
            redshift_object=0.5, redshift_source=1.0,
        )
    with pytest.raises(ValueError, match="unknown \\['concentration'\\]"):
        HaloPopulation.from_arrays(
            ag.mp.NFWSph, centre=[[0.0, 0.0]], capacity=2, kappa_s=[0.1], scale_radius=[1.0],
            concentration=[10.0],
        )
    with pytest.raises(ValueError, match="3 NFWSph members exceed the capacity of 2"):
        HaloPopulation.from_arrays(
            ag.mp.NFWSph, centre=np.zeros((3, 2)), capacity=2, kappa_s=np.ones(3), scale_radius=np.ones(3)
        )


def test__from_profiles__capacity_dict_lays_out_absent_classes():
    pop = HaloPopulation.from_profiles([], capacity={ag.mp.NFWTruncatedSph: 4})

    assert [(g.kind, g.capacity) for g in pop.groups] == [("tnfw", 4)]
    assert pop.n_live == 0
    np.testing.assert_array_equal(pop.deflections_yx_2d_from(grid=_grid()).array, 0.0)
    with pytest.raises(ValueError, match="no member to take its redshift_object"):
        HaloPopulation.from_profiles([], capacity={ag.mp.NFWTruncatedMCRLudlowSph: 4})


def _tnfw_arrays(capacity):
    rng = np.random.default_rng(3)
    return dict(
        centre=rng.uniform(-1.5, 1.5, (capacity, 2)),
        kappa_s=rng.uniform(0.05, 0.2, capacity),
        scale_radius=rng.uniform(0.1, 0.5, capacity),
        truncation_radius=rng.uniform(1.0, 4.0, capacity),
    )


def test__from_arrays__n_live_equals_the_first_n_members():
    arrays = _tnfw_arrays(capacity=6)
    grid = _grid()

    pop = HaloPopulation.from_arrays(ag.mp.NFWTruncatedSph, capacity=6, n_live=4, **arrays)

    first = HaloPopulation.from_arrays(
        ag.mp.NFWTruncatedSph, capacity=6, **{k: v[:4] for k, v in arrays.items()}
    )
    members = [
        ag.mp.NFWTruncatedSph(
            centre=tuple(arrays["centre"][i]),
            kappa_s=arrays["kappa_s"][i],
            scale_radius=arrays["scale_radius"][i],
            truncation_radius=arrays["truncation_radius"][i],
        )
        for i in range(4)
    ]
    assert pop.n_live == 4
    expected = _summed(members, "deflections_yx_2d_from", grid)
    np.testing.assert_allclose(pop.deflections_yx_2d_from(grid=grid).array, expected, rtol=1e-10)
    np.testing.assert_array_equal(
        pop.deflections_yx_2d_from(grid=grid).array, first.deflections_yx_2d_from(grid=grid).array
    )


def test__from_arrays__n_live_dead_slots_may_hold_anything():
    arrays = _tnfw_arrays(capacity=5)
    arrays["kappa_s"][3:] = np.nan
    arrays["scale_radius"][3:] = -1.0
    arrays["centre"][4] = np.inf

    pop = HaloPopulation.from_arrays(ag.mp.NFWTruncatedSph, capacity=5, n_live=3, **arrays)

    deflections = pop.deflections_yx_2d_from(grid=_grid()).array
    assert np.isfinite(deflections).all()
    assert np.isfinite(np.asarray(pop.groups[0].parameters)).all()


def test__from_arrays__n_live_zero_and_out_of_range():
    arrays = _tnfw_arrays(capacity=4)

    pop = HaloPopulation.from_arrays(ag.mp.NFWTruncatedSph, capacity=4, n_live=0, **arrays)

    assert pop.n_live == 0
    assert np.all(pop.deflections_yx_2d_from(grid=_grid()).array == 0.0)
    with pytest.raises(ValueError, match="n_live=5 is outside"):
        HaloPopulation.from_arrays(ag.mp.NFWTruncatedSph, capacity=4, n_live=5, **arrays)
    with pytest.raises(ValueError, match=r"shape \(4, 2\)"):
        HaloPopulation.from_arrays(
            ag.mp.NFWTruncatedSph, capacity=4, n_live=2, **{k: v[:2] for k, v in arrays.items()}
        )


def test__init__backend_other_than_none_cpu_or_gpu_raises():
    with pytest.raises(ValueError, match="backend must be None, 'cpu' or 'gpu'"):
        HaloPopulation(groups=(), backend="cuda")
    with pytest.raises(ValueError, match="ray_block must be positive"):
        HaloPopulation(groups=(), ray_block=0)


def test__add__smaller_chunks_and_the_common_backend():
    members = _members()[:2]
    first = HaloPopulation.from_profiles(members[:1], capacity=2, chunk_size=16, backend="gpu")
    second = HaloPopulation.from_profiles(members[1:], capacity=2, ray_block=64)

    both = first + second

    assert (both.chunk_size, both.ray_block, both.backend) == (16, 64, "gpu")
    assert len(both.groups) == 2
    with pytest.raises(ValueError, match="backends 'gpu' and 'cpu'"):
        first + HaloPopulation.from_profiles(members[1:], capacity=2, backend="cpu")


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("kappa_s", np.nan, "kappa_s of member 2 is nan; it must be finite and positive"),
        ("kappa_s", 0.0, "kappa_s of member 2 is 0.0; it must be finite and positive"),
        ("kappa_s", -0.1, "kappa_s of member 2 is -0.1; it must be finite and positive"),
        ("scale_radius", 0.0, "scale_radius of member 2 is 0.0"),
        ("scale_radius", -1.0, "scale_radius of member 2 is -1.0"),
        ("truncation_radius", 0.0, "truncation_radius of member 2 is 0.0"),
        ("truncation_radius", np.inf, "truncation_radius of member 2 is inf"),
    ],
)
def test__from_arrays__bad_member_values_name_the_member_and_parameter(name, value, message):
    arrays = _tnfw_arrays(capacity=4)
    arrays[name] = np.array(arrays[name])
    arrays[name][2] = value

    with pytest.raises(ValueError, match=r"from_arrays\(NFWTruncatedSph\): " + re.escape(message)):
        HaloPopulation.from_arrays(ag.mp.NFWTruncatedSph, capacity=4, **arrays)
    # A dead slot (beyond n_live) may hold it.
    HaloPopulation.from_arrays(ag.mp.NFWTruncatedSph, capacity=4, n_live=2, **arrays)


@pytest.mark.parametrize(
    "mass, message",
    [
        (np.nan, "mass_at_200 of member 1 is nan"),
        (0.0, "mass_at_200 of member 1 is 0.0"),
        (-1e9, "mass_at_200 of member 1 is -1000000000.0"),
        (np.inf, "mass_at_200 of member 1 is inf"),
    ],
)
def test__from_arrays__bad_mcr_masses_name_the_member(mass, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        HaloPopulation.from_arrays(
            ag.mp.NFWTruncatedMCRLudlowSph,
            centre=[[0.0, 0.0], [0.5, 0.5]],
            capacity=4,
            mass_at_200=[1e9, mass],
            redshift_object=0.5,
            redshift_source=1.0,
        )


def test__from_arrays__non_finite_centre_is_named():
    arrays = _tnfw_arrays(capacity=4)
    arrays["centre"] = np.array(arrays["centre"])
    arrays["centre"][1, 0] = np.nan
    with pytest.raises(ValueError, match="centre of member 1 is \\[nan, .*\\]; it must be finite"):
        HaloPopulation.from_arrays(ag.mp.NFWTruncatedSph, capacity=4, **arrays)


def test__from_profiles__bad_member_values_name_the_member_and_parameter():
    profiles = [
        ag.mp.NFWSph(centre=(0.0, 0.0), kappa_s=0.1, scale_radius=1.0),
        ag.mp.NFWSph(centre=(0.5, 0.0), kappa_s=float("nan"), scale_radius=1.0),
    ]
    with pytest.raises(
        ValueError, match=r"member 1 of kind 'nfw' \(NFWSph\): kappa_s is nan; it must be"
    ):
        HaloPopulation.from_profiles(profiles, capacity=4)


def test__deflections_and_convergence__numpy_ray_blocks_equal_the_members():
    # 144 rays in blocks of 7 (the last one short), members 3 at a time.
    grid = ag.Grid2DIrregular(_grid().array)
    members = _members()
    pop = HaloPopulation.from_profiles(members, capacity=4, chunk_size=3, ray_block=7)

    np.testing.assert_allclose(
        pop.deflections_yx_2d_from(grid=grid).array,
        _summed(members, "deflections_yx_2d_from", grid),
        rtol=1e-10,
        atol=1e-14,
    )
    off_centre = np.min(
        [np.hypot(*(grid.array - np.asarray(m.centre)).T) for m in members], axis=0
    ) > 1e-8
    np.testing.assert_allclose(
        pop.convergence_2d_from(grid=grid).array[off_centre],
        _summed(members, "convergence_2d_from", grid)[off_centre],
        rtol=1e-10,
    )
