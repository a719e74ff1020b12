"""parse_dump on whole saved pages: page parts around and inside the story.

Every page here is written for the test; none is taken from a real site.
"""

from __future__ import annotations

from newsread.ingest.dumps import parse_dump
from newsread.ingest.furniture import (
    Byline,
    is_furniture_line,
    is_page_chrome,
    is_paywall_notice,
    is_prose,
    is_related_heading,
    is_summary_heading,
    is_trademark_notice,
    parse_byline,
)

_HEAD = """Harbour ferry to run through the winter | Coast Courier
Home
News
Sport

Harbour ferry to run through the winter
By Ada Lindqvist

"""

_STORY_1 = (
    "The harbour ferry between Eastpoint and the island will run all winter for the first "
    "time, the council said on Tuesday, after a two-year trial showed that enough people "
    "used it in the cold months to cover most of its costs."
)
_STORY_2 = (
    "Until now the ferry stopped in October and started again in April. Islanders said "
    "the gap forced them to drive an hour round the bay to reach the hospital, the "
    "schools and the station, and that shops on the island lost trade every winter."
)
_STORY_3 = (
    "The council will pay for a second crew from the transport budget. Fares stay the "
    "same, and the first winter crossing leaves Eastpoint at seven in the morning on the "
    "first Monday of November, weather permitting."
)
_BOX = """
Related
Bridge repairs to close the bay road for a week
New bus timetable starts next month

"""


def _body(text: str) -> str:
    return parse_dump(text)[0].body


def test_a_teaser_blurb_after_a_box_does_not_resume_the_story() -> None:
    blurb = "Our weekly round-up of the coast's news, every Friday in your letterbox."
    page = _HEAD + f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n" + _BOX + blurb + "\n"
    body = _body(page)
    assert body.endswith(_STORY_3)
    assert blurb not in body


def test_a_short_paragraph_between_two_boxes_stays_in_the_story() -> None:
    short = "The vote on Tuesday evening was unanimous."
    page = (
        _HEAD
        + f"{_STORY_1}\n\n{_STORY_2}\n"
        + _BOX
        + short
        + "\n"
        + _BOX.replace("Bridge", "Harbour wall")
        + _STORY_3
        + "\n"
    )
    body = _body(page)
    assert short in body
    assert body.endswith(_STORY_3)
    assert "Bridge repairs" not in body


def test_a_link_box_under_a_short_heading_is_cut_from_inside_the_story() -> None:
    for heading in ("More:", "DON'T MISS", "You may also like...", "Up next"):
        box = (
            f"\n{heading}\nBridge repairs to close the bay road for a week\n"
            "New bus timetable starts next month\nLifeboat crew rescues two kayakers\n\n"
        )
        page = _HEAD + f"{_STORY_1}\n\n{_STORY_2}\n" + box + _STORY_3 + "\n"
        article = parse_dump(page)[0]
        assert article.body == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}", heading
        assert "Lifeboat crew rescues two kayakers" in article.removed


def test_a_wire_caption_with_an_abbreviated_date_is_a_caption() -> None:
    caption = (
        "In this Oct. 3, 2029, file photo, the harbour ferry leaves Eastpoint in a gale. "
        "(Coast Courier via AP, File)"
    )
    assert is_page_chrome(caption)
    assert is_page_chrome("In this March 3, 2029, photo, a ferry waits at the quay.")


def test_calls_to_click_subscribe_or_unblock_ads_are_page_chrome() -> None:
    for line in (
        "Get the Coast Courier delivered through your letterbox every week. Click here to order.",
        "GET THE COURIER APP BY CLICKING HERE",
        "We rely on advertising to pay our reporters. Please turn off your ad blocker.",
        "Start your digital subscriptions today and read all you want for a month.",
    ):
        assert is_page_chrome(line), line
    # Reporting about the same things does not talk to the reader.
    for line in (
        "Digital subscriptions rose 12% in the quarter, the company said on Tuesday.",
        "The court heard that he had clicked here and there on the site for hours.",
    ):
        assert not is_page_chrome(line), line


