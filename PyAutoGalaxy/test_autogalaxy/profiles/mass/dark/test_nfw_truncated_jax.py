"""
JAX tests of the spherical truncated NFW profile (``NFWTruncatedSph``, Baltz, Marshall & Oguri 2009):
``jax.jit``, ``jax.vmap`` over halo parameters, ``jax.grad`` against central finite differences,
the lensing identities grad(psi) = alpha and div(alpha) = 2 kappa, and float32 (in a subprocess
with JAX_ENABLE_X64=False).

References are computed here from the 3D density rho_s tau^2 / [x (1+x)^2 (tau^2 + x^2)] by
quadrature (mpmath at 30 digits; scipy for the float32 tolerance), never from the profile.
"""
import functools
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import mpmath
import numpy as np
import pytest

import autoarray as aa
import autogalaxy as ag

jax = pytest.importorskip("jax")
jnp = jax.numpy


def _density(r, tau):
    return tau**2 / (r * (1 + r) ** 2 * (tau**2 + r**2))


@functools.lru_cache(maxsize=None)
def _convergence_over_2_kappa_s(x, tau):
    # 30 digits, locally: mpmath's precision is global state.
    with mpmath.workdps(30):
        x, tau = mpmath.mpf(x), mpmath.mpf(tau)
        breaks = sorted({mpmath.mpf(0), x, mpmath.mpf(1), tau, 10 * tau}) + [mpmath.inf]
        return float(mpmath.quad(lambda z: _density(mpmath.sqrt(x * x + z * z), tau), breaks))


@functools.lru_cache(maxsize=None)
def _mass_2d_over_4_pi_rho_s_r_s_cubed(x, tau):
    # 30 digits, locally: mpmath's precision is global state.
    with mpmath.workdps(30):
        x, tau = mpmath.mpf(x), mpmath.mpf(tau)
        inside = sorted({mpmath.mpf(0), min(x, 1), min(x, tau), x})
        outside = sorted({x, max(x, 1), max(x, tau), max(x, 10 * tau)}) + [mpmath.inf]
        shell = lambda r: r * r * _density(r, tau) * (x * x / (r * r)) / (
            1 + mpmath.sqrt(1 - x * x / (r * r))
        )
        return float(
            mpmath.quad(lambda r: r * r * _density(r, tau), inside) + mpmath.quad(shell, outside)
        )


def _references(radius, kappa_s, scale_radius, truncation_radius):
    """(kappa, |alpha|) at each radius > 0, from quadrature of the density."""
    tau = truncation_radius / scale_radius
    x = np.asarray(radius) / scale_radius
    kappa = np.array([2 * kappa_s * _convergence_over_2_kappa_s(float(v), tau) for v in x])
    alpha = np.array(
        [4 * kappa_s * scale_radius * _mass_2d_over_4_pi_rho_s_r_s_cubed(float(v), tau) / v for v in x]
    )
    return kappa, alpha


def _profile(params):
    centre_y, centre_x, kappa_s, scale_radius, truncation_radius = params
    return ag.mp.NFWTruncatedSph(
        centre=(centre_y, centre_x),
        kappa_s=kappa_s,
        scale_radius=scale_radius,
        truncation_radius=truncation_radius,
    )


# The grid enters as a plain (N, 2) array, wrapped inside the traced function, so one compiled
# function serves every test grid of the same shape (compiles dominate this file's run time).
def _deflections(params, coordinates):
    grid = ag.Grid2DIrregular(coordinates)
    return _profile(params).deflections_yx_2d_from(grid=grid, xp=jnp).array


def _convergence(params, coordinates):
    grid = ag.Grid2DIrregular(coordinates)
    return _profile(params).convergence_2d_from(grid=grid, xp=jnp).array


def _potential(params, coordinates):
    grid = ag.Grid2DIrregular(coordinates)
    return _profile(params).potential_2d_from(grid=grid, xp=jnp).array


_jitted_deflections = jax.jit(_deflections)
_jitted_convergence = jax.jit(_convergence)


