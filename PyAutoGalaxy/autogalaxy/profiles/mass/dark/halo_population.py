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

Evaluation never builds a (members x rays) array: members are reduced in chunks of `chunk_size`
(a loop over the chunks holding live members on either path; on the JAX path the rays, too, are taken
`RAY_CHUNK_SIZE` at a time), and the direction of each deflection is
:math:`\\alpha(R) \\, (\\Delta y, \\Delta x) / R`, with no trigonometry. Under ``jax.vmap`` the batch
shares the chunk, so a batch does not build (batch x chunk_size x rays) temporaries either.
"""

from dataclasses import dataclass
from typing import Callable, Dict, Optional, Sequence, Tuple, Union

import numpy as np

import autoarray as aa

from autogalaxy.profiles.mass.abstract.abstract import MassProfile

# On the JAX path the rays are evaluated this many at a time (see `_summed_jax`): the kernels'
# intermediate arrays are then (chunk_size x RAY_CHUNK_SIZE), which XLA's CPU backend keeps in cache.
RAY_CHUNK_SIZE = 4096


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
    """

    name: str
    classes: Tuple[type, ...]
    parameters: Tuple[str, ...]
    static: Tuple[str, ...]
    padding: Tuple[float, ...]
    lensing_from: Callable
    deflection: Callable
    convergence: Callable


def _identity_lensing(params, static, xp):
    return params


