#!/bin/sh
# Stands in for an interpreter whose tensorlens installs fine but whose language
# server dies at start: the extension must not retry it, and must say so once.
case "$*" in
  *"-m tensorlens lsp"*) echo "tensorlens lsp: simulated crash" >&2; exit 3 ;;
esac
exec "$TL_PYTHON" "$@"
