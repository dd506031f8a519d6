"""Compact JSON about a stopped frame's tensors, for editor views (VS Code's TensorLens panel).

The editor calls these through DAP ``evaluate`` in the stopped frame, with
``context: "repl"`` (or ``"watch"``) and ``format: {"rawString": true}`` so
that debugpy returns the JSON text unquoted and unabridged::

    __import__('tensorlens.runtime.editor_view', fromlist=['frame_json']).frame_json(locals())

Neither function reads tensor data (``summary`` is the O(1) header), and
neither raises: on any failure the JSON has an ``"error"`` key.

``frame_json(namespace)`` — schema version 1::

    {"version": 1,
     "tensors": [{"id": "model.fc.weight",     # unique in the frame (a repeated name gets "#2", "#3")
                  "name": "model.fc.weight",   # x, batch["x"], outs[0], model.fc.weight
                  "shape": [3, 4],             # null entries for ragged nested dims
                  "dtype": "float32", "device": "cpu",
                  "requires_grad": true, "is_leaf": true,
                  "grad_fn": null,             # or "MeanBackward0"
                  "module": "model",           # the local holding it, for module members
                  "kind": "parameter",         # "tensor" | "parameter" | "buffer"
                  "numel": 12,
                  "summary": "parameter[3, 4] f32 cpu requires_grad leaf",
                  "same_as": null}],           # another path to a tensor listed before: its name
                                               # (`p` for net.fc.weight after `for p in net.parameters()`)
     "modules": [{"name": "model", "class": "Net", "parameters": 21,   # elements
                  "devices": ["cpu"], "dtypes": ["float32"], "training": true}],
     "devices": ["cpu", "meta"],               # every device a tensor is on, sorted
     "device_mixture": true,                   # tensors that could meet in one op are on
                                               # different devices (0-dim CPU tensors do
                                               # not count: PyTorch lets them mix)
     "numpy_shares": [{"tensor": "t", "array": "a"}],
     "truncated": false,                       # the frame held more tensors than listed (the walk's
                                               # 2,000, or MAX_FRAME_ROWS rows, or FRAME_BUDGET_S)
     "unlisted": [{"name": "batch", "entries": 4936}],  # locals' list/tuple/dict entries past the
                                               # walk's per-container limit, never looked at
     "skipped": [{"name": "b", "error": "..."}]}  # tensors whose metadata could not be read

``grad_graph_json(tensor, depth=32)`` — schema version 1::

    {"version": 1, "root": "n0",               # null when the tensor has no grad_fn
     "nodes": [{"id": "n0", "name": "MeanBackward0",
                "leaf": null,                  # AccumulateGrad: summary of its leaf tensor
                "leaf_name": null,             # AccumulateGrad: its name in ``namespace``
                "shared": false,               # reached by more than one edge
                "saved": {"self": "[2, 2]"},   # shapes of tensors saved for backward
                "truncated": false,            # depth or node limit: children not walked
                "module": "model.layer1"}],    # the module that owns it (grad_modules), at the
                                               # finest level giving at most 48 modules
     "edges": [{"from": "n0", "to": "n1"}],    # one per next_functions entry (repeats kept)
     "note": ""}                               # why there is no graph, or what was cut
"""

from __future__ import annotations

import json
import time
from typing import Any

SCHEMA_VERSION = 1
MAX_FRAME_ROWS = 1_000  # tensor rows in one frame report (aliases count: each is a row)
FRAME_BUDGET_S = 0.25  # reading headers stops here: a slow tensor subclass must not hang the view
_FULL_SUMMARIES_UP_TO = 300  # nodes; the editor folds bigger graphs by module anyway


def frame_json(namespace: dict[str, Any]) -> str:
    """JSON describing every tensor and module reachable from ``namespace`` (a frame's ``locals()``)."""
    try:
        from tensorlens.runtime.frame import FrameTensors, frame_tensors

        found = frame_tensors(dict(namespace))
        modules = [entry.name for entry in found.modules]
        ids = _UniqueIds()
        tensors: list[dict[str, Any]] = []
        readable, skipped = [], []
        # Bounded in size and time: the report crosses DAP as one string (~200 bytes a row, most of
        # the wait), and the view pages its rows a hundred at a time anyway.
        deadline = time.perf_counter() + FRAME_BUDGET_S
        cut = False
        for row in found.tensors:
            if len(tensors) >= MAX_FRAME_ROWS or time.perf_counter() > deadline:
                cut = True
                break
            try:
                entry = _tensor_entry(row)
            except Exception as exc:  # one broken tensor subclass must not hide the frame
                skipped.append({"name": row.name, "error": _reason(exc)})
                continue
            readable.append(row)
            tensors.append({"id": ids.of(row.name), **entry, "same_as": None})
            # The same tensor wherever else the frame reaches it: `for p in net.parameters()` must not
            # take a parameter away from `net`.
            for alias in row.aliases:
                module = _owning_module(alias, modules)
                tensors.append({"id": ids.of(alias), **entry, "name": alias, "module": module,
                                "kind": _kind(row.tensor, module), "same_as": row.name})
        # The frame-level flags are asked of the rows whose metadata could be read.
        found = FrameTensors(readable, found.modules, found.numpy_aliases, found.truncated or cut)
        document = {
            "version": SCHEMA_VERSION,
            "tensors": tensors,
            "modules": [_module_entry(entry.name, entry.module) for entry in found.modules],
            "devices": sorted({entry["device"] for entry in tensors}),
            "device_mixture": bool(found.mixed_devices),
            "numpy_shares": [{"tensor": a.tensor_name, "array": a.array_name} for a in found.numpy_aliases],
            "truncated": bool(found.truncated),
            "unlisted": _unlisted_entries(namespace),
            "skipped": skipped,
        }
        return _dumps(document)
    except Exception as exc:  # the editor shows the message; the debug session goes on
        return _error(exc)


