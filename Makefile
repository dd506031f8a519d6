# `make check` and `make test` work on a fresh machine: they create .venv themselves.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: check test test-python test-extension docs clean

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

# docs/rules/*.md from the rule docstrings; tests/cli/test_rule_docs.py fails while they are stale.
docs: $(VENV)/.installed
	$(BIN)/python -m tensorlens.rule_docs docs/rules

clean:
	rm -rf $(VENV) build *.egg-info
