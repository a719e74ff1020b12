"""A source's request about its own name ("who asked not to be named") is no
claim: only what that source says is."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import cued_claims

TEXTS = {
    "asked not to be named": (
        "A senior engineer, who asked not to be named, said the bridge had been shut twice."
    ),
    "declined to be identified": (
        "A clerk who declined to be identified told reporters the files had been moved."
    ),
    "asked that her name not be used": (
        "The nurse asked that her name not be used and said the ward had no heating."
    ),
    "asked to remain anonymous": (
        "One farmer, who asked to remain anonymous, said the river had flooded his barn."
    ),
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_request_for_anonymity_is_no_claim(pipeline, name: str) -> None:
    claims = cued_claims(pipeline, TEXTS[name] + "\n")
    assert claims, "the source's statement is still a claim"
    for speaker, cue, content in claims:
        assert (speaker or "").lower() not in ("who", "that")
        assert cue not in ("asked", "declined")
        assert not (content or "").startswith(("not to be", "to be", "that her name", "to remain"))


def test_asking_for_something_else_still_reports(pipeline) -> None:
    text = "The union asked the council to name a new chair before the summer.\n"
    assert any(cue == "asked" for _, cue, _ in cued_claims(pipeline, text))
