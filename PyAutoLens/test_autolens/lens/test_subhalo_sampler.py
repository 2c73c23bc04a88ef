import numpy as np
import pytest
from scipy.integrate import quad

import autogalaxy as ag
import autolens as al
from autolens.lens import dark_matter
from autolens.lens.subhalo_sampler import SubhaloSampler

Z_LENS, Z_SOURCE = 0.5, 1.0


def _kpc_per_arcsec():
    return ag.cosmo.Planck15().kpc_per_arcsec_from(redshift=Z_LENS)


def _cdm_expected_count(sigma_sub, alpha, m_min, m_max, radius):
    """N = Sigma_sub * area * int m^-alpha dm / int m^(1-alpha) dm, in closed form."""
    area = np.pi * (radius * _kpc_per_arcsec()) ** 2
    number = (m_min ** (1 - alpha) - m_max ** (1 - alpha)) / (alpha - 1)
    mass = (m_max ** (2 - alpha) - m_min ** (2 - alpha)) / (2 - alpha)
    return sigma_sub * area * number / mass


def test__subhalo_sampler__exported_as_al_subhalo_sampler():
    assert al.SubhaloSampler is SubhaloSampler


def test__expected_counts__cdm_closed_form_wdm_quadrature_sidm_split():
    cdm = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=2e7, alpha=1.85, m_min=1e6, m_max=1e10)
    expected = _cdm_expected_count(2e7, 1.85, 1e6, 1e10, 2.0)
    assert cdm.expected_counts()["subhalos_tnfw"] == pytest.approx(expected, rel=1e-9)

    wdm = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=2e7, alpha=1.85, m_min=1e6, m_max=1e10,
                         model="wdm", half_mode_mass=1e8)
    suppressed = quad(
        lambda x: np.exp(x * (1 - 1.85)) * (1 + (2.3e8 / np.exp(x)) ** 0.8) ** -1.0,
        np.log(1e6), np.log(1e10), epsrel=1e-12,
    )[0]
    plain = (1e6 ** (1 - 1.85) - 1e10 ** (1 - 1.85)) / 0.85
    assert wdm.expected_counts()["subhalos_tnfw"] == pytest.approx(
        expected * suppressed / plain, rel=1e-8
    )

    sidm = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=2e7, alpha=1.85, m_min=1e6, m_max=1e10,
                          model="sidm", collapsed_fraction=0.25)
    counts = sidm.expected_counts()
    assert counts["subhalos_cored"] == pytest.approx(0.75 * expected, rel=1e-9)
    assert counts["subhalos_collapsed"] == pytest.approx(0.25 * expected, rel=1e-9)
    assert sidm.population_names == ("subhalos_cored", "subhalos_collapsed")


def test__subhalo_sampler__bad_input_raises_clear_errors():
    with pytest.raises(ValueError, match="model='wdm' needs half_mode_mass"):
        SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=1e7, model="wdm")
    with pytest.raises(ValueError, match="model='cdm' takes no half_mode_mass"):
        SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=1e7, half_mode_mass=1e8)
    with pytest.raises(ValueError, match="model must be one of"):
        SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=1e7, model="fdm")
    with pytest.raises(ValueError, match="m_min < m_max"):
        SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=1e7, m_min=1e10, m_max=1e7)
    sampler = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=1e7, model="sidm", seed=1)
    with pytest.raises(ValueError, match="no entry for"):
        sampler.draw_from({"subhalos_cored": 10})
    with pytest.raises(ValueError, match="more than the capacity"):
        sampler.draw_from(1)


