#!/bin/sh
# Installs Neovim for tests/lsp/test_neovim.py (a second, independent LSP client).
# Idempotent, and never fails the caller: without nvim that one test is skipped.
if command -v nvim >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_nvim.sh: no apt-get here; install Neovim yourself to run the Neovim LSP test" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
        echo "install_nvim.sh: not root and no sudo; the Neovim LSP test will be skipped" >&2
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q neovim >/dev/null 2>&1 \
    || { $SUDO apt-get update -q >/dev/null 2>&1 && $SUDO apt-get install -y -q neovim >/dev/null 2>&1; } \
    || echo "install_nvim.sh: could not install neovim; the Neovim LSP test will be skipped" >&2
exit 0
