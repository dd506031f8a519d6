"""Facts across the project's own modules (issue 18): `tensorlens check` as a subprocess on small projects.

Each positive project is run with torch (meta standing in for cuda) to show the bug is real; each
negative runs cleanly on the CPU.
"""

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

MODEL = """
import torch
import torch.nn as nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)
        self.scale = torch.ones(2){scale}

    def forward(self, x):
        return self.fc(x) * self.scale
"""

UTILS = """
def train_epoch(model, loader, optimizer):
    for x, y in loader:
        out = model(x{move})
        loss = out.sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
"""

TRAIN = """
import torch
from torch.utils.data import DataLoader, TensorDataset
{imports}

model = Net().to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loader = DataLoader(TensorDataset(torch.randn(8, 4), torch.zeros(8)), batch_size=4)
train_epoch(model, loader, optimizer)
"""


def write(root: Path, files: dict[str, str]) -> None:
    (root / "pyproject.toml").write_text("")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())


def check(root: Path, *args: str) -> list[str]:
    result = subprocess.run([sys.executable, "-m", "tensorlens", "check", ".", *args], cwd=root,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    return [line for line in result.stdout.splitlines() if re.match(r"^\S+:\d+:\d+: TL", line)]


def _line(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), start=1) if text in line)


def run_with_meta(root: Path, entry: str) -> subprocess.CompletedProcess[str]:
    """Run the project with CUDA rewritten to meta (the module that picks the device asks for cuda)."""
    for path in root.rglob("*.py"):
        text = path.read_text().replace("torch.cuda.is_available()", "True").replace('"cuda"', '"meta"')
        path.write_text(text)
    return subprocess.run([sys.executable, entry], cwd=root, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(root)})


PACKAGE = {
    "pkg/__init__.py": "from .model import Net\n",
    "pkg/model.py": MODEL.format(scale=""),
    "pkg/utils.py": UTILS.format(move=""),
    "train.py": TRAIN.format(
        imports="from pkg import Net\nfrom pkg.model import device\nfrom pkg.utils import train_epoch"),
}


def test_a_helper_of_another_module_gets_the_callers_facts_and_torch_raises(tmp_path):
    write(tmp_path, PACKAGE)
    found = check(tmp_path)
    moved = _line(tmp_path / "train.py", "model = Net().to(device)")
    assert found and found[0].startswith("pkg/utils.py:3:15: TL201 `model` is on `device` (cuda when available) "
                                         f"(moved at line {moved} in train.py)")
    result = run_with_meta(tmp_path, "train.py")
    assert result.returncode != 0 and "device" in result.stderr


def test_a_class_of_another_module_keeps_its_plain_tensor_attribute_on_the_cpu(tmp_path):
    files = dict(PACKAGE, **{"pkg/utils.py": UTILS.format(move=".to(model.fc.weight.device)")})
    write(tmp_path, files)
    found = check(tmp_path)
    assert [line.split(": ")[0] for line in found] == ["pkg/model.py:14:16"]
    moved = _line(tmp_path / "train.py", "model = Net().to(device)")
    assert "`self.scale` is on cpu (created at line 11)" in found[0]
    assert f"moved at line {moved} in train.py" in found[0]
    result = run_with_meta(tmp_path, "train.py")
    assert result.returncode != 0 and "device" in result.stderr


