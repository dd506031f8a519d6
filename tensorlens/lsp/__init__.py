"""The language server: ``tensorlens lsp``.

A thin face over the engine (STYLE.md): :mod:`server` declares one function per
LSP feature, :mod:`analyses` schedules engine runs in a worker process
(:mod:`worker`) and keeps one result per document version, and the other
modules translate between engine data and protocol types.
"""
