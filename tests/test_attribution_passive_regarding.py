"""Passives of regarding with no named source ("the blackout was treated as an
accident", "most promises were rated as false"): a view of the subject held by
someone unnamed, the subject with its complement the content. Without "as"
("the injured were treated at the scene", "treated for an infection", "rated
for 400 miles") nothing is ascribed."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import cued_claims

VIEWS = {
    "treat": (
        "The blackout was treated as an accident at first.\n",
        (None, "was treated", "The blackout was treated as an accident"),
    ),
    # spaCy's lemma of "rated" is "rat".
    "rate": (
        # Not "in the review": a work named there is the source (test_attribution_in_a_work).
        "Most of the council's promises were rated as false last year.\n",
        (None, "were rated", "Most of the council's promises were rated as false"),
    ),
}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_a_passive_view_has_an_unnamed_source(pipeline, name: str) -> None:
    text, expected = VIEWS[name]
    assert expected in cued_claims(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "The injured were treated at the scene of the crash.\n",
        "At first the patient was treated for a chest infection at the clinic.\n",
        "The new battery is rated for 400 miles on one charge.\n",
    ],
    ids=["at", "care", "specification"],
)
def test_without_as_the_passive_ascribes_nothing(pipeline, text: str) -> None:
    assert cued_claims(pipeline, text) == []
