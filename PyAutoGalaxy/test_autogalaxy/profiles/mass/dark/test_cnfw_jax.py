"""
Cored NFW under JAX: jit and vmap with traced parameters, gradients against central finite differences,
and float32 (x64 disabled, in a subprocess) against mpmath quadrature of the 3D density.

References for values are mpmath quadratures of rho(r) = (kappa_s / r_s) r_s^3 / ((r + r_c)(r + r_s)^2)
(Sigma_crit = 1, lengths in arcsec): kappa(R) = 2 int_0^inf rho dz, alpha(R) = M_2D(R) / (pi R).
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import mpmath
import numpy as np
import pytest

import autoarray as aa
import autogalaxy as ag

jax = pytest.importorskip("jax")
jnp = jax.numpy


@pytest.fixture(autouse=True)
def x64():
    with jax.enable_x64(True):
        yield


def _density(r, kappa_s, scale_radius, core_radius):
    return (kappa_s / scale_radius) * scale_radius**3 / (
        (r + core_radius) * (r + scale_radius) ** 2
    )


def _convergence_quadrature(radius, kappa_s, scale_radius, core_radius):
    mpmath.mp.dps = 20
    breaks = sorted({core_radius, scale_radius, 10.0 * max(core_radius, scale_radius, radius)})
    value = mpmath.quad(
        lambda z: _density(mpmath.sqrt(radius**2 + z**2), kappa_s, scale_radius, core_radius),
        [0] + breaks + [mpmath.inf],
    )
    return float(2 * value)


def _deflection_quadrature(radius, kappa_s, scale_radius, core_radius):
    mpmath.mp.dps = 20
    radius = mpmath.mpf(radius)

    def shell(r):
        return 4 * mpmath.pi * r**2 * _density(r, kappa_s, scale_radius, core_radius)

    inside = mpmath.quad(shell, sorted({0, min(core_radius, radius), radius}))
    outside = mpmath.quad(
        lambda r: shell(r) * (radius / r) ** 2 / (1 + mpmath.sqrt(1 - (radius / r) ** 2)),
        [radius, radius + max(core_radius, scale_radius), mpmath.inf],
    )
    return float((inside + outside) / (mpmath.pi * radius))


# (y, x) coordinates: the centre, R = r_c, R = r_s, R = r_s (1 + 1e-9), a generic point, R = 10 r_s.
def _grid_for(scale_radius, core_radius, centre):
    cy, cx = centre
    return np.array(
        [
            (cy, cx),
            (cy + core_radius, cx),
            (cy, cx + scale_radius),
            (cy + scale_radius * (1 + 1e-9), cx),
            (cy + 0.3, cx - 0.4),
            (cy - 6.0 * scale_radius, cx + 8.0 * scale_radius),
        ]
    )


def _sph_quantities(params, grid):
    """Deflections (N, 2) and convergence (N,) of a cNFWSph built from traced parameters."""
    kappa_s, scale_radius, core_radius, centre_y, centre_x = params
    profile = ag.mp.cNFWSph(
        centre=(centre_y, centre_x),
        kappa_s=kappa_s,
        scale_radius=scale_radius,
        core_radius=core_radius,
    )
    grid = aa.Grid2DIrregular(grid)
    deflections = profile.deflections_yx_2d_from(grid=grid, xp=jnp)
    convergence = profile.convergence_2d_from(grid=grid, xp=jnp)
    return deflections.array, convergence.array


def _assert_matches_quadrature(deflections, convergence, params, grid):
    kappa_s, scale_radius, core_radius, centre_y, centre_x = [float(p) for p in params]
    for (y, x), (alpha_y, alpha_x), kappa in zip(grid, deflections, convergence):
        dy, dx = y - centre_y, x - centre_x
        radius = float(np.hypot(dy, dx))
        assert kappa == pytest.approx(
            _convergence_quadrature(radius, kappa_s, scale_radius, core_radius), rel=1e-6
        )
        if radius == 0.0:
            assert alpha_y == 0.0 and alpha_x == 0.0
            continue
        alpha = _deflection_quadrature(radius, kappa_s, scale_radius, core_radius)
        assert alpha_y == pytest.approx(alpha * dy / radius, rel=1e-6, abs=1e-13)
        assert alpha_x == pytest.approx(alpha * dx / radius, rel=1e-6, abs=1e-13)


@pytest.mark.parametrize("core_ratio", [0.01, 1.0, 2.0])
def test__cnfw_sph__jit_with_traced_parameters_matches_quadrature(core_ratio):
    params = np.array([0.2, 1.3, 1.3 * core_ratio, 0.1, -0.2])
    grid = _grid_for(1.3, 1.3 * core_ratio, (0.1, -0.2))

    deflections, convergence = jax.jit(_sph_quantities)(jnp.asarray(params), jnp.asarray(grid))

    assert deflections.dtype == jnp.float64
    _assert_matches_quadrature(np.asarray(deflections), np.asarray(convergence), params, grid)


def test__cnfw_sph__vmap_over_a_batch_of_parameters_matches_quadrature():
    batch = np.array(
        [
            [0.2, 1.3, 0.013, 0.1, -0.2],
            [0.05, 0.7, 0.7, 0.0, 0.0],
            [0.3, 2.0, 0.2, -0.5, 0.4],
        ]
    )
    grid = np.array([(0.0, 0.0), (0.3, 0.4), (1.3, 0.0), (-3.0, 4.0)])

    deflections, convergence = jax.jit(jax.vmap(_sph_quantities, in_axes=(0, None)))(
        jnp.asarray(batch), jnp.asarray(grid)
    )

    assert deflections.shape == (3, 4, 2) and convergence.shape == (3, 4)
    for i, params in enumerate(batch):
        _assert_matches_quadrature(
            np.asarray(deflections[i]), np.asarray(convergence[i]), params, grid
        )


def _central_differences(function, params, steps):
    columns = []
    for i, step in enumerate(steps):
        up, down = params.copy(), params.copy()
        up[i] += step
        down[i] -= step
        columns.append((np.asarray(function(up)) - np.asarray(function(down))) / (2 * step))
    return np.stack(columns, axis=-1)


def _sph_stacked(params, grid):
    deflections, convergence = _sph_quantities(params, grid)
    return jnp.concatenate([deflections.ravel(), convergence])


def test__cnfw_sph__gradients_are_finite_and_equal_central_differences():
    # f_c = 0.1, 2 and the band around 1 (core-ratio quadrature) on the special radii of each (centre, r_c,
    # r_s, r_s (1 + 1e-9), generic) and at R = 50 r_s (large-radius series), as one batch so that the
    # Jacobian compiles once.
    core_ratios = [0.1, 0.8, 0.999, 1.0, 1.001, 1.3, 2.0]
    batch = np.array([[0.2, 1.3, 1.3 * core_ratio, 0.1, -0.2] for core_ratio in core_ratios])
    grids = np.stack(
        [
            np.concatenate([_grid_for(1.3, 1.3 * c, (0.1, -0.2))[:-1], [(0.1 + 65.0, -0.2)]])
            for c in core_ratios
        ]
    )

    jacobians = np.asarray(
        jax.jit(jax.vmap(jax.jacrev(_sph_stacked)))(jnp.asarray(batch), jnp.asarray(grids))
    )
    loss_gradients = jax.jit(
        jax.vmap(jax.grad(lambda p, g: jnp.sum(_sph_stacked(p, g) ** 2)))
    )(jnp.asarray(batch), jnp.asarray(grids))

    assert np.all(np.isfinite(jacobians))
    assert np.all(np.isfinite(np.asarray(loss_gradients)))

    stacked = jax.jit(_sph_stacked)
    for core_ratio, params, grid, jacobian in zip(core_ratios, batch, grids, jacobians):
        # No rounding noise near f_c = 1 any more (it was ~1e-10 and needed a 1e-3 step there).
        steps = 1e-6 * np.array([0.2, 1.3, 1.3, 1.0, 1.0])
        finite_differences = _central_differences(
            lambda p: stacked(jnp.asarray(p), jnp.asarray(grid)), params, steps
        )
        np.testing.assert_allclose(jacobian, finite_differences, rtol=1e-5, atol=1e-8)


def _mcr_deflections(params, grid, scatter_sigma=0.0):
    log10_mass, f_c, centre_y, centre_x = params
    profile = ag.mp.cNFWMCRScatterLudlowSph(
        centre=(centre_y, centre_x),
        mass_at_200=10.0**log10_mass,
        scatter_sigma=scatter_sigma,
        f_c=f_c,
        redshift_object=0.5,
        redshift_source=1.0,
    )
    return profile.deflections_yx_2d_from(grid=aa.Grid2DIrregular(grid), xp=jnp).array


def test__cnfw_mcr_ludlow_sph__jit_vmap_and_grad_with_traced_mass_and_core_ratio():
    grid = np.array([(0.0, 0.0), (0.05, 0.02), (0.3, -0.4), (1.0, 1.0)])
    params = np.array([9.0, 0.5, 0.0, 0.0])

    deflections = jax.jit(_mcr_deflections)(jnp.asarray(params), jnp.asarray(grid))

    # The NumPy constructor (no tracer) takes the NumPy mapping: the traced build agrees with it.
    profile = ag.mp.cNFWMCRLudlowSph(
        centre=(0.0, 0.0), mass_at_200=1e9, f_c=0.5, redshift_object=0.5, redshift_source=1.0
    )
    expected = profile.deflections_yx_2d_from(grid=aa.Grid2DIrregular(grid)).array
    np.testing.assert_allclose(np.asarray(deflections), expected, rtol=1e-10, atol=1e-16)

    batch = jnp.asarray([[8.0, 0.05, 0.0, 0.0], [9.0, 1.0, 0.1, 0.0], [10.0, 0.2, 0.0, -0.1]])
    batched = jax.jit(jax.vmap(_mcr_deflections, in_axes=(0, None, None)))(
        batch, jnp.asarray(grid), 0.5
    )
    assert batched.shape == (3, 4, 2)
    assert np.all(np.isfinite(np.asarray(batched)))

    jacobian = np.asarray(
        jax.jit(jax.jacrev(_mcr_deflections))(jnp.asarray(params), jnp.asarray(grid))
    )
    finite_differences = _central_differences(
        lambda p: jax.jit(_mcr_deflections)(jnp.asarray(p), jnp.asarray(grid)),
        params,
        np.array([1e-5, 1e-6, 1e-7, 1e-7]),
    )
    assert np.all(np.isfinite(jacobian))
    np.testing.assert_allclose(jacobian, finite_differences, rtol=1e-5, atol=1e-9)


_FLOAT32_SCRIPT = r"""
import json, os
import jax
jax.config.update("jax_enable_x64", False)
import jax.numpy as jnp
import numpy as np
from autogalaxy.profiles.mass.dark.cnfw import (
    convergence_radial_cnfw_from, deflection_radial_cnfw_from, deflection_over_radius_cnfw_from
)
request = json.loads(os.environ["CNFW_FLOAT32_REQUEST"])
out = {"dtype": str(jnp.zeros(1).dtype)}

