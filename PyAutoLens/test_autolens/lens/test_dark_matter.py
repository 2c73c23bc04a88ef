import numpy as np
import pytest
from scipy.integrate import quad

from autolens.lens import dark_matter


def test__wdm_mass_function_suppression_from__lovell20_values():
    m_hm = 1e8
    # At M = a M_hm the ratio is 2^g; CDM (M_hm = 0) is 1; far above the half-mode mass it tends to 1.
    for a, b, g in (dark_matter.LOVELL20_HALO, dark_matter.LOVELL20_SUBHALO):
        value = dark_matter.wdm_mass_function_suppression_from(
            np.array([a * m_hm]), m_hm, xp=np, coefficients=(a, b, g)
        )
        assert value[0] == pytest.approx(2.0**g, rel=1e-14)
        assert dark_matter.wdm_mass_function_suppression_from(
            1e13, m_hm, xp=np, coefficients=(a, b, g)
        ) == pytest.approx(1.0, abs=1e-3)
    assert dark_matter.wdm_mass_function_suppression_from(3e7, 0.0, xp=np) == 1.0
    # Lovell (2020) central-halo fit at M = M_hm: (1 + 2.3^0.8)^-1.
    assert dark_matter.wdm_mass_function_suppression_from(1e8, 1e8, xp=np) == pytest.approx(
        1.0 / (1.0 + 2.3**0.8), rel=1e-14
    )


def test__wdm_concentration_suppression_from__bose16_values():
    # Bose et al. (2016) eq. 17 at M = M_hm and z = 0.5: 61^-0.17 * 1.5^(0.026 * 0.5 - 0.04).
    value = dark_matter.wdm_concentration_suppression_from(1e8, 1e8, 0.5, xp=np)
    assert value == pytest.approx(61.0**-0.17 * 1.5 ** (0.013 - 0.04), rel=1e-14)
    assert dark_matter.wdm_concentration_suppression_from(1e8, 0.0, 0.5, xp=np) == 1.0


def test__mass_function_table_from__integrals_and_inverse_cdf():
    m_min, m_max, slope = 1e7, 1e10, 1.9
    table = dark_matter.mass_function_table_from(m_min, m_max, slope, 0.0, xp=np)
    number = (m_min ** (1 - slope) - m_max ** (1 - slope)) / (slope - 1)
    mass = (m_max ** (2 - slope) - m_min ** (2 - slope)) / (2 - slope)
    assert table.number == pytest.approx(number, rel=1e-9)
    assert table.mass == pytest.approx(mass, rel=1e-9)
    assert table.mass_cdm == pytest.approx(mass, rel=1e-9)

    # The inverse CDF of the closed-form power law.
    u = np.linspace(0.0, 0.999, 37)
    expected = (m_min ** (1 - slope) - u * (m_min ** (1 - slope) - m_max ** (1 - slope))) ** (
        1 / (1 - slope)
    )
    np.testing.assert_allclose(dark_matter.masses_from_uniform(u, table, xp=np), expected, rtol=1e-5)

    # Suppressed: the integrals against scipy quadrature of m^-slope S(m).
    warm = dark_matter.mass_function_table_from(m_min, m_max, slope, 3e8, xp=np)
    suppression = lambda m: (1.0 + (2.3 * 3e8 / m) ** 0.8) ** -1.0
    ln = (np.log(m_min), np.log(m_max))
    reference = quad(lambda x: np.exp(x * (1 - slope)) * suppression(np.exp(x)), *ln, epsrel=1e-12)[0]
    assert warm.number == pytest.approx(reference, rel=1e-9)
    assert warm.mass_cdm == pytest.approx(mass, rel=1e-9)

    with pytest.raises(ValueError, match="odd n_nodes"):
        dark_matter.mass_function_table_from(m_min, m_max, slope, 0.0, xp=np, n_nodes=10)


def test__poisson_capacity_from__quantile_rule():
    from scipy.stats import poisson

    assert dark_matter.poisson_capacity_from(0.0) == 1
    for mean in (0.5, 12.0, 300.0):
        capacity = dark_matter.poisson_capacity_from(mean, 1.0 - 1e-6)
        assert poisson.cdf(capacity, mean) >= 1.0 - 1e-6 > poisson.cdf(capacity - 1, mean)
    with pytest.raises(ValueError, match="quantile"):
        dark_matter.poisson_capacity_from(3.0, 0.0)
    with pytest.raises(ValueError, match="expected count"):
        dark_matter.poisson_capacity_from(-1.0)


def test__poisson_count_from__splits_count_at_capacity():
    jax = pytest.importorskip("jax")

    for key in range(5):
        count = int(jax.random.poisson(jax.random.key(key), 20.0))
        n_live, dropped = dark_matter.poisson_count_from(jax.random.key(key), 20.0, 15)
        assert int(n_live) == min(count, 15)
        assert int(dropped) == count - int(n_live)