def test_a_headline_in_capitals_between_paragraphs_is_a_link() -> None:
    promo = "ISLAND SCHOOL WINS NATIONAL ROWING TITLE FOR THE THIRD YEAR"
    page = _HEAD + f"{_STORY_1}\n\n{promo}\n\n{_STORY_2}\n\n{_STORY_3}\n"
    article = parse_dump(page)[0]
    assert promo not in article.body
    assert article.body == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    # A short sub-heading, a shouted sentence and a table row in capitals stay text.
    for line in (
        "WINTER TIMETABLE",
        "WE WILL NOT GIVE UP THE FERRY!",
        "ACME HOLDINGS GROUP INC 12.40 -0.31 -2.4%",
    ):
        assert not is_page_chrome(line), line


def test_a_tail_of_labels_with_a_stray_question_is_cut_after_the_story() -> None:
    tail = "0\nPopular\nTide tables\nWhat time is high water at the quay today?\nFerry timetable\n"
    page = _HEAD + f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n" + tail
    article = parse_dump(page)[0]
    assert article.body == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    assert "What time is high water at the quay today?" in article.removed


def test_a_story_ending_in_a_sub_heading_and_a_few_lines_keeps_them() -> None:
    ending = (
        "What happens next\nThe council votes on the budget in March.\nTickets go on sale in May.\n"
    )
    page = _HEAD + f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n" + ending
    body = parse_dump(page)[0].body
    assert body.endswith("Tickets go on sale in May.")


def test_a_standfirst_above_the_date_stamp_is_left_out_of_the_story() -> None:
    standfirst = (
        "The council says a winter service will cost less than the bridge it was meant to replace."
    )
    page = (
        _HEAD.replace("By Ada Lindqvist\n", "")
        + f"{standfirst}\n\n20 Nov 2029 08:00 GMT\n\n"
        + f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n"
    )
    article = parse_dump(page)[0]
    assert article.body == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    assert standfirst in article.removed


def test_a_story_does_not_resume_across_a_date_stamp() -> None:
    teaser = (
        "Our family has run the island shop for forty years, and every winter we watched the "
        "last ferry leave in October. This year, for the first time, we will not have to."
    )
    page = (
        _HEAD
        + f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n\n"
        + "Why a winter ferry matters to the island\nAnna and Piet Holm\n"
        + "Wednesday November 21, 2029\n\n"
        + teaser
        + "\n"
    )
    body = _body(page)
    assert body.endswith(_STORY_3)
    assert teaser not in body


def test_a_caption_above_a_labelled_picture_credit_is_cut() -> None:
    caption = "Passengers wait at the Eastpoint quay for the last crossing of the autumn."
    for credit in ("Photo: Ada Lindqvist, Coast Courier", "(Image: © Coast Courier/A. Lindqvist)"):
        page = _HEAD + f"{caption}\n{credit}\n\n{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n"
        article = parse_dump(page)[0]
        assert article.body == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}", credit
        assert caption in article.removed
    # A gallery link ("Photos: ...") says nothing about the story line above it.
    page = _HEAD + f"{_STORY_1}\n\n{_STORY_2}\nPhotos: The ferry through the years\n\n{_STORY_3}\n"
    assert _body(page) == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"


def test_a_caption_signed_by_the_agency_in_brackets_is_page_chrome() -> None:
    for caption in (
        "The morning ferry leaves Eastpoint in a gale, on Oct. 3, 2029. (AP)",
        "Islanders queue at the north quay on Tuesday. (Ada Lindqvist/AP)",
        "A crew member ties up the ferry after the vote. (EPA)",
    ):
        assert is_page_chrome(caption), caption
    # A wire story signs at its dateline, and "(ap)" in lower case is not the agency.
    for line in (
        "EASTPOINT (AP) — The harbour ferry will run all winter, the council said.",
        "The chart shows the ferry's fares by season (ap), the council said.",
    ):
        assert not is_page_chrome(line), line


