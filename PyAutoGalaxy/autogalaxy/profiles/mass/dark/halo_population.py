"""
A whole population of spherical dark-matter haloes held as one mass profile.

Substructure lensing needs hundreds to thousands of haloes (lens-plane subhaloes and line-of-sight
haloes). As one `Galaxy` per halo, every halo is a Python object the `Tracer` loops over: under `jax.jit`
the traced program grows with the halo count and every new count recompiles. `HaloPopulation` holds the
haloes as stacked arrays instead, grouped by profile kind, so that a `Galaxy` and a `Tracer` use it like
any other mass profile:

.. code-block:: python

    pop = ag.mp.HaloPopulation.from_profiles(profiles, capacity=256)
    galaxy = ag.Galaxy(redshift=0.3, halos=pop)
    pop.deflections_yx_2d_from(grid)   # == sum(p.deflections_yx_2d_from(grid) for p in profiles)

Layout (fixed by the profile classes present and the capacity, so it is static under `jax.jit`):

- one *group* per profile kind (and, for mass-concentration kinds, per pair of redshifts), each with a
  `capacity` of slots: `centre` (capacity, 2), one array (capacity,) per parameter of the kind, and a
  boolean `mask` (capacity,) marking the live slots;
- padded slots hold harmless parameters and contribute exactly zero, in values and gradients;
- the population is a registered JAX pytree: arrays are leaves, kinds, redshifts and capacities are
  static, so a population built on the host can be passed into a jitted function and populations of the
  same layout can be stacked along a batch axis for `jax.vmap`.

Mass-concentration (MCR) members keep their physical parameters (`mass_at_200`, `scatter_sigma`, `f_c`);
their lensing parameters are derived inside the evaluation, so they are traced when the masses are.

Evaluation never builds a (members x rays) array: members are reduced in chunks of ``chunk_size``
(on the NumPy path a loop over the chunks holding live members; on the JAX path a ``lax.scan`` over every
chunk, each under a ``lax.cond`` that skips it when it holds no live slot, the rays taken
``ray_block`` at a time), and the direction of each deflection is
:math:`\\alpha(R) \\, (\\Delta y, \\Delta x) / R`, with no trigonometry. Under ``jax.vmap`` the batch
lives inside each step (batch x chunk x ray block) and a chunk is skipped when it is dead in every batch
member. On an accelerator the number of steps is set by the capacities and the chunk sizes, never by the
batch; on the CPU the batch shares a step's rays (each member takes ``ray_block // batch``), so a step
stays the size that runs fastest there.
Each step is rematerialised in reverse mode (``jax.checkpoint``), so a gradient's memory is that of
one step, whatever the capacity. The chunk sizes and the form of the sums are per-backend defaults
(`BACKEND_DEFAULTS`, see `HaloPopulation`).
"""

from dataclasses import dataclass
from typing import Callable, Dict, Optional, Sequence, Tuple, Union

import numpy as np

import autoarray as aa

from autogalaxy.profiles.mass.abstract.abstract import MassProfile

#: The evaluation's shape per backend policy (see `HaloPopulation`): ``chunk_size`` members and
#: ``ray_block`` rays per step of the JAX loops, whether under ``jax.vmap`` the ``batch_shares_ray_block``
#: (each batch member then takes ``ray_block // batch`` rays per step, so a step's size does not grow
#: with the batch) or each member takes ``ray_block`` rays (the batch inside the step), and whether a
#: chunk's deflection sums are formed ``direct``-ly (products and reductions a fusing compiler folds
#: into one kernel) or as one small matrix product (the CPU form). ``gradient_ray_block`` replaces
#: ``ray_block`` when the evaluation is differentiated (``None``: the same). Measured choices, documented
#: in `HaloPopulation`; both policies run (and are tested) on any device.
BACKEND_DEFAULTS = {
    "cpu": dict(
        chunk_size=32,
        ray_block=4096,
        gradient_ray_block=512,
        batch_shares_ray_block=True,
        direct=False,
    ),
    "gpu": dict(
        chunk_size=32,
        ray_block=65536,
        gradient_ray_block=None,
        batch_shares_ray_block=False,
        direct=True,
    ),
}

#: The members and rays per step of the NumPy path (a Python loop over member chunks and ray blocks):
#: NumPy writes every intermediate array to memory, so a step's (chunk x ray block) arrays are kept
#: small enough to stay in the CPU's caches (at every ray at once a population was slower than one
#: profile per halo), and large enough that the loop's Python overhead is a few per cent.
NUMPY_CHUNK_SIZE = 32
NUMPY_RAY_BLOCK = 1024


@dataclass(frozen=True)
class HaloKind:
    """
    How one family of spherical halo profiles is stored in, and evaluated by, a `HaloPopulation`.

    Parameters
    ----------
    name
        The kind's name, e.g. ``"tnfw"``.
    classes
        The profile classes stored as this kind (matched by exact type).
    parameters
        The names of the per-member parameters stored (besides ``centre``), read from each profile's
        attribute of the same name.
    static
        The names of per-group constants (e.g. redshifts), read from each profile; members whose
        values differ go to different groups.
    padding
        A harmless value per parameter for padded slots, keeping every kernel finite.
    lensing_from
        ``(params, static, xp) -> dict`` of the arguments of the kernels (e.g. ``kappa_s``,
        ``scale_radius``, ``truncation_radius``); the identity for kinds that store them directly.
    deflection
        ``(radius, xp=xp, **lensing) -> alpha(R)``: the radial deflection in arc-seconds.
    convergence
        ``(radius, xp=xp, **lensing) -> kappa(R)``.
    positive
        The kernel arguments (keys of ``lensing_from``'s dict) that must be positive for the kernels to
        be finite, e.g. a scale radius; an argument for which zero is a valid limit (a core radius of
        zero) is not listed. Every kernel argument must be finite.
    """

    name: str
    classes: Tuple[type, ...]
    parameters: Tuple[str, ...]
    static: Tuple[str, ...]
    padding: Tuple[float, ...]
    lensing_from: Callable
    deflection: Callable
    convergence: Callable
    positive: Tuple[str, ...] = ("scale_radius", "truncation_radius", "core_radius")


def _identity_lensing(params, static, xp):
    return params


def per_member_from(mapping, columns, xp):
    """
    Apply a scalar mapping to every member: ``jax.vmap`` on the JAX path, a loop on the NumPy path (the
    mass-concentration mappings of the MCR kinds take one mass at a time there).

    Parameters
    ----------
    mapping
        ``(*scalars) -> tuple`` of the member's outputs.
    columns
        One array of shape (members,) per argument of ``mapping``.

    Returns
    -------
    tuple
        One array of shape (members,) per output of ``mapping``.
    """
    if xp is np:
        rows = [mapping(*values) for values in zip(*columns)]
        return tuple(np.asarray(column, dtype=float).reshape(-1) for column in zip(*rows))
    import jax

    return jax.vmap(mapping)(*columns)


