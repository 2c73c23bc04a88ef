"""
`SubhaloSampler(model="sidm_yang24")`: Yang et al. (2024) gravothermal subhaloes whose tau = t_age / t_c follows
from the cross-section, its velocity dependence and the halo age. The references below (t_c, V_max, the
velocity-averaged cross-section, the Yang et al. fits) are written out here from the paper, with astropy's
constants, not taken from the library.
"""

import numpy as np
import pytest
from scipy import integrate, optimize, special, stats

import autogalaxy as ag
import autolens as al
from autolens.lens.subhalo_sampler import SubhaloSampler

Z_LENS, Z_SOURCE = 0.5, 1.0

# Yang et al. (2024, arXiv:2305.16176) calibration constant of t_c.
COLLAPSE_C = 0.75


def _units():
    from astropy import constants, units

    return constants, units


def _geometry():
    from autogalaxy.profiles.mass.dark import mcr_util

    return mcr_util.planck15_lensing_quantities_from(Z_LENS, Z_SOURCE)


def _nfw_from(mass, concentration):
    """(rho_s Msun kpc^-3, r_s kpc) of the CDM NFW halo of M200c ``mass`` and ``concentration``."""
    critical_density, _, _ = _geometry()
    radius_at_200 = (3.0 * mass / (4.0 * np.pi * 200.0 * critical_density)) ** (1.0 / 3.0)
    scale_radius = radius_at_200 / concentration
    m_of_c = np.log1p(concentration) - concentration / (1.0 + concentration)
    rho_s = mass / (4.0 * np.pi * scale_radius**3 * m_of_c)
    return rho_s, scale_radius


def _tau_by_quadrature(mass, concentration, sigma_over_m, exponent, v_ref, t_age):
    """
    tau = t_age / t_c of Yang et al. (2024) for one halo: V_max by maximising the NFW circular velocity
    numerically, nu_eff = 0.64 V_max, sigma_eff / m = <sigma v^5> / <v^5> over the Maxwell-Boltzmann
    relative velocities f(v) ~ v^2 exp(-v^2 / (4 nu^2)) by quadrature, t_c = (150 / C) / (sigma_eff rho_s
    r_s sqrt(4 pi G rho_s)) in cgs.
    """
    constants, units = _units()
    rho_s, r_s = _nfw_from(mass, concentration)
    g_kpc = constants.G.to(units.kpc * units.km**2 / units.s**2 / units.Msun).value

    def minus_v2(x):
        return -4.0 * np.pi * g_kpc * rho_s * r_s**2 * (np.log1p(x) - x / (1.0 + x)) / x

    x_max = optimize.minimize_scalar(minus_v2, bounds=(0.5, 6.0), method="bounded",
                                     options={"xatol": 1e-12}).x
    nu = 0.64 * np.sqrt(-minus_v2(x_max))

    def moment(power, weight):
        return integrate.quad(
            lambda v: weight(v) * v ** (power + 2) * np.exp(-(v**2) / (4.0 * nu**2)),
            0.0, np.inf, epsrel=1e-12,
        )[0]

    sigma_eff = moment(5, lambda v: sigma_over_m * (v / v_ref) ** -exponent) / moment(5, lambda v: 1.0)

    rho_cgs = (rho_s * units.Msun / units.kpc**3).to(units.g / units.cm**3).value
    r_cgs = (r_s * units.kpc).to(units.cm).value
    g_cgs = constants.G.cgs.value
    t_c = (150.0 / COLLAPSE_C) / (sigma_eff * rho_cgs * r_cgs * np.sqrt(4.0 * np.pi * g_cgs * rho_cgs))
    return (t_age * units.Gyr).to(units.s).value / t_c


