"""
Lens-plane subhaloes drawn from a subhalo mass function, for cold, warm and self-interacting dark matter.

`SubhaloSampler` draws the subhaloes of the main lens either on the host with NumPy (from ``seed``) or
from a JAX PRNG key inside ``jax.jit`` / ``jax.vmap`` (the same statistics), and returns them as
`HaloPopulation` objects with fixed capacities and traced live counts, ready to be attributes of the lens
`Galaxy`. The dark-matter parameters (``sigma_sub``, ``alpha``, ``half_mode_mass``, the core-fraction
range, ``collapsed_fraction``, and for Yang et al. (2024) SIDM the cross-section ``sigma_over_m``, its
velocity dependence and the halo age ``t_age``) may be traced values, so they can be part of what a
simulation varies.
"""

from typing import Dict, Optional, Tuple, Union

import numpy as np

import autogalaxy as ag

from autolens.lens import dark_matter

_MODELS = ("cdm", "wdm", "sidm", "sidm_yang24")


class SubhaloSampler:
    """
    Draws lens-plane subhaloes from a power-law subhalo mass function.

    **Mass function and normalisation.** The number of subhaloes per mass and projected area, uniform within
    ``radius_arcsec`` of ``centre`` on the lens plane, is

    .. math::

        \\frac{d^2 N}{dm \\, dA} = \\frac{\\Sigma_{\\rm sub}}{\\int_{m_{\\rm min}}^{m_{\\rm max}} m^{1 - \\alpha}
        \\, dm} \\, m^{-\\alpha} \\, S(m), \\qquad m_{\\rm min} \\le m \\le m_{\\rm max},

    so that :math:`\\Sigma_{\\rm sub}` is the projected mass density (M_sun kpc^-2) in cold-dark-matter
    subhaloes between ``m_min`` and ``m_max``; the masses are :math:`M_{200}`. :math:`S(m) = 1` for CDM; for
    WDM it is the Lovell (2020) suppression (`autolens.lens.dark_matter.wdm_mass_function_suppression_from`)
    at the half-mode mass, which lowers the count below the CDM one for the same :math:`\\Sigma_{\\rm sub}`.
    The count is Poisson with mean :math:`\\bar N = \\int d^2N/dm\\,dA \\; dm \\, \\pi R^2`, with
    :math:`R` the radius in proper kpc at ``z_lens`` (Planck15, as the MCR profiles).

    **Haloes.** Positions are uniform in the disc (:math:`r = R\\sqrt{u}`). Concentrations follow Ludlow et
    al. (2016) with a log-normal scatter of 0.15 dex (the MCR profiles' ``scatter_sigma``, drawn standard
    normal), times the Bose et al. (2016) WDM factor when there is a half-mode mass.

    - ``model="cdm"``: one population ``"subhalos_tnfw"`` of `NFWTruncatedMCRScatterLudlowSph`.
    - ``model="wdm"``: the same with ``half_mode_mass`` (required) suppressing masses and concentrations.
    - ``model="sidm"``: a fraction ``collapsed_fraction`` of the subhaloes is core-collapsed, the rest cored.
      Cored: ``"subhalos_cored"``, `cNFWMCRScatterLudlowSph` with core fraction :math:`f_c = r_c / r_s`
      uniform in ``core_fraction_range``. Core-collapsed: ``"subhalos_collapsed"``, the truncated-NFW
      stand-in `NFWTruncatedSph` with a high concentration uniform in ``collapsed_concentration_range`` and
      the truncation radius of ``NFWTruncatedSph.from_m200_concentration`` (mean density
      ``truncation_factor`` times critical). The two counts are independent Poisson draws with means
      :math:`(1 - f_{\\rm coll}) \\bar N` and :math:`f_{\\rm coll} \\bar N` (a thinned Poisson process).
      An optional ``half_mode_mass`` suppresses them as for WDM.
    - ``model="sidm_yang24"``: one population ``"subhalos_sidm"`` of `YangSIDMMCRLudlowSph`, the Yang et al.
      (2024, arXiv:2305.16176) gravothermal haloes at the cross-section ``sigma_over_m`` (cm^2 g^-1 at
      ``velocity_ref`` km/s, :math:`\\sigma \\propto v^{-a}` with :math:`a` = ``velocity_exponent``) and
      halo age ``t_age`` (Gyr). Each subhalo's gravothermal time :math:`\\tau = t_{\\rm age} / t_c` follows
      from its drawn mass and concentration (`autogalaxy.profiles.mass.dark.yang24_mcr.tau_from`), so core
      formation (:math:`\\tau \\lesssim 0.5`) and core collapse (:math:`\\tau \\to 1`; the fits are
      truncated at :math:`\\tau = 1`) follow from the cross-section and the age instead of a fixed
      collapsed fraction; the draw records :math:`\\tau` and the evolved :math:`r_c / r_s` as ``f_c``.
      Every subhalo has the same age. An optional ``half_mode_mass`` suppresses masses and concentrations
      as for WDM (before :math:`\\tau` is computed).

    **Capacities and overflow.** A draw from a key fills a fixed number of slots per population
    (`capacities_from`: the Poisson quantile 1 - 1e-6 of the expected count). A count beyond the capacity
    cannot raise inside ``jax.jit``: the extra haloes are dropped and counted in the draw's ``dropped``.

    Examples
    --------
    .. code-block:: python

        sampler = al.SubhaloSampler(z_lens=0.5, z_source=1.0, sigma_sub=2e7, model="sidm",
                                    collapsed_fraction=0.2)
        capacity = sampler.capacities_from()

        @jax.jit
        def simulate(key, sigma_sub):
            sampler = al.SubhaloSampler(z_lens=0.5, z_source=1.0, sigma_sub=sigma_sub, model="sidm",
                                        collapsed_fraction=0.2)
            populations, draw = sampler.populations_from(capacity, key=key, return_draw=True)
            lens = al.Galaxy(redshift=0.5, mass=..., **populations)
            ...
            return image, draw      # draw: masses, centres, concentrations, f_c, n_live, dropped

    Parameters
    ----------
    z_lens, z_source
        The lens and source redshifts (concrete).
    sigma_sub
        :math:`\\Sigma_{\\rm sub}`, the projected mass density in CDM subhaloes between ``m_min`` and
        ``m_max``, in M_sun kpc^-2 (>= 0); may be traced.
    alpha
        The slope :math:`\\alpha` of :math:`dN/dm \\propto m^{-\\alpha}`; may be traced.
    m_min, m_max
        The mass range of :math:`M_{200}` in M_sun (concrete).
    radius_arcsec
        The radius of the disc the subhaloes lie in, in arc-seconds (concrete).
    centre
        The (y, x) centre of the disc in arc-seconds.
    model
        ``"cdm"``, ``"wdm"`` or ``"sidm"`` (fixes which populations there are).
    half_mode_mass
        The WDM half-mode mass in M_sun (> 0); required for ``"wdm"``, not allowed for ``"cdm"``; may be
        traced.
    wdm_coefficients
        The Lovell (2020) fit :math:`(a, b, g)` of the mass-function suppression; default the central-halo
        fit (`autolens.lens.dark_matter.LOVELL20_HALO`, suited to :math:`M_{200}`-like masses);
        `autolens.lens.dark_matter.LOVELL20_SUBHALO` is the fit to bound subhalo masses.
    core_fraction_range
        (low, high): the uniform distribution of :math:`f_c` of cored SIDM subhaloes; may be traced.
    collapsed_fraction
        The fraction of SIDM subhaloes that are core-collapsed, in [0, 1]; may be traced.
    collapsed_concentration_range
        (low, high): the uniform distribution of the core-collapsed stand-ins' concentrations.
    truncation_factor
        The overdensity (relative to critical) of the core-collapsed stand-ins' truncation radius.
    seed
        The seed of host draws (``numpy.random.default_rng``); draws from a key ignore it.
    sigma_over_m
        ``"sidm_yang24"`` only (required there): the self-interaction cross-section per unit mass in
        cm^2 g^-1 at ``velocity_ref`` (>= 0); may be traced.
    velocity_exponent
        ``"sidm_yang24"``: the index :math:`a < 8` of :math:`\\sigma(v) = \\sigma_0 (v / v_{\\rm ref})^{-a}`
        (0: a constant cross-section); may be traced.
    velocity_ref
        ``"sidm_yang24"``: :math:`v_{\\rm ref}` in km/s; may be traced.
    t_age
        ``"sidm_yang24"``: the subhaloes' age in Gyr; may be traced.
    """

    def __init__(
        self,
        z_lens: float,
        z_source: float,
        sigma_sub,
        alpha=1.9,
        m_min: float = 1.0e7,
        m_max: float = 1.0e10,
        radius_arcsec: float = 2.0,
        centre: Tuple[float, float] = (0.0, 0.0),
        model: str = "cdm",
        half_mode_mass=None,
        wdm_coefficients=dark_matter.LOVELL20_HALO,
        core_fraction_range=(0.05, 0.15),
        collapsed_fraction=0.0,
        collapsed_concentration_range=(60.0, 100.0),
        truncation_factor: float = 100.0,
        seed: Optional[int] = None,
        sigma_over_m=None,
        velocity_exponent=0.0,
        velocity_ref=10.0,
        t_age=10.0,
    ):
        if model not in _MODELS:
            raise ValueError(f"SubhaloSampler: model must be one of {_MODELS}, got {model!r}")
        if model == "wdm" and half_mode_mass is None:
            raise ValueError("SubhaloSampler: model='wdm' needs half_mode_mass (M_sun)")
        if model == "cdm" and half_mode_mass is not None:
            raise ValueError(
                "SubhaloSampler: model='cdm' takes no half_mode_mass; use model='wdm' for warm dark matter"
            )
        if model == "sidm_yang24" and sigma_over_m is None:
            raise ValueError(
                "SubhaloSampler: model='sidm_yang24' needs sigma_over_m (cm^2 / g at velocity_ref)"
            )
        if model != "sidm_yang24" and sigma_over_m is not None:
            raise ValueError(
                f"SubhaloSampler: sigma_over_m is the cross-section of model='sidm_yang24', not of "
                f"model={model!r}"
            )
        if model == "sidm_yang24":
            try:
                exponent = float(velocity_exponent)
            except TypeError:  # traced: the caller keeps it below 8
                exponent = None
            if exponent is not None and not exponent < 8.0:
                raise ValueError(
                    "SubhaloSampler: velocity_exponent must be < 8 (the Maxwell-Boltzmann average of "
                    f"sigma v^5 diverges otherwise), got {exponent}"
                )
        if not 0.0 < float(m_min) < float(m_max):
            raise ValueError(
                f"SubhaloSampler: needs 0 < m_min < m_max, got m_min={m_min}, m_max={m_max}"
            )
        if not float(radius_arcsec) > 0.0:
            raise ValueError(f"SubhaloSampler: radius_arcsec must be > 0, got {radius_arcsec}")
        self.z_lens = z_lens
        self.z_source = z_source
        self.sigma_sub = sigma_sub
        self.alpha = alpha
        self.m_min = m_min
        self.m_max = m_max
        self.radius_arcsec = radius_arcsec
        self.centre = centre
        self.model = model
        self.half_mode_mass = half_mode_mass
        self.wdm_coefficients = tuple(wdm_coefficients)
        self.core_fraction_range = core_fraction_range
        self.collapsed_fraction = collapsed_fraction
        self.collapsed_concentration_range = collapsed_concentration_range
        self.truncation_factor = truncation_factor
        self.seed = seed
        self.sigma_over_m = sigma_over_m
        self.velocity_exponent = velocity_exponent
        self.velocity_ref = velocity_ref
        self.t_age = t_age

    @property
    def population_names(self) -> Tuple[str, ...]:
        """The populations of the model, in the order they are drawn."""
        if self.model == "sidm":
            return ("subhalos_cored", "subhalos_collapsed")
        if self.model == "sidm_yang24":
            return ("subhalos_sidm",)
        return ("subhalos_tnfw",)

    def _xp(self, *values):
        from autogalaxy.profiles.mass.dark.mcr_util import xp_from

        return xp_from(
            self.sigma_sub,
            self.alpha,
            self.half_mode_mass,
            self.collapsed_fraction,
            *np.ravel(np.asarray(self.core_fraction_range, dtype=object)),
            self.sigma_over_m,
            self.velocity_exponent,
            self.velocity_ref,
            self.t_age,
            *values,
        )

    def _lensing_quantities(self):
        from autogalaxy.profiles.mass.dark.mcr_util import planck15_lensing_quantities_from

        return planck15_lensing_quantities_from(self.z_lens, self.z_source)

    def _mass_function_table(self, xp):
        half_mode_mass = 0.0 if self.half_mode_mass is None else self.half_mode_mass
        return dark_matter.mass_function_table_from(
            self.m_min,
            self.m_max,
            self.alpha,
            half_mode_mass,
            xp=xp,
            coefficients=self.wdm_coefficients,
        )

    def _expected_counts(self, table) -> Dict[str, object]:
        _, _, kpc_per_arcsec = self._lensing_quantities()
        area_kpc2 = np.pi * (self.radius_arcsec * kpc_per_arcsec) ** 2
        total = self.sigma_sub * area_kpc2 * table.number / table.mass_cdm
        if self.model == "sidm":
            return {
                "subhalos_cored": total * (1.0 - self.collapsed_fraction),
                "subhalos_collapsed": total * self.collapsed_fraction,
            }
        return {self.population_names[0]: total}

    def expected_counts(self, xp=None) -> Dict[str, object]:
        """
        The mean number of subhaloes of each population (the Poisson means), a dict by population name;
        traced when the dark-matter parameters are.
        """
        return self._expected_counts(self._mass_function_table(xp or self._xp()))

    def capacities_from(self, quantile: float = 1.0 - 1.0e-6) -> Dict[str, int]:
        """
        The slots of each population for draws from a key: the ``quantile`` quantile of its Poisson count
        (`autolens.lens.dark_matter.poisson_capacity_from`), so a draw drops subhaloes of a population with
        probability at most ``1 - quantile``. Host-side: the dark-matter parameters must be concrete (for a
        traced model, call it on a sampler of the largest parameters of the prior and pass the result).

        Returns
        -------
        A dict from population name to capacity (>= 1).
        """
        try:
            counts = {name: float(n) for name, n in self.expected_counts(xp=np).items()}
        except TypeError as error:
            raise TypeError(
                "SubhaloSampler.capacities_from needs concrete dark-matter parameters: build a sampler "
                "with the largest values of the prior on the host and pass its capacities"
            ) from error
        return {
            name: dark_matter.poisson_capacity_from(mean, quantile) for name, mean in counts.items()
        }

    def _capacities(self, capacity) -> Dict[str, int]:
        if capacity is None:
            return self.capacities_from()
        if isinstance(capacity, dict):
            missing = [n for n in self.population_names if n not in capacity]
            if missing:
                raise ValueError(
                    f"SubhaloSampler: capacity has no entry for {missing} (populations "
                    f"{self.population_names})"
                )
            return {n: int(capacity[n]) for n in self.population_names}
        return {n: int(capacity) for n in self.population_names}

    def draw_from(self, capacity: Union[None, int, Dict[str, int]] = None, *, key=None):
        """
        Draw the subhaloes: from ``key`` (JAX, traceable under ``jax.jit`` / ``jax.vmap``) or, without a key,
        on the host from ``seed`` (NumPy).

        Per population, in the order of `population_names`: the Poisson count, masses by the inverse CDF of
        the tabulated mass function (`autolens.lens.dark_matter.masses_from_uniform`), positions uniform in
        the disc, the concentration scatter (standard normal, in units of 0.15 dex), then ``f_c`` (cored) or
        the concentration (core-collapsed), or :math:`\\tau` and the evolved :math:`r_c / r_s`
        (``"sidm_yang24"``, which uses no extra uniform).

        Parameters
        ----------
        capacity
            The slots of each population: one number, a dict by population name, or None for
            `capacities_from()`. On the host None means exactly the drawn counts (no padding); a count above
            a given capacity raises there.
        key
            A JAX PRNG key. Keyword only.

        Returns
        -------
        A dict from population name to `autolens.lens.dark_matter.HaloDraw`.
        """
        if key is None:
            return self._draw_host(capacity)
        return self._draw_key(key, self._capacities(capacity))

    def _concentrations_from(self, masses, scatter_sigma, xp):
        """Ludlow16 with scatter and, for WDM, the Bose et al. (2016) factor; also returns c_Ludlow16."""
        from autogalaxy.profiles.mass.dark import mcr_util

        if xp is np:
            # Every mass in one call (Ludlow16 takes arrays on NumPy).
            c_ludlow = np.asarray(
                mcr_util.ludlow16_concentration_from(
                    np.asarray(masses, dtype=float), self.z_lens, xp=np
                ),
                dtype=float,
            )
        else:
            import jax

            c_ludlow = jax.vmap(
                lambda m: mcr_util.ludlow16_concentration_from(m, self.z_lens, xp=xp)
            )(masses)
        concentration = mcr_util.concentration_with_scatter_from(c_ludlow, scatter_sigma, xp=xp)
        if self.half_mode_mass is not None:
            concentration = concentration * dark_matter.wdm_concentration_suppression_from(
                masses, self.half_mode_mass, self.z_lens, xp=xp
            )
        return concentration, c_ludlow

    def _yang24_tau_and_core_fraction_from(self, masses, concentration, xp):
        """
        The gravothermal time :math:`\\tau = t_{\\rm age} / t_c` of Yang et al. (2024) subhaloes of
        :math:`M_{200}` ``masses`` and concentration ``concentration`` (the CDM NFW halo's :math:`\\rho_s`,
        :math:`r_s`, then `yang24_mcr.nu_eff_km_s_from`, `sigma_eff_over_m_from` and `tau_from`, the
        arithmetic of `yang24_mcr.yang24_ludlow_parameters_from` on given concentrations) and the evolved
        profile's :math:`r_c / r_s` (`yang24.yang24_lensing_parameters_from`).
        """
        from autogalaxy.profiles.mass.dark import mcr_util, yang24, yang24_mcr

        critical_density, sigma_cr, kpc_per_arcsec = self._lensing_quantities()
        kappa_s, scale_radius, _ = mcr_util.nfw_kappa_s_and_scale_radius_from(
            mass_at_200=masses,
            concentration=concentration,
            critical_density=critical_density,
            critical_surface_density=sigma_cr,
            kpc_per_arcsec=kpc_per_arcsec,
            xp=xp,
        )
        scale_radius_kpc = scale_radius * kpc_per_arcsec
        rho_s = kappa_s * sigma_cr / scale_radius_kpc
        nu_eff = yang24_mcr.nu_eff_km_s_from(rho_s=rho_s, scale_radius_kpc=scale_radius_kpc, xp=xp)
        sigma_eff = yang24_mcr.sigma_eff_over_m_from(
            sigma_over_m=self.sigma_over_m,
            velocity_exponent=self.velocity_exponent,
            velocity_ref=self.velocity_ref,
            nu_eff_km_s=nu_eff,
            xp=xp,
        )
        tau = yang24_mcr.tau_from(
            sigma_eff_over_m=sigma_eff,
            t_age=self.t_age,
            rho_s=rho_s,
            scale_radius_kpc=scale_radius_kpc,
            xp=xp,
        )
        _, scale_radius_evolved, core_radius = yang24.yang24_lensing_parameters_from(
            kappa_s=kappa_s, scale_radius=scale_radius, tau=tau, xp=xp
        )
        return tau, core_radius / scale_radius_evolved

    def _draw_key(self, key, capacities):
        import jax
        import jax.numpy as jnp

        table = self._mass_function_table(jnp)
        means = self._expected_counts(table)
        names = self.population_names
        sizes = [capacities[name] for name in names]
        offsets = np.cumsum([0, *sizes])
        total = int(offsets[-1])
        # One random call per kind over the slots of every population (one Poisson loop to compile).
        k_count, k_mass, k_radius, k_angle, k_scatter, k_extra = jax.random.split(key, 6)
        n_live, dropped = dark_matter.poisson_count_from(
            k_count, jnp.stack([jnp.asarray(means[name], dtype=float) for name in names]),
            jnp.asarray(sizes),
        )
        masses = dark_matter.masses_from_uniform(jax.random.uniform(k_mass, (total,)), table, xp=jnp)
        positions = jnp.asarray(self.centre, dtype=float) + dark_matter.positions_in_circle_from(
            jax.random.uniform(k_radius, (total,)),
            jax.random.uniform(k_angle, (total,)),
            self.radius_arcsec,
            xp=jnp,
        )
        scatter = jax.random.normal(k_scatter, (total,))
        extra = jax.random.uniform(k_extra, (total,))
        draws = {}
        for i, name in enumerate(names):
            part = slice(offsets[i], offsets[i + 1])
            draws[name] = self._halo_draw(
                name, positions[part], masses[part], scatter[part], extra[part], n_live[i], dropped[i], jnp
            )
        return draws

    def _draw_host(self, capacity):
        table = self._mass_function_table(np)
        means = self._expected_counts(table)
        rng = np.random.default_rng(self.seed)
        draws = {}
        for name in self.population_names:
            n = int(rng.poisson(float(means[name])))
            size = n
            if capacity is not None:
                size = self._capacities(capacity)[name]
                if n > size:
                    raise ValueError(
                        f"SubhaloSampler: {n} {name} drawn, more than the capacity of {size}; pass a "
                        f"larger capacity"
                    )
            masses = dark_matter.masses_from_uniform(rng.random(n), table, xp=np)
            positions = np.asarray(self.centre, dtype=float) + dark_matter.positions_in_circle_from(
                rng.random(n), rng.random(n), self.radius_arcsec, xp=np
            )
            scatter = rng.standard_normal(n)
            extra = rng.random(n)

            # Slots beyond the count repeat the last halo (or a harmless default): never live.
            def padded(values, fill):
                values = np.asarray(values, dtype=float)
                pad = np.full((size - n,) + values.shape[1:], fill, dtype=float)
                return np.concatenate([values, pad])

            draws[name] = self._halo_draw(
                name,
                padded(positions.reshape(n, 2), 0.0),
                padded(masses, 1.0e9),
                padded(scatter, 0.0),
                padded(extra, 0.5),
                n,
                0,
                np,
            )
        return draws

    def _halo_draw(self, name, positions, masses, scatter, extra, n_live, dropped, xp):
        """The `HaloDraw` of one population from its masses, positions and uniform/normal numbers."""
        tau = xp.zeros_like(masses)
        if name == "subhalos_collapsed":
            low, high = self.collapsed_concentration_range
            concentration = low + (high - low) * extra
            f_c = xp.zeros_like(masses)
        elif name == "subhalos_sidm":
            concentration, _ = self._concentrations_from(masses, scatter, xp)
            tau, f_c = self._yang24_tau_and_core_fraction_from(masses, concentration, xp)
        else:
            concentration, _ = self._concentrations_from(masses, scatter, xp)
            if name == "subhalos_cored":
                low, high = self.core_fraction_range
                f_c = low + (high - low) * extra
            else:
                f_c = xp.zeros_like(masses)
        return dark_matter.HaloDraw(
            centre=positions,
            mass_at_200=masses,
            concentration=concentration,
            f_c=f_c,
            n_live=n_live,
            dropped=dropped,
            tau=tau,
        )

    def populations_from_draw(self, draw, chunk_size: int = 32) -> Dict[str, ag.mp.HaloPopulation]:
        """
        The `HaloPopulation` of each population of a draw (`draw_from`), a dict by population name to pass
        to the lens ``Galaxy`` as attributes (``ag.Galaxy(redshift=z_lens, mass=..., **populations)``).

        The MCR populations store :math:`M_{200}` and the scatter that gives the drawn concentration,
        ``(log10 c - log10 c_Ludlow16) / 0.15``; the core-collapsed stand-ins store the ``NFWTruncatedSph``
        parameters of their mass and concentration (``NFWTruncatedSph.from_m200_concentration``'s mapping,
        Planck15); the Yang et al. (2024) haloes store :math:`M_{200}`, that scatter and the cross-section
        and age of the sampler (`YangSIDMMCRLudlowSph`, whose mapping gives back the recorded :math:`\\tau`).
        """
        from autogalaxy.profiles.mass.dark.mcr_util import xp_from

        from autolens.lens import los

        populations = {}
        for name in self.population_names:
            halo = draw[name]
            xp = xp_from(halo.mass_at_200, halo.concentration, halo.centre, halo.f_c, halo.n_live)
            capacity = halo.mass_at_200.shape[-1]
            common = dict(
                centre=halo.centre, capacity=capacity, chunk_size=chunk_size, n_live=halo.n_live
            )
            if name == "subhalos_collapsed":
                critical_density, sigma_cr, kpc_per_arcsec = self._lensing_quantities()
                tau = los.truncation_tau_fixed_iterations_from(
                    halo.concentration, self.truncation_factor, xp=xp
                )
                kappa_s, scale_radius, truncation_radius = los._tnfw_parameters_from(
                    halo.mass_at_200,
                    halo.concentration,
                    tau,
                    critical_density,
                    sigma_cr,
                    kpc_per_arcsec,
                    xp=xp,
                )
                populations[name] = ag.mp.HaloPopulation.from_arrays(
                    ag.mp.NFWTruncatedSph,
                    kappa_s=kappa_s,
                    scale_radius=scale_radius,
                    truncation_radius=truncation_radius,
                    **common,
                )
                continue
            _, c_ludlow = self._concentrations_from(halo.mass_at_200, 0.0, xp)
            scatter_sigma = (xp.log10(halo.concentration) - xp.log10(c_ludlow)) / 0.15
            mcr = dict(
                mass_at_200=halo.mass_at_200,
                scatter_sigma=scatter_sigma,
                redshift_object=self.z_lens,
                redshift_source=self.z_source,
            )
            if name == "subhalos_cored":
                populations[name] = ag.mp.HaloPopulation.from_arrays(
                    ag.mp.cNFWMCRScatterLudlowSph, f_c=halo.f_c, **mcr, **common
                )
            elif name == "subhalos_sidm":
                populations[name] = ag.mp.HaloPopulation.from_arrays(
                    ag.mp.YangSIDMMCRLudlowSph,
                    sigma_over_m=self.sigma_over_m,
                    velocity_exponent=self.velocity_exponent,
                    velocity_ref=self.velocity_ref,
                    t_age=self.t_age,
                    **mcr,
                    **common,
                )
            else:
                populations[name] = ag.mp.HaloPopulation.from_arrays(
                    ag.mp.NFWTruncatedMCRScatterLudlowSph, **mcr, **common
                )
        return populations

    def populations_from(
        self,
        capacity: Union[None, int, Dict[str, int]] = None,
        chunk_size: int = 32,
        *,
        key=None,
        return_draw: bool = False,
    ):
        """
        Draw the subhaloes (`draw_from`) and return their populations (`populations_from_draw`).

        Parameters
        ----------
        capacity
            As `draw_from`.
        chunk_size
            How many haloes each population evaluates at once (see `HaloPopulation`).
        key
            A JAX PRNG key (keyword only); without it the draw is made on the host from ``seed``.
        return_draw
            If True, also return the draw (a dict of `autolens.lens.dark_matter.HaloDraw`: masses, centres,
            concentrations, f_c, live and dropped counts, tau), what a simulation records.

        Returns
        -------
        A dict from population name to `HaloPopulation`, or ``(populations, draw)``.
        """
        draw = self.draw_from(capacity, key=key)
        populations = self.populations_from_draw(draw, chunk_size=chunk_size)
        if return_draw:
            return populations, draw
        return populations
