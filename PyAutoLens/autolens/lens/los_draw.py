"""
The line of sight drawn from a JAX PRNG key, inside ``jax.jit`` / ``jax.vmap``: the traced half of
`autolens.lens.los.LOSSampler` (`LOSSampler.draw_from`, `LOSSampler.population_galaxies_from_draw`, and
`LOSSampler.population_galaxies_from(key=...)` through them).

Everything seed-independent (planes, mass-function and mass-concentration coefficients, sheets, per-plane
lensing quantities) comes from the sampler's host-side configuration, computed once per configuration; the
functions here only draw from the key and map the draw to profile parameters, with fixed capacities.
"""

import math
from typing import List, Sequence, Union

import numpy as np

import autogalaxy as ag

from autolens.lens.los_truncation import _nfw_mass_function, _tnfw_parameters_from


def truncation_tau_fixed_iterations_from(concentration, truncation_factor, xp, n_iter=8):
    """
    ``truncation_tau_from`` as a pure function with a fixed number of Newton steps, for traced code
    (``jax.jit`` / ``jax.vmap``): the same iteration in ln(tau) from the same start, without the
    data-dependent stopping test. Eight steps reach the host solver's root to ~1e-15 relative for every
    concentration in [0.1, 200] (the sampled range), the iteration converging in 3-5.

    Parameters
    ----------
    concentration
        Concentrations c = r_200 / r_s (> 0), any shape; may be traced.
    truncation_factor
        The overdensity Delta_t (relative to critical) defining r_t (a concrete float).
    xp
        ``numpy`` or ``jax.numpy``.
    n_iter
        The number of Newton steps.

    Returns
    -------
    tau = r_t / r_s, shaped like ``concentration``.
    """
    ln_c = xp.log(concentration)
    ln_ratio = math.log(200.0 / truncation_factor)
    ln_target = ln_ratio + 3.0 * ln_c - xp.log(_nfw_mass_function(concentration, xp=xp))
    ln_tau = ln_c + ln_ratio / 3.0
    for _ in range(n_iter):
        tau = xp.exp(ln_tau)
        mu = _nfw_mass_function(tau, xp=xp)
        step = (3.0 * ln_tau - xp.log(mu) - ln_target) / (
            3.0 - tau * tau / ((1.0 + tau) ** 2 * mu)
        )
        ln_tau = ln_tau - xp.clip(step, -1.0, 1.0)
    return xp.exp(ln_tau)


def _concentrations_from(log10_masses, A_mc, B_mc, lgc_offset, half_mode_mass, redshift, xp):
    """
    Pure: the concentrations of `sample_concentrations` from the offsets of log10(c) (``c_scatter`` times
    standard normal numbers), for draws from a JAX key.
    """
    c_draw = 10 ** (xp.log10(A_mc * log10_masses + B_mc) + lgc_offset)
    if half_mode_mass is not None:
        from autolens.lens import dark_matter

        c_draw = c_draw * dark_matter.wdm_concentration_suppression_from(
            10.0 ** log10_masses, half_mode_mass, redshift, xp=xp
        )
    return xp.clip(c_draw, 0.1, 200.0)