def _tnfw_mcr_lensing(params, static, xp):
    from autogalaxy.profiles.mass.dark import mcr_util

    redshift_object, redshift_source = static

    def mapping(mass_at_200, scatter_sigma):
        return mcr_util.kappa_s_scale_radius_and_truncation_radius_for_ludlow(
            mass_at_200=mass_at_200,
            scatter_sigma=scatter_sigma,
            redshift_object=redshift_object,
            redshift_source=redshift_source,
            xp=xp,
        )

    kappa_s, scale_radius, truncation_radius = per_member_from(
        mapping, (params["mass_at_200"], params["scatter_sigma"]), xp
    )
    return dict(
        kappa_s=kappa_s, scale_radius=scale_radius, truncation_radius=truncation_radius
    )


def _cnfw_mcr_lensing(params, static, xp):
    from autogalaxy.profiles.mass.dark import mcr_util

    redshift_object, redshift_source = static

    def mapping(mass_at_200, scatter_sigma, f_c):
        return mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow(
            mass_at_200=mass_at_200,
            scatter_sigma=scatter_sigma,
            f_c=f_c,
            redshift_object=redshift_object,
            redshift_source=redshift_source,
            xp=xp,
        )[:3]

    kappa_s, scale_radius, core_radius = per_member_from(
        mapping, (params["mass_at_200"], params["scatter_sigma"], params["f_c"]), xp
    )
    return dict(kappa_s=kappa_s, scale_radius=scale_radius, core_radius=core_radius)


def halo_kinds() -> Tuple[HaloKind, ...]:
    """
    The supported kinds, in the order groups are laid out. Declared once here; imported lazily because
    the profile modules import this package.
    """
    from autogalaxy.profiles.mass.dark import cnfw, nfw, nfw_truncated
    from autogalaxy.profiles.mass.dark import yang24, yang24_mcr
    from autogalaxy.profiles.mass.dark import kaplinghat, kaplinghat_mcr
    from autogalaxy.profiles.mass.dark.cnfw_mcr import cNFWMCRLudlowSph
    from autogalaxy.profiles.mass.dark.cnfw_mcr_scatter import cNFWMCRScatterLudlowSph
    from autogalaxy.profiles.mass.dark.nfw_truncated_mcr import NFWTruncatedMCRLudlowSph
    from autogalaxy.profiles.mass.dark.nfw_truncated_mcr_scatter import (
        NFWTruncatedMCRScatterLudlowSph,
    )

    mcr_static = ("redshift_object", "redshift_source")
    return (
        HaloKind(
            name="nfw",
            classes=(nfw.NFWSph,),
            parameters=("kappa_s", "scale_radius"),
            static=(),
            padding=(0.0, 1.0),
            lensing_from=_identity_lensing,
            deflection=nfw.deflection_radial_nfw_from,
            convergence=nfw.convergence_radial_nfw_from,
        ),
        HaloKind(
            name="tnfw",
            classes=(nfw_truncated.NFWTruncatedSph,),
            parameters=("kappa_s", "scale_radius", "truncation_radius"),
            static=(),
            padding=(0.0, 1.0, 10.0),
            lensing_from=_identity_lensing,
            deflection=nfw_truncated.deflection_radial_tnfw_from,
            convergence=nfw_truncated.convergence_radial_tnfw_from,
        ),
        HaloKind(
            name="cnfw",
            classes=(cnfw.cNFWSph,),
            parameters=("kappa_s", "scale_radius", "core_radius"),
            static=(),
            padding=(0.0, 1.0, 0.1),
            lensing_from=_identity_lensing,
            deflection=cnfw.deflection_radial_cnfw_from,
            convergence=cnfw.convergence_radial_cnfw_from,
        ),
        HaloKind(
            name="tnfw_mcr_ludlow",
            classes=(NFWTruncatedMCRLudlowSph, NFWTruncatedMCRScatterLudlowSph),
            parameters=("mass_at_200", "scatter_sigma"),
            static=mcr_static,
            padding=(1.0e9, 0.0),
            lensing_from=_tnfw_mcr_lensing,
            deflection=nfw_truncated.deflection_radial_tnfw_from,
            convergence=nfw_truncated.convergence_radial_tnfw_from,
        ),
        HaloKind(
            name="cnfw_mcr_ludlow",
            classes=(cNFWMCRLudlowSph, cNFWMCRScatterLudlowSph),
            parameters=("mass_at_200", "scatter_sigma", "f_c"),
            static=mcr_static,
            padding=(1.0e9, 0.0, 0.1),
            lensing_from=_cnfw_mcr_lensing,
            deflection=cnfw.deflection_radial_cnfw_from,
            convergence=cnfw.convergence_radial_cnfw_from,
        ),
        HaloKind(
            name="yang24",
            classes=(yang24.YangSIDMSph,),
            parameters=("kappa_s", "scale_radius", "tau"),
            static=(),
            padding=(0.0, 1.0, 0.5),
            lensing_from=yang24.yang24_population_lensing_from,
            deflection=yang24.deflection_radial_yang24_from,
            convergence=yang24.convergence_radial_yang24_from,
            positive=("scale_radius",),
        ),
        HaloKind(
            name="yang24_mcr_ludlow",
            classes=(yang24_mcr.YangSIDMMCRLudlowSph,),
            parameters=yang24_mcr.YANG24_MCR_POPULATION_PARAMETERS,
            static=mcr_static,
            padding=(1.0e9, 0.0, 1.0, 0.0, 10.0, 10.0),
            lensing_from=yang24_mcr.yang24_mcr_population_lensing_from,
            deflection=yang24.deflection_radial_yang24_from,
            convergence=yang24.convergence_radial_yang24_from,
            positive=("scale_radius",),
        ),
        HaloKind(
            name="kaplinghat",
            classes=(kaplinghat.KaplinghatCoredNFWSph,),
            parameters=("kappa_s", "scale_radius", "interaction_radius"),
            static=(),
            padding=(0.0, 1.0, 0.1),
            lensing_from=kaplinghat.kaplinghat_population_lensing_from,
            deflection=kaplinghat.deflection_radial_kaplinghat_from,
            convergence=kaplinghat.convergence_radial_kaplinghat_from,
            positive=("scale_radius",),
        ),
        HaloKind(
            name="kaplinghat_mcr_ludlow",
            classes=(kaplinghat_mcr.KaplinghatCoredNFWMCRLudlowSph,),
            parameters=kaplinghat_mcr.KAPLINGHAT_MCR_POPULATION_PARAMETERS,
            static=mcr_static,
            padding=(1.0e9, 0.0, 1.0, 10.0),
            lensing_from=kaplinghat_mcr.kaplinghat_mcr_population_lensing_from,
            deflection=kaplinghat.deflection_radial_kaplinghat_from,
            convergence=kaplinghat.convergence_radial_kaplinghat_from,
            positive=("scale_radius",),
        ),
    )


