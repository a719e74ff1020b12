"""HTML pages: trafilatura plus our furniture rules, several stories, encodings, .gz, re-import.

The pages are written for these tests (invented outlets and stories): one with
the furniture a news page carries (share bar, newsletter box, related links,
an author bio), one holding two stories.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from newsread.ingest.encodings import decode_html
from newsread.ingest.extract import HTML, decode_input, extract_text
from newsread.ingest.html import extract_html, looks_like_html
from newsread.ingest.sources import InputText, Rejected, iter_inputs
from storage.edits import tag_quote
from storage.imports import import_paths
from storage.library import Library
from tests.conftest import FIXTURES

PAGES = FIXTURES / "html"
FURNITURE = PAGES / "furniture_page.html"
TWO_STORIES = PAGES / "two_stories.html"

STORY = [
    "The Wren Street library opened its doors again on Friday morning",
    "A queue of about sixty people had formed before the doors opened at nine.",
    "The repairs cost the city 1.4 million dollars",
    '"We lost a lot of local history in that flood," Pérez said.',
    "The library's opening hours are unchanged",
]
FURNITURE_TEXT = [
    "Share on",
    "Email this story",
    "Sign up",
    "newsletter",
    "Related",
    "Water main bursts",
    "Council approves repair budget",
    "is a staff reporter",
    "All rights reserved",
    "Privacy policy",
    "Culture",
]


def _only(path: Path) -> InputText:
    [item] = list(iter_inputs([str(path)], None))
    assert isinstance(item, InputText), item
    return item


def _library(tmp_path: Path) -> Library:
    return Library(tmp_path / "library")


def test_furniture_page_gives_the_story_and_its_metadata() -> None:
    [article] = extract_text(FURNITURE.read_text(encoding="utf-8"), HTML).articles
    assert article.title == "Library on Wren Street reopens after flood repairs"
    assert article.byline == "Mara Quill"
    assert article.source == "The Larkspur Ledger"
    assert article.published == "2025-03-14"
    assert article.url == "https://ledger.example/local/wren-street-library-reopens"
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == len(STORY)
    for paragraph, start in zip(paragraphs, STORY, strict=True):
        assert paragraph.startswith(start)
    for furniture in FURNITURE_TEXT:
        assert furniture not in article.body
    assert "Related: Water main bursts under Wren Street" in article.removed
    assert any(line.startswith("Mara Quill is a staff reporter") for line in article.removed)


def test_the_rules_remove_what_trafilatura_keeps() -> None:
    text = FURNITURE.read_text(encoding="utf-8")
    [alone] = extract_html(text, rules=()).articles
    [cleaned] = extract_html(text).articles
    # What trafilatura lets through: the headline again, a "Related:" line, a
    # sign-up call and the writer's bio. The rules take exactly those out.
    kept = set(alone.body.split("\n\n")) - set(cleaned.body.split("\n\n"))
    # ``removed`` also lists what trafilatura dropped (see test_html_cuts.py).
    assert kept <= set(cleaned.removed)
    assert len(kept) == 4
    related = "\n\nRelated: Water main bursts under Wren Street"
    assert cleaned.body in alone.body.replace(related, "")


def test_two_story_page_gives_two_articles_main_story_first() -> None:
    extraction = extract_text(TWO_STORIES.read_text(encoding="utf-8"), HTML)
    titles = [a.title for a in extraction.articles]
    assert titles == [
        "Tramline extension approved after a decade of delays",
        "Harbour swimmers count record numbers of seals",
    ]
    tram, seals = extraction.articles
    assert (tram.byline, tram.published) == ("Odile Marchetti", "2025-04-02")
    assert (seals.byline, seals.published) == ("Tomasz Ellery", "2025-04-01")
    assert tram.source == seals.source == "The Harrowgate Courier"
    assert "seals" not in tram.body and "tramline" not in seals.body.lower()
    assert seals.body.startswith("Members of the Harrowgate open-water swimming club")
    for article in extraction.articles:
        assert "All rights reserved" not in article.body and "Weather" not in article.body


def test_main_story_goes_first_wherever_it_sits(tmp_path: Path) -> None:
    # The page's main story (the longer one, the one trafilatura picks for the
    # whole page) comes first even when a shorter story precedes it on the page.
    page = TWO_STORIES.read_text(encoding="utf-8")
    short = (
        '<article class="story"><h2>Bakery wins county prize</h2><p class="byline">By Ines Albi</p>'
        + "<p>"
        + "The bakery on Mill Lane won the county bread prize for its rye loaf on Saturday. " * 6
        + "</p></article>"
    )
    page = page.replace("<main>", "<main>" + short)
    titles = [a.title for a in extract_html(page).articles]
    assert titles[0] != "Bakery wins county prize"
    assert set(titles) == {
        "Bakery wins county prize",
        "Tramline extension approved after a decade of delays",
        "Harbour swimmers count record numbers of seals",
    }


def test_html_gz_is_read_through(tmp_path: Path) -> None:
    packed = tmp_path / "saved.html.gz"
    packed.write_bytes(gzip.compress(FURNITURE.read_bytes()))
    item = _only(packed)
    assert item.kind == HTML
    [article] = extract_text(item.text, item.kind).articles
    assert article.title == "Library on Wren Street reopens after flood repairs"


def test_html_named_txt_is_read_as_html(tmp_path: Path) -> None:
    saved = tmp_path / "page.txt"
    shutil.copy(FURNITURE, saved)
    item = _only(saved)
    assert item.kind == HTML
    [article] = extract_text(item.text, item.kind).articles
    assert "<p>" not in article.body and "Share on" not in article.body


def test_a_damaged_gz_is_refused_as_binary(tmp_path: Path) -> None:
    bad = tmp_path / "page.html.gz"
    bad.write_bytes(gzip.compress(FURNITURE.read_bytes())[:200])
    [item] = list(iter_inputs([str(bad)], None))
    assert isinstance(item, Rejected)
    assert "gzip" in item.reason


def _cp1252_page(charset_tag: str = "") -> bytes:
    text = (
        "<!DOCTYPE html><html><head>"
        + charset_tag
        + "<title>Café owners win “fair rent” ruling</title></head><body><article>"
        + "<h1>Café owners win “fair rent” ruling</h1>"
        + "<p>The owners of the Café Mirabeau on Quai Renard won their case on Tuesday — "
        + "the court said the landlord’s rent rise of 40 % was “not fair by any measure”.</p>"
        + "<p>Owner Zoë Laurent said the café would stay open. “We’re staying,” she said, "
        + "“and the croissants stay at one euro.” The landlord’s lawyer did not comment.</p>"
        + "<p>The ruling can be appealed within thirty days, according to the court’s "
        + "clerk, who said such appeals were rare in rent cases of this size.</p>"
        + "</article></body></html>"
    )
    return text.encode("cp1252")


def test_cp1252_page_without_a_declared_charset_is_decoded_right(tmp_path: Path) -> None:
    page = tmp_path / "cafe.html"
    page.write_bytes(_cp1252_page())
    [article] = extract_text(_only(page).text, HTML).articles
    assert article.title == "Café owners win “fair rent” ruling"
    assert "landlord’s rent rise of 40 % was “not fair by any measure”" in article.body
    assert "Zoë Laurent" in article.body
    for mojibake in ("Ã", "â€", "\ufffd", "\x93", "\x94"):
        assert mojibake not in article.body


def test_charset_from_header_then_meta_then_detection() -> None:
    latin = _cp1252_page('<meta charset="iso-8859-1">')
    # Pages labelled latin-1 are windows-1252 in practice (curly quotes at 0x93).
    assert "“fair rent”" in decode_html(latin)
    # The HTTP header's charset goes first: a wrong one that cannot decode
    # the bytes is passed over, not trusted into mojibake.
    assert "“fair rent”" in decode_html(latin, header_charset="utf-8")
    greek = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-7">'
    greek_page = (greek + "<body><p>Αθήνα</p></body></html>").encode("iso-8859-7")
    assert "Αθήνα" in decode_html(greek_page)
    assert "Αθήνα" in decode_html(greek_page.replace(b"iso-8859-7", b"utf-8"), "iso-8859-7")


def test_a_page_labelled_latin1_but_written_in_utf8_is_read_as_utf8() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Zoë’s café</p></body></html>'
    assert "Zoë’s café" in decode_html(page.encode("utf-8"))


def test_utf16_page_with_bom() -> None:
    page = FURNITURE.read_text(encoding="utf-8").replace('<meta charset="utf-8">', "")
    text, kind = decode_input(b"\xff\xfe" + page.encode("utf-16-le"), name="saved")
    assert kind == HTML
    assert "Ottoline Pérez" in text


def test_binary_named_html_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "photo.html"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    [item] = list(iter_inputs([str(fake)], None))
    assert isinstance(item, Rejected) and "binary data" in item.reason


@pytest.mark.parametrize(
    "head, expected",
    [
        ("<!DOCTYPE html><html><body>", True),
        ("  <!-- saved from url -->\n<html lang='en'>", True),
        ("<?xml version='1.0'?>\n<!DOCTYPE html><html xmlns='x'>", True),
        ("<head><title>x</title></head><body>", True),
        ("The page's <body> tag was empty, the developer said.", False),
        ("<?xml version='1.0'?><rss><channel><title>Feed</title></channel></rss>", False),
        ('{"title": "<html>"}', False),
        ("", False),
    ],
)
def test_html_is_told_by_its_start(head: str, expected: bool) -> None:
    assert looks_like_html(head) is expected


def test_a_page_without_article_text_is_rejected(tmp_path: Path) -> None:
    page = tmp_path / "menu.html"
    page.write_text(
        "<html><body><nav><a href='/'>Home</a><a href='/news'>News</a></nav></body></html>",
        encoding="utf-8",
    )
    summary, fresh = import_paths(_library(tmp_path), [str(page)])
    assert not fresh
    assert summary.rejected == [(str(page.resolve()), "no article text found")]


def test_importing_a_page_twice_adds_nothing(tmp_path: Path) -> None:
    library = _library(tmp_path)
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(FURNITURE, pages / "library.html")
    shutil.copy(TWO_STORIES, pages / "briefing.html")
    first, fresh = import_paths(library, [str(pages)])
    assert len(first.added) == 3 and not first.rejected
    stored = {a["title"]: a for a in library.article_metas()}
    wren = stored["Library on Wren Street reopens after flood repairs"]
    assert wren["url_or_path"] == "https://ledger.example/local/wren-street-library-reopens"
    assert (wren["byline"], wren["source"], wren["published"]) == (
        "Mara Quill",
        "The Larkspur Ledger",
        "2025-03-14",
    )
    again, fresh = import_paths(library, [str(pages)])
    assert not again.added and not again.updated and not fresh
    assert len(again.unchanged) == 3
    assert len(library.article_metas()) == 3


def test_a_changed_page_moves_its_annotations(tmp_path: Path) -> None:
    library = _library(tmp_path)
    page = tmp_path / "library.html"
    shutil.copy(FURNITURE, page)
    import_paths(library, [str(page)])
    [meta] = library.article_metas()
    quote = "Volunteers spent the winter scanning what could be saved"
    tagged = tag_quote(library, None, meta["id"], quote, ["check"]).annotation
    old_start = tagged.start

    added = "<p>Mayor Ilse Brandt cut the ribbon at nine and thanked the volunteers by name.</p>"
    html = FURNITURE.read_text(encoding="utf-8")
    page.write_text(html.replace("  <p>The repairs cost", "  " + added + "\n  <p>The repairs cost"))
    summary, _ = import_paths(library, [str(page)])

    assert summary.updated == [meta["id"]] and summary.orphaned == 0
    [moved] = library.annotations(meta["id"])
    body = library.read_body(meta["id"])
    assert "Mayor Ilse Brandt cut the ribbon" in body
    assert moved.quote == quote and body[moved.start : moved.end] == quote
    assert moved.start > old_start and not moved.orphan


def test_xhtml_with_an_encoding_declaration(tmp_path: Path) -> None:
    body = FURNITURE.read_text(encoding="utf-8").split("<body>", 1)[1]
    page = tmp_path / "saved.xhtml"
    page.write_bytes(
        b'<?xml version="1.0" encoding="iso-8859-1"?>\n'
        + b'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Wren Street</title></head>'
        + ("<body>" + body).encode("latin-1")
    )
    [article] = extract_text(_only(page).text, HTML).articles
    assert "Head librarian Ottoline Pérez greeted the first visitors" in article.body


def test_a_declared_multibyte_charset_survives_a_stray_byte() -> None:
    sentence = "フェリーの運航再開について、港湾局が発表した。"
    page = f'<html><head><meta charset="shift_jis"></head><body><p>{sentence * 5}</p>'
    text = decode_html(page.encode("shift_jis") + b"\x81</body></html>")
    assert sentence * 5 in text


def test_a_header_charset_drops_a_utf8_bom_and_reads_legacy_text() -> None:
    text, kind = decode_input(b"\xef\xbb\xbfCaf\xc3\xa9 news today", charset="utf-8")
    assert (text, kind) == ("Café news today", "text")
    text, _ = decode_input("“Zoë” said".encode("cp1252"), charset="iso-8859-1")
    assert text == "“Zoë” said"


def test_a_saved_page_naming_its_site_only_in_its_title_has_that_source() -> None:
    # No og:site_name and no URL (a page saved to disk): "Headline | Site" in
    # <title> is the one place the page names where it came from.
    paragraph = (
        "The ferry board agreed on Monday to add a late crossing on weekdays, "
        "its chair said, after a year of complaints from commuters on the island."
    )
    page = (
        "<html><head><title>Ferry board adds a late crossing | The Tollhaven Courier</title>"
        "</head><body><article><h1>Ferry board adds a late crossing</h1>"
        + f"<p>{paragraph}</p>" * 3
        + "</article></body></html>"
    )
    [article] = extract_html(page).articles
    assert (article.title, article.source) == (
        "Ferry board adds a late crossing",
        "The Tollhaven Courier",
    )


@pytest.mark.parametrize(
    ("page_title", "headline", "site"),
    [
        ("Ferry crossing added | News | The Courier", "Ferry crossing added", "The Courier"),
        ("The Courier - Ferry crossing added", "Ferry crossing added", "The Courier"),
        ("Ferry crossing added", "Ferry crossing added", ""),
        # the headline must end at a separator, and the rest be a short name
        ("Ferry crossing added again", "Ferry crossing added", ""),
        (
            "Ferry crossing added - and why the island wanted it for years",
            "Ferry crossing added",
            "",
        ),
        ("Ferry crossing added | Read more.", "Ferry crossing added", ""),
        ("Another story | The Courier", "Ferry crossing added", ""),
    ],
)
def test_the_site_is_read_from_a_title_only_beside_the_headline(page_title, headline, site):
    from newsread.ingest.html import site_from_title

    assert site_from_title(page_title, headline) == site
