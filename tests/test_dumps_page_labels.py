"""parse_dump on whole saved pages: labels, counters and link blocks around the story.

Every page here is written for the test; none is taken from a real site.
"""

from __future__ import annotations

from newsread.ingest.dumps import parse_dump

_HEAD = """Lighthouse keeper's cottage opens as a museum | Cliffside Gazette
Home
Local
Culture

Lighthouse keeper's cottage opens as a museum
By Tomas Brennholt

"""

_STORY_1 = (
    "The cottage beside the old lighthouse on Gull Point opened as a museum on Saturday, "
    "forty years after the last keeper left it, with the lamp room, the logbooks and the "
    "keeper's kitchen restored by volunteers from the village."
)
_STORY_2 = (
    "The volunteers spent three winters on the work. They replaced the roof, scraped the "
    "paint off the stairs by hand and found the logbooks in a crate under the floor of the "
    "store room, where the last keeper had left them in 1989."
)
_STORY_3 = (
    "The museum opens on weekends until October, and the trust that runs it hopes that "
    "school classes from the district will visit on weekdays in the spring, when the "
    "seabirds nest on the cliffs below the tower."
)


def test_a_line_of_figures_alone_inside_the_story_is_a_counter() -> None:
    # A gallery's counter, a share count or a widget's number between paragraphs.
    for counter in ("6", "3 / 12", "1077343476", "(4)"):
        page = _HEAD + f"{_STORY_1}\n\n{counter}\n\n{_STORY_2}\n\n{_STORY_3}\n"
        article = parse_dump(page)[0]
        assert article.body == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}", counter
        assert counter in article.removed
        [cut] = [c for c in article.cuts if c.text == counter]
        # Shown where it stood: between the first and the second paragraph; a
        # gallery's "3 / 12" is named for what it is.
        reason = "gallery controls" if "/" in counter else "menu or label"
        assert (cut.reason, cut.position) == (reason, len(_STORY_1) + 2)
    # Figures beside words, and a phone number (a contact line), are no counter.
    for line in ("Opening hours: 10:00 to 16:00", "Tickets 020-555-0142", "020-555-0142"):
        page = _HEAD + f"{_STORY_1}\n\n{line}\n\n{_STORY_2}\n\n{_STORY_3}\n"
        assert line in parse_dump(page)[0].body, line


def test_a_teaser_that_reads_as_a_sentence_in_a_block_of_links_is_a_link() -> None:
    # A box inside the story: its heading, then its links on lines of their
    # own with no blank line between; one teaser ends like a sentence.
    teaser = "Storm lifts the roof off the boathouse: 'We heard it go!'"
    box = (
        "Most read\n\n"
        f"{teaser}\nFerry timetable for the winter\nNew car park at the harbour\n"
        "Choir to sing at the lighthouse\n\n"
    )
    page = _HEAD + f"{_STORY_1}\n\n{_STORY_2}\n\n{box}{_STORY_3}\n"
    article = parse_dump(page)[0]
    assert article.body == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    assert {c.text: c.reason for c in article.cuts}[teaser] == "related links"


def test_a_list_the_story_gives_under_its_lead_in_stays() -> None:
    # The story's own list: a lead-in sentence right under a paragraph, then
    # its items in one block.
    listing = (
        "New in the museum this year!\nThe keeper's logbooks\nA working fog horn\n"
        "The lamp room's brass lens\n"
    )
    page = _HEAD + f"{_STORY_1}\n\n{_STORY_2}\n\n{listing}\n{_STORY_3}\n"
    body = parse_dump(page)[0].body
    assert "New in the museum this year!\n\nThe keeper's logbooks" in body
    assert body.endswith(_STORY_3)


def test_buttons_of_a_gallery_or_a_share_count_between_paragraphs_are_cut() -> None:
    for label in ("Close", "Shares", "View all (12)", "See all photos", "Load more"):
        page = _HEAD + f"{_STORY_1}\n\n{label}\n\n{_STORY_2}\n\n{_STORY_3}\n"
        article = parse_dump(page)[0]
        assert article.body == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}", label
        assert label in article.removed
    # The same words opening a sentence are text.
    for line in ("Close to the cliff edge, the path is fenced.", "Shares in the trust cost £10."):
        page = _HEAD + f"{_STORY_1}\n\n{line}\n\n{_STORY_2}\n\n{_STORY_3}\n"
        assert line in parse_dump(page)[0].body, line


def test_a_share_bar_on_one_line_is_no_headline() -> None:
    # The buttons of a share bar flattened onto one line have a headline's
    # shape (a few capitalised words, no full stop); they are the bar's.
    page = _HEAD.replace(
        "By Tomas Brennholt\n", "By Tomas Brennholt\nFacebook Twitter Pinterest Email\n"
    )
    [article] = parse_dump(page + f"{_STORY_1}\n\n{_STORY_2}\n")
    assert article.title == "Lighthouse keeper's cottage opens as a museum"
    assert ("share bar", "Facebook Twitter Pinterest Email") in [
        (cut.reason, cut.text) for cut in article.cuts
    ]


def test_names_of_networks_in_a_sentence_or_alone_are_not_a_share_bar() -> None:
    from newsread.ingest.furniture import furniture_reason

    assert furniture_reason("Facebook, Twitter | LinkedIn") == "share bar"
    assert furniture_reason("Facebook") == ""
    assert furniture_reason("Twitter and Facebook ban political adverts") == ""
