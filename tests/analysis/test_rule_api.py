"""The rule API the engine offers: a misspelt handler is an error, not a rule that silently never runs."""

import pytest

from tensorlens.analysis.events import ALL_EVENTS
from tensorlens.analysis.rule_api import Rule


def test_a_rule_with_a_misspelt_handler_fails_when_defined():
    with pytest.raises(TypeError, match="on_in_place_writes, which no engine event calls"):
        class Misspelt(Rule):
            code = "TL101"

            def on_in_place_writes(self, event):
                pass


@pytest.mark.parametrize("event", ALL_EVENTS, ids=lambda event: event.__name__)
def test_every_event_handler_name_is_accepted(event):
    namespace = {"code": "TL101", event.handler: lambda self, e: None}
    rule = type("Handles" + event.__name__, (Rule,), namespace)
    assert getattr(rule, event.handler) is namespace[event.handler]
