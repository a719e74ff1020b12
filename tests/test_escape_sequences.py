"""Terminal escape sequences in imported text are dropped whole, the same way
for a page, a feed, a JSON record and plain text (stdin): the HTML parser
dropped only the ESC of each and left "]0;PWNED" and "[31m" in the title."""

from __future__ import annotations

import io
import json

import pytest

from newsread.ingest.extract import HTML, JSON, TEXT, extract_text
from newsread.ingest.feeds import parse_feed
from newsread.sanitize import drop_escape_references, drop_escape_sequences
from tui.cli import main

OSC = "\x1b]0;PWNED\x07"
RED, RESET, CLEAR = "\x1b[31m", "\x1b[0m", "\x1b[2J"
TITLE = f"Siren{OSC} tests {RED}resume{RESET}"
CLEAN_TITLE = "Siren tests resume"
SENTENCE = (
    "Fire chief Oda Brenn said on Sunday that the siren{clear} system in the old "
    "granary had failed twice this year, and that a full inspection would follow."
)
PARAGRAPHS = [
    SENTENCE.format(clear=CLEAR),
    "The council set aside money for new wiring, and the work should be finished "
    "before the harvest festival in September, a spokesman for the council said.",
]
CLEAN_FIRST = SENTENCE.format(clear="")
LEFTOVERS = ("\x1b", "]0;", "PWNED", "[31m", "[0m", "[2J", "\x07")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (TITLE, CLEAN_TITLE),
        ("a\x1b[38;2;255;0;0mb", "ab"),  # CSI with parameters
        ("a\x1b]8;;https://x.invalid\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),  # OSC 8, ST
        ("a\x9b31mb", "ab"),  # 8-bit CSI
        ("a\x1b(Bb\x1b7c", "abc"),  # charset and save-cursor escapes
        ("lone \x1b", "lone \x1b"),  # starts no sequence: kept, drawn as ␛
        ("a\x1b]0;no end\nnext", "a0;no end\nnext"),  # unterminated: the line stays
        ("plain [31m text", "plain [31m text"),  # no ESC, nothing to drop
        # The ESC written as a character reference, which a parser decodes
        # and then drops alone, leaving "[2J": the sequence goes whole.
        ("a&#27;[2Jb", "ab"),
        ("a&#x1B;[31mred&#x1b;[0mb", "aredb"),
        ("a&#0027;]0;PWNED&#7;b", "ab"),  # OSC ended by BEL, both written so
        ("a&amp;#27;[2Jb", "ab"),  # escaped again, as in a feed's title
        ("a&#155;31mb", "ab"),  # 8-bit CSI
        ("AT&amp;T &#35;1 &#271;", "AT&amp;T &#35;1 &#271;"),  # other references stay
    ],
)
def test_sequences_are_dropped_whole(raw, clean):
    assert drop_escape_sequences(raw) == clean


def page() -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<html><head><meta charset='utf-8'><title>{TITLE}</title></head>"
        f"<body><article><h1>{TITLE}</h1>{body}</article></body></html>"
    )


def assert_clean(title: str, body: str) -> None:
    assert title == CLEAN_TITLE
    assert CLEAN_FIRST in body
    assert not [bit for bit in LEFTOVERS if bit in title + body]


def test_a_page_a_text_and_a_json_record_lose_the_same_sequences():
    [from_page] = extract_text(page(), HTML).articles
    assert_clean(from_page.title, from_page.body)
    [from_text] = extract_text(TITLE + "\n\n" + "\n\n".join(PARAGRAPHS), TEXT).articles
    assert_clean(from_text.title, from_text.body)
    record = json.dumps({"title": TITLE, "body": "\n\n".join(PARAGRAPHS)})
    [from_json] = extract_text(record, JSON).articles
    assert_clean(from_json.title, from_json.body)


def test_a_json_records_source_and_byline_lose_them_too():
    """Source names are searched and listed: not only the title and body."""
    record = json.dumps(
        {
            "title": "Ferry timetable",
            "body": "The ferry runs every hour from the harbour in summer and winter alike.",
            "source": "Metro &#27;[2JDaily",
            "author": "Ada \u001b[31mLind\u001b[0m",
        }
    )
    [article] = extract_text(record, JSON).articles
    assert article.source == "Metro Daily"
    assert article.byline == "Ada Lind"


