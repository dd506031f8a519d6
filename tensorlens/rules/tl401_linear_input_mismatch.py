"""TL401 linear-input-mismatch."""

from __future__ import annotations

from tensorlens.analysis.describe import layer_phrase, shape_origins, shape_phrase
from tensorlens.analysis.events import LayerCalled
from tensorlens.analysis.layers import LinearLayer
from tensorlens.analysis.rule_api import LineOf, Rule
from tensorlens.analysis.shapes import Mismatch, linear


class LinearInputMismatch(Rule):
    """
    ## What it does
    Flags an `nn.Linear` (or `F.linear`) called on a tensor whose last dimension
    certainly differs from the layer's `in_features`: both sizes follow from literals
    (the layer's constructor arguments, the input's factory or the layers it went
    through), e.g. the classic CNN whose `fc1 = nn.Linear(16 * 5 * 5, 120)` was written
    for 32x32 images and gets the 16x4x4 features of 28x28 ones. A size the engine
    only knows by name (a constructor parameter, `x.size(0)`) never contradicts.

    ## Why is this bad
    PyTorch raises `RuntimeError: mat1 and mat2 shapes cannot be multiplied (64x256
    and 400x120)` the first time the layer runs.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    features = torch.randn(64, 16, 4, 4)
    fc1 = nn.Linear(16 * 5 * 5, 120)
    out = fc1(features.flatten(1))
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    features = torch.randn(64, 16, 4, 4)
    fc1 = nn.Linear(16 * 4 * 4, 120)
    out = fc1(features.flatten(1))
    ```

    ## Fix
    None: whether the layer or the input (its image size, a missing flatten or
    pooling) is wrong is a design decision.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.nn.Linear.html
    """

    code = "TL401"
    # A layer's sizes come from torch.nn.Linear or F.linear: the name is in the file.
    triggers = ("Linear", "linear")

    def on_layer_called(self, event: LayerCalled) -> None:
        layer = event.layer
        shape = event.input.value.shape
        if not isinstance(layer, LinearLayer) or shape is None:
            return
        mismatch = linear(shape, layer.in_features, layer.out_features)
        if not isinstance(mismatch, Mismatch):
            return
        module, given = event.module, event.input
        functional = module.value.kind.value == "tensor"
        described = f"a weight of shape {module.value.shape}" if functional else layer.describe()

        def message(line_of: LineOf) -> str:
            return (f"{layer_phrase(module.text, module.value, described, line_of)} but its input "
                    f"{shape_phrase(given.text, given.value, line_of)} has last dimension {shape.at(-1)}, not "
                    f"{layer.in_features} (RuntimeError: {mismatch.error})")

        related = shape_origins([given])
        if module.value.origin is not None:
            related.append((module.value.origin.node, f"`{module.text or 'the layer'}` takes "
                                                      f"{layer.in_features} features from here"))
        self.report(event.node, message, related)
