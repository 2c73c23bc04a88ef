"""
Line-of-sight (LOS) halo sampling and negative kappa sheet computation.

This module implements the full pipeline for populating a light cone with
line-of-sight dark matter halos and computing compensatory negative convergence
sheets to maintain mass conservation.  It follows the methodology of
He et al. (2022, MNRAS 511, 3046).

The main entry point is :class:`LOSSampler`, which orchestrates plane slicing,
halo sampling, unit conversion, and negative kappa computation to produce a
list of :class:`autogalaxy.Galaxy` objects ready for inclusion in a
multi-plane :class:`autolens.Tracer`.

Host-side and traced code are separate: the seed-independent configuration (planes, mass-function and
mass-concentration coefficients, sheets) is computed on the host once per configuration and cached for
every sampler of it; haloes are drawn either on the host with NumPy from a seed, or from a JAX PRNG key
inside ``jax.jit`` / ``jax.vmap`` with fixed capacities (`LOSSampler.draw_from`,
`LOSSampler.population_galaxies_from(key=...)`, implemented in `autolens.lens.los_draw`), which report
the haloes an overflow drops.
"""

import functools
import warnings

import numpy as np
from scipy.integrate import quad, IntegrationWarning
from typing import List, NamedTuple, Optional, Sequence, Tuple, Union

import autogalaxy as ag
from autogalaxy.cosmology import Planck15

from autonerves.test_mode import is_test_mode

# The halo statistics, the truncation rule and the key draw's pure functions live in their own
# modules; importable from here as before.
from autolens.lens.los_mass_function import (  # noqa: F401
    _astropy_cosmology_from,
    mass_function_ab_from,
    mass_concentration_ab_from,
    number_of_halos_from,
    sample_halo_masses,
    _inverse_mass_cdf_from,
    sample_positions_in_circle,
    sample_concentrations,
)
from autolens.lens.los_truncation import (  # noqa: F401
    _mass_ratio_from_concentration_and_tau,
    _nfw_mass_function,
    truncation_tau_from,
    nfw_truncated_parameters_from,
    _plane_lensing_quantities_from,
    _tnfw_parameters_from,
)
from autolens.lens.los_draw import (  # noqa: F401
    _concentrations_from,
    truncation_tau_fixed_iterations_from,
)

# Number of LOS halos retained per plane when ``PYAUTO_TEST_MODE`` is active.
# Capping the population keeps the multi-plane ray-tracing and per-galaxy
# plotting paths exercised (so regressions still surface) while collapsing the
# downstream cost from ~1100 halos to a few dozen. See ``LOSSampler.galaxies_from``.
_TEST_MODE_MAX_HALOS_PER_PLANE = 3


def comoving_distance_mpc_from(z, cosmology):
    """
    Comoving distance in Mpc to redshift *z*.

    Derived from ``cosmology.angular_diameter_distance_kpc_z1z2``
    via D_c = D_A(0, z) * (1 + z), converted from kpc to Mpc.
    """
    d_a_kpc = cosmology.angular_diameter_distance_kpc_z1z2(0.0, z)
    return d_a_kpc * (1.0 + z) / 1.0e3


def comoving_volume_mpc3_from(z, cosmology):
    """
    Comoving volume in Mpc^3 enclosed within redshift *z* (full sky).

    V_c = (4/3) pi D_c(z)^3  for a flat universe.
    """
    d_c = comoving_distance_mpc_from(z, cosmology)
    return (4.0 / 3.0) * np.pi * d_c ** 3


def los_planes_from(
    z_lens,
    z_source,
    planes_before_lens,
    planes_after_lens,
    cosmology=None,
):
    """
    Return plane boundaries and centres for the LOS light-cone geometry.

    Plane boundaries are determined by the ``slicing_bounder`` algorithm from
    los_pipes: the redshift interval [0, z_lens] is split into
    ``planes_before_lens`` slices and [z_lens, z_source] into
    ``planes_after_lens`` slices, each of roughly equal comoving-distance
    width.

    Parameters
    ----------
    z_lens
        Redshift of the main lens.
    z_source
        Redshift of the background source.
    planes_before_lens
        Number of LOS planes between the observer and the lens.
    planes_after_lens
        Number of LOS planes between the lens and the source. One more plane is centred on
        ``z_lens``: there are ``planes_before_lens + planes_after_lens + 1`` planes in all.
    cosmology
        A ``LensingCosmology`` instance. Defaults to ``Planck15()``.

    Returns
    -------
    boundaries : ndarray of shape (n_planes + 1,)
        Redshift boundaries of each plane, starting at 0 and ending
        at z_source.
    centres : ndarray of shape (n_planes,)
        Redshift centres of each plane.
    """
    gap_front = z_lens / (planes_before_lens + 1.0)
    gap_back = (z_source - z_lens) / (planes_after_lens + 1.0)

    z_front = np.arange(1.5 * gap_front, z_lens, gap_front)
    z_back = np.arange(
        z_lens + 0.5 * gap_back, z_source - 1.0 * gap_back, gap_back
    )

    boundaries = np.concatenate(([0.0], z_front, z_back, [z_source]))

    centres_front = np.linspace(0.0, z_lens, planes_before_lens + 2)[1:-1]
    centres_back = np.linspace(z_lens, z_source, planes_after_lens + 2)[:-1]
    centres = np.concatenate((centres_front, centres_back))

    return boundaries, centres


