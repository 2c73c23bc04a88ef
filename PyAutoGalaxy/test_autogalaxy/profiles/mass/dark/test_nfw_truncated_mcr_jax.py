"""
The truncated-NFW MCR profiles built inside ``jax.jit`` from a traced log10 M200 and centre: deflections equal
to the NumPy-built profile, ``jax.grad`` equal to central differences (finite on the centre pixel).
"""

import numpy as np
import pytest

import autoarray as aa
import autogalaxy as ag

jax = pytest.importorskip("jax")
jnp = jax.numpy

Z_LENS, Z_SOURCE = 0.5, 2.0


@pytest.fixture(scope="module")
def x64():
    # Importing autogalaxy enables x64 unless JAX was imported first; be explicit.
    previous = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", previous)


# The centre, a point 1e-4 arcsec from it, and generic points (arcsec, centre (0.1, -0.2)).
TNFW_GRID = np.array([(0.1, -0.2), (0.1 + 1.0e-4, -0.2), (0.15, -0.2), (0.4, 0.3), (-1.0, 2.0)])
TNFW_WEIGHTS = np.array([[1.0, -0.5], [0.3, 2.0], [-1.2, 0.7], [0.4, 0.4], [1.0, 1.0]])


def _tnfw_mcr_deflections(cls, kwargs, params, grid):
    log10_mass, centre_y, centre_x = params[0], params[1], params[2]
    profile = cls(
        centre=(centre_y, centre_x),
        mass_at_200=10.0**log10_mass,
        redshift_object=Z_LENS,
        redshift_source=Z_SOURCE,
        **kwargs,
    )
    return profile.deflections_yx_2d_from(grid=aa.Grid2DIrregular(grid), xp=jnp).array


@pytest.mark.parametrize(
    "cls, kwargs",
    [
        (ag.mp.NFWTruncatedMCRLudlowSph, {}),
        (ag.mp.NFWTruncatedMCRScatterLudlowSph, {"scatter_sigma": 0.5}),
    ],
)
def test__nfw_truncated_mcr__built_inside_jit_deflections_and_grad_wrt_log10_mass_and_centre(
    x64, cls, kwargs
):
    params = np.array([9.3, 0.1, -0.2])

    def deflections(p, grid):
        return _tnfw_mcr_deflections(cls, kwargs, p, grid)

    traced = np.asarray(jax.jit(deflections)(jnp.asarray(params), jnp.asarray(TNFW_GRID)))

    # The NumPy constructor takes the NumPy mapping and the NumPy deflections.
    profile = cls(
        centre=(0.1, -0.2),
        mass_at_200=10.0**9.3,
        redshift_object=Z_LENS,
        redshift_source=Z_SOURCE,
        **kwargs,
    )
    expected = profile.deflections_yx_2d_from(grid=aa.Grid2DIrregular(TNFW_GRID)).array
    np.testing.assert_allclose(traced, expected, rtol=1.0e-10, atol=0.0)
    assert np.all(traced[0] == 0.0)

    def loss(p, weights):
        return jnp.sum(deflections(p, jnp.asarray(TNFW_GRID)) * weights)

    gradient = jax.jit(jax.grad(loss))
    compiled_loss = jax.jit(loss)
    steps = np.array([1.0e-5, 1.0e-7, 1.0e-7])

    def central(weights, i):
        up, down = params.copy(), params.copy()
        up[i] += steps[i]
        down[i] -= steps[i]
        return (
            float(compiled_loss(jnp.asarray(up), weights))
            - float(compiled_loss(jnp.asarray(down), weights))
        ) / (2.0 * steps[i])

    weights = jnp.asarray(TNFW_WEIGHTS)
    full = np.asarray(gradient(jnp.asarray(params), weights))
    # Finite with a pixel exactly on the centre (its deflection is 0 for every M200, so its
    # derivative in log10 M200 is 0, as the finite difference says).
    assert np.all(np.isfinite(full))
    assert full[0] == pytest.approx(central(weights, 0), rel=1.0e-5)

    # In the centre the derivative of that pixel's deflection does not exist: alpha / R ~ ln(r_s / R)
    # diverges, so its central differences grow as ln(1 / step). The centre derivatives are checked on
    # the other pixels, including one 1e-4 arcsec (1e-4 r_s) from the centre.
    off_centre = jnp.asarray(TNFW_WEIGHTS * (np.arange(len(TNFW_GRID)) > 0)[:, None])
    off = np.asarray(gradient(jnp.asarray(params), off_centre))
    for i in range(3):
        assert off[i] == pytest.approx(central(off_centre, i), rel=1.0e-5), i
