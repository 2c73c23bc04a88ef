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


def _tau_mpmath(concentration, truncation_factor):
    """r_t / r_s from the definition, at 40 digits: the mean density inside r_t, with M(< r) integrated
    numerically from the NFW density rho_s / (x (1 + x)^2), is truncation_factor x rho_crit."""
    import mpmath

    with mpmath.workdps(40):
        c = mpmath.mpf(concentration)

        def enclosed(x):  # M(< x r_s) / (4 pi rho_s r_s^3)
            return mpmath.quad(lambda y: y / (1 + y) ** 2, [0, x])

        delta_c = mpmath.mpf(200) / 3 * c**3 / enclosed(c)  # rho_s / rho_crit, from M(< r_200)

        # ln(mean density / rho_crit) - ln(Delta_t), monotonic in ln x: bracketed root in [c/10, 10c].
        def excess(ln_x):
            x = mpmath.exp(ln_x)
            return mpmath.log(3 * delta_c * enclosed(x) / x**3) - mpmath.log(truncation_factor)

        ln_c = mpmath.log(c)
        return float(mpmath.exp(mpmath.findroot(excess, (ln_c - 2.3, ln_c + 2.3), solver="illinois")))


def test__truncation_tau_from__matches_root_of_mean_density_definition():
    concentrations = np.array([0.1, 0.7, 3.0, 9.5, 28.0, 200.0])

    for truncation_factor in (100.0, 50.0, 500.0):
        tau = los.truncation_tau_from(concentrations, truncation_factor=truncation_factor)
        reference = [_tau_mpmath(c, truncation_factor) for c in concentrations]

        assert tau == pytest.approx(reference, rel=1e-13)
        # Delta_t < 200 puts r_t outside r_200, Delta_t > 200 inside.
        assert np.all((tau > concentrations) == (truncation_factor < 200.0))


def test__truncation_tau_from__scalar_equals_array_and_bad_input_raises():
    concentrations = np.geomspace(0.1, 200.0, 50)

    tau = los.truncation_tau_from(concentrations)

    assert [los.truncation_tau_from(float(c)) for c in concentrations] == pytest.approx(
        tau, rel=1e-15
    )
    assert isinstance(los.truncation_tau_from(5.0), np.float64)
    with pytest.raises(ValueError, match="concentrations > 0"):
        los.truncation_tau_from(np.array([5.0, 0.0]))


def test__nfw_truncated_parameters_from__equal_from_m200_concentration():
    rng = np.random.default_rng(3)
    masses = 10.0 ** rng.uniform(7.0, 10.0, 40)
    concentrations = 10.0 ** rng.uniform(-1.0, np.log10(200.0), 40)
    cosmology = ag.cosmo.Planck15()

    kappa_s, scale_radius, truncation_radius = los.nfw_truncated_parameters_from(
        m200_solar_mass=masses,
        concentration=concentrations,
        redshift_halo=0.35,
        redshift_source=1.0,
        cosmology=cosmology,
        truncation_factor=100.0,
    )

    for j in range(40):
        halo = ag.mp.NFWTruncatedSph.from_m200_concentration(
            m200_solar_mass=masses[j],
            concentration=concentrations[j],
            redshift_halo=0.35,
            redshift_source=1.0,
            cosmology=cosmology,
            truncation_factor=100.0,
        )
        assert kappa_s[j] == pytest.approx(halo.kappa_s, rel=1e-10)
        assert scale_radius[j] == pytest.approx(halo.scale_radius, rel=1e-10)
        assert truncation_radius[j] == pytest.approx(halo.truncation_radius, rel=1e-10)


