import math

import numpy as np
from typing import Tuple

import autoarray as aa

from autogalaxy.profiles.mass.dark.gnfw import gNFW
from autogalaxy.profiles.mass.abstract.cse import MassProfileCSE

from autogalaxy.profiles.mass.dark import nfw_hk24_util

# Radii are clamped to this fraction of the scale radius: the NFW convergence diverges (slowly, as
# ln(1/x)) at the centre, and a pixel exactly on a halo centre must still give finite values.
_X_MIN = 1.0e-12

# The series of F(x) and g(x) = (F - 1) / (1 - x^2) about x = 1 (`nfw_series_from`): the half-width in
# w = 1 - x^2 of the band where each is used, and its number of terms, per precision.
# - F (and h = ln(x/2) + F): outside the band the x < 1 form divides O(1) logarithms by t = sqrt(|w|),
#   losing ~eps / t relative (~2e-15 in float64 and ~1e-6 in float32 at the 1e-2 edge); inside, the
#   truncation error is below band^terms / (2 terms + 3): 5e-18 (float64), 1e-9 (float32).
# - g: its closed form divides F - 1 ~ w / 3 by w, losing a few eps / |w| relative (~1e-14 in float64 and
#   ~5e-7 in float32 at the 0.2 edge); inside, 0.2^22 / 47 ~ 9e-18 and 0.2^10 / 23 ~ 4e-9.
NFW_F_SERIES = {"float64": (1.0e-2, 8), "float32": (1.0e-2, 4)}
NFW_G_SERIES = {"float64": (0.2, 22), "float32": (0.2, 10)}

_LOG_2 = math.log(2.0)


def precision_of(x) -> str:
    """``"float32"`` for float32 arrays, ``"float64"`` otherwise (NumPy scalars and arrays included)."""
    return "float32" if np.dtype(getattr(x, "dtype", np.float64)) == np.float32 else "float64"


def nfw_series_from(w, terms):
    r"""
    :math:`g = \sum_{k < n} w^k / (2k + 3)` by Horner (``terms`` :math:`= n`), the series of
    :math:`g(x) = (F(x) - 1) / (1 - x^2)` in :math:`w = 1 - x^2`; :math:`F = 1 + w g`. It is one analytic
    function on both sides of :math:`x = 1` (:math:`\operatorname{artanh}(s)/s` and :math:`\arctan(t)/t`), so
    values and derivatives are exact through it.
    """
    g = 1.0 / (2.0 * (terms - 1) + 3.0)
    for k in range(terms - 2, -1, -1):
        g = g * w + 1.0 / (2.0 * k + 3.0)
    return g