def _per_member(mapping, columns, xp):
    """
    Apply a scalar mapping to every member: ``jax.vmap`` on the JAX path, a loop on the NumPy path (the
    Ludlow16 concentration of the MCR mappings takes one mass at a time).
    """
    if xp is np:
        rows = [mapping(*values) for values in zip(*columns)]
        return tuple(np.asarray(column) for column in zip(*rows))
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

    kappa_s, scale_radius, truncation_radius = _per_member(
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

    kappa_s, scale_radius, core_radius = _per_member(
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
    def __init__(self, groups: Sequence[HaloGroup] = (), chunk_size: int = 32):
        """
        A population of spherical dark-matter haloes as one mass profile (see the module docstring).

        Build one with `from_profiles`; the constructor takes the groups as they are stored.

        Parameters
        ----------
        groups
            The groups of members, one per kind and static values.
        chunk_size
            How many members are evaluated at once: the peak memory of an evaluation is
            O(chunk_size x rays), whatever the number of members. Under ``jax.vmap`` the budget is
            shared by the batch (``chunk_size // batch`` members of each batch member at once), so a
            batch needs the memory of one evaluation, not one per batch member.
        """
        super().__init__(centre=(0.0, 0.0), ell_comps=(0.0, 0.0))
        if chunk_size < 1:
            raise ValueError(f"HaloPopulation chunk_size must be positive, got {chunk_size}")
        self.groups = tuple(groups)
        self.chunk_size = int(chunk_size)
        _register_pytree()

    @classmethod
    def from_profiles(
        cls,
        profiles: Sequence[MassProfile],
        capacity: Union[int, Dict[type, int]],
        chunk_size: int = 32,
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
        chunk_size
            How many members are evaluated at once (see `HaloPopulation`).

        Raises
        ------
        TypeError
            If a profile is of an unsupported class.
        ValueError
            If a group has more members than its capacity.
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
            groups.append(_group_from(kind, static, group_profiles, size))
        return cls(groups=groups, chunk_size=chunk_size)

    @classmethod
    def from_arrays(
        cls,
        profile_class: type,
        centre,
        capacity: int,
        chunk_size: int = 32,
        n_live=None,
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
        parameters
            One array of shape (n,) per parameter of the class (for the MCR classes: ``mass_at_200``,
            ``scatter_sigma`` (default 0) and, cored, ``f_c``; otherwise ``kappa_s``, ``scale_radius`` and
            ``truncation_radius`` or ``core_radius``), and the static ``redshift_object`` and
            ``redshift_source`` (concrete floats) of the MCR classes.
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
        if n_live is not None:
            return cls(
                groups=[_group_of_live_count(kind, profile_class, centre, capacity, n_live, parameters, xp)],
                chunk_size=chunk_size,
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
        return cls(groups=[group], chunk_size=chunk_size)

    def __add__(self, other: "HaloPopulation") -> "HaloPopulation":
        """The population of both populations' members (their groups side by side)."""
        if not isinstance(other, HaloPopulation):
            return NotImplemented
        return HaloPopulation(
            groups=self.groups + other.groups, chunk_size=min(self.chunk_size, other.chunk_size)
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
            total = np.zeros((points.shape[0], width), dtype=points.dtype)
            for group in self.groups:
                total = total + _group_sum_np(group, points, quantity, self.chunk_size)
        else:
            total = _summed_jax(self.groups, points, quantity, self.chunk_size)
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


def _chunk_values(kind: HaloKind, points, quantity: str, xp, centre, lensing, mask):
    """The summed contribution of one chunk of members: shape (rays, 2) or (rays, 1)."""
    lensing = {name: value[:, None] for name, value in lensing.items()}

    dy = points[None, :, 0] - centre[:, 0:1]
    dx = points[None, :, 1] - centre[:, 1:2]
    radius = xp.sqrt(dy * dy + dx * dx)
    live = mask[:, None]

    if quantity == "convergence":
        kappa = kind.convergence(radius, xp=xp, **lensing)
        return xp.sum(xp.where(live, kappa, 0.0), axis=0)[:, None]

    alpha = kind.deflection(radius, xp=xp, **lensing)
    # alpha(R) (dy, dx) / R: at R = 0 the direction is zero (dy = dx = 0), so a safe
    # denominator there gives the exact zero deflection and finite gradients.
    safe = xp.where(radius > 0.0, radius, 1.0)
    scale = xp.where(live, alpha / safe, 0.0)
    # sum_m s_m (p - c_m) = p sum_m s_m - sum_m s_m c_m: the three member sums are one
    # (3 x chunk) @ (chunk x rays) product, so no (chunk x rays) product with dy, dx is formed.
    weights = xp.concatenate([xp.ones_like(centre[:, 0:1]), centre], axis=1)
    sums = weights.T @ scale
    return xp.stack(
        [points[:, 0] * sums[0] - sums[1], points[:, 1] * sums[0] - sums[2]], axis=-1
    )


def _group_sum_np(group: HaloGroup, points, quantity: str, chunk_size: int):
    """NumPy: evaluate only the live members, ``chunk_size`` at a time."""
    width = 2 if quantity == "deflection" else 1
    total = np.zeros((points.shape[0], width), dtype=points.dtype)
    live = np.flatnonzero(np.asarray(group.mask))
    if live.size == 0:
        return total
    centre = np.asarray(group.centre)[live]
    lensing = _lensing_from(group, tuple(np.asarray(p)[live] for p in group.parameters), np)
    for start in range(0, live.size, chunk_size):
        chunk = slice(start, start + chunk_size)
        total += _chunk_values(
            group.halo_kind,
            points,
            quantity,
            np,
            centre[chunk],
            {name: value[chunk] for name, value in lensing.items()},
            np.ones(centre[chunk].shape[0], dtype=bool),
        )
    return total


def _summed_jax(groups, points, quantity: str, chunk_size: int):
    """
    JAX: the sum over every group, the rays taken ``RAY_CHUNK_SIZE`` at a time.

    Each (member chunk x ray chunk) evaluation then works on arrays small enough to stay in the CPU's
    caches (XLA's CPU backend writes the kernel's intermediate arrays to memory between its fused
    loops: at every ray at once they are (chunk_size x rays), ~10 MB each for R's 48,400 rays), and
    the memory of a ``jax.vmap`` batch no longer grows with the rays. A ray's deflection sums the same
    members in the same order whatever the ray chunk.
    """
    import jax
    import jax.numpy as jnp

    width = 2 if quantity == "deflection" else 1

    def block_sum(block):
        total = jnp.zeros((block.shape[0], width), dtype=block.dtype)
        for group in groups:
            total = total + _group_sum_jax(group, block, quantity, chunk_size)
        return total

    rays = points.shape[0]
    if rays <= RAY_CHUNK_SIZE:
        return block_sum(points)

    # Padded rays are copies of the last ray (finite kernels), sliced off the result.
    n_blocks = -(-rays // RAY_CHUNK_SIZE)
    extra = n_blocks * RAY_CHUNK_SIZE - rays
    padded = jnp.concatenate([points, jnp.repeat(points[-1:], extra, axis=0)])
    blocks = padded.reshape((n_blocks, RAY_CHUNK_SIZE) + points.shape[1:])
    return jax.lax.map(block_sum, blocks).reshape(n_blocks * RAY_CHUNK_SIZE, width)[:rays]


def _live_chunk_count(mask, size: int):
    """The number of chunks of ``size`` slots up to and including the last live slot (traced)."""
    import jax.numpy as jnp

    slots = jnp.arange(1, mask.shape[0] + 1)
    last = jnp.max(jnp.where(mask, slots, 0))
    return (last + size - 1) // size


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


def _live_chunk_sum(kind: HaloKind, quantity: str, size: int, centre, lensing, mask, points):
    """
    The summed contribution of the chunks of ``size`` slots up to the last live slot: a
    ``lax.fori_loop`` whose trip count is read from the (traced) mask, so a new live count does not
    recompile.
    """
    import jax
    import jax.numpy as jnp

    width = 2 if quantity == "deflection" else 1
    centre, lensing, chunk_mask = _chunks_of(centre, lensing, mask, size)

    def body(index, total):
        c, lens, m = jax.tree_util.tree_map(lambda a: a[index], (centre, lensing, chunk_mask))
        return total + _chunk_values(kind, points, quantity, jnp, c, lens, m)

    count = _live_chunk_count(mask, size)
    init = jnp.zeros((points.shape[0], width), dtype=points.dtype)
    return jax.lax.fori_loop(0, count, body, init)


def _live_sum_from(kind: HaloKind, quantity: str, size: int, batch_axes: tuple = ()):
    """
    `_live_chunk_sum` with chunks of ``size`` slots, as a ``jax.custom_batching.custom_vmap`` function
    whose batching rule keeps the work of one loop step at ``size`` slots x rays, whatever the batch.

    Batched plainly, the loop would evaluate ``size`` slots of every batch member at once, so its
    temporaries (several (batch, size, rays) arrays per kernel, ``(batch, size, rays, terms)`` for the
    series of the cored NFW) grow with the batch: ~8x the memory of one image for a batch of 8. Under
    ``jax.vmap`` with a batch of ``B`` the rule instead runs the loop on chunks of ``size // B`` slots
    (vectorised over the batch, so a sharded batch stays sharded), and for ``B > size`` on one slot at a
    time for sub-batches of at most ``size`` members, one sub-batch after the other.

    Parameters
    ----------
    size
        The slots per chunk of one batch member.
    batch_axes
        The ``in_axes`` of the ``jax.vmap`` levels already applied (innermost first): the function takes
        arguments batched by them, so that a nested ``jax.vmap`` shrinks the chunk again.
    """
    import jax
    from jax.custom_batching import custom_vmap

    def evaluate(centre, lensing, mask, points):
        return _live_chunk_sum(kind, quantity, size, centre, lensing, mask, points)

    for in_axes in batch_axes:
        evaluate = jax.vmap(evaluate, in_axes=in_axes)

    live_sum = custom_vmap(evaluate)

    @live_sum.def_vmap
    def _(axis_size, in_batched, *args):
        in_axes = tuple(
            jax.tree_util.tree_map(lambda batched: 0 if batched else None, flags)
            for flags in in_batched
        )
        if axis_size <= size:
            inner = _live_sum_from(kind, quantity, size // axis_size, batch_axes + (in_axes,))
            return inner(*args), True

        # More batch members than slots per chunk: sub-batches of at most `size` members, one slot
        # each, one after the other. The batch is split as (members of a sub-batch, sub-batches), the
        # sub-batch axis minor, so a batch sharded along its axis stays sharded within each sub-batch.
        import jax.numpy as jnp

        steps = -(-axis_size // size)
        per_step = -(-axis_size // steps)
        padded = per_step * steps
        inner = _live_sum_from(kind, quantity, 1, batch_axes + (in_axes,))

        def split(array):
            if padded > axis_size:
                array = jnp.concatenate(
                    [array, jnp.repeat(array[-1:], padded - axis_size, axis=0)]
                )
            return jnp.swapaxes(array.reshape((per_step, steps) + array.shape[1:]), 0, 1)

        leaves, treedef = jax.tree_util.tree_flatten(args)
        flags = jax.tree_util.tree_leaves(in_batched)
        mapped = [split(leaf) for leaf, batched in zip(leaves, flags) if batched]

        def step(_, xs):
            xs = iter(xs)
            step_args = [next(xs) if batched else leaf for leaf, batched in zip(leaves, flags)]
            return None, inner(*jax.tree_util.tree_unflatten(treedef, step_args))

        out = jax.lax.scan(step, None, mapped)[1]
        out = jnp.swapaxes(out, 0, 1)
        return out.reshape((padded,) + out.shape[2:])[:axis_size], True

    return live_sum


def _group_sum_jax(group: HaloGroup, points, quantity: str, chunk_size: int):
    """
    JAX: the chunks of slots (padded to whole chunks) holding live members, masked members adding zero.

    Live members fill the first slots of a group, so only the chunks up to the last live slot are
    evaluated (a slot left dead between live ones is masked, as before): a ``lax.while_loop`` whose trip count is read from the mask (traced, so a new live count does
    not recompile; under ``jax.vmap`` it runs to the batch's largest count). A while loop has no
    reverse-mode derivative, so the function is a ``jax.custom_jvp`` whose derivative rule
    differentiates the same sum written as a ``lax.scan`` over every chunk, each skipped by a
    ``lax.cond`` when it holds no live member. Both sum the same chunks in the same order (the skipped
    ones add exact zeros), so values are identical to evaluating every slot.

    Under ``jax.vmap`` the loop's chunk shrinks with the batch (``chunk_size // batch`` slots of every
    batch member per step, see `_live_sum_from`), so the peak memory of a batch is that of one image:
    values equal the unbatched ones to float rounding (the same members, summed in other groupings).
    """
    import jax
    import jax.numpy as jnp

    capacity = group.capacity
    size = min(chunk_size, capacity)
    kind = group.halo_kind

    parameters = tuple(jnp.asarray(p) for p in group.parameters)
    lensing = _lensing_from(group, parameters, jnp)
    centre = jnp.asarray(group.centre)
    mask = jnp.asarray(group.mask)
    width = 2 if quantity == "deflection" else 1

    def every_chunk(centre, lensing, mask, points):
        def step(total, chunk):
            c, lens, m = chunk
            value = jax.lax.cond(
                jnp.any(m),
                lambda: _chunk_values(kind, points, quantity, jnp, c, lens, m),
                lambda: jnp.zeros((points.shape[0], width), dtype=points.dtype),
            )
            return total + value, None

        init = jnp.zeros((points.shape[0], width), dtype=points.dtype)
        return jax.lax.scan(step, init, _chunks_of(centre, lensing, mask, size))[0]

    live_sum = _live_sum_from(kind, quantity, size)

    @jax.custom_jvp
    def live_chunks(centre, lensing, mask, points):
        return live_sum(centre, lensing, mask, points)

    @live_chunks.defjvp
    def _(primals, tangents):
        return jax.jvp(every_chunk, primals, tangents)

    return live_chunks(centre, lensing, mask, points)


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
        return (pop.groups,), (pop.chunk_size,)

    def unflatten_population(aux, children):
        pop = object.__new__(HaloPopulation)
        MassProfile.__init__(pop, centre=(0.0, 0.0), ell_comps=(0.0, 0.0))
        pop.groups = tuple(children[0])
        pop.chunk_size = aux[0]
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
