"""
Run a batched JAX function as one independent program per device.

``jax.jit(jax.vmap(simulate))(*batch)`` runs on one device. To use several (the GPUs of a host, or every
host's devices after ``jax.distributed.initialize()``), `vmap_over_devices` splits the batch's leading
axis into one contiguous slice per device and runs the plain ``jax.vmap(fn)`` on each slice with
``jax.shard_map`` over a 1-D ``"batch"`` mesh. Every device runs the same single-device program on its own
slice: the compiled program holds no cross-device communication (no all-reduce, all-gather,
collective-permute or all-to-all), so no device waits for another inside the computation and each result
equals the one-device result of the same batch member.

Sharding the inputs of ``jax.jit(jax.vmap(fn))`` instead (``NamedSharding`` on the batch axis, leaving the
partitioning to GSPMD) gives the same values, but the partitioner is free to insert communication where
it cannot prove the batch members independent (reductions of a loop's condition, convolutions), which
makes every device wait for the others at those points.
"""

from typing import Callable, Optional, Sequence

import numpy as np

#: The name of the mesh axis the batch is split over.
BATCH_AXIS = "batch"


def batch_mesh_from(devices: Optional[Sequence] = None):
    """
    A 1-D ``jax.sharding.Mesh`` named ``"batch"`` over ``devices``.

    Parameters
    ----------
    devices
        The devices to split a batch over, in order; default ``jax.devices()`` (every device of every
        process once ``jax.distributed.initialize()`` has run).
    """
    import jax

    devices = list(jax.devices() if devices is None else devices)
    if not devices:
        raise ValueError("batch_mesh_from: no devices given")
    return jax.sharding.Mesh(np.asarray(devices, dtype=object), (BATCH_AXIS,))


def batch_sharding_from(mesh):
    """
    The ``NamedSharding`` that splits an array's leading (batch) axis over ``mesh``'s ``"batch"`` axis.

    Use it to build a batch from per-process data on several hosts:
    ``jax.make_array_from_process_local_data(batch_sharding_from(mesh), local_batch)``.
    """
    import jax

    return jax.sharding.NamedSharding(mesh, jax.sharding.PartitionSpec(BATCH_AXIS))


def _compiler_options_from(mesh) -> Optional[dict]:
    """
    XLA options of the per-device program: single-threaded kernels when several CPU devices share a
    process.

    The CPU devices of one process (``--xla_force_host_platform_device_count``) run their programs on
    one shared intra-op thread pool. A multi-threaded kernel (the FFT of a PSF convolution) of one
    device waits for pool threads that the other devices' programs hold while they wait in their own
    FFTs: the call never returns. With single-threaded kernels no program waits on the pool, and the
    cores are used through the devices instead. GPUs, and one CPU device per process, keep XLA's
    defaults.
    """
    import jax

    local = [d for d in mesh.devices.flat if d.process_index == jax.process_index()]
    if len(local) > 1 and all(d.platform == "cpu" for d in local):
        return {"xla_cpu_multi_thread_eigen": False}
    return None


