"""TL406 conv-input-mismatch."""

from __future__ import annotations

from typing import Union

from tensorlens.analysis.describe import layer_phrase, shape_origins, shape_phrase
from tensorlens.analysis.events import LayerCalled
from tensorlens.analysis.layers import ConvLayer, PoolLayer, conv_output, pool_output
from tensorlens.analysis.rule_api import LineOf, Rule
from tensorlens.analysis.shapes import Mismatch, Shape, ShapeOrMismatch


class ConvInputMismatch(Rule):
    """
    ## What it does
    Flags a convolution (`nn.Conv1d/2d/3d`, `nn.ConvTranspose*`, `F.conv*`) or a
    pooling layer called on an input it cannot take: a rank other than the layer's
    (unbatched or batched: `Conv2d` takes 3-D or 4-D), a channel count that certainly
    differs from the layer's `in_channels`, or a spatial size too small for the kernel
    (a map pooled once too often). The sizes must follow from literals.

    ## Why is this bad
    PyTorch raises `RuntimeError: Given groups=1, weight of size [6, 1, 5, 5],
    expected input[64, 3, 32, 32] to have 1 channels, but got 3 channels instead` (or
    `Expected 3D (unbatched) or 4D (batched) input to conv2d`): an RGB image into a
    grayscale model, a batch without its channel axis, an extra batch axis.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    conv = nn.Conv2d(1, 6, 5)
    images = torch.rand(64, 3, 32, 32)
    features = conv(images)
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    conv = nn.Conv2d(3, 6, 5)
    images = torch.rand(64, 3, 32, 32)
    features = conv(images)
    ```

    ## Fix
    None: the layer's `in_channels`, the data (grayscale conversion, `unsqueeze(1)`)
    or the input size may be what is wrong.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html
    - https://pytorch.org/docs/stable/generated/torch.nn.MaxPool2d.html
    """

    code = "TL406"
    # Convolutions and pooling are spelled `Conv`, `conv`, `Pool` or `pool`.
    triggers = ("Conv", "conv", "Pool", "pool")

    def on_layer_called(self, event: LayerCalled) -> None:
        layer = event.layer
        shape = event.input.value.shape
        if shape is None or not isinstance(layer, (ConvLayer, PoolLayer)):
            return
        mismatch = _output(layer, shape)
        if not isinstance(mismatch, Mismatch):
            return
        module, given = event.module, event.input
        functional = module.value.kind.value == "tensor"
        described = f"a convolution weight of shape {module.value.shape}" if functional else layer.describe()

        def message(line_of: LineOf) -> str:
            return (f"{layer_phrase(module.text, module.value, described, line_of)} but its input "
                    f"{shape_phrase(given.text, given.value, line_of)} cannot go through it "
                    f"(RuntimeError: {mismatch.error})")

        related = shape_origins([given])
        if module.value.origin is not None:
            related.append((module.value.origin.node, f"`{module.text or 'the layer'}` is made here"))
        self.report(event.node, message, related)


def _output(layer: Union[ConvLayer, PoolLayer], shape: Shape) -> ShapeOrMismatch:
    return conv_output(layer, shape) if isinstance(layer, ConvLayer) else pool_output(layer, shape)
