"""
Fixed-shape halo arrays and a scan over planes for simulating line-of-sight haloes under JAX.

.. deprecated::
    This module is deprecated and will be removed. Its functions pack haloes into per-plane arrays and
    ray-trace them with a hand-written scan, beside the `Tracer`. Use the population API instead:
    ``ag.mp.HaloPopulation`` (``from_profiles``, ``from_arrays``) holds many haloes as one mass profile
    of fixed capacity, ``al.LOSSampler(...).population_galaxies_from(capacity=...)`` gives a line of
    sight as one such galaxy per plane, and an ordinary ``al.Tracer`` with ``al.SimulatorImaging`` (see
    ``al.substructure``) simulates the image under ``jax.jit`` and ``jax.vmap``. Every public function
    here emits a ``DeprecationWarning`` saying so.
"""

import warnings

import numpy as np

import autogalaxy as ag


def _warn_deprecated(name: str) -> None:
    warnings.warn(
        f"autolens.lens.substructure_util.{name} is deprecated and will be removed: hold haloes in "
        "ag.mp.HaloPopulation (from_profiles / from_arrays), draw the line of sight with "
        "al.LOSSampler(...).population_galaxies_from(capacity=...), and ray-trace them with an ordinary "
        "al.Tracer and al.SimulatorImaging (see al.substructure).",
        DeprecationWarning,
        stacklevel=3,
    )


def _halo_parameter_extractor_from(profile_cls):
    kaplinghat_profile_classes = tuple(
        cls
        for cls in (
            getattr(ag.mp, "KaplinghatCoredNFWSph", None),
            getattr(ag.mp, "KaplinghatCoredNFWMCRLudlowSph", None),
        )
        if cls is not None
    )
    yang_profile_classes = tuple(
        cls
        for cls in (
            getattr(ag.mp, "YangSIDMSph", None),
            getattr(ag.mp, "YangSIDMMCRLudlowSph", None),
        )
        if cls is not None
    )

    if profile_cls is ag.mp.cNFWSph:

        def extract(prof):
            return [
                prof.centre[0],
                prof.centre[1],
                prof.kappa_s,
                prof.scale_radius,
                prof.core_radius,
            ]

        return 5, extract

    if profile_cls in kaplinghat_profile_classes:

        def extract(prof):
            return [
                prof.centre[0],
                prof.centre[1],
                prof.kappa_s,
                prof.scale_radius,
                prof.interaction_radius,
                prof.central_density,
                prof.isothermal_radius,
            ]

        return 7, extract

    if profile_cls in yang_profile_classes:

        def extract(prof):
            return [
                prof.centre[0],
                prof.centre[1],
                prof.rho_s_evolved,
                prof.scale_radius_evolved,
                prof.core_radius_evolved,
            ]

        return 5, extract

    if profile_cls is ag.mp.NFWTruncatedSph:

        def extract(prof):
            return [
                prof.centre[0],
                prof.centre[1],
                prof.kappa_s,
                prof.scale_radius,
                prof.truncation_radius,
            ]

        return 5, extract

    raise ValueError(f"Unsupported halo profile class: {profile_cls}")


def precompute_scaling_matrix(plane_redshifts, cosmology=None):
    _warn_deprecated("precompute_scaling_matrix")
    import jax.numpy as jnp

    cosmology = cosmology or ag.cosmo.Planck15()
    n = len(plane_redshifts)
    z_final = plane_redshifts[-1]
    mat = np.zeros((n, n))

    for i in range(n):
        for j in range(i):
            mat[i, j] = float(
                cosmology.scaling_factor_between_redshifts_from(
                    redshift_0=plane_redshifts[j],
                    redshift_1=plane_redshifts[i],
                    redshift_final=z_final,
                )
            )

    return jnp.array(mat)


