"""The pinned projects: read the list, download each distribution with pip, unpack it once.

Everything lands in a cache folder outside the repository and is reused when present:
``downloads/`` holds the distributions as PyPI serves them (checked against the pinned
sha256 every run), ``src/<name>-<version>/`` their unpacked trees.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import tomllib

PIP_TIMEOUT_S = 900


class FetchError(Exception):
    """A distribution could not be downloaded, or is not the pinned file."""


@dataclass(frozen=True)
class Project:
    """One pinned distribution on PyPI."""

    name: str
    version: str
    dist: str  # "sdist" or "wheel"
    file: str
    sha256: str
    platform: Optional[str] = None  # binary wheels only: the tags pip must ask for
    python_version: Optional[str] = None
    abi: Optional[str] = None

    @property
    def label(self) -> str:
        return f"{self.name}-{self.version}"


def default_cache() -> Path:
    """``$TENSORLENS_ECOSYSTEM_CACHE``, else ``~/.cache/tensorlens-ecosystem``."""
    configured = os.environ.get("TENSORLENS_ECOSYSTEM_CACHE")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tensorlens-ecosystem"


def load_projects(path: Path) -> list[Project]:
    """The ``[[project]]`` tables of ``projects.toml``, in file order."""
    with open(path, "rb") as handle:
        tables = tomllib.load(handle)["project"]
    projects = [Project(**table) for table in tables]
    for project in projects:
        if project.dist not in ("sdist", "wheel"):
            raise ValueError(f"{project.label}: dist must be 'sdist' or 'wheel', not {project.dist!r}")
    names = [p.name for p in projects]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"projects listed twice: {', '.join(sorted(duplicates))}")
    return projects


def sha256_of(path: Path) -> str:
    """The file's sha256, hex, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pip_download_command(project: Project, dest: Path) -> list[str]:
    """``pip download --no-deps`` asking for exactly the pinned kind of distribution."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--disable-pip-version-check",
               "--dest", str(dest), f"{project.name}=={project.version}"]
    if project.dist == "sdist":
        command += ["--no-binary", project.name]
    else:
        command += ["--only-binary", ":all:"]
    if project.platform:
        command += ["--platform", project.platform, "--python-version", project.python_version or "",
                    "--implementation", "cp", "--abi", project.abi or ""]
    return command


def download(project: Project, cache: Path) -> Path:
    """The pinned distribution file, downloaded unless the cache already holds it intact."""
    target = cache / "downloads" / project.file
    if target.exists() and sha256_of(target) == project.sha256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        done = subprocess.run(pip_download_command(project, Path(scratch)), capture_output=True, text=True,
                              timeout=PIP_TIMEOUT_S)
        got = Path(scratch) / project.file
        if done.returncode != 0 or not got.exists():
            files = ", ".join(sorted(os.listdir(scratch))) or "nothing"
            raise FetchError(f"{project.label}: pip download got {files} (exit {done.returncode})\n"
                             f"{done.stderr.strip()[-2000:]}")
        digest = sha256_of(got)
        if digest != project.sha256:
            raise FetchError(f"{project.label}: {project.file} has sha256 {digest}, pinned {project.sha256}")
        os.replace(got, target)
    return target


def unpack(project: Project, archive: Path, cache: Path) -> Path:
    """The distribution's tree under ``src/``; an sdist loses its top folder so paths start at the package."""
    tree = cache / "src" / project.label
    if tree.is_dir():
        return tree
    tree.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tree.parent) as scratch:
        scratch = Path(scratch)
        if project.dist == "sdist":
            with tarfile.open(archive) as tar:
                tar.extractall(scratch, filter="data")  # "data": no absolute paths, links out or devices
            tops = list(scratch.iterdir())
            root = tops[0] if len(tops) == 1 and tops[0].is_dir() else scratch
        else:
            with zipfile.ZipFile(archive) as wheel:
                wheel.extractall(scratch / "tree")
            root = scratch / "tree"
        # Renamed into place only when complete, so an interrupted unpack is never mistaken for one.
        os.replace(root, tree)
    return tree


def prepare(project: Project, cache: Path) -> Path:
    """Download (if needed) and unpack (if needed) one project; returns its source tree."""
    return unpack(project, download(project, cache), cache)


def remove_stale_trees(projects: list[Project], cache: Path) -> None:
    """Drop unpacked trees of versions no longer pinned, so the cache does not grow without end."""
    source = cache / "src"
    if not source.is_dir():
        return
    pinned = {p.label for p in projects}
    for tree in source.iterdir():
        if tree.is_dir() and tree.name not in pinned and not tree.name.startswith("tmp"):
            shutil.rmtree(tree, ignore_errors=True)