# Parameters broadcast against the radii: one compiled call per quantity for all core ratios.
radius = jnp.asarray(np.array(request["radius_ratios"]) * 1.3, dtype=jnp.float32)[None, :]
core_radius = jnp.asarray(np.array(request["core_ratios"]) * 1.3, dtype=jnp.float32)[:, None]
for name, function in [("convergence", convergence_radial_cnfw_from), ("deflection", deflection_radial_cnfw_from)]:
    values = jax.jit(lambda r, c: function(radius=r, kappa_s=0.2, scale_radius=1.3, core_radius=c, xp=jnp))(
        radius, core_radius
    )
    out[name] = np.asarray(values, dtype=np.float64).tolist()

# Finite values and gradients everywhere, including where float32 is least accurate (f_c ~ 1).
special = jnp.asarray([0.0, 1e-30, 1e-6, 0.13, 1.3, 1.3 * (1 + 1e-7), 130.0, 1e4], dtype=jnp.float32)
params = jnp.asarray(
    [[0.2, 1.3, 1.3 * c] for c in [1e-3, 0.7, 0.9, 1.0, 1.0 + 1e-6, 1.1, 1.3, 2.0]], dtype=jnp.float32
)
def f(p):
    args = dict(radius=special * p[1] / 1.3, kappa_s=p[0], scale_radius=p[1], core_radius=p[2], xp=jnp)
    values = jnp.concatenate(
        [convergence_radial_cnfw_from(**args), deflection_over_radius_cnfw_from(**args)]
    )
    return values, values
