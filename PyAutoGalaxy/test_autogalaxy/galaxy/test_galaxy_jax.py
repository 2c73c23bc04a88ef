"""Galaxies under jax.jit: a galaxy is a JAX pytree once built, its redshift static."""

import subprocess
import sys
import textwrap

import pytest

import autogalaxy as ag

jax = pytest.importorskip("jax")


def test__init__galaxies_alone_are_jit_arguments_with_static_redshift():
    # A line of sight drawn on the host is a list of galaxies passed straight into jit (no Tracer yet).
    code = textwrap.dedent(
        """
        import autogalaxy as ag
        import jax, jax.numpy as jnp
        galaxies = [ag.Galaxy(redshift=0.3, mass=ag.mp.IsothermalSph(einstein_radius=0.1))]
        leaves, treedef = jax.tree_util.tree_flatten(galaxies)
        assert 0.3 not in [float(l) for l in leaves if isinstance(l, float)], leaves
        out = jax.jit(lambda gs: gs[0].redshift + gs[0].mass.einstein_radius)(galaxies)
        assert abs(float(out) - 0.4) < 1e-12
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr[-3000:]
    assert "ok" in result.stdout
