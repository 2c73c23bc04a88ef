"""
The two reference workloads, S (tests) and R (benchmarks, demo), built from the real library API.

Only what defines S and R lives here (their numbers, and their objects built with ``al.Grid2D.uniform``,
``al.Convolver.from_gaussian``, ``al.SimulatorImaging``, ``al.LOSSampler``, ``ag.mp.HaloPopulation``); the
general building blocks are library API (``al.substructure``, ``al.SubhaloSampler``, ...), and the main
job (``examples/substructure_model.py``) takes its fixed set-up from here.

This is the one place where they are defined (see ``shared/workloads.md`` of the steering side, copied
in spirit here: nothing at run time reads ``../shared``). Tests, benchmarks and examples import it, so
every figure is measured on the same work::

    from integration_tests import workloads

    spec = workloads.WORKLOADS["S"]
    tracer = workloads.tracer_from(spec, los_seed=1)
    dataset = workloads.simulator_from(spec).via_tracer_from(tracer=tracer, grid=workloads.grid_from(spec))

Common to both: one shared ``Planck15`` cosmology; a lens at z = 0.5 (``PowerLaw`` + ``ExternalShear``);
a ``SersicCore`` source at z = 1.0; a line of sight drawn by ``LOSSampler`` with the per-plane
coefficients of ``data/los_coefficients.json`` (so neither hmf nor colossus is needed) plus its
negative-kappa sheets; a normalised 11x11 Gaussian PSF of sigma 0.1"; and
``SimulatorImaging(exposure_time=1000, background_sky_level=0.1)`` with Poisson noise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Optional, Tuple

import numpy as np

import autogalaxy as ag
import autolens as al
from autolens.lens.los import LOSSampler

DATA_DIR = Path(__file__).parent / "data"

Z_LENS = 0.5
Z_SOURCE = 1.0

#: The macro-lens parameters of theta, at their reference values.
MACRO_DEFAULTS = dict(
    centre=(0.0, 0.0),
    ell_comps=(0.05, -0.03),
    einstein_radius=1.2,
    slope=2.1,
    gamma_1=0.02,
    gamma_2=-0.01,
)

#: The source parameters of theta, at their reference values.
SOURCE_DEFAULTS = dict(
    centre=(0.05, 0.05),
    ell_comps=(0.1, 0.0),
    intensity=0.3,
    effective_radius=0.3,
    sersic_index=1.5,
)

#: LOSSampler settings common to both workloads.
LOS_DEFAULTS = dict(
    z_lens=Z_LENS,
    z_source=Z_SOURCE,
    m_min=1e7,
    m_max=1e10,
    c_scatter=0.15,
    truncation_factor=100.0,
)


@dataclass(frozen=True)
class WorkloadSpec:
    """
    The fixed configuration of one reference workload.

    Parameters
    ----------
    name
        ``"S"`` or ``"R"``.
    shape_native
        The (y, x) shape of the image in pixels.
    pixel_scales
        The arc-second size of one pixel.
    over_sample_size
        The uniform over-sampling of every pixel (1 for S, 2 for R).
    planes_before_lens, planes_after_lens, cone_radius_arcsec
        The `LOSSampler` geometry; the light cone has ``planes_before_lens + planes_after_lens + 1``
        planes, one of them at z_lens (S: 5, R: 9).
    n_planes
        The number of planes of the resulting `Tracer` (LOS redshifts plus the source).
    los_capacity
        The halo slots of each LOS plane's `HaloPopulation` (ascending redshift): about the mean count
        plus six Poisson sigmas, rounded up to whole chunks of 32, so every draw fits one layout.
    """

    name: str
    shape_native: Tuple[int, int]
    pixel_scales: float
    over_sample_size: int
    planes_before_lens: int
    planes_after_lens: int
    cone_radius_arcsec: float
    n_planes: int
    los_capacity: Tuple[int, ...]

    @property
    def coefficients_key(self) -> str:
        return f"{self.planes_before_lens}_{self.planes_after_lens}"


WORKLOADS = {
    "S": WorkloadSpec(
        name="S",
        shape_native=(50, 50),
        pixel_scales=0.1,
        over_sample_size=1,
        planes_before_lens=2,
        planes_after_lens=2,
        cone_radius_arcsec=1.75,
        n_planes=6,
        # Mean counts over 12 seeds: 4.5, 16, 29, 25, 27 (max 9, 23, 36, 33, 41).
        los_capacity=(32, 64, 64, 64, 64),
    ),
    "R": WorkloadSpec(
        name="R",
        shape_native=(100, 100),
        pixel_scales=0.05,
        over_sample_size=2,
        planes_before_lens=4,
        planes_after_lens=4,
        cone_radius_arcsec=4.5,
        n_planes=10,
        # Mean counts over 12 seeds: 6, 25, 50, 89, 121, 139, 152, 166, 271 (max 14 ... 292).
        los_capacity=(32, 64, 96, 160, 192, 224, 256, 256, 384),
    ),
}


def spec_from(workload) -> WorkloadSpec:
    """Return the `WorkloadSpec` of ``workload`` (a spec or its name), with a clear error otherwise."""
    if isinstance(workload, WorkloadSpec):
        return workload
    try:
        return WORKLOADS[workload]
    except KeyError:
        raise ValueError(
            f"Unknown workload {workload!r}: choose one of {sorted(WORKLOADS)}"
        ) from None


@lru_cache(maxsize=None)
def cosmology() -> ag.cosmo.Planck15:
    """The one ``Planck15`` instance every object of the workloads shares."""
    return ag.cosmo.Planck15()


@lru_cache(maxsize=None)
def los_coefficients(workload) -> dict:
    """The per-plane mass-function and mass-concentration coefficients of ``workload``'s LOS planes."""
    spec = spec_from(workload)
    with open(DATA_DIR / "los_coefficients.json") as f:
        return json.load(f)[spec.coefficients_key]


