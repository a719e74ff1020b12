"""A second story glued on after the first in copied text: two articles, not one."""

from __future__ import annotations

import pytest

from newsread.ingest.dumps import parse_dump
from newsread.ingest.dumps.glued import restates

FIRST = (
    "Harbour board backs new ferry pier\n\nBy Lotte Brandvik\n\n"
    "The harbour board of Osterwick voted on Tuesday to build a second ferry pier, to be "
    "finished by the summer of 2028. Board chair Fenna Rask said the pier would end the queues "
    "of cars on the quay road each morning.\n\n"
    "Residents of the quay road said they feared more lorries at night. The board said it "
    "would limit deliveries to the hours of daylight."
)

SECOND_HEADLINE = "Fire crews rescue family from flooded farmhouse"

SECOND = (
    "Fire crews in Osterwick rescued a family of four from a flooded farmhouse on Wednesday "
    "after the river burst its banks overnight. A crew leader said the family had climbed "
    'onto the roof of a barn. "They kept calm and waited for us," he said.'
)


def _glued(heading: str) -> str:
    header = f"{heading}\n\n" if heading else ""
    return f"{FIRST}\n\n{header}{SECOND_HEADLINE}\n\n{SECOND}\n"


@pytest.mark.parametrize("heading", ["MORE FROM OSTERWICK", "Read next", "Most read", ""])
def test_glued_story_is_an_article_of_its_own(heading: str) -> None:
    articles = parse_dump(_glued(heading))
    assert [a.title for a in articles] == ["Harbour board backs new ferry pier", SECOND_HEADLINE]
    first, second = articles
    assert first.body.endswith("limit deliveries to the hours of daylight.")
    assert "farmhouse" not in first.body
    assert second.body == SECOND


def test_read_more_box_set_into_a_story_still_resumes_it() -> None:
    # The box's headline is about another story: the paragraph under it
    # goes on with this one.
    text = (
        f"{FIRST}\n\nREAD MORE\n\n{SECOND_HEADLINE}\n\n"
        "The pier will cost 14 million euros, of which the province pays half. Work on the "
        "foundations starts in March, the board said, once the winter storms are over and the "
        "quay has been cleared of the old fish sheds.\n"
    )
    articles = parse_dump(text)
    assert len(articles) == 1
    assert articles[0].body.endswith("cleared of the old fish sheds.")
    assert SECOND_HEADLINE not in articles[0].body


def test_numbered_step_is_not_a_glued_headline() -> None:
    text = (
        f"{FIRST}\n\n3. Rescue the family from the flooded farmhouse\n\n"
        "Rescue crews reach a family in a flooded farmhouse by boat, not on foot, the board's "
        "safety guide says, because the current in a flooded yard is stronger than it looks.\n"
    )
    articles = parse_dump(text)
    assert len(articles) == 1
    assert articles[0].body.endswith("stronger than it looks.")


def test_a_line_announced_by_the_paragraph_above_is_not_a_glued_headline() -> None:
    text = (
        f"{FIRST} The board's motto reads:\n\n"
        "Ferries carry families home from the flooded farms\n\n"
        "Ferries have carried families home from the flooded farms of the delta for two "
        "hundred years, and the board said it meant to go on doing so.\n"
    )
    articles = parse_dump(text)
    assert len(articles) == 1
    assert articles[0].body.endswith("meant to go on doing so.")


@pytest.mark.parametrize(
    ("headline", "lede", "expected"),
    [
        (SECOND_HEADLINE, SECOND, True),
        # A sub-heading of a few words says too little to tell.
        ("What happens next", "What happens next is up to the board.", False),
        (SECOND_HEADLINE, "The pier will cost 14 million euros, the board said.", False),
    ],
)
def test_restates(headline: str, lede: str, expected: bool) -> None:
    assert restates(headline, lede) is expected


# A story with one sub-heading, which the paragraph under it says again: the
# story goes on under it (its board, its pier, its quay), no story glued on.
SUBHEADED = (
    f"{FIRST}\n\nBoard expects pier costs to double\n\n"
    "The board expects the costs of the new pier to double before the summer of 2028, Fenna "
    "Rask said, because the quay road must be rebuilt for the lorries and the old ferry pier "
    "kept open while the work goes on.\n"
)


def test_one_sub_heading_that_its_paragraph_restates_stays_in_the_story() -> None:
    headline = "Board expects pier costs to double"
    assert restates(headline, SUBHEADED.rsplit("\n\n", 1)[1])  # shaped as a glued story's
    [article] = parse_dump(SUBHEADED)
    assert article.title == "Harbour board backs new ferry pier"
    assert article.body.endswith("kept open while the work goes on.")


@pytest.mark.parametrize(
    ("above", "below", "expected"),
    [
        (FIRST, SECOND, False),
        (FIRST, SUBHEADED.rsplit("\n\n", 1)[1], True),
        ("", SECOND, False),
    ],
)
def test_goes_on(above: str, below: str, expected: bool) -> None:
    from newsread.ingest.dumps.glued import goes_on

    assert goes_on(above, below) is expected


# A newsletter box set into the story, then the story's sub-heading: too many
# lines for the story to run on across them, and the box's last line looks
# like a headline.
BOX = [
    "Share this article",
    "Copied!",
    "Newsletter",
    "Get the Osterwick Courier in your inbox",
    "Subscribe now",
    "Most recent newsletter",
]
REST = (
    "Ferries to the islands will use the new pier from 2028, the board said. The old pier on the"
    " quay will be kept for fishing boats, and the quay road will get a lane for cars waiting for"
    " the ferry, so that residents can reach their houses in the morning.\n\n"
    "Board chair Fenna Rask said the harbour would also plant trees along the quay road."
)


def _boxed(after: str) -> str:
    return "\n\n".join([FIRST, *BOX, "Looking ahead", after]) + "\n"


def test_a_sub_heading_under_a_box_goes_on_with_the_story() -> None:
    [article] = parse_dump(_boxed(REST))
    assert article.title == "Harbour board backs new ferry pier"
    assert article.body.endswith(REST.rsplit("\n\n", 1)[1])
    assert "Most recent newsletter" not in article.body


def test_another_story_under_the_same_box_is_still_its_own() -> None:
    first, second = parse_dump(_boxed(SECOND))
    assert first.body.endswith("limit deliveries to the hours of daylight.")
    assert second.body == SECOND
