import numpy as np
import pytest

import autogalaxy as ag
from autolens.lens import los

# Representative per-plane coefficients of the 1 + 1 plane light cone (z = 0.25, 0.5, 0.75) between
# z_lens = 0.5 and z_source = 1.0, close to hmf's SMT mass function and colossus' ludlow16 c(M) for
# Planck15 there (cf. integration_tests/data/los_coefficients.json), so no test needs hmf or colossus.
_MF = np.array([[-1.9058, 8.0743], [-1.9069, 8.1108], [-1.9084, 8.1484]])
_MC = np.array([[-1.7115, 28.630], [-1.5429, 25.926], [-1.3846, 23.372]])


def _sampler(seed, **kwargs):
    settings = dict(
        z_lens=0.5,
        z_source=1.0,
        planes_before_lens=1,
        planes_after_lens=1,
        m_min=1e7,
        m_max=1e10,
        cone_radius_arcsec=1.0,
        c_scatter=0.15,
        truncation_factor=100.0,
        cosmology=ag.cosmo.Planck15(),
        mass_function_coefficients=_MF,
        mass_concentration_coefficients=_MC,
        seed=seed,
    )
    settings.update(kwargs)
    return los.LOSSampler(**settings)


_KAPPA_KWARGS = dict(
    z_centre=0.5,
    comoving_volume_per_arcsec2=2.5e-3,
    A_mf=-1.9069,
    B_mf=8.1108,
    A_mc=-1.5429,
    B_mc=25.926,
    m_min=1e7,
    m_max=1e10,
    z_source=1.0,
    truncation_factor=100.0,
    c_scatter=0.15,
)


@pytest.fixture
def empty_negative_kappa_cache():
    los._negative_kappa_mass_integral.cache_clear()
    yield
    los._negative_kappa_mass_integral.cache_clear()


def test__negative_kappa_from__cached_value_equals_fresh_computation(
    empty_negative_kappa_cache,
):
    cosmology = ag.cosmo.Planck15()

    kappa_first = los.negative_kappa_from(cosmology=cosmology, **_KAPPA_KWARGS)
    kappa_cached = los.negative_kappa_from(cosmology=cosmology, **_KAPPA_KWARGS)

    info = los._negative_kappa_mass_integral.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    assert kappa_cached == kappa_first

    # The uncached integral, scaled as negative_kappa_from does, is the value the cache returned.
    k = _KAPPA_KWARGS
    mass_integral = los._negative_kappa_mass_integral.__wrapped__(
        k["A_mf"], k["B_mf"], k["A_mc"], k["B_mc"], k["m_min"], k["m_max"],
        k["truncation_factor"], k["c_scatter"], 50, 1.49e-8,
    )
    sigma_cr_mpc2 = 1.0e6 * cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        redshift_0=0.5, redshift_1=1.0
    )
    assert kappa_first == -mass_integral * k["comoving_volume_per_arcsec2"] / sigma_cr_mpc2
    assert kappa_first < 0.0


def test__negative_kappa_from__volume_redshift_and_cosmology_reuse_the_integral(
    empty_negative_kappa_cache,
):
    planck = ag.cosmo.Planck15()
    kappa = los.negative_kappa_from(cosmology=planck, **_KAPPA_KWARGS)

    doubled = los.negative_kappa_from(
        cosmology=planck,
        **{**_KAPPA_KWARGS, "comoving_volume_per_arcsec2": 5.0e-3},
    )
    other_cosmology = ag.cosmo.FlatLambdaCDM(H0=70.0, Om0=0.3)
    other = los.negative_kappa_from(cosmology=other_cosmology, **_KAPPA_KWARGS)

    info = los._negative_kappa_mass_integral.cache_info()
    assert (info.misses, info.hits) == (1, 2)
    assert doubled == pytest.approx(2.0 * kappa, rel=1e-14)

    # kappa = rho * V / Sigma_cr: another cosmology changes only Sigma_cr.
    def sigma_cr(c):
        return c.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            redshift_0=0.5, redshift_1=1.0
        )

    assert other == pytest.approx(kappa * sigma_cr(planck) / sigma_cr(other_cosmology), rel=1e-14)
    assert other != kappa


def test__galaxies_from__second_seed_reuses_negative_kappa_integrals(
    empty_negative_kappa_cache, monkeypatch
):
    outer_quad_calls = []
    quad = los.quad

    def counting_quad(func, *args, **kwargs):
        if func.__name__ == "_integrand_mass":
            outer_quad_calls.append(1)
        return quad(func, *args, **kwargs)

    monkeypatch.setattr(los, "quad", counting_quad)

    first = _sampler(seed=1)
    first.galaxies_from()
    calls_first = len(outer_quad_calls)

    second = _sampler(seed=2)
    second.galaxies_from()
    calls_second = len(outer_quad_calls) - calls_first

    other = _sampler(seed=2, c_scatter=0.2)
    other.galaxies_from()
    calls_other = len(outer_quad_calls) - calls_first - calls_second

    assert calls_first == 3  # one double integral per plane
    assert calls_second == 0
    assert calls_other == 3

    # Another seed draws other haloes but the same sheets; another scatter changes the sheets.
    halo_centres = lambda s: [g.mass.centre for g in s.galaxies_from(sheets_as_fields=True)]
    assert halo_centres(first) != halo_centres(second)
    kappas = lambda s: [f.mass_sheet.kappa for f in s.fields_from()]
    assert kappas(first) == kappas(second)
    assert all(a != b for a, b in zip(kappas(first), kappas(other)))
