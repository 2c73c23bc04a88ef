"""
The mass-concentration layer in float32 (JAX without x64, in a subprocess): the mappings finite and within 1e-4
of float64, Planck15's densities against astropy.
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
    for key in ("ludlow", "duffy", "ludlow16_cosmology", "profile"):
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