def test__deflections_and_convergence__jit_matches_quadrature_including_special_radii():
    with jax.enable_x64(True):
        kappa_s, scale_radius, tau = 0.1, 0.5, 20.0
        # Radii along the x axis of a profile at the origin, so the profile sees them exactly:
        # the centre, 1e-6 r_s, r_s (1 - 1e-9), r_s, r_s (1 + 1e-9), r_t and 10 r_t.
        radii = scale_radius * np.array([1.0e-6, 1 - 1e-9, 1.0, 1 + 1e-9, 0.4, 3.0, tau, 10 * tau])
        coordinates = jnp.asarray(np.stack([np.zeros(9), np.concatenate([[0.0], radii])], axis=1))
        params = jnp.array([0.0, 0.0, kappa_s, scale_radius, tau * scale_radius])

        deflections = np.asarray(_jitted_deflections(params, coordinates))
        convergence = np.asarray(_jitted_convergence(params, coordinates))

    kappa, alpha = _references(radii, kappa_s, scale_radius, tau * scale_radius)
    assert deflections.dtype == np.float64
    assert np.all(np.isfinite(convergence)) and np.all(deflections[0] == 0.0)
    assert convergence[0] > convergence[1]
    assert convergence[1:] == pytest.approx(kappa, rel=1.0e-10)
    assert deflections[1:, 1] == pytest.approx(alpha, rel=1.0e-10)
    assert np.all(deflections[1:, 0] == 0.0)


def test__deflections_and_convergence__vmap_over_halo_parameters():
    with jax.enable_x64(True):
        coordinates = jnp.array([[0.3, 0.4], [-1.2, 0.5], [2.0, -7.0], [0.05, 0.0]])
        batch = jnp.array(
            [
                [0.0, 0.0, 0.1, 0.5, 1.0],
                [0.1, -0.2, 0.05, 1.5, 30.0],
                [-0.3, 0.25, 0.3, 0.2, 200.0],
            ]
        )

        vmapped = jax.jit(jax.vmap(_deflections, in_axes=(0, None)))
        deflections = np.asarray(vmapped(batch, coordinates))
        vmapped = jax.jit(jax.vmap(_convergence, in_axes=(0, None)))
        convergence = np.asarray(vmapped(batch, coordinates))

    assert deflections.shape == (3, 4, 2) and convergence.shape == (3, 4)
    for params, alpha_vectors, kappa_values in zip(np.asarray(batch), deflections, convergence):
        offsets = np.asarray(coordinates) - params[:2]
        radius = np.hypot(offsets[:, 0], offsets[:, 1])
        kappa, alpha = _references(radius, *params[2:])
        assert kappa_values == pytest.approx(kappa, rel=1.0e-10)
        assert alpha_vectors == pytest.approx(alpha[:, None] * offsets / radius[:, None], rel=1.0e-10)


def _gradient_grid(params, tau):
    """
    The centre pixel, then points at 0.003, 0.3, 1 (exactly), 1.02 (inside the x = 1 series band),
    2.2 (past the large-radius switch), tau and 10 tau scale radii from the centre.
    """
    radii = params[3] * np.array([0.0, 0.003, 0.3, 1.0, 1.02, 2.2, tau, 10 * tau])
    angle = np.linspace(0.3, 5.5, radii.size)
    return np.stack([params[0] + radii * np.sin(angle), params[1] + radii * np.cos(angle)], axis=1)


def _weighted_sum(function, shape):
    # The centre pixel has weight 0: its true derivative with respect to the centre is infinite
    # (kappa ~ ln R), so central differences cannot check it, but a NaN or inf in its local
    # derivative would still poison the reverse-mode gradient (0 * inf = NaN).
    weights = np.random.default_rng(1).uniform(0.5, 1.5, shape)
    weights[0] = 0.0
    weights = jnp.asarray(weights)
    return lambda params, coordinates: jnp.sum(weights * function(params, coordinates))


_objectives = {
    "deflections": _weighted_sum(_deflections, (8, 2)),
    "convergence": _weighted_sum(_convergence, (8,)),
    "potential": _weighted_sum(_potential, (8,)),
}
_jitted_objectives = {name: jax.jit(f) for name, f in _objectives.items()}
_jitted_gradients = {name: jax.jit(jax.grad(f)) for name, f in _objectives.items()}


