"""HTML imports record what they cut: every text block of the page that is not
in the body, with a reason and the place it stood, as dump imports do.

The pages are written for these tests (invented outlets and stories).
"""

from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from newsread.ingest.extract import HTML, extract_text
from newsread.ingest.furniture import reasons as why
from newsread.ingest.htmlcuts import Block, RuleCut, html_cuts, page_blocks
from newsread.model import Cut
from storage.imports import import_paths
from storage.library import Library
from tests.conftest import FIXTURES

FURNITURE = FIXTURES / "html" / "furniture_page.html"


def _article():  # type: ignore[no-untyped-def]
    [article] = extract_text(FURNITURE.read_text(encoding="utf-8"), HTML).articles
    return article


def _paragraph_at(body: str, position: int) -> str:
    return body[position:].split("\n\n", 1)[0]


def test_an_html_article_records_what_the_page_lost_with_reasons() -> None:
    article = _article()
    reasons = {cut.text: cut.reason for cut in article.cuts}
    assert reasons["Library on Wren Street reopens after flood repairs"] == why.HEADLINE
    assert reasons["Business"] == why.NAVIGATION  # inside <nav>
    assert reasons["Share on Facebook Share on X Email this story"] == why.SHARE_BAR
    assert reasons["Related: Water main bursts under Wren Street"] == why.RELATED
    assert reasons["Council approves repair budget"] == why.RELATED
    assert reasons["By Mara Quill"] == why.BYLINE
    assert reasons["© 2025 The Larkspur Ledger. All rights reserved."] == why.COPYRIGHT
    bio = next(text for text in reasons if text.startswith("Mara Quill is a staff reporter"))
    assert reasons[bio] == why.BIO
    assert reasons["Privacy policy"] == why.LAYOUT  # a footer link: no rule names it
    # Nothing of the story is reported cut, and ``removed`` is the cut texts.
    paragraphs = article.body.split("\n\n")
    assert not {cut.text for cut in article.cuts} & set(paragraphs)
    assert article.removed == [cut.text for cut in article.cuts]


def test_html_cuts_stand_where_they_stood_on_the_page() -> None:
    article = _article()
    body = article.body
    where = {cut.text: cut.position for cut in article.cuts}
    # Above the story: before its first paragraph.
    assert where["Share on Facebook Share on X Email this story"] == 0
    # Between two paragraphs: before the one that followed it on the page.
    related = where["Related: Water main bursts under Wren Street"]
    assert _paragraph_at(body, related).startswith("The repairs cost the city 1.4 million dollars")
    # After the story: at the end of the body.
    assert where["Privacy policy"] == len(body)
    for cut in article.cuts:
        assert not cut.inline
        assert cut.position in (0, len(body)) or body[cut.position - 2 : cut.position] == "\n\n"
    assert [cut.position for cut in article.cuts] == sorted(cut.position for cut in article.cuts)


def test_an_imported_page_keeps_its_cuts_in_the_library(tmp_path: Path) -> None:
    library = Library(tmp_path / "library")
    _, [article] = import_paths(library, [str(FURNITURE)])
    stored = library.get_article(article.id)
    assert stored.cuts == _article().cuts
    assert any(cut.reason == why.SHARE_BAR for cut in stored.cuts)


def test_page_blocks_split_at_block_elements_and_read_the_markup() -> None:
    page = lxml_html.fromstring(
        "<html><head><title>Gull Bay</title><script>var x = 1;</script></head><body>"
        '<nav><a href="/">Home</a> <a href="/boats">Boats</a></nav>'
        "<p>The <b>harbour</b> froze<br>for a day.</p>"
        '<div class="story-share"><span>Share</span></div>'
        "<table><tr><td>Tide</td><td>2.1 m</td></tr></table>"
        "<figure><img src='a.png'><figcaption>Ice on the quay</figcaption></figure>"
        '<section id="comments"><p>First!</p></section>'
        "<footer>Contact us</footer></body></html>"
    )
    assert page_blocks(page) == [
        Block("Home Boats", why.NAVIGATION),
        Block("The harbour froze"),
        Block("for a day."),
        Block("Share", why.SHARE_BAR),
        Block("| Tide | 2.1 m"),
        Block("Ice on the quay", why.PHOTO_CAPTION),
        Block("First!", why.COMMENTS),
        Block("Contact us"),
    ]


def test_blocks_match_paragraphs_that_trafilatura_shortened() -> None:
    story = [
        (
            "The ferry board said on Monday that the winter timetable would start a week "
            "early this year, because the river is expected to freeze before the end of the month."
        ),
        "Crews will change at the north quay, the board said in a statement on its website.",
    ]
    blocks = [
        Block("Menu"),
        # trafilatura dropped the link text "on Monday" from this block.
        Block(story[0].replace(" on Monday", " on Monday, as first reported,")),
        Block("Advert text here", why.ADVERT),
        Block(story[1]),
        Block("About us"),
    ]
    cuts = html_cuts(
        blocks, ["Ferry board", *story], [1, 2], [RuleCut(0, "Ferry board", why.HEADLINE)]
    )
    second = len(story[0]) + 2
    end = second + len(story[1])
    assert cuts == [
        Cut("Ferry board", why.HEADLINE, 0),
        Cut("Menu", why.LAYOUT, 0),
        Cut("Advert text here", why.ADVERT, second),
        Cut("About us", why.LAYOUT, end),
    ]
