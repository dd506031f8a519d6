#!/usr/bin/env bash
# Installs what the end-to-end tests need to drive a real VS Code offline:
# Debian chromium (+ the kerberos headers and ripgrep that code-server's native
# modules and postinstall need) and code-server 4.100.3 from npm.
# Idempotent: each piece is skipped when it is already there, and code-server is
# installed into a temp folder that is renamed into place only once it works, so
# an interrupted run never leaves a half install that later runs would trust.
#
# Prints the code-server binary's path on the last line of stdout.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3   # newest code-server whose engines accept node 20
CACHE=${TL_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tensorlens-vscode-e2e}
PREFIX=$CACHE/code-server-$CODE_SERVER_VERSION
BIN=$PREFIX/node_modules/.bin/code-server

log() { echo "[install-e2e-tools] $*" >&2; }

apt_missing=()
[ -x /usr/bin/chromium ] || apt_missing+=(chromium)
command -v rg >/dev/null || apt_missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || apt_missing+=(libkrb5-dev)
if [ ${#apt_missing[@]} -gt 0 ]; then
  log "apt-get install ${apt_missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${apt_missing[@]}" >&2
fi

# The stamp is written last, so its presence means a complete install.
if [ -x "$BIN" ] && [ -f "$PREFIX/.installed" ]; then
  log "code-server $CODE_SERVER_VERSION already in $PREFIX"
  echo "$BIN"
  exit 0
fi

log "installing code-server $CODE_SERVER_VERSION into $PREFIX (about 80 s)"
mkdir -p "$CACHE"
work=$(mktemp -d "$CACHE/.install.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/prefix" "$work/tmp" "$work/rg"

# @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable
# here; it first looks in $TMPDIR/vscode-ripgrep-cache-<its version>, so seed
# that cache with Debian's rg under the asset name it asks for.
rg_cache=$work/tmp/vscode-ripgrep-cache-1.15.11
mkdir -p "$rg_cache"
cp "$(command -v rg)" "$work/rg/rg"
tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$work/rg" rg

cd "$work/prefix"
echo '{"private": true}' > package.json
# npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which npx refuses
# under the machine's yes=false. --unsafe-perm: code-server's postinstall checks
# it when run as root. nodedir: node-gyp builds argon2/kerberos from source
# against the system headers instead of downloading them.
TMPDIR=$work/tmp npm_config_yes=true npm_config_nodedir=${npm_config_nodedir:-/usr} \
  npm install --no-audit --no-fund --unsafe-perm --foreground-scripts \
  "code-server@$CODE_SERVER_VERSION" >&2

# HOME points into the temp folder: even --version writes a config file there.
HOME=$work/tmp "$work/prefix/node_modules/.bin/code-server" --version >&2
touch "$work/prefix/.installed"
rm -rf "$PREFIX"
mv "$work/prefix" "$PREFIX"
log "code-server ready"
echo "$BIN"
