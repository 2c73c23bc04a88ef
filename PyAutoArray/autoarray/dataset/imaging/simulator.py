import logging
import numpy as np
from typing import Optional, Union

from autoarray.dataset.imaging.dataset import Imaging
from autoarray.structures.arrays.uniform_2d import Array2D
from autoarray.operators.convolver import Convolver
from autoarray.mask.mask_2d import Mask2D

from autoarray import exc
from autoarray.dataset import preprocess

logger = logging.getLogger(__name__)

_IMAGING_PYTREES_REGISTERED = False


def _register_imaging_pytrees() -> None:
    """Register ``Imaging`` so ``jax.jit(via_image_from)`` can flatten its return.

    Counterpart of ``AnalysisImaging._register_fit_imaging_pytrees``, which does
    the same job for ``FitImaging``. Without it a jitted simulator call raises
    ``TypeError: ... returned a value of type Imaging, which is not a valid JAX
    type``.

    ``data`` and ``noise_map`` are the only per-simulation dynamic values, so
    everything else rides as aux: ``psf`` and ``grids`` are constants for a given
    simulation, the over-sample sizes are static integer geometry, and the
    remaining slots are ``None``.

    Unlike pytree registration for a jitted function's *arguments* — which must
    happen before the first call, because JAX flattens arguments at trace time —
    registering here is in time, because the return value is flattened only after
    the body has run. Idempotent via the module-level flag.
    """
    global _IMAGING_PYTREES_REGISTERED
    if _IMAGING_PYTREES_REGISTERED:
        return

    from autoarray.abstract_ndarray import register_instance_pytree

    # ``Array2D.instance_flatten`` emits every ``__dict__`` entry not opted out,
    # so a flattened ``data`` exposes its ``mask`` as a child. ``Mask2D`` must
    # therefore be a pytree itself, or it surfaces as a bare leaf and JAX
    # rejects the return value. Registering it here rather than adding ``mask``
    # to ``Array2D.__no_flatten__`` keeps ``Array2D``'s flatten semantics
    # unchanged for every other jitted path in the stack.
    register_instance_pytree(Mask2D)

    register_instance_pytree(
        Imaging,
        no_flatten=(
            "psf",
            "grids",
            "over_sample_size_lp",
            "over_sample_size_pixelization",
            "convolve_over_sample_size_lp",
            "convolve_over_sample_size_pixelization",
            "noise_covariance_matrix",
            "sparse_operator",
        ),
    )

    _IMAGING_PYTREES_REGISTERED = True


def _check_jax_precision(precision: str) -> None:
    """
    Raise a ``DatasetException`` unless JAX's 64-bit mode matches ``precision``: without it every JAX
    array is float32, whatever the simulator was meant to compute in.
    """
    import jax

    x64 = bool(jax.config.jax_enable_x64)
    if precision == "float64" and not x64:
        raise exc.DatasetException(
            "SimulatorImaging(use_jax=True) simulates in float64, but JAX's 64-bit mode is off (jax "
            "was imported before autoarray / autogalaxy / autolens, or JAX_ENABLE_X64 is False), so "
            "every array would silently be float32. Import autolens before jax, or call "
            "jax.config.update('jax_enable_x64', True) before building any array, or opt in to "
            "single precision with SimulatorImaging(..., precision='float32')."
        )
    if precision == "float32" and x64:
        raise exc.DatasetException(
            "SimulatorImaging(precision='float32') needs JAX's 64-bit mode off, but it is on, so the "
            "simulation would run in float64. Call jax.config.update('jax_enable_x64', False) after the "
            "imports and before building any array (the libraries turn the mode on when imported)."
        )


#: Negative values of the PSF-convolved image (plus sky) down to this many machine epsilons of its
#: largest absolute value are round-off of the FFT convolution of a non-negative image, not
#: negative light, and are drawn as a Poisson mean of zero.
ROUND_OFF_EPS = 1.0e3


