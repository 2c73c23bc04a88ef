"""
The Ludlow et al. (2016) concentration under JAX (jit, vmap), against colossus.
"""

import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.profiles.mass.dark import ludlow16

jax = pytest.importorskip("jax")
jnp = jax.numpy

colossus_cosmology = pytest.importorskip("colossus.cosmology.cosmology")
colossus_concentration = pytest.importorskip("colossus.halo.concentration")

COSMOLOGY = ludlow16.PLANCK15_COSMOLOGY
H = COSMOLOGY["h"]


@pytest.fixture(scope="module")
def x64():
    # Importing autogalaxy enables x64 unless JAX was imported first; be explicit.
    previous = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", previous)


def _colossus_concentration(masses_msun, redshift):
    colossus_cosmology.setCosmology("planck15", persistence="")
    return colossus_concentration.concentration(
        np.asarray(masses_msun) * H, "200c", redshift, model="ludlow16"
    )


def test__ludlow16_concentration__jit_vmap_matches_colossus(x64):
    redshift = 0.2
    masses = np.logspace(5.0, 13.0, 9)

    concentration = jax.jit(
        jax.vmap(
            lambda mass: ludlow16.ludlow16_concentration(
                mass * H, redshift, xp=jnp, **COSMOLOGY
            )
        )
    )(jnp.asarray(masses))

    np.testing.assert_allclose(
        np.asarray(concentration), _colossus_concentration(masses, redshift), rtol=1.0e-3
    )


def test__sigma_R_tabulated__matches_the_quadrature_and_colossus(x64):
    # The table interpolates sigma_R's own quadrature: against it, to the stated accuracy over the
    # table's range (radii uniform in ln R), and against colossus' exact integral where both converge.
    radii = np.exp(np.random.default_rng(1).uniform(np.log(1.0e-5), np.log(1.0e3), 4000))
    quadrature = ludlow16.sigma_R(radii, xp=np, **COSMOLOGY)

    tabulated = np.asarray(
        jax.jit(lambda r: ludlow16.sigma_R_tabulated(r, xp=jnp, **COSMOLOGY))(jnp.asarray(radii))
    )

    relative = np.abs(tabulated / quadrature - 1.0)
    assert relative[radii <= 1.0].max() < 1.0e-11
    assert relative[radii <= 20.0].max() < 2.0e-10
    assert relative[radii <= 100.0].max() < 5.0e-9
    assert relative.max() < 4.0e-6

    colossus = colossus_cosmology.setCosmology("planck15", persistence="", interpolation=False)
    for radius in (1.0e-3, 1.0, 20.0):
        value = ludlow16.sigma_R_tabulated(jnp.asarray(radius), xp=jnp, **COSMOLOGY)
        assert float(value) == pytest.approx(colossus.sigma(radius, 0.0), rel=5.0e-5)


def test__sigma_R_tabulated__nan_outside_the_table(x64):
    values = ludlow16.sigma_R_tabulated(
        jnp.asarray([0.9e-5, 1.0e-5, 1.0e3, 1.1e3]), xp=jnp, **COSMOLOGY
    )

    assert np.isnan(values[0]) and np.isnan(values[3])
    assert np.isfinite(values[1]) and np.isfinite(values[2])


def test__ludlow16_concentration__jax_equals_numpy_quadrature(x64):
    # The JAX path takes sigma(R) from the table, the NumPy path from the quadrature; from 1e3 to
    # 3e15 Msun/h, per mass under vmap and as one array call (its redshift-only terms once per redshift).
    masses = np.logspace(3.0, 15.5, 60)
    expected = np.array([ludlow16.ludlow16_concentration(m, 0.5, **COSMOLOGY) for m in masses])

    per_mass = jax.jit(
        jax.vmap(lambda m: ludlow16.ludlow16_concentration(m, 0.5, xp=jnp, **COSMOLOGY))
    )(jnp.asarray(masses))
    array = jax.jit(lambda m: ludlow16.ludlow16_concentration(m, 0.5, xp=jnp, **COSMOLOGY))(
        jnp.asarray(masses)
    )

    np.testing.assert_allclose(np.asarray(per_mass), expected, rtol=2.0e-11, atol=0.0)
    np.testing.assert_allclose(np.asarray(array), expected, rtol=2.0e-11, atol=0.0)