def _tau_closed_form(mass, concentration, sigma_over_m, t_age):
    """tau for a constant cross-section (sigma_eff = sigma_0), vectorised; V_max at x = 2.16258."""
    constants, units = _units()
    rho_s, r_s = _nfw_from(mass, concentration)
    rho_cgs = rho_s * (units.Msun / units.kpc**3).to(units.g / units.cm**3)
    r_cgs = r_s * units.kpc.to(units.cm)
    g_cgs = constants.G.cgs.value
    rate = sigma_over_m * rho_cgs * r_cgs * np.sqrt(4.0 * np.pi * g_cgs * rho_cgs)
    return t_age * units.Gyr.to(units.s) * rate / (150.0 / COLLAPSE_C)


def _core_fraction_from_paper(tau):
    """r_c / r_s of the evolved profile, Yang et al. (2024) fits (tau clipped to [0, 1])."""
    tau = np.clip(tau, 0.0, 1.0)
    log_term = np.log(tau + 0.001) / np.log(0.001)
    r_s = 0.7178 - 0.1026 * tau + 0.2474 * tau**2 - 0.4079 * tau**3 + (1.0 - 0.7178) * log_term
    r_c = 2.555 * np.sqrt(tau) - 3.632 * tau + 2.131 * tau**2 - 1.415 * tau**3 + 0.4683 * tau**4
    return r_c / r_s


def _live(halo_draws, field):
    values = np.asarray(getattr(halo_draws, field))
    live = np.arange(values.shape[1])[None, :] < np.asarray(halo_draws.n_live)[:, None]
    return values[live]


def test__subhalo_sampler__sidm_yang24_one_population_and_bad_input():
    cdm = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=2e7, m_min=1e8)
    yang = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=2e7, m_min=1e8, model="sidm_yang24",
                          sigma_over_m=10.0)
    assert yang.population_names == ("subhalos_sidm",)
    assert yang.expected_counts()["subhalos_sidm"] == pytest.approx(
        cdm.expected_counts()["subhalos_tnfw"], rel=1e-12
    )

    with pytest.raises(ValueError, match="needs sigma_over_m"):
        SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=1e7, model="sidm_yang24")
    with pytest.raises(ValueError, match="sigma_over_m is the cross-section of model='sidm_yang24'"):
        SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=1e7, model="sidm", sigma_over_m=10.0)
    with pytest.raises(ValueError, match="velocity_exponent must be < 8"):
        SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=1e7, model="sidm_yang24", sigma_over_m=10.0,
                       velocity_exponent=8.0)


def test__draw_from__sidm_yang24_tau_and_populations_against_the_yang24_mapping():
    settings = dict(sigma_sub=2e7, m_min=1e8, model="sidm_yang24", sigma_over_m=30.0,
                    velocity_exponent=1.5, velocity_ref=20.0, t_age=8.0, seed=4)
    populations, draw = SubhaloSampler(Z_LENS, Z_SOURCE, **settings).populations_from(
        40, return_draw=True
    )
    halo = draw["subhalos_sidm"]
    n = int(halo.n_live)
    assert 5 < n <= 40 and halo.tau.shape == (40,) and int(halo.dropped) == 0

    # tau from the paper's t_c with V_max and <sigma v^5> / <v^5> by quadrature. 2e-4: astropy's solar
    # mass differs from the cgs constant of the library by 3e-5 and tau goes as rho_s^1.5.
    expected = [
        _tau_by_quadrature(m, c, 30.0, 1.5, 20.0, 8.0)
        for m, c in zip(halo.mass_at_200[:8], halo.concentration[:8])
    ]
    np.testing.assert_allclose(halo.tau[:8], expected, rtol=2e-4)
    assert np.all(halo.tau[:n] > 0.0)
    np.testing.assert_allclose(halo.f_c[:n], _core_fraction_from_paper(halo.tau[:n]), rtol=1e-12)

    # tau = t_age / t_c: linear in the age and in the cross-section (same seed, same haloes).
    older = SubhaloSampler(Z_LENS, Z_SOURCE, **{**settings, "t_age": 16.0}).draw_from(40)
    stronger = SubhaloSampler(Z_LENS, Z_SOURCE, **{**settings, "sigma_over_m": 7.5}).draw_from(40)
    np.testing.assert_allclose(older["subhalos_sidm"].tau[:n], 2.0 * halo.tau[:n], rtol=1e-13)
    np.testing.assert_allclose(stronger["subhalos_sidm"].tau[:n], 0.25 * halo.tau[:n], rtol=1e-13)

    # The population (YangSIDMMCRLudlowSph members: M200, scatter, cross-section, age) gives back the
    # recorded haloes: equal to YangSIDMSph of the recorded concentration's NFW and tau.
    _, sigma_cr, kpc_per_arcsec = _geometry()
    rho_s, r_s = _nfw_from(halo.mass_at_200[:n], halo.concentration[:n])
    grid = ag.Grid2DIrregular(values=[(0.4, 0.3), (-0.7, 0.9), (1.2, -0.2)])
    expected = sum(
        ag.mp.YangSIDMSph(
            centre=tuple(halo.centre[j]),
            kappa_s=rho_s[j] * r_s[j] / sigma_cr,
            scale_radius=r_s[j] / kpc_per_arcsec,
            tau=halo.tau[j],
        ).deflections_yx_2d_from(grid)
        for j in range(n)
    )
    population = populations["subhalos_sidm"]
    assert population.n_live == n
    np.testing.assert_allclose(population.deflections_yx_2d_from(grid), expected, rtol=1e-9)


