"""JAX behaviour of SIDM members of `HaloPopulation` (skipped where JAX is not installed)."""
import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.profiles.mass.dark.halo_population import HaloPopulation

jax = pytest.importorskip("jax")
jnp = jax.numpy

MCR = dict(redshift_object=0.5, redshift_source=1.0)
CAPACITY = 4


def _points():
    return ag.Grid2D.uniform(shape_native=(8, 8), pixel_scales=0.5).array


def _arrays():
    rng = np.random.default_rng(11)
    return dict(
        centre=rng.uniform(-1.5, 1.5, (CAPACITY, 2)),
        kappa_s=rng.uniform(0.05, 0.2, CAPACITY),
        scale_radius=rng.uniform(0.1, 0.5, CAPACITY),
        tau=np.array([0.0, 0.2, 0.7, 1.1]),
        mass_at_200=10.0 ** rng.uniform(8.0, 10.0, CAPACITY),
        sigma_over_m=rng.uniform(5.0, 80.0, CAPACITY),
        t_age=rng.uniform(5.0, 12.0, CAPACITY),
        interaction_radius=rng.uniform(0.02, 0.6, CAPACITY),
    )


def _population(arrays, n_live, xp):
    plain = HaloPopulation.from_arrays(
        ag.mp.YangSIDMSph, centre=arrays["centre"], capacity=CAPACITY, n_live=n_live, chunk_size=2,
        kappa_s=arrays["kappa_s"], scale_radius=arrays["scale_radius"], tau=arrays["tau"],
    )
    mcr = HaloPopulation.from_arrays(
        ag.mp.YangSIDMMCRLudlowSph, centre=arrays["centre"][::-1], capacity=CAPACITY, n_live=n_live,
        chunk_size=2, mass_at_200=arrays["mass_at_200"], scatter_sigma=xp.zeros(CAPACITY),
        sigma_over_m=arrays["sigma_over_m"], velocity_exponent=xp.full(CAPACITY, 1.0),
        velocity_ref=xp.full(CAPACITY, 30.0), t_age=arrays["t_age"], **MCR,
    )
    cored = HaloPopulation.from_arrays(
        ag.mp.KaplinghatCoredNFWSph, centre=arrays["centre"][:, ::-1], capacity=CAPACITY,
        n_live=n_live, chunk_size=2, kappa_s=arrays["kappa_s"], scale_radius=arrays["scale_radius"],
        interaction_radius=arrays["interaction_radius"],
    )
    cored_mcr = HaloPopulation.from_arrays(
        ag.mp.KaplinghatCoredNFWMCRLudlowSph, centre=-arrays["centre"], capacity=CAPACITY,
        n_live=n_live, chunk_size=2, mass_at_200=arrays["mass_at_200"], scatter_sigma=xp.zeros(CAPACITY),
        sigma_over_m=arrays["sigma_over_m"], t_age=arrays["t_age"], **MCR,
    )
    cdm = HaloPopulation.from_profiles(
        [ag.mp.NFWTruncatedSph(centre=(0.1, 0.3), kappa_s=0.1, scale_radius=0.3, truncation_radius=2.0)],
        capacity=2,
    )
    return plain + mcr + cored + cored_mcr + cdm


def _profiles(arrays, n_live):
    members = []
    for i in range(n_live):
        members.append(
            ag.mp.YangSIDMSph(
                centre=tuple(arrays["centre"][i]), kappa_s=arrays["kappa_s"][i],
                scale_radius=arrays["scale_radius"][i], tau=arrays["tau"][i],
            )
        )
        members.append(
            ag.mp.YangSIDMMCRLudlowSph(
                centre=tuple(arrays["centre"][::-1][i]), mass_at_200=arrays["mass_at_200"][i],
                sigma_over_m=arrays["sigma_over_m"][i], velocity_exponent=1.0, velocity_ref=30.0,
                t_age=arrays["t_age"][i], **MCR,
            )
        )
        members.append(
            ag.mp.KaplinghatCoredNFWSph(
                centre=tuple(arrays["centre"][i][::-1]), kappa_s=arrays["kappa_s"][i],
                scale_radius=arrays["scale_radius"][i], interaction_radius=arrays["interaction_radius"][i],
            )
        )
        members.append(
            ag.mp.KaplinghatCoredNFWMCRLudlowSph(
                centre=tuple(-arrays["centre"][i]), mass_at_200=arrays["mass_at_200"][i],
                sigma_over_m=arrays["sigma_over_m"][i], t_age=arrays["t_age"][i], **MCR,
            )
        )
    members.append(
        ag.mp.NFWTruncatedSph(centre=(0.1, 0.3), kappa_s=0.1, scale_radius=0.3, truncation_radius=2.0)
    )
    return members