def nfw_functions_from(x, log_x, xp):
    r"""
    The NFW functions :math:`F(x)`, :math:`g(x) = (1 - F)/(x^2 - 1)` and :math:`h(x) = \ln(x/2) + F(x)` for
    every :math:`x > 0`, and the :math:`t` and :math:`\arctan(1/t)` they are computed from (the truncated NFW's
    projected mass reuses them): the one place these functions are written.

    .. math::

        F(x) = \begin{cases}
            \dfrac{\operatorname{arccosh}(1/x)}{\sqrt{1 - x^2}} & x < 1 \\[4pt]
            \dfrac{\arctan\sqrt{x^2 - 1}}{\sqrt{x^2 - 1}} & x > 1
        \end{cases}
        \qquad (\text{Wright \& Brainerd 2000, eqs. 11 and 13}),

    with :math:`\kappa = 2 \kappa_s g` and :math:`\alpha = 4 \kappa_s r_s h / x` for the NFW itself, and
    :math:`t = \sqrt{|1 - x^2|}`. For :math:`x < 1`,
    :math:`h = [x^2 \ln(2/x) / (1 + t) + \ln((1 + t)/2)] / t` (no cancellation of :math:`\ln(x/2)` against
    :math:`F \sim \ln(2/x)` at small :math:`x`) and :math:`F = h + \ln(2/x)`; for :math:`x > 1`,
    :math:`F = \arctan(t) / t`; near :math:`x = 1`, the series ``nfw_series_from`` in the bands of
    ``NFW_F_SERIES`` (F, h) and ``NFW_G_SERIES`` (g). :math:`\arctan t`, :math:`\arctan(1/t)` and
    :math:`\ln((1 + t)/2)` come from one ``arctan_util.arctan_arccot_or_log_from`` (on the CPU backend one
    polynomial). Each branch sees only inputs in its own domain (:math:`t` is clamped at the square root
    of the F band), so the untaken values are finite and gradients are not NaN. Under ``jax.jit`` an
    output the caller does not use is not computed.

    Accuracy (float64, against mpmath, tested): :math:`F`, :math:`g`, :math:`h` within 1e-14 relative.

    Parameters
    ----------
    x
        :math:`x = R / r_s > 0`, any shape (the callers clamp :math:`x = 0`).
    log_x
        :math:`\ln x` (``log_util.log_from``), shape of ``x``.
    xp
        The array module (``numpy`` or ``jax.numpy``).

    Returns
    -------
    f, g, h, t, arccot_t
        Arrays of the shape of ``x``.
    """
    from autogalaxy.profiles.mass.dark.arctan_util import arctan_arccot_or_log_from

    precision = precision_of(x)
    f_band, f_terms = NFW_F_SERIES[precision]
    g_band, g_terms = NFW_G_SERIES[precision]

    x_squared = x * x
    w = (1.0 - x) * (1.0 + x)
    less = x < 1.0
    t = xp.sqrt(xp.maximum(xp.abs(w), f_band))
    inv_t = 1.0 / t
    arctan_t, arccot_t, log_half_one_plus_t = arctan_arccot_or_log_from(
        t, x_squared, less, xp
    )

    # x > 1: F = arctan(t) / t.
    f_greater = arctan_t * inv_t

    # x < 1: h = [x^2 ln(2 / x) / (1 + t) + ln((1 + t) / 2)] / t; F = h + ln(2 / x).
    log_two_over_x = _LOG_2 - log_x
    inv_one_plus_t = 1.0 / (1.0 + t)
    h_less = (x_squared * inv_one_plus_t * log_two_over_x + log_half_one_plus_t) * inv_t
    f_less = h_less + log_two_over_x

    near = xp.abs(w) < f_band
    w_near = xp.where(near, w, 0.0)
    f_near = 1.0 + w_near * nfw_series_from(w_near, f_terms)
    f = xp.where(near, f_near, xp.where(less, f_less, f_greater))
    h = xp.where(
        near, log_x - _LOG_2 + f_near, xp.where(less, h_less, log_x - _LOG_2 + f_greater)
    )

    g_near_band = xp.abs(w) < g_band
    g = xp.where(
        g_near_band,
        nfw_series_from(xp.where(g_near_band, w, 0.0), g_terms),
        (f - 1.0) / xp.where(g_near_band, 1.0, w),
    )
    return f, g, h, t, arccot_t


def nfw_f_g_h_from(x, xp):
    r"""
    :math:`F(x)`, :math:`g(x)` and :math:`h(x)` of ``nfw_functions_from``, for every :math:`x > 0`. Under JAX
    on the CPU backend the logarithm is ``log_util.log_from``'s kernel.

    Parameters
    ----------
    x
        :math:`x = R / r_s > 0`, any shape.
    xp
        The array module (``numpy`` or ``jax.numpy``).

    Returns
    -------
    f, g, h
        Arrays of the shape of ``x``.
    """
    from autogalaxy.profiles.mass.dark.log_util import log_from

    return nfw_functions_from(x, log_from(x, xp), xp)[:3]


def convergence_radial_nfw_from(radius, kappa_s, scale_radius, xp):
    r"""
    The convergence of a spherical NFW halo at projected radius :math:`R`.

    .. math::

        \kappa(R) = 2 \kappa_s \frac{1 - F(x)}{x^2 - 1}, \qquad x = R / r_s

    (Wright & Brainerd 2000, eq. 11, with :math:`\kappa_s = \rho_s r_s / \Sigma_{\rm cr}`).

    Parameters
    ----------
    radius
        The projected radii :math:`R` in arc-seconds, any shape.
    kappa_s, scale_radius
        The halo's :math:`\kappa_s` and :math:`r_s` (arc-seconds), broadcastable against ``radius``.
    xp
        The array module (``numpy`` or ``jax.numpy``).

    Returns
    -------
    The convergence, shape of the broadcast inputs. The central divergence is cut at
    :math:`R = 10^{-12} r_s`, so every value is finite.
    """
    x = xp.maximum(radius / scale_radius, _X_MIN)
    _, g, _ = nfw_f_g_h_from(x, xp)
    return 2.0 * kappa_s * g


