"""TL108 requires-grad-typo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Optional

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.events import AttributeUse, KeywordArgument
from tensorlens.analysis.rule_api import Edit, FixProposal, LineOf, MessageText, Report, Rule
from tensorlens.analysis.values import AbstractValue, Kind

_OWNERS = (Kind.TENSOR, Kind.MODULE)


class RequiresGradTypo(Rule):
    """
    ## What it does
    Flags a misspelt `requires_grad` (`require_grad`, `requires_grads`,
    `requries_grad`...) set or read on a tensor or module, or passed as a keyword to
    a torch function, tensor or module method; and `t.requires_grad_ = True`,
    which replaces the method instead of calling it. A module class of the file
    that sets such an attribute on `self` in its methods owns it: setting and
    reading it on its instances is not flagged.

    ## Why is this bad
    Tensors and modules accept any new Python attribute, so `w.require_grad = True`
    and `w.requires_grad_ = True` run without a word and `w` still does not require
    grad: the parameter never trains, or a layer meant to be frozen keeps training.
    As a keyword, torch raises `TypeError` (unexpected keyword argument); reading the
    misspelt attribute raises `AttributeError`.

    ## Example
    ```python
    import torch

    temperature = torch.ones(1)
    temperature.requires_grads = True
    bias = torch.zeros(3)
    bias.requires_grad_ = True
    ```

    ## Use instead
    ```python
    import torch

    temperature = torch.ones(1)
    temperature.requires_grad = True
    bias = torch.zeros(3)
    bias.requires_grad_(True)
    ```

    ## Fix
    Safe: the name becomes `requires_grad`, for a keyword and for a tensor's
    attribute (`t.requires_grad_ = v` becomes `t.requires_grad = v`, the same as
    calling `t.requires_grad_(v)`). None on a module, which has no `requires_grad`
    attribute: there the fix is a call, `model.requires_grad_(v)`.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.Tensor.requires_grad_.html
    - https://pytorch.org/docs/stable/notes/autograd.html#setting-requires-grad
    """

    code = "TL108"
    # A finding needs a tensor (or module) the engine knows of.
    triggers = api.TENSOR_SOURCE_WORDS
    fixable = "sometimes"

    def __init__(self, sink: Callable[[Report], None]):
        super().__init__(sink)
        # Attributes a class of this file assigns through `self` in its methods, by class name.
        self._own_attributes: dict[str, set[str]] = {}

    def on_attribute_use(self, event: AttributeUse) -> None:
        base, attr = event.base, event.attr
        if base.value.kind not in _OWNERS:
            return
        subject = f"`{base.text}`" if base.text else f"the {_noun(base.value)}"
        value = base.value
        if attr == "requires_grad_" and event.store:
            def overwrite(line_of: LineOf) -> str:
                return (f"`requires_grad_ = ...` replaces the method `requires_grad_` of {subject} instead of "
                        f"calling it: {_grad_state(value, line_of)}; call `{base.text or 't'}.requires_grad_(...)`")

            self.report(event.name_node, overwrite, fix=_rename(event.name_node, value))
            return
        if not api.is_requires_grad_misspelling(attr) or self._is_own_attribute(event):
            return
        message: MessageText
        if event.store:
            def message(line_of: LineOf) -> str:
                return (f"`{attr}` is not `requires_grad`: assigning it adds a plain attribute to {subject} that "
                        f"PyTorch never reads, so {_grad_state(value, line_of)}; write `requires_grad`")
        else:
            message = (f"`{attr}` is not `requires_grad`: reading it on {subject} raises AttributeError; "
                       f"write `requires_grad`")
        self.report(event.name_node, message, fix=_rename(event.name_node, value))

    def _is_own_attribute(self, event: AttributeUse) -> bool:
        """``self.require_grad = ...`` in a method of the user's class defines the user's own attribute;
        reading or setting it later on an instance of that class is using it, not misspelling a torch one."""
        class_name = event.base.value.class_name
        if class_name is None:
            return False
        if event.store and event.base.text == "self":
            self._own_attributes.setdefault(class_name, set()).add(event.attr)
            return True
        return event.attr in self._own_attributes.get(class_name, ())

    def on_keyword_argument(self, event: KeywordArgument) -> None:
        if not api.is_requires_grad_misspelling(event.name):
            return
        receiver = event.receiver
        qualified = event.qualified
        if qualified is not None and qualified.split(".", 1)[0] == "torch":
            if qualified in api.REQUIRE_GRAD_PARAMETERS or "._" in qualified:
                return  # `Tensor._make_subclass(..., require_grad=...)` is spelled so; private APIs vary
            callee = f"`{qualified}()`"
        elif receiver is not None and receiver.value.kind in _OWNERS:
            callee = f"this {_noun(receiver.value)} method"
        else:
            return  # a function of the project's own may well take this name
        self.report(event.name_node,
                    f"`{event.name}=` is not `requires_grad=`: {callee} has no such parameter and raises "
                    f"TypeError (unexpected keyword argument); write `requires_grad=`",
                    fix=_rename(event.name_node))


def _rename(name_node: cst.CSTNode, owner: Optional[AbstractValue] = None) -> Optional[FixProposal]:
    """``requires_grad`` in place of the wrong name; a module's attribute of that name means nothing."""
    if owner is not None and owner.kind is not Kind.TENSOR:
        return None
    return FixProposal("write `requires_grad`", True, [Edit(name_node, "requires_grad")])


def _noun(value: AbstractValue) -> str:
    return "module" if value.kind is Kind.MODULE else "tensor"


def _grad_state(value: AbstractValue, line_of: LineOf) -> str:
    """What requires_grad stays at, in words, with where the tensor came from."""
    if value.kind is Kind.MODULE:
        return "its parameters' requires_grad stays as it was"
    flag = value.requires_grad.value
    origin = value.origin
    made = f" ({origin.how} at line {line_of(origin.node)})" if origin is not None else ""
    return f"requires_grad stays {'as it was' if flag is None else flag}{made}"