def test__draw_from__sidm_yang24_key_draw_in_jit_with_traced_cross_section_and_age():
    jax = pytest.importorskip("jax")

    @jax.jit
    def draw(key, sigma_over_m, t_age):
        sampler = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=2e7, m_min=1e8, model="sidm_yang24",
                                 sigma_over_m=sigma_over_m, t_age=t_age)
        return sampler.draw_from(48, key=key)["subhalos_sidm"]

    key = jax.random.key(3)
    base = draw(key, 20.0, 10.0)
    double = draw(key, 40.0, 10.0)
    young = draw(key, 20.0, 2.5)
    assert draw._cache_size() == 1

    n = int(base.n_live)
    assert n > 5 and int(base.dropped) == 0
    masses = np.asarray(base.mass_at_200[:n])
    tau = np.asarray(base.tau[:n])
    np.testing.assert_array_equal(np.asarray(double.mass_at_200[:n]), masses)
    np.testing.assert_allclose(np.asarray(double.tau[:n]), 2.0 * tau, rtol=1e-12)
    np.testing.assert_allclose(np.asarray(young.tau[:n]), 0.25 * tau, rtol=1e-12)
    # The paper's constant-cross-section t_c on the drawn masses and concentrations (2e-4: see above).
    np.testing.assert_allclose(
        tau, _tau_closed_form(masses, np.asarray(base.concentration[:n]), 20.0, 10.0), rtol=2e-4
    )
    np.testing.assert_allclose(np.asarray(base.f_c[:n]), _core_fraction_from_paper(tau), rtol=1e-12)


@pytest.mark.slow
def test__populations_from__sidm_yang24_key_draw_in_jit_equals_the_host_populations():
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp

    grid = np.array([[0.4, 0.3], [-0.7, 0.9], [1.2, -0.2]])

    @jax.jit
    def simulate(key, sigma_over_m, t_age):
        sampler = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=2e7, m_min=1e8, model="sidm_yang24",
                                 sigma_over_m=sigma_over_m, velocity_exponent=1.0, t_age=t_age)
        populations, draw = sampler.populations_from(48, key=key, return_draw=True)
        return populations["subhalos_sidm"].deflections_yx_2d_from(grid, xp=jnp), draw

    for i, theta in enumerate(((20.0, 10.0), (60.0, 6.0))):
        deflections, draw = simulate(jax.random.key(i), *theta)
        halo = jax.tree_util.tree_map(np.asarray, draw["subhalos_sidm"])
        sampler = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=2e7, m_min=1e8, model="sidm_yang24",
                                 sigma_over_m=theta[0], velocity_exponent=1.0, t_age=theta[1])
        expected = sampler.populations_from_draw({"subhalos_sidm": halo})["subhalos_sidm"]
        np.testing.assert_allclose(
            np.asarray(deflections), expected.deflections_yx_2d_from(grid), rtol=1e-9
        )
    assert simulate._cache_size() == 1