@functools.lru_cache(maxsize=1024)
def _negative_kappa_mass_integral(
    A_mf: float,
    B_mf: float,
    A_mc: float,
    B_mc: float,
    m_min: float,
    m_max: float,
    truncation_factor: float,
    c_scatter: float,
    quad_limit: int,
    quad_epsrel: float,
    half_mode_mass: float = 0.0,
    redshift: float = 0.0,
) -> float:
    """
    The mass density in truncated NFW haloes of the negative kappa sheet, cached per configuration.

    .. math::

        \\rho_{\\rm tNFW} = \\int_{m_{\\rm min}}^{m_{\\rm max}} \\frac{dn}{dm} \\, m \\,
        \\left\\langle \\frac{M_{\\rm tNFW}}{M_{200}} \\right\\rangle_{P(\\log_{10} c|m)} \\, dm
        \\quad [M_\\odot \\, {\\rm Mpc}^{-3}]

    with :math:`dn/dm = 10^{B_{\\rm mf}} m^{A_{\\rm mf}}` (Mpc^-3 M_sun^-1) and
    :math:`P(\\log_{10} c|m)` a normal distribution of width ``c_scatter`` (dex) about
    :math:`\\log_{10}(A_{\\rm mc} \\log_{10} m + B_{\\rm mc})`, cut at 4 sigma.

    It is the seed-independent part of `negative_kappa_from`, which multiplies it by the slice's
    comoving volume per arcsec^2 and divides by Sigma_cr. The arguments are plain hashable numbers
    (Python floats, compared exactly), so ``functools.lru_cache`` keys it by the complete
    configuration; it holds up to 1024 planes' values (a few tens of kB). Clear it with
    ``_negative_kappa_mass_integral.cache_clear()``.

    Parameters are those of `negative_kappa_from` of the same names; masses are in M_sun. With a
    ``half_mode_mass`` > 0 (warm dark matter) dn/dm is multiplied by the Lovell (2020) suppression and
    the concentrations by the Bose et al. (2016) factor at ``redshift`` (see `autolens.lens.dark_matter`),
    as the sampler draws them; ``redshift`` is unused otherwise.
    """
    from autolens.lens import dark_matter

    warm = half_mode_mass > 0.0
    def _integrand_concentration(lgc, m, lgc_centre):
        c_val = 10 ** lgc
        # Newton in ln(tau) instead of one `fsolve` per quadrature node: the same root (to ~1e-13,
        # fsolve's accuracy) at ~1/10 of the cost, which was most of the integral's.
        tau = truncation_tau_from(c_val, truncation_factor=truncation_factor)
        mass_ratio = _mass_ratio_from_concentration_and_tau(c_val, tau)

        prob = (
            1.0
            / (np.sqrt(2.0 * np.pi) * c_scatter)
            * np.exp(-((lgc - lgc_centre) ** 2) / (2.0 * c_scatter ** 2))
        )
        return mass_ratio * prob

    def _integrand_mass(m):
        lgc_centre = np.log10(A_mc * np.log10(m) + B_mc)
        if warm:
            lgc_centre = lgc_centre + np.log10(
                dark_matter.wdm_concentration_suppression_from(m, half_mode_mass, redshift, xp=np)
            )
        lgc_lo = lgc_centre - 4.0 * c_scatter
        lgc_hi = lgc_centre + 4.0 * c_scatter

        c_integral = quad(
            _integrand_concentration,
            lgc_lo,
            lgc_hi,
            args=(m, lgc_centre),
            limit=quad_limit,
            epsrel=quad_epsrel,
        )[0]

        dndm = 10 ** B_mf * m ** A_mf
        if warm:
            dndm = dndm * dark_matter.wdm_mass_function_suppression_from(m, half_mode_mass, xp=np)
        return dndm * m * c_integral

    return quad(
        _integrand_mass, m_min, m_max, limit=quad_limit, epsrel=quad_epsrel
    )[0]


