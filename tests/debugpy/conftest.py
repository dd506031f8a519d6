"""Fixtures that put a sample script under debugpy and hand the tests a stopped DAP session.

Every session runs in its own process group and is killed in teardown, even
when a test fails halfway through a request.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from debug_session import SAMPLES, DebugSession

# A debuggee imports torch under the debugger (several seconds on a loaded
# 2-core machine, more under xdist): be generous, timings are for benchmarks/.
pytestmark = pytest.mark.timeout(600)


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
