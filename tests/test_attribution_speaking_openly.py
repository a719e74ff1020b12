"""How openly someone speaks about a thing ("has been vague about X", "has
been vocal about Y") and a market view ("is bearish on Z") are stances: the
subject is the source, the object of the preposition the content, also when
the parser hangs the preposition on the copula. "Quiet" is no stance word."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import cued_claims

STANCES = {
    "vague": (
        "The regulator has been so vague about the rules for harbour subsidies.\n",
        ("The regulator", "has been so vague about", "the rules for harbour subsidies"),
    ),
    "vocal": (
        "The senator has been vocal about the harbour closures for months.\n",
        ("The senator", "has been vocal about", "the harbour closures"),
    ),
    # "on" hangs on "is" here, not on "bearish".
    "bearish": (
        "Mr. Okafor is bearish on the future of ferry bonds and expects prices to fall.\n",
        ("Mr. Okafor", "is bearish on", "the future of ferry bonds"),
    ),
}


@pytest.mark.parametrize("name", sorted(STANCES))
def test_speaking_openly_about_a_thing_is_a_stance(pipeline, name: str) -> None:
    text, expected = STANCES[name]
    assert expected in cued_claims(pipeline, text)


def test_quiet_is_no_stance(pipeline) -> None:
    assert cued_claims(pipeline, "The team was quiet about the transfer.\n") == []
