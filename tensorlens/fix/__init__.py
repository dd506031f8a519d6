"""Autofix: turning the fixes rules propose into changed files and diffs.

Rules propose fixes (:class:`tensorlens.analysis.rule_api.FixProposal`); the engine
resolves them to text edits on the finding (:mod:`tensorlens.analysis.fixes`); this package applies the edits of
many findings to one text (:mod:`.edits`), re-checks the result until nothing
more applies (:mod:`.session`) and shows or writes it (:mod:`.diff`,
``tensorlens check --fix/--diff``). It imports nothing from the faces.
"""
