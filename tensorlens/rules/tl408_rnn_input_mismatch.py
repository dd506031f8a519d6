"""TL408 rnn-input-mismatch."""

from __future__ import annotations

from typing import Optional

from tensorlens.analysis.describe import layer_phrase, shape_origins, shape_phrase
from tensorlens.analysis.events import LayerCalled
from tensorlens.analysis.layers import RecurrentCellLayer, RecurrentLayer, cell_output, recurrent_output
from tensorlens.analysis.rule_api import LineOf, Rule
from tensorlens.analysis.shapes import Mismatch


class RnnInputMismatch(Rule):
    """
    ## What it does
    Flags an `nn.LSTM`, `nn.GRU` or `nn.RNN` (or their cells) called on an input whose
    feature size certainly differs from the layer's `input_size` or whose rank is not
    2 or 3, and an initial hidden state whose rank or size does not match the input's
    batch (with `batch_first` as the layer was built): `(num_layers * directions,
    batch, hidden_size)`. Sizes must follow from literals.

    ## Why is this bad
    PyTorch raises `RuntimeError: input.size(-1) must be equal to input_size. Expected
    3, got 5` or `Expected hidden[0] size (2, 36, 256), got [2, 64, 256]`: a state
    kept from a larger batch, sequences laid out `(batch, seq)` for a layer built
    without `batch_first=True`, features of another size.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    lstm = nn.LSTM(input_size=3, hidden_size=2)
    sequence = torch.randn(6, 4, 5)
    output, (h, c) = lstm(sequence)
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    lstm = nn.LSTM(input_size=5, hidden_size=2)
    sequence = torch.randn(6, 4, 5)
    output, (h, c) = lstm(sequence)
    ```

    ## Fix
    None: the layer's sizes, the data's layout or the state's batch may be what is
    wrong.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.nn.LSTM.html
    - https://pytorch.org/docs/stable/generated/torch.nn.GRU.html
    """

    code = "TL408"
    # Recurrent layers are spelled `RNN`, `LSTM` or `GRU`.
    triggers = ("RNN", "LSTM", "GRU")

    def on_layer_called(self, event: LayerCalled) -> None:
        layer = event.layer
        shape = event.input.value.shape
        if shape is None:
            return
        mismatch: Optional[Mismatch] = None
        if isinstance(layer, RecurrentLayer):
            mismatch = recurrent_output(layer, shape, tuple(h.value.shape for h in event.state)).mismatch
        elif isinstance(layer, RecurrentCellLayer):
            output = cell_output(layer, shape)
            mismatch = output if isinstance(output, Mismatch) else None
        if mismatch is None:
            return
        module, given = event.module, event.input
        state = [h for h in event.state if h.value.shape is not None]
        error = mismatch

        def message(line_of: LineOf) -> str:
            held = "".join(f", state {shape_phrase(h.text, h.value, line_of)}" for h in state) \
                if "hidden" in error.error or "hx" in error.error else ""
            return (f"{layer_phrase(module.text, module.value, layer.describe(), line_of)} but gets input "
                    f"{shape_phrase(given.text, given.value, line_of)}{held} (RuntimeError: {error.error})")

        self.report(event.node, message, shape_origins((given, *state)))