def test__nfw_truncated_parameters_from__matches_astropy_lensing_quantities():
    from astropy import constants, units
    from astropy.cosmology import Planck15

    masses = np.array([1e7, 3e8, 1e10])
    concentrations = np.array([25.0, 12.0, 7.0])
    z, z_source = 0.3, 1.0

    kappa_s, scale_radius, truncation_radius = los.nfw_truncated_parameters_from(
        masses, concentrations, z, z_source, ag.cosmo.Planck15()
    )

    # r_200 from M_200 = 200 rho_crit (4 pi / 3) r_200^3; Sigma_cr = c^2 D_s / (4 pi G D_l D_ls).
    rho_crit = Planck15.critical_density(z).to(units.Msun / units.kpc**3).value
    rs_kpc = (3.0 * masses / (4.0 * np.pi * 200.0 * rho_crit)) ** (1.0 / 3.0) / concentrations
    d_l, d_s, d_ls = (
        Planck15.angular_diameter_distance_z1z2(z1, z2).to(units.kpc).value
        for z1, z2 in ((0.0, z), (0.0, z_source), (z, z_source))
    )
    sigma_cr = (constants.c**2 / (4.0 * np.pi * constants.G)).to(units.Msun / units.kpc).value * d_s / (d_l * d_ls)
    mu = np.log(1.0 + concentrations) - concentrations / (1.0 + concentrations)
    rho_s = 200.0 / 3.0 * concentrations**3 / mu * rho_crit
    arcsec_per_radian = 180.0 * 3600.0 / np.pi

    assert kappa_s == pytest.approx(rho_s * rs_kpc / sigma_cr, rel=1e-4)
    assert scale_radius == pytest.approx(rs_kpc / d_l * arcsec_per_radian, rel=1e-6)
    assert truncation_radius / scale_radius == pytest.approx(
        [_tau_mpmath(c, 100.0) for c in concentrations], rel=1e-13
    )


def test__mass_ratio_from_concentration_and_tau__matches_integrated_density():
    from scipy.integrate import quad

    for concentration in (3.0, 15.0):
        tau = los.truncation_tau_from(concentration)

        # Total mass of the Baltz et al. (2009) profile rho_s tau^2 / (x (1 + x)^2 (x^2 + tau^2)),
        # integrated numerically, over M_200 = 4 pi rho_s r_s^3 mu(c) (both / 4 pi rho_s r_s^3).
        total = quad(lambda x: x / (1 + x) ** 2 * tau**2 / (x**2 + tau**2), 0.0, np.inf, epsabs=0, epsrel=1e-12, limit=200)[0]
        m200 = np.log(1.0 + concentration) - concentration / (1.0 + concentration)

        assert los._mass_ratio_from_concentration_and_tau(concentration, tau) == pytest.approx(
            total / m200, rel=1e-9
        )


def test__negative_kappa_mass_integral__matches_gauss_legendre_with_brentq_tau():
    from scipy.optimize import brentq

    A_mf, B_mf, A_mc, B_mc = -1.9069, 8.1108, -1.5429, 25.926
    m_min, m_max, c_scatter, truncation_factor = 1e7, 1e10, 0.15, 100.0

    value = los._negative_kappa_mass_integral.__wrapped__(
        A_mf, B_mf, A_mc, B_mc, m_min, m_max, truncation_factor, c_scatter, 50, 1.49e-8
    )

    # Independent: Gauss-Legendre in ln m and in log10 c (both integrands smooth), tau by brentq on
    # the mean-density condition and the truncated mass by the closed form checked above.
    x, w = np.polynomial.legendre.leggauss(48)
    ln_m = 0.5 * (np.log(m_max) - np.log(m_min)) * x + 0.5 * (np.log(m_max) + np.log(m_min))
    w_ln_m = 0.5 * (np.log(m_max) - np.log(m_min)) * w
    m = np.exp(ln_m)
    lgc_centre = np.log10(A_mc * np.log10(m) + B_mc)
    lgc = lgc_centre[:, None] + 4.0 * c_scatter * x[None, :]
    w_lgc = 4.0 * c_scatter * w[None, :]
    c = 10.0**lgc

    mu = lambda t: np.log(1.0 + t) - t / (1.0 + t)
    tau = np.vectorize(
        lambda ci: brentq(
            lambda t: truncation_factor / 3.0 * t**3 / mu(t) - 200.0 / 3.0 * ci**3 / mu(ci),
            1e-3, 1e4, xtol=1e-14, rtol=1e-15,
        )
    )(c)
    tau2 = tau**2
    ratio = tau2 / (tau2 + 1.0) ** 2 * ((tau2 - 1.0) * np.log(tau) + np.pi * tau - (tau2 + 1.0)) / mu(c)
    prob = np.exp(-((lgc - lgc_centre[:, None]) ** 2) / (2.0 * c_scatter**2)) / (np.sqrt(2.0 * np.pi) * c_scatter)
    mean_ratio = np.sum(w_lgc * ratio * prob, axis=1)
    dndm = 10.0**B_mf * m**A_mf
    reference = np.sum(w_ln_m * dndm * m * mean_ratio * m)  # dm = m d ln m

    assert value == pytest.approx(reference, rel=1e-7)


