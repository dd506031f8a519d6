"""The rule catalogue: codes, names, severities and one-line summaries.

This is the only piece shared by the static analyzer and the runtime side
(SPEC.md, "Rule catalogue"). It is plain data and imports nothing heavy, so the
runtime sanitizer can report with the same codes without importing libcst.
Each rule's full documentation is its class docstring in ``tensorlens.rules``;
:mod:`tensorlens.rule_docs` makes the pages ``help_uri`` points at.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

DISTRIBUTION = "torch-tensorlens"
"""The package's name on PyPI (``tensorlens`` there is an unrelated package); the import name stays ``tensorlens``."""

DOCUMENTATION_URL = "https://github.com/tensorlens/tensorlens/blob/main/docs"
"""Where docs/ is published; the same as pyproject.toml's [project.urls] Documentation, which wins when installed."""


class Severity(str, Enum):
    """How bad a finding is: ``error`` raises or silently corrupts results."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class RuleInfo:
    """One entry of the catalogue."""

    code: str
    name: str
    severity: Severity
    summary: str

    @property
    def help_uri(self) -> str:
        """Where the rule's documentation page (docs/rules/CODE.md, generated from its docstring) is published."""
        return f"{documentation_url()}/rules/{self.code}.md"


@lru_cache(maxsize=1)
def documentation_url() -> str:
    """The Documentation URL of the installed distribution's metadata, else :data:`DOCUMENTATION_URL`."""
    from importlib import metadata

    try:
        urls: list[str] = metadata.metadata(DISTRIBUTION).get_all("Project-URL") or []
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return DOCUMENTATION_URL
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "documentation" and url.strip():
            return url.strip().rstrip("/")
    return DOCUMENTATION_URL


_E, _W = Severity.ERROR, Severity.WARNING

CATALOGUE: dict[str, RuleInfo] = {
    info.code: info
    for info in (
        RuleInfo("TL000", "syntax-error", _E, "the file does not parse"),
        RuleInfo("TL101", "inplace-on-leaf", _E,
                 "in-place op on a leaf tensor that requires grad, or on a view of one"),
        RuleInfo("TL102", "inplace-on-saved-tensor", _E,
                 "in-place change of a tensor autograd saved for backward"),
        RuleInfo("TL103", "backward-twice", _E,
                 "a second backward() through the same graph without retain_graph=True"),
        RuleInfo("TL104", "graph-accumulation", _W,
                 "a history-carrying tensor accumulated across loop iterations"),
        RuleInfo("TL105", "missing-zero-grad", _W,
                 "a training loop that never zeroes gradients"),
        RuleInfo("TL106", "data-attribute", _W,
                 "`.data` hiding a change or a use from autograd: a saved tensor or a computed result "
                 "written through it, a parameter's `.data` in forward()"),
        RuleInfo("TL107", "nonleaf-grad", _W,
                 "`.grad` read on a non-leaf tensor that never called retain_grad()"),
        RuleInfo("TL108", "requires-grad-typo", _E,
                 "a misspelt requires_grad that PyTorch silently ignores"),
        RuleInfo("TL109", "index-0dim", _E,
                 "indexing a 0-dim tensor (`loss.data[0]`): IndexError since PyTorch 0.4"),
        RuleInfo("TL110", "activation-before-loss", _E,
                 "softmax/log_softmax/sigmoid output fed to a loss that applies it again or cannot take it"),
        RuleInfo("TL111", "step-order", _E,
                 "zero_grad() between backward() and step(), a scheduler stepped first, an optimizer never stepped"),
        RuleInfo("TL112", "eval-mode", _W,
                 "a model with Dropout/BatchNorm evaluated while in training mode"),
        RuleInfo("TL113", "graph-break", _E,
                 "the loss or output rebuilt as a new leaf before backward(): no gradient reaches the model"),
        RuleInfo("TL114", "view-as-permute", _W,
                 "view/reshape to the tensor's own sizes in another order where permute was meant"),
        RuleInfo("TL201", "device-mismatch", _E,
                 "one op mixes tensors or modules on different devices"),
        RuleInfo("TL202", "discarded-to", _E,
                 "a tensor's .to()/.cuda()/.cpu() result is discarded"),
        RuleInfo("TL203", "numpy-on-cuda", _E, "`.numpy()` on a tensor that is not on the CPU"),
        RuleInfo("TL204", "factory-without-device", _W,
                 "a tensor factory in forward() without device= mixed with the input"),
        RuleInfo("TL301", "numpy-shared-mutation", _W,
                 "an in-place write through one side of shared numpy/torch memory"),
        RuleInfo("TL302", "numpy-requires-grad", _E,
                 "`.numpy()` on a tensor that requires grad"),
        RuleInfo("TL401", "linear-input-mismatch", _E,
                 "nn.Linear's in_features differs from its input's last dimension"),
        RuleInfo("TL402", "matmul-mismatch", _E, "a matrix product whose inner dimensions differ"),
        RuleInfo("TL403", "cat-mismatch", _E, "torch.cat/stack of tensors whose other dimensions differ"),
        RuleInfo("TL404", "broadcast-mismatch", _E, "an elementwise op on shapes that cannot broadcast"),
        RuleInfo("TL405", "view-size-mismatch", _E, "view/reshape to sizes that cannot hold the elements"),
        RuleInfo("TL406", "conv-input-mismatch", _E,
                 "a convolution or pooling input of the wrong rank, channels or size"),
        RuleInfo("TL407", "loss-shape-mismatch", _E, "a loss whose target shape cannot go with its input"),
        RuleInfo("TL408", "rnn-input-mismatch", _E, "an LSTM/GRU/RNN input or hidden state of the wrong size"),
    )
}


def rule_info(code: str) -> RuleInfo:
    """The catalogue entry for ``code`` (``KeyError`` if unknown)."""
    return CATALOGUE[code]


def resolve_codes(selectors: list[str]) -> set[str]:
    """Expand code prefixes (``TL1``, ``TL10``, ``ALL``) to catalogue codes.

    Raises ``ValueError`` naming the first selector that matches nothing.
    """
    codes: set[str] = set()
    for selector in selectors:
        selector = selector.strip().upper()
        if not selector:
            continue
        if selector == "ALL":
            codes.update(CATALOGUE)
            continue
        matched = {code for code in CATALOGUE if code.startswith(selector)}
        if not matched:
            raise ValueError(f"unknown rule code or prefix: {selector!r}")
        codes.update(matched)
    return codes
