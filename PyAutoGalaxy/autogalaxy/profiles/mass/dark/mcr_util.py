import functools
import sys

import numpy as np


def xp_from(*values):
    """
    The array module (``numpy`` or ``jax.numpy``) for an MCR mapping called from a profile
    constructor, chosen from the constructor's inputs.

    The rule, deliberately narrow: ``jax.numpy`` when JAX is already imported
    (``"jax" in sys.modules``) and at least one value is a ``jax.Array`` -- which includes the
    tracers of ``jax.jit``, ``jax.vmap`` and ``jax.grad``; ``numpy`` for everything else: Python
    ints and floats, NumPy scalars of any dtype (``np.float32`` included) and NumPy arrays. JAX is
    never imported by this function.

    The public mappings below take ``xp`` explicitly (default ``numpy``); this helper exists only
    for constructors, whose signatures have no ``xp``.

    Parameters
    ----------
    values
        The constructor inputs the mapping is traced through (e.g. ``mass_at_200``,
        ``scatter_sigma``).

    Returns
    -------
    module
        ``numpy`` or ``jax.numpy``.
    """
    if "jax" in sys.modules:
        import jax

        if any(isinstance(value, jax.Array) for value in values):
            import jax.numpy as jnp

            return jnp
    return np


def _checked_mass_at_200(mass_at_200):
    """
    Return ``mass_at_200`` unchanged after checking that every concrete value is positive and finite.

    :math:`M_{200}` enters the mappings through :math:`M_{200}^{1/3}` and a logarithm: a negative mass
    would give NaN (NumPy) or complex (Python float) parameters instead of an error. JAX tracers (under
    ``jax.jit``, ``jax.vmap``, ``jax.grad``) have no value to check and are returned as they are.

    Parameters
    ----------
    mass_at_200
        :math:`M_{200c}` in Msun; scalar or array.

    Raises
    ------
    ValueError
        When a concrete value is zero, negative, infinite, NaN or complex.
    """
    if "jax" in sys.modules:
        import jax

        if isinstance(mass_at_200, jax.core.Tracer):
            return mass_at_200
    values = np.asarray(mass_at_200)
    if (
        np.iscomplexobj(values)
        or not np.issubdtype(values.dtype, np.number)
        or not np.all(np.isfinite(values) & (values > 0))
    ):
        raise ValueError(
            f"mass_at_200 must be a positive, finite mass in Msun, got {mass_at_200!r}"
        )
    return mass_at_200


@functools.lru_cache(maxsize=1024)
def _planck15_lensing_quantities(redshift_object, redshift_source):
    from autogalaxy.cosmology.model import Planck15

    cosmology = Planck15()

    critical_density = cosmology.critical_density(redshift_object, xp=np)
    critical_surface_density = (
        cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            redshift_0=redshift_object,
            redshift_1=redshift_source,
            xp=np,
        )
    )
    kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift=redshift_object, xp=np)

    return float(critical_density), float(critical_surface_density), float(kpc_per_arcsec)


def planck15_lensing_quantities_from(redshift_object, redshift_source):
    r"""
    The cosmological quantities the MCR mappings need, computed on the host in float64 NumPy with
    autogalaxy's ``Planck15`` and cached per redshift pair.

    This is host-side work, kept out of traced code: the redshifts must be concrete numbers
    (Python or NumPy floats, or concrete JAX scalars), not tracers. The values come back as Python
    floats, so traced arithmetic with them takes the dtype of the traced operand (float32 stays
    float32 without overflowing: :math:`\rho_{\rm crit} \sim 10^2`, :math:`\Sigma_{\rm crit} \sim 10^9`).

    Parameters
    ----------
    redshift_object, redshift_source
        Redshifts of the halo (lens) and of the source.

    Returns
    -------
    critical_density
        :math:`\rho_{\rm crit}(z_l) = 3 H^2(z_l) / 8 \pi G` in Msun / kpc^3.
    critical_surface_density
        :math:`\Sigma_{\rm crit} = c^2 D_s / (4 \pi G D_l D_{ls})` in Msun / kpc^2.
    kpc_per_arcsec
        :math:`D_l` in proper kpc per arcsec.
    """
    try:
        key = (float(redshift_object), float(redshift_source))
    except TypeError as error:
        raise TypeError(
            "The MCR mappings compute distances on the host: redshift_object and "
            "redshift_source must be concrete numbers, not JAX tracers (keep them out of the "
            "jitted / vmapped / differentiated arguments)."
        ) from error
    return _planck15_lensing_quantities(*key)


