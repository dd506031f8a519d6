"""TL302 numpy-requires-grad."""

from __future__ import annotations

from tensorlens.analysis.describe import where
from tensorlens.analysis.events import Call
from tensorlens.analysis.rule_api import LineOf, Rule
from tensorlens.analysis.values import Tri
from tensorlens.rules.tl203_numpy_on_cuda import converted_tensor, list_converted, numpy_fix


class NumpyRequiresGrad(Rule):
    """
    ## What it does
    Flags `t.numpy()` (or `np.asarray(t)`, `np.array(t)`) on a tensor known to require grad (a parameter, a tensor made
    with `requires_grad=True`, a model's output) while autograd is recording,
    unless it passes `force=True`.

    ## Why is this bad
    A NumPy array cannot carry autograd history, and PyTorch refuses to drop it
    silently: `RuntimeError: Can't call numpy() on Tensor that requires grad. Use
    tensor.detach().numpy() instead.`

    ## Example
    ```python
    import torch

    embedding = torch.randn(10, 2, requires_grad=True)
    points = embedding.numpy()
    ```

    ## Use instead
    ```python
    import torch

    embedding = torch.randn(10, 2, requires_grad=True)
    points = embedding.detach().numpy()
    ```

    ## Fix
    Safe: `.numpy()` becomes `.detach().numpy()` (the array shares memory, exactly as
    before), `np.asarray(t)` becomes `np.asarray(t.detach())`. On a tensor off the
    CPU the fix is `.detach().cpu()`, the same edit TL203 proposes.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.Tensor.numpy.html
    - https://pytorch.org/docs/stable/generated/torch.Tensor.detach.html
    """

    code = "TL302"
    triggers = ("numpy", "matplotlib")
    fixable = "always"

    def on_call(self, event: Call) -> None:
        receiver = converted_tensor(event)
        # Under no_grad PyTorch lets numpy() through even on a tensor that requires grad.
        if receiver is None or event.grad_enabled is not Tri.YES or receiver.value.requires_grad.value is not True:
            return
        short = (event.qualified or '').replace('numpy.', 'np.').replace('matplotlib.pyplot.', 'plt.')
        how = ".numpy()" if event.method else f"{short}()"
        value = receiver.value
        subject = f"`{receiver.text}`" if receiver.text else "the tensor"
        kind = "is a parameter" if value.is_parameter else "requires grad"
        fact = value.requires_grad

        listed = list_converted(event, receiver)
        advice = f"`{receiver.text or 't'}.detach().numpy()`" if listed is None else \
            f"detached tensors (`torch.stack({listed}).detach().numpy()`)"

        def message(line_of: LineOf) -> str:
            return (f"{subject} {kind}{where(fact, line_of)}: `{how}` raises RuntimeError (Can't call numpy() on "
                    f"Tensor that requires grad); use {advice}")

        related = [(fact.origin.node, "requires grad since here")] if fact.origin is not None else []
        self.report(event.node, message, related, numpy_fix(event, receiver))
