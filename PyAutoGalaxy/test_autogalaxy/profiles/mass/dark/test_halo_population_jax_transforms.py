"""HaloPopulation under jax.jit, jax.vmap and jax.grad: parity with NumPy, no recompiles, finite gradients."""

import dataclasses

import autogalaxy as ag
import numpy as np
import pytest

jax = pytest.importorskip("jax")
jnp = jax.numpy

from autogalaxy.profiles.mass.dark.halo_population import HaloGroup, HaloPopulation


def _grid():
    return ag.Grid2D.uniform(shape_native=(10, 10), pixel_scales=0.4)


def _tnfw(n, seed=0):
    rng = np.random.default_rng(seed)
    return [
        ag.mp.NFWTruncatedSph(
            centre=tuple(rng.uniform(-2, 2, size=2)),
            kappa_s=float(rng.uniform(0.01, 0.2)),
            scale_radius=float(rng.uniform(0.05, 0.5)),
            truncation_radius=float(rng.uniform(1.0, 5.0)),
        )
        for _ in range(n)
    ]


def _mixed():
    mcr = dict(redshift_object=0.5, redshift_source=1.0)
    return _tnfw(5) + [
        ag.mp.NFWSph(centre=(0.2, 0.2), kappa_s=0.05, scale_radius=0.8),
        ag.mp.cNFWSph(centre=(-0.7, -1.3), kappa_s=0.08, scale_radius=0.4, core_radius=0.04),
        ag.mp.NFWTruncatedMCRLudlowSph(centre=(1.4, -0.9), mass_at_200=3e9, **mcr),
        ag.mp.cNFWMCRLudlowSph(centre=(-1.6, 1.5), mass_at_200=5e8, f_c=0.1, **mcr),
    ]


