"""The analysis worker process on its own: warm start, jobs, cancel without losing the process, crashes."""

from __future__ import annotations

import asyncio

import pytest
from recording_client import long_script

from tensorlens.catalogue import CATALOGUE
from tensorlens.lsp.pool import AnalysisCancelled, WorkerDied, WorkerProcess
from tensorlens.lsp.worker import AnalysisJob

pytestmark = pytest.mark.asyncio

ALL = frozenset(CATALOGUE)
LEAF = "import torch\n\nw = torch.randn(3, requires_grad=True)\nw.add_(1)  # a comment\n"


async def test_a_job_returns_findings_then_fact_rows():
    worker = await WorkerProcess.start()
    try:
        result = await worker.analyze(AnalysisJob(LEAF, "leaf.py", ALL))
        # The findings come first, to be published at once; the hover facts follow in a second answer.
        assert [f.code for f in result.findings] == ["TL101"]
        assert result.facts_pending and result.facts == []
        facts = await worker.facts()
        assert (3, 1, 3, 2, "w", "tensor[3] · device cpu (created at line 3) · requires_grad (requires_grad=True at "
                "line 3) · leaf") in facts.facts
        ignored = await worker.analyze(AnalysisJob(LEAF.replace("# a comment", "# noqa: TL101"), "leaf.py", ALL))
        assert ignored.findings == [] and (await worker.facts()).facts  # suppressed, still hoverable
        narrowed = await worker.analyze(AnalysisJob(LEAF, "leaf.py", frozenset({"TL201"}), record_facts=False))
        assert narrowed.findings == [] and narrowed.facts == [] and not narrowed.facts_pending
    finally:
        await stop(worker)


async def test_cancel_during_the_facts_keeps_the_findings_and_the_process():
    worker = await WorkerProcess.start()
    try:
        result = await worker.analyze(AnalysisJob(long_script(6_000), "long.py", ALL))
        assert [f.code for f in result.findings] == ["TL101"] and result.facts_pending
        worker.cancel()
        try:
            await worker.facts()  # done before the signal landed: also fine
        except AnalysisCancelled:
            pass
        again = await worker.analyze(AnalysisJob(LEAF, "leaf.py", ALL, record_facts=False))
        assert [f.code for f in again.findings] == ["TL101"]
    finally:
        await stop(worker)


async def test_cancel_stops_the_job_and_keeps_the_process():
    worker = await WorkerProcess.start()
    try:
        job = asyncio.ensure_future(worker.analyze(AnalysisJob(long_script(20_000), "long.py", ALL)))
        # A cancel is ignored until the worker has read the job: repeat it until the answer comes.
        while not job.done():
            worker.cancel()
            await asyncio.wait({job}, timeout=0.2)
        with pytest.raises(AnalysisCancelled):
            job.result()
        pid = worker.process.pid
        result = await worker.analyze(AnalysisJob(LEAF, "leaf.py", ALL))
        assert [f.code for f in result.findings] == ["TL101"]
        assert worker.alive and worker.process.pid == pid
    finally:
        await stop(worker)


async def test_a_killed_worker_reports_died():
    worker = await WorkerProcess.start()
    job = asyncio.ensure_future(worker.analyze(AnalysisJob(long_script(20_000), "long.py", ALL)))
    await asyncio.sleep(0.2)
    worker.kill()
    with pytest.raises(WorkerDied):
        await job
    assert not worker.alive
    await stop(worker)


async def stop(worker: WorkerProcess) -> None:
    """Kill and reap the worker and close its pipes while the test's event loop still runs."""
    worker.kill()
    worker.process.stdin.close()  # with the process gone and its pipes closed, asyncio lets go of it
    await worker.process.wait()
    await asyncio.sleep(0.1)
