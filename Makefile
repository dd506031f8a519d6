# `make check` and `make test` work on a fresh machine: they create .venv themselves.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: check test test-python test-extension lint lint-python lint-types lint-imports lint-extension docs clean

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

$(VENV)/.installed-lint: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[lint]'
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

# Called by .ci/run before `make test`. Each part is its own target, so one can be run alone.
lint: lint-python lint-types lint-imports lint-extension

lint-python: $(VENV)/.installed-lint
	$(BIN)/ruff check .

# PLACEHOLDER (issue 14, item 2): `$(BIN)/mypy --strict tensorlens` once the engine is typed;
# pin mypy in pyproject's `lint` group.
lint-types: $(VENV)/.installed-lint
	@echo "lint-types: mypy --strict is not wired yet (issue 14, item 2)"

# PLACEHOLDER (issue 14, item 1): `$(BIN)/lint-imports` with the layer contract in
# pyproject's [tool.importlinter]; pin import-linter in the `lint` group.
lint-imports: $(VENV)/.installed-lint
	@echo "lint-imports: the import-linter contract is not wired yet (issue 14, item 1)"

# eslint (typescript-eslint strict) and tsc --noEmit over the extension's sources and tests.
lint-extension:
	vscode-extension/scripts/npm-ci.sh
	cd vscode-extension && npm run --silent lint && npm run --silent typecheck

# docs/rules/*.md from the rule docstrings; tests/cli/test_rule_docs.py fails while they are stale.
docs: $(VENV)/.installed
	$(BIN)/python -m tensorlens.rule_docs docs/rules

clean:
	rm -rf $(VENV) build *.egg-info