def radius_at_200_from(mass_at_200, critical_density):
    r"""
    Radius enclosing a mean density of 200 times the critical density:

    .. math::

        r_{200} = \left( \frac{M_{200}}{200 \, \rho_{\rm crit} \, 4 \pi / 3} \right)^{1/3}

    Parameters
    ----------
    mass_at_200
        :math:`M_{200c}` in Msun; scalar or array.
    critical_density
        :math:`\rho_{\rm crit}` in Msun / kpc^3.

    Returns
    -------
    :math:`r_{200}` in kpc, shaped like ``mass_at_200``.
    """
    return (mass_at_200 / (200.0 * critical_density * (4.0 * np.pi / 3.0))) ** (
        1.0 / 3.0
    )


def nfw_characteristic_overdensity_from(concentration, xp):
    r"""
    NFW characteristic overdensity :math:`\delta_c = \rho_s / \rho_{\rm crit}` of a halo with
    :math:`M_{200c}` and concentration :math:`c = r_{200} / r_s` (Navarro, Frenk & White 1997, Eq. 2):

    .. math::

        \delta_c = \frac{200}{3} \frac{c^3}{\ln(1 + c) - c / (1 + c)}

    Dimensionless, shaped like ``concentration``.
    """
    return (
        200.0
        / 3.0
        * (
            concentration**3
            / (xp.log(1.0 + concentration) - concentration / (1.0 + concentration))
        )
    )


def nfw_kappa_s_and_scale_radius_from(
    mass_at_200,
    concentration,
    critical_density,
    critical_surface_density,
    kpc_per_arcsec,
    xp,
):
    r"""
    AutoGalaxy NFW parameters of a halo of mass :math:`M_{200c}` and concentration :math:`c`:

    .. math::

        r_s = r_{200} / c, \qquad
        \kappa_s = \frac{\delta_c \, \rho_{\rm crit} \, r_s}{\Sigma_{\rm crit}}

    with :math:`r_{200}` from ``radius_at_200_from`` and :math:`\delta_c` from
    ``nfw_characteristic_overdensity_from``.

    Parameters
    ----------
    mass_at_200
        :math:`M_{200c}` in Msun.
    concentration
        :math:`c = r_{200} / r_s`.
    critical_density
        :math:`\rho_{\rm crit}(z_l)` in Msun / kpc^3.
    critical_surface_density
        :math:`\Sigma_{\rm crit}` in Msun / kpc^2.
    kpc_per_arcsec
        Proper kpc per arcsec at the halo redshift.
    xp
        ``numpy`` or ``jax.numpy``.

    Returns
    -------
    kappa_s
        Dimensionless.
    scale_radius
        :math:`r_s` in arcsec.
    radius_at_200
        :math:`r_{200}` in kpc.
    """
    radius_at_200 = radius_at_200_from(
        mass_at_200=mass_at_200, critical_density=critical_density
    )
    de_c = nfw_characteristic_overdensity_from(concentration=concentration, xp=xp)

    scale_radius_kpc = radius_at_200 / concentration
    rho_s = critical_density * de_c  # Msun / kpc^3
    kappa_s = rho_s * scale_radius_kpc / critical_surface_density  # dimensionless
    scale_radius = scale_radius_kpc / kpc_per_arcsec  # arcsec

    return kappa_s, scale_radius, radius_at_200


def truncation_radius_from(radius_at_200, kpc_per_arcsec):
    r"""
    Truncation radius of the MCR tNFW profiles, twice :math:`r_{200}`, as an angle on the sky:

    .. math::

        r_t = 2 r_{200} / D_l

    with :math:`r_{200}` in kpc and :math:`D_l` in kpc per arcsec. Returns arcsec.
    """
    # r_200 is in kpc; the profiles' radii are angles in arcsec.
    return 2.0 * radius_at_200 / kpc_per_arcsec


