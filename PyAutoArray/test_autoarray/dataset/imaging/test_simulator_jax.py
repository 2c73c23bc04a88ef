import autoarray as aa
import pytest

jax = pytest.importorskip("jax")

import warnings

import jax.numpy as jnp
import numpy as np
import scipy.signal

from autoarray import exc

PIXEL_SCALE = 0.1


def _psf_from():
    return aa.Convolver.from_gaussian(
        shape_native=(5, 5), sigma=0.1, pixel_scales=PIXEL_SCALE, normalize=True
    )


def _simulator_from(**kwargs):
    settings = dict(
        exposure_time=1000.0,
        background_sky_level=0.1,
        psf=_psf_from(),
        use_jax=True,
    )
    settings.update(kwargs)
    return aa.SimulatorImaging(**settings)


def _values_from(shape=(8, 8)):
    """A smooth positive image, brightest in the centre, in e/s."""
    y, x = np.indices(shape) - (np.array(shape)[:, None, None] - 1) / 2.0
    return 0.5 * np.exp(-(x**2 + y**2) / 8.0) + 0.01


def _data_from(simulator, values, key=None):
    image = aa.Array2D.no_mask(values=values, pixel_scales=PIXEL_SCALE)
    return simulator.via_image_from(image=image, key=key).data.array


# --------------------------------------------------------------------------------------------------
# The simulator's own key is for eager calls only
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "transform",
    ["jit", "vmap_over_images", "vmap_over_unused_keys", "vmap_inside_jit", "grad", "scan"],
)
def test__via_image_from__init_key_without_call_key_under_transformation__raises(
    transform,
):
    simulator = _simulator_from(key=jax.random.key(0))
    values = jnp.asarray(_values_from())
    batch = jnp.stack([values, 2.0 * values])

    simulate = lambda v: _data_from(simulator, v)  # noqa: E731

    with pytest.raises(exc.DatasetException, match=r"key=k.*jax.random.split"):
        if transform == "jit":
            jax.jit(simulate)(values)
        elif transform == "vmap_over_images":
            jax.vmap(simulate)(batch)
        elif transform == "vmap_over_unused_keys":
            # The image is a constant here: only JAX's trace state shows the transformation.
            jax.vmap(lambda k: _data_from(simulator, _values_from()))(
                jax.random.split(jax.random.key(1), 2)
            )
        elif transform == "vmap_inside_jit":
            jax.jit(jax.vmap(simulate))(batch)
        elif transform == "grad":
            jax.grad(lambda s: jnp.sum(simulate(s * values)))(1.0)
        elif transform == "scan":
            jax.lax.scan(lambda c, v: (c, simulate(v)), 0.0, batch)


def test__via_image_from__init_key_eager__same_draw_every_call():
    simulator = _simulator_from(key=jax.random.key(3))
    values = _values_from()

    first = np.asarray(_data_from(simulator, values))
    second = np.asarray(_data_from(simulator, values))
    explicit = np.asarray(_data_from(_simulator_from(), values, key=jax.random.key(3)))

    assert np.array_equal(first, second)
    assert np.array_equal(first, explicit)


def test__via_image_from__call_keys_under_vmap_inside_jit__independent_members():
    simulator = _simulator_from(key=jax.random.key(0))
    values = jnp.asarray(_values_from())
    keys = jax.random.split(jax.random.key(5), 3)

    data = np.asarray(
        jax.jit(jax.vmap(lambda k: _data_from(simulator, values, key=k)))(keys)
    )

    assert data.shape == (3, 64)
    assert not np.array_equal(data[0], data[1])
    assert not np.array_equal(data[1], data[2])


def test__via_image_from__init_key_noise_free_under_jit__no_key_needed():
    simulator = _simulator_from(
        key=jax.random.key(0),
        add_poisson_noise_to_data=False,
        include_poisson_noise_in_noise_map=False,
    )
    values = jnp.asarray(_values_from())

    data = jax.jit(lambda v: _data_from(simulator, v))(values)

    assert np.all(np.isfinite(np.asarray(data)))