def _kind_of_class(profile_class: type) -> HaloKind:
    for kind in halo_kinds():
        if profile_class in kind.classes:
            return kind
    supported = ", ".join(c.__name__ for k in halo_kinds() for c in k.classes)
    raise TypeError(
        f"HaloPopulation cannot hold a {profile_class.__name__}: supported profile classes are "
        f"{supported}"
    )


def _kind_of(profile) -> HaloKind:
    return _kind_of_class(type(profile))


def _xp_of(values) -> object:
    """``jax.numpy`` if any of ``values`` is a JAX array or tracer, else NumPy (``mcr_util.xp_from``'s rule)."""
    from autogalaxy.profiles.mass.dark.mcr_util import xp_from

    return xp_from(*values)


@dataclass(frozen=True)
class HaloGroup:
    """
    The members of one kind (and one set of static values) in a `HaloPopulation`.

    Parameters
    ----------
    kind
        The kind's name (see `halo_kinds`).
    static
        The group's constants, in the order of the kind's ``static`` names (e.g. the redshifts).
    centre
        The (y, x) arc-second centres, shape (capacity, 2).
    parameters
        The per-member parameters, each of shape (capacity,), in the order of the kind's names.
    mask
        True for live slots, shape (capacity,).
    """

    kind: str
    static: Tuple[float, ...]
    centre: object
    parameters: Tuple[object, ...]
    mask: object

    @property
    def capacity(self) -> int:
        return self.mask.shape[-1]

    @property
    def halo_kind(self) -> HaloKind:
        return _kinds_by_name()[self.kind]


def _kinds_by_name() -> Dict[str, HaloKind]:
    return {kind.name: kind for kind in halo_kinds()}


