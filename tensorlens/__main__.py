"""``python -m tensorlens`` is the ``tensorlens`` command.

``python -m`` puts the current folder first on ``sys.path`` (unless run with
``-P``), so a project's ``typing.py`` or ``json.py`` would shadow the standard
library for everything ``check`` and ``lsp`` import, and run: TensorLens
never runs the code it checks. That entry is taken off before anything else
is imported, unless TensorLens itself is imported from there (a source
checkout). ``run`` keeps it: it runs the user's program as ``python`` would.
"""

import os
import sys


def _without_the_current_folder() -> None:
    if getattr(sys.flags, "safe_path", False) or not sys.path or sys.argv[1:2] == ["run"]:
        return
    first = os.path.abspath(sys.path[0] or os.curdir)
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if first == os.getcwd() and first != package:
        del sys.path[0]


_without_the_current_folder()

from tensorlens.cli import main  # noqa: E402  (after the path is safe)

raise SystemExit(main())
