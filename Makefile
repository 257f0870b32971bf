# Two commands for a fresh machine (Python >= 3.10 and the package index, nothing else):
#   make demo   - set up .venv, start the embedded sandbox, run all five actions end to end
#   make test   - set up .venv, then lint, type check, generated-code drift check and pytest
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: demo test lint typecheck check-generated pytest generate bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 10), "Python 3.10+ is required"'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/fluent-commerce demo

test: lint typecheck check-generated pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy src

check-generated: $(STAMP)
	$(BIN)/fluent-commerce codegen --check

pytest: $(STAMP)
	$(BIN)/pytest

generate: $(STAMP)
	$(BIN)/fluent-commerce codegen

bench: $(STAMP)
	$(BIN)/python benchmarks/client_overhead.py
	$(BIN)/python benchmarks/sandbox_throughput.py
	$(BIN)/python benchmarks/codegen_time.py
	$(BIN)/python benchmarks/resilience.py

clean:
	rm -rf $(VENV) dist build .mypy_cache .ruff_cache .pytest_cache