def test__galaxies_from__haloes_equal_per_halo_construction_of_same_draws():
    sampler = _sampler(seed=11)
    haloes = [g for g in sampler.galaxies_from(sheets_as_fields=True)]

    # Replay the sampler's documented RNG sequence per plane -- Poisson count, then seeds for masses,
    # positions and concentrations -- and build each halo with upstream's per-halo constructor.
    cosmology = sampler.cosmology
    boundaries, centres = los.los_planes_from(0.5, 1.0, 1, 1)
    rng = np.random.RandomState(11)
    all_sky_arcsec2 = 4.0 * np.pi * (180.0 / np.pi * 3600.0) ** 2
    d_s = cosmology.angular_diameter_distance_kpc_z1z2(0.0, 1.0)
    d_ls = cosmology.angular_diameter_distance_kpc_z1z2(0.5, 1.0)
    expected = []
    for i, z in enumerate(centres):
        volume = (
            los.comoving_volume_mpc3_from(boundaries[i + 1], cosmology)
            - los.comoving_volume_mpc3_from(boundaries[i], cosmology)
        ) / all_sky_arcsec2
        radius = 1.0
        if z > 0.5:
            radius -= (
                cosmology.angular_diameter_distance_kpc_z1z2(0.5, z)
                / cosmology.angular_diameter_distance_kpc_z1z2(0.0, z)
                * d_s
                / d_ls
            )
        n = rng.poisson(los.number_of_halos_from(*_MF[i], 1e7, 1e10, np.pi * radius**2 * volume))
        if n == 0:
            continue
        masses = los.sample_halo_masses(n, 1e7, 1e10, *_MF[i], seed=rng.randint(0, 2**31))
        positions = los.sample_positions_in_circle(n, radius, seed=rng.randint(0, 2**31))
        concentrations = los.sample_concentrations(
            np.log10(masses), *_MC[i], 0.15, seed=rng.randint(0, 2**31)
        )
        for j in range(n):
            expected.append(
                (
                    z,
                    ag.mp.NFWTruncatedSph.from_m200_concentration(
                        centre=(positions[j, 0], positions[j, 1]),
                        m200_solar_mass=masses[j],
                        concentration=concentrations[j],
                        redshift_halo=z,
                        redshift_source=1.0,
                        cosmology=cosmology,
                        truncation_factor=100.0,
                    ),
                )
            )

    assert len(haloes) == len(expected) > 5
    for galaxy, (z, halo) in zip(haloes, expected):
        assert galaxy.redshift == z
        assert galaxy.mass.centre == halo.centre
        assert galaxy.mass.kappa_s == pytest.approx(halo.kappa_s, rel=1e-10)
        assert galaxy.mass.scale_radius == pytest.approx(halo.scale_radius, rel=1e-10)
        assert galaxy.mass.truncation_radius == pytest.approx(halo.truncation_radius, rel=1e-10)

    again = _sampler(seed=11).galaxies_from(sheets_as_fields=True)
    assert [(g.mass.centre, g.mass.kappa_s, g.mass.truncation_radius) for g in again] == [
        (g.mass.centre, g.mass.kappa_s, g.mass.truncation_radius) for g in haloes
    ]


def _hide_modules(monkeypatch, package):
    """Make ``import <package>`` (and its submodules) fail, as if it were not installed."""
    import sys

    for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, package, None)


