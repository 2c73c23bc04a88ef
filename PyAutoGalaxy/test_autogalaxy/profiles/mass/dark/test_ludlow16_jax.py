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
