"""
Workload S in float32: the noise-free images of the explicit float32 opt-in of SimulatorImaging are within 1e-5
of the float64 ones (measured 1.4e-6). The precision check itself is tested in the library
(PyAutoArray/test_autoarray/dataset/imaging/test_simulator_precision_jax.py).
"""

import subprocess
import sys
import textwrap

import jax
import jax.numpy as jnp
import numpy as np

import autoarray as aa
from integration_tests import workloads


def _noise_free_s_image(precision):
    spec = workloads.spec_from("S")
    grid = workloads.grid_from(spec)
    simulator = workloads.simulator_from(
        spec,
        use_jax=True,
        add_poisson_noise_to_data=False,
        include_poisson_noise_in_noise_map=False,
        precision=precision,
    )
    collapsed = workloads.collapsed_population_from(spec)
    los = workloads.los_population_galaxies_from(spec, seed=1)
    return jax.jit(
        lambda theta, los: simulator.via_tracer_from(
            tracer=workloads.tracer_from_theta(theta, los, collapsed), grid=grid
        ).data.native.array
    )(workloads.theta_from(spec, xp=jnp), los)


def test__via_tracer_from__float32_opt_in_is_finite_and_close_to_float64(tmp_path):
    reference = np.asarray(_noise_free_s_image("float64"))
    np.save(tmp_path / "reference.npy", reference)
    code = textwrap.dedent(
        f"""
        import numpy as np
        import autoarray as aa
        import jax
        from integration_tests import test_precision_jax as t, workloads

        jax.config.update("jax_enable_x64", False)
        try:
            workloads.simulator_from("S", use_jax=True)
            raise SystemExit("float64 default did not refuse a float32 JAX session")
        except aa.exc.DatasetException as error:
            assert "64-bit mode is off" in str(error)
        image = t._noise_free_s_image("float32")
        assert image.dtype == np.float32, image.dtype
        assert np.all(np.isfinite(np.asarray(image)))
        reference = np.load({str(tmp_path / "reference.npy")!r})
        error = np.max(np.abs(np.asarray(image, dtype=float) - reference)) / np.max(np.abs(reference))
        print("max error / max", error)
        assert error < 1e-5, error
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr[-3000:]
    assert "max error / max" in result.stdout
