"""
Building blocks for simulating many substructure lenses with one compiled function.

A substructure simulation maps a parameter vector ``theta`` (macro lens, source, dark-matter model) and a
PRNG key to an image. With the library's own objects it is written as::

    grid = al.Grid2D.uniform(shape_native=(100, 100), pixel_scales=0.05, over_sample_size=2)
    psf = al.Convolver.from_gaussian(shape_native=(11, 11), pixel_scales=0.05, sigma=0.1, normalize=True)
    simulator = al.SimulatorImaging(
        exposure_time=1000.0, background_sky_level=0.1, psf=psf, use_jax=True, key=jax.random.key(0)
    )

    def simulate(theta, key):
        subhalos = ag.mp.HaloPopulation.from_arrays(...)          # traced masses, centres, live count
        los = al.LOSSampler(...).population_galaxies_from(...)     # one galaxy per line-of-sight plane
        lens = ag.Galaxy(redshift=0.5, mass=ag.mp.PowerLaw(...), subhalos=subhalos)
        tracer = al.Tracer(galaxies=[lens, source, *los])
        dataset, noise_free = al.substructure.imaging_and_noise_free_from(
            simulator=simulator, tracer=tracer, grid=grid, key=key
        )
        return dataset.data.native.array, noise_free.native.array

    images, noise_free = jax.jit(jax.vmap(simulate))(thetas, jax.random.split(key, batch_size))

This module holds what such a function needs beyond the profiles, galaxies, samplers and simulator:

- `imaging_and_noise_free_from`: a simulated dataset and its noise-free image from one ray-trace;
- `stacked_from`: host-side draws (e.g. ``LOSSampler.population_galaxies_from`` without a key) stacked
  along a new leading axis, for ``jax.vmap``, with a clear error when their layouts differ.

To split a batch over several devices (or hosts), each computing its own slice, see
`autolens.jax.devices.vmap_over_devices`.
"""

from typing import Optional, Sequence, Tuple

import numpy as np

import autoarray as aa

from autolens.imaging.simulator import SimulatorImaging
from autolens.lens.tracer import Tracer


def imaging_and_noise_free_from(
    simulator: SimulatorImaging,
    tracer: Tracer,
    grid: aa.type.Grid2DLike,
    xp=None,
    *,
    key=None,
) -> Tuple[aa.Imaging, aa.Array2D]:
    """
    Simulate an `Imaging` dataset and its noise-free image, ray-tracing the grid once.

    The noise-free image is what ``simulator`` gives with its noise switched off: the tracer's image
    convolved with the simulator's PSF and, when ``simulator.subtract_background_sky``, with the sky
    added and subtracted again (so it equals, to the bit, a ``SimulatorImaging`` of the same settings with
    ``add_poisson_noise_to_data=False, include_poisson_noise_in_noise_map=False``). The dataset is then
    simulated from that image by ``simulator.via_image_from(..., image_is_convolved=True)``: the sky, the
    Poisson noise (from ``key``), the noise-map and the sky subtraction are the simulator's own.

    Calling ``via_tracer_from`` on a noisy and on a noise-free simulator instead traces every ray twice
    (under ``jax.jit`` the compiler may or may not merge the two). Here the tracer is evaluated once.

    The Poisson draw covers the image's own pixels (``via_tracer_from`` draws on the frame padded by the
    PSF and trims it), so for the same key the noise differs from ``simulator.via_tracer_from``'s, with
    the same distribution.

    Parameters
    ----------
    simulator
        The simulator of the dataset (exposure time, sky, PSF, noise settings, ``use_jax``, ``precision``).
    tracer
        The lens system to image; its planes are ray-traced once.
    grid
        The (y, x) arc-second grid of the image, shape (H * W, 2), with its over-sampling.
    xp
        The array module (``numpy`` or ``jax.numpy``); the simulator's own by default.
    key
        The JAX PRNG key of the noise (JAX path), overriding ``simulator.key``; see
        ``SimulatorImaging.via_image_from``. Under ``jax.vmap`` pass one key per member.

    Returns
    -------
    dataset, noise_free
        The simulated `Imaging` (data and noise-map in counts per second, shape (H, W)) and the noise-free
        image as an `Array2D` of the same shape and units.
    """
    quiet = SimulatorImaging(
        exposure_time=simulator.exposure_time,
        background_sky_level=simulator.background_sky_level,
        subtract_background_sky=simulator.subtract_background_sky,
        psf=simulator.psf,
        use_real_space_convolution=simulator.use_real_space_convolution,
        normalize_psf=False,
        add_poisson_noise_to_data=False,
        include_poisson_noise_in_noise_map=False,
        noise_if_add_noise_false=simulator.noise_if_add_noise_false,
        use_jax=simulator.use_jax,
        precision=simulator.precision,
    )
    noise_free = quiet.via_tracer_from(tracer=tracer, grid=grid, xp=xp).data
    # via_image_from adds the sky before the noise (and subtracts it afterwards if asked): without the
    # subtraction the noise-free image holds the sky already, which must not be added twice.
    image = (
        noise_free
        if simulator.subtract_background_sky
        else noise_free - simulator.background_sky_level
    )
    dataset = simulator.via_image_from(
        image=image,
        over_sample_size=getattr(grid, "over_sample_size", None),
        image_is_convolved=True,
        xp=xp,
        key=key,
    )
    return dataset, noise_free


def _layout_of(tree) -> str:
    """A one-line description of a pytree's structure and leaf shapes, for error messages."""
    import jax

    leaves, treedef = jax.tree_util.tree_flatten(tree)
    return f"{treedef} with leaf shapes {[tuple(np.shape(leaf)) for leaf in leaves]}"


def stacked_from(draws: Sequence):
    """
    Stack pytrees of one layout (e.g. one host-side line-of-sight draw per image) along a new leading
    axis, the batch axis of ``jax.vmap``.

    Draws with the same capacities have the same layout whatever their live counts, so a batch of them
    stacks, and a new batch reuses the function compiled for the first.

    Parameters
    ----------
    draws
        A non-empty sequence of pytrees (lists of `Galaxy`, `HaloPopulation`, dicts of arrays, ...) with
        the same structure and leaf shapes.

    Returns
    -------
    The pytree of the first draw with every leaf stacked: shape (len(draws), *leaf.shape).

    Raises
    ------
    ValueError
        If ``draws`` is empty, or two draws differ in structure or leaf shapes (e.g. populations built with
        different capacities); the message names the first draw that differs.
    """
    import jax
    import jax.numpy as jnp

    draws = list(draws)
    if not draws:
        raise ValueError("stacked_from: no draws to stack")
    first = jax.tree_util.tree_structure(draws[0])
    shapes = [np.shape(leaf) for leaf in jax.tree_util.tree_leaves(draws[0])]
    for index, draw in enumerate(draws[1:], start=1):
        if jax.tree_util.tree_structure(draw) != first or [
            np.shape(leaf) for leaf in jax.tree_util.tree_leaves(draw)
        ] != shapes:
            raise ValueError(
                f"stacked_from: draw {index} has another layout than draw 0 (build every draw with the "
                f"same capacities): draw 0 is {_layout_of(draws[0])}; draw {index} is {_layout_of(draw)}"
            )
    return jax.tree_util.tree_map(lambda *leaves: jnp.stack(leaves), *draws)
