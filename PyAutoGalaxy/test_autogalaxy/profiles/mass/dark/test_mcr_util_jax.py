"""
The M200 -> (kappa_s, r_s, r_t) mapping and the MCR profile constructors under JAX (jit, vmap, grad).

References are independent: colossus for the Ludlow16 concentration, astropy's Planck15 for the distances and
densities.
"""

import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.profiles.mass.dark import ludlow16, mcr_util

jax = pytest.importorskip("jax")
jnp = jax.numpy

colossus_cosmology = pytest.importorskip("colossus.cosmology.cosmology")
colossus_concentration = pytest.importorskip("colossus.halo.concentration")
astropy_cosmology = pytest.importorskip("astropy.cosmology")
units = pytest.importorskip("astropy.units")
constants = pytest.importorskip("astropy.constants")

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