def test__ludlow16_concentration__gradient_matches_finite_differences(x64):
    # The spline is twice continuously differentiable, so the mass derivative is smooth; central
    # differences of the NumPy quadrature path (step 1e-4 in ln M) are the reference.
    def concentration(ln_mass, xp):
        return ludlow16.ludlow16_concentration(xp.exp(ln_mass), 0.5, xp=xp, **COSMOLOGY)

    for ln_mass in np.log([1.0e6, 1.0e9, 1.0e12]):
        gradient = float(jax.grad(lambda m: concentration(m, jnp))(jnp.asarray(ln_mass)))
        step = 1.0e-4
        expected = (concentration(ln_mass + step, np) - concentration(ln_mass - step, np)) / (
            2.0 * step
        )
        assert gradient == pytest.approx(expected, rel=1.0e-5)


def test__interp_at_zero_by_bisection__equals_numpy_interp(x64):
    # Non-decreasing rows: a crossing inside, rows entirely below or above zero, a node exactly at zero
    # and repeated values, every one against numpy.interp.
    values = np.linspace(1.0, 100.0, 200)
    rng = np.random.default_rng(3)
    rows = [np.sort(rng.uniform(-1.0, 1.0, 200)) for _ in range(20)]
    rows += [np.linspace(-2.0, -1.0, 200), np.linspace(1.0, 2.0, 200)]
    rows += [np.concatenate([np.full(50, -10.0), np.linspace(-0.5, 0.5, 150)])]
    with_zero = np.linspace(-1.0, 1.0, 200)
    with_zero[120] = 0.0
    rows += [np.sort(with_zero), np.repeat(np.linspace(-1.0, 1.0, 100), 2)]

    bisect = jax.jit(
        lambda row: ludlow16._interp_at_zero_by_bisection(
            lambda index: row[index], jnp.asarray(values), xp=jnp
        )
    )

    for row in rows:
        assert float(bisect(jnp.asarray(row))) == pytest.approx(
            np.interp(0.0, row, values), rel=1.0e-14
        )


def test__ludlow16_concentration__bisection_equals_the_whole_concentration_grid(x64):
    # One mass at a time (under vmap) the JAX path bisects for the root along c; the array path evaluates
    # every node of the grid. 1 to 1e17 Msun/h, z from 0 to 5.
    masses = jnp.asarray(np.logspace(0.0, 17.0, 400))
    for redshift in (0.0, 0.5, 5.0):
        per_mass = jax.jit(
            jax.vmap(lambda m: ludlow16.ludlow16_concentration(m, redshift, xp=jnp, **COSMOLOGY))
        )(masses)
        grid = jax.jit(
            lambda m: ludlow16.ludlow16_concentration(m, redshift, xp=jnp, **COSMOLOGY)
        )(masses)
        np.testing.assert_allclose(np.asarray(per_mass), np.asarray(grid), rtol=1.0e-14, atol=0.0)


def _primitive_count(jaxpr, name):
    """Equations of primitive ``name`` in a jaxpr, its loop bodies and branches counted once each."""
    count = 0
    for equation in jaxpr.eqns:
        count += equation.primitive.name == name
        for value in equation.params.values():
            for sub in value if isinstance(value, (tuple, list)) else (value,):
                inner = getattr(sub, "jaxpr", sub)
                if hasattr(inner, "eqns"):
                    count += _primitive_count(inner, name)
    return count


def test__ludlow16_concentration__bisection_is_one_loop_body_in_the_program(x64):
    # The row's erfc appears once in the halvings' loop body and twice for the interpolation's segment,
    # whatever the number of halvings (8 for the 200-node grid), in the value and in its gradient.
    def concentration(mass):
        return ludlow16.ludlow16_concentration(mass, 0.5, xp=jnp, **COSMOLOGY)

    for function in (concentration, jax.grad(concentration)):
        jaxpr = jax.make_jaxpr(function)(1.0e9).jaxpr
        assert _primitive_count(jaxpr, "erfc") == 3
        assert _primitive_count(jaxpr, "while") + _primitive_count(jaxpr, "scan") >= 1
