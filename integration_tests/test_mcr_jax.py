"""
The mass-concentration (MCR) layer under JAX: jit, vmap, grad and float32.

References are independent: colossus for the Ludlow16 concentration.
"""

import numpy as np
import pytest

jax = pytest.importorskip("jax")
import jax.numpy as jnp

from autogalaxy.profiles.mass.dark import ludlow16

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


# --------------------------------------------------------------------------------------------
# The M200 -> (kappa_s, r_s, r_t) mapping and the MCR profile constructors under JAX.
# --------------------------------------------------------------------------------------------

import autogalaxy as ag
from autogalaxy.profiles.mass.dark import mcr_util

astropy_cosmology = pytest.importorskip("astropy.cosmology")
units = pytest.importorskip("astropy.units")
constants = pytest.importorskip("astropy.constants")

Z_LENS, Z_SOURCE = 0.5, 2.0


def _nfw_reference(mass_at_200, concentration):
    """(kappa_s, r_s, r_t = 2 r_200), radii in arcsec, from astropy's Planck15."""
    cosmology = astropy_cosmology.Planck15
    rho_crit = cosmology.critical_density(Z_LENS).to(units.Msun / units.kpc**3).value
    d_l = cosmology.angular_diameter_distance(Z_LENS).to(units.kpc).value
    d_s = cosmology.angular_diameter_distance(Z_SOURCE).to(units.kpc).value
    d_ls = cosmology.angular_diameter_distance(Z_LENS, Z_SOURCE).to(units.kpc).value
    sigma_crit = (constants.c**2 / (4.0 * np.pi * constants.G)).to(units.Msun / units.kpc).value
    sigma_crit *= d_s / (d_l * d_ls)
    kpc_per_arcsec = d_l * np.pi / (180.0 * 3600.0)

    radius_at_200 = (3.0 * mass_at_200 / (4.0 * np.pi * 200.0 * rho_crit)) ** (1.0 / 3.0)
    scale_radius = radius_at_200 / concentration
    m_c = np.log(1.0 + concentration) - concentration / (1.0 + concentration)
    rho_s = mass_at_200 / (4.0 * np.pi * scale_radius**3 * m_c)
    return np.array(
        [
            rho_s * scale_radius / sigma_crit,
            scale_radius / kpc_per_arcsec,
            2.0 * radius_at_200 / kpc_per_arcsec,
        ]
    )


def _mapping(mass_at_200, scatter_sigma=0.0):
    return mcr_util.kappa_s_scale_radius_and_truncation_radius_for_ludlow(
        mass_at_200=mass_at_200,
        scatter_sigma=scatter_sigma,
        redshift_object=Z_LENS,
        redshift_source=Z_SOURCE,
        xp=jnp,
    )


def test__xp_from__jax_for_jax_arrays_and_tracers(x64):
    assert mcr_util.xp_from(jnp.asarray(1.0e9)) is jnp
    assert mcr_util.xp_from(1.0e9, jnp.asarray(0.0)) is jnp
    assert mcr_util.xp_from(np.float32(1.0e9), 0) is np

    seen = []
    jax.jit(lambda mass: seen.append(mcr_util.xp_from(mass)) or mass)(1.0e9)
    jax.vmap(lambda mass: seen.append(mcr_util.xp_from(mass)) or mass)(jnp.ones(2))
    jax.grad(lambda mass: seen.append(mcr_util.xp_from(mass)) or mass)(1.0)
    assert seen == [jnp, jnp, jnp]


def test__mapping__jit_vmap_with_traced_mass_and_scatter_matches_reference(x64):
    masses = np.logspace(5.0, 13.0, 5)
    scatter_sigma = np.array([0.0, 0.7, -1.2, 0.0, 2.0])

    kappa_s, scale_radius, truncation_radius = jax.jit(jax.vmap(_mapping))(
        jnp.asarray(masses), jnp.asarray(scatter_sigma)
    )

    colossus_c = _colossus_concentration(masses, Z_LENS) * 10.0 ** (0.15 * scatter_sigma)
    expected = np.array([_nfw_reference(m, c) for m, c in zip(masses, colossus_c)])
    # kappa_s ~ c^2 / m(c): twice the 3e-4 concentration accuracy; r_t does not involve c.
    np.testing.assert_allclose(np.asarray(kappa_s), expected[:, 0], rtol=1.0e-3)
    np.testing.assert_allclose(np.asarray(scale_radius), expected[:, 1], rtol=1.0e-3)
    np.testing.assert_allclose(np.asarray(truncation_radius), expected[:, 2], rtol=1.0e-4)


