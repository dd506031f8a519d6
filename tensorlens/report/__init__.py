"""Output formats for ``tensorlens check``: each module turns findings into text."""
