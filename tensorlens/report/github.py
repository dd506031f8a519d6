"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=F,line=L,col=C,title=TL101::message``, as SPEC.md fixes it
(``::warning`` for warning rules and for problems with suppression comments).
Escaping follows the Actions runner: ``%``, CR and LF everywhere, and also
``:`` and ``,`` inside properties.
"""

from __future__ import annotations

from collections.abc import Sequence

from tensorlens.report.escape import printable
from tensorlens.results import DirectiveWarning, Finding


def escape_data(text: str) -> str:
    """The runner's escapes (CR and LF as the runner decodes them), then the terminal ones: an ESC or BEL in a
    file name or message never reaches the log raw."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, **properties: object) -> str:
    fields = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{level} {fields}::{escape_data(message)}"


def render_github(findings: Sequence[Finding], warnings: Sequence[tuple[str, DirectiveWarning]] = ()) -> str:
    lines = [
        annotation(f.severity, f.message, file=f.path, line=f.span.line, col=f.span.column, title=f.code)
        for f in findings
    ]
    lines += [annotation("warning", w.message, file=path, line=w.line, col=w.column,
                         title="tensorlens suppression comment")
              for path, w in warnings]
    return "".join(line + "\n" for line in lines)
