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


def test_a_wire_dateline_is_no_part_of_a_claims_content(pipeline) -> None:
    text = (
        "HARLOW, Maine (AP) — Water rates in the town will rise by 12 percent next year.\n\n"
        "BERGHAVN, March 3 (Reuters) - The port handled 4.2 million tonnes in 2025,"
        " the harbour board said.\n"
    )
    contents = [c.content.text for c in analyse(pipeline, text).claims if c.content]
    assert contents == [
        "Water rates in the town will rise by 12 percent next year.",
        "The port handled 4.2 million tonnes in 2025",
    ]