def test_the_fixed_project_is_clean_and_runs(tmp_path):
    files = dict(PACKAGE, **{"pkg/model.py": MODEL.format(scale="").replace(
        "self.scale = torch.ones(2)", 'self.register_buffer("scale", torch.ones(2))'),
        "pkg/utils.py": UTILS.format(move=".to(model.fc.weight.device)")})
    write(tmp_path, files)
    assert check(tmp_path) == []
    result = subprocess.run([sys.executable, "train.py"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_relative_imports_and_a_module_alias(tmp_path):
    files = {
        "app/__init__.py": "",
        "app/model.py": MODEL.format(scale=""),
        "app/utils.py": UTILS.format(move=""),
        "app/main.py": TRAIN.format(imports="from .model import Net, device\nfrom . import utils as U\n"
                                            "train_epoch = U.train_epoch"),
    }
    write(tmp_path, files)
    found = check(tmp_path)
    assert any(line.startswith("app/utils.py:3:15: TL201") for line in found), found


def test_a_flat_folder_of_scripts_imports_its_neighbours(tmp_path):
    files = {"scripts/model.py": MODEL.format(scale=""), "scripts/utils.py": UTILS.format(move=""),
             "scripts/train.py": TRAIN.format(imports="from model import Net, device\nfrom utils import train_epoch")}
    write(tmp_path, files)
    found = check(tmp_path)
    assert any(line.startswith("scripts/utils.py:3:15: TL201") for line in found), found
    result = run_with_meta(tmp_path / "scripts", "train.py")
    assert result.returncode != 0 and "device" in result.stderr


def test_a_star_import_brings_the_modules_names(tmp_path):
    files = {"scripts/model.py": MODEL.format(scale=""), "scripts/utils.py": UTILS.format(move=""),
             "scripts/train.py": TRAIN.format(imports="from model import *\nfrom utils import *")}
    write(tmp_path, files)
    found = check(tmp_path)
    assert any(line.startswith("scripts/utils.py:3:15: TL201") for line in found), found
    result = run_with_meta(tmp_path / "scripts", "train.py")
    assert result.returncode != 0 and "device" in result.stderr


def test_an_import_cycle_ends(tmp_path):
    files = {"a.py": "import torch\nfrom b import helper\nx = helper() + torch.ones(2)\ndef base():\n    return 1\n",
             "b.py": "import torch\nfrom a import base\ndef helper():\n    return torch.ones(2).cuda()\n"}
    write(tmp_path, files)
    found = check(tmp_path)
    assert [line.split(": ")[0] for line in found] == ["a.py:3:5"], found


def test_a_project_module_named_like_a_library_is_the_projects(tmp_path):
    # `utils` here is the project's own file, whatever is installed under that name.
    files = {"utils.py": "import torch\ndef make():\n    return torch.ones(3)\n",
             "main.py": "import torch\nfrom utils import make\ny = make().cuda() + make()\n"}
    write(tmp_path, files)
    assert [line.split(": ")[0] for line in check(tmp_path)] == ["main.py:3:5"]


def test_third_party_imports_stay_unknown(tmp_path):
    files = {"main.py": "import torch\nfrom torchvision.models import resnet18\nfrom somewhere import helper\n"
                        "y = helper().cuda() + helper()\n"}
    write(tmp_path, files)
    assert check(tmp_path) == []


def test_editing_a_module_re_checks_its_importers_through_the_cache(tmp_path):
    files = dict(PACKAGE, **{"pkg/utils.py": UTILS.format(move=".to(model.fc.weight.device)")})
    write(tmp_path, files)
    cache = tmp_path / "cache"
    env_args = ()
    os.environ["TENSORLENS_CACHE_DIR"] = str(cache)
    try:
        first = check(tmp_path, *env_args)
        assert [line.split(": ")[0] for line in first] == ["pkg/model.py:14:16"]
        assert check(tmp_path, *env_args) == first  # answered by the cache
        model = tmp_path / "pkg" / "model.py"
        model.write_text(model.read_text().replace("self.scale = torch.ones(2)",
                                                   'self.register_buffer("scale", torch.ones(2))'))
        assert check(tmp_path, *env_args) == []
    finally:
        del os.environ["TENSORLENS_CACHE_DIR"]


@pytest.mark.parametrize("configured", [True, False])
def test_src_configures_where_imports_resolve(tmp_path, configured):
    files = {"lib/mylib/__init__.py": "", "lib/mylib/model.py": MODEL.format(scale=""),
             "lib/mylib/utils.py": UTILS.format(move=""),
             "run.py": TRAIN.format(imports="from mylib.model import Net, device\nfrom mylib.utils import train_epoch")}
    write(tmp_path, files)
    if configured:
        (tmp_path / "pyproject.toml").write_text('[tool.tensorlens]\nsrc = ["lib"]\n')
    found = check(tmp_path)
    assert any(line.startswith("lib/mylib/utils.py:3:15: TL201") for line in found) is configured, found


def test_a_class_re_exported_by_a_package_without_a_project_marker(tmp_path):
    """A folder copied from a bug report has no pyproject.toml or .git: the package beside the script is still
    found (as Python finds it), and a class its ``__init__.py`` re-exports brings its class model along."""
    files = {
        "pkg/__init__.py": "from .blocks import TokenLearner\n\n__version__ = '0.1'\n",
        "pkg/blocks.py": """
            import torch.nn as nn


            class TokenLearner(nn.Module):
                def __init__(self, count):
                    super().__init__()
                    self.count = count
                    self.tokenizers = [nn.Linear(4, 4) for _ in range(count)]  # a list: never moved

                def forward(self, x):
                    return [self.tokenizers[i](x) for i in range(self.count)]
        """,
        "example.py": """
            import torch
            from pkg import TokenLearner

            learner = TokenLearner(2).cuda()
            tokens = learner(torch.randn(3, 4).cuda())
        """,
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    found = check(tmp_path)
    line = _line(tmp_path / "pkg/blocks.py", "return [self.tokenizers[i](x)")
    assert [entry.split(": ")[0].rsplit(":", 1)[0] for entry in found] == [f"pkg/blocks.py:{line}"], found
    assert "TL201 `self.tokenizers[i]` is on cpu" in found[0] and "in example.py" in found[0]
    (tmp_path / "example.py").write_text((tmp_path / "example.py").read_text().replace(".cuda()", '.to("meta")'))
    result = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0 and "device" in result.stderr