def grid_from(workload) -> al.Grid2D:
    """The image-plane grid of ``workload`` (S: 50x50 at 0.1"; R: 100x100 at 0.05", 2x2 over-sampled)."""
    spec = spec_from(workload)
    return al.Grid2D.uniform(
        shape_native=spec.shape_native,
        pixel_scales=spec.pixel_scales,
        over_sample_size=spec.over_sample_size,
    )


def psf_from(workload) -> al.Convolver:
    """A normalised 11x11 Gaussian PSF of sigma 0.1" at ``workload``'s pixel scale."""
    spec = spec_from(workload)
    return al.Convolver.from_gaussian(
        shape_native=(11, 11),
        pixel_scales=spec.pixel_scales,
        sigma=0.1,
        normalize=True,
    )


def simulator_from(workload, **kwargs) -> al.SimulatorImaging:
    """
    The workload's ``SimulatorImaging`` (exposure 1000 s, sky 0.1, Poisson noise on, its PSF).

    Extra keyword arguments (e.g. ``noise_seed``, ``use_jax``) are passed on.
    """
    kwargs.setdefault("add_poisson_noise_to_data", True)
    return al.SimulatorImaging(
        exposure_time=1000.0,
        background_sky_level=0.1,
        psf=psf_from(workload),
        **kwargs,
    )


def los_sampler_from(workload, seed: int) -> LOSSampler:
    """A ``LOSSampler`` of the workload's geometry with the shipped coefficients, seeded by ``seed``."""
    spec = spec_from(workload)
    coefficients = los_coefficients(spec)
    return LOSSampler(
        planes_before_lens=spec.planes_before_lens,
        planes_after_lens=spec.planes_after_lens,
        cone_radius_arcsec=spec.cone_radius_arcsec,
        cosmology=cosmology(),
        mass_function_coefficients=np.asarray(
            coefficients["mass_function_coefficients"]
        ),
        mass_concentration_coefficients=np.asarray(
            coefficients["mass_concentration_coefficients"]
        ),
        seed=seed,
        **LOS_DEFAULTS,
    )


def los_galaxies_from(workload, seed: int) -> List[ag.Galaxy]:
    """One LOS draw: a ``Galaxy`` per halo and one negative-kappa sheet galaxy per plane."""
    return los_sampler_from(workload, seed=seed).galaxies_from()


