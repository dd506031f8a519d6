"""Facts across function boundaries within a file: call sites flow into callees, callees flow back.

Each positive is the shape a real bug report takes (a helper, a class, a module-level
device) and is run with torch to show the bug is real (meta stands in for cuda); each
negative runs cleanly.
"""

import pytest
import torch
from snippets import as_meta, findings, program, run_torch

PRELUDE = """
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset
"""

DEVICE_POSITIVE = {
    # A function looked up on its class (no self): the arguments bind from its first parameter.
    "function-called-through-its-class": ("""
        class Trainer:
            def validate(model, batch):
                return model(batch)
        model = nn.Linear(4, 2).cuda()
        Trainer.validate(model, torch.randn(3, 4))
    """, "return model(batch)"),
    # The classic: main() moves the model, a train() helper iterates a CPU loader.
    "train-helper-gets-a-cuda-model": ("""
        device = torch.device("cuda")
        def train(model, loader):
            for x, y in loader:
                out = model(x)
        def main():
            model = nn.Linear(4, 2).to(device)
            loader = DataLoader(TensorDataset(torch.randn(8, 4), torch.zeros(8)), batch_size=4)
            train(model, loader)
        main()
    """, "out = model(x)"),
    "dataset-built-by-a-helper": ("""
        def make_loader(features):
            return DataLoader(TensorDataset(features), batch_size=4)
        model = nn.Linear(4, 2).cuda()
        for (inputs,) in make_loader(torch.randn(8, 4)):
            outputs = model(inputs)
    """, "outputs = model(inputs)"),
    # A plain tensor attribute does not follow module.to(): only parameters and buffers do.
    "plain-tensor-attribute-not-moved": ("""
        class Scaler(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)
                self.scale = torch.ones(4)
            def forward(self, x):
                return self.fc(x) * self.scale
        model = Scaler().cuda()
        y = model(torch.randn(2, 4, device="cuda"))
    """, "return self.fc(x) * self.scale"),
    # A helper's return carries the device its argument gave it.
    "helper-returns-what-it-was-given": ("""
        def prepare(batch):
            return batch * 2
        model = nn.Linear(4, 2).cuda()
        y = model(prepare(torch.randn(3, 4)))
    """, "y = model(prepare(torch.randn(3, 4)))"),
    # A method inherited from a base class of the same file.
    "inherited-method": ("""
        class Base(nn.Module):
            def embed(self, x):
                return self.fc(x)
        class Net(Base):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)
        net = Net().cuda()
        def run(net, x):
            return net.embed(x)
        run(net, torch.randn(2, 4))
    """, "return self.fc(x)"),
}