def deflection_radial_nfw_from(radius, kappa_s, scale_radius, xp):
    r"""
    The magnitude of the deflection angle of a spherical NFW halo at projected radius :math:`R`.

    .. math::

        \alpha(R) = \frac{4 \kappa_s r_s}{x} \left[\ln\frac{x}{2} + F(x)\right], \qquad x = R / r_s

    (Bartelmann 1996; Wright & Brainerd 2000, eq. 13). The vector deflection points from the centre to
    the ray: :math:`\boldsymbol{\alpha} = \alpha(R) \, (\Delta y, \Delta x) / R`.

    Parameters
    ----------
    radius
        The projected radii :math:`R` in arc-seconds, any shape.
    kappa_s, scale_radius
        The halo's :math:`\kappa_s` and :math:`r_s` (arc-seconds), broadcastable against ``radius``.
    xp
        The array module (``numpy`` or ``jax.numpy``).

    Returns
    -------
    The deflection in arc-seconds; it tends to zero at the centre (as :math:`R \ln R`).
    """
    x = xp.maximum(radius / scale_radius, _X_MIN)
    _, _, h = nfw_f_g_h_from(x, xp)
    return 4.0 * kappa_s * scale_radius * h / x


class NFW(gNFW, MassProfileCSE):
    r"""
    Elliptical Navarro-Frenk-White (NFW) dark matter halo profile.

    The NFW profile is the special case of the generalised NFW with inner slope
    :math:`\gamma = 1`.  The projected surface mass density (convergence) is:

    .. math::

        \kappa_{\rm NFW}(x) = 2 \kappa_s \, g(x), \qquad x = \frac{\xi}{r_s}

    where :math:`\xi` is the elliptical radius, :math:`r_s` is the scale radius,
    :math:`\kappa_s = \rho_s r_s / \Sigma_{\rm crit}` is the dimensionless
    characteristic convergence, and

    .. math::

        g(x) = \begin{cases}
            \dfrac{1 - \tfrac{1}{\sqrt{1-x^2}}\,\mathrm{arccosh}(1/x)}{x^2 - 1}
            & x < 1 \\[6pt]
            \dfrac{1}{3} & x = 1 \\[6pt]
            \dfrac{1 - \tfrac{1}{\sqrt{x^2-1}}\,\arccos(1/x)}{x^2 - 1}
            & x > 1
        \end{cases}

    Deflection angles are computed analytically via the Heyrovský & Karamazov (2024)
    formalism, or alternatively via a cored-steep-ellipsoid (CSE) decomposition
    following Oguri (2021).

    References
    ----------
    - Navarro, Frenk & White 1996, ApJ, 462, 563
    - Navarro, Frenk & White 1997, ApJ, 490, 493
    - Oguri 2021, PASP, 133, 074504  (arXiv:2106.11464)
    - Heyrovský & Karamazov 2024 (arXiv:2407.xxxxx)
    """

    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        ell_comps: Tuple[float, float] = (0.0, 0.0),
        kappa_s: float = 0.05,
        scale_radius: float = 1.0,
    ):
        r"""
        Parameters
        ----------
        centre
            The (y,x) arc-second coordinates of the profile centre.
        ell_comps
            The first and second ellipticity components of the elliptical coordinate system.
        kappa_s
            The overall normalization of the dark matter halo
            (:math:`\kappa_s = \rho_s r_s / \Sigma_{\rm crit}`).
        scale_radius
            The NFW scale radius :math:`r_s`, as an angle on the sky in arcseconds.
        """

        super().__init__(
            centre=centre,
            ell_comps=ell_comps,
            kappa_s=kappa_s,
            inner_slope=1.0,
            scale_radius=scale_radius,
        )
        super(MassProfileCSE, self).__init__()

    def deflections_yx_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        return self.deflections_2d_via_analytic_from(grid=grid, xp=xp, **kwargs)

    @aa.decorators.to_vector_yx
    @aa.decorators.transform(rotate_back=True)
    def deflections_2d_via_analytic_from(
        self, grid: aa.type.Grid2DLike, xp=np, **kwargs
    ):
        """
        Analytic calculation deflection angles from Heyrovský & Karamazov 2024 via Eq. 30 & 31

        Parameters
        ----------
        grid
            The grid of (y,x) arc-second coordinates the deflection angles are computed on.
        """

        # Convert e definitions:
        # from q = (1-e)/(1+e) to q = sqrt(1-e**2)

        e_autolens = xp.sqrt(self.ell_comps[1] ** 2 + self.ell_comps[0] ** 2)
        e_hk24 = 2 * xp.sqrt(e_autolens) / (1 + e_autolens)

        # Define dimensionless length coords

        x1 = grid.array[:, 1] / self.scale_radius
        x2 = grid.array[:, 0] / self.scale_radius

        # The deflection at the exact centre is zero by symmetry, but the closed form divides
        # by the radius there. The centre's inputs are masked to a harmless point on the unit
        # ellipse before anything is evaluated (so no branch sees a zero radius) and its
        # deflection is zeroed through the prefactor afterwards.

        mask = x1**2 + x2**2 > 1e-24

        x1 = xp.where(mask, x1, 1.0)
        x2 = xp.where(mask, x2, 0.0)

        x1_sq = x1**2
        x2_sq = x2**2
        e_sq = e_hk24**2
        r_sq = x1_sq + x2_sq

        prefactor = xp.where(
            mask,
            4
            * self.kappa_s
            * xp.sqrt(1 - e_sq)
            / (((x1 - e_hk24) ** 2 + x2_sq) * ((x1 + e_hk24) ** 2 + x2_sq)),
            0.0,
        )

        f1 = nfw_hk24_util.small_f_1(x1, x2, e_hk24, xp=xp)
        f2 = nfw_hk24_util.small_f_2(x1, x2, e_hk24, xp=xp)
        f3 = nfw_hk24_util.small_f_3(x1, x2, e_hk24, xp=xp)

        deflection_x = prefactor * (
            x1 * ((x1_sq - e_sq) * (1 - e_sq) + x2_sq * (1 + e_sq)) * f1
            + x1 * (r_sq - e_sq) * f2
            - x2 * (r_sq + e_sq) * f3
        )

        deflection_y = prefactor * (
            x2 * (x1_sq * (1 - 2 * e_sq) + x2_sq + e_sq) * f1
            + x2 * (r_sq + e_sq) * f2
            + x1 * (r_sq - e_sq) * f3
        )

        return xp.multiply(self.scale_radius, xp.vstack((deflection_y, deflection_x)).T)

    @aa.decorators.to_vector_yx
    @aa.decorators.transform(rotate_back=True)
    def deflections_2d_via_cse_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        return self._deflections_2d_via_cse_from(grid=grid, xp=xp, **kwargs)

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def convergence_2d_via_cse_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """
        Calculate the projected 2D convergence from a grid of (y,x) arc second coordinates, by computing and summing
        the convergence of each individual cse used to decompose the mass profile.

        The cored steep elliptical (cse) decomposition of a the elliptical NFW mass
        profile (e.g. `decompose_convergence_via_cse`) is using equation (12) of
        Oguri 2021 (https://arxiv.org/abs/2106.11464).

        Parameters
        ----------
        grid
            The grid of (y,x) arc-second coordinates the convergence is computed on.
        """

        elliptical_radii = self.elliptical_radii_grid_from(grid=grid, xp=xp, **kwargs)

        return self._convergence_2d_via_cse_from(grid_radii=elliptical_radii, xp=xp)

    def convergence_func(self, grid_radius: float, xp=np) -> float:
        grid_radius = (1.0 / self.scale_radius) * grid_radius.array + 0j
        return xp.real(
            2.0
            * self.kappa_s
            * xp.array(self.coord_func_g(grid_radius=grid_radius, xp=xp))
        )

    def decompose_convergence_via_cse(
        self, grid_radii: np.ndarray, total_cses=30, sample_points=60, xp=np
    ):
        """
        Decompose the convergence of the elliptical NFW mass profile into cored steep elliptical (cse) profiles.

        This uses an input function `func` which is specific to the elliptical NFW mass profile, and is defined by
        equation (12) of Oguri 2021 (https://arxiv.org/abs/2106.11464).

        Parameters
        ----------
        func
            The function representing the profile that is decomposed into CSEs.
        radii_min:
            The minimum radius to fit
        radii_max:
            The maximum radius to fit
        total_cses
            The number of CSEs used to approximate the input func.
        sample_points: int (should be larger than 'total_cses')
            The number of data points to fit

        Returns
        -------
        Tuple[List, List]
            A list of amplitudes and core radii of every cored steep elliptical (cse) the mass profile is decomposed
            into.
        """
        radii_min = 0.005
        radii_max = xp.maximum(7.5, xp.max(grid_radii))

        def nfw_2d(r):
            grid_radius = (1.0 / self.scale_radius) * r + 0j
            return xp.real(
                2.0
                * self.kappa_s
                * self.coord_func_g(grid_radius=grid_radius, xp=xp)
            )

        return self._decompose_convergence_via_cse_from(
            func=nfw_2d,
            radii_min=radii_min,
            radii_max=radii_max,
            total_cses=total_cses,
            sample_points=sample_points,
            xp=xp,
        )

    @aa.decorators.to_vector_yx
    @aa.decorators.transform
    def shear_yx_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """
        Analytic calculation shear from Heyrovský & Karamazov 2024

        Parameters
        ----------
        grid
            The grid of (y,x) arc-second coordinates the deflection angles are computed on.

        """

        # Convert e definitions:
        # from q = (1-e)/(1+e) to q = sqrt(1-e**2)

        e_autolens = xp.sqrt(self.ell_comps[1] ** 2 + self.ell_comps[0] ** 2)
        e_hk24 = 2 * xp.sqrt(e_autolens) / (1 + e_autolens)

        # Define dimensionless length coords

        x1 = grid.array[:, 1] / self.scale_radius
        x2 = grid.array[:, 0] / self.scale_radius

        # Avoid nans due to x=0
        x1 = xp.where(xp.abs(x1) < 1e-6, 1e-6, x1)
        x2 = xp.where(xp.abs(x2) < 1e-6, 1e-6, x2)

        # Calculate shear from nfw_HK24.py

        g1, g2 = nfw_hk24_util.g1_g2_from(
            x1=x1, x2=x2, e=e_hk24, k_s=self.kappa_s, xp=xp
        )

        # Rotation for shear

        shear_field = self.rotated_grid_from_reference_frame_from(
            grid=xp.vstack((g2, g1)).T, angle=self.angle(xp) * 2, xp=xp
        )

        return aa.VectorYX2DIrregular(values=shear_field, grid=grid)

    @aa.decorators.to_array
    @aa.decorators.transform
    def convergence_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        r"""
        The convergence of the elliptical NFW: the spherical profile's at the elliptical radius
        (Heyrovsky & Karamazov 2024, eq. 21),

        .. math::

            \kappa = 2 \kappa_s \frac{1 - F(a)}{a^2 - 1}, \qquad
            a^2 = x_1^2 + \frac{x_2^2}{1 - e^2}, \quad x_i = \theta_i / r_s ,

        evaluated by ``convergence_radial_nfw_from``: exact at every radius, including near the centre, where
        it diverges as :math:`2 \kappa_s \ln(2 / a)` (finite on the centre itself, cut at
        :math:`a = 10^{-12}`, with finite gradients there).

        Parameters
        ----------
        grid
            The grid of (y,x) arc-second coordinates the convergence is computed on.

        Returns
        -------
        Convergence

        """

        # Convert e definitions:
        # from q = (1-e)/(1+e) to q = sqrt(1-e**2)

        e_autolens = xp.sqrt(self.ell_comps[1] ** 2 + self.ell_comps[0] ** 2)
        e_hk24 = 2 * xp.sqrt(e_autolens) / (1 + e_autolens)

        # Define dimensionless length coords

        x1 = grid.array[:, 1] / self.scale_radius
        x2 = grid.array[:, 0] / self.scale_radius

        # The elliptical radius a (Heyrovsky & Karamazov's semi-major axis), its square clamped before the
        # square root so that a pixel exactly on the centre has a finite value and gradient; the radius, not
        # each coordinate, is clamped, so every a >= 1e-12 is exact.
        a_squared = x1**2 + x2**2 / (1 - e_hk24**2)
        a = xp.sqrt(xp.maximum(a_squared, _X_MIN**2))

        return convergence_radial_nfw_from(
            radius=a, kappa_s=self.kappa_s, scale_radius=1.0, xp=xp
        )