def test__draw_from__host_draw_ranges_and_populations_match_their_parameters():
    sampler = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=1e7, model="sidm", collapsed_fraction=0.3,
                             radius_arcsec=1.5, centre=(0.2, -0.1), seed=3)
    capacity = {"subhalos_cored": 60, "subhalos_collapsed": 30}
    populations, draw = sampler.populations_from(capacity, return_draw=True)

    from autogalaxy.profiles.mass.dark import mcr_util

    rho_crit, _, kpc_per_arcsec = mcr_util.planck15_lensing_quantities_from(Z_LENS, Z_SOURCE)
    grid = ag.Grid2DIrregular(values=[(0.4, 0.3), (-0.7, 0.9), (1.2, -0.2)])
    for name, halo in draw.items():
        n = int(halo.n_live)
        assert n > 0 and int(halo.dropped) == 0 and halo.mass_at_200.shape == (capacity[name],)
        assert np.all((halo.mass_at_200[:n] >= 1e7) & (halo.mass_at_200[:n] <= 1e10))
        offset = halo.centre[:n] - np.array([0.2, -0.1])
        assert np.all(np.hypot(*offset.T) <= 1.5)
        assert populations[name].n_live == n

        # The population's r_s gives back the recorded concentration, c = r_200 / r_s.
        group = populations[name].groups[0]
        lensing = group.halo_kind.lensing_from(
            dict(zip(group.halo_kind.parameters, group.parameters)), group.static, np
        )
        r200_arcsec = mcr_util.radius_at_200_from(halo.mass_at_200[:n], rho_crit) / kpc_per_arcsec
        np.testing.assert_allclose(
            r200_arcsec / lensing["scale_radius"][:n], halo.concentration[:n], rtol=1e-10
        )

    cored = draw["subhalos_cored"]
    n = int(cored.n_live)
    assert np.all((cored.f_c[:n] >= 0.05) & (cored.f_c[:n] <= 0.15))
    expected = sum(
        ag.mp.cNFWMCRScatterLudlowSph(
            centre=tuple(cored.centre[j]),
            mass_at_200=cored.mass_at_200[j],
            scatter_sigma=float(populations["subhalos_cored"].groups[0].parameters[1][j]),
            f_c=cored.f_c[j],
            redshift_object=Z_LENS,
            redshift_source=Z_SOURCE,
        ).deflections_yx_2d_from(grid)
        for j in range(n)
    )
    np.testing.assert_allclose(
        populations["subhalos_cored"].deflections_yx_2d_from(grid), expected, rtol=1e-10
    )

    # Core-collapsed stand-ins: NFWTruncatedSph.from_m200_concentration of the drawn mass and concentration.
    collapsed = draw["subhalos_collapsed"]
    n = int(collapsed.n_live)
    assert np.all((collapsed.concentration[:n] >= 60.0) & (collapsed.concentration[:n] <= 100.0))
    expected = sum(
        ag.mp.NFWTruncatedSph.from_m200_concentration(
            centre=tuple(collapsed.centre[j]),
            m200_solar_mass=collapsed.mass_at_200[j],
            concentration=collapsed.concentration[j],
            redshift_halo=Z_LENS,
            redshift_source=Z_SOURCE,
            truncation_factor=100.0,
        ).deflections_yx_2d_from(grid)
        for j in range(n)
    )
    np.testing.assert_allclose(
        populations["subhalos_collapsed"].deflections_yx_2d_from(grid), expected, rtol=1e-9
    )


def test__populations_from__key_draw_in_jit_with_traced_model_parameters():
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp

    grid = np.array([[0.4, 0.3], [-0.7, 0.9]])

    @jax.jit
    def simulate(key, sigma_sub, alpha):
        sampler = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=sigma_sub, alpha=alpha, m_min=1e8)
        populations, draw = sampler.populations_from(40, key=key, return_draw=True)
        deflections = sum(p.deflections_yx_2d_from(grid, xp=jnp) for p in populations.values())
        return deflections, draw

    counts = []
    for i, theta in enumerate(((1e7, 1.9), (2e7, 1.8), (5e6, 2.0))):
        deflections, draw = simulate(jax.random.key(i), *theta)
        assert np.all(np.isfinite(np.asarray(deflections)))
        counts.append(int(draw["subhalos_tnfw"].n_live))
        assert int(draw["subhalos_tnfw"].dropped) == 0
    assert simulate._cache_size() == 1
    assert len(set(counts)) > 1

    # Overflow: the count does not depend on the capacity, the extra subhaloes are counted as dropped.
    sampler = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=2e7, m_min=1e8)
    draw = jax.jit(lambda key, capacity: sampler.draw_from(capacity, key=key), static_argnums=1)
    full = draw(jax.random.key(9), 64)["subhalos_tnfw"]
    cut = draw(jax.random.key(9), 5)["subhalos_tnfw"]
    assert int(full.n_live) > 5 and int(full.dropped) == 0
    assert int(cut.n_live) == 5 and int(cut.dropped) == int(full.n_live) - 5