def test_a_press_release_starts_at_its_dateline_line() -> None:
    standfirst = (
        "The new winter timetable keeps the island connected all year and will be paid "
        "for from the transport budget, with fares unchanged."
    )
    page = (
        _HEAD.replace("By Ada Lindqvist\n", "March 3, 2029\n")
        + f"{standfirst}\n\nEASTPOINT, MAINE\n\n{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n"
    )
    article = parse_dump(page)[0]
    assert article.body == f"EASTPOINT, MAINE\n\n{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    assert standfirst in article.removed
    assert article.title == "Harbour ferry to run through the winter"
    # A line of capitals between paragraphs further down is not a dateline.
    page = _HEAD + f"{_STORY_1}\n\n{_STORY_2}\n\nEASTPOINT, MAINE\n\n{_STORY_3}\n"
    assert _body(page) == f"{_STORY_1}\n\n{_STORY_2}\n\nEASTPOINT, MAINE\n\n{_STORY_3}"


def test_a_story_opening_with_a_word_of_one_capital_letter_keeps_it() -> None:
    # Not a drop cap to join to the next word ("Xmarks"): a page's text is
    # never rewritten on a guess.
    opening = (
        "X marks the spot where the last ferry of the autumn ran aground, and the "
        "council met on Monday to decide what to do with the wreck."
    )
    page = _HEAD + f"{opening}\n\n{_STORY_2}\n\n{_STORY_3}\n"
    assert _body(page).startswith("X marks the spot")


def test_bylines_with_their_date_and_a_blog_post_details_line_are_bylines() -> None:
    assert parse_byline("By Jo Roe on Monday, March 5th, 2029 at 11:04 a.m.") == Byline(
        "Jo Roe", ""
    )
    assert parse_byline("By Jo Roe, Ada Lind on Monday, March 5th, 2029 at 9:10 a.m.") == Byline(
        "Jo Roe, Ada Lind", ""
    )
    assert parse_byline("March 5, 2029 / 0 Comments / in Harbour News / by jroe") == Byline(
        "jroe", ""
    )
    # Without a date these are sentences and labels, not bylines.
    assert parse_byline("By Jo Roe on the last ferry of the night") is None
    assert parse_byline("Harbour News / Ferries / by the quay") is None


def test_a_sentence_ending_in_an_emoji_is_prose() -> None:
    assert is_prose("We hope to see you on the ferry very soon! 🙂")
    assert is_prose("The crossing took four hours in the end. 🤷\u200d♀️")
    assert not is_prose("Ferry timetable for the winter 🙂")


def test_a_long_caption_ending_in_its_credit_is_a_caption() -> None:
    description = " ".join(
        f"({n}) the {part} of the new ferry, which the yard in Eastpoint built over two winters"
        for n, part in enumerate(
            ("bridge", "car deck", "passenger lounge", "engine room", "galley")
        )
    )
    assert len(description.split()) > 60
    for credit in ("Credit: Coast Courier", "Ada LINDQVIST / AFP"):
        assert is_page_chrome(f"Parts of the ferry: {description}. {credit}"), credit
    # A long paragraph ending in a bracketed source, or a name in lower case, is prose.
    assert not is_page_chrome(f"The yard listed its work: {description} (Reuters).")
    assert not is_page_chrome(f"The yard listed its work: {description}. ada lindqvist / afp")


_COMMENT_1 = (
    "I have taken that ferry every winter morning for ten years and I can tell you the "
    "old timetable never worked for anyone who starts at the hospital before eight. "
    "Good news at last, but the council should have done this long ago."
)
_COMMENT_2 = (
    "Nobody has said who pays for the second crew once the trial money runs out. The "
    "transport budget is already stretched, and I expect the fares will rise next year "
    "whatever the council promises in November."
)


