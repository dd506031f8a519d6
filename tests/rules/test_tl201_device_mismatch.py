"""TL201 device-mismatch: positives also raise PyTorch's device error, with meta standing in for cuda."""

import pytest

from snippets import as_meta, findings, program, run_torch

PRELUDE = """
import torch
import torch.nn as nn
import torch.nn.functional as F
"""

POSITIVE = {
    "model-on-cuda-cpu-batch": """
        model = nn.Linear(10, 2).cuda()
        x = torch.randn(4, 10)
        out = model(x)
    """,
    "cuda-plus-cpu": """
        a = torch.ones(3).cuda()
        b = torch.ones(3)
        c = a + b
    """,
    "inline-cuda-plus-cpu": """
        b = torch.ones(3)
        c = b.cuda() + b
    """,
    "indices-stay-on-the-device": """
        scores = nn.Linear(3, 4).cuda()(torch.ones(2, 3).cuda())
        best, index = scores.max(1)
        shifted = index + torch.arange(2)
    """,
    "sized-factories-have-dimensions": """
        x = torch.ones(2, 3).cuda()
        y = x * torch.ones(x.shape[1]).relu()
    """,
    "randint-labels": """
        logits = torch.randn(4, 3).cuda()
        loss = F.cross_entropy(logits, torch.randint(0, 3, (4,)))
    """,
    "cat-mixed": """
        a = torch.ones(3)
        b = torch.cat([a.cuda(), a])
    """,
    "user-module-moved": """
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(8, 3)

            def forward(self, x):
                return self.fc(x)

        device = torch.device("cuda")
        model = Net()
        model.to(device)
        batch = torch.randn(2, 8)
        logits = model(batch)
    """,
    "symbolic-device": """
        device = "cuda" if torch.cuda.is_available() else "cpu"
        x = torch.ones(3, device=device)
        y = torch.ones(3)
        z = x * y
    """,
    "where-mixed": """
        mask = torch.ones(3, dtype=torch.bool, device="cuda")
        picked = torch.where(mask, torch.ones(3), torch.zeros(3))
    """,
    "loss-logits-vs-labels": """
        model = nn.Linear(4, 3).to("cuda")
        logits = model(torch.randn(2, 4, device="cuda"))
        labels = torch.tensor([0, 2])
        loss = F.cross_entropy(logits, labels)
    """,
    "moved-with-to": """
        x = torch.zeros(3)
        x_gpu = x.to("cuda")
        d = x_gpu - torch.zeros(3)
    """,
    "comparison": """
        a = torch.arange(3).cuda()
        b = torch.arange(3)
        same = a == b
    """,
    "method-mixing": """
        a = torch.ones(2, device="cuda")
        b = torch.ones(2)
        c = a.add(b)
    """,
    "lstm-hidden-state": """
        lstm = nn.LSTM(4, 8).cuda()
        x = torch.randn(5, 1, 4).cuda()
        h0 = torch.zeros(1, 1, 8)
        c0 = torch.zeros(1, 1, 8)
        out, _ = lstm(x, (h0, c0))
    """,
    "loss-weight-on-cpu": """
        criterion = nn.CrossEntropyLoss(weight=torch.ones(3))
        logits = torch.randn(2, 3, device="cuda")
        target = torch.tensor([0, 1], device="cuda")
        loss = criterion(logits, target)
    """,
    "inside-function": """
        def train_step():
            model = nn.Linear(3, 1).cuda()
            features = torch.randn(4, 3)
            return model(features)

        train_step()
    """,
    "module-created-on-device": """
        layer = nn.Linear(3, 2, device="cuda")
        y = layer(torch.ones(1, 3))
    """,
    "import-alias": """
        import torch as T
        a = T.ones(2).cuda()
        b = a * T.ones(2)
    """,
    "dataloader-batch-not-moved": """
        from torch.utils.data import DataLoader, TensorDataset
        dataset = TensorDataset(torch.randn(8, 4), torch.randint(0, 2, (8,)))
        loader = DataLoader(dataset, batch_size=4)
        model = nn.Linear(4, 2).cuda()
        for step, (inputs, targets) in enumerate(loader):
            outputs = model(inputs)
    """,
    "next-batch-not-moved": """
        from torch.utils.data import DataLoader, TensorDataset
        loader = DataLoader(TensorDataset(torch.randn(8, 4)), batch_size=2)
        model = nn.Linear(4, 2).to("cuda")
        batch = next(iter(loader))
        scores = model(batch[0])
    """,
    "sequential-of-moved-layers": """
        encoder = nn.Linear(4, 4).cuda()
        stack = nn.Sequential(encoder, nn.ReLU())
        y = stack(torch.ones(2, 4))
    """,
    "stack-through-variable": """
        parts = [torch.ones(2, device="cuda"), torch.ones(2)]
        merged = torch.stack(parts)
    """,
}

