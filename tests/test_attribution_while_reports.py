""" "Police said A, while a witness claimed B": a contrast clause that is a
second report, with its own source and content, is a claim of its own and
not part of the first one's content. A "while" clause that only tells what
else happened stays in the content."""

from __future__ import annotations

from tests.analysis_helpers import cued_claims


def test_a_while_clause_with_its_own_report_is_a_second_claim(pipeline) -> None:
    text = "Police said the driver fled, while a witness claimed the car was red.\n"
    claims = cued_claims(pipeline, text)
    assert ("Police", "said", "the driver fled") in claims
    assert ("a witness", "claimed", "the car was red") in claims


def test_a_whereas_clause_with_a_perfect_report_is_cut_too(pipeline) -> None:
    text = (
        "The harbour master said the ferry would sail on Monday, whereas the crew"
        " have insisted that the engine is still broken.\n"
    )
    claims = cued_claims(pipeline, text)
    assert ("The harbour master", "said", "the ferry would sail on Monday") in claims
    [insisted] = [c for c in claims if c[1] == "have insisted"]
    assert insisted[0] == "the crew"
    assert insisted[2] is not None and "the engine is still broken" in insisted[2]


def test_a_while_clause_without_a_report_stays_in_the_content(pipeline) -> None:
    text = "Police said the driver fled while the officers watched from the bridge.\n"
    claims = cued_claims(pipeline, text)
    assert claims == [
        ("Police", "said", "the driver fled while the officers watched from the bridge")
    ]


def test_a_though_clause_with_its_own_report_is_a_second_claim(pipeline) -> None:
    text = (
        "The harbour master said the new ferry had sailed on time all week, though she"
        " noted that the winter timetable would be slower.\n"
    )
    claims = cued_claims(pipeline, text)
    assert ("The harbour master", "said", "the new ferry had sailed on time all week") in claims
    [noted] = [c for c in claims if c[1] == "noted"]
    assert noted[0] == "she"
    assert noted[2] is not None and "the winter timetable would be slower" in noted[2]


def test_a_because_clause_stays_in_what_is_reported(pipeline) -> None:
    # A reason is part of the report: only contrast and concession stand beside it.
    text = (
        "The harbour master said the ferry was late because the crew reported"
        " that the engine had failed.\n"
    )
    [said] = [c for c in cued_claims(pipeline, text) if c[1] == "said"]
    assert said[2] is not None and "because the crew reported" in said[2]