@pytest.mark.parametrize("name", ["deflections", "convergence", "potential"])
def test__grad__matches_central_finite_differences_and_is_finite_on_the_centre(name):
    with jax.enable_x64(True):
        for tau in (1.5, 20.0, 1000.0):
            params = np.array([0.01, -0.02, 0.12, 0.6, tau * 0.6])
            coordinates = jnp.asarray(_gradient_grid(params, tau))

            gradient = np.asarray(_jitted_gradients[name](jnp.asarray(params), coordinates))

            step = 1.0e-6 * np.array([1.0, 1.0, params[2], params[3], params[4]])
            finite_differences = np.array(
                [
                    (
                        float(_jitted_objectives[name](jnp.asarray(params + np.eye(5)[i] * step[i]), coordinates))
                        - float(_jitted_objectives[name](jnp.asarray(params - np.eye(5)[i] * step[i]), coordinates))
                    )
                    / (2.0 * step[i])
                    for i in range(5)
                ]
            )

            assert np.all(np.isfinite(gradient))
            assert gradient == pytest.approx(
                finite_differences, rel=1.0e-6, abs=1.0e-8 * np.max(np.abs(gradient))
            )


def test__potential_and_deflections__lensing_identities():
    """
    grad(psi) = alpha and div(alpha) = 2 kappa between the three closed forms (BMO09's potential,
    projected mass and surface density), differentiating with respect to the centre
    (d / d centre = -d / d theta); r_s exactly is among the points.
    """
    jacobian_potential = jax.jit(jax.jacfwd(_potential))
    jacobian_deflections = jax.jit(jax.jacfwd(_deflections))
    with jax.enable_x64(True):
        for tau in (1.5, 1000.0):
            scale_radius = 0.7
            radii = scale_radius * np.array([1.0e-3, 0.3, 0.99, 1.0, 1.5, tau, 5 * tau])
            angle = np.linspace(0.2, 6.0, radii.size)
            coordinates = jnp.asarray(np.stack([radii * np.sin(angle), radii * np.cos(angle)], axis=1))
            params = jnp.array([0.0, 0.0, 0.15, scale_radius, tau * scale_radius])

            grad_potential = -np.asarray(jacobian_potential(params, coordinates))[:, :2]
            derivatives = -np.asarray(jacobian_deflections(params, coordinates))[:, :, :2]
            deflections = np.asarray(_jitted_deflections(params, coordinates))
            convergence = np.asarray(_jitted_convergence(params, coordinates))

            assert grad_potential == pytest.approx(deflections, rel=1.0e-9, abs=1.0e-13)
            divergence = derivatives[:, 0, 0] + derivatives[:, 1, 1]
            assert divergence == pytest.approx(2.0 * convergence, rel=1.0e-9)


def test__deflections_yx_2d_from__new_parameter_values_do_not_retrace():
    traces = []

    def deflections(params, coordinates):
        traces.append(None)
        return _deflections(params, coordinates)

    jitted = jax.jit(deflections)
    with jax.enable_x64(True):
        coordinates = jnp.array([[0.3, 0.4], [0.0, 0.0]])
        for tau in (2.0, 50.0, 900.0):
            jitted(jnp.array([0.0, 0.1, 0.1, 0.5, 0.5 * tau]), coordinates).block_until_ready()

    assert len(traces) == 1


_FLOAT32_SCRIPT = textwrap.dedent(
    """
    import json, sys
    import jax  # before autogalaxy, whose import would otherwise switch x64 on
    import jax.numpy as jnp
    import numpy as np
    import autogalaxy as ag

    assert not jax.config.jax_enable_x64

    def lensing(params, coordinates):
        profile = ag.mp.NFWTruncatedSph(
            centre=(params[0], params[1]), kappa_s=params[2],
            scale_radius=params[3], truncation_radius=params[4],
        )
        grid = ag.Grid2DIrregular(coordinates)
        return (
            profile.deflections_yx_2d_from(grid=grid, xp=jnp).array,
            profile.convergence_2d_from(grid=grid, xp=jnp).array,
        )

    def objective(params, coordinates):
        alpha, kappa = lensing(params, coordinates)
        return jnp.sum(alpha) + jnp.sum(kappa)

    lensing = jax.jit(lensing)
    gradient = jax.jit(jax.grad(objective))

    out = []
    for tau in (1.5, 5.0, 20.0, 100.0, 1000.0):
        scale_radius = 0.8
        # The centre, then R / r_s from 1e-3 to 10 tau and at special radii.
        x = np.concatenate([[0.0], np.geomspace(1e-3, 10 * tau, 14), [0.97, 1.0, 1.0 + 1e-6, 1.03, 2.0, tau]])
        radius = np.float32(scale_radius) * x.astype(np.float32)
        coordinates = jnp.asarray(np.stack([np.zeros_like(radius), radius], axis=1), dtype=jnp.float32)
        params = jnp.array([0.0, 0.0, 0.1, scale_radius, tau * scale_radius], dtype=jnp.float32)
        alpha, kappa = lensing(params, coordinates)
        out.append(dict(
            scale_radius=float(params[3]), truncation_radius=float(params[4]),
            radius=[float(r) for r in np.asarray(coordinates)[:, 1]],
            dtype=str(alpha.dtype) + "," + str(kappa.dtype),
            alpha=[[float(a) for a in row] for row in np.asarray(alpha)],
            kappa=[float(k) for k in np.asarray(kappa)],
            gradient_finite=bool(np.all(np.isfinite(np.asarray(gradient(params, coordinates))))),
        ))
    json.dump(out, sys.stdout)
    """
)


