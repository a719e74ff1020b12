"""``newsread extract --json``: the contract outside checks rely on, run as a real process.

One JSON line per input, in order, ``path`` as given; articles with exactly the
documented fields, main story first; a failed input is an ``error`` line and
the run goes on; exit 1 only when every input failed; no library touched;
nothing on stdout a terminal would obey.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.http_server import Server, http_server_fixture  # noqa: F401

NEWSREAD = Path(sys.executable).with_name("newsread")
PAGES = FIXTURES / "html"
DUMP = FIXTURES / "dumps" / "story_with_chrome.txt"
FIELDS = ["title", "byline", "source", "published", "url", "body", "removed"]
HTML = {"Content-Type": "text/html; charset=utf-8"}

pytestmark = pytest.mark.skipif(not NEWSREAD.exists(), reason=f"{NEWSREAD} is not installed")


def run(*args: str | Path, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSREAD_LIBRARY": str(cwd / "library")}
    return subprocess.run(
        [str(NEWSREAD), "extract", *map(str, args)],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def lines(proc: subprocess.CompletedProcess) -> list[dict]:
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    return [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]


def test_one_line_per_input_in_order_with_the_documented_fields(tmp_path: Path) -> None:
    shutil.copy(PAGES / "furniture_page.html", tmp_path / "page.html")
    shutil.copy(PAGES / "two_stories.html", tmp_path / "briefing.htm")
    shutil.copy(DUMP, tmp_path / "dump.txt")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    records = [{"title": "Ferry back", "body": "The island ferry resumed its crossings today."}]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    inputs = ["page.html", str(tmp_path / "briefing.htm"), "missing.txt", "dump.txt"]
    inputs += ["photo.txt", "feed.jsonl"]

    proc = run("--json", *inputs, cwd=tmp_path)

    assert proc.returncode == 0, proc.stderr.decode()
    got = lines(proc)
    assert [line["path"] for line in got] == inputs
    page, briefing, missing, dump, photo, feed = got
    assert set(missing) == {"path", "error"} and "no such file" in missing["error"]
    assert set(photo) == {"path", "error"} and "binary data" in photo["error"]
    for line in (page, briefing, dump, feed):
        assert set(line) == {"path", "articles"}
        for article in line["articles"]:
            assert list(article) == FIELDS
            assert all(isinstance(article[k], str) for k in FIELDS[:-1])
            assert all(isinstance(r, str) for r in article["removed"])
    [story] = page["articles"]
    assert story["title"] == "Library on Wren Street reopens after flood repairs"
    assert story["url"] == "https://ledger.example/local/wren-street-library-reopens"
    assert "Related: Water main bursts under Wren Street" in story["removed"]
    assert [a["title"] for a in briefing["articles"]] == [
        "Tramline extension approved after a decade of delays",
        "Harbour swimmers count record numbers of seals",
    ]
    assert dump["articles"] and dump["articles"][0]["url"] == ""
    assert [a["title"] for a in feed["articles"]] == ["Ferry back"]


def test_the_articles_are_what_import_adds(tmp_path: Path) -> None:
    from storage.imports import import_paths
    from storage.library import Library

    shutil.copy(PAGES / "two_stories.html", tmp_path / "briefing.html")
    shutil.copy(DUMP, tmp_path / "dump.txt")
    [briefing, dump] = lines(run("--json", "briefing.html", "dump.txt", cwd=tmp_path))
    _, fresh = import_paths(Library(tmp_path / "other"), [str(tmp_path / "briefing.html")])
    _, fresh_dump = import_paths(Library(tmp_path / "other"), [str(tmp_path / "dump.txt")])
    extracted = [(a["title"], a["body"]) for a in briefing["articles"] + dump["articles"]]
    assert extracted == [(a.title, a.body) for a in fresh + fresh_dump]


def test_no_library_is_touched(tmp_path: Path) -> None:
    shutil.copy(PAGES / "furniture_page.html", tmp_path / "page.html")
    proc = run("--json", "page.html", cwd=tmp_path)
    assert proc.returncode == 0
    assert not (tmp_path / "library").exists()


def test_every_input_failing_exits_1(tmp_path: Path) -> None:
    (tmp_path / "zeros.bin").write_bytes(bytes(64))
    proc = run("--json", "nope.html", "zeros.bin", tmp_path, cwd=tmp_path)
    assert proc.returncode == 1
    got = lines(proc)
    assert [set(line) for line in got] == [{"path", "error"}] * 3
    assert got[2]["error"] == "is a folder"


def test_a_json_file_without_a_usable_record_and_a_feed_are_failed_inputs(
    tmp_path: Path,
) -> None:
    # Import rejects both files; extract used to print "articles": [] for the
    # first and the feed's XML read as a dump (tags in the titles) for the second.
    (tmp_path / "broken.json").write_text('{"title": "Ferry back", "body": ')
    (tmp_path / "nobody.json").write_text('{"title": "Ferry back"}')
    (tmp_path / "half.jsonl").write_text('{"title": "Ferry back", "body": "It runs."}\n{oops\n')
    (tmp_path / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley</title>'
        "<item><title>Ferry back</title><description>It runs again.</description></item>"
        "</channel></rss>"
    )
    inputs = ["broken.json", "nobody.json", "half.jsonl", "feed.xml"]
    proc = run("--json", *inputs, cwd=tmp_path)
    assert proc.returncode == 0
    broken, nobody, half, feed = lines(proc)
    assert broken == {"path": "broken.json", "error": broken["error"]}
    assert broken["error"].startswith("line 1: not valid JSON")
    assert nobody == {"path": "nobody.json", "error": nobody["error"]}
    assert "no article text" in nobody["error"]
    assert [a["title"] for a in half["articles"]] == ["Ferry back"]  # one bad line: a warning
    assert b"half.jsonl:2: not valid JSON" in proc.stderr
    assert set(feed) == {"path", "error"} and feed["error"].startswith("a feed, not an article")
    assert run("--json", "broken.json", cwd=tmp_path).returncode == 1


def test_an_input_with_no_article_is_a_failed_input(tmp_path: Path, http_server: Server) -> None:
    # Import rejects all three ("no article text found"); extract printed
    # "articles": [] for them, as if they had been read and were empty.
    menu = "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>"
    (tmp_path / "menu.html").write_text(menu)
    (tmp_path / "none.json").write_text("[]")
    url = http_server.route("/menu", body=menu.encode(), headers={"Content-Type": "text/html"})
    proc = run("--json", "menu.html", "none.json", url, cwd=tmp_path)
    assert proc.returncode == 1
    assert lines(proc) == [
        {"path": "menu.html", "error": "no article text found"},
        {"path": "none.json", "error": "no article text found"},
        {"path": url, "error": "no article text found"},
    ]


def test_stdin_and_gzip(tmp_path: Path) -> None:
    page = (PAGES / "furniture_page.html").read_bytes()
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(page))
    proc = run("--json", "-", "page.html.gz", cwd=tmp_path, stdin=page)
    assert proc.returncode == 0
    piped, packed = lines(proc)
    assert piped["path"] == "-"
    assert piped["articles"] == packed["articles"]
    assert packed["articles"][0]["byline"] == "Mara Quill"


def test_bad_json_records_are_named_on_stderr(tmp_path: Path) -> None:
    good = json.dumps({"title": "Ferry back", "body": "The island ferry resumed today."})
    (tmp_path / "feed.jsonl").write_text(good + "\n{broken\n" + good.replace("back", "again"))
    proc = run("--json", "feed.jsonl", cwd=tmp_path)
    assert proc.returncode == 0
    [line] = lines(proc)
    assert [a["title"] for a in line["articles"]] == ["Ferry back", "Ferry again"]
    assert proc.stderr.decode().splitlines() == [
        "newsread: warning: feed.jsonl:2: not valid JSON "
        "(Expecting property name enclosed in double quotes, column 2)"
    ]


def test_output_is_safe_for_a_terminal(tmp_path: Path) -> None:
    hostile = "Ferry \x1b]0;owned\x07 back \x9b31m and \u202eevil\u202c"
    record = {"title": hostile, "body": f"The ferry {hostile} resumed its crossings today."}
    (tmp_path / "evil.json").write_text(json.dumps(record, ensure_ascii=False))
    name = os.fsdecode(b"caf\xe9\x1b[2J.json")
    (tmp_path / name).write_text(json.dumps(record))
    proc = run("--json", "evil.json", name, cwd=tmp_path)
    assert proc.returncode == 0
    out = proc.stdout.decode("utf-8")
    for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\u202c"):
        assert raw not in out
    first, second = lines(proc)
    # Escape sequences are dropped whole on import; the bidi controls are data, escaped.
    assert first["articles"][0]["title"] == "Ferry back and \u202eevil\u202c"
    assert os.fsencode(second["path"]) == b"caf\xe9\x1b[2J.json"


def test_a_url_is_fetched_and_extracted(tmp_path: Path, http_server: Server) -> None:
    page = http_server.route(
        "/wren", body=(PAGES / "furniture_page.html").read_bytes(), headers=HTML
    )
    missing = http_server.url("/gone")
    proc = run("--json", page, missing, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    fetched, gone = lines(proc)
    assert fetched["path"] == page
    [article] = fetched["articles"]
    assert article["title"] == "Library on Wren Street reopens after flood repairs"
    assert gone["path"] == missing and "404" in gone["error"]


def test_a_human_summary_without_json(tmp_path: Path) -> None:
    shutil.copy(PAGES / "two_stories.html", tmp_path / "briefing.html")
    proc = run("briefing.html", cwd=tmp_path)
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert "briefing.html: 2 articles (html)" in out
    assert "Harbour swimmers count record numbers of seals" in out
