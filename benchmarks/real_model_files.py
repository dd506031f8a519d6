"""Real model files for the language-server benchmark: timm 1.0.31's resnet, byobnet and vision_transformer.

timm's sdist is taken from the ecosystem check's cache when it is there
(``~/.cache/tensorlens-ecosystem/src/timm-1.0.31``, filled by ``make ecosystem``),
else downloaded once with ``pip download --no-deps timm==1.0.31`` into
``~/.cache/tensorlens-bench`` (``$TENSORLENS_BENCH_CACHE``), never into the repository.

Besides the three files as they are, two bigger texts probe the sizes where the
server used to fall off a cliff: vision_transformer.py plus 600 lines (past
250,000 characters), and about 20,000 lines made of the three files one after
the other, repeated.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

TIMM = "timm-1.0.31"
FILES = ("resnet.py", "byobnet.py", "vision_transformer.py")


@dataclass(frozen=True)
class Case:
    """One text to open and edit, under the name the editor gives it."""

    name: str
    text: str

    @property
    def lines(self) -> int:
        return self.text.count("\n")


def _cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


def timm_models_dir() -> Path:
    """timm's ``models`` folder, from the ecosystem cache or a one-time download."""
    ecosystem = Path(os.environ.get("TENSORLENS_ECOSYSTEM_CACHE") or _cache_home() / "tensorlens-ecosystem")
    for candidate in (ecosystem / "src" / TIMM / "timm" / "models",):
        if all((candidate / name).is_file() for name in FILES):
            return candidate
    cache = Path(os.environ.get("TENSORLENS_BENCH_CACHE") or _cache_home() / "tensorlens-bench")
    unpacked = cache / TIMM / "timm" / "models"
    if all((unpacked / name).is_file() for name in FILES):
        return unpacked
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                    "--dest", str(cache), "timm==1.0.31"], check=True)
    archive = next(cache.glob(f"{TIMM}.tar.gz"))
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith(f"{TIMM}/timm/models/")
                   and m.name.rsplit("/", 1)[-1] in FILES]
        tar.extractall(cache, members=members, filter="data")
    return unpacked


def _without_future_imports(text: str) -> str:
    # Only a file's first statements may import from __future__; the joined texts keep the first ones.
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("from __future__"))


def cases(names: tuple[str, ...] = ("resnet", "byobnet", "vision_transformer", "plus600", "20k")) -> list[Case]:
    """The texts to measure, in order of size."""
    folder = timm_models_dir()
    texts = {name: (folder / name).read_text(encoding="utf-8") for name in FILES}
    found: list[Case] = []
    for name in FILES:
        if name.removesuffix(".py") in names:
            found.append(Case(name, texts[name]))
    vit = texts["vision_transformer.py"]
    if "plus600" in names:
        extra = "".join(_without_future_imports(texts["resnet.py"]).splitlines(keepends=True)[-600:])
        found.append(Case("vision_transformer_plus600.py", vit + "\n" + extra))
    if "20k" in names:
        parts, lines = [vit], vit.count("\n")
        while lines < 20_000:
            for name in FILES:
                part = _without_future_imports(texts[name])
                parts.append("\n" + part)
                lines += part.count("\n") + 1
                if lines >= 20_000:
                    break
        found.append(Case("timm_20k_lines.py", "".join(parts)))
    return found
