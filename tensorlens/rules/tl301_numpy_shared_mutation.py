"""TL301 numpy-shared-mutation."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from tensorlens.analysis.events import SharedWriteObserved
from tensorlens.analysis.rule_api import Edit, FixProposal, LineOf, Rule
from tensorlens.analysis.values import AliasGroup, Kind


class NumpySharedMutation(Rule):
    """
    ## What it does
    Flags an in-place write through one side of memory that a NumPy array and a
    tensor share (`torch.from_numpy(a)`, `torch.as_tensor(a)`, `t.numpy()`,
    `np.asarray(t)`) when the other side is read afterwards: `a += 1`, `a[...] = 0`,
    `t.add_(1)`, `np.copyto(a, ...)`.

    ## Why is this bad
    These calls do not copy. A write through the array silently changes the tensor
    (and the reverse), so training data, targets or saved results change behind
    the code's back, with no error.

    ## Example
    ```python
    import numpy as np
    import torch

    a = np.ones(3)
    t = torch.from_numpy(a)
    a += 1
    print(t)  # tensor([2., 2., 2.])
    ```

    ## Use instead
    ```python
    import numpy as np
    import torch

    a = np.ones(3)
    t = torch.tensor(a)  # a copy
    a += 1
    print(t)  # tensor([1., 1., 1.])
    ```

    ## Fix
    Unsafe: `torch.from_numpy(a)` becomes `torch.tensor(a)` and `.numpy()` becomes
    `.numpy().copy()`; both cost a copy, and code that relied on the sharing changes.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.from_numpy.html
    - https://pytorch.org/docs/stable/generated/torch.Tensor.numpy.html
    """

    code = "TL301"
    triggers = ("from_numpy", "as_tensor", "asarray", "asanyarray", "numpy")
    fixable = "sometimes"

    def on_shared_write_observed(self, event: SharedWriteObserved) -> None:
        writer, reader, alias = event.writer, event.reader, event.alias
        writer_kind = "numpy array" if writer.value.kind is Kind.NDARRAY else "tensor"
        reader_kind = "tensor" if reader.value.kind is Kind.TENSOR else "numpy array"
        how = event.how

        def message(line_of: LineOf) -> str:
            return (f"`{how}` writes through {writer_kind} `{writer.text}`, which shares memory with "
                    f"{reader_kind} `{reader.text}` ({alias.description} at line {line_of(alias.origin)}); "
                    f"`{reader.text}` read at line {line_of(reader.node)} sees the change")

        self.report(event.node, message, [(alias.origin, "memory is shared from here"),
                                          (reader.node, "the change is observed here")], _fix(alias))


def _fix(alias: AliasGroup) -> Optional[FixProposal]:
    """Copy where the sharing is made; every finding about one alias proposes the same edit."""
    call = alias.origin
    if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute):
        return None
    method = call.func.attr.value
    if method in ("from_numpy", "as_tensor") and len(call.args) == 1:
        return FixProposal(f"copy the array: `{method}(...)` -> `tensor(...)`", False,
                           [Edit(call.func.attr, "tensor")])
    if method == "numpy" and not call.args:
        return FixProposal("copy the tensor's data: `.numpy()` -> `.numpy().copy()`", False,
                           [Edit(call, ".copy()", "after")])
    return None