def test__mass_function_ab_from__without_hmf_raises_clear_import_error(monkeypatch):
    from astropy.cosmology import Planck15

    _hide_modules(monkeypatch, "hmf")

    with pytest.raises(ImportError, match=r"autolens\[los\].*mass_function_coefficients="):
        los.mass_function_ab_from(redshift=0.5, cosmology_astropy=Planck15)


def test__mass_function_ab_from__without_astropy_cosmology_raises():
    with pytest.raises(ValueError, match="cosmology_astropy"):
        los.mass_function_ab_from(redshift=0.5, cosmology_astropy=None)


def test__mass_concentration_ab_from__without_colossus_raises_clear_import_error(monkeypatch):
    _hide_modules(monkeypatch, "colossus")

    with pytest.raises(
        ImportError, match=r"autolens\[los\].*mass_concentration_coefficients="
    ):
        los.mass_concentration_ab_from(redshift=0.5)


def test__galaxies_from__without_coefficients_or_hmf_raises_clear_import_error(monkeypatch):
    from astropy.cosmology import Planck15

    _hide_modules(monkeypatch, "hmf")
    sampler = _sampler(seed=1, mass_function_coefficients=None, cosmology_astropy=Planck15)

    with pytest.raises(ImportError, match="hmf"):
        sampler.galaxies_from()


def test__los_sampler__exported_as_al_los_sampler():
    import autolens as al

    assert al.LOSSampler is los.LOSSampler


def test__los_planes_from__lens_plane_in_addition_to_before_and_after():
    for before, after in ((4, 4), (2, 2), (1, 3), (3, 0)):
        boundaries, centres = los.los_planes_from(0.5, 1.0, before, after)

        assert len(centres) == before + after + 1
        assert len(boundaries) == len(centres) + 1
        assert np.sum(np.isclose(centres, 0.5)) == 1
        assert np.sum(centres < 0.5) == before
        assert np.sum(centres > 0.5) == after
        # Each centre lies inside its slice, which tile [0, z_source].
        assert np.all((boundaries[:-1] < centres) & (centres < boundaries[1:]))
        assert boundaries[0] == 0.0 and boundaries[-1] == 1.0

    _, centres = los.los_planes_from(0.5, 1.0, 4, 4)
    assert centres == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], abs=1e-12)


def _sampler_s(seed=1):
    from integration_tests import workloads

    return workloads.los_sampler_from("S", seed=seed)


def test__population_galaxies_from__same_haloes_as_galaxies_from():
    sampler = _sampler_s()
    per_halo = [g for g in sampler.galaxies_from() if hasattr(g, "mass")]

    planes = sampler.population_galaxies_from(capacity=64)

    assert [g.halos.n_live for g in planes] == [
        sum(1 for h in per_halo if h.redshift == g.redshift) for g in planes
    ]
    centres = sorted(tuple(h.mass.centre) for h in per_halo)
    stored = sorted(
        (float(y), float(x))
        for g in planes
        for (y, x), live in zip(np.asarray(g.halos.groups[0].centre), np.asarray(g.halos.groups[0].mask))
        if live
    )
    assert stored == centres
    assert all(hasattr(g, "mass_sheet") for g in planes)
    assert not any(hasattr(g, "mass_sheet") for g in sampler.population_galaxies_from(64, sheets_as_fields=True))


def test__population_galaxies_from__overflow_names_the_plane_and_counts():
    sampler = _sampler_s()

    with pytest.raises(ValueError, match=r"plane \d \(z = [0-9.]+\) has \d+ haloes, more than its capacity of 2"):
        sampler.population_galaxies_from(capacity=2)
    with pytest.raises(ValueError, match="capacity has 2 entries for 5 planes"):
        sampler.population_galaxies_from(capacity=[64, 64])


