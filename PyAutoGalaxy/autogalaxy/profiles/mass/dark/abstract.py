import numpy as np
from typing import Tuple

import autoarray as aa

from autogalaxy.profiles.mass.abstract.abstract import MassProfile
from autogalaxy.cosmology.model import LensingCosmology


from autogalaxy import exc
from autogalaxy.profiles import validate


class DarkProfile:
    pass


def coord_func_f_from(grid_radius, xp=np):
    """
    The NFW auxiliary function f(x): arccos(1/x) / sqrt(x^2 - 1) outside the scale radius,
    arccosh(1/x) / sqrt(1 - x^2) inside it, and 1 on it.

    The result has the dtype of the input: a real radius gives a real f (each branch is
    evaluated on inputs masked into its own domain, so no branch sees a radius it is not
    defined for), and a complex radius the complex continuation the gNFW family relies on.
    """
    if isinstance(grid_radius, float) or isinstance(grid_radius, complex):
        grid_radius = xp.array([grid_radius])

    r = grid_radius

    greater = r > 1.0
    less = r < 1.0

    r_gt = xp.where(greater, r, 2.0)
    r_lt = xp.where(less, r, 0.5)

    out_gt = xp.arccos(1.0 / r_gt) / xp.sqrt(r_gt**2 - 1.0)
    out_lt = xp.arccosh(1.0 / r_lt) / xp.sqrt(1.0 - r_lt**2)

    return xp.where(greater, out_gt, xp.where(less, out_lt, xp.ones_like(r)))


