"""Printer: plain text off a terminal, rich colour on one, plain without rich."""

from __future__ import annotations

import io

from tensorlens.runtime.render import Printer


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


LINE = "x  tensor[2, 2] f32 cuda:0 grad_fn=MulBackward0 μ=1.0 nan=3!"


def test_plain_when_not_a_terminal() -> None:
    out = io.StringIO()
    Printer(out).print(LINE)
    assert out.getvalue() == LINE + "\n"


def test_colour_on_a_terminal(monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    out = FakeTerminal()
    printer = Printer(out)
    assert printer.coloured
    printer.print(LINE)
    text = out.getvalue()
    assert "\x1b[" in text
    # Colour decorates; the words are unchanged.
    assert "tensor[2, 2]" in text and "MulBackward0" in text and "nan=3!" in text


def test_no_color_is_honoured(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert not Printer(FakeTerminal()).coloured


def test_plain_without_rich(run_py) -> None:
    code = (
        "import sys, io; sys.modules['rich'] = None\n"
        "from tensorlens.runtime.render import Printer\n"
        "class T(io.StringIO):\n    def isatty(self): return True\n"
        "out = T(); p = Printer(out, colour=True); p.print('tensor[1] f32 cpu'); "
        "print(p.coloured, repr(out.getvalue()))"
    )
    result = run_py(["-c", code])
    assert result.stdout.strip() == "False 'tensor[1] f32 cpu\\n'", result.stderr