def test__astropy_cosmology_from__library_cosmologies_convert_to_astropy():
    from astropy.cosmology import Planck15 as AstropyPlanck15

    assert los._astropy_cosmology_from(ag.cosmo.Planck15()) is AstropyPlanck15
    assert los._astropy_cosmology_from(AstropyPlanck15) is AstropyPlanck15
    assert los._astropy_cosmology_from(None) is None

    library = ag.cosmo.FlatLambdaCDM(H0=70.0, Om0=0.3, Ob0=0.05)
    converted = los._astropy_cosmology_from(library)
    assert converted.h == pytest.approx(0.7, rel=1e-15)
    assert converted.Om0 == pytest.approx(0.3, rel=1e-15)
    # The same distances as the library's cosmology (astropy's own integrator as the reference).
    for z in (0.3, 1.0, 2.0):
        d_astropy = converted.angular_diameter_distance(z).to("kpc").value
        d_library = library.angular_diameter_distance_kpc_z1z2(0.0, z)
        assert d_library == pytest.approx(d_astropy, rel=1e-6)


def test__los_sampler__cosmology_astropy_of_wrong_type_raises_clear_error():
    with pytest.raises(TypeError, match=r"cosmology_astropy must be an astropy.cosmology instance"):
        _sampler(seed=1, mass_function_coefficients=None, cosmology_astropy="planck15")


def test__mass_function_ab_from__library_planck15_reaches_hmf_as_astropy(monkeypatch):
    """ag.cosmo.Planck15() as cosmology_astropy used to fail with AttributeError 'h' (no hmf needed here:
    a stand-in hmf module records what it is given)."""
    import sys
    import types

    from astropy.cosmology import Planck15 as AstropyPlanck15

    received = {}

    class MassFunction:
        def __init__(self, Mmin, Mmax, z, hmf_model, dlog10m, cosmo_model):
            received["cosmo_model"] = cosmo_model
            m = 10 ** np.arange(Mmin, Mmax, dlog10m)
            self.dndm = 1e8 * m ** -1.9

    fake = types.ModuleType("hmf")
    fake.MassFunction = MassFunction
    fitting = types.ModuleType("hmf.mass_function.fitting_functions")
    fitting.SMT = object
    monkeypatch.setitem(sys.modules, "hmf", fake)
    monkeypatch.setitem(sys.modules, "hmf.mass_function", types.ModuleType("hmf.mass_function"))
    monkeypatch.setitem(sys.modules, "hmf.mass_function.fitting_functions", fitting)

    A, B = los.mass_function_ab_from(redshift=0.5, cosmology_astropy=ag.cosmo.Planck15())

    assert received["cosmo_model"] is AstropyPlanck15
    assert A == pytest.approx(-1.9, rel=1e-10)


def test__nfw_truncated_parameters_from__uses_shared_mcr_mapping_with_unchanged_values(monkeypatch):
    from autogalaxy.profiles.mass.dark import mcr_util

    cosmology = ag.cosmo.Planck15()
    masses = np.array([1.3e7, 4.0e8, 2.2e9, 9.0e9])
    concentrations = np.array([4.0, 11.0, 17.5, 30.0])

    calls = []
    shared = mcr_util.nfw_kappa_s_and_scale_radius_from

    def counting(**kwargs):
        calls.append(1)
        return shared(**kwargs)

    monkeypatch.setattr(mcr_util, "nfw_kappa_s_and_scale_radius_from", counting)
    kappa_s, scale_radius, truncation_radius = los.nfw_truncated_parameters_from(
        masses, concentrations, 0.3, 1.0, cosmology=cosmology, truncation_factor=100.0
    )
    assert len(calls) == 1

    # The formulas the sampler used before it called the shared mapping, written out here.
    rho_crit = cosmology.critical_density(0.3)
    kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift=0.3)
    sigma_cr = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        redshift_0=0.3, redshift_1=1.0
    )
    r200 = (masses / (200.0 * rho_crit * (4.0 * np.pi / 3.0))) ** (1.0 / 3.0)
    c = concentrations
    delta_c = 200.0 / 3.0 * c**3 / (np.log(1.0 + c) - c / (1.0 + c))
    rs_kpc = r200 / c
    expected_kappa_s = rho_crit * delta_c * rs_kpc / sigma_cr
    expected_scale_radius = rs_kpc / kpc_per_arcsec
    tau = los.truncation_tau_from(c, truncation_factor=100.0)

    np.testing.assert_allclose(kappa_s, expected_kappa_s, rtol=1e-14, atol=0.0)
    np.testing.assert_allclose(scale_radius, expected_scale_radius, rtol=1e-14, atol=0.0)
    np.testing.assert_allclose(truncation_radius, tau * expected_scale_radius, rtol=1e-14, atol=0.0)


