import autolens as al

import os
import subprocess
import sys
import textwrap

import pytest

jax = pytest.importorskip("jax")

# Runs in a fresh interpreter: the number of (forced host) devices is fixed when JAX starts.
_FOUR_DEVICES = textwrap.dedent(
    """
    import re
    import numpy as np
    import autogalaxy as ag
    import autolens as al
    from autolens.jax.devices import _compiler_options_from
    import jax
    import jax.numpy as jnp

    assert len(jax.devices()) == 4, jax.devices()
    COLLECTIVES = r"all-reduce|all-gather|collective-permute|all-to-all|reduce-scatter"
    grid = al.Grid2D.uniform(shape_native=(12, 12), pixel_scales=0.2)
    simulator = al.SimulatorImaging(
        exposure_time=100.0,
        background_sky_level=0.1,
        psf=al.Convolver.from_gaussian(shape_native=(5, 5), pixel_scales=0.2, sigma=0.2, normalize=True),
        add_poisson_noise_to_data=True,
        use_jax=True,
        key=jax.random.key(0),
    )
    halos = [
        ag.mp.NFWTruncatedSph(centre=(0.3, -0.2), kappa_s=0.05, scale_radius=0.5, truncation_radius=2.0),
        ag.mp.NFWTruncatedSph(centre=(-0.5, 0.4), kappa_s=0.02, scale_radius=0.3, truncation_radius=1.0),
    ]

    def simulate(einstein_radius, halo_centres, key):
        population = ag.mp.HaloPopulation.from_arrays(
            ag.mp.NFWTruncatedSph,
            centre=halo_centres,
            capacity=4,
            kappa_s=jnp.array([0.05, 0.02]),
            scale_radius=jnp.array([0.5, 0.3]),
            truncation_radius=jnp.array([2.0, 1.0]),
        )
        lens = ag.Galaxy(
            redshift=0.5, mass=ag.mp.Isothermal(einstein_radius=einstein_radius), halos=population
        )
        source = ag.Galaxy(redshift=1.0, light=ag.lp.SersicCore(effective_radius=0.3, intensity=1.0))
        tracer = al.Tracer(galaxies=[lens, source])
        return simulator.via_tracer_from(tracer=tracer, grid=grid, key=key).data.native.array

    def batch_of(size):
        return (
            jnp.linspace(0.8, 1.2, size),
            jnp.stack([jnp.array([h.centre for h in halos])] * size) + jnp.linspace(0, 0.1, size)[:, None, None],
            jax.random.split(jax.random.key(1), size),
        )

    device_map = al.vmap_over_devices(simulate)
    # Four CPU devices in one process share one thread pool: their programs run single-threaded.
    assert _compiler_options_from(device_map.mesh) == {"xla_cpu_multi_thread_eigen": False}
    for size in (4, 8):
        batch = batch_of(size)
        one_device = np.asarray(jax.jit(jax.vmap(simulate))(*jax.device_put(batch, jax.devices()[0])))
        out = device_map(*batch)
        assert len(out.sharding.device_set) == 4, out.sharding
        assert [s.data.shape[0] for s in out.addressable_shards] == [size // 4] * 4
        np.testing.assert_allclose(np.asarray(out), one_device, rtol=1e-12, atol=1e-15)
        assert np.ptp(np.asarray(out), axis=0).max() > 0  # the members differ
        hlo = device_map.lower(*batch).compile().as_text()
        print("collectives", size, sorted(set(re.findall(COLLECTIVES, hlo))))

    # The check can fail: a sum over the split batch axis does need an all-reduce.
    (summed,) = device_map.place(jnp.ones(8))
    assert re.search(COLLECTIVES, jax.jit(jnp.sum).lower(summed).compile().as_text())

    # A placed batch is kept as it is; a second call of the same shapes does not recompile.
    placed = device_map.place(*batch_of(8))
    assert device_map.place(*placed)[0] is placed[0]
    before = device_map.program._cache_size()
    device_map(*batch_of(8))
    assert device_map.program._cache_size() == before

    for bad, message in (
        (batch_of(6), "a batch of 6 does not split over 4 devices"),
        ((jnp.ones(4), jnp.ones(8)), "different leading sizes [4, 8]"),
        ((jnp.float64(1.0),), "needs a leading batch axis"),
    ):
        try:
            device_map(*bad)
        except ValueError as error:
            assert message in str(error), error
        else:
            raise SystemExit(f"not refused: {message}")
    print("ok")
    """
)