@pytest.mark.slow
def test__populations_from__sidm_key_draw_in_jit_with_traced_model_parameters():
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp

    capacity = {"subhalos_cored": 48, "subhalos_collapsed": 24}
    grid = np.array([[0.4, 0.3], [-0.7, 0.9]])

    @jax.jit
    def simulate(key, sigma_sub, alpha, collapsed_fraction, f_c_high):
        sampler = SubhaloSampler(
            Z_LENS, Z_SOURCE, sigma_sub=sigma_sub, alpha=alpha, model="sidm",
            collapsed_fraction=collapsed_fraction, core_fraction_range=(0.05, f_c_high),
        )
        populations, draw = sampler.populations_from(capacity, key=key, return_draw=True)
        deflections = sum(p.deflections_yx_2d_from(grid, xp=jnp) for p in populations.values())
        return deflections, draw

    values = []
    for i, theta in enumerate(((1e7, 1.9, 0.2, 0.15), (2e7, 1.8, 0.4, 0.3), (5e6, 2.0, 0.0, 0.1))):
        deflections, draw = simulate(jax.random.key(i), *theta)
        assert np.all(np.isfinite(np.asarray(deflections)))
        values.append(draw)
        cored = draw["subhalos_cored"]
        n = int(cored.n_live)
        assert np.all(np.asarray(cored.f_c[:n]) <= theta[3])
    assert simulate._cache_size() == 1
    assert int(values[2]["subhalos_collapsed"].n_live) == 0  # collapsed_fraction = 0


def test__capacities_from__poisson_quantile_and_traced_parameters_refused():
    from scipy.stats import poisson

    sampler = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=2e7, model="sidm", collapsed_fraction=0.2)
    capacities = sampler.capacities_from()
    for name, mean in sampler.expected_counts().items():
        assert poisson.cdf(capacities[name], mean) >= 1 - 1e-6 > poisson.cdf(capacities[name] - 1, mean)

    jax = pytest.importorskip("jax")

    def traced(sigma_sub):
        return SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=sigma_sub).capacities_from()

    with pytest.raises(TypeError, match="concrete dark-matter parameters"):
        jax.jit(traced)(1e7)


def _live(halo_draws, field):
    """The live values of ``field`` of a batch of draws (leading axis: draws)."""
    values = np.asarray(getattr(halo_draws, field))
    live = np.arange(values.shape[1])[None, :] < np.asarray(halo_draws.n_live)[:, None]
    return values[live]


@pytest.mark.slow
def test__draw_from__shmf_slope_and_normalisation_recovered_from_key_draws():
    """
    2,000 key draws (jit + vmap) of a CDM model with ~7 subhaloes each (1.4e4 subhaloes):

    - the slope: the maximum-likelihood alpha of the truncated power law within 4 sigma of the input
      (sigma from the Fisher information, 1 / sqrt(n Var(ln m)); false-alarm rate 6e-5);
    - the normalisation: the mean count within 4 sigma of the expected count (sigma = sqrt(N / draws)),
      and Sigma_sub recovered from the mean projected mass within 4 sigma of its input (sigma from the
      Poisson variance of the summed mass, N E[m^2]).

    Fixed keys, so the outcome is deterministic.
    """
    jax = pytest.importorskip("jax")
    from scipy.optimize import brentq

    m_min, m_max, alpha, sigma_sub, radius = 1e7, 1e10, 1.9, 1.0e6, 2.0
    sampler = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=sigma_sub, alpha=alpha, m_min=m_min,
                             m_max=m_max, radius_arcsec=radius)
    mean_count = sampler.expected_counts()["subhalos_tnfw"]
    capacity = sampler.capacities_from()
    n_draws = 2000
    keys = jax.random.split(jax.random.key(7), n_draws)
    draws = jax.jit(jax.vmap(lambda key: sampler.draw_from(capacity, key=key)))(keys)
    halo = draws["subhalos_tnfw"]
    assert np.all(np.asarray(halo.dropped) == 0)
    masses = _live(halo, "mass_at_200")
    assert masses.size > 1e4

    ln_m = np.log(masses)

    def score(a):  # d/da of the log-likelihood of m^-a / Z(a) on [m_min, m_max]
        grid = np.linspace(np.log(m_min), np.log(m_max), 20001)
        weight = np.exp(grid * (1.0 - a))
        mean_ln_m = np.trapezoid(grid * weight, grid) / np.trapezoid(weight, grid)
        return -np.mean(ln_m) + mean_ln_m

    fitted = brentq(score, 1.2, 2.6)
    sigma_alpha = 1.0 / np.sqrt(masses.size * np.var(ln_m))
    assert abs(fitted - alpha) < 4.0 * sigma_alpha

    counts = np.asarray(halo.n_live)
    assert abs(counts.mean() - mean_count) < 4.0 * np.sqrt(mean_count / n_draws)

    area = np.pi * (radius * _kpc_per_arcsec()) ** 2
    second_moment = (m_max ** (3 - alpha) - m_min ** (3 - alpha)) / (3 - alpha) / (
        (m_min ** (1 - alpha) - m_max ** (1 - alpha)) / (alpha - 1)
    )
    sigma_mass = np.sqrt(mean_count * second_moment / n_draws) / area
    assert abs(masses.sum() / n_draws / area - sigma_sub) < 4.0 * sigma_mass