def grad_graph_json(
    tensor: Any, depth: int = 32, namespace: dict[str, Any] | None = None, max_nodes: int = 5_000
) -> str:
    """JSON of ``tensor``'s backward graph; ``namespace`` (optional) names the leaves.

    ``max_nodes`` bounds the walk (and the debugger's wait); past ``_FULL_SUMMARIES_UP_TO``
    nodes a leaf is described by its O(1) header, since statistics read every parameter's data.
    """
    try:
        from tensorlens.runtime.grad_graph import grad_fn_chain
        from tensorlens.runtime.grad_modules import module_of_nodes

        names = {}
        if namespace is not None:
            from tensorlens.runtime.frame import frame_tensors

            names = frame_tensors(dict(namespace)).names()
        chain = grad_fn_chain(tensor, depth, names=names, max_nodes=max_nodes)
        with_statistics = len(chain.nodes) <= _FULL_SUMMARIES_UP_TO
        # The editor collapses a graph of hundreds of nodes by module; the grouping is the runtime's.
        modules = module_of_nodes(chain)[0] if chain.root is not None else {}
        nodes = [
            {
                "id": _node_id(node),
                "name": node.name,
                "leaf": node.leaf_summary if with_statistics else node.leaf_header,
                "leaf_name": node.leaf_name,
                "shared": node.shared,
                "saved": dict(node.saved_shapes),
                "truncated": node.truncated,
                "module": modules.get(node.id),
            }
            for node in chain.nodes
        ]
        edges = [{"from": _node_id(node), "to": _node_id(child)} for node in chain.nodes for child in node.children]
        root = _node_id(chain.root) if chain.root is not None else None
        return _dumps({"version": SCHEMA_VERSION, "root": root, "nodes": nodes, "edges": edges, "note": chain.note})
    except Exception as exc:
        return _error(exc)


def _unlisted_entries(namespace: dict[str, Any]) -> list[dict[str, Any]]:
    """Locals holding more entries than the walk reads (a dict of 5,000 tensors shows 64): the editor
    says how many were left out instead of showing a partial container as if it were whole."""
    from tensorlens.runtime.debug.containers import builtin_len
    from tensorlens.runtime.frame import MAX_ITEMS

    unlisted = []
    for name, value in list(namespace.items()):
        if not isinstance(name, str) or name.startswith("__"):
            continue
        size = builtin_len(value)
        if size is not None and size > MAX_ITEMS:
            unlisted.append({"name": name, "entries": size - MAX_ITEMS})
    return unlisted


def _tensor_entry(row: Any) -> dict[str, Any]:
    t = row.tensor
    grad_fn = t.grad_fn
    return {
        "name": row.name,
        "shape": _shape(t),
        "dtype": _dtype_name(t.dtype),
        "device": str(t.device),
        "requires_grad": bool(t.requires_grad),
        "is_leaf": bool(t.is_leaf),
        "grad_fn": type(grad_fn).__name__ if grad_fn is not None else None,
        "module": row.module,
        "kind": _kind(t, row.module),
        "numel": int(t.numel()),
        "summary": row.header,
    }


class _UniqueIds:
    """Ids for the editor's tree, unique in one frame: names repeat where a path cannot be spelt
    (``optimizer.state[<Parameter>]["exp_avg"]``, one per parameter)."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def of(self, name: str) -> str:
        count = self._seen.get(name, 0)
        self._seen[name] = count + 1
        return name if count == 0 else f"{name}#{count + 1}"


def _owning_module(path: str, modules: list[str]) -> str | None:
    """The module local whose member ``path`` is (``net`` for ``net.fc.weight``), the innermost one."""
    owners = [name for name in modules if path.startswith(name + ".")]
    return max(owners, key=len) if owners else None


def _module_entry(name: str, module: Any) -> dict[str, Any]:
    # defined in torch/nn/parameter.py, missing from torch/nn/parameter.pyi
    from torch.nn.parameter import UninitializedTensorMixin  # type: ignore[attr-defined]

    params = [p for p in module.parameters() if not isinstance(p, UninitializedTensorMixin)]
    tensors = params + list(module.buffers())
    return {
        "name": name,
        "class": type(module).__name__,
        "parameters": sum(p.numel() for p in params),
        "devices": sorted({str(t.device) for t in tensors}),
        "dtypes": sorted({_dtype_name(p.dtype) for p in params}),
        "training": bool(module.training),
    }


def _kind(t: Any, module: str | None) -> str:
    import torch

    if isinstance(t, torch.nn.Parameter):
        return "parameter"
    return "buffer" if module is not None else "tensor"


def _shape(t: Any) -> list[int | None]:
    if t.is_nested:
        return [_nested_size(t, d) for d in range(t.dim())]
    return [int(s) for s in t.shape]


def _nested_size(t: Any, dim: int) -> int | None:
    try:
        return int(t.size(dim))
    except RuntimeError:  # a ragged dimension has no single size
        return None


def _dtype_name(dtype: Any) -> str:
    return str(dtype).removeprefix("torch.")


def _node_id(node: Any) -> str:
    return f"n{node.id - 1}"  # GradNode ids count from 1 in discovery order; the root is n0


def _dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, separators=(",", ":"))


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _error(exc: BaseException) -> str:
    return _dumps({"version": SCHEMA_VERSION, "error": _reason(exc)})