NEGATIVE = {
    "batch-dict-moved-by-key": """
        model = nn.Linear(3, 2).cuda()
        batch = {"x": torch.randn(4, 3)}
        for key in batch:
            batch[key] = batch[key].cuda()
        out = model(batch["x"])
    """,
    "batch-dict-moved-by-items": """
        model = nn.Linear(3, 2).cuda()
        batch = {"x": torch.randn(4, 3)}
        for key, value in batch.items():
            batch[key] = value.cuda()
        out = model(batch["x"])
    """,
    "batch-dict-updated": """
        model = nn.Linear(3, 2).cuda()
        batch = {"x": torch.randn(4, 3)}
        batch.update({key: value.cuda() for key, value in batch.items()})
        out = model(batch["x"])
    """,
    "list-moved-by-index": """
        model = nn.Linear(3, 2).cuda()
        inputs = [torch.randn(4, 3), torch.randn(4, 3)]
        for i in range(len(inputs)):
            inputs[i] = inputs[i].cuda()
        out = model(inputs[0])
    """,
    "both-moved": """
        model = nn.Linear(10, 2).cuda()
        x = torch.randn(4, 10).cuda()
        out = model(x)
    """,
    "zero-dim-cpu-scalar": """
        a = torch.ones(3).cuda()
        b = a * torch.tensor(2.0)
    """,
    "zero-dim-factories": """
        x = torch.ones(2, 3).cuda()
        y = x * torch.zeros(()) + torch.ones([]) + torch.full((), 2.0) + torch.randn(())
        z = torch.maximum(y, torch.ones(()))
        w = z / torch.tensor(z.size(-1)) + torch.as_tensor(0.5)
    """,
    "module-to-is-in-place": """
        model = nn.Linear(3, 1)
        model.to("cuda")
        x = torch.ones(2, 3).to("cuda")
        y = model(x)
    """,
    "unknown-devices": """
        def step(model, x):
            return model(x) + x
    """,
    "branches-disagree": """
        x = torch.ones(3)
        if torch.cuda.is_available():
            x = x.cuda()
        y = x + torch.ones(3)
    """,
    "back-to-cpu": """
        a = torch.ones(3).cuda().cpu()
        b = a + torch.ones(3)
    """,
    "to-other-tensors-device": """
        a = torch.ones(3, device="cuda")
        b = torch.ones(3).to(a.device)
        c = a + b
    """,
    "like-factory-follows-input": """
        a = torch.ones(3, device="cuda")
        b = a + torch.zeros_like(a)
    """,
    "python-scalar": """
        a = torch.ones(3, device="cuda")
        b = torch.ones(3)
        c = a * b.sum().item() + 1
    """,
    "symbolic-device-used-consistently": """
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        model = nn.Linear(3, 2).to(device)
        x = torch.randn(4, 3).to(device)
        y = model(x)
    """,
    "cross-device-copy": """
        a = torch.zeros(3, device="cuda")
        a.copy_(torch.ones(3))
    """,
    "parameterless-module": """
        relu = nn.ReLU()
        y = relu(torch.ones(3, device="cuda"))
    """,
    "cuda-and-cuda-index": """
        a = torch.ones(3, device="cuda")
        b = torch.ones(3, device="cuda:0")
        c = a + b
    """,
    "default-device-changed": """
        torch.set_default_device("cuda")
        a = torch.ones(3) + torch.ones(3, device="cuda")
    """,
    "reassigned": """
        x = torch.ones(3).cuda()
        x = torch.ones(3)
        y = x + torch.ones(3)
    """,
    "dataloader-batch-moved": """
        from torch.utils.data import DataLoader, TensorDataset
        loader = DataLoader(TensorDataset(torch.randn(8, 4), torch.zeros(8)), batch_size=4)
        model = nn.Linear(4, 2).cuda()
        for inputs, targets in loader:
            inputs, targets = inputs.cuda(), targets.cuda()
            outputs = model(inputs)
    """,
    "dataset-of-unknown-tensors": """
        from torch.utils.data import DataLoader, TensorDataset
        def make_loader(features):
            return DataLoader(TensorDataset(features), batch_size=4)
        model = nn.Linear(4, 2).cuda()
        def run(features):
            for (inputs,) in make_loader(features):
                outputs = model(inputs)
    """,
    "wrapped-in-distributed-data-parallel": """
        from torch.nn.parallel import DistributedDataParallel
        def wrap(model):
            return DistributedDataParallel(model.cuda())
    """,
    "sequential-built-on-cpu-then-moved": """
        stack = nn.Sequential(nn.Linear(4, 4), nn.ReLU()).cuda()
        y = stack(torch.ones(2, 4).cuda())
    """,
    "legacy-type-cast": """
        x = torch.ones(3).type(torch.cuda.FloatTensor)
        y = x + torch.ones(3, device="cuda")
    """,
    "loss-of-scalar-with-cuda": """
        loss = torch.ones(3, device="cuda").sum()
        total = loss + torch.tensor(0.0)
    """,
}


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_raises_with_meta(source):
    found = findings(program(PRELUDE, source), "TL201")
    assert len(found) == 1, found
    assert " is on " in found[0].message and " but " in found[0].message
    with pytest.raises(RuntimeError, match="device"):
        run_torch(as_meta(program(PRELUDE, source)))