def los_population_galaxies_from(workload, seed: int) -> List[ag.Galaxy]:
    """One LOS draw as one galaxy per plane, holding its haloes as a `HaloPopulation` and its sheet."""
    spec = spec_from(workload)
    return los_sampler_from(spec, seed=seed).population_galaxies_from(
        capacity=spec.los_capacity
    )


#: The slots of each lens-plane subhalo class in population form (S has 3/1/1 members, R 10/5/5).
SUBHALO_CAPACITY = {
    ag.mp.NFWTruncatedMCRLudlowSph: 16,
    ag.mp.cNFWMCRLudlowSph: 8,
    ag.mp.NFWTruncatedSph: 8,
}


def _disc_positions(rng, n: int, radius: float) -> np.ndarray:
    """``n`` (y, x) positions uniform in a disc of ``radius`` arc-seconds."""
    r = radius * np.sqrt(rng.uniform(size=n))
    phi = rng.uniform(0.0, 2.0 * np.pi, size=n)
    return np.stack([r * np.sin(phi), r * np.cos(phi)], axis=1)


def subhalo_profiles_from(workload, seed: Optional[int] = 0) -> list:
    """
    The lens-plane subhaloes of ``workload`` (all at z = 0.5, within 2" of the lens centre).

    S: a fixed set of 5: three ``NFWTruncatedMCRLudlowSph``, one ``cNFWMCRLudlowSph`` and one
    high-concentration ``NFWTruncatedSph`` (a core-collapsed stand-in).

    R: 20 drawn with ``numpy.random.default_rng(seed)``: 10 ``NFWTruncatedMCRLudlowSph`` with M200
    log-uniform in [1e7, 1e10] M_sun, 5 ``cNFWMCRLudlowSph`` (same mass range, f_c uniform in
    [0.05, 0.15]) and 5 core-collapsed stand-ins, ``NFWTruncatedSph`` with concentration uniform in
    [60, 100] (same mass range), positions uniform in the 2" disc.
    """
    spec = spec_from(workload)
    mcr = dict(redshift_object=Z_LENS, redshift_source=Z_SOURCE)
    tnfw = dict(
        redshift_halo=Z_LENS,
        redshift_source=Z_SOURCE,
        cosmology=cosmology(),
        truncation_factor=LOS_DEFAULTS["truncation_factor"],
    )

    if spec.name == "S":
        return [
            ag.mp.NFWTruncatedMCRLudlowSph(centre=(1.1, 0.3), mass_at_200=1e9, **mcr),
            ag.mp.NFWTruncatedMCRLudlowSph(centre=(-0.4, 1.05), mass_at_200=3e8, **mcr),
            ag.mp.NFWTruncatedMCRLudlowSph(centre=(-0.9, -0.8), mass_at_200=1e8, **mcr),
            ag.mp.cNFWMCRLudlowSph(centre=(0.6, -1.0), mass_at_200=5e8, f_c=0.1, **mcr),
            ag.mp.NFWTruncatedSph.from_m200_concentration(
                centre=(0.2, 1.3), m200_solar_mass=2e8, concentration=80.0, **tnfw
            ),
        ]

    rng = np.random.default_rng(seed)
    masses = 10.0 ** rng.uniform(7.0, 10.0, size=20)
    centres = _disc_positions(rng, n=20, radius=2.0)
    f_c = rng.uniform(0.05, 0.15, size=5)
    concentrations = rng.uniform(60.0, 100.0, size=5)
    profiles = [
        ag.mp.NFWTruncatedMCRLudlowSph(
            centre=tuple(centres[i]), mass_at_200=masses[i], **mcr
        )
        for i in range(10)
    ]
    profiles += [
        ag.mp.cNFWMCRLudlowSph(
            centre=tuple(centres[10 + i]), mass_at_200=masses[10 + i], f_c=f_c[i], **mcr
        )
        for i in range(5)
    ]
    profiles += [
        ag.mp.NFWTruncatedSph.from_m200_concentration(
            centre=tuple(centres[15 + i]),
            m200_solar_mass=masses[15 + i],
            concentration=concentrations[i],
            **tnfw,
        )
        for i in range(5)
    ]
    return profiles


