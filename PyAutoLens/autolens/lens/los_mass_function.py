"""
The line of sight's halo statistics on the host: the mass-function and mass-concentration coefficients
per plane (fits to ``hmf`` and ``colossus``, `mass_function_ab_from`, `mass_concentration_ab_from`), the
expected number of haloes and the NumPy draws of masses, positions and concentrations used by
`autolens.lens.los.LOSSampler` (importable from `autolens.lens.los` as well).
"""

import functools

import numpy as np
from scipy.interpolate import interp1d

from autogalaxy.cosmology import Planck15


def _astropy_cosmology_from(cosmology_astropy):
    """
    The ``astropy.cosmology`` instance hmf needs, from an astropy cosmology (returned as it is) or one of
    the library's ``FlatLambdaCDM`` cosmologies (``ag.cosmo.Planck15()`` becomes astropy's ``Planck15``,
    another ``FlatLambdaCDM`` an astropy ``FlatLambdaCDM`` of the same parameters).
    """
    if cosmology_astropy is None or hasattr(cosmology_astropy, "h"):
        return cosmology_astropy
    from autogalaxy.cosmology.model import FlatLambdaCDM

    if isinstance(cosmology_astropy, Planck15):
        from astropy.cosmology import Planck15 as AstropyPlanck15

        return AstropyPlanck15
    if isinstance(cosmology_astropy, FlatLambdaCDM):
        import astropy.units as u
        from astropy.cosmology import FlatLambdaCDM as AstropyFlatLambdaCDM

        return AstropyFlatLambdaCDM(
            H0=cosmology_astropy.H0,
            Om0=cosmology_astropy.Om0,
            Tcmb0=cosmology_astropy.Tcmb0,
            Neff=cosmology_astropy.Neff,
            m_nu=np.asarray(cosmology_astropy.m_nu, dtype=float) * u.eV,
            Ob0=cosmology_astropy.Ob0,
        )
    raise TypeError(
        f"LOSSampler: cosmology_astropy must be an astropy.cosmology instance (e.g. "
        f"astropy.cosmology.Planck15) or one of the library's FlatLambdaCDM cosmologies (e.g. "
        f"ag.cosmo.Planck15()), got {type(cosmology_astropy).__name__}"
    )


def mass_function_ab_from(
    redshift,
    cosmology_astropy,
    m_min_log10=5.9,
    m_max_log10=10.1,
    dlog10m=0.1,
):
    """
    Linear fit to the Sheth-Mo-Tormen halo mass function at a given redshift.

    Returns coefficients (A, B) such that::

        log10(dn/dm) ≈ A * log10(m) + B

    where dn/dm is in units of h^4 Mpc^-3 M_sun^-1 (with h factors folded
    in to give masses in M_sun rather than M_sun/h).

    Parameters
    ----------
    redshift
        Redshift at which to evaluate the mass function.
    cosmology_astropy
        The cosmology of the ``hmf`` library: an ``astropy.cosmology`` instance (e.g. astropy's
        ``Planck15``), or the library's ``FlatLambdaCDM`` cosmology (e.g. ``ag.cosmo.Planck15()``),
        converted to astropy's (`_astropy_cosmology_from`).
    m_min_log10
        Lower bound of log10(m / M_sun) for the fit range.
    m_max_log10
        Upper bound of log10(m / M_sun) for the fit range.
    dlog10m
        Mass bin spacing in dex.

    Returns
    -------
    A : float
        Slope of the linear fit.
    B : float
        Intercept of the linear fit.

    Raises
    ------
    ImportError
        If ``hmf`` (>= 3) is not installed: install the ``los`` extra, ``pip install "autolens[los]"``,
        or give ``LOSSampler`` the coefficients (``mass_function_coefficients=``).
    ValueError
        If ``cosmology_astropy`` is None.
    TypeError
        If ``cosmology_astropy`` is neither an astropy cosmology nor the library's ``FlatLambdaCDM``.
    """
    if cosmology_astropy is None:
        raise ValueError(
            "mass_function_ab_from needs cosmology_astropy, an astropy.cosmology instance (e.g. "
            "astropy.cosmology.Planck15) matching the lensing cosmology: pass "
            "LOSSampler(cosmology_astropy=...), or pass mass_function_coefficients= to skip hmf."
        )

    try:
        import hmf
    except ImportError as exc:
        raise ImportError(
            "LOSSampler needs the halo mass function package hmf (>= 3) to compute the mass-function "
            'coefficients: pip install "autolens[los]" (or pip install "hmf>=3"), or pass '
            "LOSSampler(mass_function_coefficients=...), the per-plane (A, B) of "
            "log10(dn/dm) = A log10(m) + B."
        ) from exc

    cosmology_astropy = _astropy_cosmology_from(cosmology_astropy)

    # hmf >= 3 moved the fitting functions to hmf.mass_function.fitting_functions, where
    # `import hmf.fitting_functions` fails; hmf 2.x had the top-level module.
    try:
        from hmf.mass_function.fitting_functions import SMT
    except ImportError:
        from hmf.fitting_functions import SMT

    h = cosmology_astropy.h

    m_min_h = m_min_log10 + np.log10(h)
    m_max_h = m_max_log10 + np.log10(h)

    mf = hmf.MassFunction(
        Mmin=m_min_h,
        Mmax=m_max_h,
        z=redshift,
        hmf_model=SMT,
        dlog10m=dlog10m,
        cosmo_model=cosmology_astropy,
    )

    x = np.arange(m_min_log10, m_max_log10, dlog10m)
    y = np.log10(mf.dndm * (h ** 4.0))

    design = np.vstack([x, np.ones(len(x))]).T
    A, B = np.linalg.lstsq(design, y, rcond=None)[0]

    return A, B


