"""``tensorlens check nb.ipynb``: the code cells checked as one module, findings reported per cell."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from check_helpers import run_tensorlens

from tensorlens.notebook_cells import Cell, concatenate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))
from snippets import as_meta, run_torch

MOVED = "import torch\nmodel = torch.nn.Linear(4, 2)\nmodel.cuda()\n"
INPUT = "%matplotlib inline\n!pip install tqdm\nx = torch.randn(8, 4)\n"
MIXED = "%%time\nout = model(x)\n"
MIXED_FIXED = "%%time\nout = model(x.cuda())\n"


def write_notebook(path: Path, cells: list[tuple[str, str]]) -> Path:
    """An nbformat 4 notebook, its sources as lists of lines as Jupyter saves them."""
    def cell(kind: str, text: str) -> dict[str, object]:
        made: dict[str, object] = {"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True)}
        if kind == "code":
            made.update(execution_count=None, outputs=[])
        return made

    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5,
                                "metadata": {"language_info": {"name": "python"}},
                                "cells": [cell(kind, text) for kind, text in cells]}, indent=1))
    return path


def test_the_cells_in_order_raise_the_device_error():
    with pytest.raises(RuntimeError, match="device"):
        run_torch(as_meta(MOVED + "x = torch.randn(8, 4)\n" + "out = model(x)\n"))
    run_torch(as_meta(MOVED + "x = torch.randn(8, 4)\n" + "out = model(x.cuda())\n"))


def test_text_names_the_cell_and_its_line(tmp_path: Path):
    write_notebook(tmp_path / "train.ipynb", [("code", MOVED), ("markdown", "# Data\n"), ("code", INPUT),
                                              ("code", MIXED), ("code", "y = (\n")])
    done = run_tensorlens("check", "train.ipynb", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("train.ipynb:cell 4:2:7: TL201 ")
    assert "moved at cell 1 line 3" in lines[0] and "created at cell 3 line 3" in lines[0]
    assert lines[1] == "train.ipynb:cell 5:1:5: TL000 syntax error: '(' was never closed"
    assert len([line for line in lines if ": TL" in line]) == 2  # no TL000 for the magics
    assert done.stderr == ""


def test_json_keeps_the_schema(tmp_path: Path):
    write_notebook(tmp_path / "train.ipynb", [("code", MOVED), ("code", INPUT), ("code", MIXED)])
    done = run_tensorlens("check", "--format", "json", "train.ipynb", cwd=tmp_path)
    (finding,) = json.loads(done.stdout)
    assert set(finding) == {"path", "line", "column", "end_line", "end_column", "code", "name", "severity",
                            "message", "fix"}
    assert (finding["path"], finding["line"], finding["column"], finding["code"]) == (
        "train.ipynb:cell 3", 2, 7, "TL201")
    assert finding["fix"] is None  # --fix does not rewrite notebooks


def test_the_fixed_notebook_passes_and_fix_leaves_it_alone(tmp_path: Path):
    fixed = write_notebook(tmp_path / "fixed.ipynb", [("code", MOVED), ("code", INPUT), ("code", MIXED_FIXED)])
    assert run_tensorlens("check", "fixed.ipynb", cwd=tmp_path).returncode == 0
    broken = write_notebook(tmp_path / "broken.ipynb", [("code", MOVED), ("code", INPUT), ("code", MIXED)])
    before, fixed_before = broken.read_bytes(), fixed.read_bytes()
    done = run_tensorlens("check", "--fix", "--unsafe-fixes", "broken.ipynb", "fixed.ipynb", cwd=tmp_path)
    assert done.returncode == 1 and "broken.ipynb:cell 3:2:7: TL201" in done.stdout
    assert broken.read_bytes() == before and fixed.read_bytes() == fixed_before


def test_a_file_that_is_not_a_notebook_is_an_error_not_a_crash(tmp_path: Path):
    (tmp_path / "notes.ipynb").write_text("not json")
    done = run_tensorlens("check", "notes.ipynb", cwd=tmp_path)
    assert done.returncode == 2 and "notes.ipynb: not a notebook" in done.stderr
    assert "Traceback" not in done.stderr


def test_ipython_syntax_becomes_python_line_for_line():
    cell = ("!pip install tqdm\nfiles = !ls\nmodel?\nfor i in range(2):\n    %time f(i)\n"
            "text = ('%d'\n        % 3)\ndoc = \"\"\"\n%not a magic\n\"\"\"\n")
    notebook = concatenate([Cell(cell), Cell("# title", code=False), Cell("%%bash\necho hi\n"),
                            Cell("%%timeit\ny = 1")])
    assert notebook.source.splitlines() == [
        "pass", "files = None", "pass", "for i in range(2):", "    pass", "text = ('%d'", "        % 3)",
        'doc = """', "%not a magic", '"""', "", "", "", "y = 1"]
    compile(notebook.source, "notebook", "exec")
    assert notebook.starts == (1, 0, 11, 13)
    assert notebook.cell_of(14) == (3, 2)
    assert notebook.relabel("moved at line 2, used at line 14", 3) == "moved at cell 1 line 2, used at line 2"
    assert notebook.relabel("moved at line 2 in model.py", 3) == "moved at line 2 in model.py"