class AbstractgNFW(MassProfile, DarkProfile):
    r"""
    Abstract base class for generalised NFW (gNFW) dark matter halo profiles.

    The three-dimensional density profile of the gNFW family is:

    .. math::

        \rho(r) = \frac{\rho_s}{(r/r_s)^{\gamma}(1 + r/r_s)^{3-\gamma}}

    where :math:`\gamma` is the inner logarithmic slope (``inner_slope``), :math:`r_s` is
    the scale radius, and :math:`\rho_s` is the characteristic density related to the
    dimensionless convergence normalisation :math:`\kappa_s` via:

    .. math::

        \kappa_s = \frac{\rho_s \, r_s}{\Sigma_{\rm crit}}

    The projected convergence is computed from this 3-D density via line-of-sight integration
    using the auxiliary coordinate functions :math:`f(x)`, :math:`g(x)`, and :math:`h(x)`,
    where :math:`x = \xi / r_s` and :math:`\xi` is the elliptical radius.

    The standard NFW profile (:class:`NFW`) is recovered for :math:`\gamma = 1`.

    References
    ----------
    - Navarro, Frenk & White 1996, ApJ, 462, 563
    - Navarro, Frenk & White 1997, ApJ, 490, 493
    - Wyithe, Turner & Spergel 2001, ApJ, 555, 504
    """

    epsrel = 1.49e-5

    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        ell_comps: Tuple[float, float] = (0.0, 0.0),
        kappa_s: float = 0.05,
        inner_slope: float = 1.0,
        scale_radius: float = 1.0,
    ):
        """
        The elliptical NFW profiles, used to fit the dark matter halo of the lens.

        Parameters
        ----------
        centre
            The (y,x) arc-second coordinates of the profile centre.
        ell_comps
            The first and second ellipticity components of the elliptical coordinate system.
        kappa_s
            The overall normalization of the dark matter halo \
            (kappa_s = (rho_s * scale_radius)/lensing_critical_density)
        inner_slope
            The inner slope of the dark matter halo
        scale_radius
            The NFW scale radius as an angle on the sky in arc-seconds. For a regular NFW halo, \
            the scale radius is roughly where the log-slope of the profile changes from -1 to -3.
        """

        super().__init__(centre=centre, ell_comps=ell_comps)

        self.kappa_s = kappa_s
        validate.validate_scale_radius(scale_radius=scale_radius)
        self.scale_radius = scale_radius
        self.inner_slope = inner_slope

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def convergence_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """Calculate the projected convergence at a given set of arc-second gridded coordinates.

        Parameters
        ----------
        grid
            The grid of (y,x) arc-second coordinates the convergence is computed on.

        """

        grid_eta = self.elliptical_radii_grid_from(grid=grid, xp=xp, **kwargs)

        return self.convergence_func(grid_radius=grid_eta, xp=xp)

    def density_3d_func(self, r, xp=np):
        x = r.array / self.scale_radius

        rho_at_scale_radius = (
            self.kappa_s / self.scale_radius
        )  # density parameter of 3D gNFW

        return (
            rho_at_scale_radius
            * x ** (-self.inner_slope)
            * (1.0 + x) ** (self.inner_slope - 3.0)
        )

    def coord_func_f(self, grid_radius: np.ndarray, xp=np) -> np.ndarray:
        return coord_func_f_from(grid_radius, xp=xp)

    def coord_func_g(self, grid_radius: np.ndarray, xp=np) -> np.ndarray:
        """
        Vectorized version of the original looped `coord_func_g_jit`.

        Applies conditional logic element-wise:
          - if r > 1: g = (1 - f_r) / (r^2 - 1)
          - if r < 1: g = (f_r - 1) / (1 - r^2)
          - else:     g = 1/3

        Parameters
        ----------
        grid_radius : np.ndarray
            The input grid radius values.
        f_r : np.ndarray
            Precomputed values from `coord_func_f`.
        g : np.ndarray
            Output array (will be overwritten).

        Returns
        -------
        np.ndarray
            The updated `g` array.
        """
        # Convert single values to JAX arrays
        if isinstance(grid_radius, (float, complex)):
            grid_radius = xp.array([grid_radius], dtype=xp.complex64)

        # Evaluate f_r
        f_r = self.coord_func_f(grid_radius=grid_radius, xp=xp)

        r = xp.real(grid_radius)
        r2 = r**2

        # Each branch divides by (r^2 - 1), which is zero on the scale radius: mask the
        # denominators into each branch's own domain so the excluded points are never
        # divided by zero, then select.
        greater = r > 1.0
        less = r < 1.0

        r2_gt = xp.where(greater, r2, 2.0)
        r2_lt = xp.where(less, r2, 0.5)

        return xp.where(
            greater,
            (1.0 - f_r) / (r2_gt - 1.0),
            xp.where(
                less,
                (f_r - 1.0) / (1.0 - r2_lt),
                1.0 / 3.0,
            ),
        )

    def coord_func_h(self, grid_radius, xp=np):
        return xp.log(grid_radius / 2.0) + self.coord_func_f(
            grid_radius=grid_radius, xp=xp
        )

    def rho_at_scale_radius_solar_mass_per_kpc3(
        self, redshift_object, redshift_source, cosmology: LensingCosmology = None
    ):
        """
        The Cosmic average density is defined at the redshift of the profile.
        """

        from autogalaxy.cosmology.model import Planck15

        cosmology = cosmology or Planck15()

        critical_surface_density = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            redshift_0=redshift_object, redshift_1=redshift_source
        )

        kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift=redshift_object)

        return (
            self.kappa_s
            * critical_surface_density
            / (self.scale_radius * kpc_per_arcsec)
        )

    def delta_concentration(
        self,
        redshift_object,
        redshift_source,
        redshift_of_cosmic_average_density="profile",
        cosmology: LensingCosmology = None,
    ):

        from autogalaxy.cosmology.model import Planck15

        cosmology = cosmology or Planck15()

        if redshift_of_cosmic_average_density == "profile":
            redshift_calc = redshift_object
        elif redshift_of_cosmic_average_density == "local":
            redshift_calc = 0.0
        else:
            raise exc.UnitsException(
                "The redshift of the cosmic average density haas been specified as an invalid "
                "string. Must be {local, profile}"
            )

        cosmic_average_density = (
            cosmology.cosmic_average_density_solar_mass_per_kpc3_from(
                redshift=redshift_calc
            )
        )

        rho_scale_radius = self.rho_at_scale_radius_solar_mass_per_kpc3(
            redshift_object=redshift_object,
            redshift_source=redshift_source,
            cosmology=cosmology,
        )

        return rho_scale_radius / cosmic_average_density

    def concentration(
        self,
        redshift_profile,
        redshift_source,
        redshift_of_cosmic_average_density="profile",
        cosmology: LensingCosmology = None,
        xp=np,
    ):

        from autogalaxy.cosmology.model import Planck15

        cosmology = cosmology or Planck15()

        from scipy.optimize import fsolve

        """
        Computes the NFW halo concentration, `c_{200m}`
        """
        delta_concentration = self.delta_concentration(
            redshift_object=redshift_profile,
            redshift_source=redshift_source,
            redshift_of_cosmic_average_density=redshift_of_cosmic_average_density,
            cosmology=cosmology,
        )

        return fsolve(
            func=self.concentration_func,
            x0=10.0,
            args=(delta_concentration, xp),
        )[0]

    @staticmethod
    def concentration_func(concentration, delta_concentration, xp=np):
        return (
            200.0
            / 3.0
            * (
                concentration
                * concentration
                * concentration
                / (xp.log(1 + concentration) - concentration / (1 + concentration))
            )
            - delta_concentration
        )

    def radius_at_200(
        self,
        redshift_object,
        redshift_source,
        redshift_of_cosmic_average_density="profile",
        cosmology: LensingCosmology = None,
        xp=np,
    ):
        """
        Returns `r_{200m}` for this halo in **arcseconds**
        """
        from autogalaxy.cosmology.model import Planck15

        cosmology = cosmology or Planck15()

        concentration = self.concentration(
            redshift_profile=redshift_object,
            redshift_source=redshift_source,
            redshift_of_cosmic_average_density=redshift_of_cosmic_average_density,
            cosmology=cosmology,
            xp=xp,
        )

        return concentration * self.scale_radius

    def mass_at_200_solar_masses(
        self,
        redshift_object,
        redshift_source,
        redshift_of_cosmic_average_density="profile",
        cosmology: LensingCosmology = None,
        xp=np,
    ):
        from autogalaxy.cosmology.model import Planck15

        cosmology = cosmology or Planck15()

        """
        Returns `M_{200m}` of this NFW halo, in solar masses, at the given cosmology.
        """
        if redshift_of_cosmic_average_density == "profile":
            redshift_calc = redshift_object
        elif redshift_of_cosmic_average_density == "local":
            redshift_calc = 0.0
        else:
            raise exc.UnitsException(
                "The redshift of the cosmic average density haas been specified as an invalid "
                "string. Must be {local, profile}"
            )

        cosmic_average_density = (
            cosmology.cosmic_average_density_solar_mass_per_kpc3_from(
                redshift=redshift_calc
            )
        )

        radius_at_200 = self.radius_at_200(
            redshift_object=redshift_object,
            redshift_source=redshift_source,
            redshift_of_cosmic_average_density=redshift_of_cosmic_average_density,
            cosmology=cosmology,
            xp=xp,
        )

        kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift=redshift_object)

        radius_at_200_kpc = radius_at_200 * kpc_per_arcsec

        return (
            200.0
            * ((4.0 / 3.0) * xp.pi)
            * cosmic_average_density
            * (radius_at_200_kpc**3.0)
        )

    @property
    def ellipticity_rescale(self):
        return 1.0 - ((1.0 - self.axis_ratio()) / 2.0)
