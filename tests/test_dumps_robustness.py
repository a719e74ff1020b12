"""parse_dump on copies of one page that came out differently: wrapped, re-spaced, re-ordered.

Every page here is written for the test.
"""

from __future__ import annotations

import textwrap

from newsread.ingest.dumps import parse_dump
from newsread.ingest.dumps.spacing import halve_blanks
from newsread.ingest.dumps.unwrap import unwrap, wrap_width
from newsread.ingest.furniture import reasons as why

STORY = [
    "The harbour board of Port Wendle voted on Tuesday to close the old ferry pier for "
    "repairs, after divers found that three of its oak piles had rotted through below the "
    "waterline and could no longer carry the weight of the morning crowds.",
    "Board chair Mina Ostrova said the work would take most of the winter and cost about "
    "two million crowns, which the town will borrow against next year's harbour fees. "
    '"Nobody wants to see the pier shut, but nobody wants it to fall into the sea either," '
    "she told reporters after the vote.",
    "Commuters will be sent to the north quay, a twenty-minute walk from the station, where "
    "the ferry company has promised a shuttle bus every quarter of an hour. Shop owners on the "
    "old pier said they feared a quiet season and asked the board for a cut in their rents.",
    "The pier was built in 1911 and last repaired in the 1970s, when its deck was replaced. "
    "Engineers will decide in the spring whether the new piles should be oak again or steel.",
]

PAGE = [
    "Old ferry pier to close for winter repairs | The Wendle Gazette",
    "",
    "Home",
    "News",
    "Sport",
    "Weather",
    "",
    "Old ferry pier to close for winter repairs",
    "",
    "By Arne Holm",
    "",
    *[line for paragraph in STORY for line in (paragraph, "")],
    "More from the Gazette",
    "",
    "Storm warning for the coast road as winds pick up over the weekend",
    "Council opens a new reading room in the old customs house on the quay",
    "Ferry timetable changes for the holidays and what they mean for you",
    "",
    "Copyright 2030 The Wendle Gazette. All rights reserved.",
]