def lens_galaxy_from(subhalo_profiles=(), populations: bool = False, **macro) -> ag.Galaxy:
    """
    The z = 0.5 lens: ``PowerLaw`` + ``ExternalShear`` (theta's macro part) plus the subhaloes, one
    attribute each or (``populations=True``) one `HaloPopulation`.
    """
    m = {**MACRO_DEFAULTS, **macro}
    if populations:
        subhalos = {
            "subhalos": ag.mp.HaloPopulation.from_profiles(
                subhalo_profiles, capacity=SUBHALO_CAPACITY
            )
        }
    else:
        subhalos = {f"subhalo_{i}": p for i, p in enumerate(subhalo_profiles)}
    return ag.Galaxy(
        redshift=Z_LENS,
        mass=ag.mp.PowerLaw(
            centre=m["centre"],
            ell_comps=m["ell_comps"],
            einstein_radius=m["einstein_radius"],
            slope=m["slope"],
        ),
        shear=ag.mp.ExternalShear(gamma_1=m["gamma_1"], gamma_2=m["gamma_2"]),
        **subhalos,
    )


def source_galaxy_from(**source) -> ag.Galaxy:
    """The z = 1.0 ``SersicCore`` source (theta's source part)."""
    s = {**SOURCE_DEFAULTS, **source}
    return ag.Galaxy(redshift=Z_SOURCE, light=ag.lp.SersicCore(**s))


def tracer_from(
    workload,
    los_seed: int = 1,
    subhalo_seed: int = 0,
    los_galaxies: Optional[List[ag.Galaxy]] = None,
    populations: bool = False,
) -> al.Tracer:
    """
    The workload's ``Tracer`` at the reference theta: lens + subhaloes, source, and one LOS draw.

    Parameters
    ----------
    los_seed
        The ``LOSSampler`` seed of the LOS draw (ignored when ``los_galaxies`` is given).
    subhalo_seed
        The seed of R's subhalo draw (S's subhaloes are fixed).
    los_galaxies
        A LOS draw made earlier with `los_galaxies_from` or `los_population_galaxies_from`, to reuse it
        (a first draw of R takes ~2 s).
    populations
        Haloes as `HaloPopulation` profiles (one per LOS plane, one for the subhaloes) instead of one
        `Galaxy` or attribute per halo: the same physics, the layout the jitted simulator uses.
    """
    spec = spec_from(workload)
    if los_galaxies is None:
        los_galaxies = (
            los_population_galaxies_from(spec, seed=los_seed)
            if populations
            else los_galaxies_from(spec, seed=los_seed)
        )
    galaxies = [
        lens_galaxy_from(subhalo_profiles_from(spec, seed=subhalo_seed), populations=populations),
        source_galaxy_from(),
        *los_galaxies,
    ]
    return al.Tracer(galaxies=galaxies, cosmology=cosmology())


# ---------------------------------------------------------------------------------------------------
# theta -> Tracer, for the jitted simulator
# ---------------------------------------------------------------------------------------------------


