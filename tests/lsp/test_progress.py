"""Analysis in progress: a work-done progress for an analysis that outlasts a keystroke, none for quick ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from recording_client import RecordingClient, long_script, start, uri_in

pytestmark = pytest.mark.asyncio


async def test_a_long_analysis_shows_progress_until_it_is_in(bare_client: RecordingClient, tmp_path: Path):
    await start(bare_client, tmp_path, configuration=False, progress=True)
    uri = uri_in(tmp_path, "long.py")
    bare_client.open(uri, long_script(3000))
    await bare_client.diagnostics_for(uri, 1)
    await bare_client.wait_for(lambda: any(isinstance(reports[-1], types.WorkDoneProgressEnd)
                                           for reports in bare_client.progress_reports.values()), "progress ended")
    (reports,) = bare_client.progress_reports.values()
    assert isinstance(reports[0], types.WorkDoneProgressBegin)
    assert reports[0].title == "TensorLens" and reports[0].message == "analyzing long.py"
    assert isinstance(reports[-1], types.WorkDoneProgressEnd)


async def test_no_progress_without_the_capability(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "long.py")
    client.open(uri, long_script(3000))
    await client.diagnostics_for(uri, 1)
    assert client.progress_reports == {}
