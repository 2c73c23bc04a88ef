"""
The mass-concentration layer in float32 (JAX without x64, in a subprocess): the mappings finite and within 1e-4
of float64, Planck15's densities against astropy, the cored-NFW mapping and deflections against quadrature.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.profiles.mass.dark import mcr_util

jax = pytest.importorskip("jax")
astropy_cosmology = pytest.importorskip("astropy.cosmology")
units = pytest.importorskip("astropy.units")
constants = pytest.importorskip("astropy.constants")

FLOAT32_MASSES = [1.0e5, 1.0e7, 1.0e9, 1.0e11, 1.0e13]
FLOAT32_REDSHIFTS = [0.2, 0.5, 1.0]
FLOAT32_CORE_RATIOS = [1.0e-3, 0.1, 0.5, 0.9, 1.0, 1.1, 2.0]
FLOAT32_RADIUS_RATIOS = [1.0e-3, 1.0e-2, 0.1, 1.0, 3.0, 30.0, 1.0e3]

_FLOAT32_SCRIPT = """
import json, sys
import jax, jax.numpy as jnp  # before autogalaxy, which then leaves x64 off
import autogalaxy as ag
from autogalaxy.cosmology.model import Planck15
from autogalaxy.profiles.mass.dark import mcr_util

masses, redshifts, core_ratios, radius_ratios = json.loads(sys.argv[1])
masses = jnp.asarray(masses, dtype=jnp.float32)
out = {"x64": bool(jax.config.jax_enable_x64)}

def both(fn):
    values = jax.jit(jax.vmap(fn))(masses)
    return {"dtype": [str(v.dtype) for v in values], "values": [v.tolist() for v in values]}

out["ludlow"] = both(lambda m: mcr_util.kappa_s_scale_radius_and_truncation_radius_for_ludlow(
    m, 0.5, 0.5, 2.0, xp=jnp))
out["duffy"] = both(lambda m: mcr_util.kappa_s_scale_radius_and_truncation_radius_for_duffy(
    m, 0.5, 2.0, xp=jnp))
out["ludlow16_cosmology"] = both(lambda m: mcr_util.ludlow16_cosmology(m, 0.5, 2.0, xp=jnp))

def profile(m):
    p = ag.mp.NFWTruncatedMCRLudlowSph(mass_at_200=m, redshift_object=0.5, redshift_source=2.0)
    return p.kappa_s, p.scale_radius, p.truncation_radius
out["profile"] = both(profile)

# The cored NFW: mapping (kappa_s, r_s, r_c) and deflections at R / r_s = radius_ratios, for every
# (mass, f_c) pair.
import autoarray as aa
pairs = [(m, f) for m in json.loads(sys.argv[1])[0] for f in core_ratios]
pair_masses = jnp.asarray([m for m, _ in pairs], dtype=jnp.float32)
pair_core_ratios = jnp.asarray([f for _, f in pairs], dtype=jnp.float32)
ratios = jnp.asarray(radius_ratios, dtype=jnp.float32)

def cored(m, f_c):
    p = ag.mp.cNFWMCRScatterLudlowSph(
        mass_at_200=m, scatter_sigma=0.5, f_c=f_c, redshift_object=0.5, redshift_source=2.0
    )
    grid = jnp.stack([ratios * p.scale_radius, 0.0 * ratios], axis=-1)
    deflections = p.deflections_yx_2d_from(grid=aa.Grid2DIrregular(grid), xp=jnp).array
    return p.kappa_s, p.scale_radius, p.core_radius, deflections[:, 0]

values = jax.jit(jax.vmap(cored))(pair_masses, pair_core_ratios)
out["cored"] = {
    "dtype": [str(v.dtype) for v in values],
    "pairs": pairs,
    "parameters": [v.tolist() for v in values[:3]],
    "deflections": values[3].tolist(),
}

cosmology = Planck15()
out["cosmology"] = {
    "critical_density": [float(cosmology.critical_density(z, xp=jnp)) for z in redshifts],
    "critical_surface_density": [float(
        cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            z, 2.0, xp=jnp)) for z in redshifts],
    "dtype": str(cosmology.critical_density(0.5, xp=jnp).dtype),
}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def float32_run():
    import autoarray
    import autogalaxy
    import autolens

    # The subprocess imports the same sources as this one (the worktree or an installed copy).
    path = [str(Path(m.__file__).resolve().parents[1]) for m in (autoarray, autogalaxy, autolens)]
    env = dict(os.environ, JAX_ENABLE_X64="False")
    env["PYTHONPATH"] = os.pathsep.join(path + [env.get("PYTHONPATH", "")])
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _FLOAT32_SCRIPT,
            json.dumps(
                [FLOAT32_MASSES, FLOAT32_REDSHIFTS, FLOAT32_CORE_RATIOS, FLOAT32_RADIUS_RATIOS]
            ),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test__float32__runs_without_x64(float32_run):
    assert float32_run["x64"] is False
    for key in ("ludlow", "duffy", "ludlow16_cosmology", "profile", "cored"):
        assert set(float32_run[key]["dtype"]) == {"float32"}, key
    assert float32_run["cosmology"]["dtype"] == "float32"


