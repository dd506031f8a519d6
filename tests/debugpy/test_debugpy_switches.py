"""TENSORLENS_DEBUG_PROVIDERS=0 gives back debugpy's own view; the wheel ships the plugin where pydevd looks."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from debug_session import REPO, SAMPLES, DebugSession

PLUGIN = "pydevd_plugins/extensions/pydevd_plugin_tensorlens.py"


def test_providers_off_switch_restores_debugpy_view() -> None:
    session = DebugSession.start(
        SAMPLES / "autograd_tutorial.py", env={"TENSORLENS_DEBUG_PROVIDERS": "0"}, stops=["forward"]
    )
    try:
        x = session.locals()["x"]
        assert x.value.startswith("tensor([[1., 1.]")
        assert "raw attributes" not in session.children(x.reference)
    finally:
        session.close()


def test_pydevd_discovers_the_plugin_in_this_environment() -> None:
    # pydevd's own discovery: its vendored pydevd_plugins package first on
    # sys.path, extended with every other pydevd_plugins folder (pkgutil).
    code = (
        "import os, pkgutil, sys, debugpy\n"
        "sys.path.insert(0, os.path.join(os.path.dirname(debugpy.__file__), '_vendored', 'pydevd'))\n"
        "import pydevd_plugins.extensions as e\n"
        "print([n for _, n, _ in pkgutil.walk_packages(e.__path__, e.__name__ + '.')])\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/")
    assert "pydevd_plugins.extensions.pydevd_plugin_tensorlens" in found.stdout


def test_wheel_ships_the_plugin_without_namespace_init_files(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)]
    if _venv_setuptools_builds_it():
        command.append("--no-build-isolation")  # no download when the venv can build it itself
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    (wheel,) = tmp_path.glob("torch_tensorlens-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert PLUGIN in names
    # __init__.py files here would shadow or clash with other wheels' pydevd plugins.
    assert "pydevd_plugins/__init__.py" not in names
    assert "pydevd_plugins/extensions/__init__.py" not in names
    assert "tensorlens/runtime/debug/children.py" in names


NODELAY_OF_DEBUGGEE_SOCKET = (
    "__import__('pydevd').get_global_debugger().writer.sock.getsockopt("
    "__import__('socket').IPPROTO_TCP, __import__('socket').TCP_NODELAY)"
)


def test_nodelay_is_set_on_the_debuggee_socket(tutorial: DebugSession) -> None:
    assert tutorial.evaluate(NODELAY_OF_DEBUGGEE_SOCKET)["result"] != "0"


def test_nodelay_off_switch_leaves_the_socket_alone() -> None:
    session = DebugSession.start(
        SAMPLES / "autograd_tutorial.py", env={"TENSORLENS_DEBUG_NODELAY": "0"}, stops=["forward"]
    )
    try:
        assert session.evaluate(NODELAY_OF_DEBUGGEE_SOCKET)["result"] == "0"
        # The providers stay on.
        assert session.locals()["x"].value.startswith("tensor[2, 2] f32 cpu")
    finally:
        session.close()


def _venv_setuptools_builds_it() -> bool:
    # pyproject.toml asks for setuptools>=68; a fresh 3.11 venv carries 65.
    try:
        import setuptools
    except ImportError:
        return False
    major = setuptools.__version__.split(".")[0]
    return major.isdigit() and int(major) >= 68
