"""Verbs of regarding with "X as Y" ("treated the merger as a threat", "regard
the treaty as a turning point"): how the subject presents X is a view, the
subject its source. Without "as" they report nothing ("treated the injured")."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import cued_claims

VIEWS = {
    "treat": (
        "Regulators treated the merger as a threat to fair prices in the region.\n",
        ("Regulators", "treated", "the merger as a threat to fair prices in the region"),
    ),
    "cover": (
        "The local paper covered the strike as a fight over pensions.\n",
        ("The local paper", "covered", "the strike as a fight over pensions"),
    ),
    # spaCy's lemma of "rated" is "rat".
    "rate": (
        "The board rated the proposal as a risk to small savers.\n",
        ("The board", "rated", "the proposal as a risk to small savers"),
    ),
    "regard": (
        "Historians regard the treaty as a turning point for the region.\n",
        ("Historians", "regard", "the treaty as a turning point for the region"),
    ),
}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_a_view_with_as_is_reported(pipeline, name: str) -> None:
    text, expected = VIEWS[name]
    assert expected in cued_claims(pipeline, text)


def test_without_as_the_verb_reports_nothing(pipeline) -> None:
    text = "Paramedics treated the injured drivers at the scene of the crash.\n"
    assert cued_claims(pipeline, text) == []


def test_as_after_a_comma_opens_a_clause_not_a_view(pipeline) -> None:
    # The parser reads "loom" as a noun, making "as" a preposition of "see";
    # after the comma it is "while", and the shoppers report nothing.
    text = (
        "Shoppers could soon see higher prices on everyday goods, from toys to cars,"
        " as new tariffs from abroad loom.\n"
    )
    assert cued_claims(pipeline, text) == []