def test_long_reader_comments_under_a_thread_heading_are_no_articles() -> None:
    story = f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n"
    thread = (
        "\n2 responses to “Harbour ferry to run through the winter”\n\n"
        f"islander_42 says:\nMarch 3, 2030 at 6:34 am\n\n{_COMMENT_1}\n\n"
        f"quayside says:\nMarch 3, 2030 at 7:02 am\n\n{_COMMENT_2}\n\n"
        "Leave a Reply Cancel reply\n"
    )
    [article] = parse_dump(_HEAD + story + thread)
    assert article.body == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    cut = {c.text: c.reason for c in article.cuts}
    assert cut[_COMMENT_1] == cut[_COMMENT_2] == "comments"


def test_a_comment_counter_under_each_story_keeps_the_stories() -> None:
    # A front page lists whole posts, each with its comment counter and link.
    second = (
        "The lifeboat crew rescued two kayakers off the north shore on Sunday after the "
        "wind turned and pushed them towards the rocks. Both were unhurt and thanked the "
        "crew, who had been called out three times that weekend for the same reason."
    )
    page = (
        _HEAD
        + f"{_STORY_1}\n\n{_STORY_2}\n\n3 Comments\nLeave a comment\n\n"
        + f"Lifeboat crew rescues two kayakers\nBy Ada Lindqvist\n\n{second}\n\n5 Comments\n"
    )
    articles = parse_dump(page)
    assert [a.body for a in articles] == [f"{_STORY_1}\n\n{_STORY_2}", second]


def test_a_pitch_to_the_reader_after_the_story_is_cut() -> None:
    pitch = (
        "If you enjoyed this story, we have an offer for you: join Courier Plus. Members "
        "read every story and the weekend magazine without adverts or limits, and they "
        "keep a local newsroom on the coast working for another year."
    )
    assert len(pitch.split()) > 35  # longer than a call to action on a line of its own
    page = _HEAD + f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n\n{pitch}\n"
    article = parse_dump(page)[0]
    assert article.body == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    assert {c.text: c.reason for c in article.cuts}[pitch] == "call to follow or join"
    # Between the story's own paragraphs the same words are reporting about the offer.
    page = _HEAD + f"{_STORY_1}\n\n{pitch}\n\n{_STORY_2}\n\n{_STORY_3}\n"
    assert pitch in parse_dump(page)[0].body


def test_a_second_copy_of_the_story_on_the_page_is_no_article() -> None:
    # A print view or a phone layout further down repeats the story under its
    # headline and byline, with a paragraph more or less.
    story = f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n"
    header = "Harbour ferry to run through the winter\nBy Ada Lindqvist"
    copy = f"\n{header}\n\n{_STORY_1}\n\n{_STORY_2}\n"
    [article] = parse_dump(_HEAD + story + copy)
    assert article.body == story.strip()
    assert {c.text: c.reason for c in article.cuts}[_STORY_1] == "repeated on the page"


def test_a_box_of_key_points_above_the_story_is_cut() -> None:
    points = (
        "The island ferry will run all year from November.\n"
        "A second crew is paid from the transport budget."
    )
    story = f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    for heading in ("Key Points", "Highlights", "At a glance"):
        page = _HEAD + f"{heading}\n\n{points}\n\n{story}\n"
        article = parse_dump(page)[0]
        assert article.body == story, heading
        assert article.title == "Harbour ferry to run through the winter"
        reasons = {c.text: c.reason for c in article.cuts}
        assert reasons[heading] == reasons[points.splitlines()[0]] == "summary box above the story"
    # Without the heading the same lines open the story.
    assert (
        _body(_HEAD + f"{points}\n\n{story}\n")
        == f"{points.replace(chr(10), chr(10) * 2)}\n\n{story}"
    )
    # A heading between the story's paragraphs names a section of it.
    page = _HEAD + f"{_STORY_1}\n\nHighlights\n\n{points}\n\n{_STORY_2}\n\n{_STORY_3}\n"
    assert points.splitlines()[0] in _body(page)


def test_is_summary_heading() -> None:
    assert is_summary_heading("KEY TAKEAWAYS:")
    assert is_summary_heading("Story highlights")
    assert not is_summary_heading("Highlights of the season so far")