def _poisson_mean_image_from(image: Array2D, exposure_time: float, xp):
    """
    The image (electrons per second, sky included) whose counts, times ``exposure_time``, are the
    Poisson means of the noise draw, checked for values that give no valid Poisson mean.

    The PSF convolution of a non-negative image is non-negative, but an FFT convolution (NumPy's and
    JAX's alike) leaves round-off of about one machine epsilon of the image's largest value where
    the image is dark: negative values down to ``ROUND_OFF_EPS`` epsilons of the largest absolute
    value are set to zero (with a sky level of 0 they would otherwise be negative Poisson means).

    An ``exposure_time`` that is not positive and finite (a host-side float) raises a
    ``DatasetException``. A more negative or non-finite pixel has no valid Poisson mean:

    - concrete values (NumPy, or JAX outside a trace): a ``DatasetException`` naming the problem,
      on both paths alike;
    - traced values (``jax.jit``, ``jax.vmap``...), which cannot raise: the invalid pixels are
      returned as a mask, which the caller turns to NaN after the draw (``jax.random.poisson``
      returns -1 for a negative mean).

    Parameters
    ----------
    image
        The PSF-convolved image plus background sky, in electrons per second, shape (pixels,).
    exposure_time
        The exposure time in seconds.
    xp
        The array module (``numpy`` or ``jax.numpy``).

    Returns
    -------
    The image with round-off negatives (and, under a trace, the invalid pixels) set to zero, and the
    boolean mask of invalid pixels under a trace, or ``None`` for concrete values.
    """
    exposure = float(exposure_time)

    if not (np.isfinite(exposure) and exposure > 0.0):
        raise exc.DatasetException(
            f"Poisson noise needs a positive, finite exposure_time (the counts are the image "
            f"times the exposure time), but exposure_time={exposure_time!r}. Pass a positive "
            f"exposure time, or simulate without Poisson noise "
            f"(add_poisson_noise_to_data=False, include_poisson_noise_in_noise_map=False)."
        )

    values = image.array

    traced = False
    if xp is not np:
        import jax

        traced = isinstance(values, jax.core.Tracer)

    if not traced:
        values = np.asarray(values)

        finite = np.all(np.isfinite(values))
        tolerance = (
            ROUND_OFF_EPS * np.finfo(values.dtype).eps * np.max(np.abs(values))
            if finite
            else 0.0
        )
        invalid = ~(values >= -tolerance)

        if np.any(invalid):
            negative = values < -tolerance
            lowest = (
                f" (the lowest {float(np.min(values[negative]))!r})"
                if np.any(negative)
                else ""
            )
            raise exc.DatasetException(
                f"Poisson noise needs non-negative, finite expected counts, but of the "
                f"{values.size} pixels of the PSF-convolved image plus background sky (in "
                f"electrons per second) {int(np.sum(negative))} are negative{lowest} and "
                f"{int(np.sum(~np.isfinite(values)))} are not finite. Check the input image and "
                f"background_sky_level, or simulate without Poisson noise "
                f"(add_poisson_noise_to_data=False, include_poisson_noise_in_noise_map=False)."
            )

        return image.with_new_array(xp.where(values < 0.0, 0.0, values)), None

    tolerance = ROUND_OFF_EPS * xp.finfo(values.dtype).eps * xp.max(xp.abs(values))
    # NaN compares False, so a NaN pixel (or a NaN tolerance) is invalid too.
    invalid = ~(values >= -tolerance)

    # The invalid pixels draw from a mean of zero (a NaN mean is no valid input to the draw).
    return image.with_new_array(xp.where(invalid | (values < 0.0), 0.0, values)), invalid


