# The two commands of README.md. Both create .venv when it is missing (tools/bootstrap.sh) and reuse it.
#   make demo   simulate substructure images on the built-in default configuration
#   make test   the whole (default) test suite; .ci/run runs exactly this
.PHONY: demo test test-slow bench venv

PYTHON_VENV = $(shell tools/bootstrap.sh)
DEMO_ARGS ?=
PYTEST_ARGS ?=

venv:
	@tools/bootstrap.sh >/dev/null

demo:
	$(PYTHON_VENV) examples/simulate_substructure.py $(DEMO_ARGS)

test:
	$(PYTHON_VENV) -m pytest $(PYTEST_ARGS)

test-slow:
	$(PYTHON_VENV) -m pytest -m slow $(PYTEST_ARGS)

bench:
	$(PYTHON_VENV) benchmarks/bench_simulate.py $(BENCH_ARGS)
