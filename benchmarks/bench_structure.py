"""
The structure of `HaloPopulation`'s JAX evaluation on workload R's real halo layout, read from the compiled
program (no GPU needed): sequential loop trips and kernel launches per batch under ``jit(vmap)``, bytes
accessed per halo-ray of one step, and a CPU timing proxy of "the batch lives inside the step".

    python benchmarks/bench_structure.py                     # everything, backend="gpu" policy
    python benchmarks/bench_structure.py --batches 1,8 --skip-proxy --skip-bytes
    python benchmarks/bench_structure.py --baseline 48d5066      # bytes and proxy of another revision too

Layout: the line of sight of ``los_population_galaxies_from("R", seed)`` for ``--seeds`` (9 planes, 1,664
tNFW slots, ~1,000-1,100 live: the capacities and live counts of real draws; batch member i takes draw
i mod len(seeds)) plus the lens plane's subhaloes as the jitted simulator builds them (16 tNFW-MCR slots
with 10 live, 8 cNFW-MCR with 5, 8 tNFW with 5). Every plane is evaluated on the same (rays, 2) grid
(R's 110 x 110 padded pixels over-sampled 2 x 2: 48,400 rays; the tracer's ray shooting between the
planes is not part of this count).

Counting (from ``jax.jit(...).lower(...).compile().as_text()``, the CPU backend's optimised HLO):

- trips: every ``while`` loop's known trip count times (1 + the trips inside its body);
- launches: every instruction that is not structural (parameter, constant, tuple, get-tuple-element,
  bitcast, while, conditional, call) counts as one kernel; a ``while`` multiplies its body's count by its
  trip count; a ``conditional`` counts 1 (its predicate) plus its larger branch, i.e. every chunk is
  counted live: an upper bound (chunks dead in the whole batch are skipped at run time). XLA's GPU backend
  fuses differently (usually into fewer, larger kernels), so this is the CPU program's count, an estimate.

Bytes per halo-ray: ``compiled.cost_analysis()["bytes accessed"]`` of one step (a population of one
chunk evaluated on one ray block, so every loop runs once; XLA's cost analysis counts a loop body once)
divided by its (chunk x ray block) halo-rays.
"""

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import autogalaxy as ag  # noqa: E402  (the libraries before JAX, as everywhere)
from autogalaxy.profiles.mass.dark import halo_population  # noqa: E402

import re  # noqa: E402

_COMPUTATION = re.compile(r"^(?:ENTRY )?%([\w.\-]+) .*\{$")
_INSTRUCTION = re.compile(r"^\s*(?:ROOT )?%[\w.\-]+ = .*? ([a-z][a-z\-]*)\(")
_STRUCTURAL = {
    "parameter", "constant", "get-tuple-element", "tuple", "bitcast", "while", "conditional",
    "call", "after-all", "opt-barrier",
}


def trips_and_launches(hlo_text):
    """(sequential loop trips, kernel launches) of a compiled HLO module (see the module docstring)."""
    computations, entry, name = {}, None, None
    for line in hlo_text.splitlines():
        match = _COMPUTATION.match(line)
        if match:
            name = match.group(1)
            computations[name] = []
            entry = name if line.startswith("ENTRY") else entry
        elif name and line.strip() == "}":
            name = None
        elif name:
            computations[name].append(line)
    memo = {}

    def visit(name):
        if name in memo:
            return memo[name]
        trips = launches = 0
        for line in computations[name]:
            match = _INSTRUCTION.match(line)
            if not match:
                continue
            op = match.group(1)
            if op == "while":
                found = re.search(r'"known_trip_count":\{"n":"(\d+)"', line)
                if found is None:
                    raise ValueError("a while loop without a known trip count")
                n = int(found.group(1))
                body = visit(re.search(r"body=%([\w.\-]+)", line).group(1))
                condition = visit(re.search(r"condition=%([\w.\-]+)", line).group(1))
                trips += n * (1 + body[0] + condition[0])
                launches += n * (body[1] + condition[1])
            elif op == "conditional":
                branches = re.search(r"branch_computations=\{([^}]*)\}", line).group(1)
                counts = [visit(b.strip().lstrip("%")) for b in branches.split(",")]
                trips += max(c[0] for c in counts)
                launches += 1 + max(c[1] for c in counts)
            elif op == "call":
                inner = visit(re.search(r"to_apply=%([\w.\-]+)", line).group(1))
                trips, launches = trips + inner[0], launches + inner[1]
            elif op not in _STRUCTURAL:
                launches += 1
        memo[name] = (trips, launches)
        return memo[name]

    return visit(entry)