def galaxies_to_halo_arrays(galaxies, plane_redshifts, max_n, profile_cls):
    """
    Pack line-of-sight galaxies into fixed-shape per-plane arrays for `traced_grids_via_scan`.

    .. deprecated::
        Use ``al.LOSSampler(...).population_galaxies_from(capacity=...)``, which holds each plane's
        haloes as an ``ag.mp.HaloPopulation`` inside an ordinary ``Tracer``. This helper is kept,
        unchanged in its API, for existing scripts.

    Every galaxy must be one the arrays can hold, so nothing is silently left out of the lensing:

    - a halo galaxy carries exactly one mass profile, of type ``profile_cls``, under the attribute
      name ``mass`` (as `LOSSampler` makes them);
    - a sheet galaxy carries a ``MassSheet`` (any attribute name), at most one per plane;
    - galaxies without mass profiles (e.g. the source's light) are skipped.

    Parameters
    ----------
    galaxies
        The galaxies, e.g. ``LOSSampler.galaxies_from()``.
    plane_redshifts
        The redshift of every plane (matched to 8 decimals); every galaxy must lie on one.
    max_n
        The number of halo slots per plane (the arrays' second axis).
    profile_cls
        The halo profile class, e.g. ``ag.mp.NFWTruncatedSph``.

    Returns
    -------
    params, mask, sheet_kappas
        JAX arrays of shapes (n_planes, max_n, n_params), (n_planes, max_n) and (n_planes,).

    Raises
    ------
    ValueError
        If a galaxy is not on a plane, a mass profile is neither a ``MassSheet`` nor a
        ``profile_cls`` under ``mass``, a plane has two sheets, or a plane has more than ``max_n``
        haloes; each message names what would have been dropped.
    """
    _warn_deprecated("galaxies_to_halo_arrays")
    import jax.numpy as jnp

    n_planes = len(plane_redshifts)
    n_params, extract = _halo_parameter_extractor_from(profile_cls=profile_cls)

    params = np.zeros((n_planes, max_n, n_params))
    mask = np.zeros((n_planes, max_n), dtype=bool)
    sheet_kappas = np.zeros(n_planes)

    z_to_plane = {}
    for i, z in enumerate(plane_redshifts):
        z_to_plane[round(float(z), 8)] = i

    halos_per_plane = [[] for _ in range(n_planes)]
    has_sheet = [False] * n_planes

    for g in galaxies:
        z_key = round(float(g.redshift), 8)
        plane_i = z_to_plane.get(z_key)
        if plane_i is None:
            raise ValueError(
                f"A galaxy at redshift {float(g.redshift)} is not on any of the plane_redshifts "
                f"{[float(z) for z in plane_redshifts]}: it would be dropped. Add its redshift to "
                "plane_redshifts or leave the galaxy out."
            )

        for name, profile in g.profile_dict.items():
            if not isinstance(profile, ag.mp.MassProfile):
                continue

            if isinstance(profile, ag.mp.MassSheet):
                if has_sheet[plane_i]:
                    raise ValueError(
                        f"Plane {plane_i} (z = {float(plane_redshifts[plane_i])}) has a second mass "
                        f"sheet ({name!r}, kappa = {float(profile.kappa)}): only one sheet per plane "
                        "is held, the other would be dropped. Combine them into one MassSheet."
                    )
                sheet_kappas[plane_i] = float(profile.kappa)
                has_sheet[plane_i] = True
            elif name == "mass" and isinstance(profile, profile_cls):
                halos_per_plane[plane_i].append(profile)
            else:
                raise ValueError(
                    f"The mass profile {name!r} ({type(profile).__name__}) of the galaxy at "
                    f"redshift {float(g.redshift)} would be dropped: halo arrays hold only "
                    f"{profile_cls.__name__} profiles under the attribute name 'mass', and "
                    "MassSheet profiles."
                )

    for plane_i, halos in enumerate(halos_per_plane):
        if len(halos) > max_n:
            raise ValueError(
                f"Plane {plane_i} (z = {float(plane_redshifts[plane_i])}) has {len(halos)} haloes, "
                f"more than max_n = {max_n}: {len(halos) - max_n} would be dropped. Raise max_n."
            )
        for slot, halo in enumerate(halos):
            params[plane_i, slot] = extract(halo)
            mask[plane_i, slot] = True

    return jnp.array(params), jnp.array(mask), jnp.array(sheet_kappas)


def traced_grids_via_scan(
    grid,
    halo_params,
    halo_mask,
    scaling_matrix,
    lens_mass_fn,
    lens_mass_params,
    lens_plane_mask,
    sheet_kappas,
    halo_profile_cls,
):
    _warn_deprecated("traced_grids_via_scan")
    import jax
    import jax.numpy as jnp

    n_planes = halo_params.shape[0]
    n_grid = grid.shape[0]

    init_defl_buffer = jnp.zeros((n_planes, n_grid, 2))

    def scan_step(carry, plane_inputs):
        grid_0, defl_buffer, plane_idx = carry
        halo_p, halo_m, scaling_row, is_lens, sheet_kappa = plane_inputs

        scaled = jnp.einsum("p,pmd->md", scaling_row, defl_buffer)
        current_grid = grid_0 - scaled

        halo_defl = halo_profile_cls.vmapped_deflections_from(
            current_grid, halo_p, halo_m
        )

        lens_defl = lens_mass_fn(current_grid, lens_mass_params)
        lens_defl = is_lens * lens_defl

        sheet_defl = sheet_kappa * current_grid

        total_defl = halo_defl + lens_defl + sheet_defl
        defl_buffer = defl_buffer.at[plane_idx].set(total_defl)

        return (grid_0, defl_buffer, plane_idx + 1), current_grid

    plane_stack = (
        halo_params,
        halo_mask,
        scaling_matrix,
        lens_plane_mask,
        sheet_kappas,
    )

    init_carry = (grid, init_defl_buffer, 0)
    _, traced_grids = jax.lax.scan(scan_step, init_carry, plane_stack)

    return traced_grids