def mass_concentration_ab_from(
    redshift,
    m_min_log10=5.8,
    m_max_log10=10.1,
    n_points=100,
    cosmology_name="planck15",
):
    """
    Linear fit to the Ludlow+16 concentration-mass relation.

    Returns coefficients (A, B) such that::

        c(m) ≈ A * log10(m / M_sun) + B

    Parameters
    ----------
    redshift
        Redshift at which to evaluate the relation.
    m_min_log10
        Lower bound of log10(m / M_sun).
    m_max_log10
        Upper bound of log10(m / M_sun).
    n_points
        Number of mass points for the fit.
    cosmology_name
        Colossus cosmology name (e.g. ``"planck15"``).

    Returns
    -------
    A : float
        Slope.
    B : float
        Intercept.

    Raises
    ------
    ImportError
        If ``colossus`` is not installed: install the ``los`` extra, ``pip install "autolens[los]"``,
        or give ``LOSSampler`` the coefficients (``mass_concentration_coefficients=``).
    """
    try:
        from colossus.cosmology import cosmology as col_cosmology
        from colossus.halo.concentration import concentration as col_concentration
    except ImportError as exc:
        raise ImportError(
            "LOSSampler needs colossus to compute the mass-concentration coefficients: "
            'pip install "autolens[los]" (or pip install colossus), or pass '
            "LOSSampler(mass_concentration_coefficients=...), the per-plane (A, B) of "
            "c(m) = A log10(m) + B."
        ) from exc

    col_cosmo = col_cosmology.setCosmology(cosmology_name)

    lgm_range = np.linspace(m_min_log10, m_max_log10, n_points)
    mass_input = 10 ** lgm_range * col_cosmo.h
    cc = col_concentration(mass_input, "200c", redshift, model="ludlow16")

    design = np.vstack([lgm_range, np.ones(n_points)]).T
    A, B = np.linalg.lstsq(design, cc, rcond=None)[0]

    return A, B


def number_of_halos_from(A, B, m_min, m_max, volume):
    """
    Expected number of halos in a volume, from the integrated mass function.

    N_bar = volume * integral_{m_min}^{m_max} dn/dm dm
           = volume * 10^B * (m_max^{1+A} - m_min^{1+A}) / (1 + A)

    Parameters
    ----------
    A, B
        Mass function linear fit coefficients.
    m_min, m_max
        Mass range in solar masses.
    volume
        Comoving volume of the region (Mpc^3).

    Returns
    -------
    n_bar : float
        Mean expected number of halos.
    """
    cumulative = lambda m: 10 ** B * m ** (1.0 + A) / (1.0 + A)
    return volume * (cumulative(m_max) - cumulative(m_min))


