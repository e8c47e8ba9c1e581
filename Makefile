# Two entry points (README): `make run` runs the pipeline on data/raw, `make test` runs the tests.
# Both create .venv and install the project on first use (and again when pyproject.toml changes).
PYTHON ?= python3.11
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: install run test docs bench

$(BIN)/kabar: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# the pip bundled with the Python (23.x for 3.11) mis-resolves some extras: a current one first
	$(BIN)/python -m pip install --quiet --upgrade pip
	# the local CPU build of torch first, so nothing pulls the CUDA packages
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(BIN)/kabar

install: $(BIN)/kabar

run: $(BIN)/kabar
	$(BIN)/kabar run

test: $(BIN)/kabar
	$(BIN)/python -m pytest

docs: $(BIN)/kabar
	$(BIN)/kabar docs