def simulate_substructure(
    grid,
    image_shape,
    halo_params,
    halo_mask,
    scaling_matrix,
    lens_mass_fn,
    lens_mass_params,
    lens_plane_mask,
    sheet_kappas,
    source_light_fn,
    source_light_params,
    psf_kernel,
    exposure_time,
    background_sky_level,
    prng_key,
    halo_profile_cls,
    lens_light_fn=None,
    lens_light_params=None,
    lens_plane_idx=None,
):
    _warn_deprecated("simulate_substructure")
    import jax
    import jax.numpy as jnp

    traced_grids = traced_grids_via_scan(
        grid=grid,
        halo_params=halo_params,
        halo_mask=halo_mask,
        scaling_matrix=scaling_matrix,
        lens_mass_fn=lens_mass_fn,
        lens_mass_params=lens_mass_params,
        lens_plane_mask=lens_plane_mask,
        sheet_kappas=sheet_kappas,
        halo_profile_cls=halo_profile_cls,
    )

    image_1d = source_light_fn(traced_grids[-1], source_light_params)

    if lens_light_fn is not None:
        lens_image = lens_light_fn(traced_grids[lens_plane_idx], lens_light_params)
        image_1d = image_1d + lens_image

    image_2d = image_1d.reshape(image_shape)

    image_2d = jax.scipy.signal.fftconvolve(image_2d, psf_kernel, mode="same")

    image_2d = image_2d + background_sky_level

    if prng_key is not None:
        image_counts = image_2d * exposure_time
        noisy_counts = jax.random.poisson(prng_key, image_counts)
        image_2d = noisy_counts / exposure_time - background_sky_level
    else:
        image_2d = image_2d - background_sky_level

    return image_2d


def los_realizations_to_arrays(
    realization_galaxies,
    plane_redshifts,
    max_n,
    profile_cls,
):
    _warn_deprecated("los_realizations_to_arrays")
    import jax.numpy as jnp

    all_params = []
    all_masks = []
    all_kappas = []

    for galaxies in realization_galaxies:
        params, mask, kappas = galaxies_to_halo_arrays(
            galaxies=galaxies,
            plane_redshifts=plane_redshifts,
            max_n=max_n,
            profile_cls=profile_cls,
        )
        all_params.append(params)
        all_masks.append(mask)
        all_kappas.append(kappas)

    return jnp.stack(all_params), jnp.stack(all_masks), jnp.stack(all_kappas)


def batched_simulate_substructure(
    grid,
    image_shape,
    halo_params_batch,
    halo_mask_batch,
    scaling_matrix,
    lens_mass_fn,
    lens_mass_params_batch,
    lens_plane_mask,
    sheet_kappas_batch,
    source_light_fn,
    source_light_params_batch,
    psf_kernel,
    exposure_time,
    background_sky_level,
    prng_keys,
    halo_profile_cls,
    lens_light_fn=None,
    lens_light_params_batch=None,
    lens_plane_idx=None,
):
    _warn_deprecated("batched_simulate_substructure")
    import jax
    import functools

    single_fn = functools.partial(
        simulate_substructure,
        grid=grid,
        image_shape=image_shape,
        scaling_matrix=scaling_matrix,
        lens_mass_fn=lens_mass_fn,
        lens_plane_mask=lens_plane_mask,
        source_light_fn=source_light_fn,
        psf_kernel=psf_kernel,
        exposure_time=exposure_time,
        background_sky_level=background_sky_level,
        halo_profile_cls=halo_profile_cls,
        lens_light_fn=lens_light_fn,
        lens_plane_idx=lens_plane_idx,
    )

    def call(hp, hm, sk, lmp, slp, llp, key):
        return single_fn(
            halo_params=hp,
            halo_mask=hm,
            sheet_kappas=sk,
            lens_mass_params=lmp,
            source_light_params=slp,
            lens_light_params=llp,
            prng_key=key,
        )

    return jax.vmap(call)(
        halo_params_batch,
        halo_mask_batch,
        sheet_kappas_batch,
        lens_mass_params_batch,
        source_light_params_batch,
        lens_light_params_batch,
        prng_keys,
    )