class DeviceMap:
    """
    ``fn`` vmapped over a batch whose leading axis is split across devices, one program per device.

    Built by `vmap_over_devices`; see there. Calling it places the batch (`place`) and runs the jitted
    program; `lower` gives the lowered program of a batch, e.g. to inspect its compiled HLO.
    """

    def __init__(self, fn: Callable, mesh):
        import jax

        self.fn = fn
        self.mesh = mesh
        self.sharding = batch_sharding_from(mesh)
        spec = jax.sharding.PartitionSpec(BATCH_AXIS)
        # The per-device body is the plain single-device vmap: shard_map hands it the device's slice
        # (batch / n_devices members) and concatenates the slices' results, with no communication.
        # check_vma=False: the body holds no collective, so the per-axis "varying" type check has
        # nothing to protect, and it would reject loops whose carry starts from a constant (zeros) and
        # becomes batch-dependent, as the ray-tracing sums' loops do.
        self.program = jax.jit(
            jax.shard_map(
                jax.vmap(fn), mesh=mesh, in_specs=spec, out_specs=spec, check_vma=False
            ),
            compiler_options=_compiler_options_from(mesh),
        )

    @property
    def n_devices(self) -> int:
        return self.mesh.devices.size

    def place(self, *batch):
        """
        Return ``batch`` with every leaf split along its leading axis over the mesh's devices.

        A leaf already laid out that way (e.g. made with ``jax.make_array_from_process_local_data`` on
        several hosts) is kept as it is; any other array is copied to the devices, one slice each.

        Raises
        ------
        ValueError
            If a leaf is a scalar, or the leaves' leading axes differ or do not split evenly over the
            devices.
        """
        import jax

        leaves = jax.tree_util.tree_leaves(batch)
        if not leaves:
            raise ValueError("vmap_over_devices: the batch has no array leaves")
        sizes = set()
        for leaf in leaves:
            shape = np.shape(leaf)
            if len(shape) == 0:
                raise ValueError(
                    "vmap_over_devices: every leaf of the batch needs a leading batch axis; got a "
                    "scalar (close over values shared by the whole batch instead of passing them)"
                )
            sizes.add(shape[0])
        if len(sizes) != 1:
            raise ValueError(
                f"vmap_over_devices: the leaves of the batch have different leading sizes {sorted(sizes)}"
            )
        (size,) = sizes
        if size % self.n_devices:
            raise ValueError(
                f"vmap_over_devices: a batch of {size} does not split over {self.n_devices} devices; "
                f"use a batch size that is a multiple of {self.n_devices}"
            )

        def put(leaf):
            if isinstance(leaf, jax.Array) and leaf.sharding.is_equivalent_to(
                self.sharding, leaf.ndim
            ):
                return leaf
            if self.sharding.is_fully_addressable:
                return jax.device_put(leaf, self.sharding)
            # Several processes: every process holds the whole batch and places the slices of its own
            # devices (device_put accepts only shardings of this process's devices).
            if jax.dtypes.issubdtype(leaf.dtype, jax.dtypes.prng_key):
                return jax.random.wrap_key_data(
                    put(jax.random.key_data(leaf)), impl=jax.random.key_impl(leaf)
                )
            host = np.asarray(leaf)
            return jax.make_array_from_callback(host.shape, self.sharding, lambda index: host[index])

        return jax.tree_util.tree_map(put, batch)

    def lower(self, *batch):
        """The lowered (not yet compiled) program for ``batch``: ``.compile().as_text()`` is its HLO."""
        return self.program.lower(*self.place(*batch))

    def __call__(self, *batch):
        """``jax.vmap(fn)(*batch)``, each device computing its slice; the result is split the same way."""
        return self.program(*self.place(*batch))


def vmap_over_devices(fn: Callable, devices: Optional[Sequence] = None) -> DeviceMap:
    """
    Vectorise ``fn`` over a batch split across ``devices``: one independent program per device.

    ``vmap_over_devices(fn)(*batch)`` equals ``jax.jit(jax.vmap(fn))(*batch)``: every leaf of every
    argument carries the batch on its leading axis (as ``jax.vmap``'s default ``in_axes=0``), and values
    shared by the whole batch are closed over by ``fn``. The batch is cut into ``len(devices)`` contiguous
    slices, slice ``i`` placed on ``devices[i]``, and each device runs ``jax.vmap(fn)`` on its own slice
    (``jax.shard_map`` over a 1-D ``"batch"`` mesh). The compiled program has no cross-device
    communication, so devices never wait for each other during the call, and each member's result is the
    one-device result. The output's leading axis is split the same way; ``numpy.asarray`` gathers it.

    The batch size must be a multiple of the number of devices. Keep the returned object to reuse its
    compiled program: a batch of the same shapes and dtypes does not recompile.

    Several hosts use the same code path. Call ``jax.distributed.initialize()`` on every process before
    any other JAX call; ``jax.devices()`` then lists the devices of every process, and the mesh (the
    default ``devices``) spans them all. Every process runs the same script and calls the returned object
    with the same global batch shapes. Each process either passes the whole batch (identical on every
    process; each keeps only the slices of its own devices) or builds its part of the global batch with
    ``jax.make_array_from_process_local_data(device_map.sharding, local_batch)``, where ``local_batch``
    holds ``batch / process_count`` members. A process reads the results of its own devices from the
    output's ``addressable_shards`` (or gathers all with
    ``jax.experimental.multihost_utils.process_allgather``).

    Parameters
    ----------
    fn
        The per-member function, e.g. ``simulate(theta, los, key) -> image``; pure and traceable by JAX.
    devices
        The devices to split the batch over, in order; default ``jax.devices()``.

    Returns
    -------
    DeviceMap
        Callable as ``device_map(*batch)``; ``device_map.lower(*batch)`` lowers without running;
        ``device_map.sharding`` is the batch's ``NamedSharding``.
    """
    return DeviceMap(fn, batch_mesh_from(devices))
