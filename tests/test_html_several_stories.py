"""A page holding several stories gives one article per story; a single story's
page, whatever ``<article>`` elements it also holds, gives that story whole.

The pages are written here (invented outlets and stories): a briefing of short
stories, the same stories bare as a QA pass wrote them, stories wrapped in one
``<article>``; and single stories with teaser cards, with nested articles
(related cards, a reader's letter), with a comments section. They go through
the real command (``extract --json``, ``import``, an import from a URL served on
127.0.0.1) and through the extractor itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsread.ingest.extract import HTML, ExtractedArticle, extract_text
from newsread.ingest.furniture import reasons as why
from tests.http_server import Server, http_server_fixture  # noqa: F401

NEWSREAD = Path(sys.executable).with_name("newsread")
HTML_TYPE = {"Content-Type": "text/html; charset=utf-8"}
RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}

BRIEFS = [
    (
        "Council approves a second bridge over the Ambre",
        [
            "The Fenwick council approved plans for a second road bridge over the river Ambre"
            " on Tuesday night, after a debate that lasted almost four hours. The bridge will"
            " cost about 62 million euros.",
            "Work should begin next spring. Shop owners on the old bridge said they feared"
            " losing passing trade once the new crossing opens.",
        ],
    ),
    (
        "Orchestra names a new conductor",
        [
            "The Fenwick Philharmonic has named Ilse Varga as its principal conductor from the"
            " autumn season. Varga, 41, led the Tallinn Chamber Orchestra for six years.",
        ],
    ),
    (
        "Heavy rain floods the lower town",
        [
            "Streets in the lower town were under water on Wednesday morning after the heaviest"
            " rain in a decade. Firefighters pumped out forty cellars, and two schools stayed"
            " closed.",
        ],
    ),
]


def _story(title: str, paragraphs: list[str], heading: str = "h2") -> str:
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<article><{heading}>{title}</{heading}>{text}</article>\n"


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        '<meta property="og:site_name" content="The Fenwick Post"></head>\n'
        f"<body>\n{body}</body></html>\n"
    )


HEADER = (
    '<header><nav><a href="/">Home</a> <a href="/local">Local</a>'
    ' <a href="/sport">Sport</a></nav></header>\n'
)
FOOTER = "<footer><p>© 2025 The Fenwick Post. All rights reserved.</p></footer>\n"

BRIEFING = _page(
    "Morning digest | The Fenwick Post",
    HEADER
    + "<main><h1>Morning digest</h1>\n"
    + "".join(_story(t, ps) for t, ps in BRIEFS)
    + "</main>\n"
    + FOOTER,
)

# The shape of the QA pass's page: no <head>, each story one paragraph.
BARE = "<html><body>" + "".join(_story(t, [" ".join(ps)]) for t, ps in BRIEFS) + "</body></html>"

WRAPPED = _page(
    "Weekend news | The Fenwick Post",
    '<article class="front"><h1>Weekend news</h1>\n'
    + "".join(_story(t, ps, "h3") for t, ps in BRIEFS)
    + "</article>\n",
)

LIGHTHOUSE = [
    "Agnes Moll climbed the 212 steps of the Cape Tarn lighthouse for the last time on Friday,"
    " ending a career that began when the light still ran on paraffin.",
    "Moll, 66, was the last keeper on the coast. The light has been automatic since 2009, but"
    " the harbour board kept her on to look after the building and its small museum.",
    '"I never once missed a night," she said. "In the storm of 1999 I stayed up for three days'
    ' and kept the lamp turning by hand."',
    "The harbour board said it would turn the keeper's cottage into a visitor centre. A"
    " volunteer group will open the tower to the public on summer weekends.",
    "Moll plans to move to her sister's farm inland, where, she said, she hopes to see the sea"
    " only on postcards.",
]
LONG_DEK = (
    "More than forty thousand visitors came to the harbour festival over the weekend, the"
    " organisers said on Monday, a record for the event that began as a single evening of music"
    " on the quay in 1987 and now fills three days with concerts, boat races, a fish market and"
    " a parade of tall ships from six countries, which this year brought in the largest number"
    " of foreign visitors the town has ever seen. The town council said the festival would get"
    " a larger budget next year."
)
TEASERS = _page(
    "Lighthouse keeper retires after 38 years | The Fenwick Post",
    HEADER
    + '<main>\n<article class="story"><h1>Lighthouse keeper retires after 38 years</h1>'
    + "".join(f"<p>{p}</p>" for p in LIGHTHOUSE)
    + "</article>\n"
    + '<section class="more-stories"><h2>More from the Post</h2>\n'
    # a card of one short line; an excerpt the page cut off; a long dek under
    # a linked headline; a card that is one link; one with "Read more".
    + '<article class="card"><h3><a href="/a">Ferry timetable changes from Monday</a></h3>'
    "<p>New times for the island route.</p></article>\n"
    '<article class="card"><h3><a href="/b">Fishing quotas cut again</a></h3><p>The fisheries'
    " board cut the herring quota for the third year in a row, and skippers say another cut"
    " would put small boats out of busine…</p></article>\n"
    '<article class="card"><h3><a href="/c">Harbour festival draws record crowds</a></h3>'
    f"<p>{LONG_DEK}</p></article>\n"
    '<a href="/d"><article class="card"><h3>Coastal path reopens after landslide</h3><p>The'
    " coastal path between Tarn and Skarv is open again, four months after a landslide swept"
    " part of it into the sea. Walkers are asked to keep to the new inland stretch.</p>"
    "</article></a>\n"
    '<article class="card"><h3>Old cannery to become flats</h3><p>The empty cannery on the'
    " north quay will be turned into sixty flats, the owners said on Tuesday. The council"
    ' still has to approve the plans.</p><a href="/e">Read more</a></article>\n'
    "</section>\n</main>\n" + FOOTER,
)

TRAM = [
    "The regional transport company opened its new tram depot in Kessel on Thursday, two years"
    " later than planned and 30 percent over budget.",
    "The depot has room for 48 trams and a workshop that can lift a whole vehicle off its"
    " wheels. Until now, trams were repaired in a hall built in 1911.",
    '"The old hall could not take the new low-floor trams," said the company\'s chief engineer,'
    ' Hanne Brook. "We had to send them to Germany for every large repair."',
    "The company said the delay came from a dispute with the builder over the foundations,"
    " which had to be dug deeper than the plans said.",
]
LETTER = [
    "I have taken the tram from Kessel to the centre every working day for twenty years, and"
    " the old trams broke down far too often in winter. If the new depot means that the trams"
    " are repaired here instead of being sent abroad for months, then the extra cost may well"
    " be worth it in the end.",
    "Still, the company should explain why nobody checked the ground before the building work"
    " started. Thirty percent over budget is a lot of money for the people who pay the fares,"
    " and the same mistake must not happen again on the next project.",
]
NESTED = _page(
    "New tram depot opens in Kessel | The Fenwick Post",
    '<main>\n<article class="story"><h1>New tram depot opens in Kessel</h1>'
    + "".join(f"<p>{p}</p>" for p in TRAM)
    + '<article class="related"><h3><a href="/x">Tram fares to rise in March</a></h3>'
    "<p>Single tickets go up by ten cents.</p></article>"
    '<article class="related"><h3><a href="/y">Kessel line closed for repairs</a></h3>'
    "<p>Buses replace trams until Sunday.</p></article>"
    "<section><h2>Readers' letters</h2>" + _story("Martin Roe wrote", LETTER, "h3") + "</section>"
    "</article>\n</main>\n",
)

MEALS = [
    "Every primary school pupil in the Fenwick region will get a free hot lunch from September,"
    " the regional education board decided on Monday.",
    "The plan will cost 14 million euros a year. The board will pay for it by closing two"
    " administrative offices and by cutting the budget for school buildings.",
    '"No child should sit in a classroom hungry," said the board\'s chair, Petra Lind.'
    " Parents' groups welcomed the decision, while teachers' unions asked who would serve the"
    " meals.",
]
COMMENT = [
    "This is a very good decision, and it is long overdue. My children's school already runs a"
    " breakfast club, and the teachers there told us that pupils who had eaten properly were"
    " calmer and learned much better in the morning lessons than the ones who had not.",
    "I hope the board also thinks about the kitchens. Many of the older schools have no kitchen"
    " at all, so the food will have to be cooked somewhere else and driven in, which costs"
    " money as well and which nobody seems to have counted yet.",
]
COMMENTS = _page(
    "School meals to be free for all pupils | The Fenwick Post",
    '<main>\n<article class="story"><h1>School meals to be free for all pupils</h1>'
    + "".join(f"<p>{p}</p>" for p in MEALS)
    + '</article>\n<section id="comments"><h2>Comments</h2>\n'
    + _story("Sandra K.", COMMENT, "h3").replace("<article>", '<article class="comment">')
    + "</section>\n</main>\n",
)

PAGES = {
    "briefing.html": BRIEFING,
    "bare.html": BARE,
    "wrapped.html": WRAPPED,
    "teasers.html": TEASERS,
    "nested.html": NESTED,
    "comments.html": COMMENTS,
}
SINGLE = {
    "teasers.html": ("Lighthouse keeper retires after 38 years", LIGHTHOUSE),
    "nested.html": ("New tram depot opens in Kessel", TRAM),
    "comments.html": ("School meals to be free for all pupils", MEALS),
}

pytestmark = pytest.mark.skipif(not NEWSREAD.exists(), reason=f"{NEWSREAD} is not installed")


def _write_pages(folder: Path) -> Path:
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _newsread(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSREAD_LIBRARY": str(cwd / "library")}
    proc = subprocess.run(
        [str(NEWSREAD), *map(str, args)],
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=180,
        check=False,
    )
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    return proc


def _extract(text: str) -> list[ExtractedArticle]:
    return extract_text(text, HTML).articles


def _assert_briefs(articles: list[dict], joiner: str = "\n\n") -> None:
    """One article per brief, in page order, each with its own text only."""
    assert [a["title"] for a in articles] == [title for title, _ in BRIEFS]
    for article, (title, text) in zip(articles, BRIEFS, strict=True):
        assert article["body"] == joiner.join(text)
        others = [t for t, _ in BRIEFS if t != title]
        # The other stories' headlines are neither body nor cuts ("page layout") of this one.
        assert not any(other in article["body"] for other in others)
        assert not any(other in cut for other in others for cut in article["removed"])


def test_extract_json_gives_each_story_of_a_page_and_each_single_story_whole(
    tmp_path: Path,
) -> None:
    _write_pages(tmp_path / "pages")
    proc = _newsread("extract", "--json", *PAGES, cwd=tmp_path / "pages")
    assert proc.returncode == 0, proc.stderr.decode()
    got = {line["path"]: line["articles"] for line in map(json.loads, proc.stdout.splitlines())}
    _assert_briefs(got["briefing.html"])
    assert {a["source"] for a in got["briefing.html"]} == {"The Fenwick Post"}
    _assert_briefs(got["bare.html"], joiner=" ")
    _assert_briefs(got["wrapped.html"])
    for name, (title, paragraphs) in SINGLE.items():
        [article] = got[name]
        assert article["title"] == title
        # trafilatura keeps what an <article> nests (its related cards, its
        # letters) as the story's own: the story is whole, not split.
        whole = "\n\n".join(paragraphs)
        if name == "nested.html":
            assert article["body"].startswith(whole + "\n\n")
        else:
            assert article["body"] == whole, name


def test_import_adds_each_story_and_a_second_import_nothing(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ["briefing.html", *SINGLE]:
        (pages / name).write_text(PAGES[name], encoding="utf-8")
    library = tmp_path / "lib"
    proc = _newsread("import", "--no-analyze", "--library", library, pages, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().startswith("6 added, ")
    from storage.library import Library

    stored = {m["title"]: m for m in Library(library).article_metas()}
    assert sorted(stored) == sorted([t for t, _ in BRIEFS] + [t for t, _ in SINGLE.values()])
    for title, paragraphs in BRIEFS + list(SINGLE.values()):
        body = Library(library).read_body(stored[title]["id"])
        assert body.startswith("\n\n".join(paragraphs))
    again = _newsread("import", "--no-analyze", "--library", library, pages, cwd=tmp_path)
    assert again.stdout.decode().startswith("0 added, 0 updated, 6 unchanged")


def test_a_fetched_page_gives_the_same_stories(tmp_path: Path, http_server: Server) -> None:
    url = http_server.route("/digest", body=BRIEFING.encode(), headers=HTML_TYPE)
    proc = _newsread("extract", "--json", url, cwd=tmp_path)
    [line] = map(json.loads, proc.stdout.splitlines())
    _assert_briefs(line["articles"])
    assert {a["url"] for a in line["articles"]} == {url}


def test_the_main_story_goes_first_then_the_others_in_page_order() -> None:
    # The longest brief moved to the middle: trafilatura takes it as the page's
    # main content, so it comes first; the other two keep their page order.
    order = [BRIEFS[1], BRIEFS[0], BRIEFS[2]]
    page = _page("Digest", "<main>" + "".join(_story(t, ps) for t, ps in order) + "</main>")
    assert [a.title for a in _extract(page)] == [t for t, _ in BRIEFS]


def test_a_story_headline_is_its_title_and_its_cut_not_a_kicker() -> None:
    [_, title_only] = BRIEFS[:2]
    kicked = (
        "<article><h3>Culture</h3><h2>Orchestra names a new conductor</h2><p>"
        + title_only[1][0]
        + "</p></article>"
    )
    page = _page("Digest", "<main>" + _story(*BRIEFS[0]) + kicked + "</main>")
    first, second = _extract(page)
    assert (first.title, second.title) == (BRIEFS[0][0], "Orchestra names a new conductor")
    assert second.body.endswith(title_only[1][0])
    assert [(c.text, c.reason) for c in second.cuts if c.text == second.title] == [
        (second.title, why.HEADLINE)
    ]


def test_briefs_whose_headlines_link_elsewhere_are_teasers() -> None:
    # The same short texts under linked headlines are a list of teasers for
    # stories on other pages: not articles of their own, beside a main story.
    teasers = "".join(
        f'<article><h3><a href="/s{k}">{t}</a></h3><p>{ps[0]}</p></article>'
        for k, (t, ps) in enumerate(BRIEFS)
    )
    page = _page(
        "Lighthouse",
        '<main><article class="story"><h1>Lighthouse keeper retires after 38 years</h1>'
        + "".join(f"<p>{p}</p>" for p in LIGHTHOUSE)
        + "</article></main><section><h2>Also today</h2>"
        + teasers
        + "</section>",
    )
    [article] = _extract(page)
    assert article.body == "\n\n".join(LIGHTHOUSE)


def test_long_comments_without_a_comment_box_are_still_kept_out_by_their_place() -> None:
    # Readers' comments under an <aside>: long, with a heading, yet page furniture.
    aside = "<aside>" + _story("Sandra K.", COMMENT, "h3") + "</aside>"
    page = COMMENTS.replace('<section id="comments">', aside + "<section>")
    [article] = _extract(page)
    assert article.body == "\n\n".join(MEALS)


def test_a_feed_entry_linking_a_briefing_gets_its_own_story(http_server: Server, tmp_path: Path):
    # A summary-only entry's page holds three stories: the entry is the one
    # under its headline, not the page's longest.
    from storage.library import Library
    from storage.refresh import refresh_feeds, subscribe
    from tests.http_server import Entry, rss

    title, paragraphs = BRIEFS[2]
    link = http_server.route("/digest", body=BRIEFING.encode(), headers=HTML_TYPE)
    feed = [Entry("bridge", link, guid="g-rain", full=False, title=title)]
    url = http_server.route("/feed", body=rss(feed).encode(), headers=RSS_TYPE)
    library = Library(tmp_path / "lib")
    subscribe(library, url)
    refresh_feeds(library)
    [meta] = library.article_metas()
    article = library.get_article(meta["id"])
    assert (article.title, article.body) == (title, "\n\n".join(paragraphs))


def _briefing_titled(title: str, head: str = "", foot: str = "") -> str:
    stories = "".join(_story(t, ps) for t, ps in BRIEFS)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        f"<body><main>{stories}</main>{foot}</body></html>"
    )


@pytest.mark.parametrize(
    ("title", "head", "foot", "source"),
    [
        # The QA pass's page: the site first, then the day; trafilatura took
        # the site for the headline and the day for the site.
        ("Lindenport Daily - Today", "", "", "Lindenport Daily"),
        ("Today | Lindenport Daily", "", "", "Lindenport Daily"),
        ("Lindenport Daily – Morning briefing, Tuesday 4 March", "", "", "Lindenport Daily"),
        # The copyright line names the longer part.
        (
            "Notes from the coast | Tarn",
            "",
            "<footer>© 2025 Notes from the coast</footer>",
            "Notes from the coast",
        ),
        # What the page declares comes first.
        (
            "Lindenport Daily - Today",
            '<meta name="application-name" content="LDaily">',
            "",
            "LDaily",
        ),
        (
            "Lindenport Daily - Today",
            '<script type="application/ld+json">{"@context": "https://schema.org",'
            ' "@type": "WebPage", "publisher": {"@type": "Organization",'
            ' "name": "Lindenport Daily Media"}}</script>',
            "",
            "Lindenport Daily Media",
        ),
        # A title of one part that nothing else names may be the page's heading.
        ("Morning digest", "", "", ""),
    ],
)
def test_every_story_of_a_page_takes_the_sites_name(title, head, foot, source) -> None:
    articles = _extract(_briefing_titled(title, head, foot))
    assert [a.title for a in articles] == [t for t, _ in BRIEFS]
    assert {a.source for a in articles} == {source}


@pytest.mark.parametrize(
    ("title", "url", "text", "site"),
    [
        ("Lindenport Daily - Today", "", "", "Lindenport Daily"),
        ("Harbour Lights | Valley Voice", "https://www.valleyvoice.example/", "", "Valley Voice"),
        ("The Valley Voice", "https://valleyvoice.example/front", "", "The Valley Voice"),
        ("Harbour Lights | Tarn", "", "Copyright 2019-2025 Harbour Lights Ltd.", "Harbour Lights"),
        # A story's headline is never the site, nor a section alone.
        ("Council approves a second bridge over the Ambre | Sport", "", "", ""),
        ("Latest news - Sport", "", "", ""),
    ],
)
def test_the_site_part_of_a_several_story_pages_title(title, url, text, site) -> None:
    from newsread.ingest.sitenames import site_of_stories

    headlines = [t for t, _ in BRIEFS]
    assert site_of_stories(title, headlines, url, text) == site


def _main_in_a_div(order: str) -> str:
    main = (
        '<div class="lead-story"><h1>Lighthouse keeper retires after 38 years</h1>'
        + "".join(f"<p>{p}</p>" for p in LIGHTHOUSE)
        + "</div>\n"
    )
    others = (
        '<section class="more">'
        + _story("New tram depot opens in Kessel", TRAM)
        + _story("School meals to be free for all pupils", MEALS)
        + "</section>\n"
    )
    body = main + others if order == "main first" else others + main
    return _page(
        "Lighthouse keeper retires after 38 years | The Fenwick Post", HEADER + body + FOOTER
    )


@pytest.mark.parametrize("order", ["main first", "main last"])
def test_a_main_story_in_a_div_beside_stories_in_articles_is_the_main_article(order) -> None:
    articles = _extract(_main_in_a_div(order))
    got = [(a.title, a.body, a.source) for a in articles]
    assert got == [
        ("Lighthouse keeper retires after 38 years", "\n\n".join(LIGHTHOUSE), "The Fenwick Post"),
        ("New tram depot opens in Kessel", "\n\n".join(TRAM), "The Fenwick Post"),
        ("School meals to be free for all pupils", "\n\n".join(MEALS), "The Fenwick Post"),
    ]
    # The other stories are articles of their own, not the main story's cuts.
    cut = " ".join(articles[0].removed)
    assert "tram" not in cut and "lunch" not in cut


def test_a_single_story_with_one_article_element_and_furniture_outside_stays_whole() -> None:
    # The story in an <article>, a list of headlines and a cookie notice in
    # <div>s around it: the prose outside is no story of its own.
    links = "".join(f"<p><a href='/l{k}'>{t}</a></p>" for k, (t, _) in enumerate(BRIEFS))
    cookie = (
        "<div class='notice'><p>This site uses cookies to improve your experience while you"
        " browse. You can change your settings at any time.</p></div>"
    )
    page = _page(
        "New tram depot opens in Kessel | The Fenwick Post",
        HEADER
        + "<div class='trending'><h2>Trending</h2>"
        + links
        + "</div>"
        + _story("New tram depot opens in Kessel", TRAM, "h1")
        + cookie
        + FOOTER,
    )
    [article] = _extract(page)
    assert (article.title, article.body) == ("New tram depot opens in Kessel", "\n\n".join(TRAM))