class NFWSph(NFW):
    r"""
    Spherical Navarro-Frenk-White (NFW) dark matter halo profile.

    A special case of :class:`NFW` with no ellipticity (:math:`q = 1`).  The convergence
    is the standard NFW convergence evaluated on a circular radial grid:

    .. math::

        \kappa_{\rm NFW}(r) = 2 \kappa_s \, g(r/r_s)

    and the analytic deflection angle at projected radius :math:`r` is:

    .. math::

        \alpha(r) = \frac{4 \kappa_s r_s}{r/r_s}\,h(r/r_s)

    where :math:`h(x) = \ln(x/2) + f(x)` and :math:`f(x)` is the standard NFW
    auxiliary function.  The lensing potential is also available analytically.

    References
    ----------
    - Navarro, Frenk & White 1996, ApJ, 462, 563
    - Navarro, Frenk & White 1997, ApJ, 490, 493
    - Wright & Brainerd 2000, ApJ, 534, 34
    """

    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        kappa_s: float = 0.05,
        scale_radius: float = 1.0,
    ):
        r"""
        Parameters
        ----------
        centre
            The (y,x) arc-second coordinates of the profile centre.
        kappa_s
            The overall normalization of the dark matter halo
            (:math:`\kappa_s = \rho_s r_s / \Sigma_{\rm crit}`).
        scale_radius
            The NFW scale radius :math:`r_s`, as an angle on the sky in arcseconds.
        """

        super().__init__(
            centre=centre,
            ell_comps=(0.0, 0.0),
            kappa_s=kappa_s,
            scale_radius=scale_radius,
        )

    def deflections_yx_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        return self.deflections_2d_via_analytic_from(grid=grid, xp=xp, **kwargs)

    @aa.decorators.to_vector_yx
    @aa.decorators.transform
    def deflections_2d_via_analytic_from(
        self, grid: aa.type.Grid2DLike, xp=np, **kwargs
    ):
        """
        Calculate the deflection angles at a given set of arc-second gridded coordinates.

        Parameters
        ----------
        grid
            The grid of (y,x) arc-second coordinates the deflection angles are computed on.
        """

        radius = self.radial_grid_from(grid=grid, xp=xp, **kwargs).array

        # deflection_radial_nfw_from is exact at every radius (it tends to zero as R ln R); the centre
        # itself is exactly zero by symmetry.
        deflection_grid = xp.where(
            radius > 0.0,
            deflection_radial_nfw_from(
                radius=radius,
                kappa_s=self.kappa_s,
                scale_radius=self.scale_radius,
                xp=xp,
            ),
            0.0,
        )

        return self._cartesian_grid_via_radial_from(
            grid=grid, radius=deflection_grid, xp=xp
        )

    def deflection_func_sph(self, grid_radius, xp=np):
        # `coord_func_h` is real for a real radius: `coord_func_f_from` evaluates each of its
        # branches on masked real inputs, so there is no complex promotion to take the real
        # part of.
        return self.coord_func_h(grid_radius=grid_radius, xp=xp)

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def potential_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """
        Calculate the potential at a given set of arc-second gridded coordinates.

        Parameters
        ----------
        grid
            The grid of (y,x) arc-second coordinates the deflection angles are computed on.

        """
        eta = (1.0 / self.scale_radius) * self.radial_grid_from(
            grid=grid, **kwargs
        ) + 0j
        return np.real(
            2.0
            * self.scale_radius**2
            * self.kappa_s
            * self.potential_func_sph(eta, xp=xp)
        )

    @staticmethod
    def potential_func_sph(eta, xp=np):
        # Spherical NFW lensing potential psi(x) = 2 kappa_s r_s^2 g(x), with
        # g(x) = ln^2(x/2) - arctanh^2(sqrt(1 - x^2)), obtained by integrating
        # the deflection field radially. The previous prefactor used a single
        # factor of r_s instead of r_s^2, so grad(psi) came out a factor 1/r_s
        # too small relative to deflections_yx_2d_from.
        return ((xp.log(eta.array / 2.0)) ** 2) - (
            xp.arctanh(xp.sqrt(1 - eta.array**2))
        ) ** 2
