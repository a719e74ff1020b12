"""A quote split by its cue ("'Too late,' the mayor said. 'Every family ...'")
is one statement: one claim from the first part to the quote's end, even where
the first part is too short to be a quote claim of its own."""

from __future__ import annotations

from tests.analysis_helpers import cued_claims


def test_short_first_part_joins_the_quote_after_its_cue(pipeline) -> None:
    text = (
        '"It is shameful," the mayor said. '
        '"Every family in the valley has waited a decade for this bridge."\n'
    )
    (claim,) = cued_claims(pipeline, text)
    speaker, cue, content = claim
    assert (speaker, cue) == ("the mayor", "said")
    assert content is not None
    assert content.startswith("It is shameful")
    assert content.endswith("waited a decade for this bridge.")


def test_words_of_their_own_between_keep_the_parts_apart(pipeline) -> None:
    text = (
        "The mayor said the bridge would open in May. Engineers expect delays. "
        '"Every family in the valley has waited a decade for this bridge," she added.\n'
    )
    contents = [content for _, _, content in cued_claims(pipeline, text)]
    assert "the bridge would open in May" in contents
    assert not any(c and "open in May" in c and "waited" in c for c in contents)
