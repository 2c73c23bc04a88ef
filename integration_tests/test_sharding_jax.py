"""A batch sharded over 4 (forced host) devices gives the same images as one device."""

import subprocess
import sys
import textwrap


def test__shard_batch__four_cpu_devices_equal_one_device():
    code = textwrap.dedent(
        """
        import numpy as np
        import autolens as al
        import jax, jax.numpy as jnp
        from integration_tests import workloads as w

        assert len(jax.devices()) == 4, jax.devices()
        spec = w.spec_from("S")
        grid = w.grid_from(spec)
        simulator = w.simulator_from(spec, use_jax=True, key=jax.random.key(0))
        collapsed = w.collapsed_population_from(spec)

        def simulate(theta, los, key):
            tracer = w.tracer_from_theta(theta, los, collapsed)
            return simulator.via_tracer_from(tracer=tracer, grid=grid, key=key).data.native.array

        los = [w.los_population_galaxies_from(spec, seed=s) for s in range(4)]
        batch = (
            jax.tree_util.tree_map(lambda x: jnp.stack([x] * 4), w.theta_from(spec, xp=jnp)),
            jax.tree_util.tree_map(lambda *leaves: jnp.stack(leaves), *los),
            jax.random.split(jax.random.key(1), 4),
        )
        f = jax.jit(jax.vmap(simulate))
        single = np.asarray(f(*jax.device_put(batch, jax.devices()[0])))
        sharded_out = f(*w.shard_batch(batch))
        assert len(sharded_out.sharding.device_set) == 4, sharded_out.sharding
        sharded = np.asarray(sharded_out)
        print("max abs difference", np.max(np.abs(sharded - single)))
        assert np.allclose(sharded, single, rtol=1e-12, atol=1e-15)
        try:
            w.shard_batch(jnp.zeros((3, 2)))
            raise SystemExit("a batch of 3 over 4 devices was not refused")
        except ValueError as error:
            assert "does not split over 4 devices" in str(error)
        print("ok")
        """
    )
    env = {"XLA_FLAGS": "--xla_force_host_platform_device_count=4"}
    import os

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **env}
    )

    assert result.returncode == 0, result.stderr[-3000:]
    assert "ok" in result.stdout