def test_feed_entries_lose_the_same_sequences():
    rss = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>C</title>'
        f"<item><title>{TITLE}</title><link>http://127.0.0.1/a</link>"
        f"<description>{PARAGRAPHS[0]}</description></item>"
        f"<item><title>B</title><link>http://127.0.0.1/b</link><description>"
        f"&lt;p&gt;x{CLEAR}y&lt;/p&gt;</description></item>"
        "</channel></rss>"
    ).encode()
    first, second = parse_feed(rss, "http://127.0.0.1/feed").entries
    assert_clean(first.title, first.summary)
    assert second.summary == "xy"
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"Feed{OSC}",
        "items": [{"id": "1", "title": TITLE, "content_text": PARAGRAPHS[0]}],
    }
    parsed = parse_feed(json.dumps(doc).encode(), "http://127.0.0.1/feed.json")
    assert parsed.title == "Feed"
    assert_clean(parsed.entries[0].title, parsed.entries[0].content)


def test_imported_from_a_page_and_from_stdin_alike(capsys, tmp_path, monkeypatch):
    lib = str(tmp_path / "lib")
    (tmp_path / "siren.html").write_text(page(), encoding="utf-8")
    assert main(["import", str(tmp_path / "siren.html"), "--no-analyze", "--library", lib]) == 0
    text = TITLE + "\n\n" + "\n\n".join(PARAGRAPHS).replace("Sunday", "Monday")
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    assert main(["import", "-", "--no-analyze", "--library", lib]) == 0
    capsys.readouterr()
    assert main(["list", "--json", "--library", lib]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [row["title"] for row in listed] == [CLEAN_TITLE, CLEAN_TITLE]
    from storage.library import Library

    for row in listed:
        article = Library(tmp_path / "lib").get_article(row["id"])
        assert not [bit for bit in LEFTOVERS if bit in article.title + article.body]


#: the sequences of TITLE and PARAGRAPHS[0], each ESC written as a reference
REF_TITLE = "Siren&#x1b;]0;PWNED&#7; tests &#27;[31mresume&#27;[0m"
REF_FIRST = SENTENCE.format(clear="&#27;[2J")


def ref_page() -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{REF_TITLE}</title></head><body><article>"
        f"<h1>{REF_TITLE}</h1><p>{REF_FIRST}</p><p>{PARAGRAPHS[1]}</p></article></body></html>"
    )


def ref_feed() -> bytes:
    # The title escaped as markup in XML (&amp;#27;), the body's HTML in CDATA.
    title = REF_TITLE.replace("&", "&amp;")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>C</title>'
        f"<item><title>{title}</title><link>http://127.0.0.1/a</link>"
        f"<description><![CDATA[<p>{REF_FIRST}</p><p>{PARAGRAPHS[1]}</p>]]></description>"
        "</item></channel></rss>"
    ).encode()


def test_undecoded_markup_loses_the_sequences_written_as_references():
    assert drop_escape_references(b"a&#27;[2Jb caf\xc3\xa9") == b"ab caf\xc3\xa9"
    assert drop_escape_references(b"a&amp;#x1b;[0mb \xc2\x9b31m") == b"ab \xc2\x9b31m"


def test_sequences_written_as_references_are_dropped_from_a_page_and_a_feed():
    [from_page] = extract_text(ref_page(), HTML).articles
    assert_clean(from_page.title, from_page.body)
    [entry] = parse_feed(ref_feed(), "http://127.0.0.1/feed").entries
    assert_clean(entry.title, entry.summary)


async def test_the_command_line_and_the_app_show_no_leftover_of_a_reference_sequence(
    capsys, tmp_path
):
    lib = str(tmp_path / "lib")
    (tmp_path / "siren.html").write_text(ref_page(), encoding="utf-8")
    assert main(["import", str(tmp_path / "siren.html"), "--no-analyze", "--library", lib]) == 0
    capsys.readouterr()
    assert main(["list", "--library", lib]) == 0
    out = capsys.readouterr().out
    assert CLEAN_TITLE in out and not [bit for bit in LEFTOVERS if bit in out]
    from newsread.config import Config
    from storage.library import Library
    from tests.pilot_helpers import SIZE, open_first_reader
    from tui.app import NewsreadApp

    app = NewsreadApp(Library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, CLEAN_TITLE)
        drawn = str(reader.query_one("#reader-title").render()) + reader.view.body
        assert CLEAN_TITLE in drawn and CLEAN_FIRST in drawn
        assert not [bit for bit in LEFTOVERS if bit in drawn]