def duffy08_concentration_from(mass_at_200, redshift_object):
    r"""
    Duffy et al. (2008) mass-concentration relation, Table 1 (NFW, :math:`\Delta = 200c`, full
    sample):

    .. math::

        c_{200} = 5.71 \left( \frac{M_{200}}{2 \times 10^{12} \, h^{-1} M_\odot} \right)^{-0.084}
        (1 + z)^{-0.47}

    with the pivot mass in Msun for :math:`h = 0.6774` (2.952465309e12 Msun).

    Parameters
    ----------
    mass_at_200
        :math:`M_{200c}` in Msun.
    redshift_object
        Halo redshift.
    """
    coefficient = 5.71 * (1.0 + redshift_object) ** (-0.47)
    return coefficient * (mass_at_200 / 2.952465309e12) ** (-0.084)


def ludlow16_concentration_from(mass_at_200, redshift_object, xp):
    r"""
    Ludlow et al. (2016) concentration :math:`c_{200c}` of a halo of mass :math:`M_{200c}` in Msun,
    with colossus' ``planck15`` cosmology (``ludlow16.PLANCK15_COSMOLOGY``); the mass is converted to
    the Msun/h the model works in.

    Parameters
    ----------
    mass_at_200
        :math:`M_{200c}` in Msun; a scalar (``jax.vmap`` for batches).
    redshift_object
        Halo redshift.
    xp
        ``numpy`` or ``jax.numpy``.
    """
    from autogalaxy.profiles.mass.dark.ludlow16 import (
        ludlow16_concentration,
        PLANCK15_COSMOLOGY,
    )

    return ludlow16_concentration(
        mass_at_200 * PLANCK15_COSMOLOGY["h"],
        redshift_object,
        xp=xp,
        **PLANCK15_COSMOLOGY,
    )


def concentration_with_scatter_from(concentration, scatter_sigma, xp):
    r"""
    Concentration offset by ``scatter_sigma`` standard deviations of a 0.15 dex log-normal scatter:

    .. math::

        \log_{10} c' = \log_{10} c + 0.15 \, \sigma

    Dimensionless, shaped like ``concentration``.
    """
    return 10.0 ** (xp.log10(concentration) + scatter_sigma * 0.15)


def nfw_parameters_for_concentration_from(
    mass_at_200, concentration, redshift_object, redshift_source, xp
):
    r"""
    AutoGalaxy NFW parameters (kappa_s, scale_radius) of a halo of mass :math:`M_{200c}` and concentration
    :math:`c`, with autogalaxy's ``Planck15`` at the two redshifts: ``nfw_kappa_s_and_scale_radius_from`` with
    the distances and densities of ``planck15_lensing_quantities_from``. Every mass-concentration relation
    (Duffy, Ludlow, with or without scatter) goes through it.

    Pure in ``mass_at_200`` and ``concentration`` (jit, vmap, grad with ``xp=jax.numpy``); the redshifts
    must be concrete.

    Parameters
    ----------
    mass_at_200
        :math:`M_{200c}` in Msun.
    concentration
        :math:`c = r_{200} / r_s`, broadcastable against ``mass_at_200``.
    redshift_object, redshift_source
        Redshifts of the halo and of the source.
    xp
        ``numpy`` or ``jax.numpy``.

    Returns
    -------
    kappa_s, scale_radius, radius_at_200
        As ``nfw_kappa_s_and_scale_radius_from``: dimensionless, arcsec, kpc.
    """
    (
        critical_density,
        critical_surface_density,
        kpc_per_arcsec,
    ) = planck15_lensing_quantities_from(redshift_object, redshift_source)

    return nfw_kappa_s_and_scale_radius_from(
        mass_at_200=mass_at_200,
        concentration=concentration,
        critical_density=critical_density,
        critical_surface_density=critical_surface_density,
        kpc_per_arcsec=kpc_per_arcsec,
        xp=xp,
    )


def _with_truncation_radius(nfw_parameters, redshift_object, redshift_source):
    """(kappa_s, scale_radius, radius_at_200) -> (kappa_s, scale_radius, truncation_radius = 2 r_200 in arcsec)."""
    kappa_s, scale_radius, radius_at_200 = nfw_parameters
    _, _, kpc_per_arcsec = planck15_lensing_quantities_from(
        redshift_object, redshift_source
    )
    return (
        kappa_s,
        scale_radius,
        truncation_radius_from(
            radius_at_200=radius_at_200, kpc_per_arcsec=kpc_per_arcsec
        ),
    )


