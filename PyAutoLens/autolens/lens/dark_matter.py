"""
Dark-matter model functions shared by the halo samplers (`LOSSampler`, `SubhaloSampler`).

Everything here is a pure function of arrays with an explicit ``xp`` (``numpy`` or ``jax.numpy``), so the
same formula serves the host (NumPy) samplers and the draws made inside ``jax.jit`` / ``jax.vmap`` from a
PRNG key, where the dark-matter parameters (e.g. the half-mode mass) may be traced:

- the warm-dark-matter (WDM) suppression of the halo mass function (Lovell 2020) and of the concentrations
  (Bose et al. 2016), both functions of the half-mode mass :math:`M_{\\rm hm}`;
- a tabulated mass function :math:`dN/dm \\propto m^{-\\alpha} S(m)` (a power law times a suppression), its
  integrals and its inverse cumulative distribution, used to draw masses from uniform numbers;
- the draw record `HaloDraw` and the Poisson count with a fixed capacity, which reports the haloes an
  overflow drops instead of raising (a traced count cannot raise).
"""

from typing import NamedTuple, Tuple

import numpy as np

#: Lovell (2020, ApJ 897, 147) fit to :math:`n_{\rm WDM}/n_{\rm CDM}` for the virial mass of central
#: haloes, :math:`(\alpha, \beta, \gamma)`.
LOVELL20_HALO = (2.3, 0.8, -1.0)

#: Lovell (2020, ApJ 897, 147) fit to :math:`n_{\rm WDM}/n_{\rm CDM}` for the (bound) mass of subhaloes.
LOVELL20_SUBHALO = (4.2, 2.5, -0.2)

#: Bose et al. (2016, MNRAS 455, 318) concentration suppression, eq. 17: :math:`(\gamma_1, \gamma_2)` and the
#: redshift exponent :math:`\beta(z) = b_1 z + b_0` as ``(b_1, b_0)``.
BOSE16_CONCENTRATION = (60.0, 0.17, 0.026, -0.04)


def wdm_mass_function_suppression_from(mass, half_mode_mass, xp, coefficients=LOVELL20_HALO):
    """
    The ratio of the WDM to the CDM halo mass function at mass ``mass`` (Lovell 2020, ApJ 897, 147,
    arXiv:2003.01125, the fitting function of its Sec. 3 and abstract):

    .. math::

        \\frac{n_{\\rm WDM}(M)}{n_{\\rm CDM}(M)} = \\left(1 + \\left(\\frac{a \\, M_{\\rm hm}}{M}\\right)^{b}
        \\right)^{g},

    with :math:`(a, b, g) = (2.3, 0.8, -1.0)` for central haloes' virial masses (`LOVELL20_HALO`, the
    default) and :math:`(4.2, 2.5, -0.2)` for subhaloes' bound masses (`LOVELL20_SUBHALO`). It is 1 for
    :math:`M_{\\rm hm} = 0` (CDM) and decreases towards low masses.

    Parameters
    ----------
    mass
        Halo masses :math:`M` in M_sun (> 0), any shape.
    half_mode_mass
        :math:`M_{\\rm hm}` in M_sun (>= 0; 0 is CDM); may be traced.
    xp
        ``numpy`` or ``jax.numpy``.
    coefficients
        :math:`(a, b, g)`.

    Returns
    -------
    The suppression factor in (0, 1], shaped like ``mass``.
    """
    a, b, g = coefficients
    return (1.0 + (a * half_mode_mass / mass) ** b) ** g


def wdm_concentration_suppression_from(
    mass, half_mode_mass, redshift, xp, coefficients=BOSE16_CONCENTRATION
):
    """
    The ratio of the WDM to the CDM concentration of haloes of mass ``mass`` (Bose et al. 2016, MNRAS 455,
    318, eq. 17):

    .. math::

        \\frac{c_{\\rm WDM}}{c_{\\rm CDM}} = \\left(1 + \\gamma_1 \\frac{M_{\\rm hm}}{M}\\right)^{-\\gamma_2}
        (1 + z)^{\\beta(z)}, \\qquad \\beta(z) = 0.026 z - 0.04,

    with :math:`\\gamma_1 = 60`, :math:`\\gamma_2 = 0.17`. The redshift factor is applied only for
    :math:`M_{\\rm hm} > 0`, so CDM (:math:`M_{\\rm hm} = 0`) keeps its concentrations exactly.

    Parameters
    ----------
    mass
        Halo masses :math:`M_{200}` in M_sun (> 0), any shape.
    half_mode_mass
        :math:`M_{\\rm hm}` in M_sun (>= 0); may be traced.
    redshift
        The haloes' redshift.
    xp
        ``numpy`` or ``jax.numpy``.
    coefficients
        :math:`(\\gamma_1, \\gamma_2, b_1, b_0)` with :math:`\\beta(z) = b_1 z + b_0`.

    Returns
    -------
    The factor multiplying the CDM concentration, shaped like ``mass``.
    """
    gamma_1, gamma_2, b_1, b_0 = coefficients
    redshift_factor = (1.0 + redshift) ** (b_1 * redshift + b_0)
    redshift_factor = xp.where(half_mode_mass > 0.0, redshift_factor, 1.0)
    return (1.0 + gamma_1 * half_mode_mass / mass) ** (-gamma_2) * redshift_factor


