"""Fixtures that put a sample script under debugpy and hand the tests a stopped DAP session.

Every session runs in its own process group and is killed in teardown, even
when a test fails halfway through a request.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The suite runs with --import-mode=importlib, which leaves sys.path alone: make
# this folder's helpers (dap_client, debug_session) importable by the test modules.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from debug_session import SAMPLES, DebugSession


@pytest.fixture(scope="module")
def tutorial() -> Iterator[DebugSession]:
    """autograd_tutorial.py stopped after the forward pass (``out`` computed)."""
    session = DebugSession.start(SAMPLES / "autograd_tutorial.py", stops=["forward"])
    try:
        yield session
    finally:
        session.close()


@pytest.fixture(scope="module")
def zoo() -> Iterator[DebugSession]:
    """tensor_zoo.py stopped with a meta, a 10^7-element, a numpy-shared, a broken tensor and a module."""
    session = DebugSession.start(SAMPLES / "tensor_zoo.py")
    try:
        yield session
    finally:
        session.close()
