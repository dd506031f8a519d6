"""Text renderings of a ``GradChain``: an indented tree and Graphviz DOT."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tensorlens.runtime.grad_graph import GradChain, GradNode


def node_line(node: GradNode) -> str:
    """``MulBackward0 #3  other=[2, 2] self=[2, 2]``: name, shared id, saved values."""
    words = [node.name]
    if node.shared:
        words.append(f"#{node.id}")
    line = " ".join(words)
    details = " ".join(f"{k}={v}" for k, v in node.saved_shapes.items())
    if node.saved_freed:
        details = (details + " " if details else "") + "(saved tensors freed by backward)"
    if node.leaf_summary is not None:
        details = f"{node.leaf_name}: {node.leaf_summary}" if node.leaf_name else node.leaf_summary
    return f"{line}  {details}" if details else line


# Past this many levels the indentation wraps: a line shows its level and only the
# last WRAP_LEVELS levels' guides, so a 400-level graph stays within a terminal.
WRAP_LEVELS = 16
_GUIDE = 3  # characters of indentation per level


def render_tree(chain: GradChain) -> str:
    """The indented tree; a shared node is expanded once and referred to by #id after."""
    if chain.root is None:
        return chain.note or "no grad_fn"
    lines: list[str] = [node_line(chain.root)]
    expanded = {chain.root.id}
    # An explicit stack: graphs of long unrolled loops are deeper than Python's recursion limit.
    stack = [(child, "", i == len(chain.root.children) - 1)
             for i, child in reversed(list(enumerate(chain.root.children)))]
    while stack:
        node, indent, last = stack.pop()
        branch = "└─ " if last else "├─ "
        shown = _wrapped(indent)
        if node.id in expanded:
            lines.append(f"{shown}{branch}{node.name} #{node.id} (shared, see above)")
            continue
        expanded.add(node.id)
        lines.append(f"{shown}{branch}{node_line(node)}")
        child_indent = indent + ("   " if last else "│  ")
        if node.truncated:
            lines.append(f"{_wrapped(child_indent)}└─ …")
        count = len(node.children)
        stack.extend((child, child_indent, i == count - 1) for i, child in reversed(list(enumerate(node.children))))
    if chain.note:
        lines.append(f"({chain.note})")
    return "\n".join(lines)


def _wrapped(indent: str) -> str:
    """``indent``, or past WRAP_LEVELS levels ``[level 40] `` plus the innermost guides."""
    levels = len(indent) // _GUIDE
    if levels <= WRAP_LEVELS:
        return indent
    kept = (levels - 1) % WRAP_LEVELS + 1
    return f"[level {levels - kept}] " + indent[-kept * _GUIDE :]


def render_dot(chain: GradChain) -> str:
    """Graphviz DOT: one box per node, edges in the direction backward() travels."""
    lines = ["digraph grad_fn {", "  node [shape=box, fontname=monospace];"]
    for node in chain.nodes:
        label = node.name
        saved = " ".join(f"{k}={v}" for k, v in node.saved_shapes.items())
        if saved:
            label += "\\n" + _escape(saved)
        # The header, not the summary: statistics of every parameter would make a
        # large graph's DOT several times slower to build than its walk.
        if node.leaf_header is not None:
            leaf = f"{node.leaf_name}: {node.leaf_header}" if node.leaf_name else node.leaf_header
            label += "\\n" + _escape(leaf)
        style = ', style=filled, fillcolor="#dde8f7"' if node.is_leaf else ""
        lines.append(f'  n{node.id} [label="{_escape_name(node.name, label)}"{style}];')
        if node.truncated:
            lines.append(f'  n{node.id}_more [label="…", shape=plaintext];')
            lines.append(f"  n{node.id} -> n{node.id}_more;")
    for node in chain.nodes:
        for child in node.children:
            lines.append(f"  n{node.id} -> n{child.id};")
    if chain.root is None:
        lines.append(f'  empty [label="{_escape(chain.note or "no grad_fn")}", shape=plaintext];')
    lines.append("}")
    return "\n".join(lines)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _escape_name(name: str, label: str) -> str:
    # The label already holds escaped parts joined by DOT's own \n; only the
    # node name (from a user's custom Function) is still raw.
    return _escape(name) + label[len(name) :]
