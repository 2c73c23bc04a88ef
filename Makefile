# The two commands of README.md. Both create .venv when it is missing (tools/bootstrap.sh) and reuse it.
#   make demo   simulate substructure images on the built-in default configuration
#   make test   the whole (default) test suite; .ci/run runs exactly this
.PHONY: demo test test-slow bench venv

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
