"""TL110 activation-before-loss."""

from __future__ import annotations

from tensorlens.analysis.events import LossComputed
from tensorlens.analysis.rule_api import LineOf, Rule
from tensorlens.analysis.torch_api import Activation, LossInput

SOFTMAX, LOG_SOFTMAX, SIGMOID = Activation.SOFTMAX, Activation.LOG_SOFTMAX, Activation.SIGMOID

# Which activations' outputs are wrong as each kind of loss input, and what goes wrong.
# Left out on purpose: log_softmax into cross_entropy (log_softmax of log-probabilities gives them back
# unchanged: same loss, same gradients) and any activation into a probability loss (BCELoss raises for
# values outside [0, 1], so a mistake there is not silent).
WRONG_INPUTS: dict[LossInput, dict[Activation, str]] = {
    LossInput.LOGITS: {
        SOFTMAX: "it applies log_softmax itself, so the probabilities are softmaxed twice: the loss is squeezed "
                 "towards log(number of classes) and its gradients nearly vanish",
        SIGMOID: "it applies log_softmax itself to scores squashed into (0, 1): every class gets nearly the same "
                 "probability and the loss barely moves",
    },
    LossInput.BINARY_LOGITS: {
        SIGMOID: "it applies sigmoid itself, so the scores are squashed twice into (0.5, 0.73): the loss cannot "
                 "approach 0 and its gradients are small",
        SOFTMAX: "it applies sigmoid itself to probabilities in [0, 1], squashing them into (0.5, 0.73)",
        LOG_SOFTMAX: "it applies sigmoid itself to log-probabilities, which are never positive: every "
                     "prediction stays at or below 0.5",
    },
    LossInput.LOG_PROBABILITIES: {
        SOFTMAX: "it expects log-probabilities (log_softmax); with probabilities it minimizes -p instead of -log p "
                 "and learns far more slowly",
        SIGMOID: "it expects log-probabilities (log_softmax); sigmoid outputs are neither normalized nor logs",
    },
}

FIXES: dict[LossInput, str] = {
    LossInput.LOGITS: "pass the raw scores (logits) and keep softmax for predictions and metrics",
    LossInput.BINARY_LOGITS: "pass the raw scores (logits) and keep the activation for predictions and metrics",
    LossInput.LOG_PROBABILITIES: "use log_softmax (or pass the logits to cross_entropy)",
}


class ActivationBeforeLoss(Rule):
    """
    ## What it does
    Flags a classification loss whose input already went through the activation the
    loss applies itself, or one it cannot take:

    - `nn.CrossEntropyLoss` / `F.cross_entropy` (they apply `log_softmax`) given the
      output of `softmax` or `sigmoid`;
    - `nn.BCEWithLogitsLoss` / `F.binary_cross_entropy_with_logits` (they apply
      `sigmoid`) given the output of `sigmoid`, `softmax` or `log_softmax`;
    - `nn.NLLLoss` / `F.nll_loss` (they expect log-probabilities) given the output of
      `softmax` or `sigmoid`.

    The activation is followed through variables, reshapes and dtype or device copies
    (`probs.view(-1)`, `probs.float()`), a model's `forward` return value (`model(x)`),
    `nn.Softmax()`/`nn.Sigmoid()` modules, an `nn.Sequential` ending in one, and helper
    functions' return values. Probabilities used only for predictions, metrics or
    printing are not flagged, nor is `log_softmax` into `NLLLoss`, `sigmoid` into
    `BCELoss`, or `log_softmax` into `cross_entropy` (which gives the same loss).

    ## Why is this bad
    Nothing raises: the loss is computed on squashed values, stays near a constant and
    gives tiny gradients, so the model trains slowly or plateaus at a worse accuracy.
    The mismatch of loss and activation is the most reported root cause of silent
    training bugs (PYSIASSIST, SANER 2024: 62 of 365 forum posts), e.g.
    https://discuss.pytorch.org/t/do-i-need-to-use-softmax-before-nn-crossentropyloss/16739.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    model = nn.Sequential(nn.Linear(20, 5), nn.Softmax(dim=1))
    criterion = nn.CrossEntropyLoss()
    x, y = torch.randn(8, 20), torch.randint(0, 5, (8,))
    loss = criterion(model(x), y)
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    model = nn.Sequential(nn.Linear(20, 5))
    criterion = nn.CrossEntropyLoss()
    x, y = torch.randn(8, 20), torch.randint(0, 5, (8,))
    loss = criterion(model(x), y)
    probabilities = torch.softmax(model(x), dim=1)  # for predictions only
    ```

    ## Fix
    None: removing the activation changes what the model returns, which its other
    callers (prediction, export, metrics) may rely on. Move the activation out of the
    training path by hand.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html
    - https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html
    - https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html
    """

    code = "TL110"
    triggers = ("Loss", "loss", "entropy")  # every loss class name has "Loss"; the functions "loss" or "entropy"

    def on_loss_computed(self, event: LossComputed) -> None:
        activated = event.input.value.activated
        if activated is None:
            return
        why = WRONG_INPUTS.get(event.expects, {}).get(activated.activation)
        if why is None:
            return
        loss, scores, applied = event.loss, event.input.text, activated.label
        fix = FIXES[event.expects]

        def message(line_of: LineOf) -> str:
            subject = f"`{scores}`" if scores else "its input"
            return (f"`{loss}` is given {subject}, the output of {applied} (line {line_of(activated.node)}): {why}; "
                    f"{fix}")

        self.report(event.node, message, [(activated.node, f"{applied} applied here")])
