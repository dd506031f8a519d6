"""grad_fn_chain / grad_fn_graph on real autograd graphs."""

from __future__ import annotations

import torch

import tensorlens
from tensorlens.runtime.grad_graph import GradChain


def _tutorial():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 1
    z = y * y * 2
    out = z.mean()
    return x, out


def test_tutorial_chain_as_data() -> None:
    x, out = _tutorial()
    chain = tensorlens.grad_fn_chain(out, names={id(x): "x"})
    assert isinstance(chain, GradChain)
    path = []
    node = chain.root
    while node is not None:
        path.append(node.name)
        node = node.children[0] if node.children else None
    assert path == ["MeanBackward0", "MulBackward0", "MulBackward0", "AddBackward0", "AccumulateGrad"]
    mul = chain.root.children[0].children[0]
    assert mul.saved_shapes == {"other": "[2, 2]", "self": "[2, 2]"}
    add_a, add_b = mul.children
    assert add_a is add_b and add_a.shared  # y * y: one node, reached twice
    leaf = add_a.children[0]
    assert leaf.is_leaf and leaf.leaf_name == "x"
    assert leaf.leaf_summary.startswith("tensor[2, 2] f32 cpu requires_grad leaf")
    assert [n.id for n in chain.nodes] == [1, 2, 3, 4, 5]


def test_tutorial_chain_as_text(tutorial_tree) -> None:
    x, out = _tutorial()
    assert str(tensorlens.grad_fn_chain(out, names={id(x): "x"})).splitlines() == tutorial_tree


def test_depth_limit_marks_the_cut() -> None:
    _, out = _tutorial()
    chain = tensorlens.grad_fn_chain(out, depth=2)
    assert chain.root.children[0].truncated
    assert str(chain).splitlines()[-1].strip() == "└─ …"


def test_dot_output() -> None:
    _, out = _tutorial()
    dot = tensorlens.grad_fn_graph(out)
    assert dot.startswith("digraph grad_fn {") and dot.endswith("}")
    assert 'n1 [label="MeanBackward0"];' in dot
    assert dot.count("n3 -> n4;") == 2  # both operands of y * y
    assert "AccumulateGrad\\ntensor[2, 2]" in dot


def test_saved_tensors_after_backward_are_reported_freed() -> None:
    _, out = _tutorial()
    out.backward()
    chain = tensorlens.grad_fn_chain(out)
    assert chain.root.children[0].children[0].saved_freed
    assert "(saved tensors freed by backward)" in str(chain)


def test_custom_function_saved_tensors() -> None:
    class Double(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    x = torch.ones(3, requires_grad=True)
    chain = tensorlens.grad_fn_chain(Double.apply(x).sum())
    node = chain.root.children[0]
    assert node.name == "DoubleBackward"
    assert node.saved_shapes == {"saved_tensors": "([3])"}


def test_no_history_and_non_tensors() -> None:
    assert "leaf tensor" in str(tensorlens.grad_fn_chain(torch.ones(2, requires_grad=True)))
    assert str(tensorlens.grad_fn_chain(torch.ones(2))) == "no autograd history (requires_grad=False)"
    assert str(tensorlens.grad_fn_chain("loss")).startswith("not a tensor")
    assert tensorlens.grad_fn_chain(torch.ones(2)).root is None


def test_the_node_cap_is_a_parameter_and_deep_graphs_are_walked_whole() -> None:
    h = torch.ones(1, requires_grad=True)
    for _ in range(2000):  # deeper than Python's recursion limit
        h = h * 1.0
    capped = tensorlens.grad_fn_chain(h, depth=5000, max_nodes=400)
    assert len(capped.nodes) == 400
    assert str(capped).endswith("(stopped at 400 nodes (max_nodes= goes further))")
    whole = tensorlens.grad_fn_chain(h, depth=5000)
    assert len(whole.nodes) == 2001 and whole.note == ""
    assert whole.nodes[-1].name == "AccumulateGrad"


def test_deep_text_trees_wrap_their_indentation() -> None:
    h = torch.ones(1, requires_grad=True)
    for _ in range(300):
        h = h + 1.0
    lines = tensorlens.grad_fn_chain(h, depth=1000).text().splitlines()
    assert len(lines) == 301
    assert max(len(line) for line in lines) < 160  # was 900+ characters of indentation
    assert lines[18].startswith("[level 16]    └─ AddBackward0")
    assert lines[-1].startswith("[level 288]") and "AccumulateGrad" in lines[-1]


class _Block(torch.nn.Module):
    def __init__(self, width: int) -> None:
        super().__init__()
        self.norm = torch.nn.LayerNorm(width)
        self.attn = torch.nn.Linear(width, width)
        self.ff = torch.nn.Sequential(
            torch.nn.Linear(width, 2 * width), torch.nn.GELU(), torch.nn.Linear(2 * width, width)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.norm(x))
        return x + self.ff(x)


class _Encoder(torch.nn.Module):
    def __init__(self, layers: int) -> None:
        super().__init__()
        self.embed = torch.nn.Linear(4, 8)
        self.layer = torch.nn.ModuleList(_Block(8) for _ in range(layers))
        self.head = torch.nn.Linear(8, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.embed(x)
        for block in self.layer:
            x = block(x)
        return self.head(x)


def test_a_graph_of_thousands_of_nodes_collapses_to_one_line_per_module() -> None:
    model = _Encoder(layers=120)
    loss = model(torch.randn(3, 4)).sum()
    names = tensorlens.frame_tensors({"model": model}).names()
    chain = tensorlens.grad_fn_chain(loss, depth=100_000, names=names)
    assert len(chain.nodes) > 2000
    view = chain.by_module(level=3)
    lines = view.text().splitlines()
    assert lines[0] == f"{len(chain.nodes)} autograd nodes in 122 modules (level 3):"
    assert lines[1].startswith("model.head  ") and lines[1].endswith("-> model.layer.119")
    # residual adds belong to the block whose output they make, so the blocks form a chain
    assert lines[2].startswith("model.layer.119  ") and lines[2].endswith("-> model.layer.118")
    assert lines[-1].startswith("model.embed  4 nodes") and "2 parameters" in lines[-1]
    assert sum(int(line.split("  ")[1].split()[0]) for line in lines[1:]) == len(chain.nodes)
    assert max(len(line) for line in lines) < 200
    coarse = chain.by_module()  # the default level keeps the groups few
    assert len(coarse.groups) <= 48 and coarse.level == 2
    assert "m0 -> m1;" in tensorlens.grad_fn_graph(loss, 100_000, names=names, by_module=True)


def test_model_graph_names_parameters() -> None:
    model = torch.nn.Linear(3, 2)
    loss = model(torch.randn(4, 3)).sum()
    names = {id(p): f"model.{n}" for n, p in model.named_parameters()}
    text = str(tensorlens.grad_fn_chain(loss, names=names))
    assert "AccumulateGrad  model.weight: parameter[2, 3]" in text
    assert "AccumulateGrad  model.bias: parameter[2]" in text