@pytest.mark.slow
def test__draw_from__key_draws_match_host_draws_statistically():
    """
    SIDM model (cored + core-collapsed), key draws (jit + vmap) against host draws, >= 1e4 subhaloes
    each: counts per population (mean and variance / mean within 4.5 sigma of Poisson; 8 checks,
    false-alarm rate < 1e-4); two-sample KS host vs key (p > 0.01, 1% each) of the cored subhaloes'
    masses and concentrations; KS of f_c (cored) and of the collapsed concentrations against their
    uniform laws on both paths (p > 0.01, 1% each). Fixed seeds and keys: deterministic.
    """
    jax = pytest.importorskip("jax")
    from scipy import stats

    settings = dict(sigma_sub=5.5e7, model="sidm", collapsed_fraction=0.3, m_min=1e8)
    sampler = SubhaloSampler(Z_LENS, Z_SOURCE, **settings)
    means = sampler.expected_counts()
    capacity = sampler.capacities_from()
    n_draws = 300

    host = [SubhaloSampler(Z_LENS, Z_SOURCE, seed=s, **settings).draw_from() for s in range(n_draws)]
    keys = jax.random.split(jax.random.key(5), n_draws)
    draws = jax.jit(jax.vmap(lambda key: sampler.draw_from(capacity, key=key)))(keys)

    for name in sampler.population_names:
        host_counts = np.array([int(d[name].n_live) for d in host])
        key_counts = np.asarray(draws[name].n_live)
        assert np.all(np.asarray(draws[name].dropped) == 0)
        for counts in (host_counts, key_counts):
            assert abs(counts.mean() - means[name]) < 4.5 * np.sqrt(means[name] / n_draws)
            dispersion = counts.var(ddof=1) / means[name]
            assert abs(dispersion - 1.0) < 4.5 * np.sqrt(2.0 / (n_draws - 1))

    def host_values(name, field):
        return np.concatenate([getattr(d[name], field)[: int(d[name].n_live)] for d in host])

    # Masses and Ludlow16 concentrations: host against key draws.
    for field in ("mass_at_200", "concentration"):
        host_cored, key_cored = host_values("subhalos_cored", field), _live(draws["subhalos_cored"], field)
        assert host_cored.size > 1e4 and key_cored.size > 1e4
        assert stats.ks_2samp(host_cored, key_cored).pvalue > 0.01

    # f_c and the collapsed concentrations: both paths against their uniform laws.
    for name, field, law in (
        ("subhalos_cored", "f_c", stats.uniform(0.05, 0.10)),
        ("subhalos_collapsed", "concentration", stats.uniform(60.0, 40.0)),
    ):
        assert stats.kstest(host_values(name, field), law.cdf).pvalue > 0.01
        assert stats.kstest(_live(draws[name], field), law.cdf).pvalue > 0.01


@pytest.mark.slow
def test__draw_from__wdm_suppression_of_masses_and_concentrations_against_formulas():
    """
    WDM key draws (700 draws, > 1e4 subhaloes): the masses follow m^-alpha S(m) with Lovell's S (KS against the
    CDF integrated here with scipy quad, p > 0.01, 1%), and the concentrations divided by the Bose et al.
    (2016) factor and by Ludlow16 are log-normal with 0.15 dex (KS of the standardised log against a
    standard normal, p > 0.01, 1%). Deterministic keys.
    """
    jax = pytest.importorskip("jax")
    from scipy import stats

    from autogalaxy.profiles.mass.dark import mcr_util

    m_min, m_max, alpha, m_hm = 1e7, 1e10, 1.9, 3e8
    sampler = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=3e7, alpha=alpha, model="wdm",
                             half_mode_mass=m_hm)
    capacity = sampler.capacities_from()
    keys = jax.random.split(jax.random.key(13), 700)
    halo = jax.jit(jax.vmap(lambda key: sampler.draw_from(capacity, key=key)))(keys)["subhalos_tnfw"]
    masses = _live(halo, "mass_at_200")
    concentrations = _live(halo, "concentration")
    assert masses.size > 1e4

    density = lambda m: m ** -alpha * (1.0 + (2.3 * m_hm / m) ** 0.8) ** -1.0
    total = quad(lambda x: density(np.exp(x)) * np.exp(x), np.log(m_min), np.log(m_max), epsrel=1e-11)[0]
    nodes = np.geomspace(m_min, m_max, 400)
    cumulative = np.concatenate(
        [[0.0], np.cumsum([
            quad(lambda x: density(np.exp(x)) * np.exp(x), np.log(a), np.log(b), epsrel=1e-11)[0]
            for a, b in zip(nodes[:-1], nodes[1:])
        ])]
    ) / total
    cdf = lambda m: np.interp(np.log(m), np.log(nodes), cumulative)
    assert stats.kstest(masses, cdf).pvalue > 0.01

    subset = slice(0, 3000)  # Ludlow16 on the host, one mass at a time
    c_ludlow = np.array(
        [float(mcr_util.ludlow16_concentration_from(m, Z_LENS, xp=np)) for m in masses[subset]]
    )
    bose = (1.0 + 60.0 * m_hm / masses[subset]) ** -0.17 * (1.0 + Z_LENS) ** (0.026 * Z_LENS - 0.04)
    standardised = np.log10(concentrations[subset] / bose / c_ludlow) / 0.15
    assert stats.kstest(standardised, "norm").pvalue > 0.01