# --------------------------------------------------------------------------------------------------
# Exposure times and expected counts with no valid Poisson mean
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("exposure_time", [0.0, -1000.0, np.nan])
def test__via_image_from__exposure_time_not_positive__raises_as_numpy(exposure_time):
    simulator = _simulator_from(exposure_time=exposure_time)

    with pytest.raises(exc.DatasetException, match="positive, finite exposure_time"):
        _data_from(simulator, _values_from(), key=jax.random.key(0))

    with pytest.raises(exc.DatasetException, match="positive, finite exposure_time"):
        jax.jit(lambda v, k: _data_from(simulator, v, key=k))(
            jnp.asarray(_values_from()), jax.random.key(0)
        )


def test__via_image_from__negative_counts_eager__raises_as_numpy():
    values = _values_from()
    values[0, :] = -1.0

    with pytest.raises(exc.DatasetException, match="8 are negative"):
        _data_from(
            _simulator_from(psf=aa.Convolver.no_blur(pixel_scales=PIXEL_SCALE)),
            values,
            key=jax.random.key(0),
        )


def test__via_image_from__negative_counts_traced__nan_there_only():
    simulator = _simulator_from(psf=aa.Convolver.no_blur(pixel_scales=PIXEL_SCALE))
    values = _values_from()
    values[0, :] = -1.0

    def simulate(v, k):
        dataset = simulator.via_image_from(
            image=aa.Array2D.no_mask(values=v, pixel_scales=PIXEL_SCALE), key=k
        )
        return dataset.data.native.array, dataset.noise_map.native.array

    data, noise_map = (
        np.asarray(a) for a in jax.jit(simulate)(jnp.asarray(values), jax.random.key(0))
    )

    # Row 0 (expected -0.9 e/s with the sky) has no Poisson mean: NaN, not a draw of -1 count.
    assert np.all(np.isnan(data[0])) and np.all(np.isnan(noise_map[0]))
    assert np.all(np.isfinite(data[1:])) and np.all(noise_map[1:] > 0.0)


def test__via_image_from__sky_zero_dark_pixels_traced__zero_counts_not_minus_one():
    # The FFT convolution leaves round-off of about -1e-16 of the peak in the dark pixels; with a sky
    # of 0 jax.random.poisson drew -1 count there (data -1 / exposure time).
    simulator = _simulator_from(
        background_sky_level=0.0,
        psf=aa.Convolver.from_gaussian(
            shape_native=(11, 11), sigma=0.3, pixel_scales=PIXEL_SCALE, normalize=True
        ),
    )
    values = np.zeros((24, 24))
    values[12, 12] = 3.0
    values[5, 18] = 1.0

    data = np.asarray(
        jax.jit(lambda v, k: _data_from(simulator, v, key=k))(
            jnp.asarray(values), jax.random.key(0)
        )
    )

    assert np.min(data) == 0.0
    assert np.sum(data == 0.0) > 300
    assert np.allclose(data * 1000.0, np.rint(data * 1000.0), rtol=0.0, atol=1.0e-9)


# --------------------------------------------------------------------------------------------------
# The PSF convolution: the frame is the whole scene, so no blurring image is missing
# --------------------------------------------------------------------------------------------------


def test__via_image_from__psf_convolution_eager_and_jit__direct_convolution_and_no_warning():
    values = np.random.default_rng(3).uniform(0.0, 1.0, size=(12, 12))
    psf = aa.Convolver.from_gaussian(
        shape_native=(11, 11), sigma=0.3, pixel_scales=PIXEL_SCALE, normalize=True
    )
    simulator = _simulator_from(
        psf=psf,
        background_sky_level=0.0,
        add_poisson_noise_to_data=False,
        include_poisson_noise_in_noise_map=False,
    )
    simulate = lambda v: simulator.via_image_from(  # noqa: E731
        image=aa.Array2D.no_mask(values=v, pixel_scales=PIXEL_SCALE)
    ).data.native.array

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        eager = np.asarray(simulate(values))
        jitted = np.asarray(jax.jit(simulate)(jnp.asarray(values)))

    assert [str(w.message) for w in caught] == []

    # Independent reference: the direct convolution of the frame, dark outside it.
    expected = scipy.signal.convolve(
        values, psf.kernel.native.array, mode="same", method="direct"
    )
    assert np.max(np.abs(eager - expected)) < 1.0e-14
    assert np.max(np.abs(jitted - expected)) < 1.0e-14
