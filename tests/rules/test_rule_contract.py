"""Every rule agrees with itself: catalogue entry, module name, documentation, handlers, doc examples.

A rule is a catalogue entry (code, name, severity), a module ``tlNNN_name.py``,
a docstring in the sections SPEC.md names, and ``on_<event>`` handlers the
engine finds by name: a misspelt handler would silently never run, so every
``on_`` method must be an engine event's handler. Each documented ``Example``
must fire the rule and each ``Use instead`` must not.
"""

import inspect
import re

import pytest

from tensorlens.analysis.engine import analyze_source
from tensorlens.analysis.events import ALL_EVENTS, InPlaceWrite
from tensorlens.catalogue import CATALOGUE
from tensorlens.rules import Rule, rule_classes, select_rules

SECTIONS = ("What it does", "Why is this bad", "Example", "Use instead", "Fix", "References")
HANDLERS = {event.handler: event for event in ALL_EVENTS}
CODES = list(rule_classes())

_SECTION = re.compile(r"^## (?P<title>.+?)\s*$", re.M)
_PYTHON_BLOCK = re.compile(r"```python\n(?P<code>.*?)```", re.S)


def sections(code: str) -> dict[str, str]:
    """A rule's documentation split at its ``## `` headings, in order."""
    documentation = rule_classes()[code].documentation()
    headings = list(_SECTION.finditer(documentation))
    return {heading.group("title"): documentation[heading.end():following.start() if following else None].strip()
            for heading, following in zip(headings, [*headings[1:], None])}


def python_blocks(text: str) -> list[str]:
    return [match.group("code") for match in _PYTHON_BLOCK.finditer(text)]


def test_every_catalogue_entry_but_the_syntax_error_is_a_rule():
    assert set(CATALOGUE) - set(CODES) == {"TL000"}


@pytest.mark.parametrize("code", CODES)
def test_module_name_matches_code_and_name(code):
    rule = rule_classes()[code]
    info = CATALOGUE[code]
    assert rule.code == info.code == code
    expected = f"tensorlens.rules.{code.lower()}_{info.name.replace('-', '_')}"
    assert rule.__module__ == expected
    assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", info.name), info.name


@pytest.mark.parametrize("code", CODES)
def test_documentation_has_the_sections_in_order(code):
    found = sections(code)
    assert tuple(found) == SECTIONS
    for title, text in found.items():
        assert text, f"{code}: section {title!r} is empty"
    assert python_blocks(found["Example"]) and python_blocks(found["Use instead"]), code


def handler_problems(rule: type[Rule]) -> list[str]:
    """What is wrong with a rule's ``on_`` methods: an unknown event, a handler typed for another event."""
    handlers = [name for name, _ in inspect.getmembers(rule, inspect.isfunction) if name.startswith("on_")]
    if not handlers:
        return ["it handles no event, so it can never fire"]
    problems = []
    for name in handlers:
        if name not in HANDLERS:
            problems.append(f"{name} is no engine event's handler (events: {sorted(HANDLERS)})")
            continue
        annotation = inspect.signature(getattr(rule, name)).parameters["event"].annotation
        if annotation not in (HANDLERS[name].__name__, HANDLERS[name]):
            problems.append(f"{name} takes {annotation}, the engine hands it {HANDLERS[name].__name__}")
    return problems


@pytest.mark.parametrize("code", CODES)
def test_every_on_method_is_an_engine_event_handler(code):
    assert handler_problems(rule_classes()[code]) == []


def test_a_misspelt_handler_is_caught():
    # The rule API refuses the class as soon as it is defined (tensorlens/analysis/rule_api.py).
    with pytest.raises(TypeError, match="on_inplace_write, which no engine event calls"):
        class Misspelt(Rule):
            code = "TL101"

            def on_inplace_write(self, event: InPlaceWrite) -> None:
                pass


@pytest.mark.parametrize("code", CODES)
def test_each_example_fires_and_each_use_instead_does_not(code):
    found = sections(code)
    for title, fires in (("Example", True), ("Use instead", False)):
        for block in python_blocks(found[title]):
            compile(block, f"{code}_{title}.py", "exec")
            result = analyze_source(block, f"{code}_{title}.py", select_rules())
            assert not result.internal_errors, result.internal_errors
            codes = [finding.code for finding in result.findings]
            assert (code in codes) is fires, f"{code} {title}: {codes}\n{block}"
