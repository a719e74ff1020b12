"""A share written "per cent" (the British spelling) is a PERCENT, not MONEY:
the small model reads "cent" as a coin."""

from __future__ import annotations

from tests.analysis_helpers import analyse


def labels(pipeline, text: str) -> dict[str, str]:
    return {e.text: e.label for e in analyse(pipeline, text).entities}


def test_per_cent_is_a_percentage(pipeline) -> None:
    text = (
        "Rents in the valley rose by 7.5 per cent over the winter, the housing board said. "
        "Water bills went up 12 per cent in March.\n"
    )
    found = labels(pipeline, text)
    assert found.get("7.5 per cent") == "PERCENT"
    assert found.get("12 per cent") == "PERCENT"


def test_an_amount_in_cents_stays_money(pipeline) -> None:
    found = labels(pipeline, "A loaf now costs 95 cents in the village shop.\n")
    assert "PERCENT" not in found.values()
