"""parse_dump on the project's own fixtures and on the real seed dumps.

Seed text is never copied here: expectations about story text are derived from
the seed files at test time; only metadata named in the issue is spelled out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsread.ingest.demo import DEMO_SOURCES
from newsread.ingest.dumps import ParsedArticle, derive_title, first_sentence, parse_dump
from newsread.ingest.furniture import (
    clean_paragraph,
    is_comment_mark,
    is_furniture_line,
    is_page_chrome,
    is_stamp,
    is_tail_clutter,
    split_dateline,
)
from newsread.ingest.furniture import reasons as why

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "dumps"

FURNITURE = [
    "Hashtags",
    "Try Our AI Features",
    "Explore what Daily8 AI can do for you",
    "No comments yet",
    "Related Articles",
    "minutes ago",
    "an hour ago",
    "- Global News",
    "Share this",
    "Copyright",
    "All rights reserved",
    "Story continues below advertisement",
    "Sign up for",
    "Sign Up",
    "By providing your email address",
    "Privacy Policy",
    "See more sharing options",
    "Send this page to someone via email",
    "Share this item",
    "watch the video above",
    "Published by",
    "2:04",
]


def _fixture(name: str) -> str:
    # read_bytes, not read_text: universal newlines would hide the CRLF fixture.
    return (FIXTURES / name).read_bytes().decode("utf-8")


def _assert_body_format(article: ParsedArticle) -> None:
    assert article.body, "empty body"
    for paragraph in article.body.split("\n\n"):
        assert paragraph == paragraph.strip()
        assert "\n" not in paragraph
        assert "  " not in paragraph


# ---------------------------------------------------------------- own fixtures


def test_wire_story_metadata_and_body() -> None:
    text = _fixture("wire_story_crlf.txt")
    assert "\r\n" in text
    [article] = parse_dump(text)
    assert article.title == "Harbour town opens its first night market"
    assert not article.title_derived
    assert article.byline == "Ada Whitlock"
    assert article.published == "2030-03-03"
    assert article.dateline == "KELLSWICK"
    assert article.source == "Northern Wire Service"
    # The dateline is metadata and stays the story's first words.
    assert article.body.startswith("KELLSWICK (NWS) — The harbour town of Kellswick opened")
    assert article.body.endswith("goes to the lifeboat station.")
    assert article.body.count("\n\n") == 2
    assert "Story continues" not in article.body
    assert "Story continues below advertisement" in article.removed
    assert "Share this article" in article.removed
    _assert_body_format(article)


def test_nothing_but_furniture_gives_no_articles() -> None:
    assert parse_dump(_fixture("furniture_only.txt")) == []
    assert parse_dump("") == []
    assert parse_dump("   \n\n  ") == []


def test_inline_furniture_is_cut_and_neighbours_joined() -> None:
    [article] = parse_dump(_fixture("inline_furniture.txt"))
    assert article.title == "Tram line extension delayed by two years"
    assert article.source == "Riverside Gazette"
    body = article.body
    for gone in (
        "Story continues",
        "3:12",
        "Commuters react",
        "Sign up",
        "Privacy Policy",
        "sharing options",
        "Share this item",
        "watch the video",
    ):
        assert gone not in body, gone
    assert "under 600 metres of the route. Authority director Nils Varga said" in body
    assert "8% to the budget. The authority said bus shuttles" in body
    assert "in the meantime. A public meeting is planned" in body
    assert "next month. Residents can send questions in advance." in body
    assert body.endswith("Residents can send questions in advance.")
    assert "3:12 Commuters react to news of tram delay at the central station" in article.removed
    _assert_body_format(article)


def test_demo_aggregator_splits_into_three_with_outlets() -> None:
    articles = parse_dump(DEMO_SOURCES["04-aggregator-page.txt"])
    assert [a.source for a in articles] == [
        "The Eastbrook Courier",
        "Valley Herald",
        "Valley Herald",
    ]
    assert articles[0].byline == "Martin Greaves"
    assert articles[0].dateline == "EASTBROOK"
    assert articles[1].title == "Ferry fares to rise 6% on island routes from May"
    for article in articles:
        _assert_body_format(article)
        for gone in ("Sign Up", "Story continues", "sharing options", "video above", "ago"):
            assert gone not in article.body


def test_republished_copy_gets_a_derived_title() -> None:
    [article] = parse_dump(DEMO_SOURCES["05-port-strike-republished.txt"])
    assert article.title_derived
    assert article.title == "Roughly 1,800 dockworkers walked off the job at Port Sellin on Monday"
    assert article.dateline == "PORT SELLIN, Norland"
    assert article.source == "Norland Wire Service"
    assert "\u201c" in article.body  # curly quotes kept as they were


@pytest.mark.parametrize(
    ("paragraph", "dateline", "rest"),
    [
        ("OSLO \u2014 The vote passed.", "OSLO", "The vote passed."),
        ("NEW YORK (AP) \u2014 Stocks fell.", "NEW YORK", "Stocks fell."),
        ("Lagos, Nigeria (Reuters) - Police said.", "Lagos, Nigeria", "Police said."),
        ("SAN JOSE, Calif. \u2013 A fire broke out.", "SAN JOSE, Calif.", "A fire broke out."),
        ("UPDATE: The vote passed.", "", "UPDATE: The vote passed."),
        ("UPDATED: This story was updated.", "", "UPDATED: This story was updated."),
        (
            "CORRECTION \u2014 An earlier version misspelt a name.",
            "",
            ("CORRECTION \u2014 An earlier version misspelt a name."),
        ),
        ("Prices rose - again.", "", "Prices rose - again."),
    ],
)
def test_split_dateline(paragraph: str, dateline: str, rest: str) -> None:
    assert split_dateline(paragraph) == (dateline, rest)


def test_derive_title_cuts_at_clause_or_word_boundary() -> None:
    short = "The mayor resigned on Friday. She gave no reason."
    assert derive_title(short) == "The mayor resigned on Friday"
    long = (
        "The regional transport authority has announced a sweeping review of every bus route "
        "in the valley, citing falling ridership and rising fuel costs."
    )
    assert derive_title(long) == (
        "The regional transport authority has announced a sweeping review of every bus route "
        "in the valley"
    )
    no_commas = " ".join(["word"] * 40) + "."
    title = derive_title(no_commas)
    assert title.endswith("\u2026") and len(title) <= 101


def test_first_sentence_skips_abbreviations() -> None:
    text = "U.S. officials met Mr. Lee in Jan. 2030 to talk. Then they left."
    assert first_sentence(text) == "U.S. officials met Mr. Lee in Jan. 2030 to talk."


def test_clean_paragraph_leaves_ordinary_sentences_alone() -> None:
    text = (
        "Share prices fell 4% on Monday. She said she would sign up for the course. "
        "The meeting ended at 2:30 after the vote."
    )
    assert clean_paragraph(text) == (text, [])


# ---------------------------------------------------------------- real seeds

AP_TITLE = (
    "China pledges to crack down on illicit exports of rare earths, urges U.S. to lift more "
    "trade controls"
)


@pytest.fixture
def seed_000(seeds_dir: Path) -> str:
    return (seeds_dir / "000_d8e97f765fcb073c.txt").read_text(encoding="utf-8")


@pytest.fixture
def seed_001(seeds_dir: Path) -> str:
    return (seeds_dir / "001_8d1a7e5246696964.txt").read_text(encoding="utf-8")


def test_seed_000_articles_and_metadata(seed_000: str) -> None:
    articles = parse_dump(seed_000)
    assert len(articles) == 4
    ap = articles[0]
    assert ap.title == AP_TITLE
    assert not ap.title_derived
    assert ap.byline == "Elaine Kurtenbach"
    assert ap.source == "The Associated Press"
    assert ap.dateline == "BANGKOK"
    assert ap.body.startswith("BANGKOK — China's state security agency says")
    assert [a.source for a in articles[1:]] == ["Global News", "Globe and Mail", "Global News"]
    lines = [line.strip() for line in seed_000.splitlines()]
    for article in articles[1:]:
        # The headline is the line right above the story's first line.
        opening = article.body.split("\n\n")[0][:60]
        first = next(i for i, line in enumerate(lines) if opening in line)
        assert article.title == lines[first - 1]
        assert not article.title_derived
        assert article.byline == ""


def test_seed_001_single_article(seed_001: str) -> None:
    [article] = parse_dump(seed_001)
    assert article.title_derived
    assert article.dateline == "BANGKOK"
    assert article.source in ("The Associated Press", "")
    assert not article.title.startswith("BANGKOK")
    assert 20 <= len(article.title) <= 110
    # The body keeps its dateline; the title is taken from the words after it.
    story = split_dateline(article.body)[1]
    assert article.body.startswith("BANGKOK")
    assert story[: len(article.title)] == article.title  # cut at a boundary
    assert story[len(article.title)] in ", .;"


@pytest.mark.parametrize("seed", ["seed_000", "seed_001"])
def test_seed_bodies_have_no_furniture(seed: str, request: pytest.FixtureRequest) -> None:
    text = request.getfixturevalue(seed)
    for article in parse_dump(text):
        _assert_body_format(article)
        for furniture in FURNITURE:
            assert furniture not in article.body, (article.title, furniture)


@pytest.mark.parametrize("seed", ["seed_000", "seed_001"])
def test_seed_story_text_survives(seed: str, request: pytest.FixtureRequest) -> None:
    """Every prose line of the seed, minus what was reported removed, is a body paragraph."""
    text = request.getfixturevalue(seed)
    articles = parse_dump(text)
    paragraphs = {p for a in articles for p in a.body.split("\n\n")}
    removed = sorted({r for a in articles for r in a.removed}, key=len, reverse=True)
    titles = {a.title for a in articles}
    checked = 0
    for line in text.splitlines():
        if len(line.split()) < 12 or line.startswith("Copyright") or line in titles:
            continue
        expected = line
        for fragment in removed:
            expected = expected.replace(fragment, " ")
        expected = " ".join(expected.split())
        assert expected in paragraphs, expected[:80]
        checked += 1
    assert checked >= 17


def test_seed_000_in_paragraph_furniture_cut_between_kept_sentences(seed_000: str) -> None:
    articles = parse_dump(seed_000)
    body = "\n\n".join(a.body for a in articles[1:])
    cut = [r for a in articles[1:] for r in a.removed if len(r.split()) > 3 and "ago" not in r]
    assert len(cut) >= 5
    for line in seed_000.splitlines():
        for fragment in cut:
            start = line.find(fragment)
            if start <= 0 or start + len(fragment) >= len(line):
                continue
            before = " ".join(line[:start].split()[-4:])
            after = " ".join(line[start + len(fragment) :].split()[:4])
            assert f"{before} {after}" in body, fragment[:40]
            assert re.search(r"[.!?'\u2019\"]$", before), before


def test_seed_000_video_caption_and_newsletters_removed(seed_000: str) -> None:
    articles = parse_dump(seed_000)
    removed = [r for a in articles for r in a.removed]
    assert any(r.startswith("2:04 ") for r in removed)
    assert sum("By providing your email address" in r for r in removed) == 2
    assert sum(r.startswith("See more sharing options") for r in removed) == 1


# ---------------------------------------------------------------- saved web pages


def test_story_resumes_after_related_box_and_cookie_notice_is_dropped() -> None:
    [article] = parse_dump(_fixture("saved_page.txt"))
    assert article.title == "Orchard growers report record cherry harvest"
    assert article.byline == "Lina Okoro"
    assert article.body.startswith("Growers in the Tessel valley")
    assert article.body.endswith("supermarkets across the region.")
    assert "Apple prices" not in article.body
    assert "cookies" not in article.body
    assert "Apple prices expected to fall this autumn" in article.removed


def test_cookie_notice_under_the_page_title_is_not_an_article() -> None:
    [article] = parse_dump(_fixture("page_title_cookie_notice.txt"))
    assert article.title == "Lantern festival draws record crowds to Old Quay"
    assert article.byline == "Tomas Reyes"
    assert article.body.startswith("More than forty thousand people")
    assert "cookies" not in article.body
    assert any("uses cookies" in r for r in article.removed)


def test_page_title_is_not_a_headline_for_a_promo_before_the_story() -> None:
    # The page title above a promo is a headline without a byline or date: it
    # does not make the promo a story of its own.
    [article] = parse_dump(_fixture("page_title_promo.txt"))
    assert article.title == "Dry summer leaves reservoirs at lowest level in decades"
    assert article.byline == "Ines Valcourt"
    assert article.body.startswith("The three reservoirs")
    assert "podcast" not in article.body


def test_embedded_post_signature_does_not_end_the_story() -> None:
    # "— Name (@handle) date" closes a quoted social post, not the story.
    [article] = parse_dump(_fixture("embedded_post.txt"))
    assert article.title == "Council votes to keep the old library open"
    assert article.body.endswith("would move to the school hall.")
    assert "The council will now ask for bids" in article.body


@pytest.mark.parametrize(
    "line",
    [
        "We use cookies (why?) You can change cookie preferences. Continued site use signifies "
        "consent.",
        "This site uses cookies to improve your experience. By continuing to browse you agree to "
        "our Cookie Policy.",
    ],
)
def test_consent_notices_are_furniture(line: str) -> None:
    assert is_furniture_line(line)


def test_sentences_about_cookies_are_not_consent_notices() -> None:
    line = (
        "Regulators fined the company for placing tracking cookies without consent, the court said."
    )
    assert not is_furniture_line(line)


def test_captions_calls_to_action_sources_and_teasers_leave_the_body() -> None:
    [article] = parse_dump(_fixture("story_with_chrome.txt"))
    assert article.title == "Bridge repairs to close the river crossing for six weeks"
    assert article.byline == "Priya Castell"
    assert article.published == "2030-04-02"
    assert article.body.startswith("Engineers will close the Westgate bridge")
    assert article.body.endswith("before the work begins.")
    assert article.body.count("\n\n") == 3
    for gone in (
        "Image:",
        "Related:",
        "inbox",
        "Highways Board",
        "Email interview",
        "…",
        "Updated",
        "Tuesday April",
    ):
        assert gone not in article.body, gone
    assert "Library reopens after flood repairs …" in article.removed


def test_caption_above_a_bare_credit_leaves_the_body() -> None:
    text = "\n".join(
        [
            "Ferry crews vote to accept the new contract",
            "",
            "By Priya Castell",
            "",
            (
                "The ferry crews of the northern islands voted on Tuesday to accept a "
                "new contract that raises their pay and shortens the longest shifts, "
                "ending a dispute that had stopped the early sailings for three weeks."
            ),
            "",
            (
                "A crew member ties up the morning ferry at the north quay after the "
                "vote on Tuesday evening."
            ),
            "Lena Brook | Harbour Gazette | Tidewater Images",
            "",
            (
                "The union said nine in ten of its members had voted, and that the "
                "first early sailing would leave on Monday. The operator said it was "
                "glad the dispute was over."
            ),
            "",
            "Image copyright Tidewater Images",
            "Image caption Crews at the quay",
            (
                "The harbour board will review the timetable in the spring, a "
                "spokesperson said, once the new shifts have run for a season."
            ),
            "",
        ]
    )
    [article] = parse_dump(text)
    assert "ties up the morning ferry" not in article.body
    assert "Lena Brook" not in article.body
    reasons = {cut.text: cut.reason for cut in article.cuts}
    assert (
        reasons[
            "A crew member ties up the morning ferry at the north quay after the vote on "
            "Tuesday evening."
        ]
        == "photo caption"
    )
    # A labelled credit comes before its caption: the story line above it stays.
    assert "once the new shifts have run for a season." in article.body
    assert article.body.startswith("The ferry crews of the northern islands")
    assert "The operator said it was glad the dispute was over." in article.body


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        ("Crowds gather at the quay on Saturday (Image: GETTY )", True),
        ("Roughly 200 boats took part in the parade [File: Reuters]", True),
        ("A diver checks the hull. (AP Photo/Jo Marsh)", True),
        ("Image copyright Getty Images", True),
        ("Photo: Lena Brook", True),
        ("Photo by Lena Brook/Harbour Gazette", True),
        ("Photo illustration by Lena Brook", True),
        ("Lena Brook | Harbour Gazette | Tidewater Images", True),
        ("Lena Brook | Harbour Gazette", True),
        ("Ferry fares rise | Harbour Gazette reports a busy spring season", False),
        ("View PDF/Print Mode", False),
        ("Need more news? Subscribe to our sister title for the latest updates!", True),
        ("Don't miss a brief. Sign up for our daily email.", True),
        ("You have been successfully subscribed!", True),
        ('Harbour Gazette, " Tide tables for the spring," March 3, 2030', True),
        ("Email interview with Jo Marsh, harbour master, March 4, 2030", True),
        ("SEE MORE: Ferry fares rise on island routes", True),
        ("In this March 3, 2030, file photo, a diver checks the hull of a ferry.", True),
        ("This post may contain affiliate links. Please see my disclosure page.", True),
        ("When you buy through links on our site, we may earn an affiliate commission.", True),
        ("Get breaking harbour news and the latest updates on ferry times!", True),
        ("Please enable JavaScript to view the comments.", True),
        ("The firm said affiliates earned less this year than last.", False),
        ("The paper said its newsletter had 40,000 subscribers by March.", False),
        ("Prices rose 3% (Reuters data show) over the year, officials said.", False),
        ("Das Register nennt es die elektronische Patientenakte (ePA)", False),
        ("He said the talks would resume on March 3, 2030, in Oslo.", False),
    ],
)
def test_page_chrome_lines(line: str, chrome: bool) -> None:
    assert is_page_chrome(line) is chrome


@pytest.mark.parametrize(
    ("line", "stamp"),
    [
        ("Tuesday November 19, 2030", True),
        ("20 Nov 2030 08:00 GMT", True),
        ("12:51 p.m.", True),
        ("Updated: Nov. 19, 2030, 7:10 p.m.", True),
        ("Northern Wire November 19, 2030, 9:02 AM", True),
        ("Published: Monday, November 18th, 2030 at 11:08 a.m.", True),
        ("Updated on: November 19, 2030 / 10:07 AM / Harbour News", True),
        ("\u2014 Jo Roe (@jroe) May 3, 2030", False),
        ("The vote on March 9, 2030 passed.", False),
        ("Ferry fares rise on March 9, 2030", False),
    ],
)
def test_date_only_lines_are_stamps(line: str, stamp: bool) -> None:
    assert is_stamp(line) is stamp


def test_one_ellipsis_line_is_style_several_are_a_teaser_list() -> None:
    body = (
        "The committee met for four hours on Thursday and agreed a new timetable for the "
        "harbour works, which had been delayed twice since the spring.\n\n"
        "Here's the thing …\n\n"
        "Nobody on the committee wanted a third delay, and the contractor has promised to add "
        "a second crew so that the work can finish before the winter storms arrive.\n"
    )
    [article] = parse_dump("Harbour works get a new timetable\n\n" + body)
    assert "Here's the thing …" in article.body


def test_repeated_caption_leaves_the_body_but_a_double_paste_keeps_the_story() -> None:
    caption = (
        "Volunteers from the rowing club carry sandbags along the towpath on Sunday "
        "morning as the river rose towards the boathouse doors."
    )
    story = (
        "Volunteers filled more than two thousand sandbags on Sunday as the river rose to its "
        "highest level in a decade, and the rowing club moved its boats to higher ground.\n\n"
        "The environment agency said the water would peak on Monday night and then fall "
        "slowly over the week, as long as the forecast for dry weather holds.\n"
    )
    text = f"River rises to a ten-year high\n\n{caption}\n\n{story}\n{caption}\n"
    [article] = parse_dump(text)
    assert caption not in article.body
    assert article.body.startswith("Volunteers filled more than two thousand sandbags")
    [twice] = parse_dump(f"River rises to a ten-year high\n\n{story}\n{story}")
    assert twice.body.count("Volunteers filled") == 2


# ---------------------------------------------------------------- story ends and tails


def test_reader_comments_are_not_part_of_the_story() -> None:
    articles = parse_dump(_fixture("comment_thread.txt"))
    story = articles[0]
    assert story.title == "Ferry operator adds a late sailing for the summer"
    assert story.body.endswith("if enough tickets are sold.")
    assert "About time too" not in story.body


@pytest.mark.parametrize(
    ("line", "mark"),
    [
        ("34 responses to \u201cCouncil keeps the library open\u201d", True),
        ("12 Comments", True),
        ("Leave a Reply", True),
        ("jdoe_77 says:", True),
        ("The minister says the plan is fair and will stand.", False),
        ("He says:", False),
        ("The report says:", False),
    ],
)
def test_comment_marks(line: str, mark: bool) -> None:
    assert is_comment_mark(line) is mark


def test_company_about_paragraph_and_what_follows_leave_the_story() -> None:
    [article] = parse_dump(_fixture("press_release_tail.txt"))
    assert article.body.endswith("publish the results of the first year in a joint report.")
    assert "headquartered" not in article.body
    assert "Stay up to date with Kestrel." in article.removed


def test_writer_bio_after_the_story_is_cut_but_a_profile_keeps_its_text() -> None:
    story = (
        "The harbour board approved the new breakwater on Tuesday after two years of "
        "argument about its cost, and work is due to start before the winter storms.\n\n"
        "Board members said the design had been changed twice to protect the seal colony on "
        "the north shore, which had been the main worry of local residents.\n\n"
        "The contractor expects the work to take eighteen months and to employ about forty "
        "people from the town.\n\n"
    )
    bio = (
        "Mara Quist is a freelance writer based in Lindholm. Her work has appeared in the "
        "Harbour Gazette and the Northern Review. Follow her on Twitter.\n"
    )
    [article] = parse_dump("Harbour board approves new breakwater\n\n" + story + bio)
    assert article.body.endswith("about forty people from the town.")
    assert bio.strip() in article.removed
    # The same wording as the story's subject, high up in a profile, stays.
    profile = (
        "Mara Quist is a freelance writer who has spent ten years reporting on the fishing "
        "towns of the north coast, and her new book follows one family through a season.\n\n"
    )
    [article] = parse_dump("A writer of the north coast\n\n" + profile + story)
    assert article.body.startswith("Mara Quist is a freelance writer")


@pytest.mark.parametrize(
    ("paragraph", "clutter"),
    [
        ("Jo Roe is the Senior Editor of Tide Weekly. She has covered ports since 2020.", True),
        ("Amy Lark covers city hall for the Riverside Gazette.", True),
        ("Have a tip? Amy Lark may be reached at alark@example.com.", True),
        ("Tern Labs is a global supplier of marine sensors.", True),
        ("About Tern Labs", True),
        ("*These statements have not been evaluated by the regulator.", True),
        ("The mayor said the plan was a good one and would be put to a vote.", False),
        ("Tern Labs said its sensors had been fitted to forty boats.", False),
    ],
)
def test_tail_clutter(paragraph: str, clutter: bool) -> None:
    assert is_tail_clutter(paragraph) is clutter


def test_list_introduced_by_the_story_stays_in_it() -> None:
    intro = (
        "The choir will tour the coast next summer for the first time in twenty years, "
        "the director said on Monday, and tickets go on sale in March.\n\n"
        "The tour dates are:\n"
    )
    dates = [f"June {day} -- Town Hall, Harbour Number {day}" for day in range(1, 12)]
    menu = "Follow us:\nFacebook\nTwitter\n"
    text = "Choir announces coast tour\n\n" + intro + "\n".join(dates) + "\n\n" + menu
    [article] = parse_dump(text)
    for line in dates:
        assert line in article.body
    assert "Facebook" not in article.body


def test_link_lines_after_the_last_sentence_leave_the_story() -> None:
    story = (
        "The night market will run every Friday until October, the town council said, and "
        "stall fees will stay at last year's level for local traders.\n\n"
        "Organisers expect around two thousand visitors a week once the school holidays "
        "begin, and a shuttle bus will run from the station.\n"
    )
    links = "Previous: Harbour wall repairs finish early\nNext: Ferry fares rise on island routes\n"
    [article] = parse_dump("Night market returns for the summer\n\n" + story + links)
    assert article.body.endswith("a shuttle bus will run from the station.")
    assert "Next: Ferry fares rise on island routes" in article.removed


def test_cut_off_teasers_separated_by_blank_lines_are_a_list() -> None:
    story = (
        "The harbour board approved the new breakwater on Tuesday after two years of "
        "argument about its cost, and work is due to start before the winter storms.\n\n"
        "Board members said the design had been changed twice to protect the seal colony.\n\n"
    )
    teasers = "Ferry fares to rise on island routes...\n\nLibrary reopens after flood...\n"
    [article] = parse_dump("Harbour board approves breakwater\n\n" + story + teasers)
    assert "Library reopens" not in article.body


def test_japanese_story_without_spaces_is_prose() -> None:
    paragraphs = [
        "港町の朝市が今年も始まり、初日から多くの人が新鮮な魚や野菜を求めて集まった。",
        "市の担当者によると、今年は出店数が昨年より二割ほど増え、若い店主も目立つという。",
        "朝市は十月末まで毎週土曜日に開かれ、雨の日も屋根の下で続けられる予定だ。",
        "地元の漁師は「天気が良ければもっと多くの魚を並べたい」と話していた。",
    ]
    text = "港町の朝市が始まる\n\nホーム ›\n\n" + "\n\n".join(paragraphs) + "\n\n関連記事\n"
    [article] = parse_dump(text)
    assert article.body == "\n\n".join(paragraphs)


def test_sentences_about_permission_or_copyright_do_not_end_the_story() -> None:
    story = (
        "The gallery said on Monday that a rival museum had printed its photographs "
        "without permission in a catalogue sold at the summer fair.\n\n"
        "Lawyers for the gallery said the images are subject to copyright and asked for the "
        "catalogue to be withdrawn from sale by the end of the month.\n\n"
        "The museum said it would reply to the letter once its board had met next week.\n"
    )
    [article] = parse_dump("Gallery accuses museum of copying photographs\n\n" + story)
    assert article.body.startswith("The gallery said on Monday")
    assert article.body.endswith("once its board had met next week.")
    assert is_furniture_line("This document is subject to copyright.")
    assert is_furniture_line("No part may be reproduced without the written permission.")


def test_question_headlines_after_the_story_are_links() -> None:
    story = (
        "The choir sang in the old market hall on Saturday for the first time since the roof "
        "was mended, and every seat was taken an hour before the start.\n\n"
        "The director said the hall would be used for two more concerts this summer, and that "
        "tickets for both would go on sale at the library next week.\n\n"
    )
    links = "Can a Small Town Choir Fill a Cathedral?\nWhy Do Harbour Towns Love Brass Bands?\n"
    [article] = parse_dump("Choir returns to the market hall\n\n" + story + links)
    assert article.body.endswith("at the library next week.")
    assert "Why Do Harbour Towns Love Brass Bands?" in article.removed
    # A question the story asks in running text stays.
    asked = story + "Will the council now pay for the organ as well, after all that?\n"
    [article] = parse_dump("Choir returns to the market hall\n\n" + asked)
    assert article.body.endswith("after all that?")


@pytest.mark.parametrize("heading", ["About Tern Labs", "Sobre Tern Labs", "Über Tern Labs"])
def test_about_headings_in_several_languages_are_tail_clutter(heading: str) -> None:
    assert is_tail_clutter(heading)


def test_dash_signature_between_quoted_paragraphs_does_not_split_the_story() -> None:
    reviews = (
        "\u201cThe boat trip was lovely and the crew told us the story of every lighthouse we "
        "passed on the way out to the island.\u201d\n\n"
        "\u2013 Jo Roe\n\n"
        "\u201cWe booked it for my father's birthday, and he said it was the best afternoon he "
        "has had on the water in years.\u201d\n\n"
        "\u2013 Sam Tern\n\n"
        "\u201cA calm sea, good coffee on board and seals on the rocks at the far end of the "
        "bay, which the children loved.\u201d\n"
    )
    [article] = parse_dump("What our passengers say\n\n" + reviews)
    assert article.body.startswith("\u201cThe boat trip was lovely")
    assert article.body.endswith("which the children loved.\u201d")


def test_a_pasted_brief_is_an_article_but_a_page_of_labels_is_not() -> None:
    [brief] = parse_dump("Harbour fees rise. The port board said on Monday they go up in May.\n")
    assert brief.body.startswith("Harbour fees rise.") and brief.body.endswith("in May.")
    assert parse_dump("Comments\nNo comments yet...\nShare this story\nSign up\n") == []
    assert parse_dump("Too short to be news.\n") == []
    # Beside a page-sized story, a short run of prose is still a teaser and is dropped.
    story = " ".join(["The council met on Monday and voted on the budget for the harbour."] * 6)
    pages = parse_dump(f"{story}\n\nRead more. Our newsletter is out every week on Friday.\n")
    assert len(pages) == 1 and "newsletter" not in pages[0].body


def test_teaser_links_shown_twice_inside_a_story_leave_it_but_list_labels_stay() -> None:
    # A teaser box inside the story prints each link twice (picture and
    # headline); a label the story's own list repeats under every item stays.
    first = (
        "The valley's orchards will be replanted with hardier pear trees over the next five "
        "years, the growers' cooperative said on Thursday, after two late frosts in a row.\n"
    )
    box = (
        "Beekeepers warn of a thin summer for honey\n"
        "Beekeepers warn of a thin summer for honey\n"
        "Farm shop opens on the old mill site\n"
        "Farm shop opens on the old mill site\n"
    )
    rest = (
        "Members will share the cost of the new trees, and the regional council has offered "
        "a grant for the first two hundred hectares, the cooperative's chair told members.\n\n"
        "The nurseries that will supply the trees are:\n"
        + "".join(f"Nursery {n} on the river road\nOrder from the nursery\n" for n in "ABCDE")
        + "\nPlanting starts in November, when the ground is soft enough to work but not yet "
        "frozen, and the first new pears should be picked in four years.\n"
    )
    [article] = parse_dump("Orchards to be replanted\n\n" + first + box + rest)
    assert "Beekeepers warn" not in article.body
    assert "Farm shop opens" not in article.body
    reasons = {c.text: c.reason for c in article.cuts}
    assert reasons["Farm shop opens on the old mill site"] == why.REPEATED
    assert article.body.count("Order from the nursery") == 5
    assert "Planting starts in November" in article.body


def test_question_headline_repeating_the_page_title_leaves_the_body_and_is_the_title() -> None:
    # A headline ending in "?" reads as a sentence; the page's title bar (its
    # first line) shows it, so at the top of the story it is the headline.
    story = (
        "Updated 14 March\n\n"
        "Will the ferry run all winter this year?\n\n"
        "The island ferry will keep its winter timetable for the first time in a decade, "
        "the operator said on Wednesday, after the council agreed to cover part of the cost.\n\n"
        "Islanders had asked for the change for years, saying the spring-only service cut "
        "them off from the hospital and the schools on the mainland.\n"
    )
    title_bar = "Will the ferry run all winter this year? - Harbour Weekly\n\nHome\nNews\nSport\n\n"
    [article] = parse_dump(title_bar + story)
    assert article.body.startswith("The island ferry will keep")
    assert article.title == "Will the ferry run all winter this year?"
    reasons = {c.text: c.reason for c in article.cuts}
    assert reasons["Will the ferry run all winter this year?"] == why.HEADLINE
    # A dump that opens with the story has no title bar: its first line stays.
    [pasted] = parse_dump(story.split("\n\n", 1)[1])
    assert pasted.body.startswith("Will the ferry run all winter this year?")


def test_the_story_whose_headline_the_page_title_repeats_comes_first() -> None:
    # A promo with its own headline and date sits above the story; the saved
    # page's title bar names the story, so the story is the main article.
    promo = (
        "Win a weekend at the lighthouse\n"
        "March 2, 2030\n\n"
        "Readers can win two nights in the restored keeper's cottage at the point, with "
        "breakfast, a guided walk along the cliffs and a boat trip to the seal colony, by "
        "answering one question about the lighthouse before the end of the month.\n\n"
    )
    story = (
        "Harbour board approves new breakwater\n"
        "By Ana Lindqvist\n"
        "March 3, 2030\n\n"
        "The harbour board approved the new breakwater on Tuesday after two years of "
        "argument about its cost, and work is due to start before the winter storms arrive.\n\n"
        "Board members said the design had been changed twice to protect the seal colony, "
        "and the fishing cooperative said it would no longer oppose the plan in court.\n"
    )
    page = "Harbour board approves new breakwater | Coast Gazette\n\n" + promo + story
    articles = parse_dump(page)
    assert articles[0].title == "Harbour board approves new breakwater"
    assert articles[0].body.startswith("The harbour board approved")
    assert any(a.body.startswith("Readers can win") for a in articles[1:])
    # Without the title bar the page order stands.
    assert parse_dump(promo + story)[0].body.startswith("Readers can win")