def _layout(seeds):
    """Per draw: a list (one per plane) of lists of HaloGroups (the subhaloes on the z = 0.5 plane)."""
    from integration_tests import workloads

    spec = workloads.spec_from("R")
    theta = workloads.theta_from(spec)
    subhaloes = workloads.tracer_from_theta(
        theta, [], workloads.collapsed_population_from(spec)
    ).galaxies[0].subhalos.groups
    draws = []
    for seed in seeds:
        planes = []
        for galaxy in workloads.los_population_galaxies_from(spec, seed=seed):
            if not hasattr(galaxy, "halos"):
                continue
            groups = list(galaxy.halos.groups)
            if abs(galaxy.redshift - workloads.Z_LENS) < 1e-9:
                groups += list(subhaloes)
            planes.append(groups)
        draws.append(planes)
    return draws


def _populations(module, planes, **kwargs):
    import jax.numpy as jnp

    return [
        module.HaloPopulation(
            groups=[
                module.HaloGroup(
                    kind=g.kind,
                    static=g.static,
                    centre=jnp.asarray(g.centre),
                    parameters=tuple(jnp.asarray(p) for p in g.parameters),
                    mask=jnp.asarray(g.mask),
                )
                for g in groups
            ],
            **kwargs,
        )
        for groups in planes
    ]


def _stack(batch):
    import jax
    import jax.numpy as jnp

    return jax.tree_util.tree_map(lambda *leaves: jnp.stack(leaves), *batch)


def _deflections(populations, rays):
    import jax.numpy as jnp

    return [p.deflections_yx_2d_from(grid=rays, xp=jnp) for p in populations]


def _rays(n):
    side = int(np.ceil(np.sqrt(n)))
    y, x = np.meshgrid(np.linspace(-2.75, 2.75, side), np.linspace(-2.75, 2.75, side))
    return np.stack([y.ravel(), x.ravel()], axis=-1)[:n]


def structure(draws, batches, n_rays, backend):
    import jax
    import jax.numpy as jnp

    rays = jnp.asarray(_rays(n_rays))
    slots = sum(g.capacity for g in sum(draws[0], []))
    live = [sum(int(np.sum(g.mask)) for g in sum(d, [])) for d in draws]
    print(
        f"\nLayout: {len(draws[0])} planes, {slots} slots, live {min(live)}-{max(live)} "
        f"({len(draws)} draws), {n_rays} rays per plane, backend={backend!r}"
    )
    print("| batch | loop trips per batch | per image | kernel launches per batch | per image | compile s |")
    print("|---|---|---|---|---|---|")
    rows = {}
    for batch in batches:
        stacked = _stack(
            [_populations(halo_population, draws[i % len(draws)], backend=backend) for i in range(batch)]
        )
        f = jax.jit(jax.vmap(_deflections, in_axes=(0, None)))
        start = time.perf_counter()
        compiled = f.lower(stacked, rays).compile()
        seconds = time.perf_counter() - start
        trips, launches = trips_and_launches(compiled.as_text())
        rows[batch] = (trips, launches)
        print(
            f"| {batch} | {trips} | {trips / batch:.3g} | {launches} | {launches / batch:.3g} | "
            f"{seconds:.1f} |"
        )
    first, last = rows[batches[0]], rows[batches[-1]]
    print(
        f"trips per batch at {batches[-1]} / at {batches[0]}: {last[0] / first[0]:.2f}; "
        f"launches per batch at {batches[-1]}: {last[1]}"
    )


def bytes_per_halo_ray(old_module, dtypes):
    """Bytes accessed per halo-ray of one (chunk x ray block) step, this tree and ``old_module``."""
    import jax
    import jax.numpy as jnp

    rng = np.random.default_rng(2)
    chunk, block = 32, 4096
    centre = rng.uniform(-2.0, 2.0, (chunk, 2))
    scale_radius = rng.uniform(0.05, 0.5, chunk)
    arrays = dict(
        kappa_s=rng.uniform(0.01, 0.2, chunk),
        scale_radius=scale_radius,
        truncation_radius=rng.uniform(5.0, 30.0, chunk) * scale_radius,
    )
    rays = rng.uniform(-2.5, 2.5, (block, 2))
    print(f"\nBytes accessed per halo-ray, one step of {chunk} tNFW members x {block} rays (CPU HLO):")
    print("| code | dtype | bytes / halo-ray |")
    print("|---|---|---|")
    for dtype in dtypes:
        with jax.enable_x64(dtype == "float64"):
            variants = [
                (f"this tree, {b} policy", halo_population, dict(ray_block=block, backend=b))
                for b in ("cpu", "gpu")
            ]
            if old_module is not None:
                variants.insert(0, ("baseline", old_module, {}))
            for label, module, kwargs in variants:
                group = module.HaloGroup(
                    kind="tnfw",
                    static=(),
                    centre=jnp.asarray(centre, dtype=dtype),
                    parameters=tuple(jnp.asarray(arrays[n], dtype=dtype) for n in arrays),
                    mask=jnp.ones(chunk, dtype=bool),
                )
                population = module.HaloPopulation(groups=[group], chunk_size=chunk, **kwargs)
                f = jax.jit(lambda p, r: p.deflections_yx_2d_from(grid=r, xp=jnp))
                cost = f.lower(population, jnp.asarray(rays, dtype=dtype)).compile().cost_analysis()
                if isinstance(cost, list):
                    cost = cost[0]
                print(f"| {label} | {dtype} | {cost['bytes accessed'] / (chunk * block):.1f} |")


