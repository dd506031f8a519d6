#!/usr/bin/env bash
# `npm ci` for the extension, skipped when node_modules was installed from this
# very package-lock.json. Used by scripts/test.sh and `make lint`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f node_modules/.tl-lock-hash ] && [ "$(cat node_modules/.tl-lock-hash)" = "$lock_hash" ]; then
  echo "node_modules is up to date"
else
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.tl-lock-hash
fi