def test_orders_to_the_reader_after_the_story_are_cut() -> None:
    story = f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    orders = (
        "Follow the Courier's island desk on Instagram and Bluesky.\n\n"
        "Listen to the harbour hour live at 12:30 on weekdays, or catch up later.\n\n"
        "Tell us what YOU think..."
    )
    article = parse_dump(_HEAD + f"{story}\n\n{orders}\n")[0]
    assert article.body == story
    reasons = {c.text: c.reason for c in article.cuts}
    assert reasons["Tell us what YOU think..."] == "call to follow or join"
    # Quoted or reported, an order is someone's words, and the story's own.
    quoted = 'Get a ticket early, the skipper said, "because the winter boats fill up."'
    assert _body(_HEAD + f"{story}\n\n{quoted}\n").endswith(quoted)
    # Between the story's paragraphs the same words stay.
    page = _HEAD + f"{_STORY_1}\n\nTell us what YOU think...\n\n{_STORY_2}\n\n{_STORY_3}\n"
    assert "Tell us what YOU think..." in _body(page)


def test_a_trademark_notice_in_the_footer_is_no_article() -> None:
    story = f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    notice = (
        "Quillpad and Quillpad Mini are registered trademarks of Inkwell Devices Ltd. "
        "Harbourline is a trademark of Harbourline Holdings, Inc. in several countries. "
        "Other product names on this site are trademarks of their respective owners and "
        "are used for identification only."
    )
    page = _HEAD + f"{story}\n\n© 2031 Coast Courier\n\n{notice}\n"
    articles = parse_dump(page)
    assert [a.body for a in articles] == [story]
    assert is_trademark_notice(notice)
    # A story that reports on a trademark says so once, among its own sentences.
    reported = (
        "The ferry company said its name is a registered trademark of the council, "
        "which licensed it in 2029. The licence runs out next year."
    )
    assert not is_trademark_notice(reported)


def test_a_run_of_short_teasers_after_a_box_does_not_resume_the_story() -> None:
    # Headlines cut off with an ellipsis, each between two labels, and a question
    # teaser: short sentences, none a paragraph of running text.
    teasers = (
        "Bridge repairs to close the bay road for a week...\n\nSport\n\n"
        "New bus timetable starts next month, council says...\n\nTravel\n\n"
        "Lifeboat crew rescues two kayakers off the point...\n\nNews\n\n"
        "Which island walk suits you best this winter?\n"
    )
    page = _HEAD + f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n" + _BOX + teasers
    articles = parse_dump(page)
    assert articles[0].body == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    assert not any("Lifeboat crew" in article.body for article in articles)


def test_a_teaser_between_the_story_and_a_later_run_is_not_story_text() -> None:
    teaser = "Which island walk suits you best this winter?"
    page = (
        _HEAD
        + f"{_STORY_1}\n\n{_STORY_2}\n"
        + _BOX
        + teaser
        + "\n"
        + _BOX.replace("Bridge", "Harbour wall")
        + _STORY_3
        + "\n"
    )
    body = _body(page)
    assert teaser not in body
    assert body.endswith(_STORY_3)


def test_a_story_that_closes_on_a_short_sentence_keeps_it() -> None:
    for closing in ('"That is right," she said.', "Thanks, Ada!"):
        page = _HEAD + f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n\n{closing}\n\nTags\n\nFerries\n"
        article = parse_dump(page)[0]
        assert article.body == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n\n{closing}", closing
        assert "Ferries" in article.removed


def test_short_lines_after_a_story_that_do_not_end_a_sentence_stay_cut() -> None:
    for after in ("Ferry timetable", "Have a story tip?", "More from the coast...", "Island life"):
        page = _HEAD + f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n\n{after}\n\nFerries\n"
        assert _body(page) == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}", after


def test_a_sentence_under_a_label_after_the_story_is_not_its_close() -> None:
    page = (
        _HEAD
        + f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n\n"
        + "Photo gallery\n\nThis gallery needs scripts.\n\n"
        + "Tell us what you think of the winter ferry...\n"
    )
    assert _body(page) == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"


