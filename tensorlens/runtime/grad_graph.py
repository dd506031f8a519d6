"""The backward graph behind a tensor: ``t.grad_fn`` through ``next_functions``.

Autograd graphs are DAGs (``y * y`` reaches ``y.grad_fn`` twice), so every
node object is visited once and reused: a ``GradNode`` reached again is the
same Python object, and the text tree expands it only the first time.

For ``x = torch.ones(2, 2, requires_grad=True); out = ((x + 1) * (x + 1) * 2).mean()``-
style code, ``str(grad_fn_chain(out))`` reads::

    MeanBackward0
    └─ MulBackward0  other=[]
       └─ MulBackward0  other=[2, 2] self=[2, 2]
          ├─ AddBackward0 #4
          │  └─ AccumulateGrad  x: tensor[2, 2] f32 cpu requires_grad leaf ...
          └─ AddBackward0 #4 (shared, see above)
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tensorlens.runtime.summary import is_tensor, summary, tensor_header
from tensorlens.runtime.text import safe_repr

if TYPE_CHECKING:
    from tensorlens.runtime.grad_modules import ModuleGraph

DEFAULT_DEPTH = 24
DEFAULT_MAX_NODES = 20_000  # a parameter of every walk; bounds the time a debugger prompt can take
_SAVED_PREFIX = "_saved_"


@dataclass(eq=False)
class GradNode:
    """One autograd node (``MulBackward0``, ``AccumulateGrad``, a custom Function's)."""

    id: int  # discovery order, 1-based; how text and DOT refer to shared nodes
    name: str
    saved_shapes: dict[str, str] = field(default_factory=dict)  # "self" -> "[2, 2]", "alpha" -> "1"
    children: list[GradNode] = field(default_factory=list, repr=False)  # a repr of a DAG would be exponential
    leaf_name: str | None = None  # AccumulateGrad: the variable's name, when known
    leaf: Any = None  # AccumulateGrad: the variable itself
    saved_freed: bool = False  # backward() already ran and released the saved tensors
    truncated: bool = False  # depth or node limit reached: children not explored
    parents: int = 0  # how many edges lead here; > 1 means shared

    @property
    def shared(self) -> bool:
        return self.parents > 1

    @property
    def is_leaf(self) -> bool:
        return self.name == "AccumulateGrad"

    @functools.cached_property
    def leaf_summary(self) -> str | None:
        """AccumulateGrad: ``summary()`` of the variable, computed when first shown.

        Statistics read data; a walk that only collapses or counts nodes
        (thousands of parameters) never pays for them.
        """
        return summary(self.leaf) if self.leaf is not None else None

    @functools.cached_property
    def leaf_header(self) -> str | None:
        """AccumulateGrad: the variable's O(1) header (no statistics), for large renderings."""
        return tensor_header(self.leaf) if self.leaf is not None else None


@dataclass(eq=False)
class GradChain:
    """The graph behind one tensor; ``str()`` gives the indented tree."""

    root: GradNode | None
    nodes: list[GradNode]
    note: str = ""  # why there is no graph, or what was cut

    def text(self) -> str:
        """The indented tree, shared nodes expanded once and marked afterwards."""
        from tensorlens.runtime.grad_text import render_tree

        return render_tree(self)

    def dot(self) -> str:
        """Graphviz DOT for the same graph."""
        from tensorlens.runtime.grad_text import render_dot

        return render_dot(self)

    def by_module(self, level: int | None = None) -> ModuleGraph:
        """The graph collapsed to one group per module (``model.encoder.layer.3``)."""
        from tensorlens.runtime.grad_modules import collapse_by_module

        return collapse_by_module(self, level)

    def __str__(self) -> str:
        return self.text()


def grad_fn_chain(
    t: Any,
    depth: int = DEFAULT_DEPTH,
    *,
    names: Mapping[int, str] | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> GradChain:
    """The backward graph of ``t`` as ``GradNode`` objects, at most ``depth`` levels deep.

    ``names`` maps ``id(tensor)`` to a display name (``model.fc.weight``) for
    AccumulateGrad leaves; ``tensorlens.frame_tensors`` builds one. Never raises:
    a non-tensor or a tensor without history gives an empty chain with a note.
    """
    try:
        if not is_tensor(t):
            return GradChain(None, [], note=f"not a tensor: {safe_repr(t, 60)}")
        import torch

        # A subclass's __torch_function__ must not run for the attributes read here.
        with torch._C.DisableTorchFunctionSubclass():
            if t.grad_fn is None:
                return GradChain(None, [], note=_no_history_note(t))
            return _Walker(names or {}, max(depth, 1), max_nodes).walk(t.grad_fn)
    except Exception as exc:  # a debugging aid must not become the bug
        return GradChain(None, [], note=f"grad_fn walk failed: {type(exc).__name__}: {exc}")


def grad_fn_graph(
    t: Any,
    depth: int = DEFAULT_DEPTH,
    *,
    names: Mapping[int, str] | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    by_module: bool = False,
) -> str:
    """Graphviz DOT text of ``t``'s backward graph (render with ``dot -Tsvg``).

    ``by_module=True`` draws one box per module (``model.encoder.layer.3``)
    instead of one per autograd node: readable at thousands of nodes.
    """
    chain = grad_fn_chain(t, depth, names=names, max_nodes=max_nodes)
    return chain.by_module().dot() if by_module else chain.dot()


def _no_history_note(t: Any) -> str:
    if t.requires_grad:
        return "leaf tensor (no grad_fn): gradients accumulate into its .grad"
    return "no autograd history (requires_grad=False)"


class _Walker:
    def __init__(self, names: Mapping[int, str], depth: int, max_nodes: int) -> None:
        self.names = names
        self.depth = depth
        self.max_nodes = max_nodes
        self.by_identity: dict[int, GradNode] = {}
        # Holding the autograd objects keeps their ids from being reused mid-walk.
        self.keep_alive: list[Any] = []
        self.nodes: list[GradNode] = []
        self.cut = False

    def walk(self, grad_fn: Any) -> GradChain:
        # Depth first, in next_functions order, with an explicit stack: an
        # unrolled loop's graph is deeper than Python's recursion limit.
        root = self._node(grad_fn)
        stack = self._expand(root, grad_fn, level=1)
        while stack:
            fn, level, parent = stack.pop()
            known = self.by_identity.get(id(fn))
            if known is not None:
                known.parents += 1
                parent.children.append(known)
                continue
            node = self._node(fn)
            parent.children.append(node)
            stack.extend(self._expand(node, fn, level))
        note = f"stopped at {self.max_nodes} nodes (max_nodes= goes further)" if self.cut else ""
        return GradChain(root, self.nodes, note=note)

    def _node(self, fn: Any) -> GradNode:
        node = self._describe(fn)
        node.parents = 1
        self.by_identity[id(fn)] = node
        self.keep_alive.append(fn)
        self.nodes.append(node)
        return node

    def _expand(self, node: GradNode, fn: Any, level: int) -> list[tuple[Any, int, GradNode]]:
        """Stack entries for ``node``'s children (reversed, so the first is walked first)."""
        children = [child for child, _ in _next_functions(fn) if child is not None]
        if children and (level >= self.depth or len(self.nodes) >= self.max_nodes):
            node.truncated = True
            self.cut = self.cut or len(self.nodes) >= self.max_nodes
            return []
        return [(child, level + 1, node) for child in reversed(children)]

    def _describe(self, fn: Any) -> GradNode:
        node = GradNode(id=len(self.nodes) + 1, name=_node_name(fn))
        node.saved_shapes, node.saved_freed = _saved_values(fn)
        variable = getattr(fn, "variable", None) if node.is_leaf else None
        if variable is not None:
            node.leaf_name = self.names.get(id(variable))
            node.leaf = variable
        return node


def _node_name(fn: Any) -> str:
    # type(fn).__name__ is "AccumulateGrad" where fn.name() says
    # "torch::autograd::AccumulateGrad"; custom Functions get "<Name>Backward".
    return type(fn).__name__


def _next_functions(fn: Any) -> tuple[Any, ...]:
    try:
        return tuple(fn.next_functions)
    except Exception:
        return ()


def _saved_values(fn: Any) -> tuple[dict[str, str], bool]:
    """Shapes of the tensors a node saved for backward, e.g. ``{"self": "[2, 2]"}``.

    Saved scalars and sizes (``alpha``, ``self_sym_sizes``) are left out: they
    are in every node and say little about memory or in-place hazards.
    """
    saved: dict[str, str] = {}
    freed = False
    for attr in _saved_attributes(type(fn)):
        try:
            value = getattr(fn, attr)
        except RuntimeError:
            # "Trying to backward through the graph a second time (or directly
            # access saved tensors after they have already been freed)".
            freed = True
            continue
        except Exception:
            continue
        text = _saved_shape(value)
        if text is not None:
            saved[attr[len(_SAVED_PREFIX) :]] = text
    if _is_custom_function(fn):
        # A custom autograd.Function keeps ctx.save_for_backward(...) here.
        try:
            text = _saved_shape(fn.saved_tensors)
            if text is not None:
                saved["saved_tensors"] = text
        except RuntimeError:
            freed = True
    return saved, freed


def _saved_attributes(node_type: type[Any]) -> tuple[str, ...]:
    """``_saved_self``, ``_saved_other``...: fixed per node class, so listed once per class.

    ``dir()`` of every node was most of a walk's time (torchviz pays it too).
    """
    known = _SAVED_ATTRIBUTES.get(node_type)
    if known is None:
        known = _SAVED_ATTRIBUTES[node_type] = tuple(sorted(a for a in dir(node_type) if a.startswith(_SAVED_PREFIX)))
    return known


_SAVED_ATTRIBUTES: dict[type[Any], tuple[str, ...]] = {}


def _is_custom_function(fn: Any) -> bool:
    return isinstance(fn, _backward_c_function())


@functools.lru_cache(maxsize=1)
def _backward_c_function() -> type:
    from torch.autograd.function import BackwardCFunction

    return BackwardCFunction


def _saved_shape(value: Any) -> str | None:
    if is_tensor(value):
        return "[" + ", ".join(str(s) for s in value.shape) + "]"
    if isinstance(value, (list, tuple)) and value and all(is_tensor(v) for v in value):
        return "(" + ", ".join(_saved_shape(v) or "" for v in value) + ")"
    return None
