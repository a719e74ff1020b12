"""Terminal escape sequences in imported text are dropped whole, the same way
for a page, a feed, a JSON record and plain text (stdin): the HTML parser
dropped only the ESC of each and left "]0;PWNED" and "[31m" in the title."""

from __future__ import annotations

import io
import json

import pytest

from newsread.ingest.extract import HTML, JSON, TEXT, extract_text
from newsread.ingest.feeds import parse_feed
from newsread.sanitize import drop_escape_sequences
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