def test_a_long_teaser_blurb_in_a_box_above_a_short_story_is_not_the_story() -> None:
    # No title bar names the story; the box's heading says what the blurb is.
    blurb = (
        "Drivers were told to keep off the coast road on Saturday as gusts of up to ninety "
        "kilometres an hour were forecast, and the council shut the two car parks by the sea "
        "wall until the wind drops on Sunday evening, a spokesman for the harbour office said "
        "in a statement."
    )
    box = f"Most read\n\nStorm warning for the coast road\n\n{blurb}\n\n2 hours ago\n\n"
    story = f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n"
    page = "Home\nNews\nSport\n\n" + box + "Harbour ferry to run through the winter\n\n" + story
    assert parse_dump(page)[0].body == story.strip()


def test_a_paywall_notice_where_the_story_stops_is_cut() -> None:
    story = f"{_STORY_1}\n\n{_STORY_2}"
    notice = [
        "This article is for subscribers only.",
        "Create a free account to keep reading.",
        "You have reached your limit of free articles this month.",
        "Already a subscriber? Log in",
    ]
    article = parse_dump(_HEAD + story + "\n\n" + "\n".join(notice) + "\n")[0]
    assert article.body == story
    assert {c.reason for c in article.cuts if c.text in notice} == {"paywall notice"}
    # A story reporting on a paywall says who said so; its sentences stay.
    reported = "The editor said the archive would be for subscribers only from March."
    assert not is_paywall_notice(reported)
    assert _body(_HEAD + f"{story}\n\n{reported}\n").endswith(reported)


def test_a_credit_standing_alone_between_paragraphs_takes_no_caption() -> None:
    # A picture with no caption leaves its credit alone between two
    # paragraphs: the paragraph above is the story's.
    page = _HEAD + f"{_STORY_1}\n\n{_STORY_2}\n\nImage: Getty Images\n\n{_STORY_3}\n"
    assert _body(page) == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    # Set tight above its credit, a line is the picture's caption.
    caption = "The ferry leaves the island pier on a grey morning last winter."
    page = _HEAD + f"{_STORY_1}\n\n{caption}\nImage: Getty Images\n\n{_STORY_2}\n"
    assert _body(page) == f"{_STORY_1}\n\n{_STORY_2}"


def test_a_standfirst_the_lede_repeats_in_other_quotes_is_printed_once() -> None:
    lede = (
        "The island's ferry will run all winter for the first time, the council said on "
        "Tuesday, after a trial showed that enough people used it in the cold months."
    )
    curly = lede.replace("'", "\u2019")
    page = _HEAD + f"{lede}\n\nImage: Getty Images\n\n{curly}\n\n{_STORY_2}\n\n{_STORY_3}\n"
    assert _body(page) == f"{lede}\n\n{_STORY_2}\n\n{_STORY_3}"


def test_a_video_set_into_the_story_with_its_running_time_does_not_end_it() -> None:
    video = "WATCH: The ferry crosses the bay in a winter storm\n01:24"
    page = _HEAD + f"{_STORY_1}\n\n{video}\n\n{_STORY_2}\n\n{_STORY_3}\n"
    [article] = parse_dump(page)
    assert article.body == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    assert {c.reason for c in article.cuts if c.text == "01:24"} == {"video or audio pointer"}


def test_a_related_box_naming_its_source_ends_the_story() -> None:
    # "Related coverage from the Harbour desk:" heads a box of other stories'
    # links, as "More from ..." does; a colon would otherwise announce a list
    # of the story's own.
    box = (
        "Related coverage from the Harbour desk:\n"
        "How the island's ferry timetable is made\n"
        "Five things to know before you cross the bay\n"
        "What a winter crossing costs the council\n"
    )
    page = f"{_HEAD}{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n\n{box}\nCopyright 2030 Coast Courier\n"
    assert _body(page) == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    for heading in ("Related stories on the ferry", "Related articles about the island:"):
        assert is_related_heading(heading)
    # A sentence that opens with the word is no heading.
    assert not is_related_heading("Related charges from the same night were dropped.")