jacobian, values = jax.jit(jax.vmap(jax.jacrev(f, has_aux=True)))(params)
out["finite"] = (
    bool(jnp.all(jnp.isfinite(values))) and bool(jnp.all(jnp.isfinite(jacobian)))
    and values.dtype == jnp.float32
)
print(json.dumps(out))
"""


def test__cnfw_radial_functions__float32_accuracy_and_finiteness():
    # Release 2026.10.26.1 + G3: up to 2e-2 off in 0.8 < f_c < 1.3 and beyond R ~ 300 r_s for every f_c.
    core_ratios = [1e-3, 0.01, 0.1, 0.5, 0.8, 0.9, 0.95, 0.999, 1.0, 1.001, 1.05, 1.2, 1.3, 1.75, 2.0]
    radius_ratios = [1e-3, 1e-2, 0.1, 0.5, 1.0, 1.0 + 1e-6, 2.0, 10.0, 30.0, 100.0, 1e3, 1e5]
    env = dict(os.environ)
    env["JAX_ENABLE_X64"] = "False"
    env["CNFW_FLOAT32_REQUEST"] = json.dumps(
        {"core_ratios": core_ratios, "radius_ratios": radius_ratios}
    )
    # The subprocess imports the same sources as this process (a checkout or an installed copy).
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(m.__file__).resolve().parents[1]) for m in (aa, ag)] + [env.get("PYTHONPATH", "")]
    )
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", _FLOAT32_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])

    assert out["dtype"] == "float32"
    assert out["finite"]
    for core_ratio, convergence, deflection in zip(
        core_ratios, out["convergence"], out["deflection"]
    ):
        for radius_ratio, kappa, alpha in zip(radius_ratios, convergence, deflection):
            radius = 1.3 * radius_ratio
            core_radius = 1.3 * core_ratio
            assert kappa == pytest.approx(
                _convergence_quadrature(radius, 0.2, 1.3, core_radius), rel=1e-4
            ), (core_ratio, radius_ratio)
            assert alpha == pytest.approx(
                _deflection_quadrature(radius, 0.2, 1.3, core_radius), rel=1e-4
            ), (core_ratio, radius_ratio)


def _radial_quadrature(radius, core_ratio):
    """alpha / kappa_s and kappa / kappa_s of a cNFW with r_s = 1, r_c = core_ratio (mpmath)."""
    return (
        _deflection_quadrature(radius, 1.0, 1.0, core_ratio),
        _convergence_quadrature(radius, 1.0, 1.0, core_ratio),
    )


def test__cnfw_radial_functions__members_in_and_out_of_the_core_ratio_band_together_and_apart():
    """
    The quadrature band (|1 - f| < 0.3) is evaluated only when some member of a call needs it
    (`_band_if_needed_from`): members inside and outside the band, evaluated in one call (band taken)
    and each alone (band skipped for the outer ones), under jit, vmap and NumPy, equal quadrature,
    including radii of the large-radius series (R >= 20 max(r_s, r_c)).
    """
    from autogalaxy.profiles.mass.dark.cnfw import (
        convergence_radial_cnfw_from,
        deflection_radial_cnfw_from,
    )

    core_ratios = np.array([0.1, 0.95, 2.0])[:, None]
    radii = np.array([0.05, 1.0, 7.0, 25.0, 300.0])[None, :]

    def both(r, f):
        return (
            deflection_radial_cnfw_from(r, 1.0, 1.0, f, jnp),
            convergence_radial_cnfw_from(r, 1.0, 1.0, f, jnp),
        )

    together = jax.jit(both)(jnp.asarray(radii), jnp.asarray(core_ratios))
    apart = [jax.jit(both)(jnp.asarray(radii), jnp.asarray(f[None])) for f in core_ratios]
    apart = tuple(np.concatenate([np.asarray(one[q]) for one in apart]) for q in range(2))
    batched = jax.jit(jax.vmap(both, in_axes=(None, 0)))(jnp.asarray(radii), jnp.asarray(core_ratios))
    batched = tuple(np.asarray(b)[:, 0, :] for b in batched)
    numpy_path = (
        deflection_radial_cnfw_from(radii, 1.0, 1.0, core_ratios, np),
        convergence_radial_cnfw_from(radii, 1.0, 1.0, core_ratios, np),
    )
    reference = np.array(
        [[_radial_quadrature(float(r), float(f)) for r in radii[0]] for f in core_ratios[:, 0]]
    )

    for alpha, kappa in (together, apart, batched, numpy_path):
        np.testing.assert_allclose(np.asarray(alpha), reference[..., 0], rtol=1e-10)
        np.testing.assert_allclose(np.asarray(kappa), reference[..., 1], rtol=1e-10)


def test__cnfw_radial_functions__vmap_keeps_one_band_condition_for_the_batch():
    """
    Under ``jax.vmap`` the band's ``lax.cond`` takes one condition for the whole batch (any member in the
    band) instead of turning into a ``select`` that evaluates the quadrature for every batch: the batched
    program keeps a ``cond``, and batches all out of the band, all in it and mixed equal each member
    alone, with their derivatives in the core ratio.
    """
    from autogalaxy.profiles.mass.dark.cnfw import deflection_radial_cnfw_from

    radii = jnp.asarray([0.05, 1.0, 7.0, 25.0])

    def alpha(f):
        return deflection_radial_cnfw_from(radii, 1.0, 1.0, f, jnp)

    jaxpr = str(jax.make_jaxpr(jax.vmap(alpha))(jnp.asarray([0.1, 2.0])))
    assert " cond[" in jaxpr

    for core_ratios in ([0.1, 2.0, 0.05], [0.95, 1.0, 1.1], [0.1, 0.95, 2.0]):
        f = jnp.asarray(core_ratios)
        batched = np.asarray(jax.jit(jax.vmap(alpha))(f))
        alone = np.stack([np.asarray(jax.jit(alpha)(f_one)) for f_one in f])
        np.testing.assert_allclose(batched, alone, rtol=1e-14)

        grads = np.asarray(jax.jit(jax.vmap(jax.grad(lambda f: jnp.sum(alpha(f)))))(f))
        grads_alone = [float(jax.grad(lambda f: jnp.sum(alpha(f)))(f_one)) for f_one in f]
        assert np.all(np.isfinite(grads))
        np.testing.assert_allclose(grads, grads_alone, rtol=1e-12)