def test__jit_with_traced_n_live_equals_the_sum_of_profiles():
    arrays = _arrays()
    points = jnp.asarray(_points())
    traces = []

    @jax.jit
    def deflections(n_live, arrays):
        traces.append(1)
        pop = _population(arrays, n_live, jnp)
        return pop.deflections_yx_2d_from(grid=ag.Grid2DIrregular(points), xp=jnp).array

    for n in (1, 4):
        got = deflections(jnp.asarray(n), jax.tree_util.tree_map(jnp.asarray, arrays))
        expected = sum(
            np.asarray(p.deflections_yx_2d_from(grid=ag.Grid2DIrregular(np.asarray(points))).array)
            for p in _profiles(arrays, n)
        )
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-14 * np.abs(expected).max())
    assert len(traces) == 1


@pytest.mark.slow
def test__grad_equals_central_differences():
    """Every SIDM kind at once (~100 s on 2 cores, mostly compilation)."""
    arrays = _arrays()
    points = ag.Grid2DIrregular(jnp.asarray(_points()))

    @jax.jit
    def total(tau, t_age, sigma_over_m, interaction_radius):
        values = dict(
            arrays, tau=tau, t_age=t_age, sigma_over_m=sigma_over_m, interaction_radius=interaction_radius
        )
        pop = _population(values, CAPACITY, jnp)
        return jnp.sum(pop.deflections_yx_2d_from(grid=points, xp=jnp).array ** 2)

    x0 = (arrays["tau"], arrays["t_age"], arrays["sigma_over_m"], arrays["interaction_radius"])
    grads = jax.jit(jax.grad(total, argnums=(0, 1, 2, 3)))(*x0)
    for which, index in ((0, 1), (0, 3), (1, 2), (2, 0), (3, 1)):
        step = 1e-5 * x0[which][index]
        plus = [np.array(v, dtype=float) for v in x0]
        minus = [np.array(v, dtype=float) for v in x0]
        plus[which][index] += step
        minus[which][index] -= step
        fd = (total(*plus) - total(*minus)) / (2 * step)
        # tau = 1.1 is truncated (zero derivative): there the difference quotient is rounding, ~1e-12.
        assert float(grads[which][index]) == pytest.approx(float(fd), rel=1e-6, abs=1e-10)
    assert all(np.all(np.isfinite(g)) for g in grads)


@pytest.mark.slow
def test__kaplinghat_grad_equals_central_differences():
    """~40 s on 2 cores, mostly compiling the gradient of the core matching."""
    arrays = _arrays()
    points = ag.Grid2DIrregular(jnp.asarray(_points()))

    @jax.jit
    def total(kappa_s, interaction_radius):
        pop = HaloPopulation.from_arrays(
            ag.mp.KaplinghatCoredNFWSph, centre=arrays["centre"], capacity=CAPACITY, chunk_size=2,
            kappa_s=kappa_s, scale_radius=arrays["scale_radius"], interaction_radius=interaction_radius,
        )
        return jnp.sum(pop.deflections_yx_2d_from(grid=points, xp=jnp).array ** 2)

    x0 = (arrays["kappa_s"], arrays["interaction_radius"])
    grads = jax.jit(jax.grad(total, argnums=(0, 1)))(*x0)
    for which, index in ((0, 0), (1, 1), (1, 3)):
        step = 1e-5 * x0[which][index]
        plus = [np.array(v, dtype=float) for v in x0]
        minus = [np.array(v, dtype=float) for v in x0]
        plus[which][index] += step
        minus[which][index] -= step
        fd = (total(*plus) - total(*minus)) / (2 * step)
        assert float(grads[which][index]) == pytest.approx(float(fd), rel=1e-6)
