"""The ``tensorlens check`` pipeline: find files, analyze them (in parallel), collect results."""
