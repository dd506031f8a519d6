"""Static shapes against torch: every shape the engine states for a name is the shape torch gives it.

Each program below is analyzed (the shape hovers show at each assignment) and run
with torch; a literal shape the engine states must equal torch's, and the names
listed as known must be known. Symbolic and unknown sizes are checked where
they must stay unknown.
"""

import re
import textwrap

import pytest
import torch

from tensorlens.analysis.engine import analyze_source
from tensorlens.rules import select_rules


def static_shapes(source):
    """The engine's shape text of each name at the line it is assigned, by name (last assignment wins)."""
    result = analyze_source(source, "shapes.py", select_rules(), record_facts=True)
    assert not result.internal_errors, result.internal_errors
    assigned = {}
    lines = source.splitlines()
    for fact in result.facts:
        if fact.text in _targets(lines[fact.span.line - 1]):
            assigned[fact.text] = fact.shape
    return assigned


def _targets(line):
    """The names a line assigns: left of ``=``, or between ``for`` and ``in``."""
    text = line.strip()
    if text.startswith("for ") and " in " in text:
        left = text[4:text.index(" in ")]
    elif " = " in text:
        left = text[:text.index(" = ")]
    else:
        return set()
    return set(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", left))


def torch_shapes(source):
    namespace = {"__name__": "__shapes__"}
    exec(compile(source, "shapes.py", "exec"), namespace)
    return {name: f"[{', '.join(str(n) for n in value.shape)}]" for name, value in namespace.items()
            if isinstance(value, torch.Tensor)}


PROGRAMS = {
    "factories": """
        import torch
        a = torch.zeros(2, 3)
        b = torch.ones((4, 5))
        c = torch.randn([6])
        d = torch.full((2, 2), 0.5)
        e = torch.tensor([[1, 2, 3], [4, 5, 6]])
        f = torch.tensor(3.0)
        g = torch.arange(10)
        h = torch.arange(2, 11, 3)
        i = torch.linspace(0, 1, steps=7)
        j = torch.eye(3)
        k = torch.eye(3, 5)
        l = torch.zeros_like(a)
        m = torch.randint(0, 10, (4, 2))
        n = torch.FloatTensor(3, 4)
        o = torch.Tensor([[1.0], [2.0]])
        p = torch.empty(size=(2, 8))
        shape = (3, 1, 2)
        q = torch.rand(*shape)
        r = torch.rand(5, *shape)
        s = a.new_zeros(4, 4)
        t = torch.randperm(9)
        u = a.new_full((1, 2), 3.0)
    """,
    "views": """
        import torch
        x = torch.randn(2, 3, 4)
        a = x.view(6, 4)
        b = x.reshape(-1)
        c = x.view(x.size(0), -1)
        d = x.flatten(1)
        e = torch.flatten(x)
        f = x.unsqueeze(0)
        g = x.unsqueeze(-1)
        h = x[:, :1].squeeze(1)
        i = x.permute(2, 0, 1)
        j = x.transpose(0, 2)
        k = x[0].t()
        l = x[0].T
        m = x.unflatten(2, (2, 2))
        n = x[:, :1].expand(2, 5, 4)
        o = x.expand_as(x)
        p = x.repeat(2, 1, 1)
        q = x.narrow(2, 1, 2)
        r = x.select(1, 0)
        s = x.contiguous().view(-1, 12)
        t = x.mT
        u = x.squeeze()
    """,
    "indexing": """
        import torch
        x = torch.randn(5, 6, 7)
        a = x[0]
        b = x[1:3]
        c = x[:, 2:]
        d = x[..., 0]
        e = x[:, None]
        f = x[::2, 1:5:2, -1]
        g = x[-2:, :, 3:100]
        n = 2
        h = x[:n]
        i = x.shape[1:]
        size = x.size(-1)
        j = torch.zeros(size)
        k = torch.zeros(x.shape[0], x.shape[-1])
    """,
    "arithmetic": """
        import torch
        a = torch.ones(4, 1, 3)
        b = torch.ones(5, 1)
        c = a + b
        d = a * 2
        e = -a
        f = a > 0.5
        g = torch.where(f, a, torch.zeros(3))
        h = torch.ones(2, 3) @ torch.ones(3, 4)
        i = torch.ones(7, 2, 3) @ torch.ones(3, 4)
        j = torch.ones(3) @ torch.ones(3, 4)
        k = torch.ones(2, 3) @ torch.ones(3)
        l = torch.bmm(torch.ones(2, 3, 4), torch.ones(2, 4, 5))
        m = torch.mm(torch.ones(2, 3), torch.ones(3, 4))
        n = torch.ones(6, 1, 2, 3).matmul(torch.ones(5, 3, 8))
        o = torch.sigmoid(a).relu().float()
        p = a.to("cpu").detach().clone()
        q = torch.maximum(a, b)
    """,
    "joining-and-reducing": """
        import torch
        x = torch.randn(4, 5, 6)
        a = torch.cat([x, x], dim=1)
        b = torch.cat((x, x, x))
        c = torch.stack([x, x], dim=2)
        d = x.sum()
        e = x.sum(dim=1)
        f = x.mean(-1, keepdim=True)
        g = x.sum((0, 2))
        values, indices = x.max(dim=1)
        h = x.argmax(dim=2)
        first, second = x.chunk(2, dim=2)
        p1, p2, p3 = torch.split(x, 2, dim=1)
        r1, r2, r3, r4 = x.unbind(0)
        top, where = x.topk(3)
        i = torch.softmax(x, dim=-1)
        j = x.std(dim=0)
    """,
    "layers": """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        x = torch.randn(8, 3, 32, 32)
        a = nn.Conv2d(3, 16, 5)(x)
        b = nn.Conv2d(3, 16, 3, stride=2, padding=1)(x)
        c = nn.Conv2d(3, 16, (3, 5), dilation=2)(x)
        d = nn.Conv2d(3, 6, 3, padding="same")(x)
        e = nn.MaxPool2d(2)(a)
        f = nn.MaxPool2d(3, stride=2, ceil_mode=True)(a)
        g = nn.AvgPool2d(2, padding=1)(b)
        h = nn.AdaptiveAvgPool2d((1, 1))(a)
        i = nn.AdaptiveAvgPool2d(4)(a)
        j = nn.ConvTranspose2d(3, 8, 2, stride=2)(x)
        k = nn.ConvTranspose2d(3, 8, 3, stride=2, padding=1, output_padding=1)(x)
        l = nn.Flatten()(a)
        m = nn.Linear(16, 10)(torch.randn(2, 7, 16))
        n = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 15 * 15, 2))(x)
        o = nn.Embedding(100, 12)(torch.randint(0, 100, (4, 9)))
        p = F.max_pool2d(a, 2)
        q = F.avg_pool2d(a, kernel_size=3, stride=1)
        r = F.adaptive_avg_pool2d(a, 2)
        s = F.interpolate(x, scale_factor=2)
        t = F.interpolate(x, size=(10, 12))
        u = nn.Conv1d(4, 2, 3)(torch.randn(5, 4, 20))
        v = nn.BatchNorm2d(3)(x)
        w = F.conv2d(x, torch.randn(6, 3, 3, 3), padding=1)
        y = F.linear(torch.randn(2, 5), torch.randn(7, 5))
        z = nn.Upsample(scale_factor=2)(x)
    """,
    "recurrent-and-losses": """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        lstm = nn.LSTM(5, 7, num_layers=2, batch_first=True)
        out, (h, c) = lstm(torch.randn(3, 4, 5))
        gru = nn.GRU(5, 6, bidirectional=True)
        out2, h2 = gru(torch.randn(9, 3, 5))
        cell = nn.GRUCell(5, 4)
        h3 = cell(torch.randn(3, 5))
        a = nn.CrossEntropyLoss()(torch.randn(4, 3), torch.randint(0, 3, (4,)))
        b = F.cross_entropy(torch.randn(4, 3, 6), torch.randint(0, 3, (4, 6)), reduction="none")
        c2 = nn.MSELoss(reduction="none")(torch.randn(2, 3), torch.randn(3))
        d = nn.BCELoss()(torch.rand(5, 1), torch.rand(5, 1))
    """,
    "modules-of-the-file": """
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self, channels, classes=10):
                super().__init__()
                self.conv = nn.Conv2d(channels, 8, 3, padding=1)
                self.pool = nn.MaxPool2d(2)
                self.fc = nn.Linear(8 * 8 * 8, classes)
                self.classes = classes

            def forward(self, x):
                x = self.pool(torch.relu(self.conv(x)))
                x = x.view(x.size(0), -1)
                return self.fc(x)

        net = Net(3, classes=5)
        out = net(torch.randn(2, 3, 16, 16))
        default = Net(1)(torch.randn(4, 1, 16, 16))
        extra = torch.zeros(net.classes)
    """,
    "sizes-through-constructors": """
        import torch
        import torch.nn as nn

        class Block(nn.Module):
            def __init__(self, channels, kernel_size, stride, padding, layers=2):
                super().__init__()
                self.conv = nn.Conv2d(channels, channels, kernel_size, stride=stride, padding=padding)
                self.pool = nn.MaxPool2d(kernel_size, stride)
                self.layers = layers
                self.channels = channels

            def state(self):
                return torch.FloatTensor(self.layers, 2, self.channels).zero_()

            def forward(self, x):
                return self.pool(self.conv(x))

        block = Block(4, 3, 2, 1)
        out = block(torch.randn(2, 4, 17, 17))
        h = block.state()
    """,
    "numpy-arrays": """
        import numpy as np
        import torch
        a = torch.Tensor(np.random.rand(64, 1) - 0.5)
        b = torch.from_numpy(np.round(np.random.rand(5)))
        c = torch.tensor(np.zeros((3, 4)).astype(np.float32))
        d = torch.as_tensor(np.random.normal(0, 1, size=(2, 7)) * np.ones(7))
        e = torch.from_numpy(np.full((2, 2), 3.0) + 1)
    """,
    "data": """
        import torch
        from torch.utils.data import DataLoader, TensorDataset
        dataset = TensorDataset(torch.randn(100, 3, 8), torch.randint(0, 2, (100,)))
        for x, y in DataLoader(dataset, batch_size=25):
            a = x
            b = y
        for x, y in DataLoader(dataset, batch_size=30, drop_last=True):
            c = x
        images = [torch.randn(3, 4) for _ in range(2)]
        for image in images:
            d = image

        class Pairs(torch.utils.data.Dataset):
            def __len__(self):
                return 10

            def __getitem__(self, index):
                return torch.randn(3, 8), 1

        for e, f in DataLoader(Pairs(), batch_size=4):
            g = torch.cat([e, e], dim=1)
    """,
}


@pytest.mark.parametrize("name", PROGRAMS)
def test_every_stated_shape_is_torchs(name):
    source = textwrap.dedent(PROGRAMS[name])
    stated = static_shapes(source)
    actual = torch_shapes(source)
    wrong = {n: (shape, actual[n]) for n, shape in stated.items()
             if shape is not None and n in actual and "?" not in shape and not any(c.isalpha() for c in shape)
             and shape != actual[n]}
    assert not wrong, wrong
    # Every tensor of these programs has a shape that follows from literals: the engine knows each one.
    unknown = sorted(n for n in actual if stated.get(n) is None)
    assert unknown == [], (unknown, stated)


def test_sizes_only_known_by_name_stay_symbols():
    source = textwrap.dedent("""
        import torch
        from torch.utils.data import DataLoader, TensorDataset

        loader = DataLoader(TensorDataset(torch.randn(10, 4)), batch_size=3)
        for (x,) in loader:
            a = x
            b = x.view(x.size(0), 2, 2)
            n = x.size(0)
            c = torch.zeros(n, 7)

        def make(batch):
            return torch.zeros(batch.size(0), 3)

        d = make(torch.ones(5))
    """)
    stated = static_shapes(source)
    assert stated["a"] == "[B, 4]" and stated["b"] == "[B, 2, 2]"
    assert stated["n"] == "B" and stated["c"] == "[B, 7]"  # n is the batch's size, B
    assert stated["d"] == "[5, 3]"


def test_hover_names_where_a_symbol_came_from():
    source = textwrap.dedent("""
        import torch
        x = torch.randn(4, 3)

        def f(t: torch.Tensor):
            b = t.size(0)
            y = torch.zeros(b, 2)
            return y
    """)
    result = analyze_source(source, "shapes.py", select_rules(), record_facts=True)
    described = {(fact.span.line, fact.text): fact.description for fact in result.facts}
    assert described[(7, "y")].startswith("tensor[b, 2] (b: t.size(0) at line 6)")


def test_arrays_show_their_shape():
    source = "import numpy as np\na = np.random.rand(2, 3) * 2\n"
    result = analyze_source(source, "shapes.py", select_rules(), record_facts=True)
    fact = next(fact for fact in result.facts if fact.text == "a")
    assert fact.description.startswith("numpy array[2, 3]") and fact.shape == "[2, 3]", fact


def test_reading_a_tensors_sizes_names_its_dimensions():
    # A forward() walked on its own: its inputs' shapes are unknown until the code reads them.
    source = textwrap.dedent("""
        import torch
        import torch.nn as nn

        class Heads(nn.Module):
            def forward(self, q, words):
                B, L, H, D = q.shape
                again = q
                swapped = q.view(B, H, L, D)
                h0 = torch.zeros(2, len(words), 5)
                embedded = nn.Embedding(10, 3)(words)  # a tensor, of a shape unknown here
                out, (final, cell) = nn.LSTM(3, 5, bidirectional=True)(embedded, (h0, h0))
                return swapped
    """)
    stated = static_shapes(source)
    assert stated["again"] == "[q.shape[0], q.shape[1], q.shape[2], q.shape[3]]"  # q is now 4-D, sizes named
    assert stated["swapped"] == "[B, H, L, D]"
    assert stated["h0"] == "[2, len(words), 5]"
    assert stated["final"] == "[2, len(words), 5]"  # an RNN's final state has the initial state's shape


def test_in_place_shape_changes_leave_no_stale_shape():
    source = textwrap.dedent("""
        import torch
        a = torch.randn(2, 3)
        a.t_()
        b = torch.randn(2, 3)
        b.unsqueeze_(0)
        c = a
        d = b
    """)
    stated = static_shapes(source)
    actual = torch_shapes(source)
    assert actual["c"] == "[3, 2]" and actual["d"] == "[1, 2, 3]"
    assert stated.get("c") in (None, actual["c"]) and stated.get("d") in (None, actual["d"])


def test_leading_sizes_of_a_tensor_of_unknown_rank_are_kept_until_it_is_rebound():
    source = textwrap.dedent("""
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def forward(self, x):
                first = x.shape[0]
                again = x.size(0)
                x = x + 1
                other = x.shape[0]
                return other
    """)
    result = analyze_source(source, "shapes.py", select_rules(), record_facts=True)
    described = {fact.text: fact.description for fact in result.facts if fact.text in ("first", "again", "other")}
    # Each size says where it was first read: x.size(0) is the dimension x.shape[0] named on line 7, and
    # once x is rebound its first dimension is a new one, named where it is read again.
    assert "x.shape[0] at line 7" in described["first"], described
    assert "x.shape[0] at line 7" in described["again"], described
    assert "x.shape[0] at line 10" in described["other"], described