def kappa_s_and_scale_radius_for_duffy(
    mass_at_200, redshift_object, redshift_source, xp=np
):
    r"""
    AutoGalaxy NFW parameters (kappa_s, scale_radius) of a halo of mass :math:`M_{200c}` (not
    :math:`M_{200m}`) on the Duffy et al. (2008) mass-concentration relation (``duffy08_concentration_from``),
    by ``nfw_parameters_for_concentration_from``.

    Pure in ``mass_at_200`` (``jax.jit`` / ``jax.vmap`` / ``jax.grad`` with ``xp=jax.numpy``); the
    redshifts must be concrete (distances are computed on the host,
    ``planck15_lensing_quantities_from``).

    Parameters
    ----------
    mass_at_200
        :math:`M_{200c}` in Msun, positive and finite (a concrete value that is not raises ``ValueError``).
    redshift_object, redshift_source
        Redshifts of the halo and of the source.
    xp
        ``numpy`` (default) or ``jax.numpy``.

    Returns
    -------
    kappa_s, scale_radius, radius_at_200
        As ``nfw_kappa_s_and_scale_radius_from``: dimensionless, arcsec, kpc.
    """
    mass_at_200 = _checked_mass_at_200(mass_at_200)
    concentration = duffy08_concentration_from(
        mass_at_200=mass_at_200, redshift_object=redshift_object
    )
    return nfw_parameters_for_concentration_from(
        mass_at_200, concentration, redshift_object, redshift_source, xp
    )


def kappa_s_scale_radius_and_truncation_radius_for_duffy(
    mass_at_200, redshift_object, redshift_source, xp=np
):
    r"""
    Truncated NFW parameters (kappa_s, scale_radius, truncation_radius) of a halo of mass
    :math:`M_{200c}` on the Duffy et al. (2008) mass-concentration relation: those of
    ``kappa_s_and_scale_radius_for_duffy`` and :math:`r_t`.

    The truncation radius is twice the halo's :math:`r_{200c}`, as an angle on the sky
    (``truncation_radius_from``).

    Pure in ``mass_at_200`` (``jax.jit`` / ``jax.vmap`` / ``jax.grad`` with ``xp=jax.numpy``); the
    redshifts must be concrete (distances are computed on the host).

    Parameters
    ----------
    mass_at_200
        :math:`M_{200c}` in solar masses.
    redshift_object, redshift_source
        Redshifts of the halo and of the source.
    xp
        ``numpy`` (default) or ``jax.numpy``.

    Returns
    -------
    kappa_s, scale_radius, truncation_radius
        Dimensionless :math:`\rho_s r_s / \Sigma_{\rm crit}`, :math:`r_s` and :math:`r_t = 2 r_{200}` in arcsec.
    """
    return _with_truncation_radius(
        kappa_s_and_scale_radius_for_duffy(
            mass_at_200, redshift_object, redshift_source, xp=xp
        ),
        redshift_object,
        redshift_source,
    )


def kappa_s_scale_radius_and_truncation_radius_for_ludlow(
    mass_at_200,
    scatter_sigma,
    redshift_object,
    redshift_source,
    xp=np,
):
    r"""
    Truncated NFW parameters (kappa_s, scale_radius, truncation_radius) of a halo of mass
    :math:`M_{200c}` on the Ludlow et al. (2016) mass-concentration relation, with ``scatter_sigma``
    standard deviations of 0.15 dex scatter in the concentration: those of
    ``kappa_s_and_scale_radius_for_ludlow`` and :math:`r_t`.

    The truncation radius is twice the halo's :math:`r_{200c}`, as an angle on the sky
    (``truncation_radius_from``).

    Pure in ``mass_at_200`` and ``scatter_sigma``: with ``xp=jax.numpy`` it runs under
    ``jax.jit`` with both traced, under ``jax.vmap`` over a batch of masses, and ``jax.grad`` through
    it is finite. The redshifts must be concrete Python/NumPy floats (distances are computed on the
    host, ``planck15_lensing_quantities_from``); a traced redshift raises ``TypeError``.

    Parameters
    ----------
    mass_at_200
        :math:`M_{200c}` in solar masses; a scalar.
    scatter_sigma
        Offset of :math:`\log_{10} c` from the relation, in units of 0.15 dex.
    redshift_object, redshift_source
        Redshifts of the halo and of the source.
    xp
        ``numpy`` (default) or ``jax.numpy``.

    Returns
    -------
    kappa_s, scale_radius, truncation_radius
        Dimensionless :math:`\rho_s r_s / \Sigma_{\rm crit}`, :math:`r_s` and :math:`r_t = 2 r_{200}` in arcsec.
    """
    return _with_truncation_radius(
        kappa_s_and_scale_radius_for_ludlow(
            mass_at_200, scatter_sigma, redshift_object, redshift_source, xp=xp
        ),
        redshift_object,
        redshift_source,
    )


