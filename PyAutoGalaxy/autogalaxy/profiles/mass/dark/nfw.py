import math

import numpy as np
from typing import Tuple

import autoarray as aa

from autogalaxy.profiles.mass.dark.gnfw import gNFW
from autogalaxy.profiles.mass.abstract.cse import MassProfileCSE

from autogalaxy.profiles.mass.dark import nfw_hk24_util
from autogalaxy.profiles.mass.dark.arctan_util import arctan_and_arccot_from

# Radii are clamped to this fraction of the scale radius: the NFW convergence diverges (slowly, as
# ln(1/x)) at the centre, and a pixel exactly on a halo centre must still give finite values.
_X_MIN = 1.0e-12

# |x^2 - 1| below which the series about x = 1 replaces the closed forms, whose (1 - F) / (x^2 - 1)
# cancels catastrophically there. Six terms keep the truncation error below 1e-12.
_U_SERIES = 1.0e-2

_LOG_2 = math.log(2.0)


def _nfw_g_and_h_from(x, xp):
    r"""
    The two NFW radial functions of :math:`x = R / r_s`, stable at every radius.

    .. math::

        g(x) = \frac{1 - F(x)}{x^2 - 1}, \qquad h(x) = \ln\frac{x}{2} + F(x),

    with :math:`F(x) = \operatorname{arctanh}(\sqrt{1-x^2}) / \sqrt{1-x^2}` for :math:`x < 1` and
    :math:`\arctan(\sqrt{x^2-1}) / \sqrt{x^2-1}` for :math:`x > 1` (Wright & Brainerd 2000, eqs. 11
    and 13; :math:`\kappa = 2 \kappa_s g` and :math:`\alpha = 4 \kappa_s r_s h / x`).

    Near :math:`x = 1` both use the series :math:`g = \sum_n (1 - x^2)^n / (2n + 3)`; for :math:`x < 1`,
    :math:`h` is rearranged so that its :math:`O(x^2)` value is not the difference of two
    :math:`O(\ln x)` terms (which loses all precision at small :math:`x` in float32). Each branch is
    evaluated on inputs clamped into its own domain, so the untaken branches are finite and gradients
    are not NaN.
    """
    u = (x - 1.0) * (x + 1.0)
    near = xp.abs(u) < _U_SERIES
    outer = (x > 1.0) & ~near
    inner = (x < 1.0) & ~near

    # One ln(x) for every regime (finite: the callers clamp x >= _X_MIN).
    log_x = xp.log(x)

    # Series about x = 1: g = 1/3 - u/5 + u^2/7 - ...
    u_near = xp.where(near, u, 0.0)
    g_near = 0.0
    for n in range(5, -1, -1):
        g_near = g_near * (-u_near) + 1.0 / (2 * n + 3)
    h_near = log_x - _LOG_2 + 1.0 - u_near * g_near

    # x > 1: F = arctan(t) / t with t = sqrt(x^2 - 1); the polynomial arctangent of arctan_util on
    # XLA's CPU backend, whose own arctan is a scalar library call.
    x_out = xp.where(outer, x, 2.0)
    t = xp.sqrt((x_out - 1.0) * (x_out + 1.0))
    f_out = arctan_and_arccot_from(t, xp)[0] / t
    g_out = (1.0 - f_out) / (t * t)
    h_out = log_x - _LOG_2 + f_out

    # x < 1: F = ln((1 + s) / x) / s with s = sqrt(1 - x^2), and
    # h = [x^2 ln(2 / x) / (1 + s) + log1p(-x^2 / (2 (1 + s)))] / s.
    x_in = xp.where(inner, x, 0.5)
    s = xp.sqrt((1.0 - x_in) * (1.0 + x_in))
    log_2_over_x = _LOG_2 - log_x
    f_in = (xp.log1p(s) + log_2_over_x - xp.log(2.0)) / s
    g_in = (f_in - 1.0) / (s * s)
    x_sq = x_in * x_in
    h_in = (x_sq * log_2_over_x / (1.0 + s) + xp.log1p(-x_sq / (2.0 * (1.0 + s)))) / s

    g = xp.where(near, g_near, xp.where(outer, g_out, g_in))
    h = xp.where(near, h_near, xp.where(outer, h_out, h_in))
    return g, h


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
    g, _ = _nfw_g_and_h_from(x, xp)
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
    _, h = _nfw_g_and_h_from(x, xp)
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