def test__los_sampler__second_sampler_of_a_configuration_recomputes_nothing(monkeypatch):
    """A new sampler of a known configuration (a new seed) reuses the coefficients and the sheets."""
    los.clear_configuration_cache()
    calls = {"mf": 0, "mc": 0, "sheet": 0}
    negative_kappa = los.negative_kappa_from

    def mf(redshift, cosmology_astropy, **kwargs):
        calls["mf"] += 1
        return tuple(_MF[int(round(redshift / 0.25)) - 1])

    def mc(redshift, **kwargs):
        calls["mc"] += 1
        return tuple(_MC[int(round(redshift / 0.25)) - 1])

    def sheet(**kwargs):
        calls["sheet"] += 1
        return negative_kappa(**kwargs)

    monkeypatch.setattr(los, "mass_function_ab_from", mf)
    monkeypatch.setattr(los, "mass_concentration_ab_from", mc)
    monkeypatch.setattr(los, "negative_kappa_from", sheet)
    uncoefficiented = dict(
        mass_function_coefficients=None,
        mass_concentration_coefficients=None,
        cosmology_astropy=ag.cosmo.Planck15(),
    )

    first = _sampler(seed=1, **uncoefficiented)
    first.galaxies_from()
    assert calls == {"mf": 3, "mc": 3, "sheet": 3}

    second = _sampler(seed=2, **uncoefficiented)
    second.galaxies_from()
    second.expected_counts
    assert calls == {"mf": 3, "mc": 3, "sheet": 3}
    assert [f.mass_sheet.kappa for f in first.fields_from()] == [
        f.mass_sheet.kappa for f in second.fields_from()
    ]

    _sampler(seed=2, cone_radius_arcsec=1.5, **uncoefficiented).galaxies_from()
    assert calls == {"mf": 6, "mc": 6, "sheet": 6}
    los.clear_configuration_cache()


def test__capacities_from__poisson_quantile_of_expected_counts():
    from scipy.stats import poisson

    sampler = _sampler(seed=1)
    means = sampler.expected_counts
    assert means.shape == (3,) and np.all(means > 0.0)

    for quantile in (0.9, 1.0 - 1.0e-6):
        capacities = sampler.capacities_from(quantile)
        assert len(capacities) == 3
        for mean, capacity in zip(means, capacities):
            assert poisson.cdf(capacity, mean) >= quantile > poisson.cdf(capacity - 1, mean)

    with pytest.raises(ValueError, match="quantile"):
        sampler.capacities_from(1.0)


def test__truncation_tau_fixed_iterations_from__equals_host_newton():
    jnp = pytest.importorskip("jax.numpy")

    concentration = np.geomspace(0.1, 200.0, 301)
    host = los.truncation_tau_from(concentration, truncation_factor=100.0)
    for xp in (np, jnp):
        fixed = np.asarray(los.truncation_tau_fixed_iterations_from(concentration, 100.0, xp=xp))
        np.testing.assert_allclose(fixed, host, rtol=1e-13, atol=0.0)


def test__draw_from__key_draw_layout_counts_and_cone():
    jax = pytest.importorskip("jax")

    sampler = _sampler(seed=None)
    capacities = sampler.capacities_from()
    draw = jax.jit(lambda key: sampler.draw_from(key=key, capacity=capacities))

    plane_draws = draw(jax.random.key(3))
    assert len(plane_draws) == 3
    for plane, capacity, radius in zip(plane_draws, capacities, (1.0, 1.0, None)):
        assert plane.centre.shape == (capacity, 2)
        assert plane.mass_at_200.shape == plane.concentration.shape == (capacity,)
        assert 0 <= int(plane.n_live) <= capacity and int(plane.dropped) == 0
        assert np.all((plane.mass_at_200 >= 1e7 * (1 - 1e-12)) & (plane.mass_at_200 <= 1e10 * (1 + 1e-12)))
        assert np.all((plane.concentration >= 0.1) & (plane.concentration <= 200.0))
    radii = [np.hypot(*np.asarray(p.centre).T).max() for p in plane_draws]
    cones = sampler._configuration().cone_radii
    assert np.all(np.asarray(radii) <= cones)

    # A too small capacity drops haloes and says how many: the count itself does not depend on it.
    small = sampler.draw_from(key=jax.random.key(3), capacity=1)
    for full, cut in zip(plane_draws, small):
        assert int(cut.n_live) == min(int(full.n_live), 1)
        assert int(cut.n_live) + int(cut.dropped) == int(full.n_live)

    for key in (4, 5, 6):
        draw(jax.random.key(key))
    assert draw._cache_size() == 1


