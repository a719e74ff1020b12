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