class HaloPopulation(MassProfile):
    def __init__(
        self,
        groups: Sequence[HaloGroup] = (),
        chunk_size: Optional[int] = None,
        ray_block: Optional[int] = None,
        backend: Optional[str] = None,
    ):
        """
        A population of spherical dark-matter haloes as one mass profile (see the module docstring).

        Build one with `from_profiles` or `from_arrays`; the constructor takes the groups as they are
        stored.

        On the JAX path the evaluation is a loop of steps, each evaluating ``chunk_size`` members of a
        group on ``ray_block`` rays (x the batch, under ``jax.vmap``); its peak memory is
        O(batch x chunk_size x ray_block), whatever the number of members or rays. The defaults depend
        on the backend policy (`BACKEND_DEFAULTS`):

        - ``"cpu"``: 32 members x 4,096 rays per step, shared by the batch under ``jax.vmap`` (each
          of a batch of 8 takes 512 rays per step), the deflection sums of a chunk as one small
          matrix product: the kernels' intermediate arrays, which XLA's CPU backend writes to memory
          between its fused loops, then stay in the caches, and the steps are large enough that the
          loop's own overhead is a few per cent. The number of steps grows with the batch there: a
          CPU gains nothing from a wider step (one image in 4,096-ray steps runs as fast per image as
          a batch of 8 in 512-ray steps each, and each is slower in the other's steps).
          Differentiated, a step holds 512 rays of the batch: the reverse pass keeps a step's
          intermediates, and a gradient's memory is that of one step;
        - ``"gpu"`` (any accelerator): 32 members x 65,536 rays per step (an image of up to 65,536
          rays is one block), the sums as products and reductions that fuse into the kernel: ~10^6
          halo-rays per image and step, ~10^8 for a batch of hundreds, in few steps, so the kernel
          launches (each a fixed cost on an accelerator) stay a few per member chunk, whatever the
          batch. A step's temporaries are O(batch x chunk_size x ray_block): lower ``ray_block`` or
          ``chunk_size`` if a large batch runs out of device memory.

        Parameters
        ----------
        groups
            The groups of members, one per kind and static values.
        chunk_size
            How many members of a group are evaluated at once; ``None``: the policy's default (the
            NumPy path: `NUMPY_CHUNK_SIZE`).
        ray_block
            How many rays are evaluated at once; ``None``: the policy's default (the NumPy path:
            `NUMPY_RAY_BLOCK`). Under the ``"cpu"`` policy, the rays of the whole ``jax.vmap`` batch
            (each member takes ``ray_block // batch``, at least one). Given, it is also the block of a
            differentiated evaluation.
        backend
            The evaluation policy of the JAX path: ``None`` follows ``jax.default_backend()`` at
            evaluation time (``"cpu"`` for the CPU, ``"gpu"`` for any accelerator); ``"cpu"`` or
            ``"gpu"`` force that policy on any device (e.g. to test or benchmark the accelerator shape
            on a CPU).
        """
        super().__init__(centre=(0.0, 0.0), ell_comps=(0.0, 0.0))
        for name, value in (("chunk_size", chunk_size), ("ray_block", ray_block)):
            if value is not None and int(value) < 1:
                raise ValueError(f"HaloPopulation {name} must be positive, got {value}")
        if backend not in (None, "cpu", "gpu"):
            raise ValueError(
                f"HaloPopulation backend must be None, 'cpu' or 'gpu', got {backend!r}"
            )
        self.groups = tuple(groups)
        self.chunk_size = None if chunk_size is None else int(chunk_size)
        self.ray_block = None if ray_block is None else int(ray_block)
        self.backend = backend
        _register_pytree()

    def policy(self) -> Dict[str, object]:
        """
        The JAX evaluation's shape: ``backend`` (resolved), ``chunk_size``, ``ray_block`` and ``direct``
        (see `BACKEND_DEFAULTS`), the population's own values taking precedence over the policy's
        (its ``ray_block`` over both ``ray_block`` and ``gradient_ray_block``).
        """
        backend = self.backend
        if backend is None:
            import jax

            backend = "cpu" if jax.default_backend() == "cpu" else "gpu"
        policy = dict(BACKEND_DEFAULTS[backend], backend=backend)
        if self.chunk_size is not None:
            policy["chunk_size"] = self.chunk_size
        if self.ray_block is not None:
            policy["ray_block"] = policy["gradient_ray_block"] = self.ray_block
        return policy

    @classmethod
    def from_profiles(
        cls,
        profiles: Sequence[MassProfile],
        capacity: Union[int, Dict[type, int]],
        chunk_size: Optional[int] = None,
        ray_block: Optional[int] = None,
        backend: Optional[str] = None,
    ) -> "HaloPopulation":
        """
        Build a population from a list of existing profile objects.

        Works on the host (NumPy) and inside `jax.jit` on profiles built from traced parameters; only the
        static values (the redshifts of mass-concentration members) must be concrete.

        Parameters
        ----------
        profiles
            Profiles of the supported classes (`NFWSph`, `NFWTruncatedSph`, `cNFWSph`,
            `NFWTruncatedMCRLudlowSph`, `cNFWMCRLudlowSph` and their ``Scatter`` variants), mixed freely.
        capacity
            The number of slots of each group: one number for every group, or a dict from profile class to
            number (a class absent from the dict, but present in ``profiles``, is an error). Fix it to the
            largest live count expected, so that every draw has the same layout and compiles once.
        chunk_size, ray_block, backend
            The evaluation's shape and policy (see `HaloPopulation`).

        Raises
        ------
        TypeError
            If a profile is of an unsupported class.
        ValueError
            If a group has more members than its capacity, or, for concrete values, if a member's
            centre or a parameter is not finite, or a mass, ``kappa_s``, radius or ``f_c`` is not
            positive (naming the member and the parameter). Traced values cannot be checked: a member
            whose kernels would not be finite is evaluated as a dead slot (it adds zero to every
            ray's value and gradient, and the other members' values are unaffected).
        """
        members: Dict[Tuple[str, Tuple[float, ...]], list] = {}
        for profile in profiles:
            kind = _kind_of(profile)
            static = tuple(float(getattr(profile, name)) for name in kind.static)
            members.setdefault((kind.name, static), []).append(profile)

        # A capacity per class fixes the layout: its classes get a group even with no member, so that
        # every draw (e.g. a LOS plane that happens to be empty) has the same pytree structure.
        if isinstance(capacity, dict):
            for profile_class in capacity:
                kind = _kind_of_class(profile_class)
                if not any(name == kind.name for name, _ in members):
                    if kind.static:
                        raise ValueError(
                            f"HaloPopulation: capacity names {profile_class.__name__}, which has no "
                            f"member to take its {', '.join(kind.static)} from; pass at least one"
                        )
                    members[(kind.name, ())] = []

        order = {kind.name: i for i, kind in enumerate(halo_kinds())}
        groups = []
        for (name, static), group_profiles in sorted(
            members.items(), key=lambda item: (order[item[0][0]], item[0][1])
        ):
            kind = _kinds_by_name()[name]
            size = _capacity_for(capacity, kind, group_profiles)
            if len(group_profiles) > size:
                raise ValueError(
                    f"HaloPopulation: {len(group_profiles)} {type(group_profiles[0]).__name__} "
                    f"members (kind '{name}'{_static_text(kind, static)}) exceed the capacity of "
                    f"{size}; pass a larger capacity"
                )
            for index, profile in enumerate(group_profiles):
                _check_members(
                    f"HaloPopulation.from_profiles: member {index} of kind '{name}' "
                    f"({type(profile).__name__})",
                    kind,
                    [profile.centre],
                    {n: [getattr(profile, n)] for n in kind.parameters},
                    1,
                    index_text=False,
                )
            groups.append(_group_from(kind, static, group_profiles, size))
        return cls(groups=groups, chunk_size=chunk_size, ray_block=ray_block, backend=backend)

    @classmethod
    def from_arrays(
        cls,
        profile_class: type,
        centre,
        capacity: int,
        chunk_size: Optional[int] = None,
        n_live=None,
        ray_block: Optional[int] = None,
        backend: Optional[str] = None,
        **parameters,
    ) -> "HaloPopulation":
        """
        Build a population of one profile class directly from arrays, e.g. lens-plane subhaloes drawn
        inside a jitted function:

        .. code-block:: python

            cdm = HaloPopulation.from_arrays(
                ag.mp.NFWTruncatedMCRLudlowSph, centre=centres, capacity=32,
                mass_at_200=masses, scatter_sigma=scatters, redshift_object=0.5, redshift_source=1.0,
            )
            sidm = HaloPopulation.from_arrays(
                ag.mp.cNFWMCRScatterLudlowSph, centre=centres_2, capacity=16, mass_at_200=masses_2,
                scatter_sigma=scatters_2, f_c=core_fractions, redshift_object=0.5, redshift_source=1.0,
            )
            galaxy = ag.Galaxy(redshift=0.5, mass=..., cdm=cdm, sidm=sidm)

        Parameters
        ----------
        profile_class
            A supported class (see `from_profiles`); it fixes which parameters are needed.
        centre
            The (y, x) centres in arc-seconds, shape (n, 2) with n <= capacity.
        capacity
            The number of slots; the first n are live.
        n_live
            The number of live members, the first ``n_live`` slots; an integer or a traced integer
            (e.g. a Poisson draw inside `jax.jit`), so a new count never recompiles. When given, the
            centres and parameters have the capacity's length (shape (capacity, 2) and (capacity,)),
            and the dead slots' values are replaced by harmless padding, so whatever they hold (NaN
            included) adds exactly zero to values and gradients. A concrete count outside
            ``[0, capacity]`` is an error; a traced count is clipped to that range (a caller drawing
            counts reports its own overflow). When ``None``, every given member is live and the arrays
            may be shorter than the capacity.
        chunk_size, ray_block, backend
            The evaluation's shape and policy (see `HaloPopulation`).
        parameters
            One array of shape (n,) per parameter of the class (for the MCR classes: ``mass_at_200``,
            ``scatter_sigma`` (default 0) and, cored, ``f_c``; otherwise ``kappa_s``, ``scale_radius`` and
            ``truncation_radius`` or ``core_radius``), and the static ``redshift_object`` and
            ``redshift_source`` (concrete floats) of the MCR classes.

        Raises
        ------
        ValueError
            For missing or unknown parameters, more members than the capacity, a concrete ``n_live``
            outside ``[0, capacity]``, or, for concrete values, a live member whose centre or a
            parameter is not finite, or whose mass, ``kappa_s``, radius or ``f_c`` is not positive (the
            message names the member's index and the parameter). With traced values (e.g. masses drawn
            inside ``jax.jit``) nothing can be checked: a live member whose kernels would not be finite
            (a non-finite centre or kernel argument, a radius of zero or less) is evaluated as a dead
            slot, adding exactly zero to every ray's value and gradient, so it does not turn the other
            members' rays NaN. A finite but unphysical value (e.g. a negative ``kappa_s``) is evaluated
            as given.
        """
        kind = _kind_of_class(profile_class)
        if "scatter_sigma" in kind.parameters:
            parameters.setdefault("scatter_sigma", 0.0)
        missing = [n for n in kind.parameters + kind.static if n not in parameters]
        unknown = [n for n in parameters if n not in kind.parameters + kind.static]
        if missing or unknown:
            raise ValueError(
                f"HaloPopulation.from_arrays({profile_class.__name__}) needs "
                f"{', '.join(kind.parameters + kind.static)}; missing {missing}, unknown {unknown}"
            )
        xp = _xp_of([centre, n_live] + [parameters[n] for n in kind.parameters])
        centre = xp.asarray(centre, dtype=float).reshape(-1, 2)
        n = centre.shape[0]
        _check_members(
            f"HaloPopulation.from_arrays({profile_class.__name__})",
            kind,
            centre,
            {name: parameters[name] for name in kind.parameters},
            n if n_live is None else n_live,
        )
        if n_live is not None:
            return cls(
                groups=[_group_of_live_count(kind, profile_class, centre, capacity, n_live, parameters, xp)],
                chunk_size=chunk_size,
                ray_block=ray_block,
                backend=backend,
            )
        if n > capacity:
            raise ValueError(
                f"HaloPopulation: {n} {profile_class.__name__} members exceed the capacity of "
                f"{capacity}; pass a larger capacity"
            )
        pad = capacity - n
        columns = [
            xp.broadcast_to(xp.asarray(parameters[name], dtype=float), (n,))
            for name in kind.parameters
        ]
        group = HaloGroup(
            kind=kind.name,
            static=tuple(float(parameters[name]) for name in kind.static),
            centre=xp.concatenate([centre, xp.zeros((pad, 2))]),
            parameters=tuple(
                xp.concatenate([column, xp.full((pad,), fill)])
                for column, fill in zip(columns, kind.padding)
            ),
            mask=xp.asarray(np.arange(capacity) < n),
        )
        return cls(groups=[group], chunk_size=chunk_size, ray_block=ray_block, backend=backend)

    def __add__(self, other: "HaloPopulation") -> "HaloPopulation":
        """
        The population of both populations' members (their groups side by side), with the smaller of
        their chunk sizes and ray blocks (where set) and their common backend policy.

        Raises
        ------
        ValueError
            If the two populations force different backend policies.
        """
        if not isinstance(other, HaloPopulation):
            return NotImplemented
        if None not in (self.backend, other.backend) and self.backend != other.backend:
            raise ValueError(
                f"HaloPopulation: cannot add populations of backends {self.backend!r} and "
                f"{other.backend!r}; build both with the same backend"
            )

        def smaller(a, b):
            return b if a is None else a if b is None else min(a, b)

        return HaloPopulation(
            groups=self.groups + other.groups,
            chunk_size=smaller(self.chunk_size, other.chunk_size),
            ray_block=smaller(self.ray_block, other.ray_block),
            backend=self.backend if self.backend is not None else other.backend,
        )

    @property
    def n_live(self) -> int:
        """The number of live members (host-side: requires concrete masks)."""
        return int(sum(np.asarray(group.mask).sum() for group in self.groups))

    @aa.decorators.to_vector_yx
    def deflections_yx_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """
        Returns the summed (y, x) deflection angles of every live member on a grid of (y, x) coordinates.

        Parameters
        ----------
        grid
            The (y, x) arc-second coordinates, shape (rays, 2).
        """
        return self._summed_from(grid=grid, xp=xp, quantity="deflection")

    @aa.over_sample
    @aa.decorators.to_array
    def convergence_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """
        Returns the summed convergence of every live member on a grid of (y, x) coordinates, over-sampled
        as each member's ``convergence_2d_from`` is.

        Parameters
        ----------
        grid
            The (y, x) arc-second coordinates, shape (rays, 2).
        """
        return self._summed_from(grid=grid, xp=xp, quantity="convergence")

    def potential_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        raise NotImplementedError(
            "HaloPopulation does not compute the lensing potential; sum the members' "
            "potential_2d_from instead"
        )

    def _summed_from(self, grid, xp, quantity: str):
        points = grid.array if hasattr(grid, "array") else grid
        points = xp.asarray(points)
        width = 2 if quantity == "deflection" else 1
        if xp is np:
            chunk_size = self.chunk_size or NUMPY_CHUNK_SIZE
            ray_block = self.ray_block or NUMPY_RAY_BLOCK
            total = np.zeros((points.shape[0], width), dtype=points.dtype)
            for group in self.groups:
                total = total + _group_sum_np(group, points, quantity, chunk_size, ray_block)
        else:
            policy = self.policy()
            ray_block = policy["ray_block"]
            if policy["gradient_ray_block"] is not None and _is_differentiated(
                points, self.groups
            ):
                ray_block = policy["gradient_ray_block"]
            if policy["batch_shares_ray_block"]:
                batch = _batch_size_of(points, self.groups)
                ray_block = max(ray_block // batch, 1)
            total = _summed_jax(
                self.groups,
                points,
                quantity,
                chunk_size=policy["chunk_size"],
                ray_block=ray_block,
                direct=policy["direct"],
            )
        return total if quantity == "deflection" else total[:, 0]


def _group_of_live_count(kind: HaloKind, profile_class, centre, capacity, n_live, parameters, xp):
    """
    The group of `HaloPopulation.from_arrays` with an explicit (possibly traced) live count: the arrays
    span every slot, and the dead slots' centres and parameters are replaced by the kind's padding.
    """
    if centre.shape[0] != capacity:
        raise ValueError(
            f"HaloPopulation.from_arrays({profile_class.__name__}, n_live=...) takes centres for every "
            f"slot: shape ({capacity}, 2) for capacity {capacity}, got {tuple(centre.shape)}"
        )
    if isinstance(n_live, (int, np.integer)) or (
        isinstance(n_live, np.ndarray) and n_live.ndim == 0
    ):
        if not 0 <= int(n_live) <= capacity:
            raise ValueError(
                f"HaloPopulation.from_arrays({profile_class.__name__}): n_live={int(n_live)} is outside "
                f"[0, capacity={capacity}]"
            )
    mask = xp.arange(capacity) < n_live
    columns = []
    for name, fill in zip(kind.parameters, kind.padding):
        column = xp.broadcast_to(xp.asarray(parameters[name], dtype=float), (capacity,))
        # where, not multiplication: a NaN or inf in a dead slot must not leak into the sums or
        # their gradients.
        columns.append(xp.where(mask, column, fill))
    return HaloGroup(
        kind=kind.name,
        static=tuple(float(parameters[name]) for name in kind.static),
        centre=xp.where(mask[:, None], centre, 0.0),
        parameters=tuple(columns),
        mask=mask,
    )


#: Parameters that must be positive (and finite) for a member's kernels to be finite; any other
#: parameter (e.g. ``scatter_sigma``) must be finite.
_POSITIVE_PARAMETERS = (
    "kappa_s", "scale_radius", "truncation_radius", "core_radius", "mass_at_200", "f_c"
)


def _is_traced(value) -> bool:
    """True if ``value`` (or any element of a list or tuple of them) is a JAX tracer."""
    if isinstance(value, (list, tuple)):
        return any(_is_traced(v) for v in value)
    try:
        import jax
    except ImportError:  # NumPy-only installs
        return False
    return isinstance(value, jax.core.Tracer)


def _check_members(where: str, kind: HaloKind, centre, parameters, n_live, index_text=True):
    """
    Raise a ValueError naming the first live member and parameter whose value is not finite, or not
    positive where it must be (`_POSITIVE_PARAMETERS`), when the values and the live count are
    concrete; traced values are left to the evaluation (see `_without_non_finite_members`).
    """
    values = [centre, n_live] + list(parameters.values())
    if any(_is_traced(value) for value in values):
        return
    n_live = int(n_live)
    columns = {"centre": np.asarray(centre, dtype=float).reshape(-1, 2)[:n_live]}
    for name, value in parameters.items():
        column = np.asarray(value, dtype=float).ravel()
        columns[name] = (np.repeat(column, n_live) if column.size == 1 else column)[:n_live]
    for name, column in columns.items():
        positive = name in _POSITIVE_PARAMETERS
        bad = ~np.isfinite(column) | ((column <= 0.0) if positive else False)
        if column.ndim == 2:
            bad = bad.any(axis=1)
        if bad.any():
            index = int(np.flatnonzero(bad)[0])
            value = column[index].tolist()
            member = f" of member {index}" if index_text else ""
            requirement = "finite and positive" if positive else "finite"
            raise ValueError(
                f"{where}: {name}{member} is {value}; it must be {requirement}"
            )


def _static_text(kind: HaloKind, static: Tuple[float, ...]) -> str:
    return "".join(f", {n}={v}" for n, v in zip(kind.static, static))


def _capacity_for(capacity, kind: HaloKind, profiles) -> int:
    if isinstance(capacity, dict):
        for cls, size in capacity.items():
            if cls in kind.classes and (not profiles or type(profiles[0]) is cls):
                return int(size)
        raise ValueError(
            f"HaloPopulation: no capacity given for {type(profiles[0]).__name__} "
            f"(capacity has {', '.join(c.__name__ for c in capacity)})"
        )
    return int(capacity)


def _group_from(kind: HaloKind, static, profiles, capacity: int) -> HaloGroup:
    """Stack the members' centres and parameters into arrays padded to ``capacity``."""
    values = [p.centre[0] for p in profiles] + [p.centre[1] for p in profiles]
    values += [getattr(p, name) for p in profiles for name in kind.parameters]
    xp = _xp_of(values)
    n = len(profiles)
    pad = capacity - n

    def padded(column, fill):
        if not column:
            return xp.full((pad,), fill, dtype=float)
        column = xp.stack([xp.asarray(v, dtype=float) for v in column])
        return xp.concatenate([column, xp.full((pad,), fill, dtype=column.dtype)])

    # Padded slots sit at the origin with harmless parameters: finite kernels, masked to zero.
    centre = xp.stack(
        [
            padded([p.centre[0] for p in profiles], 0.0),
            padded([p.centre[1] for p in profiles], 0.0),
        ],
        axis=-1,
    )
    parameters = tuple(
        padded([getattr(p, name) for p in profiles], fill)
        for name, fill in zip(kind.parameters, kind.padding)
    )
    mask = xp.asarray(np.arange(capacity) < n)
    return HaloGroup(
        kind=kind.name, static=static, centre=centre, parameters=parameters, mask=mask
    )


def _lensing_from(group: HaloGroup, parameters, xp) -> Dict[str, object]:
    """The kernel arguments of the members (e.g. kappa_s, scale_radius, truncation_radius), once per group."""
    kind = group.halo_kind
    return kind.lensing_from(dict(zip(kind.parameters, parameters)), group.static, xp)


def _finite_members(kind: HaloKind, centre, lensing, xp):
    """
    True for the members whose kernels are finite everywhere: a finite centre and kernel arguments,
    the kind's ``positive`` arguments positive (e.g. a scale or truncation radius of zero or less, or
    a NaN mass, gives non-finite deflections on every ray). Shape (members,).
    """
    valid = xp.all(xp.isfinite(centre), axis=-1)
    for name, value in lensing.items():
        valid = valid & xp.isfinite(value)
        if name in kind.positive:
            valid = valid & (value > 0.0)
    return valid


def _without_non_finite_members(group: HaloGroup, centre, lensing, mask, xp):
    """
    The group's members with those whose kernels would not be finite (see `_finite_members`) turned
    into dead slots: masked, their centre and kernel arguments replaced (with ``where``) by those of
    the kind's padding, so they add exactly zero to every ray's value and to every gradient.

    The builders raise for such members when their values are concrete; with traced values (e.g. a
    mass drawn inside ``jax.jit``) one bad member would otherwise turn every ray of the image NaN.
    """
    kind = group.halo_kind
    valid = _finite_members(kind, centre, lensing, xp)
    padding = {
        name: xp.full((1,), fill, dtype=centre.dtype)
        for name, fill in zip(kind.parameters, kind.padding)
    }
    padded = kind.lensing_from(padding, group.static, xp)
    lensing = {
        name: xp.where(valid, value, padded[name][0]) for name, value in lensing.items()
    }
    centre = xp.where(valid[:, None], centre, 0.0)
    return centre, lensing, mask & valid


def _radial_deflection(kind: HaloKind, radius, lensing, xp):
    r"""
    The members' deflection magnitudes :math:`\alpha(R)` (``kind.deflection``), whose derivative along
    the radius is, under JAX, that of every circularly symmetric lens,

    .. math::

        \frac{d\alpha}{dR} = 2\kappa(R) - \frac{\alpha(R)}{R},

    (the enclosed mass grows by :math:`2\pi R \Sigma(R)`), from the kind's own convergence
    (``kind.convergence``) instead of differentiating the deflection's formula.

    What it buys: a ray's derivative through a member is one more closed form (the convergence shares
    most of its terms with the deflection), not the reverse pass of every branch of the deflection, so a
    gradient through a population is smaller to compile and faster to run. The derivatives along the
    kernel arguments (e.g. a subhalo mass drawn from theta) are still those of the deflection's formula,
    formed only when they are not zero (``symbolic_zeros``): a population whose members are constants
    (e.g. a line of sight drawn outside the gradient) has none. Each is formed as one array, the
    formula's derivative along a unit tangent of that argument, times the argument's tangent: reverse
    mode then keeps (and, under the chunk loop's checkpoint, recomputes) one (chunk x rays) array per
    differentiated argument, not every intermediate of the formula's derivative (hundreds for the
    cored NFW's three forms), whose kernels were most of a gradient's compiled program.

    Parameters
    ----------
    radius
        The members' distances to the rays, shape (chunk, rays).
    lensing
        The kind's kernel arguments, each of shape (chunk, 1).
    """
    if xp is np:
        return kind.deflection(radius, xp=xp, **lensing)
    import jax
    from jax.custom_derivatives import SymbolicZero

    names = tuple(lensing)

    def formula(radius, *values):
        return kind.deflection(radius, xp=xp, **dict(zip(names, values)))

    def derivatives(primals, tangents):
        radius, *values = primals
        d_radius, *d_values = tangents
        alpha = formula(radius, *values)
        terms = []
        for index, d_value in enumerate(d_values):
            if isinstance(d_value, SymbolicZero):
                continue

            def along(value, index=index):
                return formula(radius, *values[:index], value, *values[index + 1 :])

            # Each member's argument moves its own column only: a unit tangent gives d alpha / d value.
            partial = jax.jvp(along, (values[index],), (xp.ones_like(values[index]),))[1]
            terms.append(partial * d_value)
        if not isinstance(d_radius, SymbolicZero):
            kappa = kind.convergence(radius, xp=xp, **dict(zip(names, values)))
            # At R = 0 alpha is zero (or the tiny value at the kernels' clamped radius).
            safe = xp.where(radius > 0.0, radius, 1.0)
            terms.append((2.0 * kappa - alpha / safe) * d_radius)
        return alpha, sum(terms[1:], terms[0]) if terms else xp.zeros_like(alpha)

    deflection = jax.custom_jvp(formula)
    deflection.defjvp(derivatives, symbolic_zeros=True)
    return deflection(radius, *(lensing[name] for name in names))


def _chunk_values(kind: HaloKind, points, quantity: str, xp, centre, lensing, mask, direct: bool):
    """
    The summed contribution of one chunk of members: shape (rays, 2) or (rays, 1).

    Parameters
    ----------
    points
        The (y, x) arc-second rays, shape (rays, 2).
    centre, lensing, mask
        The chunk's centres (chunk, 2), kernel arguments (chunk,) each and live flags (chunk,).
    direct
        Form the deflection sums as ``sum_m s_m (p - c_m)`` with ``s_m = alpha_m / R_m``: two
        (chunk x rays) products and reductions, which a fusing compiler (XLA's GPU backend) folds into
        the kernel's one loop. Otherwise (``False``, the CPU policy) as
        ``(p - r) sum_m s_m - sum_m s_m (c_m - r)``: the three member sums are one small
        (3 x chunk) @ (chunk x rays) product, relative to the chunk's live-centre mean ``r``, so the
        rounding does not grow with the distance from the coordinate origin.
    """
    lensing = {name: value[:, None] for name, value in lensing.items()}

    dy = points[None, :, 0] - centre[:, 0:1]
    dx = points[None, :, 1] - centre[:, 1:2]
    radius = xp.sqrt(dy * dy + dx * dx)
    live = mask[:, None]

    if quantity == "convergence":
        kappa = kind.convergence(radius, xp=xp, **lensing)
        return xp.sum(xp.where(live, kappa, 0.0), axis=0)[:, None]

    alpha = _radial_deflection(kind, radius, lensing, xp)
    # alpha(R) (dy, dx) / R: at R = 0 the direction is zero (dy = dx = 0), so a safe
    # denominator there gives the exact zero deflection and finite gradients.
    safe = xp.where(radius > 0.0, radius, 1.0)
    scale = xp.where(live, alpha / safe, 0.0)
    if direct:
        return xp.stack([xp.sum(scale * dy, axis=0), xp.sum(scale * dx, axis=0)], axis=-1)
    # Relative to the chunk's live-centre mean r, p - r and c_m - r are small wherever rays and
    # members are near each other, so sum s (p - r) - sum s (c - r) does not cancel digits that
    # grow with |p| (in float32 it did: ~1e-6 at the origin, ~1e-3 at 1,000 arc-seconds).
    weight = mask.astype(centre.dtype)
    reference = (weight @ centre) / xp.maximum(xp.sum(weight), 1.0)
    shifted = centre - reference
    weights = xp.concatenate([xp.ones_like(shifted[:, 0:1]), shifted], axis=1)
    sums = weights.T @ scale
    relative = points - reference
    return xp.stack(
        [relative[:, 0] * sums[0] - sums[1], relative[:, 1] * sums[0] - sums[2]], axis=-1
    )


def _group_sum_np(group: HaloGroup, points, quantity: str, chunk_size: int, ray_block: int):
    """NumPy: evaluate only the live members, ``chunk_size`` members on ``ray_block`` rays at a time."""
    width = 2 if quantity == "deflection" else 1
    total = np.zeros((points.shape[0], width), dtype=points.dtype)
    live = np.flatnonzero(np.asarray(group.mask))
    if live.size == 0:
        return total
    centre = np.asarray(group.centre)[live]
    lensing = _lensing_from(group, tuple(np.asarray(p)[live] for p in group.parameters), np)
    valid = _finite_members(group.halo_kind, centre, lensing, np)
    if not valid.all():  # only reachable for groups built directly (the builders raise)
        centre = centre[valid]
        lensing = {name: value[valid] for name, value in lensing.items()}
    for start in range(0, centre.shape[0], chunk_size):
        chunk = slice(start, start + chunk_size)
        chunk_lensing = {name: value[chunk] for name, value in lensing.items()}
        mask = np.ones(centre[chunk].shape[0], dtype=bool)
        for first in range(0, points.shape[0], ray_block):
            block = slice(first, first + ray_block)
            total[block] += _chunk_values(
                group.halo_kind,
                points[block],
                quantity,
                np,
                centre[chunk],
                chunk_lensing,
                mask,
                direct=False,
            )
    return total


def _any_live(mask):
    """
    ``True`` if any slot of ``mask`` is live; under ``jax.vmap``, if any slot of any batch member is.

    The chunk loop's ``lax.cond`` takes this as its predicate. Batched plainly the predicate would be
    batched too, and ``jax.vmap`` turns a ``cond`` with a batched predicate into a ``select`` that
    evaluates both branches: every chunk of every batch member, dead or not. Reduced over the batch, the
    predicate stays a scalar, the ``cond`` stays a ``cond`` (skipping a chunk dead in the whole batch)
    and its taken branch is batched: one step evaluates the chunk of every batch member at once. The
    rule calls this function again, so a nested ``jax.vmap`` reduces over its own batch axis too. The
    mask is boolean, so nothing is differentiated through the rule.
    """
    import jax
    import jax.numpy as jnp
    from jax.custom_batching import custom_vmap

    @custom_vmap
    def any_live(mask):
        return jnp.any(mask)

    @any_live.def_vmap
    def _(axis_size, in_batched, mask):
        if in_batched[0]:
            return _any_live(jnp.any(mask, axis=0)), False
        return jnp.any(mask), False

    return any_live(jax.lax.stop_gradient(mask))


def _batch_size_of(points, groups) -> int:
    """
    The size of the ``jax.vmap`` batch the evaluation is traced in, known at trace time: the product of
    the axis sizes of every ``jax.vmap`` that batches the rays or a group's mask, centres or parameters (1
    outside ``jax.vmap``).

    A batching rule is the only place a batch's size is visible: a probe (an identity on boolean
    arrays, so nothing is differentiated through it, and unused, so it compiles to nothing) records the
    axis size its rule receives and binds itself again, so that an enclosing ``jax.vmap`` records its
    own. Under ``jax.vmap`` of an already ``jax.jit``-ted function the inner function is traced before it
    is batched, and the probe sees a batch of 1.
    """
    import jax.numpy as jnp
    from jax.custom_batching import custom_vmap

    sizes = []

    @custom_vmap
    def probe(flags):
        return flags

    @probe.def_vmap
    def _(axis_size, in_batched, flags):
        sizes.append(axis_size)
        return probe(flags), in_batched[0]

    flags = [jnp.isnan(value) for value in _first_values(points, groups)]
    probe(flags + [jnp.asarray(group.mask)[:1] for group in groups])
    return int(np.prod(sizes, dtype=np.int64)) if sizes else 1


def _first_values(points, groups):
    """The first element of the rays' y column and of each group's centres' y column and parameters."""
    import jax.numpy as jnp

    values = [jnp.asarray(points)[:1, 0]]
    for group in groups:
        values.append(jnp.asarray(group.centre)[:1, 0])
        values += [jnp.asarray(parameter)[:1] for parameter in group.parameters]
    return values


def _is_differentiated(points, groups) -> bool:
    """
    Whether the evaluation is traced under forward- or reverse-mode differentiation (``jax.jvp``,
    ``jax.grad``, ...) with respect to anything the rays or a group's centres or parameters depend on;
    known at trace time, like `_batch_size_of`: a ``jax.custom_jvp`` identity (unused, so it compiles to
    nothing) whose JVP rule, which JAX runs only when a tangent reaches it, records that it ran.
    """
    import jax
    import jax.numpy as jnp

    seen = []

    @jax.custom_jvp
    def probe(values):
        return values

    @probe.defjvp
    def _(primals, tangents):
        seen.append(True)
        return primals[0], tangents[0]

    values = _first_values(points, groups)
    probe([value for value in values if jnp.issubdtype(value.dtype, jnp.floating)])
    return bool(seen)


def _chunks_of(centre, lensing, mask, size: int):
    """
    The flat (capacity, ...) member arrays as (chunks, size, ...) blocks, the last chunk padded with edge
    copies of the last slot (finite kernels) that the padded mask marks dead.
    """
    import jax.numpy as jnp

    capacity = mask.shape[0]
    n_chunks = -(-capacity // size)
    extra = n_chunks * size - capacity

    def chunked(array, fill=None):
        array = jnp.asarray(array)
        if extra:
            pad = (
                jnp.repeat(array[-1:], extra, axis=0)
                if fill is None
                else jnp.full((extra,) + array.shape[1:], fill, dtype=array.dtype)
            )
            array = jnp.concatenate([array, pad])
        return array.reshape((n_chunks, size) + array.shape[1:])

    return (
        chunked(centre),
        {name: chunked(value) for name, value in lensing.items()},
        chunked(mask, fill=False),
    )


def _chunk_loop(kind: HaloKind, quantity: str, chunks, points, total, direct: bool):
    """
    Add one group's member chunks to ``total`` (rays, width): a ``lax.scan`` over the chunks, each
    evaluated under a ``lax.cond`` only when it holds a live slot (in any batch member, see
    `_any_live`), its value rematerialised in reverse mode (``jax.checkpoint``), so a gradient keeps
    the inputs of each chunk, not its (chunk x rays) intermediates.
    """
    import jax
    import jax.numpy as jnp

    # The whole step is rematerialised, the `cond` included: checkpointing only the chunk's value
    # inside the `cond` still kept per-step residuals of the `cond` (e.g. the rays it closes over), so
    # the gradient's memory grew with the capacity.
    @jax.checkpoint
    def step_total(total, centre, lensing, mask, points):
        return jax.lax.cond(
            _any_live(mask),
            lambda total: total
            + _chunk_values(kind, points, quantity, jnp, centre, lensing, mask, direct),
            lambda total: total,
            total,
        )

    def step(total, chunk):
        return step_total(total, *chunk, points), None

    return jax.lax.scan(step, total, chunks)[0]


def _summed_jax(groups, points, quantity: str, chunk_size: int, ray_block: int, direct: bool):
    """
    JAX: the sum over every group, the rays ``ray_block`` at a time (a ``lax.map`` over the blocks),
    each group's members ``chunk_size`` at a time (`_chunk_loop`).

    The number of sequential steps is set by the layout alone: (ray blocks) x (member chunks of every
    group), with chunks dead in the whole batch skipped. Under ``jax.vmap`` the batch axis lives inside
    each step's arrays (batch x chunk x ray block), so a batch adds work to each step, not steps. The
    kernel arguments (e.g. the mass-concentration mapping) are formed once per group, outside the loops.
    A ray sums the same members in the same order whatever the ray block or the batch.
    """
    import jax
    import jax.numpy as jnp

    width = 2 if quantity == "deflection" else 1
    prepared = []
    for group in groups:
        capacity = group.capacity
        if capacity == 0:  # an empty group (e.g. an empty plane's layout) adds nothing
            continue
        parameters = tuple(jnp.asarray(p) for p in group.parameters)
        lensing = _lensing_from(group, parameters, jnp)
        centre, lensing, mask = _without_non_finite_members(
            group, jnp.asarray(group.centre), lensing, jnp.asarray(group.mask), jnp
        )
        chunks = _chunks_of(centre, lensing, mask, min(chunk_size, capacity))
        prepared.append((group.halo_kind, chunks))

    def block_sum(block):
        total = jnp.zeros((block.shape[0], width), dtype=block.dtype)
        for kind, chunks in prepared:
            total = _chunk_loop(kind, quantity, chunks, block, total, direct)
        return total

    rays = points.shape[0]
    if rays <= ray_block:
        return block_sum(points)

    # Padded rays are copies of the last ray (finite kernels), sliced off the result.
    n_blocks = -(-rays // ray_block)
    extra = n_blocks * ray_block - rays
    padded = jnp.concatenate([points, jnp.repeat(points[-1:], extra, axis=0)])
    blocks = padded.reshape((n_blocks, ray_block) + points.shape[1:])
    # Each block is rematerialised in reverse mode too: inside a `lax.map`, the chunk loop's own
    # checkpoints alone still kept every chunk's (chunk x ray block) residuals.
    return (
        jax.lax.map(jax.checkpoint(block_sum), blocks)
        .reshape(n_blocks * ray_block, width)[:rays]
    )


_PYTREE_REGISTERED = False


def _register_pytree():
    """Register `HaloPopulation` and `HaloGroup` as JAX pytrees, once, when JAX is importable."""
    global _PYTREE_REGISTERED
    if _PYTREE_REGISTERED:
        return
    try:
        import jax
    except ImportError:  # NumPy-only installs
        return

    def flatten_group(group):
        return (group.centre, group.parameters, group.mask), (group.kind, group.static)

    def unflatten_group(aux, children):
        centre, parameters, mask = children
        return HaloGroup(
            kind=aux[0], static=aux[1], centre=centre, parameters=tuple(parameters), mask=mask
        )

    def flatten_population(pop):
        return (pop.groups,), (pop.chunk_size, pop.ray_block, pop.backend)

    def unflatten_population(aux, children):
        pop = object.__new__(HaloPopulation)
        MassProfile.__init__(pop, centre=(0.0, 0.0), ell_comps=(0.0, 0.0))
        pop.groups = tuple(children[0])
        pop.chunk_size, pop.ray_block, pop.backend = aux
        return pop

    from autoarray.abstract_ndarray import _pytree_registered_classes

    jax.tree_util.register_pytree_node(HaloGroup, flatten_group, unflatten_group)
    jax.tree_util.register_pytree_node(
        HaloPopulation, flatten_population, unflatten_population
    )
    # Tell the generic registration (which a Tracer runs over everything it holds) that these have
    # their own layout, so it neither registers them twice nor flattens their static fields.
    _pytree_registered_classes.update({HaloGroup, HaloPopulation})
    _PYTREE_REGISTERED = True