def wrapped(lines: list[str], width: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(textwrap.wrap(line, width) if len(line) > width else [line])
    return out


def test_a_page_wrapped_at_a_fixed_width_reads_as_the_same_story() -> None:
    for width in (64, 72, 80):
        articles = parse_dump("\n".join(wrapped(PAGE, width)))
        assert articles, width
        assert articles[0].body == "\n\n".join(STORY), width


def test_a_page_wrapped_without_blank_lines_between_paragraphs() -> None:
    # A paragraph's last line stops short of the width: the next paragraph
    # is not joined to it.
    lines = [line for line in wrapped(PAGE, 72) if line]
    articles = parse_dump("\n".join(lines))
    assert articles[0].body == "\n\n".join(STORY)


def test_a_word_split_at_its_hyphen_is_one_word_again() -> None:
    lines = textwrap.wrap(" ".join(STORY), 60, break_on_hyphens=True)
    joined = unwrap(lines)
    assert joined == [" ".join(STORY)]


def test_a_page_that_was_not_wrapped_is_left_as_it_was() -> None:
    # Lines of similar length, none long, one after another: a list of
    # headlines and short paragraphs, not a wrapped text.
    lines = [
        "Storm warning for the coast road as winds pick up over the weekend",
        "Council opens a new reading room in the old customs house on the quay",
        "Ferry timetable changes for the holidays and what they mean for you",
        "Harbour fees to rise next year as the board borrows for the pier",
        "Fishing fleet returns early after a poor season in the northern grounds",
        "",
        "The museum will stay open late on Fridays until the end of the summer.",
        "Tickets for the winter concerts go on sale at the library next week.",
    ]
    assert wrap_width(lines) == 0
    assert unwrap(lines) == lines


OTHER = [
    "Forecasters expect a wet and windy season along the coast, with three or four storms "
    "strong enough to close the coast road between November and February. Drivers are asked "
    "to check the road reports before setting out and to carry chains on the hill roads.",
    "The weather service said its new radar on the lighthouse hill would give an hour's more "
    "warning than last year, and that it would send alerts to phones in the harbour district "
    "whenever the wind at the harbour mouth passed gale force for more than ten minutes.",
]


def test_the_story_the_title_bar_names_comes_first_when_its_headline_is_worded_otherwise() -> None:
    # The title bar words the headline differently from the page, and a
    # teaser story stands above the main one: the story that shares the
    # bar's words is the page's.
    page = [
        "Harbour board votes to shut Port Wendle ferry pier over rotten piles | Wendle Gazette",
        "",
        "Home",
        "News",
        "",
        "Watch: what the storm season holds",
        "",
        *[line for paragraph in OTHER for line in (paragraph, "")],
        "Old pier to close for months",
        "",
        "By Arne Holm",
        "",
        *[line for paragraph in STORY for line in (paragraph, "")],
    ]
    articles = parse_dump("\n".join(page))
    assert articles[0].body == "\n\n".join(STORY)
    assert articles[1].body == "\n\n".join(OTHER)


def test_a_cookie_banner_opening_the_copy_names_no_story() -> None:
    # With no title bar, a banner of several sentences on the first line is no
    # headline: the first story stays first.
    banner = (
        "We use cookies so the Wendle Gazette can show you ferry times and pier news. "
        "By staying you agree to their use. Change your settings at any time."
    )
    page = [banner, "", *[line for p in OTHER for line in (p, "")], "By Arne Holm", ""]
    page += [line for paragraph in STORY for line in (paragraph, "")]
    articles = parse_dump("\n".join(page))
    assert articles[0].body == "\n\n".join(OTHER)


SHORT_STORY = [
    "Port Wendle will close its old ferry pier this winter, the harbour board said on Tuesday.",
    "Divers found three rotten oak piles below the waterline last month.",
    "Repairs will cost about two million crowns and take until the spring.",
    "Commuters will walk to the north quay, where a shuttle bus will meet every ferry.",
]


def test_a_copy_without_blank_lines_keeps_its_short_paragraphs() -> None:
    # The whole page is one block of lines, mostly labels: the story's short
    # paragraphs stand in a row and are running text; a link's sentence in
    # the list below stands among labels and is cut.
    page = [
        "Old ferry pier to close for winter repairs | The Wendle Gazette",
        "Home",
        "News",
        "Sport",
        "Weather",
        "Business",
        "Culture",
        "Travel",
        "Opinion",
        "Letters",
        "Obituaries",
        "Old ferry pier to close for winter repairs",
        *SHORT_STORY,
        "More from the Gazette",
        "Storm warning for the coast road",
        "Will the ferry run on time this winter?",
        "Is the coast road safe to drive?",
        "Council opens a new reading room",
        "Tide tables",
        "Copyright 2030 The Wendle Gazette. All rights reserved.",
    ]
    articles = parse_dump("\n".join(page))
    assert articles[0].body == "\n\n".join(SHORT_STORY)
    assert "Will the ferry run on time this winter?" in articles[0].removed
    assert "Is the coast road safe to drive?" in articles[0].removed


def test_a_widget_left_in_the_story_goes_with_its_label_and_button() -> None:
    # A cookie banner with its button and a newsletter box under its heading,
    # copied into the middle of the story: the short lines set tight against
    # the widget's text are the widget's, while a sub-heading above a
    # paragraph stays.
    banner = (
        "We use cookies to give you the best experience on our site. By continuing "
        "to browse you agree to our use of cookies."
    )
    page = [
        "Old ferry pier to close for winter repairs | The Wendle Gazette",
        "",
        "Old ferry pier to close for winter repairs",
        "",
        STORY[0],
        "",
        banner,
        "Accept",
        "",
        STORY[1],
        "",
        "Get our morning briefing",
        "Sign up for our newsletter and get the day's headlines in your inbox.",
        "",
        "What happens next",
        STORY[2],
        "",
        STORY[3],
    ]
    articles = parse_dump("\n".join(page))
    assert articles[0].body == "\n\n".join([*STORY[:2], "What happens next", *STORY[2:]])
    reasons = {cut.text: cut.reason for cut in articles[0].cuts}
    assert reasons["Accept"] == reasons[banner]
    assert reasons["Get our morning briefing"] == why.NEWSLETTER


def test_an_advert_set_into_a_list_the_story_announced_does_not_end_it() -> None:
    places = (
        "north quay, town hall, old customs house, library, school, church, market, fire station"
    )
    items = [f"The {place} in Port Wendle" for place in places.split(", ")]
    lead = "The board will hold open meetings at these places:"
    page = ["Old pier", "", STORY[0], "", lead, "Advertisement", *items, "", STORY[1]]
    articles = parse_dump("\n".join(page))
    assert articles[0].body == "\n\n".join([STORY[0], lead, *items, STORY[1]])
    assert "Advertisement" in articles[0].removed


def test_a_copy_with_a_blank_line_after_every_line_reads_as_the_page() -> None:
    # The converter put a blank line after every line: the lines of a block
    # stand apart, and a blank line between blocks became three.
    page = [
        *PAGE[:13],
        "tide tables",
        "ferry times",
        "The ferry company says its winter timetable will run as planned despite the works.",
        "weather",
        "road news",
        "",
        *PAGE[13:],
    ]
    spaced = parse_dump("\n\n".join(page))
    plain = parse_dump("\n".join(page))
    assert [a.body for a in spaced] == [a.body for a in plain]
    assert [a.removed for a in spaced] == [a.removed for a in plain]
    assert "The ferry company says" not in spaced[0].body


def test_a_page_whose_paragraphs_each_stand_apart_is_left_as_it_was() -> None:
    # Paragraphs parted by one blank line each, no block of lines: nothing
    # to halve.
    lines = [line for paragraph in STORY for line in (paragraph, "")]
    assert halve_blanks(lines) == lines


def test_a_read_more_box_set_into_the_story_does_not_end_it() -> None:
    # One teaser under a "Read more" heading: its headline is the link's, and
    # the story goes on under the box.
    page = [
        "Old ferry pier to close for winter repairs | The Wendle Gazette",
        "",
        "Old ferry pier to close for winter repairs",
        "",
        *[line for paragraph in STORY[:2] for line in (paragraph, "")],
        "Read more",
        "Council opens a new reading room in the old customs house",
        "",
        *[line for paragraph in STORY[2:] for line in (paragraph, "")],
    ]
    articles = parse_dump("\n".join(page))
    assert articles[0].body == "\n\n".join(STORY)
    assert "Council opens a new reading room in the old customs house" in articles[0].removed


def test_a_list_of_links_under_a_related_heading_still_ends_the_story() -> None:
    page = [
        "Old ferry pier to close for winter repairs | The Wendle Gazette",
        "",
        "Old ferry pier to close for winter repairs",
        "",
        *[line for paragraph in STORY for line in (paragraph, "")],
        "Related",
        "Council opens a new reading room in the old customs house",
        "Ferry timetable changes for the holidays",
        "Harbour fees to rise next year",
        "",
        "Photo: Jo Example / Example Agency",
        "Storm season: what forecasters expect",
        "",
        *[line for paragraph in OTHER for line in (paragraph, "")],
    ]
    articles = parse_dump("\n".join(page))
    assert [a.body for a in articles] == ["\n\n".join(STORY), "\n\n".join(OTHER)]


def test_no_break_spaces_read_as_spaces() -> None:
    # A copy from a browser keeps the page's no-break spaces: the byline,
    # the links and the copyright line are known by their words all the same.
    text = "\n".join(PAGE)
    copied = parse_dump(text.replace(" ", "\u00a0"))
    plain = parse_dump(text)
    assert [(a.title, a.body, a.byline) for a in copied] == [
        (a.title, a.body, a.byline) for a in plain
    ]


def test_an_empty_paragraph_of_invisible_characters_is_a_blank_line() -> None:
    # Editors leave empty paragraphs holding only a zero-width space (or a
    # byte-order mark), which a copy keeps: they are no paragraphs of the story.
    for invisible in ("\u200b", "\ufeff", " \u200b\u200d "):
        lines: list[str] = []
        for line in PAGE:
            lines += [line, invisible] if line in STORY else [line]
        articles = parse_dump("\n".join(lines))
        assert articles[0].body == "\n\n".join(STORY), repr(invisible)
    # Inside a line of text they are left alone.
    joined = STORY[0].replace("oak piles", "oak\u200bpiles")
    assert parse_dump("\n".join(PAGE).replace(STORY[0], joined))[0].body.startswith(joined)


def test_a_bulleted_list_is_no_run_of_outlet_labels() -> None:
    # "• Sports" alone has the shape of an aggregator's "- Outlet" line, which
    # ends a story; items one under the other are a list. Here a story's own
    # list, printed with bullets, stays in it.
    items = ["- Fresh oak piles", "- A new deck", "- Lights for the pier head"]
    page = [
        "Old ferry pier to close for winter repairs | The Wendle Gazette",
        "",
        "Old ferry pier to close for winter repairs",
        "",
        STORY[0],
        "",
        "The board listed the work it will pay for:",
        *items,
        "",
        *[line for paragraph in STORY[1:] for line in (paragraph, "")],
    ]
    articles = parse_dump("\n".join(page))
    expected = [STORY[0], "The board listed the work it will pay for:", *items, *STORY[1:]]
    assert articles[0].body == "\n\n".join(expected)


def _lines(paragraphs: list[str]) -> list[str]:
    return [line for paragraph in paragraphs for line in (paragraph, "")]


def _filler(n: int) -> str:
    return (
        f"On day {n} of the storm season the coast road stayed open, and the weather "
        f"service logged {n + 3} gusts above gale force at the harbour mouth, {n * 2} more "
        "than in the same week last year, while the lifeboat crew trained in the bay."
    )


def test_a_story_printed_twice_keeps_its_first_print() -> None:
    # A second layout of the story further down the page, with much other
    # prose around: the repeated paragraphs are one passage printed twice,
    # not a promo repeated, and the first print is the story.
    page = [
        "Old ferry pier to close for winter repairs | The Wendle Gazette",
        "",
        "Old ferry pier to close for winter repairs",
        "",
        *_lines(STORY),
        "Copyright 2030 The Wendle Gazette. All rights reserved.",
        "",
        "Storm season: what forecasters expect",
        "",
        "By Jo Roe",
        "",
        *_lines(OTHER),
        *_lines([_filler(n) for n in range(12)]),
        "Print edition",
        "",
        *_lines(STORY),
    ]
    articles = parse_dump("\n".join(page))
    assert articles[0].body == "\n\n".join(STORY)


def test_a_copy_run_on_after_the_story_is_cut() -> None:
    page = ["Old ferry pier", "", *_lines(STORY), "Print", "", *_lines(STORY)]
    articles = parse_dump("\n".join(page))
    assert articles[0].body == "\n\n".join(STORY)
    assert {cut.reason for cut in articles[0].cuts if cut.text in STORY} == {why.REPEATED}


def test_a_story_printed_twice_keeps_its_sub_headings() -> None:
    # The second print repeats every sub-heading, so each occurs twice on the
    # page like a teaser box's links; only the first print's are story text.
    story = [STORY[0], "What the work costs", STORY[1], "Where the ferries go", *STORY[2:]]
    page = [
        "Old ferry pier to close for winter repairs | The Wendle Gazette",
        "",
        "Old ferry pier to close for winter repairs",
        "",
        *_lines(story),
        "Copyright 2030 The Wendle Gazette. All rights reserved.",
        "",
        "Print edition",
        "",
        *_lines(story),
    ]
    [article] = parse_dump("\n".join(page))
    assert article.body == "\n\n".join(story)


def test_a_related_list_set_into_the_story_is_no_headline_for_the_rest() -> None:
    # The box's last link is among the lines nearest the resumed story; it
    # is still one of a list (the links above it), not the story's headline.
    page = [
        "Old ferry pier to close for winter repairs | The Wendle Gazette",
        "",
        "Old ferry pier to close for winter repairs",
        "",
        *_lines(STORY[:2]),
        "Related",
        "Council opens a new reading room in the old customs house",
        "Storm warning for the coast road as winds pick up",
        "Ferry timetable changes for the holidays",
        "",
        "Ferry times from the north quay:",
        "Weekdays 06:10",
        "Weekends 07:40",
        "",
        *_lines(STORY[2:]),
    ]
    [article] = parse_dump("\n".join(page))
    assert article.body == "\n\n".join(STORY)


def test_a_story_printed_again_under_the_comment_thread_keeps_its_sub_headings() -> None:
    # The second print stands under the reply form, where runs of prose are
    # readers' comments; it is still a copy of the story, and what it prints
    # again does not make the story's sub-headings repeated links.
    story = [STORY[0], "What the work costs", STORY[1], "Where the ferries go", *STORY[2:]]
    page = [
        "Old ferry pier to close for winter repairs | The Wendle Gazette",
        "",
        "Old ferry pier to close for winter repairs",
        "",
        *_lines(story),
        "Leave a Reply",
        "",
        "You must be logged in to post a comment.",
        "",
        *_lines(story),
    ]
    [article] = parse_dump("\n".join(page))
    assert article.body == "\n\n".join(story)


BLURB = (
    "The reading room will open on weekdays from nine until five and hold the town "
    "archive of ship logs, the council said."
)


def _boxed(before: list[str], after: list[str]) -> list[str]:
    return [
        "Old ferry pier to close for winter repairs | The Wendle Gazette",
        "",
        "Old ferry pier to close for winter repairs",
        "",
        *_lines(before),
        "READ MORE",
        "Council opens a new reading room in the old customs house",
        BLURB,
        "",
        *_lines(after),
    ]


def test_the_blurb_set_tight_in_a_read_more_box_is_the_box_s() -> None:
    # Heading, headline and blurb in one block: the blurb reads as prose but
    # is the linked story's, and the story goes on in the next block.
    [article] = parse_dump("\n".join(_boxed(STORY[:2], STORY[2:])))
    assert article.body == "\n\n".join(STORY)
    assert BLURB in article.removed


def test_a_sub_heading_under_a_tight_read_more_box_stays_in_the_story() -> None:
    after = ["Where the ferries go", *STORY[2:]]
    [article] = parse_dump("\n".join(_boxed(STORY[:2], after)))
    assert article.body == "\n\n".join([*STORY[:2], *after])


def test_a_short_opening_above_a_tight_read_more_box_goes_on_under_it() -> None:
    # A paywalled page shows one short paragraph before the box; the box's
    # tight block marks it as a box set into the story, not a list of links.
    opening = "The harbour board voted on Tuesday to close the old ferry pier for the winter."
    [article] = parse_dump("\n".join(_boxed([opening], STORY[1:])))
    assert article.body == "\n\n".join([opening, *STORY[1:]])


def test_a_related_links_box_set_into_the_story_is_cut() -> None:
    # "Related links" over one link, between two paragraphs: the box's, not
    # a sub-heading and a line of the story.
    page = [
        "Old ferry pier to close for winter repairs | The Wendle Gazette",
        "",
        "Old ferry pier to close for winter repairs",
        "",
        *_lines(STORY[:2]),
        "Related links",
        "",
        "Wendle harbour board website",
        "",
        *_lines(STORY[2:]),
    ]
    [article] = parse_dump("\n".join(page))
    assert article.body == "\n\n".join(STORY)


def test_an_advert_among_the_links_of_a_box_inside_the_story_does_not_end_it() -> None:
    # The box's links stand one under the other with an advert's label set
    # between two of them: still a list of links, not the next story's headline.
    box = [
        "More:",
        "",
        "Lighthouse keepers return to the point after forty years",
        "",
        "Advertisement",
        "",
        "Rowing club wins the river race for a third year",
        "",
        "Bakery on the quay to open on Sundays",
        "",
    ]
    page = [*PAGE[:11], STORY[0], "", STORY[1], "", *box, STORY[2], "", STORY[3], ""]
    articles = parse_dump("\n".join(page))
    assert articles[0].body == "\n\n".join(STORY)
