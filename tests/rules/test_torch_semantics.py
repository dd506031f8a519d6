"""Torch and Python semantics the engine follows (issue 17): datasets and loaders, containers, conditional
moves, defaults, memory shared through .cpu()/.detach(), NumPy conversions of lists and plots.

Each positive is run with torch to show the bug (meta stands in for cuda); each negative runs cleanly.
"""

import pytest
from snippets import as_meta, findings, program, run_torch

PRELUDE = """
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset, TensorDataset
"""

# (source, code, error type, the text of the line the finding is on)
POSITIVE = {
    "chunk-pieces-keep-the-device": ("""
        class Sampler(nn.Module):
            def __init__(self, latent):
                super().__init__()
                self.latent = latent
                self.stats = nn.Linear(4, 2 * latent)
            def forward(self, x, pieces=2):
                mean, log_var = self.stats(x).chunk(pieces, dim=1)
                eps = torch.randn(x.size(0), self.latent)
                return mean + eps * torch.exp(0.5 * log_var)
        sampler = Sampler(3).cuda()
        z = sampler(torch.randn(2, 4, device="cuda"))
    """, "TL204", RuntimeError, "eps = torch.randn(x.size(0), self.latent)"),
    "submodule-of-a-class-defined-further-down": ("""
        class VAE(nn.Module):
            def __init__(self):
                super().__init__()
                self.encoder = Encoder()
            def forward(self, x):
                means, log_var = self.encoder(x)
                eps = torch.randn(x.size(0), 3)
                return means + eps * log_var
        class Encoder(nn.Module):
            def __init__(self):
                super().__init__()
                self.means = nn.Linear(4, 3)
                self.log_var = nn.Linear(4, 3)
            def forward(self, x):
                return self.means(x), self.log_var(x)
        vae = VAE().cuda()
        z = vae(torch.randn(2, 4, device="cuda"))
    """, "TL204", RuntimeError, "eps = torch.randn(x.size(0), 3)"),
    "dataloader-over-a-dataset-class": ("""
        class Pairs(Dataset):
            def __init__(self, n):
                self.x = torch.randn(n, 4)
                self.y = torch.randint(0, 2, (n,))
            def __len__(self):
                return len(self.x)
            def __getitem__(self, index):
                return self.x[index], self.y[index]
        model = nn.Linear(4, 2).cuda()
        for xb, yb in DataLoader(Pairs(8), batch_size=4):
            logits = model(xb)
    """, "TL201", RuntimeError, "logits = model(xb)"),
    "dataloader-batch-from-next-iter": ("""
        loader = DataLoader(TensorDataset(torch.randn(8, 4)), batch_size=4)
        model = nn.Linear(4, 2).cuda()
        (batch,) = next(iter(loader))
        out = model(batch)
    """, "TL201", RuntimeError, "out = model(batch)"),
    "list-built-by-append": ("""
        model = nn.Linear(4, 2).cuda()
        chunks = []
        for step in range(3):
            chunks.append(torch.randn(2, 4))
        out = model(torch.cat(chunks))
    """, "TL201", RuntimeError, "out = model(torch.cat(chunks))"),
    "moved-only-when-available": ("""
        model = nn.Linear(4, 2)
        if torch.cuda.is_available():
            model = model.cuda()
        out = model(torch.randn(3, 4))
    """, "TL201", RuntimeError, "out = model(torch.randn(3, 4))"),
    "hidden-state-defaults-to-cpu-zeros": ("""
        class Encoder(nn.Module):
            def __init__(self):
                super().__init__()
                self.gru = nn.GRU(4, 8)
            def forward(self, x, hidden=None):
                if hidden is None:
                    hidden = torch.zeros(1, x.size(1), 8)
                return self.gru(x, hidden)
        encoder = Encoder().cuda()
        out, hidden = encoder(torch.randn(5, 2, 4, device="cuda"))
    """, "TL204", RuntimeError, "hidden = torch.zeros(1, x.size(1), 8)"),
    "numpy-array-of-a-list-of-outputs": ("""
        model = nn.Linear(4, 1)
        outputs = []
        for step in range(2):
            outputs.append(model(torch.randn(3, 4)))
        table = np.array(outputs)
    """, "TL302", RuntimeError, "table = np.array(outputs)"),
    "cpu-of-a-cpu-tensor-shares-memory": ("""
        weights = torch.zeros(3)
        view = weights.cpu().numpy()
        weights += 1
        assert view.sum() == 0, "the array saw the write"
    """, "TL301", AssertionError, "weights += 1"),
}

NEGATIVE = {
    # A converter that returns a tensor early: its NumPy branch never runs for one (monai's convert_to_tensor).
    "isinstance-branch-a-tensor-never-takes": ("""
        def convert(data):
            if isinstance(data, torch.Tensor):
                return data.float()
            if isinstance(data, np.ndarray):
                return torch.as_tensor(np.ascontiguousarray(data))
            return data
        w = torch.randn(3, requires_grad=True)
        y = convert(w * 2)
    """),
    "dataset-class-moving-its-items": """
        class Pairs(Dataset):
            def __init__(self, n):
                self.x = torch.randn(n, 4)
            def __len__(self):
                return len(self.x)
            def __getitem__(self, index):
                return self.x[index]
        model = nn.Linear(4, 2)
        for xb in DataLoader(Pairs(8), batch_size=4):
            logits = model(xb)
    """,
    "list-of-moved-tensors": """
        device = torch.device("cpu")
        model = nn.Linear(4, 2).to(device)
        chunks = [torch.randn(2, 4).to(device) for step in range(3)]
        out = model(torch.cat(chunks))
    """,
    "hidden-state-given": """
        class Encoder(nn.Module):
            def __init__(self):
                super().__init__()
                self.gru = nn.GRU(4, 8)
            def forward(self, x, hidden=None):
                if hidden is None:
                    hidden = torch.zeros(1, x.size(1), 8, device=x.device)
                return self.gru(x, hidden)
        encoder = Encoder()
        out, hidden = encoder(torch.randn(5, 2, 4), torch.zeros(1, 2, 8))
    """,
    "detached-list-to-numpy": """
        model = nn.Linear(4, 1)
        outputs = [model(torch.randn(3, 4)).detach() for step in range(2)]
        table = np.array(outputs)
    """,
    "cpu-copy-of-a-gpu-tensor-does-not-share": """
        weights = torch.zeros(3, device="cpu").clone()
        copy = weights.clone().numpy()
        weights += 1
        assert copy.sum() == 0
    """,
}


def _line(source: str, text: str) -> int:
    return next(number for number, line in enumerate(source.splitlines(), start=1) if text in line)


@pytest.mark.parametrize("case", POSITIVE.values(), ids=POSITIVE.keys())
def test_found_where_it_happens_and_torch_agrees(case):
    body, code, error, where = case
    source = program(PRELUDE, body)
    found = findings(source, code)
    assert [f.span.line for f in found] == [_line(source, where)], found
    with pytest.raises(error):
        run_torch(as_meta(source) if code in ("TL201", "TL204") else source)


@pytest.mark.parametrize("body", NEGATIVE.values(), ids=NEGATIVE.keys())
def test_no_finding_and_it_runs(body):
    source = program(PRELUDE, body)
    assert [f.code for f in findings(source) if f.code in ("TL201", "TL301", "TL302")] == []
    run_torch(source)
