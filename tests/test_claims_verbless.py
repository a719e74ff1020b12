"""A statement without a verb ("The worst inflation since the Great
Depression.") is a claim when it reads as prose and the model finds it worth
checking; a headline or a label line without a verb never is, and a figure
alone does not make one a statistic."""

from __future__ import annotations

from tests.analysis_helpers import analyse, claims_scored_by


def _kinds(pipeline, text: str, value: float) -> list[tuple[str, str]]:
    """(kind, text) of each claim, every sentence scored ``value``."""
    claims = claims_scored_by(pipeline, text, lambda sentence, span: value)
    return [(c.kind, text[c.start : c.end]) for c in claims]


def test_a_check_worthy_statement_without_a_verb_is_a_factual_claim(pipeline) -> None:
    text = "More Americans at work today than at any time in the history of the country.\n"
    claims = analyse(pipeline, text).claims
    assert [(c.kind, c.start, c.end) for c in claims] == [("factual", 0, len(text) - 1)]
    assert claims[0].score >= 0.5


def test_a_verbless_sentence_is_kept_only_above_the_threshold(pipeline) -> None:
    # A figure makes it a statistic, but the score decides whether it is one.
    text = "Thanks to all 40 volunteers from the harbour choir.\n"
    assert _kinds(pipeline, text, 0.9) == [("statistic", text.strip())]
    assert _kinds(pipeline, text, 0.3) == []


def test_a_sentence_with_a_verb_is_a_statistic_by_its_figure_alone(pipeline) -> None:
    text = "The harbour choir has 40 volunteers this winter.\n"
    assert _kinds(pipeline, text, 0.3) == [("statistic", text.strip())]


def test_headlines_and_labels_without_a_verb_are_no_claims(pipeline) -> None:
    for line in (
        "Highest Share Of Defence Spending In The Northern Alliance",
        "The Lowest Rents In The Valley For Twenty Years.",
        "Councillor Dana Okafor, former adviser to the Marlow Bay ferry board",
        "Tickets for all 40 concerts of the harbour festival:",
    ):
        assert _kinds(pipeline, line + "\n", 0.99) == [], line
