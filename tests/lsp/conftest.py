"""End-to-end tests of ``tensorlens lsp`` over stdio with pytest-lsp's real client.

pytest-lsp's fixtures are pytest-asyncio fixtures; each test module marks
itself ``asyncio`` (strict mode, so pyproject.toml needs no asyncio_mode).
Every wait is generous and no assertion is about time: these run on a loaded
two-core machine next to the rest of the suite.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest_lsp

# The test modules import their shared client as a plain module.
sys.path.insert(0, str(Path(__file__).parent))

from recording_client import CONFIG, RecordingClient, start


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: RecordingClient, tmp_path: Path):
    """A server started for one test, with push diagnostics, rooted in the test's tmp_path."""
    await start(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=CONFIG)
async def bare_client(lsp_client: RecordingClient):
    """A started server the test initializes itself (capabilities, options)."""
    yield
    await lsp_client.shutdown_session()
