"""A workspace holding modules named like the standard library's and TensorLens's dependencies.

Each planted module, if it is ever imported, writes its name into a marks
folder outside the workspace and raises: a test then knows exactly which
ones ran. TensorLens never runs the code it checks (S1 of issue 23).
"""

from __future__ import annotations

from pathlib import Path

# What the CLI, the language server and their workers import (directly or through argparse, json, asyncio,
# multiprocessing, libcst, pygls) that a project could plausibly hold a module of the same name for.
MODULES = ["typing", "json", "argparse", "struct", "__future__", "re", "enum", "functools", "pickle", "signal",
           "tempfile", "dataclasses", "gettext", "selectors", "traceback", "fnmatch", "tokenize"]
PACKAGES = ["asyncio", "multiprocessing", "concurrent", "libcst", "pygls", "lsprotocol", "attrs", "cattrs",
            "importlib_metadata", "tomli"]
LEAF = "import torch\nw = torch.ones(3, requires_grad=True)\nw.add_(1)\n"


def plant(workspace: Path, marks: Path, with_tensorlens: bool = False) -> None:
    """Fill ``workspace`` with the planted modules (and a fake ``tensorlens`` package) and one real finding."""
    marks.mkdir(parents=True, exist_ok=True)
    workspace.mkdir(parents=True, exist_ok=True)
    names = [*MODULES, *PACKAGES, *(["tensorlens"] if with_tensorlens else [])]
    for name in names:
        body = (f"open({str(marks / name)!r}, 'w').write('ran')\n"
                f"raise SystemExit('planted {name} ran')\n")
        if name in MODULES:
            (workspace / f"{name}.py").write_text(body)
        else:
            (workspace / name).mkdir(exist_ok=True)
            (workspace / name / "__init__.py").write_text(body)
            (workspace / name / "__main__.py").write_text(body)
    (workspace / "train.py").write_text(LEAF)


def ran(marks: Path) -> list[str]:
    """The planted modules that were imported."""
    return sorted(path.name for path in marks.iterdir())