class MassFunctionTable(NamedTuple):
    """
    A mass function :math:`dN/dm = m^{-\\alpha} S(m)` (unit amplitude) tabulated on nodes uniform in
    :math:`\\ln m` between :math:`m_{\\rm min}` and :math:`m_{\\rm max}`; a pytree of arrays.

    Attributes
    ----------
    ln_mass
        The nodes :math:`\\ln m_i`, shape (n,).
    cdf
        The cumulative distribution of the masses at the nodes, from 0 to 1, shape (n,).
    number
        :math:`\\int m^{-\\alpha} S(m) \\, dm` over the range (M_sun^(1 - alpha)).
    mass
        :math:`\\int m \\, m^{-\\alpha} S(m) \\, dm`.
    mass_cdm
        :math:`\\int m \\, m^{-\\alpha} \\, dm` (no suppression): the normalisation of a CDM mass density.
    """

    ln_mass: object
    cdf: object
    number: object
    mass: object
    mass_cdm: object


def mass_function_table_from(
    m_min,
    m_max,
    slope,
    half_mode_mass,
    xp,
    coefficients=LOVELL20_HALO,
    n_nodes=1025,
):
    """
    Tabulate :math:`dN/dm = m^{-\\alpha} S(m)` (``slope`` :math:`= \\alpha`, :math:`S` from
    `wdm_mass_function_suppression_from`) for drawing masses and integrating the mass function.

    Pure and traceable in ``slope`` and ``half_mode_mass`` (fixed node count, no data-dependent loop).
    The integrals use Simpson's rule in :math:`\\ln m` (relative error ~1e-10 for 1025 nodes over three
    decades); the cumulative distribution uses the trapezoid rule between nodes (relative error ~1e-6) and
    is inverted by linear interpolation in `masses_from_uniform`.

    Parameters
    ----------
    m_min, m_max
        The mass range in M_sun (concrete, ``m_min < m_max``).
    slope
        :math:`\\alpha` of :math:`dN/dm \\propto m^{-\\alpha}`; may be traced.
    half_mode_mass
        :math:`M_{\\rm hm}` in M_sun (0 for CDM); may be traced.
    xp
        ``numpy`` or ``jax.numpy``.
    coefficients
        The suppression's :math:`(a, b, g)` (see `wdm_mass_function_suppression_from`).
    n_nodes
        The number of nodes (odd, for Simpson's rule).

    Returns
    -------
    MassFunctionTable
    """
    if n_nodes % 2 == 0 or n_nodes < 3:
        raise ValueError(f"mass_function_table_from needs an odd n_nodes >= 3, got {n_nodes}")
    ln_mass = xp.linspace(np.log(m_min), np.log(m_max), n_nodes)
    mass = xp.exp(ln_mass)
    step = (np.log(m_max) - np.log(m_min)) / (n_nodes - 1)

    # dN / d ln m = m dN/dm: smooth in ln m, so the quadrature is accurate with uniform nodes.
    per_ln_mass_cdm = mass ** (1.0 - slope)
    per_ln_mass = per_ln_mass_cdm * wdm_mass_function_suppression_from(
        mass, half_mode_mass, xp=xp, coefficients=coefficients
    )

    simpson = np.ones(n_nodes)
    simpson[1:-1:2] = 4.0
    simpson[2:-1:2] = 2.0
    simpson = xp.asarray(simpson * step / 3.0)

    cumulative = xp.concatenate(
        [xp.zeros(1), xp.cumsum(0.5 * step * (per_ln_mass[1:] + per_ln_mass[:-1]))]
    )
    return MassFunctionTable(
        ln_mass=ln_mass,
        cdf=cumulative / cumulative[-1],
        number=xp.sum(simpson * per_ln_mass),
        mass=xp.sum(simpson * per_ln_mass * mass),
        mass_cdm=xp.sum(simpson * per_ln_mass_cdm * mass),
    )