DEVICE_NEGATIVE = {
    # A base class's fit() moves the module (self.to(self.device)); the subclass's fit() runs on it after.
    "base-class-fit-moves-self": ("""
        class Base(nn.Module):
            def __init__(self):
                super().__init__()
                self.device = "cuda" if torch.cuda.is_available() else "cpu"
            def fit(self, batches):
                self.to(self.device)
                for x in batches:
                    self.forward(x.to(self.device)).sum().backward()
        class Model(Base):
            def __init__(self):
                super().__init__()
                self.emb = nn.Embedding(10, 4)
                self.fc = nn.Linear(4, 1)
            def forward(self, idx):
                return self.fc(self.emb(idx))
            def fit(self, batches):
                super().fit(batches)
                ids = torch.tensor([1, 2], device=self.device)
                return self.emb(ids).sum(dim=0)
        model = Model()
        model.fit([torch.tensor([1, 2, 3])])
    """),
    # torch.as_tensor / torch.tensor of a tensor keep it where it is (as_tensor returns it).
    "tensor-factories-of-a-tensor-keep-its-device": ("""
        a = torch.randn(2, 4, device="cuda")
        b = torch.as_tensor(a)
        c = torch.tensor(a)
        net = nn.Linear(4, 4).cuda()
        out = net(a) + b + c
    """),
    # The device comes in a mapping of factory options.
    "factory-device-in-keyword-mapping": ("""
        def predict(device):
            options = {"dtype": torch.float32, "device": device}
            x = torch.rand(3, 4, **options)
            model = nn.Linear(4, 2).to(device)
            return model(x)
        predict(torch.device("cuda"))
    """),
    "train-helper-moves-the-batch": """
        device = torch.device("cuda")
        def train(model, loader):
            for x, y in loader:
                x, y = x.to(device), y.to(device)
                out = model(x)
        def main():
            model = nn.Linear(4, 2).to(device)
            loader = DataLoader(TensorDataset(torch.randn(8, 4), torch.zeros(8)), batch_size=4)
            train(model, loader)
    """,
    "forward-hidden-state-on-the-input-device": """
        class Encoder(nn.Module):
            def __init__(self):
                super().__init__()
                self.rnn = nn.LSTM(4, 8, batch_first=True)
            def forward(self, x):
                h0 = torch.zeros(1, x.size(0), 8, device=x.device)
                out, _ = self.rnn(x, (h0, h0))
                return out
        model = Encoder().cuda()
        out = model(torch.randn(2, 3, 4, device="cuda"))
    """,
    "registered-buffer-follows-the-module": """
        class Scaler(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)
                self.register_buffer("scale", torch.ones(4))
            def forward(self, x):
                return self.fc(x) * self.scale
        model = Scaler().cuda()
        y = model(torch.randn(2, 4, device="cuda"))
    """,
    # A helper called with different devices: each call is judged in its own context.
    "helper-called-on-each-device": """
        def double(x):
            return x * 2
        a = double(torch.ones(2)) + torch.ones(2)
        b = double(torch.ones(2, device="cuda")) + torch.ones(2, device="cuda")
    """,
}


def _line_of(source: str, text: str) -> int:
    lines = program(PRELUDE, source).splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


@pytest.mark.parametrize("source,where", DEVICE_POSITIVE.values(), ids=DEVICE_POSITIVE.keys())
def test_a_device_fact_crosses_the_call_and_torch_raises(source, where):
    found = findings(program(PRELUDE, source), "TL201")
    assert [f.span.line for f in found] == [_line_of(source, where)], found
    with pytest.raises(RuntimeError, match="device"):
        run_torch(as_meta(program(PRELUDE, source)))


def test_a_factory_in_forward_that_meets_the_moved_module_is_one_finding_at_the_factory():
    """forward() walked with the model's real device: the CPU hidden state is TL204 at its factories, not a
    second TL201 at the LSTM call for the same bug."""
    source = program(PRELUDE, """
        class Encoder(nn.Module):
            def __init__(self):
                super().__init__()
                self.rnn = nn.LSTM(4, 8, batch_first=True)
            def forward(self, x):
                h0 = torch.zeros(1, x.size(0), 8)
                c0 = torch.zeros(1, x.size(0), 8)
                out, _ = self.rnn(x, (h0, c0))
                return out
        model = Encoder().cuda()
        out = model(torch.randn(2, 3, 4, device="cuda"))
    """)
    assert findings(source, "TL201") == []
    assert [f.span.line for f in findings(source, "TL204")] == [_line_of_program(source, "h0 = torch.zeros"),
                                                              _line_of_program(source, "c0 = torch.zeros")]
    with pytest.raises(RuntimeError, match="device"):
        run_torch(as_meta(source))


@pytest.mark.parametrize("source", DEVICE_NEGATIVE.values(), ids=DEVICE_NEGATIVE.keys())
def test_no_device_finding_and_the_code_runs(source):
    assert findings(program(PRELUDE, source), "TL201") == []
    cpu = program(PRELUDE, source).replace('"cuda"', '"cpu"').replace(".cuda()", "")
    run_torch(cpu)