def _raise_for_traced_draw_without_call_key() -> None:
    """
    Raise the ``DatasetException`` of a noise draw under a JAX transformation whose call passed no key.

    The simulator's own ``key`` (or a seed, or the clock) is read once, when JAX traces the call, and
    becomes a constant of the compiled function: every call of a jitted simulation, every member of a
    ``jax.vmap`` batch and every step of a ``jax.lax.scan`` would draw the same noise.
    """
    raise exc.DatasetException(
        "SimulatorImaging is drawing Poisson noise under a JAX transformation (jax.jit, jax.vmap, "
        "jax.grad, jax.lax.scan...) without a PRNG key of this call. The simulator's own key "
        "(SimulatorImaging(key=...)), or a seed, would be a constant of the trace, so every call "
        "and every vmap member would get the same noise. Pass a key to each call, "
        "via_image_from(..., key=k) (autolens: via_tracer_from(..., key=k)), a new key per call "
        "and under jax.vmap one per member: jax.vmap(simulate)(jax.random.split(key, n))."
    )


class SimulatorImaging:
    def __init__(
        self,
        exposure_time: float,
        background_sky_level: float = 0.0,
        subtract_background_sky: bool = True,
        psf: Convolver = None,
        use_real_space_convolution: bool = True,
        normalize_psf: bool = True,
        add_poisson_noise_to_data: bool = True,
        include_poisson_noise_in_noise_map: bool = True,
        noise_if_add_noise_false: float = 0.1,
        noise_seed: int = -1,
        use_jax: bool = False,
        *,
        key=None,
        precision: str = "float64",
    ):
        """
        Simulates observations of `Imaging` data, including simulating the image, noise, blurring due to the telescope
        optics via the Point Spread Function (PSF) and the background sky.

        The simulation of an `Imaging` dataset uses the following steps:

        1) Receive as input a raw image of what the data looks like before any simulation process is applied.
        2) Include diffraction due to the telescope optics by convolving the image with an input Point Spread
           Function (PSF).
        3) Use input values of the background sky level in every pixel of the image to add the background sky to
           the PSF convolved image.
        4) Add Poisson noise to the image, which represents noise due to whether photons hits the CCD and are converted
           to photo-electrons which are successfully detected by the CCD and converted to counts.
        5) Subtract the background sky from the image, so that the returned simulated dataset is background sky
           subtracted.

        The inputs of the `SimulatorImaging` object can toggle these steps on and off, for example if `psf=None` the
        PSF convolution step is omitted.

        The inputs `add_poisson_noise_to_data` and `include_poisson_noise_in_noise_map` provide flexibility in
        handling Poisson noise during simulations:

        - `add_poisson_noise_to_data` determines whether Poisson noise is added to the simulated data.
        - `include_poisson_noise_in_noise_map` decides if Poisson noise is included in the `noise_map` of the dataset.

        These options allow you to create a dataset without adding Poisson noise to the data while still using
        a `noise_map` that represents the noise levels expected if Poisson noise had been included.

        This approach is particularly useful for diagnostic purposes. By simulating noise-free data but retaining
        realistic noise levels in the `noise_map`, you can test whether the model-fitting process accurately recovers
        the input parameters. Unlike noisy data, where random Poisson noise introduces offsets in each simulation,
        this method ensures the posterior peaks precisely around the input values. This is a powerful way to identify
        potential systematic biases in a model-fitting analysis.

        Parameters
        ----------
        exposure_time
            The exposure time of the simulated imaging. When Poisson noise is drawn (added to the data
            or used by the noise-map) it must be positive and finite, and the PSF-convolved image plus
            the background sky non-negative (negative values within FFT round-off of zero are taken as
            zero); otherwise a ``DatasetException`` is raised, on the NumPy and JAX paths alike. Under a
            JAX trace, where the image's values are unknown, its pixels with a negative or non-finite
            expected count are NaN in the data and the noise-map instead.
        background_sky_level
            The level of the background sky of the simulated imaging.
        subtract_background_sky
            If `True`, the background sky level is subtracted from the simulated dataset, otherwise it is left in.
        psf
            An array describing the PSF kernel of the image, if None no PSF convolution is applied.
        use_real_space_convolution
            If `True`, the PSF convolution is performed in real space, if `False` it is performed in Fourier space.
            Real space convolution avoids aliasing effects that can occur in Fourier space convolution, but is slower.
            If the PSF kernel is small (e.g. 11x11) then real space convolution is recommended, whereas if the PSF
            kernel is large (e.g. 51x51) then Fourier space convolution with care to pad the image to avoid aliasing is recommended.
            On the JAX path (``use_jax=True`` or ``xp=jax.numpy``) the convolution is always performed by FFT on a
            frame zero-padded by the kernel, which is the same linear (not circular) convolution as the real-space
            sum to float64 round-off (~1e-15 relative) and several times faster under ``jax.jit``.
        normalize_psf
            If `True`, the PSF kernel is normalized so all values sum to 1.0.
        add_poisson_noise_to_data
            Whether Poisson noise corresponding to photon count statistics on the imaging observation is added.
        include_poisson_noise_in_noise_map
            Whether Poisson noise is included in the noise-map of the dataset. If `False` the noise-map is filled with
            the value `noise_if_add_noise_false`.
        noise_if_add_noise_false
            If noise is not added to the simulated dataset a `noise_map` must still be returned. This value gives
            the value of noise assigned to every pixel in the noise-map.
        noise_seed
            The random seed used to add random noise, where -1 corresponds to a random seed every run.
        use_jax
            If ``True``, ``via_image_from`` defaults ``xp`` to ``jax.numpy`` and the
            simulator's internal noise generation routes through ``jax.random``.
            The returned ``Imaging`` carries ``jax.Array`` data — useful for
            JAX-eager batched simulation (parameter sweeps, mock-data studies).
            Defaults to ``False``.
        key
            The default JAX PRNG key of the noise (``jax.random.key(seed)`` or the
            legacy ``jax.random.PRNGKey(seed)``) of eager calls: ``via_image_from``
            called outside any JAX transformation with no ``key`` of its own draws from
            it (overriding ``noise_seed``), so every such call draws the same noise.
            Under a JAX transformation (``jax.jit``, ``jax.vmap``, ``jax.grad``,
            ``jax.lax.scan``...) this key, like a seed, would be a constant of the trace,
            giving every call and every ``vmap`` member the same noise, so there a call
            that draws noise must pass its own ``key`` (a ``DatasetException`` says so
            otherwise). The NumPy path does not take a key.
        precision
            The floating-point precision of the JAX path: ``"float64"`` (the default) or ``"float32"``.
            JAX computes in float32 unless its 64-bit mode is on, which the libraries turn on only when
            they are imported before ``jax``. With ``use_jax=True`` the simulator checks that the mode
            matches the precision asked for and raises a ``DatasetException`` saying what to change
            otherwise, rather than simulating silently in float32. ``"float32"`` is an explicit opt-in
            (faster, notably on GPUs): call ``jax.config.update("jax_enable_x64", False)`` after the
            imports and before building any array (the libraries' ``autonerves`` dependency turns the
            mode on at import, even over ``JAX_ENABLE_X64=False``).
        """

        if psf is not None:
            if psf is not None and normalize_psf:
                psf = psf.normalized
            self.psf = psf
        else:
            self.psf = Convolver.no_blur(pixel_scales=1.0)

        self.use_real_space_convolution = use_real_space_convolution
        self.exposure_time = exposure_time
        self.background_sky_level = background_sky_level
        self.subtract_background_sky = subtract_background_sky
        self.add_poisson_noise_to_data = add_poisson_noise_to_data
        self.include_poisson_noise_in_noise_map = include_poisson_noise_in_noise_map
        self.noise_if_add_noise_false = noise_if_add_noise_false
        self.noise_seed = noise_seed
        self.use_jax = use_jax
        self.key = key

        if precision not in ("float64", "float32"):
            raise exc.DatasetException(
                f"SimulatorImaging precision must be 'float64' or 'float32', got {precision!r}"
            )
        if use_jax:
            _check_jax_precision(precision)
        self.precision = precision

    @property
    def _xp(self):
        """The array module the simulator runs against by default. ``jnp`` when
        ``use_jax=True``, ``np`` otherwise. ``via_image_from`` falls back to this
        when the caller does not pass ``xp=`` explicitly."""
        if self.use_jax:
            import jax.numpy as jnp

            return jnp
        return np

    def _dark_blurring_image_from(self, image: Array2D):
        """
        The light that blurs into ``image`` from outside its unmasked pixels: none.

        The simulator's input image is the whole scene, so the convolution's blurring region (the
        pixels outside the image within the kernel's reach, ``ConvolverState.blurring_mask``) is
        dark. Passing it as zeros is the zero padding the convolution applies without it, stated
        rather than omitted, so the ``Convolver`` does not warn that flux may be missing. A scene
        that extends beyond the frame is simulated on a frame padded by half the kernel and trimmed
        afterwards (as autolens' ``SimulatorImaging.via_tracer_from`` does): every retained pixel
        then holds the exact convolution of the scene.

        Parameters
        ----------
        image
            The image to be convolved: at image resolution, or the over-sampled values when the PSF
            has ``convolve_over_sample_size > 1`` (whose ``ConvolverState`` the PSF must hold).

        Returns
        -------
        Zeros on the blurring region: an ``Array2D`` on the blurring mask, or for an over-sampled PSF
        an ndarray of the blurring region's over-sampled length.
        """
        if self.psf.convolve_over_sample_size > 1:
            state = self.psf._over_sampled_state_from(mask=None)
            return np.zeros(state.blurring_sub_slim_to_fine_slim.size)

        blurring_mask = self.psf.state_from(mask=image.mask).blurring_mask

        return Array2D(
            values=np.zeros(blurring_mask.pixels_in_mask), mask=blurring_mask
        )

    def via_image_from(
        self,
        image: Array2D,
        over_sample_size: Optional[Union[int, np.ndarray]] = None,
        image_is_convolved: bool = False,
        xp=None,
        *,
        key=None,
    ) -> Imaging:
        """
        Simulate an `Imaging` dataset from an input image.

        The steps of the `SimulatorImaging` simulation process (e.g. PSF convolution, noise addition) are
        described in the `SimulatorImaging` `__init__` method docstring.

        Parameters
        ----------
        image
            The 2D image from which the Imaging dataset is simulated (e.g. a model galaxy image
            before any telescope effects are applied). Must be an `Array2D`.
        over_sample_size
            If provided, the returned dataset has its over-sampling updated via `apply_over_sampling`.
            Should be an `Array2D` of integer sub-grid sizes with the same shape as the image.
        image_is_convolved
            If True, the input image has already been convolved with the PSF (e.g. at the fine resolution
            by an oversampled Convolver) and the simulator's own convolution step is skipped.
        xp
            The array module to use for PSF convolution. When ``None`` (the default),
            falls back to ``self._xp`` — which is ``jnp`` if the simulator was constructed
            with ``use_jax=True`` and ``np`` otherwise. Pass explicitly to override.
        key
            The JAX PRNG key of this simulation's noise, overriding the simulator's
            ``key``. The same key gives a bitwise-identical dataset; under ``jax.vmap``
            pass one key per member (``jax.random.split(key, n)``) for independent
            noise. The key is consumed whole by the Poisson draw, the only noise
            source here. Required when noise is drawn under a JAX transformation
            (``jax.jit``, ``jax.vmap``, ``jax.grad``, ``jax.lax.scan``...), where the
            simulator's own key would repeat the same noise: a ``DatasetException``
            is raised without it. Raises a ``DatasetException`` on the NumPy path,
            which draws from ``noise_seed``.

        Returns
        -------
        Imaging
            The simulated imaging dataset with PSF convolution, noise and background sky applied.
        """
        if xp is None:
            xp = self._xp

        call_key = key

        if key is None:
            key = self.key

        if key is not None and xp is np:
            raise exc.DatasetException(
                "A JAX PRNG key was given to a NumPy simulation, whose noise comes from "
                "noise_seed. Construct the simulator with use_jax=True (or pass "
                "xp=jax.numpy) to draw the noise from the key."
            )

        if xp is not np:
            _register_imaging_pytrees()

        exposure_time_map = Array2D.full(
            fill_value=self.exposure_time,
            shape_native=image.shape_native,
            pixel_scales=image.pixel_scales,
        )

        background_sky_map = Array2D.full(
            fill_value=self.background_sky_level,
            shape_native=image.shape_native,
            pixel_scales=image.pixel_scales,
        )

        if image_is_convolved:
            pass
        elif xp is not np:
            # XLA's direct convolution (jax.scipy.signal.convolve, method="direct") is
            # 3-8x slower than an FFT for an 11x11 PSF on these frames. The FFT frame of
            # ConvolverState is padded by the kernel, so the product is the linear
            # convolution the real-space sum computes, not a circular one; a Convolver
            # built with use_fft=False is routed to jax.scipy.signal.fftconvolve.
            image = self.psf.convolved_image_from(
                image=image,
                blurring_image=self._dark_blurring_image_from(image=image),
                jax_method="fft",
                xp=xp,
            )
        elif self.use_real_space_convolution:
            image = self.psf.convolved_image_via_real_space_from(
                image=image,
                blurring_image=self._dark_blurring_image_from(image=image),
                xp=xp,
            )
        else:
            image = self.psf.convolved_image_from(
                image=image,
                blurring_image=self._dark_blurring_image_from(image=image),
                xp=xp,
            )

        image = image + background_sky_map

        draws_noise = (
            self.add_poisson_noise_to_data or self.include_poisson_noise_in_noise_map
        )

        if (
            xp is not np
            and draws_noise
            and call_key is None
            and preprocess._is_jax_tracing(image.array)
        ):
            _raise_for_traced_draw_without_call_key()

        if not draws_noise:
            # Neither the data nor the noise-map uses a draw, so a noise-free simulation
            # draws none: it needs no key under jit and no valid Poisson means (e.g. a
            # sky of 0 with dark pixels, or an exposure time of 0).
            image_with_poisson_noise = image
        else:
            poisson_mean_image, invalid = _poisson_mean_image_from(
                image=image, exposure_time=self.exposure_time, xp=xp
            )
            image_with_poisson_noise = preprocess.data_eps_with_poisson_noise_added(
                data_eps=poisson_mean_image,
                exposure_time_map=exposure_time_map,
                seed=self.noise_seed,
                xp=xp,
                key=key,
            )
            if invalid is not None:
                # A traced image cannot raise: its pixels without a valid Poisson mean
                # become NaN in the noisy data and the noise-map, not a draw from it.
                image_with_poisson_noise = image_with_poisson_noise.with_new_array(
                    xp.where(invalid, xp.nan, image_with_poisson_noise.array)
                )

        if self.add_poisson_noise_to_data:
            image = image_with_poisson_noise

        if self.include_poisson_noise_in_noise_map:
            noise_map = preprocess.noise_map_via_data_eps_and_exposure_time_map_from(
                data_eps=image_with_poisson_noise,
                exposure_time_map=exposure_time_map,
                xp=xp,
            )

        else:
            noise_map = Array2D.full(
                fill_value=self.noise_if_add_noise_false,
                shape_native=image.shape_native,
                pixel_scales=image.pixel_scales,
            )

        # NaN-noise guard is a NumPy-side runtime check (Python `if` on a JAX
        # tracer triggers TracerBoolConversionError). Under a JAX trace the pixels
        # without a valid Poisson mean are NaN (see _poisson_mean_image_from).
        if xp is np and np.isnan(noise_map.array).any():
            raise exc.DatasetException(
                "The noise-map has NaN values in it. This suggests your exposure time and / or"
                "background sky levels are too low, creating signal counts at or close to 0.0."
            )

        if self.subtract_background_sky:
            image = image - background_sky_map

        mask = Mask2D.all_false(
            shape_native=image.shape_native,
            pixel_scales=image.pixel_scales,
            origin=image.origin,
        )

        image = Array2D(values=image.native, mask=mask)

        dataset = Imaging(
            data=image,
            psf=self.psf,
            noise_map=noise_map,
            check_noise_map=False,
        )

        if over_sample_size is not None:

            dataset = dataset.apply_over_sampling(
                over_sample_size_lp=over_sample_size.native,
            )

        return dataset
