"""TL101 inplace-on-leaf."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.assignments import AUGMENTED_SYMBOLS
from tensorlens.analysis.describe import where
from tensorlens.analysis.events import InPlaceWrite
from tensorlens.analysis.rule_api import CodeOf, Edit, FixProposal, LineOf, Rule
from tensorlens.analysis.values import AbstractValue, Tri
from tensorlens.rules.rewrites import is_whole_statement, loop_names, operand_code, reads_attribute, root_name


class InplaceOnLeaf(Rule):
    """
    ## What it does
    Flags an in-place operation (`x.add_()`, `x += ...`, `x[i] = ...`, `x.zero_()`,
    `x.copy_()`, `out=x`) on a leaf tensor that requires grad (`requires_grad=True`,
    an `nn.Parameter`, a module's `.weight`/`.bias`, a loop variable over
    `model.parameters()`), or on a view of one, while autograd is recording
    (outside `torch.no_grad()`, `torch.inference_mode()`, `@torch.no_grad()` and
    `torch.set_grad_enabled(False)`).

    ## Why is this bad
    Autograd cannot record an in-place change to a leaf it must compute a gradient
    for: PyTorch raises `RuntimeError: a leaf Variable that requires grad is being
    used in an in-place operation` (or `a view of a leaf Variable ...`). A manual
    SGD step written as `p -= lr * p.grad` is the classic way to meet it.

    ## Example
    ```python
    import torch

    w = torch.randn(3, requires_grad=True)
    loss = (w * 2).sum()
    loss.backward()
    w -= 0.1 * w.grad
    ```

    ## Use instead
    ```python
    import torch

    w = torch.randn(3, requires_grad=True)
    loss = (w * 2).sum()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
    ```

    ## Fix
    Safe for an update of parameters: inside a loop over parameters the update is
    wrapped in `with torch.no_grad():` (the whole loop when its body only updates
    the loop variable, else the statement), and so is a gradient step that reads
    the tensor's own `.grad` (`w -= lr * w.grad`). The file's own name for torch
    is used (`T.no_grad()` after `import torch as T`). Other in-place arithmetic
    on a plain variable gets an unsafe fix that rebinds it out of place
    (`x += 1` -> `x = x + 1`, `x.add_(1)` -> `x = x.add(1)`): the variable is then
    no longer a leaf, which changes what the graph records and where gradients
    land. No fix for other writes to a parameter or to a view (rebinding a name
    would not change the tensor), nor where the file has no name for torch.

    ## References
    - https://pytorch.org/docs/stable/notes/autograd.html#in-place-operations-with-autograd
    - https://pytorch.org/docs/stable/generated/torch.no_grad.html
    """

    code = "TL101"
    triggers = ("requires_grad", "Parameter", "parameter", "weight", "bias")
    fixable = "sometimes"

    def on_in_place_write(self, event: InPlaceWrite) -> None:
        if event.grad_enabled is not Tri.YES:
            return
        target = event.target.value
        if _is_grad_leaf(target):
            subject = f"`{event.target.text}`"
            kind = "a parameter" if target.is_parameter else "a leaf tensor that requires grad"
            fact = target.requires_grad
            view = ""
        elif target.view_of is not None and _is_grad_leaf(target.view_of.value):
            subject = f"`{event.target.text}`"
            base = target.view_of
            kind = f"a view of `{base.text}`, " + ("a parameter" if base.value.is_parameter
                                                    else "a leaf tensor that requires grad")
            fact = base.value.requires_grad
            view = "a view of "
        else:
            return
        how = event.how

        def message(line_of: LineOf) -> str:
            return (f"in-place `{how}` on {subject}, {kind}{where(fact, line_of)}: autograd raises "
                    f"RuntimeError ('{view}a leaf Variable that requires grad is being used in an in-place "
                    f"operation'); wrap it in `with torch.no_grad():` or use an out-of-place op")

        related = [(fact.origin.node, "requires grad since here")] if fact.origin is not None else []
        parameter = (target.view_of.value if view and target.view_of is not None else target).is_parameter
        self.report(event.node, message, related, _fix(event, parameter, is_view=bool(view)))


def _is_grad_leaf(value: AbstractValue) -> bool:
    return value.requires_grad.value is True and value.is_leaf is Tri.YES


# In-place methods whose out-of-place twin is the same name without the underscore.
def _fix(event: InPlaceWrite, parameter: bool, is_view: bool) -> Optional[FixProposal]:
    """Under no_grad for a parameter or gradient update; else out of place for a plain variable."""
    name = root_name(event.target.node)
    if name is None:
        return None
    header = f"with {event.no_grad}():" if event.no_grad else None
    update_loop = next((loop for loop in reversed(event.loops) if name in loop_names(loop)), None) \
        if parameter else None
    wrapped: cst.CSTNode
    if update_loop is not None and _only_updates(update_loop.body, loop_names(update_loop)):
        wrapped = update_loop  # every update in the loop proposes this same edit
    elif event.statement is not None and is_whole_statement(event.statement, event.node):
        wrapped = event.statement
    else:
        return None
    if update_loop is not None or (event.statement is not None and reads_attribute(event.statement, name, "grad")):
        if header is None:
            return None
        what = "parameter update" if update_loop is not None else "gradient step"
        return FixProposal(f"run the {what} under `{event.no_grad}()`", True, [Edit(wrapped, header, "wrap")])
    if parameter or is_view or not isinstance(event.target.node, cst.Name):
        return None  # rebinding a parameter or a view would not change the tensor the code holds
    return _out_of_place(event.node, name)


def _out_of_place(node: cst.CSTNode, name: str) -> Optional[FixProposal]:
    """``x += v`` -> ``x = x + v``, ``x.add_(v)`` -> ``x = x.add(v)``: the graph records a new tensor."""
    if isinstance(node, cst.AugAssign):
        symbol = AUGMENTED_SYMBOLS.get(type(node.operator), "op=")[:-1]
        value = node.value

        def rebinding(code_of: CodeOf) -> str:
            return f"{name} = {name} {symbol} {operand_code(value, code_of(value))}"

        return FixProposal(f"rebind `{name}` to `{name} {symbol} ...` (out of place)", False, [Edit(node, rebinding)])
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
            and node.func.attr.value in api.OUT_OF_PLACE_TWINS and isinstance(node.func.value, cst.Name):
        twin = api.OUT_OF_PLACE_TWINS[node.func.attr.value]
        return FixProposal(f"rebind `{name}` to `{name}.{twin}(...)` (out of place)", False,
                           [Edit(node, f"{name} = ", "before"), Edit(node.func.attr, twin)])
    return None


def _only_updates(body: cst.BaseSuite, names: set[str]) -> bool:
    """Does a loop body only write through its loop variables (so all of it may run under no_grad)?"""
    statements: Sequence[cst.BaseStatement]
    if isinstance(body, cst.IndentedBlock):
        statements = body.body
    elif isinstance(body, cst.SimpleStatementSuite):
        statements = [cst.SimpleStatementLine(body.body)]
    else:
        return False
    for statement in statements:
        if isinstance(statement, cst.If):
            branches = [statement.body]
            orelse = statement.orelse
            while isinstance(orelse, cst.If):
                branches.append(orelse.body)
                orelse = orelse.orelse
            if orelse is not None:
                branches.append(orelse.body)
            if not all(_only_updates(branch, names) for branch in branches):
                return False
        elif not isinstance(statement, cst.SimpleStatementLine) or \
                not all(_is_update(small, names) for small in statement.body):
            return False
    return True


def _is_update(small: cst.BaseSmallStatement, names: set[str]) -> bool:
    if isinstance(small, (cst.Pass, cst.Continue, cst.Break)):
        return True
    if isinstance(small, cst.AugAssign):
        return root_name(small.target) in names
    if isinstance(small, cst.Assign):
        return all(isinstance(t.target, (cst.Attribute, cst.Subscript)) and root_name(t.target) in names
                   for t in small.targets)
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        func = small.value.func
        return isinstance(func, cst.Attribute) and func.attr.value.endswith("_") and root_name(func) in names
    return False