def test_an_init_helper_called_under_no_grad_is_walked_without_grad():
    """Regression: ``with torch.no_grad(): self._init()`` used to be a TL101 in ``_init``."""
    source = program(PRELUDE, """
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)
                with torch.no_grad():
                    self._init()
            def _init(self):
                self.fc.weight.fill_(0.0)
                self.fc.bias.zero_()
        net = Net()
    """)
    assert findings(source, "TL101") == []
    assert float(run_torch(source)["net"].fc.weight.abs().sum()) == 0.0


def test_the_same_helper_called_with_grad_on_is_flagged_and_torch_raises():
    source = program(PRELUDE, """
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)
                self._init()
            def _init(self):
                self.fc.weight.fill_(0.0)
        net = Net()
    """)
    assert [f.code for f in findings(source, "TL101")] == ["TL101"]
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        run_torch(source)


STEP_HELPER = """
model = nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.0)
x = torch.randn(6, 3)
def train_step(model, opt, x):
    {clear}model(x).sum().backward()
    opt.step()
for step in range(3):
    train_step(model, opt, x)
first = model.weight.grad.clone()
"""


def test_an_optimizer_handed_to_a_helper_that_never_zeroes_is_flagged_and_grads_pile_up():
    source = program(PRELUDE, STEP_HELPER.format(clear=""))
    assert [f.code for f in findings(source, "TL105")] == ["TL105"]
    namespace = run_torch(source)
    single = torch.autograd.grad(namespace["model"](namespace["x"]).sum(), namespace["model"].weight)[0]
    assert torch.allclose(namespace["first"], 3 * single)


def test_a_helper_that_zeroes_is_understood():
    source = program(PRELUDE, STEP_HELPER.format(clear="opt.zero_grad()\n    "))
    assert findings(source, "TL105") == []
    namespace = run_torch(source)
    single = torch.autograd.grad(namespace["model"](namespace["x"]).sum(), namespace["model"].weight)[0]
    assert torch.allclose(namespace["first"], single)


GAN_LOOP = """
netD, netG = nn.Linear(2, 1), nn.Linear(2, 2)
optD = torch.optim.SGD(netD.parameters(), lr=0.0)
optG = torch.optim.SGD(netG.parameters(), lr=0.0)
z = torch.randn(4, 2)
for step in range(3):
    optD.zero_grad()
    netD(netG(z).detach()).sum().backward()
    optD.step()
    {clear_g}netD(netG(z)).sum().backward()
    optG.step()
grad_g = netG.weight.grad.clone()
"""


def test_zeroing_one_optimizer_does_not_zero_another_and_its_grads_pile_up():
    source = program(PRELUDE, GAN_LOOP.format(clear_g=""))
    found = findings(source, "TL105")
    assert len(found) == 1 and "`optG.step()`" in found[0].message and "another optimizer" in found[0].message
    namespace = run_torch(source)
    single = torch.autograd.grad(namespace["netD"](namespace["netG"](namespace["z"])).sum(),
                                 namespace["netG"].weight)[0]
    assert torch.allclose(namespace["grad_g"], 3 * single)


def test_both_optimizers_zeroed_is_clean():
    source = program(PRELUDE, GAN_LOOP.format(clear_g="optG.zero_grad()\n    "))
    assert findings(source, "TL105") == []
    run_torch(source)


APPLY = """
model = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2))
def init_weights(m):
    if isinstance(m, nn.Linear):
        m.weight.fill_(0.01)
{call}
"""


def test_an_init_function_applied_to_a_model_outside_no_grad_is_flagged_and_torch_raises():
    source = program(PRELUDE, APPLY.format(call="model.apply(init_weights)"))
    assert [f.code for f in findings(source, "TL101")] == ["TL101"]
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        run_torch(source)


def test_the_same_applied_under_no_grad_is_clean():
    source = program(PRELUDE, APPLY.format(call="with torch.no_grad():\n    model.apply(init_weights)"))
    assert findings(source, "TL101") == []
    assert float(run_torch(source)["model"][0].weight.sum()) == pytest.approx(0.16)