def draw_from(sampler, *, key, capacity: Union[None, int, Sequence[int]] = None):
    """
    `LOSSampler.draw_from` (see there): the line of sight's haloes of ``sampler`` drawn from a JAX PRNG
    key, one `autolens.lens.dark_matter.HaloDraw` per plane.
    """
    import jax
    import jax.numpy as jnp
    from autolens.lens import dark_matter

    configuration = sampler._configuration()
    capacities = sampler._capacities(capacity)
    offsets = np.cumsum([0, *capacities])
    total = int(offsets[-1])
    # The plane of every slot: per-slot constants are host arrays indexed by it.
    plane = np.repeat(np.arange(len(capacities)), capacities)
    key_count, key_mass, key_radius, key_angle, key_scatter = jax.random.split(key, 5)

    n_live, dropped = dark_matter.poisson_count_from(
        key_count, jnp.asarray(configuration.expected_counts), jnp.asarray(capacities)
    )
    uniform = jax.random.uniform(key_mass, (total,))
    if configuration.mass_tables is None:
        # The inverse of the cumulative power law, 10^B m^(1+A) / (1+A), between m_min and m_max.
        exponent = 1.0 + configuration.mass_function_coefficients[plane, 0]
        low = sampler.m_min ** exponent
        high = sampler.m_max ** exponent
        masses = (low + uniform * (high - low)) ** (1.0 / exponent)
    else:
        masses = jnp.concatenate(
            [
                dark_matter.masses_from_uniform(
                    uniform[offsets[i] : offsets[i + 1]],
                    dark_matter.MassFunctionTable(*(jnp.asarray(v) for v in table)),
                    xp=jnp,
                )
                for i, table in enumerate(configuration.mass_tables)
            ]
        )
    centre = dark_matter.positions_in_circle_from(
        jax.random.uniform(key_radius, (total,)),
        jax.random.uniform(key_angle, (total,)),
        configuration.cone_radii[plane],
        xp=jnp,
    )
    concentrations = _concentrations_from(
        jnp.log10(masses),
        configuration.mass_concentration_coefficients[plane, 0],
        configuration.mass_concentration_coefficients[plane, 1],
        sampler.c_scatter * jax.random.normal(key_scatter, (total,)),
        half_mode_mass=sampler.half_mode_mass,
        redshift=configuration.centres[plane],
        xp=jnp,
    )
    return tuple(
        dark_matter.HaloDraw(
            centre=centre[offsets[i] : offsets[i + 1]],
            mass_at_200=masses[offsets[i] : offsets[i + 1]],
            concentration=concentrations[offsets[i] : offsets[i + 1]],
            f_c=jnp.zeros(size),
            n_live=n_live[i],
            dropped=dropped[i],
        )
        for i, size in enumerate(capacities)
    )


def population_galaxies_from_draw(
    sampler, draw, sheets_as_fields: bool = False, chunk_size: int = 32
) -> List[ag.Galaxy]:
    """
    `LOSSampler.population_galaxies_from_draw` (see there): the plane galaxies of ``sampler`` from a draw of
    `draw_from`.
    """
    configuration = sampler._configuration()
    if len(draw) != len(configuration.centres):
        raise ValueError(
            f"LOSSampler: the draw has {len(draw)} planes, the sampler {len(configuration.centres)}"
        )
    galaxies = []
    for i, plane in enumerate(draw):
        from autogalaxy.profiles.mass.dark.mcr_util import xp_from

        xp = xp_from(plane.mass_at_200, plane.concentration)
        critical_density, sigma_cr, kpc_per_arcsec = configuration.lensing_quantities[i]
        tau = truncation_tau_fixed_iterations_from(
            plane.concentration, sampler.truncation_factor, xp=xp
        )
        kappa_s, scale_radius, truncation_radius = _tnfw_parameters_from(
            plane.mass_at_200,
            plane.concentration,
            tau,
            critical_density,
            sigma_cr,
            kpc_per_arcsec,
            xp=xp,
        )
        population = ag.mp.HaloPopulation.from_arrays(
            ag.mp.NFWTruncatedSph,
            centre=plane.centre,
            capacity=plane.mass_at_200.shape[-1],
            chunk_size=chunk_size,
            n_live=plane.n_live,
            kappa_s=kappa_s,
            scale_radius=scale_radius,
            truncation_radius=truncation_radius,
        )
        z_cen = float(configuration.centres[i])
        sheet = (
            {}
            if sheets_as_fields
            else {"mass_sheet": ag.mp.MassSheet(kappa=configuration.sheet_kappas[i])}
        )
        galaxies.append(ag.Galaxy(redshift=z_cen, halos=population, **sheet))
    return galaxies
