"""A speaker followed by ", who added that ...": the clause is a claim of its own."""

from __future__ import annotations

from tests.analysis_helpers import cued_claims


def test_speaker_ends_before_a_reporting_relative_clause(pipeline) -> None:
    text = (
        '"We cannot wait another winter," said harbour master Ivar Strand, who added '
        "that the new quay would open in April.\n"
    )
    claims = cued_claims(pipeline, text)
    said = [c for c in claims if c[1] == "said"]
    assert said and said[0][0] == "harbour master Ivar Strand"
    added = [c for c in claims if c[1] == "added"]
    assert added and added[0][0] == "who"
    assert added[0][2] is not None and "the new quay would open in April" in added[0][2]


def test_a_misread_that_clause_is_still_the_content(pipeline) -> None:
    # The parse reads "the ruling" as a modifier and "evidence" as the object
    # of "added", so the cue has no clause of its own.
    text = (
        '"We will take this further," said company lawyer Eva Lund, who added that '
        "the ruling ignored expert evidence.\n"
    )
    claims = cued_claims(pipeline, text)
    said = [c for c in claims if c[1] == "said"]
    assert said and said[0][0] == "company lawyer Eva Lund"
    added = [c for c in claims if c[1] == "added"]
    assert added and added[0][2] is not None
    assert added[0][2].endswith("the ruling ignored expert evidence")


def test_a_describing_relative_clause_stays_in_the_speaker(pipeline) -> None:
    # It tells which person spoke; news annotation keeps it in the source.
    text = "Mara Voss, who chairs the harbour board, said the cranes would be tested in May.\n"
    said = [c for c in cued_claims(pipeline, text) if c[1] == "said"]
    assert said and said[0][0].startswith("Mara Voss, who chairs the harbour board")
