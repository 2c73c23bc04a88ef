"""
``jax.grad`` of a Gaussian log-likelihood of workload R's noise-free image with respect to theta (macro
lens, source, subhalo masses and centres), jitted: peak resident memory (the process's maximum RSS) and
the gradient against central finite differences.

    python benchmarks/bench_grad.py                    # workload R, LOS seed 1, float64
    python benchmarks/bench_grad.py --workload S --components 8

The image is the tracer's image on R's grid (``Tracer.image_2d_from``: the over-sampled grid traced through
all planes, the source's light binned to pixels; no PSF, no noise), built by ``tracer_from_theta`` from
theta, one LOS draw in population form and the fixed core-collapsed subhaloes. The data are that image at
the reference theta plus Gaussian noise of sigma 1 % of the image maximum (seeded); the log-likelihood
is ``-0.5 sum((image(theta) - data)^2) / sigma^2`` at a theta perturbed from the reference (so the
gradient is not zero). Finite differences: central, step 1e-5 (arc-seconds, dex or the parameter's unit)
on ``--components`` components of theta spread over every entry; a component agrees when
``|grad - fd| <= 1e-4 max(|fd|, 1e-3 max|fd|)``.
"""

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import autogalaxy as ag  # noqa: E402,F401  (the libraries before JAX, as everywhere)
import autolens as al  # noqa: E402,F401

from integration_tests import workloads  # noqa: E402


def _peak_rss_mb():
    """The process's peak resident set size in MiB (``ru_maxrss`` is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workload", default="R")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--components", type=int, default=24)
    args = parser.parse_args()

    import jax
    import jax.numpy as jnp

    spec = workloads.spec_from(args.workload)
    grid = workloads.grid_from(spec)
    los = workloads.los_population_galaxies_from(spec, seed=args.seed)
    collapsed = workloads.collapsed_population_from(spec)
    reference = workloads.theta_from(spec, xp=jnp)
    print(f"after building the workload: peak RSS {_peak_rss_mb():.0f} MiB", flush=True)

    def image(theta):
        tracer = workloads.tracer_from_theta(theta, los, collapsed)
        return tracer.image_2d_from(grid=grid, xp=jnp).array

    clean = np.asarray(jax.jit(image)(reference))
    print(f"after the jitted image: peak RSS {_peak_rss_mb():.0f} MiB", flush=True)
    sigma = 0.01 * np.max(np.abs(clean))
    data = jnp.asarray(clean + sigma * np.random.default_rng(0).standard_normal(clean.shape))

    def log_likelihood(theta):
        return -0.5 * jnp.sum((image(theta) - data) ** 2) / sigma**2

    # A theta away from the reference, so the gradient is not zero.
    rng = np.random.default_rng(1)
    theta = {
        name: value + jnp.asarray(0.01 * rng.standard_normal(np.shape(value)))
        for name, value in reference.items()
    }

    value_fn = jax.jit(log_likelihood)
    grad_fn = jax.jit(jax.grad(log_likelihood))
    start = time.perf_counter()
    grad = jax.block_until_ready(grad_fn(theta))
    first = time.perf_counter() - start
    start = time.perf_counter()
    grad = jax.block_until_ready(grad_fn(theta))
    second = time.perf_counter() - start
    print(
        f"grad: first call (compile + run) {first:.1f} s, second {second:.2f} s; "
        f"peak RSS {_peak_rss_mb():.0f} MiB",
        flush=True,
    )

    leaves = [(name, index) for name in theta for index in np.ndindex(np.shape(theta[name]))]
    chosen = [leaves[i] for i in np.linspace(0, len(leaves) - 1, args.components).astype(int)]
    step = 1e-5
    rows = []
    for name, index in chosen:
        def bumped(delta):
            return {**theta, name: theta[name].at[index].add(delta) if index else theta[name] + delta}

        fd = (float(value_fn(bumped(step))) - float(value_fn(bumped(-step)))) / (2 * step)
        rows.append((name, index, float(np.asarray(grad[name])[index]), fd))
    scale = max(abs(fd) for *_, fd in rows)
    worst = 0.0
    print("| theta component | grad | central difference | relative difference |")
    print("|---|---|---|---|")
    for name, index, g, fd in rows:
        relative = abs(g - fd) / max(abs(fd), 1e-3 * scale)
        worst = max(worst, relative)
        print(f"| {name}{list(index) if index else ''} | {g:.8g} | {fd:.8g} | {relative:.1e} |")
    print(
        f"worst relative difference {worst:.1e} over {len(rows)} components; "
        f"peak RSS {_peak_rss_mb():.0f} MiB"
    )


if __name__ == "__main__":
    main()