def test__jit__population_argument_equals_numpy_path():
    grid = _grid()
    pop = HaloPopulation.from_profiles(_mixed(), capacity=8, chunk_size=3)
    expected = pop.deflections_yx_2d_from(grid=grid).array
    points = jnp.asarray(grid.array)

    deflections = jax.jit(lambda p, g: p.deflections_yx_2d_from(grid=g, xp=jnp))(pop, points)
    convergence = jax.jit(
        lambda p, g: p.convergence_2d_from(grid=ag.Grid2DIrregular(values=g, xp=jnp), xp=jnp).array
    )(pop, points)

    np.testing.assert_allclose(np.asarray(deflections), expected, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(
        np.asarray(convergence),
        pop.convergence_2d_from(grid=ag.Grid2DIrregular(grid.array)).array,
        rtol=1e-10,
    )


def test__jit__new_live_count_within_capacity_does_not_recompile():
    points = jnp.asarray(_grid().array)
    f = jax.jit(lambda p, g: p.deflections_yx_2d_from(grid=g, xp=jnp))

    for n in (3, 17, 30):
        f(HaloPopulation.from_profiles(_tnfw(n, seed=n), capacity=32), points)

    assert f._cache_size() == 1


def test__vmap__stacked_populations_equal_each_alone():
    grid = _grid()
    pops = [HaloPopulation.from_profiles(_tnfw(n, seed=n), capacity=16) for n in (2, 9, 16)]
    stacked = jax.tree_util.tree_map(lambda *leaves: jnp.stack(leaves), *pops)
    points = jnp.asarray(grid.array)

    batched = jax.jit(jax.vmap(lambda p: p.deflections_yx_2d_from(grid=points, xp=jnp)))(stacked)

    for i, pop in enumerate(pops):
        np.testing.assert_allclose(
            np.asarray(batched[i]), pop.deflections_yx_2d_from(grid=grid).array, rtol=1e-10, atol=1e-14
        )


def test__from_profiles__inside_jit_on_traced_mcr_parameters():
    grid = _grid()
    points = jnp.asarray(grid.array)
    masses = np.array([1e8, 1e9, 5e9])
    f_c = 0.1

    def build(log10_masses, centres):
        profiles = [
            ag.mp.NFWTruncatedMCRLudlowSph(
                centre=(centres[i, 0], centres[i, 1]),
                mass_at_200=10.0 ** log10_masses[i],
                redshift_object=0.5,
                redshift_source=1.0,
            )
            for i in range(2)
        ] + [
            ag.mp.cNFWMCRLudlowSph(
                centre=(centres[2, 0], centres[2, 1]),
                mass_at_200=10.0 ** log10_masses[2],
                f_c=f_c,
                redshift_object=0.5,
                redshift_source=1.0,
            )
        ]
        return HaloPopulation.from_profiles(profiles, capacity=4)

    centres = np.array([[0.3, 0.1], [-1.0, 0.5], [0.7, -0.8]])
    traced = jax.jit(lambda m, c: build(m, c).deflections_yx_2d_from(grid=points, xp=jnp))(
        jnp.log10(masses), jnp.asarray(centres)
    )
    eager = build(np.log10(masses), centres).deflections_yx_2d_from(grid=grid).array

    np.testing.assert_allclose(np.asarray(traced), eager, rtol=1e-9, atol=1e-14)


def test__grad__finite_with_padding_and_equal_to_finite_differences():
    points = jnp.asarray(_grid().array)
    pop = HaloPopulation.from_profiles(_tnfw(3), capacity=8, chunk_size=4)
    group = pop.groups[0]
    weights = jnp.linspace(-1.0, 1.0, points.shape[0] * 2).reshape(points.shape[0], 2)

    def loss(centre, parameters):
        # The population rebuilt from its arrays, as a jitted simulator builds it from theta.
        rebuilt = HaloGroup(
            kind=group.kind, static=group.static, centre=centre, parameters=parameters, mask=group.mask
        )
        deflections = HaloPopulation(groups=[rebuilt], chunk_size=4).deflections_yx_2d_from(
            grid=points, xp=jnp
        )
        return jnp.sum(weights * deflections)

    centre = jnp.asarray(group.centre)
    parameters = tuple(jnp.asarray(p) for p in group.parameters)
    grad_centre, grad_parameters = jax.jit(jax.grad(loss, argnums=(0, 1)))(centre, parameters)

    for leaf in jax.tree_util.tree_leaves((grad_centre, grad_parameters)):
        assert np.all(np.isfinite(np.asarray(leaf)))
    # Live slots: equal to central finite differences (the tNFW layout is kappa_s, r_s, r_t).
    step = 1e-6
    for index in range(3):
        for k in range(3):
            bumped = lambda d: tuple(
                p.at[index].add(d) if j == k else p for j, p in enumerate(parameters)
            )
            fd = (loss(centre, bumped(step)) - loss(centre, bumped(-step))) / (2 * step)
            assert float(grad_parameters[k][index]) == pytest.approx(float(fd), rel=1e-5, abs=1e-9)
        fd = (loss(centre.at[index, 0].add(step), parameters) - loss(centre.at[index, 0].add(-step), parameters)) / (2 * step)
        assert float(grad_centre[index, 0]) == pytest.approx(float(fd), rel=1e-5, abs=1e-9)
    # Padded slots get exactly zero gradient.
    np.testing.assert_array_equal(np.asarray(grad_parameters[0][3:]), 0.0)
    np.testing.assert_array_equal(np.asarray(grad_centre[3:]), 0.0)


@pytest.mark.parametrize("backend", ["cpu", "gpu"])
def test__galaxy__populations_jit_as_an_argument_under_each_policy(backend):
    grid = ag.Grid2D.uniform(shape_native=(12, 12), pixel_scales=0.3)
    galaxy = ag.Galaxy(
        redshift=0.5,
        mass=ag.mp.Isothermal(ell_comps=(0.05, -0.03), einstein_radius=1.0),
        subhalos=HaloPopulation.from_profiles(_tnfw(4, seed=1), capacity=8, backend=backend),
        halos=HaloPopulation.from_profiles(_mixed(), capacity=8, backend=backend, ray_block=50),
    )

    deflections = jax.jit(lambda g: g.deflections_yx_2d_from(grid=grid, xp=jnp).array)(galaxy)

    np.testing.assert_allclose(
        np.asarray(deflections), galaxy.deflections_yx_2d_from(grid=grid).array, rtol=1e-10, atol=1e-14
    )


def _one_of_each_kind():
    """One member of every supported kind (the SIDM kinds too), away from the rays' centre."""
    mcr = dict(redshift_object=0.5, redshift_source=1.0)
    return [
        ag.mp.NFWSph(centre=(0.25, -0.35), kappa_s=0.05, scale_radius=0.8),
        ag.mp.NFWTruncatedSph(centre=(0.6, 1.1), kappa_s=0.1, scale_radius=0.3, truncation_radius=2.0),
        ag.mp.cNFWSph(centre=(-0.7, -1.3), kappa_s=0.08, scale_radius=0.4, core_radius=0.04),
        ag.mp.NFWTruncatedMCRLudlowSph(centre=(1.4, -0.9), mass_at_200=3e9, **mcr),
        ag.mp.cNFWMCRLudlowSph(centre=(-1.6, 1.5), mass_at_200=5e8, f_c=0.1, **mcr),
        ag.mp.YangSIDMSph(centre=(0.9, 0.2), kappa_s=0.1, scale_radius=0.3, tau=0.7),
        ag.mp.YangSIDMMCRLudlowSph(centre=(-0.3, 0.8), mass_at_200=2e9, sigma_over_m=30.0, t_age=10.0, **mcr),
        ag.mp.KaplinghatCoredNFWSph(centre=(1.1, -1.7), kappa_s=0.1, scale_radius=0.4, interaction_radius=0.2),
        ag.mp.KaplinghatCoredNFWMCRLudlowSph(centre=(-1.2, -0.4), mass_at_200=1e9, sigma_over_m=20.0, **mcr),
    ]


@pytest.mark.parametrize("index", range(9))
def test__jacobian__divergence_is_twice_the_convergence_and_equals_finite_differences(index):
    # The rays' derivative through a member comes from its convergence (d alpha / dR = 2 kappa - alpha / R).
    # Independently of that rule: the divergence of a deflection field is twice the convergence, its curl is
    # zero, and the whole Jacobian equals central finite differences of the deflections.
    member = _one_of_each_kind()[index]
    pop = HaloPopulation.from_profiles([member], capacity=2)
    rng = np.random.default_rng(index)
    points = jnp.asarray(np.asarray(member.centre) + rng.uniform(-1.5, 1.5, (12, 2)))
    # Rays from 1e-3 arc-seconds to a few scale radii away, on both sides of the core and truncation radii.
    points = points.at[0].set(jnp.asarray(member.centre) + 1e-3)

    def deflection(point):
        return pop.deflections_yx_2d_from(grid=point[None, :], xp=jnp)[0]

    jacobian = np.asarray(jax.jit(jax.vmap(jax.jacfwd(deflection)))(points))
    convergence = np.asarray(pop.convergence_2d_from(grid=ag.Grid2DIrregular(np.asarray(points))).array)

    np.testing.assert_allclose(np.trace(jacobian, axis1=1, axis2=2), 2.0 * convergence, rtol=1e-8)
    np.testing.assert_allclose(jacobian[:, 0, 1], jacobian[:, 1, 0], rtol=1e-8, atol=1e-14)
    step = 1e-6
    for axis in range(2):
        shift = np.zeros(2)
        shift[axis] = step
        fd = (
            np.asarray(pop.deflections_yx_2d_from(grid=points + shift, xp=jnp))
            - np.asarray(pop.deflections_yx_2d_from(grid=points - shift, xp=jnp))
        ) / (2 * step)
        np.testing.assert_allclose(jacobian[:, :, axis], fd, rtol=1e-6, atol=1e-9 * np.abs(fd).max())


def test__grad__mcr_mass_and_centre_equal_finite_differences_and_reverse_equals_forward():
    # A member whose kernel arguments depend on a traced mass: the derivative along the kernel arguments (the
    # formula's) and along the radius (the convergence's) add up, in reverse and forward mode.
    mcr = dict(redshift_object=0.5, redshift_source=1.0)
    points = jnp.asarray(_grid().array)
    weights = jnp.linspace(-1.0, 1.0, points.shape[0] * 2).reshape(points.shape[0], 2)

    def loss(log_mass, centre):
        member = ag.mp.NFWTruncatedMCRLudlowSph(centre=centre, mass_at_200=10.0**log_mass, **mcr)
        pop = HaloPopulation.from_profiles([member], capacity=2)
        return jnp.sum(weights * pop.deflections_yx_2d_from(grid=points, xp=jnp))

    log_mass, centre = jnp.asarray(9.3), jnp.asarray([0.3, -0.2])
    grad_mass, grad_centre = jax.jit(jax.grad(loss, argnums=(0, 1)))(log_mass, centre)
    forward = jax.jvp(lambda m: loss(m, centre), (log_mass,), (jnp.asarray(1.0),))[1]

    step = 1e-5
    fd_mass = (loss(log_mass + step, centre) - loss(log_mass - step, centre)) / (2 * step)
    assert float(grad_mass) == pytest.approx(float(fd_mass), rel=1e-6)
    assert float(forward) == pytest.approx(float(grad_mass), rel=1e-12)
    for axis in range(2):
        shift = jnp.zeros(2).at[axis].set(step)
        fd = (loss(log_mass, centre + shift) - loss(log_mass, centre - shift)) / (2 * step)
        assert float(grad_centre[axis]) == pytest.approx(float(fd), rel=1e-6)


@pytest.mark.parametrize("index", range(9))
def test__grad__every_stored_parameter_equals_finite_differences(index):
    # Every stored parameter of a member of each kind traced at once (an MCR member's mass, scatter and
    # core or SIDM parameters too): the derivative along the kernel arguments against central finite
    # differences of the NumPy path.
    member = _one_of_each_kind()[index]
    (group,) = HaloPopulation.from_profiles([member], capacity=2).groups
    points = np.asarray(member.centre) + np.random.default_rng(index).uniform(-1.5, 1.5, (12, 2))
    weights = np.linspace(-1.0, 1.0, points.size).reshape(points.shape)

    def loss(live, xp):
        parameters = tuple(
            xp.concatenate([xp.reshape(value, (1,)), xp.asarray(column)[1:]])
            for column, value in zip(group.parameters, live)
        )
        pop = HaloPopulation(groups=[dataclasses.replace(group, parameters=parameters)])
        grid = xp.asarray(points) if xp is jnp else ag.Grid2DIrregular(points)
        return xp.sum(weights * xp.asarray(pop.deflections_yx_2d_from(grid=grid, xp=xp)))

    live = np.array([float(np.asarray(column)[0]) for column in group.parameters])
    reverse = jax.jit(jax.grad(loss), static_argnums=1)(jnp.asarray(live), jnp)

    steps = 1e-6 * np.maximum(np.abs(live), 1.0)
    fd = np.array(
        [
            (loss(live + step * np.eye(live.size)[i], np) - loss(live - step * np.eye(live.size)[i], np))
            / (2.0 * step)
            for i, step in enumerate(steps)
        ]
    )
    # The differences' rounding: ~eps |weights . deflections| / step (a derivative that small reads as zero).
    deflections = np.asarray(HaloPopulation(groups=[group]).deflections_yx_2d_from(ag.Grid2DIrregular(points)))
    rounding = 1e3 * np.finfo(float).eps * np.sum(np.abs(weights * deflections)) / steps
    # At least two components well above it (an MCR member's cross-section and age barely reach these rays).
    assert np.sum(np.abs(fd) > 1e3 * rounding) >= 2
    assert np.all(np.abs(np.asarray(reverse) - fd) <= 1e-6 * np.abs(fd) + rounding)


def test__radial_deflection__reverse_mode_keeps_one_array_per_differentiated_argument():
    # Linearised along its kernel arguments, a chunk's deflection keeps d alpha / d argument for each one (the
    # residuals reverse mode stores or, under the chunk loop's checkpoint, recomputes), not the intermediates
    # of the formula's derivative (over 200 for the cored NFW when it differentiated the formula's jvp).
    from autogalaxy.profiles.mass.dark.halo_population import _kinds_by_name, _radial_deflection

    radius = jnp.asarray(np.random.default_rng(0).uniform(0.01, 3.0, (4, 50)))
    for name, lensing in [
        ("nfw", dict(kappa_s=0.1, scale_radius=0.3)),
        ("tnfw", dict(kappa_s=0.1, scale_radius=0.3, truncation_radius=2.0)),
        ("cnfw", dict(kappa_s=0.08, scale_radius=0.4, core_radius=0.04)),
    ]:
        kind = _kinds_by_name()[name]
        values = tuple(jnp.full((4, 1), value) for value in lensing.values())

        def deflection(values):
            return _radial_deflection(kind, radius, dict(zip(lensing, values)), jnp)

        shapes = []

        def residual_shapes(values):  # traced only: the reverse pass's leaves are its residuals
            shapes.extend(np.shape(leaf) for leaf in jax.tree_util.tree_leaves(jax.vjp(deflection, values)[1]))
            return 0.0

        jax.make_jaxpr(residual_shapes)(values)
        assert shapes.count(radius.shape) == len(lensing), (name, shapes)


def test__jacobian__float32_is_finite_and_within_its_rounding_of_float64():
    # The convergence rule in float32 (JAX's default precision): finite 1e-3 arc-seconds from a centre and
    # close to float64 for every kind.
    previous = jax.config.jax_enable_x64
    jacobians = {}
    try:
        for x64 in (True, False):
            jax.config.update("jax_enable_x64", x64)
            for index, member in enumerate(_one_of_each_kind()):
                pop = HaloPopulation.from_profiles([member], capacity=2)
                points = np.asarray(member.centre) + np.random.default_rng(index).uniform(-1.5, 1.5, (12, 2))
                points[0] = np.asarray(member.centre) + 1e-3

                def deflection(point):
                    return pop.deflections_yx_2d_from(grid=point[None, :], xp=jnp)[0]

                jacobians[x64, index] = jax.jit(jax.vmap(jax.jacfwd(deflection)))(jnp.asarray(points))
    finally:
        jax.config.update("jax_enable_x64", previous)

    for index in range(len(_one_of_each_kind())):
        single, double = jacobians[False, index], np.asarray(jacobians[True, index])
        assert single.dtype == np.float32 and np.all(np.isfinite(np.asarray(single)))
        np.testing.assert_allclose(np.asarray(single, dtype=float), double, atol=5e-5 * np.abs(double).max())
