"""A gerund of saying after a preposition that hangs on an adverb of the verb
("aside from saying X", "stopped short of calling Y") is a report of the
verb's subject, and the report it trails keeps its own content."""

from __future__ import annotations

from tests.analysis_helpers import cued_claims


def test_apart_from_noting_is_the_subjects_own_report(pipeline) -> None:
    text = (
        "The governor declined to discuss the budget, apart from noting that taxes"
        " would not rise.\n"
    )
    claims = cued_claims(pipeline, text)
    assert ("The governor", "noting", "that taxes would not rise") in claims
    assert ("The governor", "declined", "to discuss the budget") in claims


def test_stopped_short_of_calling_names_the_caller(pipeline) -> None:
    text = "The senator criticized the ruling but stopped short of calling it unconstitutional.\n"
    claims = cued_claims(pipeline, text)
    assert ("The senator", "calling", "it unconstitutional") in claims
