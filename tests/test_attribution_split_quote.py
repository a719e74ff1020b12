"""A quote split by its cue ("'Too late,' the mayor said. 'Every family ...'")
is one statement: one claim from the first part to the quote's end, even where
the first part is too short to be a quote claim of its own."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import cued_claims

JOINED = {
    "bare cue": '"It is shameful," the mayor said. ',
    # The cue's own words between the parts do not split the statement.
    "cue with its own words": '"It is shameful," the mayor said on Monday at the town hall. ',
}
SECOND = '"Every family in the valley has waited a decade for this bridge."\n'


@pytest.mark.parametrize("name", sorted(JOINED))
def test_short_first_part_joins_the_quote_after_its_cue(pipeline, name: str) -> None:
    (claim,) = cued_claims(pipeline, JOINED[name] + SECOND)
    speaker, cue, content = claim
    assert (speaker, cue) == ("the mayor", "said")
    assert content is not None
    assert content.startswith("It is shameful")
    assert content.endswith("waited a decade for this bridge.")


def test_a_sentence_of_its_own_between_keeps_the_parts_apart(pipeline) -> None:
    text = "The mayor said the bridge would open in May. The river was high all week. " + SECOND
    contents = [content for _, _, content in cued_claims(pipeline, text)]
    assert "the bridge would open in May" in contents
    assert not any(c and "open in May" in c and "waited" in c for c in contents)


def test_another_cue_between_keeps_the_parts_apart(pipeline) -> None:
    text = (
        "The mayor said the bridge would open in May. Engineers expect delays. "
        '"Every family in the valley has waited a decade for this bridge," she added.\n'
    )
    contents = [content for _, _, content in cued_claims(pipeline, text)]
    assert "the bridge would open in May" in contents
    assert not any(c and "open in May" in c and "waited" in c for c in contents)