def ludlow16_cosmology(mass_at_200, redshift_object, redshift_source, xp=np):
    """
    Ludlow et al. 2016 concentration plus the three cosmological quantities
    needed to convert it into AutoGalaxy NFW parameters
    (``kappa_s``, ``scale_radius``).

    The concentration is computed via ``ludlow16.ludlow16_concentration``
    (a JAX-native port of ``colossus.halo.concentration.modelLudlow16``).
    The cosmology quantities flow through the autogalaxy ``Planck15``
    cosmology, which already supports both numpy and JAX via its own
    ``xp`` parameter.

    Mass is in Msun (physical) — colossus internally works in Msun/h, so
    the conversion is applied here.

    Returns
    -------
    concentration : scalar xp array
    cosmic_average_density : scalar xp array
        Critical density at ``redshift_object``, in Msun / kpc^3.
    critical_surface_density : scalar xp array
        Sigma_crit between the lens and source planes, in Msun / kpc^2.
    kpc_per_arcsec : scalar xp array
        Angular-diameter scale at ``redshift_object``, in kpc / arcsec.
    """
    from autogalaxy.cosmology.model import Planck15

    cosmology = Planck15()

    concentration = ludlow16_concentration_from(
        mass_at_200=mass_at_200, redshift_object=redshift_object, xp=xp
    )

    cosmic_average_density = cosmology.critical_density(redshift_object, xp=xp)
    critical_surface_density = (
        cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            redshift_0=redshift_object,
            redshift_1=redshift_source,
            xp=xp,
        )
    )
    kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift=redshift_object, xp=xp)

    return (
        concentration,
        cosmic_average_density,
        critical_surface_density,
        kpc_per_arcsec,
    )


def kappa_s_and_scale_radius_for_ludlow(
    mass_at_200,
    scatter_sigma,
    redshift_object,
    redshift_source,
    xp=np,
):
    r"""
    AutoGalaxy NFW parameters (kappa_s, scale_radius) of a halo of mass :math:`M_{200c}` on the
    Ludlow et al. (2016) mass-concentration relation (``ludlow16_concentration_from``), offset by
    ``scatter_sigma`` times 0.15 dex (``concentration_with_scatter_from``), by
    ``nfw_parameters_for_concentration_from``.

    The backend is ``xp`` (default ``numpy``), never the type of ``mass_at_200``: under JAX pass
    ``xp=jax.numpy`` (profile constructors choose it with ``xp_from``). Pure in ``mass_at_200`` and
    ``scatter_sigma`` (jit, vmap, grad); the redshifts must be concrete, because distances are
    computed on the host (``planck15_lensing_quantities_from``).

    Parameters
    ----------
    mass_at_200
        :math:`M_{200c}` in Msun, positive and finite (a concrete value that is not raises ``ValueError``);
        a scalar.
    scatter_sigma
        Offset of :math:`\log_{10} c` from the relation, in units of 0.15 dex.
    redshift_object, redshift_source
        Redshifts of the halo and of the source.
    xp
        ``numpy`` (default) or ``jax.numpy``.

    Returns
    -------
    kappa_s, scale_radius, radius_at_200
        As ``nfw_kappa_s_and_scale_radius_from``: dimensionless, arcsec, kpc.
    """
    mass_at_200 = _checked_mass_at_200(mass_at_200)
    concentration = concentration_with_scatter_from(
        concentration=ludlow16_concentration_from(
            mass_at_200=mass_at_200, redshift_object=redshift_object, xp=xp
        ),
        scatter_sigma=scatter_sigma,
        xp=xp,
    )
    return nfw_parameters_for_concentration_from(
        mass_at_200, concentration, redshift_object, redshift_source, xp
    )


