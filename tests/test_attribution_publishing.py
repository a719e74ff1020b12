""" "The ferry company released an ad featuring X", "the board sent a letter":
putting out a document reports what it says, with the document (and what the
sentence says it does) as the content. A participle that is a cue itself
("issued a statement calling X Y") reports for the issuer on its own. A
document only planned ("will release its report") or a passive with no one
named puts out nothing yet."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import cued_claims as _claims


def test_released_ad_reports_what_it_shows(pipeline) -> None:
    text = "The ferry company released an ad featuring footage of the closed pier.\n"
    assert _claims(pipeline, text) == [
        ("The ferry company", "released", "an ad featuring footage of the closed pier")
    ]


def test_a_participle_cue_reports_for_the_issuer(pipeline) -> None:
    text = "The island council issued a statement calling the closure a mistake.\n"
    assert _claims(pipeline, text) == [("The island council", "calling", "the closure a mistake")]


def test_sent_letter_is_a_report(pipeline) -> None:
    text = "On Thursday the harbour board sent a cease-and-desist letter.\n"
    assert _claims(pipeline, text) == [("the harbour board", "sent", "a cease-and-desist letter")]


@pytest.mark.parametrize(
    "text",
    [
        "The ferry company will release its annual report next week.\n",
        "The annual report was released on Monday.\n",
    ],
    ids=["planned", "passive"],
)
def test_document_not_yet_put_out_reports_nothing(pipeline, text) -> None:
    assert _claims(pipeline, text) == []


def test_writing_a_document_reports_it(pipeline) -> None:
    text = "The harbour master wrote a memoir of her years on the island.\n"
    assert _claims(pipeline, text) == [("The harbour master", "wrote", "a memoir of her years")]


def test_writing_a_clause_still_reports_the_clause(pipeline) -> None:
    text = "The harbour master wrote that the pier would reopen in May.\n"
    assert _claims(pipeline, text) == [
        ("The harbour master", "wrote", "that the pier would reopen in May")
    ]
