"""The grad_fn chain as expandable rows: each node opens onto its next_functions.

Under a tensor, the ``grad_fn`` row's value is the node's name (O(1)); the
walk itself (``tensorlens.runtime.grad_graph.grad_fn_chain``: shared nodes
found once, saved tensor shapes, AccumulateGrad leaves with their summaries)
runs only when the user expands that row. A variable that holds an autograd
node itself (``fn = out.grad_fn``) is walked lazily, one level per expand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tensorlens.runtime.debug.rows import Child, Fact, RawAttributes, Section


def grad_fn_row(t: Any) -> Any:
    """The ``grad_fn`` row under tensor ``t``: its node's name now, the chain on expand."""
    grad_fn = t.grad_fn
    if grad_fn is None:
        return Fact("None (leaf)" if t.requires_grad else "None")

    def rows() -> list[Child]:
        from tensorlens.runtime.debug.frame_relations import frame_tensor_names
        from tensorlens.runtime.grad_graph import grad_fn_chain
        from tensorlens.runtime.grad_text import node_line

        # Leaves are named as the frame names them (x, model.fc.weight).
        chain = grad_fn_chain(t, names=frame_tensor_names())
        if chain.root is None:
            return [("note", Fact(chain.note), None)]
        return [("node", Fact(node_line(chain.root)), None), *_node_rows(chain.root), *_note_rows(chain.note)]

    return Section(_type_name(grad_fn), rows)


def _node_rows(node: Any) -> list[Child]:
    from tensorlens.runtime.grad_text import node_line

    rows: list[Child] = []
    for position, child in enumerate(node.children):
        name = f"[{position}] {child.name}"
        if child.children or child.truncated:
            rows.append((name, Section(node_line(child), _rows_of(child)), None))
        else:
            rows.append((name, Fact(node_line(child)), None))
    if node.truncated:
        rows.append(("…", Fact("not walked: depth or node limit (tensorlens.grad_fn_chain(t, depth) goes further)"),
                     None))
    return rows


def _rows_of(node: Any) -> Callable[[], list[Child]]:
    """The rows of ``node``, computed when its row is expanded."""
    return lambda: _node_rows(node)


def _note_rows(note: str) -> list[Child]:
    return [("note", Fact(note), None)] if note else []


def node_label(node: Any) -> str:
    """The value line of an autograd node held in a variable: ``MulBackward0``, ``AccumulateGrad → tensor[2] …``."""
    name = _type_name(node)
    variable = getattr(node, "variable", None) if name == "AccumulateGrad" else None
    if variable is None:
        return name
    from tensorlens.runtime.summary import tensor_header

    return f"{name} → {tensor_header(variable)}"


def node_children(node: Any) -> list[Child]:
    """Children of an autograd node held in a variable: its next_functions, its leaf, raw attributes."""
    rows: list[Child] = []
    for position, (fn, _input_nr) in enumerate(getattr(node, "next_functions", ()) or ()):
        if fn is not None:
            rows.append((f"[{position}] {_type_name(fn)}", fn, f".next_functions[{position}][0]"))
    if _type_name(node) == "AccumulateGrad":
        rows.append(("variable", node.variable, ".variable"))
    rows.append(("raw attributes", RawAttributes(node), ""))
    return rows


def _type_name(node: Any) -> str:
    # type(fn).__name__ is "AccumulateGrad" where fn.name() says "torch::autograd::AccumulateGrad".
    return type(node).__name__