def _scipy_references(radius, kappa_s, scale_radius, truncation_radius):
    """kappa and |alpha| by scipy quadrature in r = x cosh(s), which removes the r = x kink."""
    from scipy.integrate import quad

    tau = truncation_radius / scale_radius
    options = dict(epsabs=0.0, epsrel=1e-11, limit=200)
    kappa, alpha = [], []
    for x in np.asarray(radius) / scale_radius:
        rho = lambda s: _density(x * np.cosh(s), tau)
        # Pieces between r = 1, tau, 10 tau, 1e3 tau; beyond 1e3 tau (plus 30 e-folds) the r^-5
        # tail contributes < 1e-12.
        breaks = sorted({0.0, *(np.arccosh(max(b / x, 1.0)) for b in (1.0, tau, 10 * tau, 1e3 * tau))})
        breaks.append(breaks[-1] + 30.0)
        pieces = list(zip(breaks[:-1], breaks[1:]))
        # kappa / 2 kappa_s = int rho dz, z = x sinh s.
        sigma = sum(quad(lambda s: rho(s) * x * np.cosh(s), a, b, **options)[0] for a, b in pieces)
        # m = int_0^x r^2 rho dr + x^3 int rho(x cosh s) sinh(s) / (1 + tanh(s)) ds.
        inner_breaks = sorted({0.0, min(x, 1.0), min(x, tau), x})
        inner = sum(
            quad(lambda r: r * r * _density(r, tau), a, b, **options)[0]
            for a, b in zip(inner_breaks[:-1], inner_breaks[1:])
        )
        outer = x**3 * sum(
            quad(lambda s: rho(s) * np.sinh(s) / (1 + np.tanh(s)), a, b, **options)[0]
            for a, b in pieces
        )
        kappa.append(2 * kappa_s * sigma)
        alpha.append(4 * kappa_s * scale_radius * (inner + outer) / x)
    return np.array(kappa), np.array(alpha)


def test__deflections_and_convergence__float32_accurate_to_1e_4_and_finite_on_the_centre():
    env = dict(os.environ, JAX_ENABLE_X64="False", JAX_PLATFORMS="cpu")
    # The subprocess imports the same sources as this process (a checkout or an installed copy).
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(m.__file__).resolve().parents[1]) for m in (aa, ag)] + [env.get("PYTHONPATH", "")]
    )
    result = subprocess.run(
        [sys.executable, "-c", _FLOAT32_SCRIPT], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]

    for halo in json.loads(result.stdout):
        assert halo["dtype"] == "float32,float32"
        alpha = np.array(halo["alpha"])
        kappa_reference, alpha_reference = _scipy_references(
            halo["radius"][1:], 0.1, halo["scale_radius"], halo["truncation_radius"]
        )
        assert halo["kappa"][1:] == pytest.approx(kappa_reference, rel=1.0e-4)
        assert alpha[1:, 1] == pytest.approx(alpha_reference, rel=1.0e-4)
        assert np.all(alpha[:, 0] == 0.0)
        # The centre: finite, above every other kappa, zero deflection; gradients finite.
        assert np.isfinite(halo["kappa"][0]) and halo["kappa"][0] > max(halo["kappa"][1:])
        assert np.all(alpha[0] == 0.0)
        assert halo["gradient_finite"]
