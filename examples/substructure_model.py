"""
The model of ``examples/simulate_substructure.py``: one substructure lens image from one PRNG key.

    model = model_from("R", dm="cdm", dm_parameters=DM_DEFAULTS["cdm"])
    out = jax.jit(jax.vmap(lambda key: simulate(model, key, dm_parameters)))(keys)   # a dict of arrays

`simulate` is a pure function of its key: theta (macro lens and source, from `PRIORS`), the lens-plane
subhaloes (``al.SubhaloSampler``, from the dark-matter model), the line of sight (``al.LOSSampler``) and
the Poisson noise are all drawn from it inside the traced function, with fixed capacities, so one
compilation serves every key; the dark-matter parameters are traced too. Everything is library API; the
fixed set-up (grid, PSF, exposure, sky, LOS geometry and mass-function coefficients) is that of the
workloads S and R of ``integration_tests/workloads.py``.
"""

from dataclasses import dataclass

Z_LENS, Z_SOURCE = 0.5, 1.0

#: theta: (kind, a, b, shape); "uniform" is U(a, b), "normal" N(a, b). Arc-seconds; intensity in counts / s.
PRIORS = {
    "einstein_radius": ("uniform", 1.0, 1.4, ()),
    "slope": ("uniform", 1.9, 2.2, ()),
    "lens_ell_comps": ("normal", 0.0, 0.05, (2,)),
    "shear": ("normal", 0.0, 0.02, (2,)),
    "source_centre": ("uniform", -0.15, 0.15, (2,)),
    "source_ell_comps": ("normal", 0.0, 0.1, (2,)),
    "source_intensity": ("uniform", 0.2, 0.5, ()),
    "source_effective_radius": ("uniform", 0.2, 0.5, ()),
    "source_sersic_index": ("uniform", 1.0, 3.0, ()),
}

#: The dark-matter models and their parameters (al.SubhaloSampler's; sigma_sub in M_sun kpc^-2, masses M_sun).
#: sigma_sub = 4e6 gives ~22 CDM subhaloes of 1e7-1e10 M_sun within 2", as many as workload R has.
DM_DEFAULTS = {
    "cdm": dict(sigma_sub=4e6, alpha=1.9),
    "wdm": dict(sigma_sub=4e6, alpha=1.9, half_mode_mass=1e8),
    "sidm": dict(sigma_sub=4e6, alpha=1.9, f_c_low=0.05, f_c_high=0.15, collapsed_fraction=0.25),
}


@dataclass(frozen=True, eq=False)
class Model:
    """What is fixed from image to image: the grid, the simulator, the LOS sampler and the capacities."""

    workload: str
    dm: str
    grid: object
    simulator: object
    los_sampler: object
    los_capacity: tuple
    subhalo_capacity: dict


def subhalo_sampler_from(dm, dm_parameters):
    """The lens-plane subhaloes of dark-matter model ``dm`` (parameters concrete or traced)."""
    import autolens as al

    p = dm_parameters
    extra = dict(
        cdm={},
        wdm=dict(half_mode_mass=p.get("half_mode_mass")),
        sidm=dict(core_fraction_range=(p.get("f_c_low"), p.get("f_c_high")),
                  collapsed_fraction=p.get("collapsed_fraction")),
    )[dm]
    return al.SubhaloSampler(
        z_lens=Z_LENS, z_source=Z_SOURCE, sigma_sub=p["sigma_sub"], alpha=p["alpha"],
        m_min=1e7, m_max=1e10, radius_arcsec=2.0, model=dm, **extra,
    )


