"""
The JAX precision policy of `SimulatorImaging`: float64 by default with a clear check of JAX's 64-bit mode,
float32 an explicit opt-in (run in a subprocess with JAX_ENABLE_X64=False).
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import autoarray as aa

jax = pytest.importorskip("jax")

PIXEL_SCALE = 0.1


def _simulator_from(**kwargs):
    return aa.SimulatorImaging(
        exposure_time=1000.0,
        background_sky_level=0.1,
        psf=aa.Convolver.from_gaussian(
            shape_native=(11, 11), sigma=0.1, pixel_scales=PIXEL_SCALE, normalize=True
        ),
        use_jax=True,
        **kwargs,
    )


def test__init__float64_session_refuses_float32_and_unknown_precisions():
    assert jax.config.jax_enable_x64

    _simulator_from()  # the default, float64: fine
    with pytest.raises(aa.exc.DatasetException, match="needs JAX's 64-bit mode off"):
        _simulator_from(precision="float32")
    with pytest.raises(aa.exc.DatasetException, match="'float64' or 'float32', got 'float16'"):
        _simulator_from(precision="float16")


_FLOAT32_SCRIPT = textwrap.dedent(
    """
    import json
    import numpy as np
    import autoarray as aa
    import jax, jax.numpy as jnp

    jax.config.update("jax_enable_x64", False)
    psf = aa.Convolver.from_gaussian(shape_native=(11, 11), sigma=0.1, pixel_scales=0.1, normalize=True)
    settings = dict(exposure_time=1000.0, background_sky_level=0.1, psf=psf, use_jax=True)
    out = {}
    try:
        aa.SimulatorImaging(**settings)
        out["default_refused"] = ""
    except aa.exc.DatasetException as error:
        out["default_refused"] = str(error)
    simulator = aa.SimulatorImaging(
        **settings,
        add_poisson_noise_to_data=False,
        include_poisson_noise_in_noise_map=False,
        precision="float32",
    )
    y, x = np.indices((20, 20)) - 9.5
    values = 0.5 * np.exp(-(x**2 + y**2) / 20.0) + 0.01
    data = jax.jit(
        lambda v: simulator.via_image_from(image=aa.Array2D.no_mask(values=v, pixel_scales=0.1)).data.native.array
    )(jnp.asarray(values, dtype=jnp.float32))
    out["dtype"] = str(data.dtype)
    out["values"] = values.tolist()
    out["kernel"] = np.asarray(psf.kernel.native.array).tolist()
    out["data"] = np.asarray(data, dtype=np.float64).tolist()
    print(json.dumps(out))
    """
)


def test__via_image_from__float32_opt_in_is_finite_and_close_to_the_exact_convolution():
    import scipy.signal

    env = dict(os.environ, JAX_ENABLE_X64="False")
    # The subprocess imports the same sources as this process (a checkout or an installed copy).
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(aa.__file__).resolve().parents[1]), env.get("PYTHONPATH", "")]
    )
    result = subprocess.run(
        [sys.executable, "-c", _FLOAT32_SCRIPT], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])

    assert "64-bit mode is off" in out["default_refused"]
    assert out["dtype"] == "float32"
    data = np.array(out["data"])
    assert np.all(np.isfinite(data))
    # Noise-free, sky subtracted: the image convolved with the PSF (float64 reference, scipy).
    blurred = scipy.signal.fftconvolve(np.array(out["values"]), np.array(out["kernel"]), mode="same")
    assert np.max(np.abs(data - blurred)) / np.max(blurred) < 1.0e-5