def negative_kappa_from(
    z_centre,
    comoving_volume_per_arcsec2,
    A_mf,
    B_mf,
    A_mc,
    B_mc,
    m_min,
    m_max,
    z_source,
    truncation_factor,
    c_scatter,
    cosmology,
    quad_limit=50,
    quad_epsrel=1.49e-8,
    half_mode_mass=None,
):
    """
    Compute the negative convergence sheet for a single LOS plane.

    This is the compensatory convergence that accounts for the average
    contribution of *all* halos in the mass range, ensuring mass conservation.

    The computation performs a double integral over halo mass and
    concentration scatter:

    .. math::

        \\kappa_{\\rm neg} = -\\frac{1}{\\Sigma_{\\rm cr}}
        \\int_{m_{\\rm min}}^{m_{\\rm max}} \\frac{dn}{dm} \\, m \\,
        \\left\\langle \\frac{M_{\\rm tNFW}}{M_{200}} \\right\\rangle_{P(c|m)} \\, dm
        \\times V_{\\rm com/arcsec^2}

    Parameters
    ----------
    z_centre
        Redshift of the plane centre.
    comoving_volume_per_arcsec2
        Comoving volume of the slice per square arcsecond (Mpc^3 / arcsec^2).
    A_mf, B_mf
        Mass function linear fit coefficients.
    A_mc, B_mc
        Mass-concentration linear fit coefficients.
    m_min, m_max
        Halo mass range in solar masses.
    z_source
        Source redshift.
    truncation_factor
        Overdensity factor defining truncation radius (e.g. 100 for r_100).
    c_scatter
        Log-normal scatter in concentration (sigma in dex, e.g. 0.15).
    cosmology
        A ``LensingCosmology`` instance.
    quad_limit
        Maximum number of adaptive subintervals for both the inner
        (concentration) and outer (mass) ``scipy.integrate.quad`` calls.
        Defaults to scipy's own default of ``50``. ``LOSSampler.galaxies_from``
        lowers this under ``PYAUTO_TEST_MODE`` to make the double integral cheap
        while still exercising the full integrand (the inner ``fsolve`` is the
        dominant cost, so fewer subintervals is a ~50x speed-up).
    quad_epsrel
        Relative error tolerance passed to both ``quad`` calls. Defaults to
        scipy's own default of ``1.49e-8``; loosened under test mode.
    half_mode_mass
        The warm-dark-matter half-mode mass in M_sun, or None (cold dark matter): the mass function and
        the concentrations are then suppressed as the sampler draws them (`autolens.lens.dark_matter`).

    Returns
    -------
    kappa_neg : float
        Negative convergence value (a negative number).

    Notes
    -----
    The double integral (the mass density in haloes, `_negative_kappa_mass_integral`) does not
    depend on the seed, the volume, the redshift or the cosmology, so it is computed once per
    configuration and cached; a second draw of the same configuration costs only Sigma_cr.
    """
    sigma_cr = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        redshift_0=z_centre,
        redshift_1=z_source,
    )
    sigma_cr_mpc2 = sigma_cr * 1.0e6

    # The double integral is the whole cost (seconds per plane) and depends only on the mass function,
    # the concentration relation and the mass range -- not on the seed, the volume, the redshift or
    # the cosmology, which enter only through the two cheap factors applied here. Every draw of one
    # configuration therefore reuses it from the cache of `_negative_kappa_mass_integral`. Exact
    # Python floats are the key, so only bit-identical settings share an entry.
    mass_integral = _negative_kappa_mass_integral(
        float(A_mf),
        float(B_mf),
        float(A_mc),
        float(B_mc),
        float(m_min),
        float(m_max),
        float(truncation_factor),
        float(c_scatter),
        int(quad_limit),
        float(quad_epsrel),
        *(() if not half_mode_mass else (float(half_mode_mass), float(z_centre))),
    )

    kappa = mass_integral * comoving_volume_per_arcsec2 / sigma_cr_mpc2

    return -kappa


def light_cone_radius_at_z(z, z_lens, cone_radius_arcsec, cosmology):
    """
    Effective light-cone radius at redshift *z*.

    The cone has constant angular radius in front of the lens and shrinks
    behind it following the geometry of the convergent light cone.

    Parameters
    ----------
    z
        Redshift at which to evaluate.
    z_lens
        Lens redshift.
    cone_radius_arcsec
        Angular radius of the cone in arcsec (at/before the lens).
    cosmology
        A ``LensingCosmology`` instance.

    Returns
    -------
    radius : float
        Effective radius in arcsec.
    """
    if z <= z_lens:
        return cone_radius_arcsec

    d_ls = cosmology.angular_diameter_distance_kpc_z1z2(z_lens, z)
    d_s = cosmology.angular_diameter_distance_kpc_z1z2(0.0, z)
    d_source = cosmology.angular_diameter_distance_kpc_z1z2(
        0.0, cosmology._z_source_cache
        if hasattr(cosmology, "_z_source_cache")
        else z
    )
    d_ls_source = cosmology.angular_diameter_distance_kpc_z1z2(
        z_lens, cosmology._z_source_cache
        if hasattr(cosmology, "_z_source_cache")
        else z
    )

    return cone_radius_arcsec - 1.0 * (d_ls / d_s * d_source / d_ls_source)


class _LOSConfiguration(NamedTuple):
    """
    Everything about a `LOSSampler` that does not depend on the seed, per plane (ascending redshift):
    computed once per configuration and shared by every sampler and draw of it (`_configuration_of`).
    """

    boundaries: np.ndarray
    centres: np.ndarray
    mass_function_coefficients: np.ndarray
    mass_concentration_coefficients: np.ndarray
    cone_radii: np.ndarray
    expected_counts: np.ndarray
    sheet_kappas: Tuple[float, ...]
    lensing_quantities: Tuple[Tuple[float, float, float], ...]
    mass_tables: Optional[Tuple[object, ...]]


# The seed-independent part of every LOSSampler configuration met so far (oldest dropped first beyond
# _CONFIGURATION_CACHE_SIZE): a new sampler of a known configuration (e.g. a new seed) skips hmf, colossus
# and the negative-kappa integrals.
_CONFIGURATIONS = {}
_CONFIGURATION_CACHE_SIZE = 64


def clear_configuration_cache():
    """
    Empties the cache of seed-independent `LOSSampler` configurations (planes, mass-function and
    mass-concentration coefficients, sheets), and the negative-kappa integrals behind them, so the next
    draw of every configuration recomputes them.
    """
    _CONFIGURATIONS.clear()
    _negative_kappa_mass_integral.cache_clear()


def _coefficients_key(coefficients):
    return None if coefficients is None else tuple(
        float(v) for v in np.asarray(coefficients, dtype=float).ravel()
    )


