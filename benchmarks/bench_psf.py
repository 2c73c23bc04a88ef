"""
Time the simulator's PSF convolution under ``jax.jit``: the direct real-space sum against FFTs.

    python benchmarks/bench_psf.py                      # workload R's padded frame, 50 repeats
    python benchmarks/bench_psf.py --workload S --repeats 100

The image is the padded image ``SimulatorImaging.via_tracer_from`` convolves: the workload's shape plus
the PSF border (11x11 kernel -> +10 pixels per axis), all pixels unmasked. Three jitted variants of
``Convolver`` are timed on it, each compiled and warmed once before timing:

- ``direct``: ``convolved_image_via_real_space_from(jax_method="direct")``, the release's simulator path
  (``jax.scipy.signal.convolve(method="direct")``);
- ``fftconvolve``: the same call with ``jax_method="fft"`` (``jax.scipy.signal.fftconvolve``), what the
  simulator's JAX path uses after PR A3 for a ``Convolver(use_fft=False)``;
- ``fft``: ``convolved_image_from`` with ``use_fft=True`` (the kernel FFT precomputed by
  ``ConvolverState`` on its kernel-padded frame), the simulator's JAX path after PR A3 by default.

Each figure is the min and median over ``--repeats`` timed calls (``block_until_ready``), in ms, with
the max abs difference of each variant to the direct one relative to the image maximum.
"""

import argparse
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--workload", default="R", choices=["S", "R"])
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()

    import jax

    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    import numpy as np

    sys.path.insert(0, str(ROOT))
    import autoarray as aa

    warnings.filterwarnings("ignore", message="No blurring_image provided")

    shapes = {"S": ((50, 50), 0.1), "R": ((100, 100), 0.05)}
    shape, pixel_scale = shapes[args.workload]
    kernel_shape = (11, 11)
    padded_shape = tuple(s + k - 1 for s, k in zip(shape, kernel_shape))

    psf = aa.Convolver.from_gaussian(
        shape_native=kernel_shape, sigma=0.1, pixel_scales=pixel_scale, normalize=True
    )
    psf_fft = aa.Convolver(kernel=psf.kernel, use_fft=True)

    rng = np.random.default_rng(1)
    values = rng.uniform(0.0, 1.0, size=padded_shape)
    mask = aa.Mask2D.all_false(shape_native=padded_shape, pixel_scales=pixel_scale)

    def image_from(x):
        return aa.Array2D(values=x, mask=mask)

    variants = {
        "direct": lambda x: psf.convolved_image_via_real_space_from(
            image=image_from(x), blurring_image=None, jax_method="direct", xp=jnp
        ).array,
        "fftconvolve": lambda x: psf.convolved_image_via_real_space_from(
            image=image_from(x), blurring_image=None, jax_method="fft", xp=jnp
        ).array,
        "fft": lambda x: psf_fft.convolved_image_from(
            image=image_from(x), blurring_image=None, xp=jnp
        ).array,
    }

    x = jnp.asarray(values)
    results = {}
    outputs = {}
    for name, fn in variants.items():
        jitted = jax.jit(fn)
        outputs[name] = np.asarray(jitted(x).block_until_ready())
        times = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            jitted(x).block_until_ready()
            times.append(time.perf_counter() - t0)
        results[name] = dict(
            min_ms=1e3 * min(times), median_ms=1e3 * statistics.median(times)
        )

    ref = outputs["direct"]
    for name in variants:
        results[name]["rel_diff_to_direct"] = float(
            np.max(np.abs(outputs[name] - ref)) / np.max(np.abs(ref))
        )
    for name in ("fftconvolve", "fft"):
        results[name]["speed_up_median"] = (
            results["direct"]["median_ms"] / results[name]["median_ms"]
        )

    print(
        json.dumps(
            dict(
                workload=args.workload,
                padded_shape=padded_shape,
                kernel_shape=kernel_shape,
                repeats=args.repeats,
                device=str(jax.devices()[0]),
                jax=jax.__version__,
                results=results,
            ),
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