def test_parameters_of_a_model_of_unknown_origin_are_parameters_and_torch_raises():
    source = program(PRELUDE, """
        def sgd_step(model, lr):
            for p in model.parameters():
                p -= lr * p.grad
        net = nn.Linear(2, 1)
        net(torch.ones(1, 2)).sum().backward()
        sgd_step(net, 0.1)
    """)
    found = findings(source, "TL101")
    assert [f.span.line for f in found] == [_line_of_program(source, "p -= lr * p.grad")]
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        run_torch(source)


def _line_of_program(source: str, text: str) -> int:
    return next(number for number, line in enumerate(source.splitlines(), start=1) if text in line)


def test_an_attribute_set_in_another_method_is_part_of_the_class_and_torch_raises():
    source = program(PRELUDE, """
        class Tagger(nn.Module):
            def __init__(self):
                super().__init__()
                self.rnn = nn.GRU(4, 8, batch_first=True)
                self.hidden = None
            def reset(self, batch):
                self.hidden = torch.zeros(1, batch, 8)
            def forward(self, x):
                out, _ = self.rnn(x, self.hidden)
                return out
        tagger = Tagger().cuda()
        tagger.reset(2)
        def tag(x):
            return tagger(x)
        tag(torch.randn(2, 3, 4, device="cuda"))
    """)
    # `self.hidden` is None or a CPU tensor: joined, nothing is known, so nothing is guessed...
    assert findings(source, "TL201") == []
    # ...while a class whose only assignment is the CPU tensor is certain.
    certain = source.replace("        self.hidden = None\n", "")
    found = findings(certain, "TL201")
    assert [f.span.line for f in found] == [_line_of_program(certain, "out, _ = self.rnn(x, self.hidden)")]
    with pytest.raises(RuntimeError, match="device"):
        run_torch(as_meta(certain))


def test_a_global_rebound_in_a_function_is_not_trusted_elsewhere():
    source = program(PRELUDE, """
        model = nn.Linear(2, 2)
        def use_gpu():
            global model
            model = model.cuda()
        def predict(x):
            return model(x)
        use_gpu()
        predict(torch.ones(1, 2, device="cuda"))
    """)
    assert findings(source, "TL201") == []
    run_torch(as_meta(source).replace('"meta"', '"cpu"').replace('.to("cpu")', ""))


def test_annotations_and_isinstance_tell_what_an_argument_is():
    source = program(PRELUDE, """
        def clip(weight: nn.Parameter, value):
            weight.clamp_(-value, value)
        def scale(x, factor):
            if isinstance(x, nn.Parameter):
                x.mul_(factor)
        layer = nn.Linear(2, 2)
        clip(layer.weight, 0.1)
    """)
    lines = [f.span.line for f in findings(source, "TL101")]
    assert lines == [_line_of_program(source, "weight.clamp_"), _line_of_program(source, "x.mul_(factor)")]
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        run_torch(source)


def test_parameters_frozen_by_a_method_walked_later_are_not_a_leaf_write():
    """A moving average of a model's weights whose copy a later method froze (requires_grad = False): the
    in-place update of the copy's parameters runs (the freezing method is walked after the updating one)."""
    source = program(PRELUDE, """
        import copy
        class Trainer:
            def __init__(self):
                self.net = nn.Linear(4, 4)
                self.build_average()
            def average(self):
                return self.avg
            def step(self):
                for p, avg_p in zip(self.net.parameters(), self.average().parameters()):
                    avg_p.mul_(0.9).add_(0.1 * p.data)
            def build_average(self):
                self.avg = copy.deepcopy(self.net)
                for param in self.avg.parameters():
                    param.requires_grad = False
        trainer = Trainer()
        trainer.step()
    """)
    assert findings(source, "TL101") == []
    run_torch(source)