@pytest.mark.slow
def test__populations_from__subhaloes_and_line_of_sight_in_one_jitted_tracer():
    """key -> image as one jitted function: SIDM subhaloes on the lens, the LOS planes and a source;
    finite, one compilation for two keys and two Sigma_sub values."""
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp

    mf = np.array([[-1.9058, 8.0743], [-1.9069, 8.1108], [-1.9084, 8.1484]])
    mc = np.array([[-1.7115, 28.630], [-1.5429, 25.926], [-1.3846, 23.372]])
    line_of_sight = al.LOSSampler(
        z_lens=Z_LENS, z_source=Z_SOURCE, planes_before_lens=1, planes_after_lens=1,
        cone_radius_arcsec=1.5, mass_function_coefficients=mf, mass_concentration_coefficients=mc,
    )
    los_capacity = line_of_sight.capacities_from()
    settings = dict(model="sidm", collapsed_fraction=0.2, m_min=1e8)
    sub_capacity = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=4e7, **settings).capacities_from()
    grid = al.Grid2D.uniform(shape_native=(20, 20), pixel_scales=0.15)

    @jax.jit
    def image(key, sigma_sub):
        key_los, key_sub = jax.random.split(key)
        subhaloes = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=sigma_sub, **settings)
        populations, draw = subhaloes.populations_from(sub_capacity, key=key_sub, return_draw=True)
        planes, dropped = line_of_sight.population_galaxies_from(
            los_capacity, key=key_los, return_dropped=True
        )
        lens = al.Galaxy(
            redshift=Z_LENS, mass=al.mp.Isothermal(einstein_radius=1.0), **populations
        )
        source = al.Galaxy(redshift=Z_SOURCE, light=al.lp.SersicCore(intensity=0.3, effective_radius=0.3))
        tracer = al.Tracer(galaxies=[lens, *planes, source])
        return tracer.image_2d_from(grid=grid, xp=jnp).array, dropped, draw

    for i, sigma_sub in enumerate((2e7, 4e7)):
        values, dropped, draw = image(jax.random.key(i), sigma_sub)
        assert np.all(np.isfinite(np.asarray(values))) and np.asarray(values).max() > 0.0
        assert np.all(np.asarray(dropped) == 0)
        assert int(draw["subhalos_cored"].n_live) > 0
    assert image._cache_size() == 1


def test__draw_from__host_concentrations_equal_ludlow16_one_mass_at_a_time():
    # The host draw takes every Ludlow16 concentration in one call: the values of the scalar path
    # (times the scatter), to rounding; an empty draw works.
    from autogalaxy.profiles.mass.dark import mcr_util

    sampler = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=1e7, m_min=1e6, seed=2)
    halo = sampler.draw_from(400)["subhalos_tnfw"]
    n = int(halo.n_live)
    assert n > 50
    one_at_a_time = np.array(
        [float(mcr_util.ludlow16_concentration_from(m, Z_LENS, xp=np)) for m in halo.mass_at_200[:n]]
    )
    _, c_ludlow = sampler._concentrations_from(halo.mass_at_200[:n], 0.0, np)
    np.testing.assert_allclose(c_ludlow, one_at_a_time, rtol=1e-14, atol=0.0)

    empty = SubhaloSampler(Z_LENS, Z_SOURCE, sigma_sub=0.0, seed=2).populations_from(
        return_draw=True
    )[1]["subhalos_tnfw"]
    assert int(empty.n_live) == 0 and empty.concentration.shape == (0,)
