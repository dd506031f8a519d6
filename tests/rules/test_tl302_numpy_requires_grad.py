"""TL302 numpy-requires-grad: every positive case raises PyTorch's RuntimeError."""

import pytest

from snippets import findings, program, run_torch

PRELUDE = """
import numpy as np
import torch
import torch.nn as nn
"""

REQUIRES_GRAD = "Can't call numpy\\(\\) on Tensor that requires grad"

POSITIVE = {
    "leaf-with-requires-grad": """
        embedding = torch.randn(10, 2, requires_grad=True)
        points = embedding.numpy()
    """,
    "model-output": """
        model = nn.Linear(3, 1)
        prediction = model(torch.ones(2, 3))
        values = prediction.numpy()
    """,
    "module-weight": """
        layer = nn.Linear(3, 2)
        weights = layer.weight.numpy()
    """,
    "np-asarray": """
        w = torch.ones(3, requires_grad=True)
        a = np.asarray(w)
    """,
    "inside-a-function": """
        def plot():
            w = torch.zeros(2, requires_grad=True)
            return (w * 2).numpy()

        plot()
    """,
    "loop-over-parameters": """
        model = nn.Linear(2, 2)
        for p in model.parameters():
            snapshot = p.numpy()
    """,
    "import-alias": """
        import torch as T
        w = T.ones(2, requires_grad=True)
        a = T.sigmoid(w).numpy()
    """,
    "cpu-keeps-requires-grad": """
        w = torch.ones(2, requires_grad=True)
        a = w.cpu().numpy()
    """,
    "module-method": """
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(3, 1)

            def predict(self, x):
                return self.fc(x).numpy()

        Net().predict(torch.ones(1, 3))
    """,
    "enable-grad-inside-no-grad": """
        w = torch.ones(2, requires_grad=True)
        with torch.no_grad():
            with torch.enable_grad():
                a = w.numpy()
    """,
    "requires-grad-set-later": """
        t = torch.ones(2)
        t.requires_grad_()
        a = t.numpy()
    """,
    "max-values": """
        scores = nn.Linear(3, 4)(torch.ones(2, 3))
        best, index = scores.max(1)
        a = best.numpy()
    """,
    "sort-values-by-position": """
        scores = nn.Linear(3, 4)(torch.ones(2, 3))
        a = torch.sort(scores, 1)[0].numpy()
    """,
    "float-cast-keeps-grad": """
        scores = nn.Linear(3, 4)(torch.ones(2, 3))
        a = scores.to(torch.float64).numpy()
    """,
}

NEGATIVE = {
    "frozen-module": """
        model = nn.Linear(3, 2)
        model.requires_grad_(False)
        a = model(torch.randn(4, 3)).numpy()
    """,
    "frozen-parameters-in-a-loop": """
        backbone = nn.Linear(3, 2)
        for p in backbone.parameters():
            p.requires_grad = False
        a = backbone(torch.randn(4, 3)).numpy()
    """,
    "detached": """
        embedding = torch.randn(10, 2, requires_grad=True)
        points = embedding.detach().numpy()
    """,
    "under-no-grad": """
        w = torch.ones(2, requires_grad=True)
        with torch.no_grad():
            a = w.numpy()
    """,
    "no-grad-decorator": """
        model = nn.Linear(3, 1)

        @torch.no_grad()
        def predict(x):
            return model(x).numpy()

        predict(torch.ones(2, 3))
    """,
    "plain-tensor": """
        a = torch.ones(2).numpy()
    """,
    "forced": """
        w = torch.ones(2, requires_grad=True)
        a = w.numpy(force=True)
    """,
    "through-data": """
        w = torch.ones(2, requires_grad=True)
        a = w.data.numpy()
    """,
    "unknown-tensor": """
        def convert(t):
            return t.numpy()
    """,
    "requires-grad-turned-off": """
        w = torch.ones(2, requires_grad=True)
        w.requires_grad_(False)
        a = w.numpy()
    """,
    "item": """
        w = torch.ones(1, requires_grad=True)
        value = (w * 2).item()
    """,
    "inference-mode": """
        model = nn.Linear(3, 1)
        with torch.inference_mode():
            a = model(torch.ones(2, 3)).numpy()
    """,
    "branches-disagree": """
        train = False
        if train:
            w = torch.ones(2, requires_grad=True)
        else:
            w = torch.ones(2)
        a = w.numpy()
    """,
    # Integer and boolean results never require grad, whatever they were computed from.
    "argmax-of-model-output": """
        model = nn.Linear(3, 4)
        predictions = model(torch.ones(2, 3)).argmax(1).numpy()
    """,
    "comparison": """
        scores = nn.Linear(3, 4)(torch.ones(2, 3))
        positive = (scores > 0).numpy()
        same = scores.eq(scores).numpy()
        bad = torch.isnan(scores).numpy()
    """,
    "integer-casts": """
        scores = nn.Linear(3, 4)(torch.ones(2, 3))
        a = scores.long().numpy()
        b = scores.to(torch.int64).numpy()
        c = scores.to(dtype=torch.bool).numpy()
    """,
    "indices-of-a-pair": """
        scores = nn.Linear(3, 4)(torch.ones(2, 3))
        best, index = scores.max(1)
        a = index.numpy()
        b = scores.topk(2)[1].numpy()
        c = torch.max(scores, dim=1)[1].numpy()
        d = torch.sort(scores, 1)[1].numpy()
    """,
}


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_raises(source):
    found = findings(program(PRELUDE, source), "TL302")
    assert len(found) == 1, found
    assert "detach()" in found[0].message
    with pytest.raises(RuntimeError, match=REQUIRES_GRAD):
        run_torch(program(PRELUDE, source))


@pytest.mark.parametrize("source", NEGATIVE.values(), ids=NEGATIVE.keys())
def test_no_finding_and_torch_agrees(source):
    assert findings(program(PRELUDE, source), "TL302") == []
    run_torch(program(PRELUDE, source))


def test_reports_the_numpy_call_and_where_grad_came_from():
    [finding] = findings(program(PRELUDE, POSITIVE["leaf-with-requires-grad"]), "TL302")
    assert (finding.span.line, finding.span.column) == (5, 10)
    assert finding.span.end_column == len("points = embedding.numpy()") + 1
    assert finding.message.startswith("`embedding` requires grad (requires_grad=True at line 4)")
    assert "`embedding.detach().numpy()`" in finding.message