def kappa_s_scale_radius_and_core_radius_for_ludlow(
    mass_at_200, scatter_sigma, f_c, redshift_object, redshift_source, xp=np
):
    r"""
    Computes the AutoGalaxy cNFW parameters (kappa_s, scale_radius, core_radius) for a cored NFW halo of the given
    mass, on the Ludlow et al. (2016) mass-concentration relation with ``scatter_sigma`` standard deviations of
    0.15 dex scatter in the concentration.

    Interprets mass as *`M_{200c}`*, not `M_{200m}`.

    The cored NFW density is :math:`\rho(r) = \rho_0 r_s^3 / ((r + r_c)(r + r_s)^2)` with
    :math:`r_c = f_c r_s`. Its normalisation :math:`\rho_0` is fixed by requiring the 3D mass inside
    :math:`r_{200}` to be :math:`M_{200}`:

    .. math::

        M_{200} = 4 \pi \rho_0 r_s^3 \, m(c, f_c), \qquad
        m(c, f) = \int_0^c \frac{x^2 \, dx}{(x + f)(1 + x)^2}
        = \frac{f^2 \ln(1 + c/f) + (1 - 2f) \ln(1 + c)}{(1 - f)^2} - \frac{c}{(1 + c)(1 - f)}

    (partial fractions of the integrand; Penarrubia et al. 2012, MNRAS 421, 3284, Eq. 3 for the profile),
    evaluated by :func:`autogalaxy.profiles.mass.dark.cnfw.mass_3d_factor_cnfw_from`, which is exact for every
    :math:`f_c > 0`, including :math:`f_c = 1`.

    Parameters
    ----------
    mass_at_200
        :math:`M_{200c}` in solar masses (scalar or array).
    scatter_sigma
        Offset of :math:`\log_{10} c` from the relation, in units of 0.15 dex.
    f_c
        Core radius over scale radius, :math:`f_c = r_c / r_s > 0`.
    redshift_object, redshift_source
        Redshifts of the halo and of the source.
    xp
        The array module, ``numpy`` (default) or ``jax.numpy``; every operation, including the cosmology,
        runs on it whatever the type of the inputs.

    Returns
    -------
    kappa_s
        Dimensionless normalisation :math:`\rho_0 r_s / \Sigma_{\rm crit}`.
    scale_radius
        :math:`r_s` in arcsec.
    core_radius
        :math:`r_c = f_c r_s` in arcsec.
    radius_at_200
        :math:`r_{200}` in kpc.
    """
    mass_at_200 = _checked_mass_at_200(mass_at_200)
    from autogalaxy.profiles.mass.dark.cnfw import mass_3d_factor_cnfw_from

    (
        concentration,
        cosmic_average_density,
        critical_surface_density,
        kpc_per_arcsec,
    ) = ludlow16_cosmology(
        mass_at_200,
        redshift_object,
        redshift_source,
        xp=xp,
    )

    concentration = concentration_with_scatter_from(
        concentration=concentration, scatter_sigma=scatter_sigma, xp=xp
    )

    radius_at_200 = radius_at_200_from(
        mass_at_200=mass_at_200, critical_density=cosmic_average_density
    )

    # M(<r200) / (4 pi rho_0 r_s^3): the integral of a positive function, so > 0 for every f_c > 0.
    mass_factor = mass_3d_factor_cnfw_from(
        radius=concentration, core_ratio=f_c, xp=xp
    )

    scale_radius_kpc = radius_at_200 / concentration  # scale radius in kpc
    rho_0 = mass_at_200 / (4 * xp.pi * scale_radius_kpc**3 * mass_factor)
    kappa_s = rho_0 * scale_radius_kpc / critical_surface_density  # kappa_s
    scale_radius = scale_radius_kpc / kpc_per_arcsec  # scale radius in arcsec
    core_radius = f_c * scale_radius  # core radius in arcsec

    return kappa_s, scale_radius, core_radius, radius_at_200
