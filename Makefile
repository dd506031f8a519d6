# `make check` and `make test` work on a fresh machine: they create .venv themselves.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: check test test-python test-extension ecosystem ecosystem-review clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# The stamps re-run pip only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

check: $(VENV)/.installed
	$(BIN)/tensorlens check samples/ --exit-zero

test: test-python test-extension

test-python: $(VENV)/.installed-test
	@# Neovim is the second, independent LSP client of the language-server tests.
	-@sh tests/lsp/install_nvim.sh
	$(BIN)/python -m pytest -n auto -q

test-extension: $(VENV)/.installed-test
	@if [ -x vscode-extension/scripts/test.sh ]; then vscode-extension/scripts/test.sh; \
	else echo "vscode-extension: no tests yet"; fi

# The ecosystem check (README, "Ecosystem"): downloads into ~/.cache/tensorlens-ecosystem
# ($$TENSORLENS_ECOSYSTEM_CACHE) once, then compares with tests/ecosystem/baseline/.
# ECOSYSTEM_ARGS passes options, e.g. ECOSYSTEM_ARGS="--project timm --markdown".
ECOSYSTEM := PYTHONPATH=tests/ecosystem $(BIN)/python -m ecosystem_check

ecosystem: $(VENV)/.installed
	$(ECOSYSTEM) $(ECOSYSTEM_ARGS)

ecosystem-review: $(VENV)/.installed
	$(ECOSYSTEM) --review $(ECOSYSTEM_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info