@jax.jit
def _mapping_of_log10_mass(log10_mass):
    return jnp.stack(_mapping(10.0**log10_mass))


# d(kappa_s, r_s, r_t) / d log10 M200 in one forward-mode pass, compiled once for all cases.
_gradient_wrt_log10_mass = jax.jit(jax.jacfwd(_mapping_of_log10_mass))


@pytest.mark.parametrize("log10_mass", [6.3, 9.1, 11.7])
def test__mapping__grad_wrt_log10_mass_matches_central_differences(x64, log10_mass):
    gradient = np.asarray(_gradient_wrt_log10_mass(log10_mass))

    # c(M) is a linear interpolation on a 200-point c grid whose nodes move with M: keep the
    # step well inside one interval (c moves ~1e-3 dex per 0.01 dex in M).
    step = 1.0e-4
    central = (
        np.asarray(_mapping_of_log10_mass(log10_mass + step))
        - np.asarray(_mapping_of_log10_mass(log10_mass - step))
    ) / (2.0 * step)

    assert np.all(np.isfinite(gradient))
    np.testing.assert_allclose(gradient, central, rtol=1.0e-4)


def test__mapping__traced_redshift_raises_a_clear_error(x64):
    with pytest.raises(TypeError, match="redshift_object and redshift_source must be concrete"):
        jax.jit(
            lambda z: mcr_util.kappa_s_scale_radius_and_truncation_radius_for_ludlow(
                1.0e9, 0.0, z, Z_SOURCE, xp=jnp
            )
        )(0.5)


@pytest.mark.parametrize(
    "cls, kwargs",
    [
        (ag.mp.NFWTruncatedMCRLudlowSph, {}),
        (ag.mp.NFWTruncatedMCRScatterLudlowSph, {"scatter_sigma": 0.0}),
        (ag.mp.NFWTruncatedMCRDuffySph, {}),
        (ag.mp.NFWMCRLudlowSph, {}),
        (ag.mp.NFWMCRDuffySph, {}),
    ],
)
def test__mcr_profiles__constructed_inside_jit_with_traced_mass(x64, cls, kwargs):
    def parameters(mass_at_200):
        profile = cls(
            mass_at_200=mass_at_200,
            redshift_object=Z_LENS,
            redshift_source=Z_SOURCE,
            **kwargs,
        )
        # The untruncated profiles have no r_t: 0 stands in for it.
        return (
            profile.kappa_s,
            profile.scale_radius,
            getattr(profile, "truncation_radius", 0.0 * mass_at_200),
        )

    masses = jnp.asarray([1.0e7, 1.0e10])
    values = np.array(jax.jit(jax.vmap(parameters))(masses)).T

    if cls in (ag.mp.NFWTruncatedMCRDuffySph, ag.mp.NFWMCRDuffySph):
        concentration = (
            5.71 * (np.asarray(masses) * H / 2.0e12) ** -0.084 * (1.0 + Z_LENS) ** -0.47
        )
        rtol = 1.0e-4
    else:
        concentration = _colossus_concentration(np.asarray(masses), Z_LENS)
        rtol = 1.0e-3
    expected = np.array([_nfw_reference(m, c) for m, c in zip(np.asarray(masses), concentration)])
    if "Truncated" not in cls.__name__:
        expected[:, 2] = 0.0
    np.testing.assert_allclose(values, expected, rtol=rtol)



import autoarray as aa

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



# --------------------------------------------------------------------------------------------
# float32: JAX without x64 (JAX imported before autogalaxy, or JAX_ENABLE_X64=False).
# --------------------------------------------------------------------------------------------

import json
import os
import subprocess
import sys
from pathlib import Path

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