def test__population_galaxies_from__key_draw_equals_its_haloes_one_by_one():
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp

    sampler = _sampler(seed=None)
    capacities = (16, 32, 48)
    grid = np.array([[0.3, -0.2], [1.1, 0.4], [-0.5, -0.9]])

    @jax.jit
    def deflections(key):
        planes, dropped = sampler.population_galaxies_from(capacities, key=key, return_dropped=True)
        return [g.halos.deflections_yx_2d_from(grid, xp=jnp) for g in planes], dropped

    key = jax.random.key(11)
    per_plane, dropped = deflections(key)
    draw = sampler.draw_from(key=key, capacity=capacities)
    assert np.all(np.asarray(dropped) == 0)

    config = sampler._configuration()
    for i, (plane, value) in enumerate(zip(draw, per_plane)):
        n = int(plane.n_live)
        kappa_s, scale_radius, truncation_radius = los.nfw_truncated_parameters_from(
            np.asarray(plane.mass_at_200[:n]),
            np.asarray(plane.concentration[:n]),
            config.centres[i],
            1.0,
            cosmology=sampler.cosmology,
        )
        expected = sum(
            ag.mp.NFWTruncatedSph(
                centre=tuple(np.asarray(plane.centre[j])),
                kappa_s=kappa_s[j],
                scale_radius=scale_radius[j],
                truncation_radius=truncation_radius[j],
            ).deflections_yx_2d_from(ag.Grid2DIrregular(values=grid))
            for j in range(n)
        )
        assert n > 0
        np.testing.assert_allclose(np.asarray(value), np.asarray(expected), rtol=1e-9, atol=1e-14)

    galaxies = sampler.population_galaxies_from(capacities, key=key)
    assert [g.redshift for g in galaxies] == list(config.centres)
    assert [g.mass_sheet.kappa for g in galaxies] == list(config.sheet_kappas)