@pytest.mark.slow
def test__draw_from__sidm_yang24_tau_distribution_host_key_and_predicted():
    """
    tau of >= 1e4 subhaloes, key draws (jit + vmap) and host draws: two-sample KS host vs key (p > 0.01,
    false-alarm rate 1%), and each against the distribution predicted here (KS p > 0.01, 1% each): masses
    from m^-alpha, colossus' Ludlow et al. (2016) concentrations with a 0.15 dex log-normal scatter, and
    the paper's t_c for a constant cross-section, P(tau <= t) = int p(m) Phi(s*(m, t)) dm with s* the
    scatter giving tau = t (tau grows with the concentration). Fixed seeds and keys: deterministic.
    """
    jax = pytest.importorskip("jax")
    colossus_cosmology = pytest.importorskip("colossus.cosmology.cosmology")
    colossus_concentration = pytest.importorskip("colossus.halo.concentration")

    m_min, m_max, alpha, sigma_over_m, t_age = 1e8, 1e10, 1.9, 20.0, 10.0
    settings = dict(sigma_sub=6e7, m_min=m_min, m_max=m_max, alpha=alpha, model="sidm_yang24",
                    sigma_over_m=sigma_over_m, t_age=t_age)
    sampler = SubhaloSampler(Z_LENS, Z_SOURCE, **settings)
    capacity = sampler.capacities_from()
    n_draws = 350

    keys = jax.random.split(jax.random.key(11), n_draws)
    halo = jax.jit(jax.vmap(lambda key: sampler.draw_from(capacity, key=key)))(keys)["subhalos_sidm"]
    assert np.all(np.asarray(halo.dropped) == 0)
    key_tau = _live(halo, "tau")
    host = [SubhaloSampler(Z_LENS, Z_SOURCE, seed=s, **settings).draw_from()["subhalos_sidm"]
            for s in range(n_draws)]
    host_tau = np.concatenate([d.tau[: int(d.n_live)] for d in host])
    assert key_tau.size > 1e4 and host_tau.size > 1e4
    assert stats.ks_2samp(host_tau, key_tau).pvalue > 0.01

    colossus_cosmology.setCosmology("planck15", persistence="")
    h = 0.6774
    ln_m = np.linspace(np.log(m_min), np.log(m_max), 801)
    mass = np.exp(ln_m)
    simpson = np.where(np.arange(801) % 2 == 1, 4.0, 2.0)
    simpson[[0, -1]] = 1.0
    weight = simpson * mass ** (1.0 - alpha)  # dN / d ln m
    weight /= weight.sum()
    c_ludlow = colossus_concentration.concentration(mass * h, "200c", Z_LENS, model="ludlow16")
    scatter = np.linspace(-7.0, 7.0, 1401)
    log_tau = np.log(_tau_closed_form(
        mass[:, None], c_ludlow[:, None] * 10.0 ** (0.15 * scatter[None, :]), sigma_over_m, t_age
    ))
    assert np.all(np.diff(log_tau, axis=1) > 0.0)

    def cdf(t):
        t = np.atleast_1d(t)
        s_star = np.array([np.interp(np.log(t), row, scatter) for row in log_tau])
        return weight @ special.ndtr(s_star)

    for sample in (key_tau, host_tau):
        assert stats.kstest(sample, cdf).pvalue > 0.01
