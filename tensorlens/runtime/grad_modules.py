"""A backward graph collapsed by module: one line per ``model.encoder.layer.3``, not per node.

A transformer's graph has thousands of autograd nodes; drawn node by node it
is unreadable. Parameters carry the module they belong to in their names
(``model.encoder.layer.3.attn.q.weight``, from ``frame_tensors``), so:

1. an ``AccumulateGrad`` leaf belongs to its parameter's module;
2. a node that feeds a parameter directly (``AddmmBackward0`` -> bias, or
   through a one-input view such as ``TBackward0`` -> weight) belongs to
   the module those parameters share;
3. any other node (activations, residual adds, the loss) belongs to the
   module of its input computed last in the forward pass (the one with the
   longest path to the leaves): ``x + self.attn(x)`` belongs to the block
   whose ``attn`` it adds, not to the one that made ``x``;
4. modules are cut to ``level`` name parts, chosen by default as the finest
   level that gives at most ``MAX_GROUPS`` groups.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tensorlens.runtime.grad_graph import GradChain, GradNode

MAX_GROUPS = 48
_VIEW_REACH = 2  # TBackward0 -> AccumulateGrad: a weight reached through a view still counts
_UNNAMED = "(unnamed inputs)"
_FEEDS_SHOWN = 4


@dataclass(eq=False)
class ModuleGroup:
    """The autograd nodes of one module (at the chosen level)."""

    name: str
    nodes: int = 0
    ops: Counter[str] = field(default_factory=Counter)
    parameters: int = 0  # AccumulateGrad leaves
    feeds: list[str] = field(default_factory=list)  # groups backward goes to next, in discovery order

    def line(self) -> str:
        """``model.layer.3  41 nodes (AddmmBackward0 x6, ...), 4 parameters -> model.layer.2``."""
        top = ", ".join(f"{name} x{count}" if count > 1 else name for name, count in self.ops.most_common(3))
        more = ", …" if len(self.ops) > 3 else ""
        params = f", {self.parameters} parameter{'s' if self.parameters != 1 else ''}" if self.parameters else ""
        shown = ", ".join(self.feeds[:_FEEDS_SHOWN])
        extra = f" and {len(self.feeds) - _FEEDS_SHOWN} more" if len(self.feeds) > _FEEDS_SHOWN else ""
        arrow = f" -> {shown}{extra}" if self.feeds else ""
        return f"{self.name}  {self.nodes} node{'s' if self.nodes != 1 else ''} ({top}{more}){params}{arrow}"


@dataclass(eq=False)
class ModuleGraph:
    """A ``GradChain`` collapsed by module; ``str()`` gives one line per group."""

    groups: list[ModuleGroup]
    level: int
    total_nodes: int
    note: str = ""

    def text(self) -> str:
        """One line per module, backward order (the loss's module first)."""
        if not self.groups:
            return self.note or "no grad_fn"
        head = f"{self.total_nodes} autograd nodes in {len(self.groups)} modules (level {self.level}):"
        lines = [head, *(group.line() for group in self.groups)]
        if self.note:
            lines.append(f"({self.note})")
        return "\n".join(lines)

    def dot(self) -> str:
        """Graphviz DOT: one box per module, edges in the direction backward() travels."""
        index = {group.name: i for i, group in enumerate(self.groups)}
        lines = ["digraph grad_fn_by_module {", "  node [shape=box, fontname=monospace];"]
        for i, group in enumerate(self.groups):
            label = f"{group.name}\\n{group.nodes} nodes, {group.parameters} parameters"
            lines.append(f'  m{i} [label="{_escape(label)}"];')
        for i, group in enumerate(self.groups):
            lines.extend(f"  m{i} -> m{index[target]};" for target in group.feeds)
        lines.append("}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()


def collapse_by_module(chain: GradChain, level: int | None = None) -> ModuleGraph:
    """Group ``chain``'s nodes by the module that owns them (see the module docstring)."""
    if chain.root is None:
        return ModuleGraph([], 0, 0, note=chain.note)
    owners, level = module_of_nodes(chain, level)
    groups: dict[str, ModuleGroup] = {}
    for node in chain.nodes:  # discovery order: the loss's module comes first
        name = owners[node.id]
        group = groups.setdefault(name, ModuleGroup(name))
        group.nodes += 1
        group.ops[node.name] += 1
        group.parameters += node.is_leaf
        for child in node.children:
            target = owners[child.id]
            if target != name and target not in group.feeds:
                group.feeds.append(target)
    return ModuleGraph(list(groups.values()), level, len(chain.nodes), note=chain.note)


def module_of_nodes(chain: GradChain, level: int | None = None) -> tuple[dict[int, str], int]:
    """Node id -> its module's name cut to ``level`` parts, and the level used (see the module docstring)."""
    owners = _owners(chain)
    depth = max((len(owner.split(".")) for owner in owners.values()), default=1)
    if level is None:
        fitting = (lvl for lvl in range(depth, 0, -1) if len({_cut(o, lvl) for o in owners.values()}) <= MAX_GROUPS)
        level = next(fitting, 1)
    return {node_id: _cut(owner, level) for node_id, owner in owners.items()}, level


def _owners(chain: GradChain) -> dict[int, str]:
    """Node id -> owning module path, children decided before their parents."""
    owners: dict[int, str] = {}
    heights: dict[int, int] = {}
    for node in _post_order(chain.root):
        heights[node.id] = 1 + max((heights.get(child.id, 0) for child in node.children), default=0)
        owners[node.id] = _own_module(node) or _inherited(node, owners, heights)
    return owners


def _post_order(root: GradNode | None) -> list[GradNode]:
    order: list[GradNode] = []
    seen: set[int] = set()
    stack: list[tuple[GradNode, bool]] = [(root, False)] if root is not None else []
    while stack:
        node, children_done = stack.pop()
        if children_done:
            order.append(node)
            continue
        if node.id in seen:
            continue
        seen.add(node.id)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.children) if child.id not in seen)
    return order


