# `make check` and `make test` work on a fresh machine: they create .venv themselves.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: check test test-python test-extension lint lint-python lint-types lint-imports lint-extension docs \
	ecosystem ecosystem-review clean

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

# The ecosystem check (README, "Ecosystem"): downloads into ~/.cache/tensorlens-ecosystem
# ($$TENSORLENS_ECOSYSTEM_CACHE) once, then compares with tests/ecosystem/baseline/.
# ECOSYSTEM_ARGS passes options, e.g. ECOSYSTEM_ARGS="--project timm --markdown".
ECOSYSTEM := PYTHONPATH=tests/ecosystem $(BIN)/python -m ecosystem_check

ecosystem: $(VENV)/.installed
	$(ECOSYSTEM) $(ECOSYSTEM_ARGS)

ecosystem-review: $(VENV)/.installed
	$(ECOSYSTEM) --review $(ECOSYSTEM_ARGS)

# Called by .ci/run before `make test`. Each part is its own target, so one can be run alone.
lint: lint-python lint-types lint-imports lint-extension

lint-python: $(VENV)/.installed-lint
	$(BIN)/ruff check .

# The whole package, strict (settings in pyproject's [tool.mypy]); torch's own stubs type the runtime.
lint-types: $(VENV)/.installed-lint $(VENV)/.installed-test
	$(BIN)/mypy tensorlens pydevd_plugins

# The layers of the static stack and the runtime/static/torch separations ([tool.importlinter]).
lint-imports: $(VENV)/.installed-lint
	$(BIN)/lint-imports

# eslint (typescript-eslint strict) and tsc --noEmit over the extension's sources and tests.
lint-extension:
	vscode-extension/scripts/npm-ci.sh
	cd vscode-extension && npm run --silent lint && npm run --silent typecheck

# docs/rules/*.md from the rule docstrings; tests/cli/test_rule_docs.py fails while they are stale.
docs: $(VENV)/.installed
	$(BIN)/python -m tensorlens.rule_docs docs/rules

clean:
	rm -rf $(VENV) build *.egg-info
