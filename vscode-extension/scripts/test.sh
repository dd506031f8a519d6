#!/usr/bin/env bash
# Everything the VS Code extension's tests need, from a clean clone: tools
# (chromium, code-server), dependencies, build, lint, unit tests, the .vsix, and
# the end-to-end tests in a real VS Code. Called by `make test-extension`.
# Idempotent: a warm machine skips what is already installed.
# Ends with `N passed, N failed` (unit tests + e2e tests + build/lint/package steps).
set -uo pipefail

EXT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$EXT_DIR/.." && pwd)
export TL_PYTHON=${TL_PYTHON:-$REPO_DIR/.venv/bin/python}
OUT=$EXT_DIR/test-output
mkdir -p "$OUT"
cd "$EXT_DIR"

passed=0
failed=0
failures=()
started=$SECONDS

note() { printf '\n== %s (%ds)\n' "$*" $((SECONDS - started)); }
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "FAILED: $1"; }
finish() {
  note "summary"
  for f in "${failures[@]}"; do echo "  failed: $f"; done
  echo "vscode-extension: $((SECONDS - started)) s"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
  exit $?
}
# Reads the `<label>: N passed, N failed` line a runner printed last.
add_counts() {
  local line
  line=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed$" "$2" | tail -n 1)
  if [ -z "$line" ]; then fail "$1 tests (no result line)"; return; fi
  passed=$((passed + $(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")))
  local n; n=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")
  failed=$((failed + n))
  [ "$n" -eq 0 ] || failures+=("$n $1 tests")
}

note "e2e tools: chromium, code-server"
if code_server=$("$EXT_DIR/scripts/install-e2e-tools.sh" | tail -n 1) && [ -x "$code_server" ]; then
  echo "code-server: $code_server"
else
  fail "installing chromium and code-server"
  code_server=""
fi

note "npm ci"
if ! scripts/npm-ci.sh; then
  fail "npm ci"
  finish
fi

note "build (esbuild bundle, tsc --strict)"
if npm run --silent build; then pass; else fail "build"; finish; fi

note "lint (eslint, typescript-eslint strict)"
if npm run --silent lint; then pass; else fail "lint"; fi

note "unit tests"
node scripts/run-unit-tests.mjs 2>&1 | tee "$OUT/unit.log"
add_counts unit "$OUT/unit.log"

note "package the .vsix"
vsix=$OUT/tensorlens.vsix   
rm -f "$vsix"
if npm run --silent package && [ -f "$vsix" ]; then
  pass
else
  fail "vsce package"
  vsix=""
fi

note "end-to-end tests in code-server + chromium"
if [ -z "$code_server" ]; then
  fail "e2e tests (no code-server)"
elif [ ! -x "$TL_PYTHON" ]; then
  fail "e2e tests (no interpreter at $TL_PYTHON; set TL_PYTHON)"
else
  # chromium and code-server write caches under HOME: give them a throwaway one.
  HOME=$OUT/runner-home node out/test/e2e/runner.js --code-server "$code_server" ${vsix:+--vsix "$vsix"} 2>&1 \
    | tee "$OUT/e2e.log"
  add_counts e2e "$OUT/e2e.log"
fi

finish