def model_from(workload, dm, dm_parameters, precision="float64"):
    import numpy as np
    import jax
    import autolens as al
    from integration_tests import workloads as w  # the numbers of workloads S and R

    spec = w.spec_from(workload)
    coefficients = w.los_coefficients(spec)
    grid = al.Grid2D.uniform(
        shape_native=spec.shape_native, pixel_scales=spec.pixel_scales, over_sample_size=spec.over_sample_size
    )
    psf = al.Convolver.from_gaussian(
        shape_native=(11, 11), pixel_scales=spec.pixel_scales, sigma=0.1, normalize=True
    )
    simulator = al.SimulatorImaging(
        exposure_time=1000.0, background_sky_level=0.1, psf=psf, use_jax=True, key=jax.random.key(0),
        precision=precision,
    )
    los_sampler = al.LOSSampler(
        z_lens=Z_LENS, z_source=Z_SOURCE, m_min=1e7, m_max=1e10, c_scatter=0.15, truncation_factor=100.0,
        planes_before_lens=spec.planes_before_lens, planes_after_lens=spec.planes_after_lens,
        cone_radius_arcsec=spec.cone_radius_arcsec, cosmology=w.cosmology(),
        mass_function_coefficients=np.asarray(coefficients["mass_function_coefficients"]),
        mass_concentration_coefficients=np.asarray(coefficients["mass_concentration_coefficients"]),
        **{k: v for k, v in dm_parameters.items() if k == "half_mode_mass"},  # WDM: the LOS too
    )
    return Model(
        workload=spec.name, dm=dm, grid=grid, simulator=simulator, los_sampler=los_sampler,
        los_capacity=los_sampler.capacities_from(),  # the Poisson quantile 1 - 1e-6 of each plane's count
        subhalo_capacity=subhalo_sampler_from(dm, dm_parameters).capacities_from(),
    )


def theta_from(key):
    """theta drawn from `PRIORS`: a dict of JAX arrays."""
    import jax

    theta = {}
    for (name, (kind, a, b, shape)), k in zip(PRIORS.items(), jax.random.split(key, len(PRIORS))):
        if kind == "uniform":
            theta[name] = jax.random.uniform(k, shape, minval=a, maxval=b)
        else:
            theta[name] = a + b * jax.random.normal(k, shape)
    return theta


def tracer_from(theta, subhalos, los):
    """PowerLaw + ExternalShear lens holding the subhalo populations, a SersicCore source, the LOS planes."""
    import autogalaxy as ag
    import autolens as al

    lens = ag.Galaxy(
        redshift=Z_LENS,
        mass=ag.mp.PowerLaw(
            centre=(0.0, 0.0), ell_comps=tuple(theta["lens_ell_comps"]),
            einstein_radius=theta["einstein_radius"], slope=theta["slope"],
        ),
        shear=ag.mp.ExternalShear(gamma_1=theta["shear"][0], gamma_2=theta["shear"][1]),
        **subhalos,
    )
    source = ag.Galaxy(
        redshift=Z_SOURCE,
        light=ag.lp.SersicCore(
            centre=tuple(theta["source_centre"]), ell_comps=tuple(theta["source_ell_comps"]),
            intensity=theta["source_intensity"], effective_radius=theta["source_effective_radius"],
            sersic_index=theta["source_sersic_index"],
        ),
    )
    return al.Tracer(galaxies=[lens, source, *los])


def simulate(model, key, dm_parameters):
    """One image and everything drawn for it, as a dict of arrays: a pure function of ``key``."""
    import jax
    import autolens as al

    key_theta, key_subhalos, key_los, key_noise = jax.random.split(key, 4)
    theta = theta_from(key_theta)
    subhalos, subhalo_draw = subhalo_sampler_from(model.dm, dm_parameters).populations_from(
        model.subhalo_capacity, key=key_subhalos, return_draw=True
    )
    los_draw = model.los_sampler.draw_from(key=key_los, capacity=model.los_capacity)
    los = model.los_sampler.population_galaxies_from_draw(los_draw)
    dataset, noise_free = al.substructure.imaging_and_noise_free_from(  # the rays are traced once
        simulator=model.simulator, tracer=tracer_from(theta, subhalos, los), grid=model.grid, key=key_noise
    )
    return dict(
        images=dataset.data.native.array,
        noise_maps=dataset.noise_map.native.array,
        noise_free=noise_free.native.array,
        theta=theta,
        subhalos={name: draw._asdict() for name, draw in subhalo_draw.items()},
        los=dict(n_live=jax.numpy.stack([p.n_live for p in los_draw]),
                 dropped=jax.numpy.stack([p.dropped for p in los_draw])),
        dm=dict(dm_parameters),
    )
