"""A claim's parts end where their words do: a content keeps the closing mark
of a quotation it opens, a speaker leaves the comma after its apposition."""

from __future__ import annotations

from tests.analysis_helpers import analyse, claim_with


def test_content_keeps_the_closing_mark_of_its_inner_quotation(pipeline) -> None:
    text = (
        'The mayor said the town would repay every loan "to the last penny". '
        "Bakers said the flour tax had doubled their costs.\n"
    )
    content = claim_with(analyse(pipeline, text), "every loan").content.text
    assert content.count('"') % 2 == 0, content
    assert content.endswith('"to the last penny"')


def test_curly_inner_quotation_is_closed_too(pipeline) -> None:
    text = "The coach said his team had played “like a storm”.\n"
    content = claim_with(analyse(pipeline, text), "his team").content.text
    assert content.count("“") == content.count("”"), content


def test_speaker_apposition_ends_without_its_comma(pipeline) -> None:
    text = "Marsh, the club's head coach, said on Sunday that the ground would be sold.\n"
    claim = claim_with(analyse(pipeline, text), "ground would be sold")
    assert claim.speaker.text == "Marsh, the club's head coach"
