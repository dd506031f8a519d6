"""Writing TensorLens text to a debugger's stream: plain, or coloured by rich.

Everything is produced as plain text first; colour is only a highlighting
pass over it, so a terminal and a pipe show the same words. Colour needs a
terminal and the optional ``rich`` package, and honours ``NO_COLOR`` (rich
does). No escape codes are written by hand.
"""

from __future__ import annotations

import os
from typing import IO, Any

# Style name -> pattern; rich's RegexHighlighter styles group <x> with "tl.x".
_HIGHLIGHTS = {
    "tl.kind": r"(?P<kind>\b(?:tensor|parameter|qtensor|nested|sparse_\w+|\w*Tensor|\w*Parameter)\[[^\]]*\])",
    "tl.dtype": r"(?P<dtype>\b(?:f8\w*|f16|bf16|f32|f64|c32|c64|c128|i8|i16|i32|i64|u8|u16|u32|u64|bool)\b)",
    "tl.device": r"(?P<device>\b(?:cuda|mps|xpu|meta)(?::\d+)?\b)",
    "tl.grad": r"(?P<grad>\bgrad_fn=\w+|\brequires_grad leaf\b|\b\w+Backward\d*\b|\bAccumulateGrad\b)",
    "tl.bad": r"(?P<bad>[+-]?\b(?:nan|inf)=\S+!|no finite values|MIXED\{[^}]*\}|^! .*$|^\S.* error: .*$)",
    "tl.note": r"(?P<note>\(sampled [^)]*\)|\(no [^)]*\)|\(shared, see above\)|shares numpy memory)",
}
_STYLES = {
    "tl.kind": "bold",
    "tl.dtype": "green",
    "tl.device": "cyan",
    "tl.grad": "magenta",
    "tl.bad": "bold red",
    "tl.note": "yellow",
}


class Printer:
    """Writes lines to ``stream``, coloured when it is a terminal and rich is installed."""

    def __init__(self, stream: IO[str], colour: bool | None = None) -> None:
        self.stream = stream
        self._console: Any = None
        self._highlighter: Any = None
        if colour is None:
            colour = _is_terminal(stream) and not os.environ.get("NO_COLOR")
        if colour:
            self._console, self._highlighter = _rich_console(stream)

    @property
    def coloured(self) -> bool:
        return self._console is not None

    def print(self, text: str) -> None:
        """Write ``text`` (one or more lines) followed by a newline."""
        if self._console is None:
            self.stream.write(text + "\n")
            self.stream.flush()
            return
        from rich.text import Text

        for line in text.split("\n"):
            self._console.print(self._highlighter(Text(line)), soft_wrap=True)


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except Exception:
        return False


def _rich_console(stream: IO[str]) -> tuple[Any, Any]:
    try:
        from rich.console import Console
        from rich.highlighter import RegexHighlighter
        from rich.theme import Theme
    except ImportError:
        return None, None  # rich is optional: plain text it is

    class TensorHighlighter(RegexHighlighter):
        base_style = "tl."
        highlights = list(_HIGHLIGHTS.values())

    console = Console(file=stream, theme=Theme(_STYLES), highlight=False, soft_wrap=True)
    return console, TensorHighlighter()
