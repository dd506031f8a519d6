"""The ecosystem check: ``tensorlens check`` over pinned real PyTorch projects, against a reviewed baseline.

Run it with ``make ecosystem`` (or ``make ecosystem-review`` to review new findings);
README.md, section "Ecosystem", describes the baseline and how to review.
"""
