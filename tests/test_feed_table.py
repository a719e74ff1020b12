"""``feed list`` at 80 and 100 columns: a URL is one line under its feed's row,
as wide as the table, cut in its path when it must be (scheme, host and port
whole; whole in --json), never folded over three or four lines as it was in
a column of its own."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from storage.feeds import Feed, FeedRow, add_feeds
from storage.library import Library
from tui.cli import common, main
from tui.cli.feed_table import ELLIPSIS, feed_table, middle_cut, url_cut

LONG = (
    "http://127.0.0.1:48213/feeds/regional/harbour-and-coast-local-news-daily"
    "/with-the-weather-and-the-tides-for-every-quay-on-the-islands.atom"
)
SHORT = "http://127.0.0.1:8000/feed.atom"
#: Fits in 80 columns, not in the first column of a table with folders.
MIDDLING = "http://127.0.0.1:8781/feeds/islands-and-coastal-districts/feed.xml"


def rows() -> list[FeedRow]:
    return [
        FeedRow(
            Feed(
                url=LONG,
                name="Harbour Wire",
                tags=["local"],
                last_refresh="2026-03-02T08:00:00+00:00",
            ),
            12,
        ),
        FeedRow(
            Feed(
                url=SHORT,
                name="Valley Post: Business and Markets",
                last_error="HTTP 404 Not Found",
                folders=[["News", "Local"]],
            ),
            3,
        ),
        # No title: named by its URL.
        FeedRow(Feed(url=MIDDLING, name=MIDDLING, last_refresh="2026-03-01T07:00:00+00:00"), 5),
    ]


def drawn(width: int) -> tuple[list[str], list[bool]]:
    table, urls = feed_table(rows())
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(table)
    return console.file.getvalue().splitlines(), [url.cut for url in urls]


@pytest.mark.parametrize("width", [80, 100])
def test_each_url_is_one_line_under_its_feeds_row_as_wide_as_the_table(width):
    lines, cut = drawn(width)
    assert all(len(line) <= width for line in lines)
    [long_line] = [line for line in lines if line.startswith("http://127.0.0.1:48213/")]
    # Cut in its path only, to the whole width; the file name kept.
    assert len(long_line) == width and ELLIPSIS in long_line
    assert long_line.startswith("http://127.0.0.1:48213/feeds/")
    assert long_line.endswith("-islands.atom")
    assert [line for line in lines if line.startswith(SHORT)] == [SHORT]
    # Whole beside a folders column: the line is its own.
    assert [line for line in lines if MIDDLING in line] == [MIDDLING]
    name_at = next(i for i, line in enumerate(lines) if line.startswith("Harbour Wire [local]"))
    assert lines[name_at + 1] == long_line
    assert "2026-03-02 08:00" in lines[name_at] and lines[name_at].rstrip().endswith("12")
    assert any(line.startswith("HTTP 404 Not Found") for line in lines)
    assert any("News > Local" in line for line in lines)
    assert cut == [True, False, False]


def test_a_feed_named_by_its_url_shows_the_url_once():
    lines, _ = drawn(80)
    text = "\n".join(lines)
    assert text.count("127.0.0.1:8781") == 1
    row_at = next(i for i, line in enumerate(lines) if "2026-03-01 07:00" in line)
    assert lines[row_at].startswith("(no title)") and lines[row_at + 1] == MIDDLING


def test_url_cut_keeps_scheme_host_and_port_whole():
    assert url_cut(SHORT, 40) == SHORT
    shortened = url_cut(LONG, 50)
    assert len(shortened) == 50 and shortened.startswith("http://127.0.0.1:48213/f")
    assert shortened.endswith(".atom") and ELLIPSIS in shortened
    # No room for a path worth reading: cut in the middle of the whole.
    assert url_cut(LONG, 25) == middle_cut(LONG, 25)


def test_a_wide_terminal_shows_every_url_whole():
    lines, cut = drawn(160)
    assert any(line.startswith(LONG) for line in lines) and cut == [False, False, False]


def test_middle_cut_keeps_both_ends_within_the_width():
    assert middle_cut(SHORT, 40) == SHORT
    shortened = middle_cut(LONG, 30)
    assert len(shortened) == 30 and shortened.startswith("http://127.")
    assert shortened.endswith("islands.atom") and ELLIPSIS in shortened
    assert middle_cut("漢字漢字漢字", 5) in ("漢…漢", "漢…字")  # by cells, not characters


def test_feed_list_says_where_the_whole_urls_are(capsys, tmp_path, monkeypatch):
    lib = tmp_path / "lib"
    add_feeds(Library(lib), [row.feed for row in rows()])
    narrow = Console(width=80, color_system=None, file=None)
    monkeypatch.setitem(common._consoles, "out", narrow)
    assert main(["feed", "list", "--library", str(lib)]) == 0
    out = capsys.readouterr().out
    assert "URLs cut in the middle to fit; whole in: newsread feed list --json" in out
    assert main(["feed", "list", "--json", "--library", str(lib)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sorted(row["url"] for row in listed) == sorted([LONG, SHORT, MIDDLING])


def test_a_feed_without_a_title_shows_its_tags():
    # Hidden until the feed had a name: "(no title)" alone, the tags in --json only.
    feed = Feed(url=SHORT, name=SHORT, tags=["news", "politics"])
    table, _ = feed_table([FeedRow(feed, 0)])
    console = Console(width=80, file=io.StringIO(), color_system=None)
    console.print(table)
    lines = console.file.getvalue().splitlines()
    assert any(line.startswith("(no title) [news, politics]") for line in lines)