def _own_module(node: GradNode) -> str | None:
    """The module of the parameters this node feeds directly (None when it feeds none)."""
    if node.is_leaf:
        return _leaf_module(node)
    found = [module for module in (_reached_parameter(child, _VIEW_REACH) for child in node.children) if module]
    return _common_prefix(found) if found else None


def _reached_parameter(node: GradNode, reach: int) -> str | None:
    while reach > 0:
        if node.is_leaf:
            module = _leaf_module(node)
            return module if module != _UNNAMED and "." in (node.leaf_name or "") else None
        if len(node.children) != 1:
            return None
        node = node.children[0]
        reach -= 1
    return None


def _leaf_module(node: GradNode) -> str:
    name = node.leaf_name
    if not name:
        return _UNNAMED
    # model.fc.weight belongs to model.fc; a plain local (x) is its own group
    return name.rsplit(".", 1)[0] if "." in name else name


def _inherited(node: GradNode, owners: dict[int, str], heights: dict[int, int]) -> str:
    below = [child for child in node.children if owners.get(child.id, _UNNAMED) != _UNNAMED]
    if not below:
        return _UNNAMED
    latest = max(below, key=lambda child: heights.get(child.id, 0))  # max() keeps the first of equals
    return owners[latest.id]


def _common_prefix(modules: list[str]) -> str:
    parts = modules[0].split(".")
    for other in modules[1:]:
        other_parts = other.split(".")
        keep = 0
        while keep < min(len(parts), len(other_parts)) and parts[keep] == other_parts[keep]:
            keep += 1
        parts = parts[:keep]
    return ".".join(parts) or _UNNAMED


def _cut(owner: str, level: int) -> str:
    if owner == _UNNAMED:
        return owner
    return ".".join(owner.split(".")[:level])


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\\\\n", "\\n")
