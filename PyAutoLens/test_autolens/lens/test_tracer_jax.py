"""The Tracer under jax.jit: automatic pytrees, no recompile for equal cosmologies, host-side scaling factors."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

import autogalaxy as ag
import autolens as al

jax = pytest.importorskip("jax")
jnp = jax.numpy


def _tracer(einstein_radius=1.2, cosmology=None):
    lens = ag.Galaxy(redshift=0.5, mass=ag.mp.Isothermal(centre=(0.0, 0.0), ell_comps=(0.05, -0.03), einstein_radius=einstein_radius))
    los = ag.Galaxy(redshift=0.2, mass=ag.mp.IsothermalSph(centre=(0.5, 0.5), einstein_radius=0.05))
    behind = ag.Galaxy(redshift=0.8, mass=ag.mp.IsothermalSph(centre=(-0.5, 0.2), einstein_radius=0.05))
    source = ag.Galaxy(redshift=1.0, light=ag.lp.SersicCore(centre=(0.05, 0.05), ell_comps=(0.1, 0.0), intensity=0.3))
    return al.Tracer(galaxies=[lens, los, behind, source], cosmology=cosmology or ag.cosmo.Planck15())


def test__jit__tracer_argument_without_registration_call():
    # A fresh interpreter, so no earlier test has registered anything: building the Tracer is enough.
    code = textwrap.dedent(
        """
        import autogalaxy as ag, autolens as al
        import jax, jax.numpy as jnp, numpy as np
        # Non-zero ellipticities: traced ell_comps exactly at (0, 0) are nudged for gradient safety.
        lens = ag.Galaxy(redshift=0.5, mass=ag.mp.Isothermal(ell_comps=(0.05, -0.03), einstein_radius=1.2))
        source = ag.Galaxy(redshift=1.0, light=ag.lp.SersicCore(ell_comps=(0.1, 0.0), intensity=0.3))
        tracer = al.Tracer(galaxies=[lens, source])
        grid = al.Grid2D.uniform(shape_native=(20, 20), pixel_scales=0.2)
        out = jax.jit(lambda t: t.image_2d_from(grid=grid, xp=jnp).array)(tracer)
        np.testing.assert_allclose(np.asarray(out), tracer.image_2d_from(grid=grid).array, rtol=1e-10)
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr[-3000:]
    assert "ok" in result.stdout


def test__jit__equal_cosmologies_do_not_recompile():
    grid = al.Grid2D.uniform(shape_native=(20, 20), pixel_scales=0.2)
    f = jax.jit(lambda t: t.image_2d_from(grid=grid, xp=jnp).array)

    images = [f(_tracer(einstein_radius=r, cosmology=ag.cosmo.Planck15())) for r in (1.1, 1.2, 1.3)]

    assert f._cache_size() == 1
    np.testing.assert_allclose(
        np.asarray(images[1]), _tracer(einstein_radius=1.2).image_2d_from(grid=grid).array, rtol=1e-10
    )


def test__jit__tracer_built_inside_from_traced_theta_equals_numpy():
    grid = al.Grid2D.uniform(shape_native=(20, 20), pixel_scales=0.2)

    image = jax.jit(lambda r: _tracer(einstein_radius=r).image_2d_from(grid=grid, xp=jnp).array)(1.25)

    np.testing.assert_allclose(
        np.asarray(image), _tracer(einstein_radius=1.25).image_2d_from(grid=grid).array, rtol=1e-10
    )


def test__jit__scaling_factors_are_constants_not_staged_integrals():
    # Each angular diameter distance is an 8,193-point integral; computed on the host, the multi-plane
    # trace of four planes holds no array of that size.
    grid = al.Grid2D.uniform(shape_native=(10, 10), pixel_scales=0.2)
    tracer = _tracer()

    jaxpr = jax.make_jaxpr(lambda t: t.traced_grid_2d_list_from(grid=grid, xp=jnp)[-1].array)(tracer)

    assert "8193" not in str(jaxpr)


def test__jit__over_sampled_image_traces_only_the_over_sampled_grid_and_equals_the_traced_grid_2d_image():
    # PR L9 under jit: the image of light profiles that read only the over-sampled grid traces that grid alone
    # (the staged graph holds no array of the 100 pixel centres) and equals, bit for bit, the image
    # of the traced `Grid2D`s (pixel centres and over-sampled grid both traced).
    grid = al.Grid2D.uniform(shape_native=(10, 10), pixel_scales=0.2, over_sample_size=2)

    def image_of(r):
        return _tracer(einstein_radius=r).image_2d_from(grid=grid, xp=jnp).array

    def image_via_traced_grids_of(r):
        tracer = _tracer(einstein_radius=r)
        traced_grid_list = tracer.traced_grid_2d_list_from(grid=grid, xp=jnp)
        return sum(
            sum([galaxy.image_2d_from(grid=traced_grid, xp=jnp) for galaxy in galaxies])
            for galaxies, traced_grid in zip(tracer.planes, traced_grid_list)
        ).array

    image = jax.jit(image_of)(1.25)
    reference = jax.jit(image_via_traced_grids_of)(1.25)

    np.testing.assert_array_equal(np.asarray(image), np.asarray(reference))
    np.testing.assert_allclose(
        np.asarray(image), _tracer(einstein_radius=1.25).image_2d_from(grid=grid).array, rtol=1e-10
    )

    # Three lens planes deflect: 3 x (400 over-sampled rays) instead of 3 x (100 + 400).
    jaxpr = str(jax.make_jaxpr(image_of)(1.25))
    jaxpr_reference = str(jax.make_jaxpr(image_via_traced_grids_of)(1.25))
    assert "f64[100,2]" not in jaxpr
    assert "f64[100,2]" in jaxpr_reference