class LOSSampler:
    """
    Sample line-of-sight halos and negative kappa sheets for multi-plane
    gravitational lensing simulations.

    This class orchestrates the full LOS pipeline:

    1. Slice the light cone into redshift planes.
    2. For each plane: compute the mass function and mass-concentration
       relation coefficients.
    3. For each plane: sample halo masses, positions, and concentrations.
    4. Convert each halo to an ``NFWTruncatedSph`` profile.
    5. Compute the negative kappa sheet for each plane.
    6. Return a list of ``Galaxy`` objects (halos + sheets) for the ``Tracer``.

    Steps 1, 2 and 5 do not depend on the seed: they are computed once per configuration (every
    constructor argument but ``seed``) and shared by every sampler of that configuration, so a new sampler
    per seed costs only its draw.

    Draws are made either on the host with NumPy from ``seed`` (`galaxies_from`, `fields_from`,
    `population_galaxies_from` without a key), or from a JAX PRNG key inside ``jax.jit`` / ``jax.vmap``
    (`population_galaxies_from(key=...)`, `draw_from`): the same statistics (Poisson counts per plane,
    masses by the inverse CDF of the same mass function, positions uniform in each plane's cone, log-normal
    concentrations, the same truncation radii and sheets) with a fixed capacity per plane, so every draw has
    the same layout and compiles once.

    Examples
    --------
    .. code-block:: python

        sampler = al.LOSSampler(z_lens=0.5, z_source=1.0, cone_radius_arcsec=4.5,
                                mass_function_coefficients=mf, mass_concentration_coefficients=mc)
        capacity = sampler.capacities_from()                # Poisson quantile 1 - 1e-6 per plane

        @jax.jit
        def draw(key):
            planes, dropped = sampler.population_galaxies_from(capacity, key=key, return_dropped=True)
            return al.Tracer(galaxies=[lens, *planes, source]).deflections_yx_2d_from(grid), dropped

        jax.vmap(draw)(jax.random.split(jax.random.key(0), 8))

    Parameters
    ----------
    z_lens
        Redshift of the main lens.
    z_source
        Redshift of the source.
    planes_before_lens
        Number of LOS planes between observer and lens.
    planes_after_lens
        Number of LOS planes between lens and source. The light cone also has one plane centred on
        the lens redshift, so there are ``planes_before_lens + planes_after_lens + 1`` LOS planes
        in all (see `los_planes_from`): e.g. 4 + 4 gives 9 redshifts, 0.1, 0.2, ..., 0.9 for
        z_lens = 0.5 and z_source = 1.0, one of them at z_lens.
    m_min
        Minimum halo mass in M_sun (e.g. ``1e7``).
    m_max
        Maximum halo mass in M_sun (e.g. ``1e10``).
    cone_radius_arcsec
        Angular radius of the light cone in arcsec.
    c_scatter
        Log-normal scatter in concentration (dex, e.g. 0.15).
    truncation_factor
        Overdensity factor for truncation radius (e.g. 100 for r_100).
    cosmology
        A ``LensingCosmology`` instance. Defaults to ``Planck15()``.
    cosmology_astropy
        The cosmology of ``hmf``: an ``astropy.cosmology`` instance, or the library's ``FlatLambdaCDM``
        cosmology (e.g. ``ag.cosmo.Planck15()``), converted to astropy's. Required if
        ``mass_function_ab_from`` is used (i.e. ``mass_function_coefficients`` are not provided).
    cosmology_name_colossus
        Colossus cosmology name (e.g. ``"planck15"``).
    mass_function_coefficients
        Optional pre-computed (A, B) per plane, shape (n_planes, 2).
        If provided, skips ``hmf`` computation.
    mass_concentration_coefficients
        Optional pre-computed (A, B) per plane, shape (n_planes, 2).
        If provided, skips ``colossus`` computation.
    seed
        RNG seed of the host draws, for reproducibility (draws from a JAX key ignore it).
    half_mode_mass
        Warm dark matter: the half-mode mass in M_sun, which suppresses the mass function (Lovell 2020,
        the central-halo fit, `autolens.lens.dark_matter.LOVELL20_HALO`) and the concentrations (Bose et
        al. 2016) of every plane, and the sheets with them. None (default) is cold dark matter.
    """

    def __init__(
        self,
        z_lens: float,
        z_source: float,
        planes_before_lens: int = 4,
        planes_after_lens: int = 4,
        m_min: float = 1e7,
        m_max: float = 1e10,
        cone_radius_arcsec: float = 5.0,
        c_scatter: float = 0.15,
        truncation_factor: float = 100.0,
        cosmology=None,
        cosmology_astropy=None,
        cosmology_name_colossus: str = "planck15",
        mass_function_coefficients=None,
        mass_concentration_coefficients=None,
        seed: Optional[int] = None,
        half_mode_mass: Optional[float] = None,
    ):
        self.z_lens = z_lens
        self.z_source = z_source
        self.planes_before_lens = planes_before_lens
        self.planes_after_lens = planes_after_lens
        self.m_min = m_min
        self.m_max = m_max
        self.cone_radius_arcsec = cone_radius_arcsec
        self.c_scatter = c_scatter
        self.truncation_factor = truncation_factor
        self.cosmology = cosmology or Planck15()
        self.cosmology_astropy = cosmology_astropy
        self.cosmology_name_colossus = cosmology_name_colossus
        self.mass_function_coefficients = mass_function_coefficients
        self.mass_concentration_coefficients = mass_concentration_coefficients
        self.seed = seed
        if half_mode_mass is not None and not float(half_mode_mass) > 0.0:
            raise ValueError(
                f"LOSSampler: half_mode_mass must be > 0 (M_sun) or None for cold dark matter, got "
                f"{half_mode_mass}"
            )
        self.half_mode_mass = half_mode_mass
        # Convert now, so a wrong type fails at construction with a clear message rather than inside hmf.
        _astropy_cosmology_from(cosmology_astropy)

        # The sampled population, cached so `galaxies_from()` and `fields_from()` describe the *same*
        # line of sight. Without it the two would resample -- and with the default `seed=None` the
        # second call would draw an entirely different population, which is not a line of sight at all.
        self._population = None

    # ------------------------------------------------------------------------------------------------
    # Seed-independent configuration (host)
    # ------------------------------------------------------------------------------------------------

    def _configuration_key(self):
        cosmology = self.cosmology
        try:
            cosmology_key = cosmology.parameter_key()
        except (AttributeError, TypeError):
            # No concrete key (another cosmology class, or traced parameters): cache per instance.
            cosmology_key = id(cosmology)
        mf_key = _coefficients_key(self.mass_function_coefficients)
        mc_key = _coefficients_key(self.mass_concentration_coefficients)
        return (
            float(self.z_lens),
            float(self.z_source),
            int(self.planes_before_lens),
            int(self.planes_after_lens),
            float(self.m_min),
            float(self.m_max),
            float(self.cone_radius_arcsec),
            float(self.c_scatter),
            float(self.truncation_factor),
            cosmology_key,
            repr(_astropy_cosmology_from(self.cosmology_astropy)) if mf_key is None else None,
            self.cosmology_name_colossus if mc_key is None else None,
            mf_key,
            mc_key,
            None if self.half_mode_mass is None else float(self.half_mode_mass),
            bool(is_test_mode()),
        )

    def _configuration(self) -> _LOSConfiguration:
        """The seed-independent configuration, from the shared cache or computed (and cached) now."""
        key = self._configuration_key()
        configuration = _CONFIGURATIONS.get(key)
        if configuration is None:
            configuration = self._configuration_from()
            if len(_CONFIGURATIONS) >= _CONFIGURATION_CACHE_SIZE:
                _CONFIGURATIONS.pop(next(iter(_CONFIGURATIONS)))
            _CONFIGURATIONS[key] = configuration
        return configuration

    def _configuration_from(self) -> _LOSConfiguration:
        from autolens.lens import dark_matter

        cosmology = self.cosmology

        # ``PYAUTO_TEST_MODE`` (integration tests / workspace smoke runs) loosens the per-plane
        # negative-kappa double integral (~3.8 s per plane at full accuracy): both code paths stay
        # exercised while the los_halos simulators finish well under the per-script timeout cap.
        test_mode = is_test_mode()
        quad_limit = 1 if test_mode else 50
        quad_epsrel = 0.1 if test_mode else 1.49e-8

        boundaries, centres = los_planes_from(
            z_lens=self.z_lens,
            z_source=self.z_source,
            planes_before_lens=self.planes_before_lens,
            planes_after_lens=self.planes_after_lens,
            cosmology=cosmology,
        )
        n_planes = len(centres)

        mf_coeffs = self.mass_function_coefficients
        mc_coeffs = self.mass_concentration_coefficients
        if mf_coeffs is None:
            cosmology_astropy = _astropy_cosmology_from(self.cosmology_astropy)
            mf_coeffs = np.zeros((n_planes, 2))
            for i in range(n_planes):
                mf_coeffs[i] = mass_function_ab_from(
                    redshift=centres[i], cosmology_astropy=cosmology_astropy
                )
        if mc_coeffs is None:
            mc_coeffs = np.zeros((n_planes, 2))
            for i in range(n_planes):
                mc_coeffs[i] = mass_concentration_ab_from(
                    redshift=centres[i], cosmology_name=self.cosmology_name_colossus
                )
        mf_coeffs = np.array(mf_coeffs, dtype=float)
        mc_coeffs = np.array(mc_coeffs, dtype=float)

        all_sky_arcsec2 = 4.0 * np.pi * (180.0 / np.pi * 3600.0) ** 2
        arcsec2_fraction = 1.0 / all_sky_arcsec2

        d_s = cosmology.angular_diameter_distance_kpc_z1z2(0.0, self.z_source)
        d_ls = cosmology.angular_diameter_distance_kpc_z1z2(self.z_lens, self.z_source)

        cone_radii, expected_counts, sheets, lensing, tables = [], [], [], [], []
        for i in range(n_planes):
            z_lo, z_hi, z_cen = boundaries[i], boundaries[i + 1], centres[i]

            vol_all_sky = comoving_volume_mpc3_from(z_hi, cosmology) - comoving_volume_mpc3_from(
                z_lo, cosmology
            )
            vol_per_arcsec2 = vol_all_sky * arcsec2_fraction

            d_c_cen = comoving_distance_mpc_from(z_cen, cosmology)
            arcsec_to_mpc_comoving = np.pi / 180.0 / 3600.0 * d_c_cen / (1.0 + z_cen)
            vol_depth = vol_per_arcsec2 / arcsec_to_mpc_comoving ** 2

            if z_cen <= self.z_lens:
                r_cone = self.cone_radius_arcsec
            else:
                d_l_z = cosmology.angular_diameter_distance_kpc_z1z2(self.z_lens, z_cen)
                d_z = cosmology.angular_diameter_distance_kpc_z1z2(0.0, z_cen)
                r_cone = self.cone_radius_arcsec - 1.0 * (d_l_z / d_z * d_s / d_ls)

            plane_volume = np.pi * r_cone ** 2 * vol_per_arcsec2

            if self.half_mode_mass is None:
                n_bar = number_of_halos_from(
                    A=mf_coeffs[i, 0],
                    B=mf_coeffs[i, 1],
                    m_min=self.m_min,
                    m_max=self.m_max,
                    volume=plane_volume,
                )
            else:
                table = dark_matter.mass_function_table_from(
                    self.m_min, self.m_max, -mf_coeffs[i, 0], self.half_mode_mass, xp=np
                )
                tables.append(table)
                n_bar = plane_volume * 10 ** mf_coeffs[i, 1] * float(table.number)

            with warnings.catch_warnings():
                # Under test mode the deliberately low ``quad_limit`` makes scipy emit a (harmless,
                # expected) max-subdivisions warning per integral; silence it so smoke-run output
                # stays clean. Full accuracy runs (quad_limit=50) never trip it.
                if test_mode:
                    warnings.simplefilter("ignore", IntegrationWarning)

                kappa_neg = negative_kappa_from(
                    z_centre=z_cen,
                    comoving_volume_per_arcsec2=vol_depth,
                    A_mf=mf_coeffs[i, 0],
                    B_mf=mf_coeffs[i, 1],
                    A_mc=mc_coeffs[i, 0],
                    B_mc=mc_coeffs[i, 1],
                    m_min=self.m_min,
                    m_max=self.m_max,
                    z_source=self.z_source,
                    truncation_factor=self.truncation_factor,
                    c_scatter=self.c_scatter,
                    cosmology=cosmology,
                    quad_limit=quad_limit,
                    quad_epsrel=quad_epsrel,
                    half_mode_mass=self.half_mode_mass,
                )

            cone_radii.append(r_cone)
            expected_counts.append(n_bar)
            sheets.append(kappa_neg)
            lensing.append(_plane_lensing_quantities_from(z_cen, self.z_source, cosmology))

        return _LOSConfiguration(
            boundaries=boundaries,
            centres=centres,
            mass_function_coefficients=mf_coeffs,
            mass_concentration_coefficients=mc_coeffs,
            cone_radii=np.asarray(cone_radii, dtype=float),
            expected_counts=np.asarray(expected_counts, dtype=float),
            sheet_kappas=tuple(sheets),
            lensing_quantities=tuple(lensing),
            mass_tables=tuple(tables) if tables else None,
        )

    @property
    def redshifts(self) -> np.ndarray:
        """The redshifts of the LOS planes, ascending, shape (n_planes,)."""
        return np.asarray(self._configuration().centres)

    @property
    def expected_counts(self) -> np.ndarray:
        """The mean number of haloes of each plane's cone (the Poisson means), shape (n_planes,)."""
        return np.asarray(self._configuration().expected_counts)

    def capacities_from(self, quantile: float = 1.0 - 1.0e-6) -> Tuple[int, ...]:
        """
        The halo capacity of each plane (ascending redshift) for draws with a fixed layout: the ``quantile``
        quantile of the plane's Poisson count (`autolens.lens.dark_matter.poisson_capacity_from`), so a draw
        drops haloes on a given plane with probability at most ``1 - quantile``.

        Parameters
        ----------
        quantile
            The probability that a plane's count fits, in (0, 1).

        Returns
        -------
        One integer (>= 1) per plane.
        """
        from autolens.lens import dark_matter

        return tuple(
            dark_matter.poisson_capacity_from(n_bar, quantile) for n_bar in self.expected_counts
        )

    def _capacities(self, capacity) -> Tuple[int, ...]:
        n_planes = len(self._configuration().centres)
        if capacity is None:
            return self.capacities_from()
        capacities = (
            [int(capacity)] * n_planes if np.ndim(capacity) == 0 else [int(c) for c in capacity]
        )
        if len(capacities) != n_planes:
            raise ValueError(
                f"LOSSampler: capacity has {len(capacities)} entries for {n_planes} planes"
            )
        return tuple(capacities)

    # ------------------------------------------------------------------------------------------------
    # Host draws (NumPy, from ``seed``)
    # ------------------------------------------------------------------------------------------------

    def _sampled_population(self):
        """
        Returns the sampled line-of-sight population, sampling it on first call and caching it.

        Returns
        -------
        A tuple ``(haloes_per_plane, sheet_kappas_per_plane)``: per plane, a dict of the haloes' arrays
        (``centre`` (n, 2), ``mass_at_200``, ``concentration``, ``kappa_s``, ``scale_radius``,
        ``truncation_radius``, each (n,)), and one ``(z_centre, kappa_negative)`` tuple per plane.
        """
        if self._population is None:
            self._population = self._sample_population()

        return self._population

    def galaxies_from(self, sheets_as_fields: bool = False) -> List[ag.Galaxy]:
        """
        Sample LOS halos and negative kappa sheets.

        Parameters
        ----------
        sheets_as_fields
            If True, only the halo galaxies are returned and the negative-kappa sheets are left to
            `fields_from`, which returns them as `MassField` objects for `Tracer(fields=...)`. The
            default is False, which keeps the historical return -- halos *and* sheet galaxies -- so
            existing scripts (e.g. the workspace `los_halos` simulators) are unaffected.

        Returns
        -------
        galaxies : list of Galaxy
            A list containing:
            - One ``Galaxy`` per sampled halo, each with an
              ``NFWTruncatedSph`` mass profile.
            - One ``Galaxy`` per plane with a ``MassSheet`` for the
              negative kappa correction (omitted if ``sheets_as_fields=True``).
        """
        haloes_per_plane, sheet_kappas_per_plane = self._sampled_population()

        galaxies = []
        for haloes, (z_cen, kappa_neg) in zip(haloes_per_plane, sheet_kappas_per_plane):
            centre = haloes["centre"]
            for j in range(centre.shape[0]):
                halo = ag.mp.NFWTruncatedSph(
                    centre=(centre[j, 0], centre[j, 1]),
                    kappa_s=haloes["kappa_s"][j],
                    scale_radius=haloes["scale_radius"][j],
                    truncation_radius=haloes["truncation_radius"][j],
                )
                galaxies.append(ag.Galaxy(redshift=z_cen, mass=halo))
            if not sheets_as_fields:
                galaxies.append(
                    ag.Galaxy(redshift=z_cen, mass_sheet=ag.mp.MassSheet(kappa=kappa_neg))
                )

        return galaxies

    def fields_from(self) -> List[ag.MassField]:
        """
        Returns the negative-kappa sheet of every plane as a `MassField`.

        A negative-kappa sheet is not a galaxy: it is the mean-density correction of the line of
        sight, which is exactly the external mass a `MassField` exists to hold. Pass the result to
        `Tracer(fields=...)` beside `galaxies_from(sheets_as_fields=True)`.

        The population is shared with `galaxies_from`, so the sheets returned here are the ones
        belonging to the same sampled line of sight.
        """
        _, sheet_kappas_per_plane = self._sampled_population()

        return [
            ag.MassField(
                redshift=z_cen,
                mass_sheet=ag.mp.MassSheet(kappa=kappa_neg),
            )
            for z_cen, kappa_neg in sheet_kappas_per_plane
        ]

    def galaxies_and_fields_from(self) -> Tuple[List[ag.Galaxy], List[ag.MassField]]:
        """
        Returns ``(halo_galaxies, sheet_fields)`` -- the pair `Tracer(galaxies=..., fields=...)` takes.

        This is the convenience door for the `MassField` form; `galaxies_from()` on its own remains
        the galaxy-attached form and is not deprecated.
        """
        return self.galaxies_from(sheets_as_fields=True), self.fields_from()

    def population_galaxies_from(
        self,
        capacity: Union[None, int, Sequence[int]] = None,
        sheets_as_fields: bool = False,
        chunk_size: int = 32,
        *,
        key=None,
        return_dropped: bool = False,
    ):
        """
        Returns the line of sight as one `Galaxy` per plane (ascending redshift), holding that plane's
        haloes as one `HaloPopulation` of ``NFWTruncatedSph`` (attribute ``halos``) and, unless
        ``sheets_as_fields``, its negative-kappa sheet (attribute ``mass_sheet``).

        Without ``key`` the haloes are the host draw of `galaxies_from` (same seed, same haloes), built as
        arrays without a per-halo object. With ``key`` (a JAX PRNG key) they are drawn inside the traced
        function, under ``jax.jit`` and ``jax.vmap`` (see `draw_from`): the layout depends only on the
        capacities, so a new key (any counts) reuses the compiled function.

        Parameters
        ----------
        capacity
            The number of halo slots of each plane's population: one number for every plane, or one per
            plane (in ascending redshift); None takes `capacities_from()` (the Poisson quantile
            1 - 1e-6 of each plane's expected count).
        sheets_as_fields
            If True, the sheets are left to `fields_from` (`MassField` objects for ``Tracer(fields=...)``)
            as in `galaxies_from`.
        chunk_size
            How many haloes each population evaluates at once (see `HaloPopulation`).
        key
            A JAX PRNG key: draw inside the traced function instead of on the host. Keyword only.
        return_dropped
            If True, also return the number of haloes each plane dropped because its count exceeded its
            capacity, an integer array of shape (n_planes,) (traced under ``jax.jit``; always zeros on the
            host, where an overflow raises instead). A key draw cannot raise: check it, or record it.

        Returns
        -------
        The list of plane galaxies, or ``(galaxies, dropped)`` with ``return_dropped``.

        Raises
        ------
        ValueError
            On the host: if a plane has more haloes than its capacity (naming the plane, its redshift and
            the counts), or if ``capacity`` has the wrong number of entries.
        """
        capacities = self._capacities(capacity)
        if key is not None:
            draw = self.draw_from(key=key, capacity=capacities)
            galaxies = self.population_galaxies_from_draw(
                draw, sheets_as_fields=sheets_as_fields, chunk_size=chunk_size
            )
            if return_dropped:
                import jax.numpy as jnp

                return galaxies, jnp.stack([plane.dropped for plane in draw])
            return galaxies

        haloes_per_plane, sheet_kappas_per_plane = self._sampled_population()
        galaxies = []
        for index, (haloes, (z_cen, kappa_neg), size) in enumerate(
            zip(haloes_per_plane, sheet_kappas_per_plane, capacities)
        ):
            n = haloes["centre"].shape[0]
            if n > size:
                raise ValueError(
                    f"LOSSampler: plane {index} (z = {z_cen:.4f}) has {n} haloes, more than "
                    f"its capacity of {size}; pass a larger capacity"
                )
            population = ag.mp.HaloPopulation.from_arrays(
                ag.mp.NFWTruncatedSph,
                centre=haloes["centre"],
                capacity=size,
                chunk_size=chunk_size,
                kappa_s=haloes["kappa_s"],
                scale_radius=haloes["scale_radius"],
                truncation_radius=haloes["truncation_radius"],
            )
            sheet = {} if sheets_as_fields else {"mass_sheet": ag.mp.MassSheet(kappa=kappa_neg)}
            galaxies.append(ag.Galaxy(redshift=z_cen, halos=population, **sheet))
        if return_dropped:
            return galaxies, np.zeros(len(galaxies), dtype=int)
        return galaxies

    def _sample_population(self):
        """
        Samples the line-of-sight population once on the host. See `_sampled_population` for the return.

        The random sequence, per plane in ascending redshift from ``numpy.random.RandomState(seed)``: the
        Poisson count, then one seed each for the masses, the positions and the concentrations.
        """
        from autolens.lens import dark_matter

        configuration = self._configuration()
        rng = np.random.RandomState(self.seed)

        # ``PYAUTO_TEST_MODE`` caps the haloes per plane: a science run samples ~1100 halos, driving
        # multi-plane ray tracing to ~90 s in the workspace smoke runs.
        test_mode = is_test_mode()

        haloes_per_plane = []
        sheet_kappas_per_plane = []

        for i, z_cen in enumerate(configuration.centres):
            A_mf, B_mf = configuration.mass_function_coefficients[i]
            A_mc, B_mc = configuration.mass_concentration_coefficients[i]
            r_cone = configuration.cone_radii[i]

            n_halos = rng.poisson(configuration.expected_counts[i])
            if test_mode:
                n_halos = min(n_halos, _TEST_MODE_MAX_HALOS_PER_PLANE)

            if n_halos > 0:
                if configuration.mass_tables is None:
                    masses = sample_halo_masses(
                        n=n_halos,
                        m_min=self.m_min,
                        m_max=self.m_max,
                        A=A_mf,
                        B=B_mf,
                        seed=rng.randint(0, 2 ** 31),
                    )
                else:
                    masses = dark_matter.masses_from_uniform(
                        np.random.RandomState(rng.randint(0, 2 ** 31)).random(n_halos),
                        configuration.mass_tables[i],
                        xp=np,
                    )
                positions = sample_positions_in_circle(
                    n=n_halos,
                    radius=r_cone,
                    seed=rng.randint(0, 2 ** 31),
                )
                concentrations = sample_concentrations(
                    log10_masses=np.log10(masses),
                    A_mc=A_mc,
                    B_mc=B_mc,
                    c_scatter=self.c_scatter,
                    seed=rng.randint(0, 2 ** 31),
                    half_mode_mass=self.half_mode_mass,
                    redshift=z_cen,
                )
            else:
                masses = concentrations = np.zeros(0)
                positions = np.zeros((0, 2))

            # All haloes of the plane at once (one cosmology evaluation, one vectorised tau solve): the
            # same parameters `NFWTruncatedSph.from_m200_concentration` gives halo by halo, to ~1e-13
            # relative, without its per-halo `fsolve`.
            critical_density, sigma_cr, kpc_per_arcsec = configuration.lensing_quantities[i]
            tau = (
                truncation_tau_from(concentrations, truncation_factor=self.truncation_factor)
                if n_halos > 0
                else np.zeros(0)
            )
            kappa_s, scale_radius, truncation_radius = _tnfw_parameters_from(
                masses, concentrations, tau, critical_density, sigma_cr, kpc_per_arcsec, xp=np
            )
            haloes_per_plane.append(
                dict(
                    centre=positions,
                    mass_at_200=masses,
                    concentration=concentrations,
                    kappa_s=kappa_s,
                    scale_radius=scale_radius,
                    truncation_radius=truncation_radius,
                )
            )
            sheet_kappas_per_plane.append((z_cen, configuration.sheet_kappas[i]))

        return haloes_per_plane, sheet_kappas_per_plane

    # ------------------------------------------------------------------------------------------------
    # Draws from a JAX key (traced)
    # ------------------------------------------------------------------------------------------------

    def draw_from(self, *, key, capacity: Union[None, int, Sequence[int]] = None):
        """
        Draw the line of sight's haloes from a JAX PRNG key, inside or outside ``jax.jit`` / ``jax.vmap``.

        Per plane (ascending redshift): the count :math:`N \\sim {\\rm Poisson}(\\bar N)`
        (`expected_counts`); masses by the inverse CDF of the plane's mass function (the power law
        :math:`dn/dm = 10^B m^A` in closed form, or, with a half-mode mass, the tabulated suppressed one);
        positions uniform in the plane's cone; concentrations
        :math:`\\log_{10} c \\sim N(\\log_{10}(A_{\\rm mc} \\log_{10} m + B_{\\rm mc}), \\sigma_c)` clipped to
        [0.1, 200] as `sample_concentrations`. The slots beyond ``min(N, capacity)`` hold unused draws;
        ``N - capacity`` haloes, when positive, are dropped and counted. Every plane's numbers come from
        one call per kind (counts, masses, radii, angles, scatter) over all slots, so the compiled draw
        stays small whatever the number of planes.

        Everything seed-independent is host-side and computed once per configuration; nothing here
        depends on the values of ``key``, so one compilation serves every key.

        Parameters
        ----------
        key
            A JAX PRNG key (``jax.random.key`` or ``jax.random.PRNGKey``). Keyword only.
        capacity
            The halo slots of each plane (see `population_galaxies_from`); None takes `capacities_from()`.

        Returns
        -------
        A tuple of one `autolens.lens.dark_matter.HaloDraw` per plane (``f_c`` is zero).
        """
        from autolens.lens import los_draw

        return los_draw.draw_from(self, key=key, capacity=capacity)

    def population_galaxies_from_draw(
        self, draw, sheets_as_fields: bool = False, chunk_size: int = 32
    ) -> List[ag.Galaxy]:
        """
        The plane galaxies of `population_galaxies_from` from a draw of `draw_from` (e.g. one made and
        recorded earlier in the same traced function).

        Each plane's masses and concentrations become ``NFWTruncatedSph`` parameters with the truncation
        rule of `nfw_truncated_parameters_from` (tau from a fixed-iteration Newton solve,
        `truncation_tau_fixed_iterations_from`), held by a `HaloPopulation` whose live count is the draw's
        ``n_live``.

        Parameters
        ----------
        draw
            One `autolens.lens.dark_matter.HaloDraw` per plane (ascending redshift).
        sheets_as_fields, chunk_size
            As `population_galaxies_from`.
        """
        from autolens.lens import los_draw

        return los_draw.population_galaxies_from_draw(
            self, draw, sheets_as_fields=sheets_as_fields, chunk_size=chunk_size
        )
