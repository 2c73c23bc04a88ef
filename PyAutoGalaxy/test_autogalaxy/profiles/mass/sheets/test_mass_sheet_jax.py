"""
JAX tests of ``MassSheet.deflections_yx_2d_from``: under ``jax.jit`` and ``jax.vmap`` over the convergence
it is the closed form kappa (theta - centre) of a uniform sheet, and the NumPy path's value.
"""
import numpy as np
import pytest

import autogalaxy as ag

jax = pytest.importorskip("jax")
jnp = jax.numpy

POINTS = np.array([[0.3, -0.2], [1.0, 2.0], [-1.5, 0.5], [-0.7, -2.2], [1.0e3, -1.0e3]])
CENTRE = (0.3, -0.2)


def _deflections(kappa, points):
    sheet = ag.mp.MassSheet(centre=CENTRE, kappa=kappa)
    return sheet.deflections_yx_2d_from(grid=ag.Grid2DIrregular(points), xp=jnp).array


def test__deflections_yx_2d_from__jit_equals_closed_form_and_numpy():
    points = jnp.asarray(POINTS)
    deflections = jax.jit(_deflections)(0.1, points)

    np.testing.assert_allclose(
        np.asarray(deflections), 0.1 * (POINTS - np.array(CENTRE)), rtol=1.0e-15, atol=0.0
    )
    numpy_path = ag.mp.MassSheet(centre=CENTRE, kappa=0.1).deflections_yx_2d_from(
        grid=ag.Grid2DIrregular(POINTS)
    )
    np.testing.assert_array_equal(np.asarray(deflections), np.asarray(numpy_path))


def test__deflections_yx_2d_from__vmap_over_kappa():
    kappas = jnp.array([0.1, -0.05, 0.0])
    deflections = jax.jit(jax.vmap(_deflections, in_axes=(0, None)))(kappas, jnp.asarray(POINTS))

    expected = np.asarray(kappas)[:, None, None] * (POINTS - np.array(CENTRE))[None]
    np.testing.assert_allclose(np.asarray(deflections), expected, rtol=1.0e-15, atol=0.0)