@pytest.mark.slow
def test__draw_from__key_draws_match_host_draws_statistically():
    """
    Key draws under jax.jit + jax.vmap against host draws of workload S's light cone (5 planes, ~100
    haloes per draw), 150 draws each (>= 1e4 haloes each):

    - per-plane counts: mean within 4.5 sigma of the Poisson mean and variance / mean within 4.5 sigma of
      1 (sigma = sqrt(2 / (n - 1))), on both paths (20 checks, false-alarm rate < 1e-4 in all);
    - masses and concentrations pooled over planes, two-sample KS host vs key, p > 0.01 (each 1%);
    - positions: every live halo inside its plane's cone, and r^2 / R^2 uniform (KS p > 0.01, 1%).

    The seeds and keys are fixed, so the outcome is deterministic.
    """
    jax = pytest.importorskip("jax")
    from scipy import stats

    from integration_tests import workloads

    n_draws = 150
    sampler = workloads.los_sampler_from("S", seed=0)
    means = sampler.expected_counts
    cones = sampler._configuration().cone_radii
    capacities = sampler.capacities_from()

    host_counts, host_masses, host_concentrations = [], [], []
    for seed in range(n_draws):
        haloes, _ = workloads.los_sampler_from("S", seed=1000 + seed)._sampled_population()
        host_counts.append([plane["centre"].shape[0] for plane in haloes])
        host_masses += [m for plane in haloes for m in plane["mass_at_200"]]
        host_concentrations += [c for plane in haloes for c in plane["concentration"]]
    host_counts = np.asarray(host_counts)

    keys = jax.random.split(jax.random.key(2024), n_draws)
    draws = jax.jit(jax.vmap(lambda key: sampler.draw_from(key=key, capacity=capacities)))(keys)
    key_counts = np.stack([np.asarray(plane.n_live) for plane in draws], axis=1)
    assert all(np.all(np.asarray(plane.dropped) == 0) for plane in draws)

    key_masses, key_concentrations, radii2 = [], [], []
    for i, plane in enumerate(draws):
        live = np.arange(capacities[i])[None, :] < np.asarray(plane.n_live)[:, None]
        key_masses += list(np.asarray(plane.mass_at_200)[live])
        key_concentrations += list(np.asarray(plane.concentration)[live])
        r2 = np.sum(np.asarray(plane.centre) ** 2, axis=-1)[live] / cones[i] ** 2
        assert np.all(r2 <= 1.0)
        radii2 += list(r2)

    assert len(host_masses) > 1e4 and len(key_masses) > 1e4

    for counts in (host_counts, key_counts):
        mean = counts.mean(axis=0)
        dispersion = counts.var(axis=0, ddof=1) / means
        assert np.all(np.abs(mean - means) < 4.5 * np.sqrt(means / n_draws))
        assert np.all(np.abs(dispersion - 1.0) < 4.5 * np.sqrt(2.0 / (n_draws - 1)))

    assert stats.ks_2samp(host_masses, key_masses).pvalue > 0.01
    assert stats.ks_2samp(host_concentrations, key_concentrations).pvalue > 0.01
    assert stats.kstest(radii2, "uniform").pvalue > 0.01


def test__los_sampler__warm_dark_matter_suppresses_counts_and_sheets():
    from scipy.integrate import quad

    from autolens.lens import dark_matter

    cold = _sampler(seed=1)
    warm = _sampler(seed=1, half_mode_mass=1e8)

    # The expected counts scale by the suppressed over the unsuppressed number integral (scipy quad here).
    for i, (A, B) in enumerate(_MF):
        suppressed = quad(
            lambda ln_m: np.exp(ln_m * (1.0 + A)) * (1.0 + (2.3e8 / np.exp(ln_m)) ** 0.8) ** -1.0,
            np.log(1e7),
            np.log(1e10),
            epsrel=1e-12,
        )[0]
        plain = (1e10 ** (1.0 + A) - 1e7 ** (1.0 + A)) / (1.0 + A)
        ratio = warm.expected_counts[i] / cold.expected_counts[i]
        assert ratio == pytest.approx(suppressed / plain, rel=1e-8)

    # Fewer, less concentrated haloes: a shallower sheet.
    cold_kappa = [f.mass_sheet.kappa for f in cold.fields_from()]
    warm_kappa = [f.mass_sheet.kappa for f in warm.fields_from()]
    assert all(c < w < 0.0 for c, w in zip(cold_kappa, warm_kappa))
    assert len(warm.galaxies_from(sheets_as_fields=True)) < len(cold.galaxies_from(sheets_as_fields=True))

    with pytest.raises(ValueError, match="half_mode_mass must be > 0"):
        _sampler(seed=1, half_mode_mass=0.0)

    # The key draw uses the tabulated suppressed mass function and the suppressed concentrations.
    jax = pytest.importorskip("jax")
    draw = jax.jit(lambda key: warm.draw_from(key=key, capacity=64))(jax.random.key(2))
    for i, plane in enumerate(draw):
        n = int(plane.n_live)
        masses = np.asarray(plane.mass_at_200[:n])
        assert np.all((masses >= 1e7 * (1 - 1e-9)) & (masses <= 1e10 * (1 + 1e-9)))
        assert np.all(np.isfinite(np.asarray(plane.concentration)))


def test__population_galaxies_from__host_return_dropped_is_zeros():
    galaxies, dropped = _sampler(seed=4).population_galaxies_from(64, return_dropped=True)
    assert len(galaxies) == 3 and np.array_equal(dropped, np.zeros(3, dtype=int))