_TEASER_BLURB = (
    "Drivers were told to keep off the coast road on Saturday as gusts of up to ninety "
    "kilometres an hour were forecast, and the council shut the two car parks by the sea "
    "wall until the wind drops on Sunday evening, a spokesman for the harbour office said."
)


def test_a_dated_teaser_blurb_in_a_box_after_the_story_is_not_the_story_resumed() -> None:
    # A box of other stories after the story dates its items: a paragraph
    # under the box's headline with "3 hours ago" right under it is the
    # teaser's blurb, however long, not the story going on under the box.
    story = f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    for stamp in ("3 hours ago", "20 Nov 2030 08:00 GMT"):
        box = f"Trending now\n\nStorm warning for the coast road\n\n{_TEASER_BLURB}\n\n{stamp}\n"
        assert _body(f"{_HEAD}{story}\n\n{box}") == story, stamp
    # A stamp that names what happened then closes the story itself: its last
    # paragraph may stand under a box.
    box = "Related\n\nStorm warning for the coast road\n\n"
    page = f"{_HEAD}{_STORY_1}\n\n{_STORY_2}\n\n{box}{_STORY_3}\n\nUpdated 3 hours ago\n"
    assert _body(page) == story
    # Under a box set into the story, the story goes on for paragraphs.
    resumed = f"Read more\n\nStorm warning for the coast road\n\n{_STORY_3}\n\n{_TEASER_BLURB}\n"
    page = f"{_HEAD}{_STORY_1}\n\n{_STORY_2}\n\n{resumed}\n3 hours ago\n"
    assert _body(page) == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}\n\n{_TEASER_BLURB}"


def test_a_pitch_that_asks_the_reader_first_is_cut_from_inside_the_story() -> None:
    # "Want more ...? Join ..." gives its order after a question to the
    # reader, and names no "you".
    pitch = "Want more stories like this? Join the Courier's free morning newsletter."
    assert is_page_chrome(pitch)
    assert is_page_chrome("Looking for deals? Sign up for the Bargain Desk newsletter.")
    page = f"{_HEAD}{_STORY_1}\n\n{_STORY_2}\n\n{pitch}\n\n{_STORY_3}\n"
    assert _body(page) == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    # A question in a report, then what someone did, is no pitch.
    for line in (
        "Why did sales fall? Subscriptions to the paper dropped after the price rise.",
        "Who will pay? Subscribers to the water board face a rise, its newsletter said.",
    ):
        assert not is_page_chrome(line), line


def test_a_gallery_set_into_the_story_does_not_end_it() -> None:
    # A gallery's counters and buttons stand where its pictures were: the
    # story goes on under them, however many there are.
    gallery = [
        "Image 1 of 3",
        "Caption",
        "Close",
        "1 / 3",
        "Photo 2/3",
        "Previous image",
        "Next image",
        "Back to gallery",
    ]
    for line in gallery:
        assert is_furniture_line(line), line
    # Under it, a teaser printed twice (its picture's link and its headline's)
    # with its section's name: the gallery's lines do not lengthen the break
    # into one that only a new story's headline makes.
    teaser = "Harbour\nBridge repairs to close the bay road for a week\n" * 2
    page = f"{_HEAD}{_STORY_1}\n\n{_STORY_2}\n\n" + "\n".join(gallery[:5])
    article = parse_dump(f"{page}\n\n{teaser}\n{_STORY_3}\n")[0]
    assert article.body == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    reasons = {c.text: c.reason for c in article.cuts}
    assert reasons["1 / 3"] == reasons["Photo 2/3"] == "gallery controls"
    # Figures in a story's own lines are no counters.
    for line in ("1/2 cup of flour", "The vote was 5 of 9 in favour.", "Open 24/7 from Monday"):
        assert not is_furniture_line(line), line