@pytest.mark.parametrize("source", NEGATIVE.values(), ids=NEGATIVE.keys())
def test_no_finding(source):
    assert findings(program(PRELUDE, source), "TL201") == []


RUNNABLE_NEGATIVES = ["both-moved", "zero-dim-cpu-scalar", "zero-dim-factories", "batch-dict-moved-by-key",
                      "batch-dict-moved-by-items", "batch-dict-updated", "list-moved-by-index", "module-to-is-in-place",
                      "like-factory-follows-input", "symbolic-device-used-consistently", "parameterless-module",
                      "reassigned", "loss-of-scalar-with-cuda"]


@pytest.mark.parametrize("name", RUNNABLE_NEGATIVES)
def test_negative_runs_with_meta(name):
    # meta cannot copy to the CPU, so only cases without device-to-cpu copies run.
    run_torch(as_meta(program(PRELUDE, NEGATIVE[name])))


def test_message_names_both_sides_and_lines():
    source = program(PRELUDE, """
        model = nn.Linear(10, 2)
        model.cuda()
        x = torch.randn(4, 10)
        logits = model(x)
        labels = torch.tensor([1, 0])
        loss = F.cross_entropy(logits, labels)
    """)
    found = findings(source, "TL201")
    assert [f.span.line for f in found] == [7, 9]
    assert found[0].message.startswith("`model` is on cuda (model moved at line 5) but `x` is on cpu (created at line 6)")
    assert found[1].message.startswith("`logits` is on cuda (model moved at line 5) but `labels` is on cpu (created at line 8)")
    assert {r.span.line for r in found[1].related} == {5, 8}