def masses_from_uniform(uniform, table: MassFunctionTable, xp):
    """
    Masses drawn from a tabulated mass function by its inverse cumulative distribution:
    :math:`m = F^{-1}(u)` for :math:`u` uniform in [0, 1).

    Parameters
    ----------
    uniform
        Uniform numbers in [0, 1), any shape.
    table
        The mass function (`mass_function_table_from`).
    xp
        ``numpy`` or ``jax.numpy``.

    Returns
    -------
    Masses in M_sun, shaped like ``uniform``.
    """
    return xp.exp(xp.interp(uniform, table.cdf, table.ln_mass))


class HaloDraw(NamedTuple):
    """
    One drawn group of haloes with a fixed capacity: what a simulation records about a realisation.

    A pytree of arrays (a ``NamedTuple``), so it is returned from ``jax.jit`` / ``jax.vmap`` (with a
    leading batch axis on every field) like any array. The first ``n_live`` slots are the haloes; the other
    slots hold values drawn from the same distributions, never used (the populations mask them).

    Attributes
    ----------
    centre
        (y, x) centres in arc-seconds, shape (capacity, 2).
    mass_at_200
        :math:`M_{200}` in M_sun, shape (capacity,).
    concentration
        :math:`c_{200} = r_{200} / r_s`, shape (capacity,).
    f_c
        Core fraction :math:`r_c / r_s` of cored haloes (0 for uncored ones), shape (capacity,).
    n_live
        The number of haloes (an integer scalar, <= capacity).
    dropped
        The number of haloes drawn beyond the capacity and therefore left out (an integer scalar); not
        zero means the capacity was too small for this draw.
    tau
        The gravothermal time :math:`\\tau = t_{\\rm age} / t_c` of Yang et al. (2024) SIDM haloes (0 for
        other subhaloes), shape (capacity,); None where a sampler records none (the line of sight).
    """

    centre: object
    mass_at_200: object
    concentration: object
    f_c: object
    n_live: object
    dropped: object
    tau: object = None


def poisson_capacity_from(mean, quantile=1.0 - 1.0e-6) -> int:
    """
    The capacity rule of the samplers: the ``quantile`` quantile of a Poisson count of mean ``mean``,

    .. math::

        C = \\min \\{ k : P(N \\le k) \\ge q \\}, \\qquad N \\sim {\\rm Poisson}(\\bar N),

    so a draw overflows (and drops haloes) with probability at most :math:`1 - q` per group. At least 1.
    Host-side (SciPy); ``mean`` must be concrete.

    Parameters
    ----------
    mean
        The expected count :math:`\\bar N` (>= 0).
    quantile
        :math:`q` in (0, 1).
    """
    from scipy.stats import poisson

    if not 0.0 < quantile < 1.0:
        raise ValueError(f"poisson_capacity_from: quantile must be in (0, 1), got {quantile}")
    mean = float(mean)
    if not mean >= 0.0:
        raise ValueError(f"poisson_capacity_from: the expected count must be >= 0, got {mean}")
    return max(1, int(poisson.ppf(quantile, mean)) if mean > 0.0 else 0)


def poisson_count_from(key, mean, capacity: int) -> Tuple[object, object]:
    """
    A Poisson count drawn from a JAX key, split into the slots it fills and the overflow.

    Parameters
    ----------
    key
        A JAX PRNG key.
    mean
        The expected count (may be traced).
    capacity
        The slots available (a concrete integer).

    Returns
    -------
    n_live, dropped
        ``min(N, capacity)`` and ``N - n_live``, integer scalars.
    """
    import jax
    import jax.numpy as jnp

    count = jax.random.poisson(key, mean)
    n_live = jnp.minimum(count, capacity)
    return n_live, count - n_live


def positions_in_circle_from(uniform_radius, uniform_angle, radius, xp):
    """
    (y, x) positions uniform in a disc of ``radius`` from two uniform numbers per position:
    :math:`r = R \\sqrt{u_1}`, :math:`\\phi = 2 \\pi u_2`, :math:`(y, x) = (r \\cos\\phi, r \\sin\\phi)`
    (the convention of `autolens.lens.los.sample_positions_in_circle`).

    Returns an array of shape ``uniform_radius.shape + (2,)``.
    """
    r = radius * xp.sqrt(uniform_radius)
    phi = 2.0 * np.pi * uniform_angle
    return xp.stack([r * xp.cos(phi), r * xp.sin(phi)], axis=-1)