def sample_halo_masses(n, m_min, m_max, A, B, seed=None):
    """
    Draw halo masses from the power-law mass function via inverse CDF.

    Parameters
    ----------
    n
        Number of masses to draw.
    m_min, m_max
        Mass range in solar masses.
    A, B
        Mass function linear fit coefficients.
    seed
        Optional RNG seed for reproducibility.

    Returns
    -------
    masses : ndarray of shape (n,)
        Sampled halo masses in solar masses.
    """
    if n == 0:
        return np.array([])

    draw_func = _inverse_mass_cdf_from(float(m_min), float(m_max), float(A), float(B))

    rng = np.random.RandomState(seed)
    u = rng.random(n)

    return draw_func(u)


@functools.lru_cache(maxsize=256)
def _inverse_mass_cdf_from(m_min, m_max, A, B):
    """
    The cubic spline of the inverse cumulative mass function of `sample_halo_masses`, built once per
    (m_min, m_max, A, B) rather than once per plane per draw (its construction costs more than the draw).
    """
    cumulative = lambda m: 10 ** B * m ** (1.0 + A) / (1.0 + A)

    m_range = np.logspace(np.log10(m_min), np.log10(m_max), 10000)
    v_range = cumulative(m_range)
    v_range = (v_range - v_range[0]) / (v_range[-1] - v_range[0])

    return interp1d(v_range, m_range, kind="cubic")


def sample_positions_in_circle(n, radius, seed=None):
    """
    Draw positions uniformly within a circle of given radius.

    Parameters
    ----------
    n
        Number of positions to draw.
    radius
        Radius of the circle in arcsec.
    seed
        Optional RNG seed.

    Returns
    -------
    positions : ndarray of shape (n, 2)
        (y, x) positions in arcsec.
    """
    if n == 0:
        return np.empty((0, 2))

    rng = np.random.RandomState(seed)
    r = radius * np.sqrt(rng.random(n))
    theta = 2.0 * np.pi * rng.random(n)

    y = r * np.cos(theta)
    x = r * np.sin(theta)

    return np.column_stack((y, x))


def sample_concentrations(
    log10_masses, A_mc, B_mc, c_scatter, seed=None, half_mode_mass=None, redshift=None
):
    """
    Sample concentrations from a log-normal distribution around the
    mass-concentration relation.

    Parameters
    ----------
    log10_masses
        Array of log10(m / M_sun) for each halo.
    A_mc, B_mc
        Mass-concentration relation coefficients:
        ``c_mean(m) = A_mc * log10(m) + B_mc``.
    c_scatter
        Scatter in log10(c) (e.g. 0.15 dex).
    seed
        Optional RNG seed.
    half_mode_mass
        Warm dark matter: the half-mode mass in M_sun, multiplying every concentration by the Bose et al.
        (2016) factor at ``redshift`` before the clip (`autolens.lens.dark_matter`); None is CDM.
    redshift
        The haloes' redshift (used only with ``half_mode_mass``).

    Returns
    -------
    concentrations : ndarray
        Sampled concentrations, clipped to [0.1, 200].
    """
    if len(log10_masses) == 0:
        return np.array([])

    rng = np.random.RandomState(seed)

    lgc_centre = np.log10(A_mc * log10_masses + B_mc)
    lgc_draw = rng.normal(loc=lgc_centre, scale=c_scatter)
    c_draw = 10 ** lgc_draw
    if half_mode_mass is not None:
        from autolens.lens import dark_matter

        c_draw = c_draw * dark_matter.wdm_concentration_suppression_from(
            10.0 ** np.asarray(log10_masses), half_mode_mass, redshift, xp=np
        )

    return np.clip(c_draw, 0.1, 200.0)
