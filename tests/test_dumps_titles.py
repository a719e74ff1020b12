"""Title lines in copied text: a "time ago" line is dateline material, a
two-word headline over the story is its headline."""

from __future__ import annotations

import pytest

from newsread.ingest.dumps import parse_dump
from newsread.ingest.furniture import is_related_heading, is_relative_time

BODY = (
    "Dock workers in Osterwick went back to work on Monday after a nine-day strike ended "
    "with a pay deal. The union said its members had voted to accept a raise of six percent "
    "over two years.\n\n"
    "The port authority said ships held up by the strike would be cleared by Friday."
)


@pytest.mark.parametrize(
    "line",
    [
        "Published 3 hours ago",
        "Updated 5 mins ago",
        "Updated: yesterday",
        "Posted 2 days ago",
        "Last updated 20 minutes ago",
        "yesterday",
        "an hour ago",
    ],
)
def test_relative_times_with_a_verb(line: str) -> None:
    assert is_relative_time(line)


@pytest.mark.parametrize(
    "line", ["Updated Privacy Policy", "Published by the harbour board", "Posted in: Business"]
)
def test_lines_that_only_start_like_a_stamp(line: str) -> None:
    assert not is_relative_time(line)


def test_time_ago_line_under_the_byline_is_not_the_title() -> None:
    text = (
        "Home | World | Business | Sport\n\n"
        "Dock strike ends after pay deal\n\n"
        "By Mirja Holm\nPublished 3 hours ago\n\n"
        f"Share  Tweet  Email\n\n{BODY}\n"
    )
    (article,) = parse_dump(text)
    assert article.title == "Dock strike ends after pay deal"
    assert article.byline == "Mirja Holm"
    # The writer's name above the stamp is no outlet.
    assert article.source == ""
    assert "Published 3 hours ago" in article.removed


@pytest.mark.parametrize(
    "header",
    [
        "Strike ends\n\nBy Mirja Holm",
        "Strike ends\n\nUpdated 5 mins ago",
        "Strike ends",
        "Home | World | Sport\n\nStrike ends\n\nBy Mirja Holm\n\nShare  Tweet  Email",
    ],
)
def test_two_word_headline_above_the_story(header: str) -> None:
    (article,) = parse_dump(f"{header}\n\n{BODY}\n")
    assert article.title == "Strike ends"
    assert not article.title_derived
    assert "Strike ends" not in article.body


@pytest.mark.parametrize("headline", ["한국 뉴스", "أخبار المدينة", "शहर समाचार"])
def test_two_word_headline_in_a_script_without_capitals(headline: str) -> None:
    # Sentence case cannot be seen there: the line was cut as a label and the
    # title taken from the story's first sentence.
    (article,) = parse_dump(f"{headline}\n\n{BODY}\n")
    assert article.title == headline and not article.title_derived


@pytest.mark.parametrize(
    "label",
    [
        "Business",  # one word: a section
        "Local News",  # every word capitalised: a label
        "Mirja Holm",  # or a name
        "GIRLS HOCKEY",
        "Sign in",  # a widget
        "Strike ends.",
    ],
)
def test_short_labels_are_not_headlines(label: str) -> None:
    (article,) = parse_dump(f"{label}\n\n{BODY}\n")
    assert article.title_derived
    assert article.title.startswith("Dock workers in Osterwick went back to work")


def test_a_teaser_under_a_link_that_repeats_the_title_bar_is_not_the_story() -> None:
    # The page's list of links holds the story's own headline too; a teaser's
    # blurb under that list is much smaller than the story above it.
    story = BODY + (
        "\n\nShip owners said the strike had cost them dearly, and two lines moved their "
        "calls to other ports for the rest of the month while the talks went on.\n\n"
        "The deal runs until the end of next year, when both sides will meet again to talk "
        "about shifts, overtime and the new cranes the port plans to buy in the spring.\n\n"
        "Shops near the harbour said trade had already picked up on Monday, as crews who had "
        "stayed on their ships through the strike came ashore for the first time in a week."
    )
    blurb = (
        "Drivers were told to keep off the coast road on Saturday as gusts of up to ninety "
        "kilometres an hour were forecast, and the council shut the two car parks by the sea "
        "wall until the wind drops on Sunday evening, a spokesman said."
    )
    page = (
        "Osterwick strike ends with pay deal | Coast Courier\n\n"
        "Dock strike over after nine days\n\n"
        f"{story}\n\n"
        "More stories\n"
        "Osterwick strike ends with pay deal\n"
        "Ferry fares frozen for another year\n"
        "2 hours ago\n\n"
        "Storm warning for the coast road\n\n"
        f"{blurb}\n"
    )
    assert parse_dump(page)[0].body == story


@pytest.mark.parametrize("line", ["Trending now", "Trending", "Most shared", "Editor's picks"])
def test_box_headings_of_other_stories(line: str) -> None:
    assert is_related_heading(line)
    page = f"Dock strike over after nine days\n\n{BODY}\n\n{line}\n\nStorm warning\n\n"
    blurb = "Drivers were told to keep off the coast road on Saturday, the council said."
    assert parse_dump(page + blurb + "\n")[0].body == BODY