def test__vmap_over_devices__four_cpu_devices_equal_one_device_without_collectives():
    result = subprocess.run(
        [sys.executable, "-c", _FOUR_DEVICES],
        capture_output=True,
        text=True,
        env={**os.environ, "XLA_FLAGS": "--xla_force_host_platform_device_count=4"},
        timeout=600,
    )

    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert "collectives 4 []" in result.stdout
    assert "collectives 8 []" in result.stdout
    assert result.stdout.rstrip().endswith("ok")


def test__vmap_over_devices__one_device_equals_jit_vmap():
    import numpy as np
    import jax.numpy as jnp

    from autolens.jax.devices import _compiler_options_from

    def f(x, y):
        return jnp.sin(x) * y.sum()

    x = jnp.linspace(0.0, 1.0, 6)
    y = jnp.arange(12.0).reshape(6, 2)
    device_map = al.vmap_over_devices(f, devices=jax.devices()[:1])

    np.testing.assert_allclose(
        np.asarray(device_map(x, y)), np.asarray(jax.jit(jax.vmap(f))(x, y)), rtol=1e-15
    )
    assert device_map.n_devices == 1
    assert _compiler_options_from(device_map.mesh) is None
    assert device_map.sharding.spec == jax.sharding.PartitionSpec("batch")


def test__batch_mesh_from__no_devices__raises():
    from autolens.jax.devices import batch_mesh_from

    with pytest.raises(ValueError, match="no devices"):
        batch_mesh_from(devices=[])


# One of two processes (2 forced host devices each) joined by `jax.distributed` on the loopback address.
_TWO_PROCESSES = textwrap.dedent(
    """
    import json
    import re
    import sys
    import numpy as np
    import autolens as al
    import jax
    import jax.numpy as jnp

    process_id, port = int(sys.argv[1]), sys.argv[2]
    jax.distributed.initialize(
        coordinator_address=f"127.0.0.1:{port}",
        coordinator_bind_address=f"127.0.0.1:{port}",
        num_processes=2,
        process_id=process_id,
        initialization_timeout=60,
    )
    assert len(jax.devices()) == 4 and len(jax.local_devices()) == 2, jax.devices()

    def f(x, key):
        return jnp.cumsum(jnp.sin(x)) + jax.random.normal(key, x.shape)

    device_map = al.vmap_over_devices(f)
    x = np.arange(24.0).reshape(8, 3)
    keys = jax.random.split(jax.random.key(0), 8)
    # The whole batch on every process, then each process's own half only.
    whole = device_map(x, keys)
    local = slice(4 * process_id, 4 * process_id + 4)
    halves = [
        jax.make_array_from_process_local_data(device_map.sharding, leaf[local])
        for leaf in (x, keys)
    ]
    own = device_map(*halves)
    hlo = device_map.lower(*halves).compile().as_text()
    print(json.dumps(dict(
        whole={s.index[0].start: np.asarray(s.data).tolist() for s in whole.addressable_shards},
        own={s.index[0].start: np.asarray(s.data).tolist() for s in own.addressable_shards},
        collectives=re.findall(r"all-reduce|all-gather|collective-permute|all-to-all", hlo),
    )))
    jax.distributed.shutdown()
    """
)


def test__vmap_over_devices__two_processes_via_jax_distributed_equal_one_process():
    import json
    import socket

    import numpy as np
    import jax.numpy as jnp

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = str(s.getsockname()[1])
    env = {**os.environ, "XLA_FLAGS": "--xla_force_host_platform_device_count=2"}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _TWO_PROCESSES, str(i), port],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(2)
    ]
    try:
        outputs = [p.communicate(timeout=300) for p in processes]
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
    for p, (out, err) in zip(processes, outputs):
        assert p.returncode == 0, out[-2000:] + err[-4000:]

    def f(x, key):
        return jnp.cumsum(jnp.sin(x)) + jax.random.normal(key, x.shape)

    expected = np.asarray(
        jax.jit(jax.vmap(f))(
            jnp.arange(24.0).reshape(8, 3), jax.random.split(jax.random.key(0), 8)
        )
    )
    starts = []
    for process_id, (out, _) in enumerate(outputs):
        result = json.loads(out.strip().splitlines()[-1])
        assert result["collectives"] == []
        for layout in ("whole", "own"):
            for start, rows in result[layout].items():
                start = int(start)
                assert 4 * process_id <= start < 4 * process_id + 4  # its own devices' rows only
                np.testing.assert_allclose(rows, expected[start : start + 2], rtol=1e-14)
                starts.append(start)
    assert sorted(set(starts)) == [0, 2, 4, 6]