def proxy(draws, old_module, rounds, batch=256):
    """``batch`` draws x 1 ray under jit(vmap) against 1 draw x ``batch`` rays under jit."""
    import jax
    import jax.numpy as jnp

    rays = jnp.asarray(_rays(batch))
    variants = [("this tree, backend='gpu'", halo_population, dict(backend="gpu"))]
    if old_module is not None:
        variants.append(("baseline", old_module, dict(chunk_size=32)))
    calls = []
    for label, module, kwargs in variants:
        one = _populations(module, draws[0], **kwargs)
        stacked = _stack([_populations(module, draws[i % len(draws)], **kwargs) for i in range(batch)])
        wide = jax.jit(lambda p, r: sum(_deflections(p, r)))
        deep = jax.jit(jax.vmap(lambda p, r: sum(_deflections(p, r)), in_axes=(0, None)))
        wide(one, rays).block_until_ready()
        deep(stacked, rays[:1]).block_until_ready()
        calls.append((label, "1 draw x 256 rays", lambda w=wide, a=one: w(a, rays)))
        calls.append((label, f"{batch} draws x 1 ray", lambda d=deep, a=stacked: d(a, rays[:1])))
    times = {(label, shape): [] for label, shape, _ in calls}
    for _ in range(rounds):
        for label, shape, call in calls:
            start = time.perf_counter()
            jax.block_until_ready(call())
            times[(label, shape)].append(time.perf_counter() - start)
    print(f"\nCPU timing proxy ({rounds} interleaved rounds, seconds per call, min / median):")
    print("| code | shape | min | median |")
    print("|---|---|---|---|")
    for (label, shape), values in times.items():
        print(f"| {label} | {shape} | {min(values):.4f} | {statistics.median(values):.4f} |")
    for label, _, _ in calls[::2]:
        wide = times[(label, "1 draw x 256 rays")]
        deep = times[(label, f"{batch} draws x 1 ray")]
        print(
            f"{label}: ({batch} draws x 1 ray) / (1 draw x {batch} rays) = "
            f"{min(deep) / min(wide):.2f} (min), {statistics.median(deep) / statistics.median(wide):.2f} "
            f"(median)"
        )


def _old_module(baseline):
    """``halo_population`` of another checkout (a directory) or git revision of this repository."""
    relative = "PyAutoGalaxy/autogalaxy/profiles/mass/dark/halo_population.py"
    path = Path(baseline) / relative
    if not path.is_file():
        source = subprocess.run(
            ["git", "show", f"{baseline}:{relative}"], cwd=ROOT, check=True, capture_output=True,
            text=True,
        ).stdout
        path = Path(tempfile.mkdtemp()) / "halo_population.py"
        path.write_text(source)
    spec = importlib.util.spec_from_file_location(
        "autogalaxy.profiles.mass.dark._baseline_halo_population", path
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batches", default="1,8,64,256,1024")
    parser.add_argument("--seeds", default="1,2,3,4")
    parser.add_argument("--rays", type=int, default=48_400)
    parser.add_argument("--backend", default="gpu")
    parser.add_argument("--baseline", default=None, help="another checkout's root or a git revision")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-structure", action="store_true")
    parser.add_argument("--skip-bytes", action="store_true")
    parser.add_argument("--skip-proxy", action="store_true")
    args = parser.parse_args()

    import jax

    print(f"jax {jax.__version__}, {jax.devices()[0].device_kind}, XLA_FLAGS={os.environ.get('XLA_FLAGS', '')!r}")
    old = _old_module(args.baseline) if args.baseline else None
    draws = _layout([int(s) for s in args.seeds.split(",")])
    if not args.skip_structure:
        structure(draws, [int(b) for b in args.batches.split(",")], args.rays, args.backend)
    if not args.skip_bytes:
        bytes_per_halo_ray(old, ("float32", "float64"))
    if not args.skip_proxy:
        proxy(draws, old, args.rounds)


if __name__ == "__main__":
    main()