def theta_from(workload, subhalo_seed: int = 0, xp=np) -> dict:
    """
    The workload's reference theta as a dict of arrays (a JAX pytree): what varies per call.

    - ``einstein_radius``, ``slope``, ``lens_ell_comps`` (2,), ``shear`` (2,): the macro lens;
    - ``source_centre`` (2,), ``source_ell_comps`` (2,), ``source_intensity``,
      ``source_effective_radius``, ``source_sersic_index``: the ``SersicCore`` source;
    - ``tnfw_log10_mass`` (n,), ``tnfw_centre`` (n, 2): the ``NFWTruncatedMCRLudlowSph`` subhaloes;
    - ``cnfw_log10_mass`` (m,), ``cnfw_centre`` (m, 2), ``cnfw_f_c`` (m,): the ``cNFWMCRLudlowSph`` ones.

    The core-collapsed stand-ins (``NFWTruncatedSph`` of fixed concentration) and the line of sight are
    not in theta: they are drawn on the host (`collapsed_population_from`, `los_population_galaxies_from`).
    """
    profiles = subhalo_profiles_from(workload, seed=subhalo_seed)
    tnfw = [p for p in profiles if type(p) is ag.mp.NFWTruncatedMCRLudlowSph]
    cnfw = [p for p in profiles if type(p) is ag.mp.cNFWMCRLudlowSph]
    m, s = MACRO_DEFAULTS, SOURCE_DEFAULTS
    theta = dict(
        einstein_radius=m["einstein_radius"],
        slope=m["slope"],
        lens_ell_comps=m["ell_comps"],
        shear=(m["gamma_1"], m["gamma_2"]),
        source_centre=s["centre"],
        source_ell_comps=s["ell_comps"],
        source_intensity=s["intensity"],
        source_effective_radius=s["effective_radius"],
        source_sersic_index=s["sersic_index"],
        tnfw_log10_mass=[np.log10(p.mass_at_200) for p in tnfw],
        tnfw_centre=[p.centre for p in tnfw],
        cnfw_log10_mass=[np.log10(p.mass_at_200) for p in cnfw],
        cnfw_centre=[p.centre for p in cnfw],
        cnfw_f_c=[p.f_c for p in cnfw],
    )
    return {name: xp.asarray(value, dtype=float) for name, value in theta.items()}


def collapsed_population_from(workload, subhalo_seed: int = 0) -> ag.mp.HaloPopulation:
    """The core-collapsed stand-ins (fixed ``NFWTruncatedSph``) of the workload as a population."""
    profiles = [
        p
        for p in subhalo_profiles_from(workload, seed=subhalo_seed)
        if type(p) is ag.mp.NFWTruncatedSph
    ]
    return ag.mp.HaloPopulation.from_profiles(
        profiles, capacity={ag.mp.NFWTruncatedSph: SUBHALO_CAPACITY[ag.mp.NFWTruncatedSph]}
    )


def tracer_from_theta(theta: dict, los_galaxies, collapsed: ag.mp.HaloPopulation) -> al.Tracer:
    """
    The ordinary `Tracer` of one theta (traced or concrete), a LOS draw in population form and the
    fixed core-collapsed subhaloes: what the user's ``build_tracer(theta, los)`` is.
    """
    z = dict(redshift_object=Z_LENS, redshift_source=Z_SOURCE)
    tnfw = ag.mp.HaloPopulation.from_arrays(
        ag.mp.NFWTruncatedMCRLudlowSph,
        centre=theta["tnfw_centre"],
        capacity=SUBHALO_CAPACITY[ag.mp.NFWTruncatedMCRLudlowSph],
        mass_at_200=10.0 ** theta["tnfw_log10_mass"],
        **z,
    )
    cnfw = ag.mp.HaloPopulation.from_arrays(
        ag.mp.cNFWMCRLudlowSph,
        centre=theta["cnfw_centre"],
        capacity=SUBHALO_CAPACITY[ag.mp.cNFWMCRLudlowSph],
        mass_at_200=10.0 ** theta["cnfw_log10_mass"],
        f_c=theta["cnfw_f_c"],
        **z,
    )
    lens = ag.Galaxy(
        redshift=Z_LENS,
        mass=ag.mp.PowerLaw(
            centre=MACRO_DEFAULTS["centre"],
            ell_comps=(theta["lens_ell_comps"][0], theta["lens_ell_comps"][1]),
            einstein_radius=theta["einstein_radius"],
            slope=theta["slope"],
        ),
        shear=ag.mp.ExternalShear(gamma_1=theta["shear"][0], gamma_2=theta["shear"][1]),
        subhalos=tnfw + cnfw + collapsed,
    )
    source = ag.Galaxy(
        redshift=Z_SOURCE,
        light=ag.lp.SersicCore(
            centre=(theta["source_centre"][0], theta["source_centre"][1]),
            ell_comps=(theta["source_ell_comps"][0], theta["source_ell_comps"][1]),
            intensity=theta["source_intensity"],
            effective_radius=theta["source_effective_radius"],
            sersic_index=theta["source_sersic_index"],
        ),
    )
    return al.Tracer(galaxies=[lens, source, *los_galaxies], cosmology=cosmology())
