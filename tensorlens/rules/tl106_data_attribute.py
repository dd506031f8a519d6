"""TL106 data-attribute."""

from __future__ import annotations

from collections.abc import Callable

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.describe import where
from tensorlens.analysis.events import AttributeUse, InPlaceWrite, OperandsMeet, SavedTensorModified
from tensorlens.analysis.rule_api import LineOf, Report, Rule
from tensorlens.analysis.values import AbstractValue, Tri, ViewBase


class DataAttribute(Rule):
    """
    ## What it does
    Flags `.data` where it makes autograd compute the wrong gradient without an error:
    - a write through `.data` (an in-place method, an augmented or slice assignment,
      `t.data = new`, a name bound to `t.data`) to a tensor that a graph saved for a
      backward() that then runs (`y = x ** 2; x.data *= 100; y.backward()`);
    - a write through `.data` to a result autograd computed (it has a `grad_fn`),
      with grad on: the gradients that flow through it ignore the change;
    - `self.weight.data` (a parameter's `.data`) used in `forward()` to compute the
      output: no gradient reaches that parameter, so it never trains.

    Writes through `.data` that harm nothing are not flagged: initializing parameters
    before any graph exists, optimizer-style updates after `backward()`, clamping
    after `optimizer.step()`, reads consumed at once (`x.data.cpu().numpy()`).

    ## Why is this bad
    `.data` shares memory with the tensor but is invisible to autograd: a write
    through it skips the version counter that protects tensors saved for backward,
    so the backward that saved the old values uses the new ones without an error, and
    an op on `.data` is not recorded, so no gradient flows through it. It is a
    leftover of the pre-0.4 Variable API; `torch.no_grad()` and `.detach()` say what
    is meant and keep the checks.

    ## Example
    ```python
    import torch

    x = torch.arange(4.0, requires_grad=True)
    y = x ** 2
    x.data *= 100
    y.sum().backward()
    ```

    ## Use instead
    ```python
    import torch

    x = torch.arange(4.0, requires_grad=True)
    y = x ** 2
    y.sum().backward()
    with torch.no_grad():
        x *= 100
    ```

    ## Fix
    None offered: whether the write belongs after the backward, in a clone or under
    `torch.no_grad()` is the author's call, and the same write without `.data` makes
    a backward that relied on skipping the version check raise (which is then the
    real bug, surfaced).

    ## References
    - https://pytorch.org/docs/stable/generated/torch.no_grad.html
    - https://pytorch.org/blog/pytorch-0_4_0-migration-guide/#what-about-data
    - https://github.com/d2l-ai/d2l-en/issues/1345
    """

    code = "TL106"
    # A finding needs a tensor (or module) the engine knows of.
    triggers = api.TENSOR_SOURCE_WORDS

    def __init__(self, sink: Callable[[Report], None]) -> None:
        super().__init__(sink)
        self._reported: set[int] = set()  # writes already reported where they happen

    def on_saved_tensor_modified(self, event: SavedTensorModified) -> None:
        if not event.hidden or id(event.node) in self._reported:
            return
        self._reported.add(id(event.node))
        saved, through = event.saved, event.target_text or ".data"
        role = "its output" if saved.role == "output" else "as an input"
        backward = f"`{event.root.text}.backward()`" if event.root.text else "the backward()"
        change = "assigning" if event.how == "`.data =`" else f"in-place `{event.how}` through"

        def message(line_of: LineOf) -> str:
            return (f"{change} `{through}` changes a tensor that `{saved.by.op}` saved for backward ({role}) at "
                    f"line {line_of(saved.by.node)}; {backward} at line {line_of(event.backward)} then computes "
                    f"its gradients from the new values without an error (`.data` skips autograd's version "
                    f"check); change it after the backward, or change a copy")

        self.report(event.node, message, [(saved.by.node, "saved for backward here"),
                                          (event.backward, "backward runs here")])

    def on_in_place_write(self, event: InPlaceWrite) -> None:
        alias = event.target.value.data_of
        if alias is None or event.grad_enabled is not Tri.YES or not _computed(alias.value):
            return
        self._reported.add(id(event.node))
        how, through, subject = event.how, event.target.text or ".data", alias.text

        def message(line_of: LineOf) -> str:
            via = f"`{through}`" if through == f"{subject}.data" else \
                f"`{through}` (`{subject}.data` at line {line_of(alias.origin)})"
            return (f"in-place `{how}` through {via} changes `{subject}`, {_computed_from(alias, line_of)}, "
                    f"where autograd cannot see it: gradients through `{subject}` ignore the change (and a "
                    f"backward that saved it uses the new values); compute it out of place "
                    f"(`{subject} = ...`) so autograd records it")

        self.report(event.node, message, [(alias.origin, "`.data` read here")] if alias.origin is not event.node
                    else None)

    def on_attribute_use(self, event: AttributeUse) -> None:
        base = event.base
        if event.attr != "data" or not event.store or event.converts_own_data \
                or event.grad_enabled is not Tri.YES or not _computed(base.value):
            return
        self._reported.add(id(event.node))
        subject = base.text or "the tensor"
        alias = ViewBase(subject, base.value, event.node)

        def message(line_of: LineOf) -> str:
            return (f"assigning `{subject}.data` swaps the values of `{subject}`, {_computed_from(alias, line_of)}, "
                    f"behind autograd's back: gradients through `{subject}` ignore the change; assign the new "
                    f"tensor to `{subject}` itself")

        self.report(event.node, message)

    def on_operands_meet(self, event: OperandsMeet) -> None:
        if not event.in_forward or event.grad_enabled is Tri.NO or event.operation == "comparison":
            return
        for operand in event.operands:
            alias = operand.value.data_of
            if alias is None or not alias.value.is_parameter or id(operand.node) in self._reported:
                continue
            if not any(other is not operand for other in event.operands):
                continue
            self._reported.add(id(operand.node))
            subject = alias.text

            def message(line_of: LineOf, subject: str = subject, text: str = operand.text) -> str:
                return (f"`{text}` in forward() computes the output from the values of `{subject}` outside "
                        f"autograd: no gradient reaches `{subject}`, so it never trains; use `{subject}` itself")

            self.report(operand.node, message)


def _computed(value: AbstractValue) -> bool:
    """A result autograd recorded (not a leaf): a write behind its back changes what flows to the leaves. A view of
    a leaf (``weight[:n].data.uniform_()`` initializing part of a parameter) is not: it writes the leaf's own
    values, which autograd reads as they are."""
    if value.view_of is not None and value.view_of.value.is_leaf is Tri.YES:
        return False
    return value.has_grad_fn is Tri.YES and value.requires_grad.value is True and not value.is_parameter


def _computed_from(alias: ViewBase, line_of: LineOf) -> str:
    return f"a result autograd computed{where(alias.value.requires_grad, line_of)}"