@pytest.mark.parametrize(
    "key, float64",
    [
        (
            "ludlow",
            lambda m: mcr_util.kappa_s_scale_radius_and_truncation_radius_for_ludlow(
                m, 0.5, 0.5, 2.0
            ),
        ),
        (
            "duffy",
            lambda m: mcr_util.kappa_s_scale_radius_and_truncation_radius_for_duffy(
                m, 0.5, 2.0
            ),
        ),
        ("ludlow16_cosmology", lambda m: mcr_util.ludlow16_cosmology(m, 0.5, 2.0)),
        (
            "profile",
            lambda m: mcr_util.kappa_s_scale_radius_and_truncation_radius_for_ludlow(
                m, 0.0, 0.5, 2.0
            ),
        ),
    ],
)
def test__float32__mcr_mapping_is_finite_and_within_1e_4_of_float64(float32_run, key, float64):
    # Release 2026.10.26.1: rho_crit overflowed to inf and Sigma_crit to NaN in float32, so
    # kappa_s was NaN; the Ludlow16 top-hat window lost 20% to cancellation near kR = 1e-3.
    values = np.array(float32_run[key]["values"], dtype=float)
    expected = np.array([[float(v) for v in float64(m)] for m in FLOAT32_MASSES]).T

    assert np.all(np.isfinite(values))
    np.testing.assert_allclose(values, expected, rtol=1.0e-4)


def test__float32__planck15_densities_match_astropy(float32_run):
    cosmology = astropy_cosmology.Planck15
    rho_crit = [
        cosmology.critical_density(z).to(units.Msun / units.kpc**3).value
        for z in FLOAT32_REDSHIFTS
    ]
    sigma_crit = [
        (
            constants.c**2
            / (4.0 * np.pi * constants.G)
            * cosmology.angular_diameter_distance(2.0)
            / (cosmology.angular_diameter_distance(z) * cosmology.angular_diameter_distance(z, 2.0))
        )
        .to(units.Msun / units.kpc**2)
        .value
        for z in FLOAT32_REDSHIFTS
    ]

    # The fork's Planck15 agrees with astropy's to 4e-5 (massive neutrino, solar mass constant).
    np.testing.assert_allclose(float32_run["cosmology"]["critical_density"], rho_crit, rtol=1.0e-4)
    np.testing.assert_allclose(
        float32_run["cosmology"]["critical_surface_density"], sigma_crit, rtol=1.0e-4
    )


def _cnfw_deflection_quadrature(radius, kappa_s, scale_radius, core_radius):
    """alpha(R) = M_2D(R) / (pi R) by mpmath quadrature of rho = (kappa_s / r_s) r_s^3 / ((r + r_c)(r + r_s)^2)."""
    import mpmath

    mpmath.mp.dps = 20
    radius = mpmath.mpf(radius)

    def shell(r):
        return 4 * mpmath.pi * r**2 * kappa_s * scale_radius**2 / (
            (r + core_radius) * (r + scale_radius) ** 2
        )

    inside = mpmath.quad(shell, sorted({0, min(core_radius, radius), radius}))
    outside = mpmath.quad(
        lambda r: shell(r) * (radius / r) ** 2 / (1 + mpmath.sqrt(1 - (radius / r) ** 2)),
        [radius, radius + max(core_radius, scale_radius), mpmath.inf],
    )
    return float((inside + outside) / (mpmath.pi * radius))


def test__float32__cnfw_mcr_mapping_and_deflections_within_1e_4(float32_run):
    # Before PR G12 the float32 cored-NFW deflections were up to 2e-2 off for 0.8 < f_c < 1.3.
    cored = float32_run["cored"]
    parameters = np.array(cored["parameters"], dtype=float).T
    deflections = np.array(cored["deflections"], dtype=float)

    assert np.all(np.isfinite(parameters)) and np.all(np.isfinite(deflections))
    for (mass, core_ratio), values, alphas in zip(cored["pairs"], parameters, deflections):
        kappa_s, scale_radius, core_radius, _ = mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow(
            mass, 0.5, core_ratio, 0.5, 2.0
        )
        np.testing.assert_allclose(values, [kappa_s, scale_radius, core_radius], rtol=1.0e-4)
        for radius_ratio, alpha in zip(FLOAT32_RADIUS_RATIOS, alphas):
            expected = _cnfw_deflection_quadrature(
                radius_ratio * scale_radius, kappa_s, scale_radius, core_radius
            )
            assert alpha == pytest.approx(expected, rel=1.0e-4), (mass, core_ratio, radius_ratio)
