# The two commands of README.md. Both create .venv when it is missing (tools/bootstrap.sh) and reuse it.
#   make demo   simulate substructure images on the built-in default configuration
#   make test   the whole (default) test suite; .ci/run runs exactly this
.PHONY: demo test test-slow bench venv bench-gpu

DEMO_ARGS ?=
PYTEST_ARGS ?=
BENCH_ARGS ?=

venv:
	@tools/bootstrap.sh >/dev/null

demo:
	@py="$$(tools/bootstrap.sh)" && set -x && "$$py" examples/simulate_substructure.py $(DEMO_ARGS)

test:
	@py="$$(tools/bootstrap.sh)" && set -x && "$$py" -m pytest $(PYTEST_ARGS)

test-slow:
	@py="$$(tools/bootstrap.sh)" && set -x && "$$py" -m pytest -m slow $(PYTEST_ARGS)

bench:
	@py="$$(tools/bootstrap.sh)" && set -x && "$$py" benchmarks/bench_simulate.py $(BENCH_ARGS)

# Prepare the GPU benchmark here (wheels the GPU machine lacks + the float64 CPU reference image, in
# .wheelhouse/), then print the device tool call that runs it there (benchmarks/RESULTS.md, "GPU benchmark").
bench-gpu:
	@py="$$(tools/bootstrap.sh)" && set -x && "$$py" tools/wheelhouse.py --out .wheelhouse \
		&& JAX_PLATFORMS=cpu "$$py" benchmarks/bench_gpu.py --workload R --prepare-reference .wheelhouse/reference_R.npz \
		&& { set +x; echo; echo "Ready. With a GPU lent, call the device tool:"; \
		echo '  run(command="bash benchmarks/run_gpu.sh", carry=[".wheelhouse"], timeout_s=600)'; }
