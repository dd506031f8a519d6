"""TL203 numpy-on-cuda: every positive case raises with real torch (meta standing in for cuda)."""

import pytest

from snippets import as_meta, findings, program, run_torch

PRELUDE = """
import numpy as np
import torch
import torch.nn as nn
"""

CANNOT_CONVERT = "can't convert meta device type tensor to numpy"

POSITIVE = {
    "after-a-branch-that-moves-nothing": """
        m = torch.randn(3).cuda()
        if m.is_cuda:
            print("on the gpu")
        a = m.numpy()
    """,
    "predictions-on-cuda": """
        predictions = torch.randn(16, 3, device="cuda").argmax(dim=1)
        labels = predictions.numpy()
    """,
    "moved-then-converted": """
        x = torch.ones(3).cuda()
        a = x.numpy()
    """,
    "np-asarray": """
        x = torch.zeros(2, device="cuda")
        a = np.asarray(x)
    """,
    "np-array": """
        x = torch.zeros(2, device="cuda")
        a = np.array(x)
    """,
    "device-object": """
        device = torch.device("cuda")
        x = torch.ones(2, device=device)
        a = x.numpy()
    """,
    "cuda-when-available": """
        device = "cuda" if torch.cuda.is_available() else "cpu"
        x = torch.ones(2, device=device)
        a = x.numpy()
    """,
    "output-of-a-moved-model": """
        model = nn.Linear(3, 2).to("cuda")
        with torch.no_grad():
            out = model(torch.ones(4, 3, device="cuda"))
        a = out.numpy()
    """,
    "inside-a-function": """
        def to_numpy():
            t = torch.arange(4, device="cuda")
            return t.numpy()

        to_numpy()
    """,
    "import-alias": """
        import torch as T
        t = T.ones(2).to("cuda")
        a = t.numpy()
    """,
    "in-a-loop": """
        for i in range(2):
            t = torch.full((2,), i, device="cuda")
            a = t.numpy()
    """,
    "detached-on-cuda": """
        w = torch.ones(2, device="cuda", requires_grad=True)
        a = w.detach().numpy()
    """,
}

NEGATIVE = {
    "device-tested-in-a-ternary": """
        m = torch.randn(3).cuda()
        n = m.numpy() if m.device.type == "cpu" else None
    """,
    "device-tested-in-an-if": """
        m = torch.randn(3).cuda()
        if m.device.type != "cpu":
            n = None
        else:
            n = m.numpy()
    """,
    "is-cuda-guard": """
        m = torch.randn(3).cuda()
        n = m.cpu().numpy() if m.is_cuda else m.numpy()
    """,
    "cpu-first": """
        x = torch.ones(3).cuda()
        a = x.cpu().numpy()
    """,
    "cpu-tensor": """
        x = torch.ones(3)
        a = x.numpy()
    """,
    "unknown-device": """
        def convert(t):
            return t.numpy()
    """,
    "device-from-an-argument": """
        def make(device):
            return torch.ones(2, device=device).numpy()

        a = make("cpu")
    """,
    "branches-disagree": """
        use_gpu = False
        if use_gpu:
            x = torch.ones(2, device="cuda")
        else:
            x = torch.ones(2)
        a = x.numpy()
    """,
    "moved-back": """
        x = torch.ones(2).to("cuda")
        x = x.to("cpu")
        a = x.numpy()
    """,
    "inside-forward": """
        class Net(nn.Module):
            def forward(self, x):
                return x.numpy()

        a = Net()(torch.ones(2))
    """,
    "numpy-array-of-a-list": """
        a = np.array([1, 2, 3])
    """,
    "forced": """
        x = torch.ones(2, device="cuda")
        a = x.numpy(force=True)
    """,
}

# Copying to the host needs data, which meta (standing in for cuda here) does not have;
# and meta is not `is_cuda`.
NOT_RUN = {"unknown-device", "forced", "cpu-first", "moved-back", "is-cuda-guard"}


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_raises(source):
    found = findings(program(PRELUDE, source), "TL203")
    assert len(found) == 1, found
    assert "raises TypeError" in found[0].message and ".cpu()" in found[0].message
    with pytest.raises(TypeError, match=CANNOT_CONVERT):
        run_torch(as_meta(program(PRELUDE, source)))


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_torch_agrees(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL203") == []
    if name not in NOT_RUN:
        run_torch(as_meta(source))


def test_reports_the_numpy_call_and_where_the_device_came_from():
    [finding] = findings(program(PRELUDE, POSITIVE["predictions-on-cuda"]), "TL203")
    assert (finding.span.line, finding.span.column) == (5, 10)
    assert finding.span.end_column == len("labels = predictions.numpy()") + 1
    assert finding.message.startswith("`predictions` is on cuda (created at line 4)")
    assert finding.related and finding.related[0].span.line == 4