def test_advert_labels_do_not_lengthen_a_break_into_the_end_of_the_story() -> None:
    # A box of widgets set into the story, with an advert's slot under it:
    # "Advertisement" stands where an ad was and parts the story no more
    # than the ad did, so the paragraph under it is still the story's.
    box = (
        "Share this article\n\nCopied!\n\nNewsletter\n\n"
        "Get the Coast Courier delivered to your inbox\n\nSubscribe now\n"
        "Latest newsletter issue\n\nAdvertisement\n\n"
    )
    page = f"{_HEAD}{_STORY_1}\n\nAdvertisement\n\n{_STORY_2}\n\n{box}{_STORY_3}\n"
    articles = parse_dump(page)
    assert len(articles) == 1
    assert articles[0].body.startswith(f"{_STORY_1}\n\n{_STORY_2}\n\n")
    assert articles[0].body.endswith(_STORY_3)
    reasons = [c.reason for c in articles[0].cuts if c.text == "Advertisement"]
    assert reasons == ["advertisement", "advertisement"]


def test_a_quoted_question_about_subscribing_is_story_text() -> None:
    # A story about a paper quotes what its people say about subscribing; it
    # names who spoke, which a page's own pitch never does.
    quote = (
        "\u201cWhy would you subscribe to a paper that no longer sends anyone to the "
        "council?\u201d the editor asks."
    )
    for line in (
        quote,
        "\u201cSign up for our newsletter and you will know first,\u201d the mayor told residents.",
        "Readers, she said, should subscribe to your local paper before it is gone.",
    ):
        assert not is_page_chrome(line), line
    page = f"{_HEAD}{_STORY_1}\n\n{_STORY_2}\n\n{quote}\n\n{_STORY_3}\n"
    assert _body(page) == f"{_STORY_1}\n\n{_STORY_2}\n\n{quote}\n\n{_STORY_3}"
    # The page's own pitch is still cut.
    assert is_page_chrome("Subscribe to our newsletter and get the news you need every morning.")


def test_an_also_pointer_to_another_story_is_a_related_link() -> None:
    pointer = "Also: See our full coverage of the winter timetable"
    assert is_page_chrome(pointer)
    assert is_page_chrome("ALSO READ: Bridge repairs to close the bay road")
    page = f"{_HEAD}{_STORY_1}\n\n{pointer}\n\n{_STORY_2}\n\n{_STORY_3}\n"
    assert _body(page) == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    # A sentence that goes on after "also" is the story's.
    assert not is_page_chrome("Also on the list: a second crew for the night crossings.")


def test_the_story_s_own_headline_over_its_gallery_heads_no_new_story() -> None:
    # A gallery after a paragraph prints each picture's caption and credit,
    # its buttons, and the story's headline again; the story goes on under
    # it. Only a headline the story was not printed under can start another.
    caption = "Passengers board the ferry at Eastpoint on a grey morning. (AP Photo/Jo Example)"
    credit = "Photo: Jo Example"
    gallery = (
        f"{caption}\n{caption}\n{credit}\n{credit}\nImage 1 of 1\nCaption\nClose\n"
        f"{caption}\n{credit}\nHarbour ferry to run through the winter\n1 / 1\nBack to gallery\n"
    )
    page = f"{_HEAD}{_STORY_1}\n\n{_STORY_2}\n\n{gallery}\n{_STORY_3}\n"
    articles = parse_dump(page)
    assert len(articles) == 1
    assert articles[0].body == f"{_STORY_1}\n\n{_STORY_2}\n\n{_STORY_3}"
    # Another story's headline there does start one.
    other = gallery.replace(
        "Harbour ferry to run through the winter", "Storm closes the coast road at Westhaven"
    )
    second = (
        "Gales closed the coast road at Westhaven on Friday night after waves threw "
        "shingle over the sea wall, and the county said it would stay shut until the "
        "wind drops.\n\nDrivers were sent inland through the hill villages, which adds "
        "half an hour to the trip, and the county asked lorries to wait at the depot."
    )
    articles = parse_dump(f"{_HEAD}{_STORY_1}\n\n{_STORY_2}\n\n{other}\n{second}\n")
    assert [a.title for a in articles] == [
        "Harbour ferry to run through the winter",
        "Storm closes the coast road at Westhaven",
    ]
