"""The commands: ``import URL``, ``feed add/list/remove/import-opml/import-urls/
export-opml`` and ``refresh``, run in-process against the 127.0.0.1 server."""

from __future__ import annotations

import io
import json
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.http_server import (
    STORIES,
    Entry,
    Response,
    Seen,
    Server,
    atom,
    fetch_timeout_guard_fixture,  # noqa: F401
    http_server_fixture,  # noqa: F401
    rss,
    story_page,
)
from tui.cli import main

RSS = {"Content-Type": "application/rss+xml"}
HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture
def lib(tmp_path) -> Path:
    return tmp_path / "lib"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def valley(server: Server) -> str:
    server.route("/orchard", body=story_page("orchard").encode(), headers=HTML)
    feed = [
        Entry("bridge", server.url("/bridge"), guid="b"),
        Entry("orchard", server.url("/orchard"), guid="o", full=False),
        Entry("choir", server.url("/choir"), guid="c"),
    ]
    return server.route("/valley.xml", body=rss(feed).encode(), headers=RSS)


def test_import_urls_and_feed_files(capsys, http_server: Server, lib, tmp_path):
    page = http_server.route("/market", body=story_page("market").encode(), headers=HTML)
    missing = http_server.url("/missing")
    code, out, err = run(
        capsys,
        "import",
        page,
        missing,
        "file:///etc/hostname",
        "--library",
        str(lib),
        "--no-analyze",
    )
    assert code == 0 and "1 added" in out
    assert f"rejected {missing}: HTTP 404 Not Found" in err
    assert "rejected file:///etc/hostname: only http:// and https:// URLs" in err
    saved = tmp_path / "feed.xml"
    saved.write_text(atom([Entry("choir", http_server.url("/choir"), guid="c")]))
    code, out, _ = run(capsys, "import", str(saved), "--library", str(lib), "--no-analyze")
    assert code == 0 and "1 added" in out
    code, out, _ = run(capsys, "list", "--json", "--library", str(lib))
    assert {row["title"] for row in json.loads(out)} == {
        STORIES["market"][0],
        STORIES["choir"][0],
    }


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_utf16_feed_file_or_url_gives_its_entries(
    capsys, http_server: Server, lib, tmp_path, codec
):
    # The sniff read only ASCII bytes: a UTF-16 feed named *.xml was refused as
    # "a feed, not an article file", and one served as text/xml gave no text
    # (import) or "not a feed" (feed add), feedparser misreading it there.
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    doc = rss([Entry("choir", "http://127.0.0.1:9/choir", guid="c")])
    doc = doc.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    data = bom + doc.encode(codec)
    saved = tmp_path / "valley.xml"
    saved.write_bytes(data)
    code, out, err = run(capsys, "import", str(saved), "--library", str(lib), "--no-analyze")
    assert (code, err) == (0, "") and "1 added" in out
    url = http_server.route("/valley", body=data, headers={"Content-Type": "text/xml"})
    code, out, err = run(capsys, "feed", "add", url, "--library", str(lib))
    assert code == 0 and "1 entry" in out
    code, out, _ = run(capsys, "list", "--json", "--library", str(lib))
    assert [row["title"] for row in json.loads(out)] == [STORIES["choir"][0]]


def test_a_feed_in_a_folder_or_on_stdin_is_refused_not_imported_as_text(
    capsys, monkeypatch, lib, tmp_path
):
    # Only a feed file named on the command line goes the feed's way; one met
    # in a folder (or piped in) used to be read as a text dump, its XML tags
    # becoming article titles. It is refused with the way to import it.
    folder = tmp_path / "saved"
    folder.mkdir()
    feed = rss([Entry("choir", "http://127.0.0.1:9/choir", guid="c")])
    (folder / "valley.xml").write_text(feed)
    (folder / "valley.json").write_text(
        json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "V", "items": []})
    )
    code, out, err = run(capsys, "import", str(folder), "--library", str(lib), "--no-analyze")
    assert code == 1 and "0 added" in out and "2 files rejected" in out
    # The way to import the entries is said plainly: the name was right.
    named = "a feed, not an article file: a folder's files are imported as articles only; "
    named += "to import its entries, name the file itself on the command line"
    assert f"rejected {folder / 'valley.xml'}: {named}\n" in err
    assert f"rejected {folder / 'valley.json'}: {named}\n" in err

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(feed.encode())))
    code, out, err = run(capsys, "import", "-", "--library", str(lib), "--no-analyze")
    assert code == 1 and "rejected stdin: a feed, not an article file: " in err
    assert "save it as a file named *.xml (or .atom, .feed, .json, .rdf, .rss)" in err
    code, out, _ = run(capsys, "list", "--json", "--library", str(lib))
    assert json.loads(out) == []

    # Done as said, it imports the entries.
    code, out, _ = run(
        capsys, "import", str(folder / "valley.xml"), "--library", str(lib), "--no-analyze"
    )
    assert code == 0 and "1 added" in out


def test_a_feed_without_a_feeds_name_is_refused_with_the_names_to_give_it(capsys, lib, tmp_path):
    saved = tmp_path / "valley.txt"
    saved.write_text(rss([Entry("choir", "http://127.0.0.1:9/choir", guid="c")]))
    code, _, err = run(capsys, "import", str(saved), "--library", str(lib), "--no-analyze")
    assert code == 1
    assert err == (
        f"rejected {saved}: a feed, not an article file: to import its entries, rename it "
        "to end in .xml (or .atom, .feed, .json, .rdf, .rss) and name it on the command line\n"
    )
    renamed = saved.rename(tmp_path / "valley.rss")
    code, out, _ = run(capsys, "import", str(renamed), "--library", str(lib), "--no-analyze")
    assert code == 0 and "1 added" in out


def test_subscribe_refresh_list_remove(capsys, http_server: Server, lib):
    url = valley(http_server)
    code, out, _ = run(
        capsys, "feed", "add", url, "--name", "Valley", "--tag", "local", "--library", str(lib)
    )
    assert code == 0 and f"subscribed to Valley [local] ({url}): 3 entries" in out
    code, out, err = run(capsys, "feed", "add", url, "--library", str(lib))
    assert code == 1 and "already subscribed as 'Valley'" in err
    # Shared with tracking parameters, it is the same feed (it made a second).
    tracked = http_server.url("/valley.xml?utm_source=x&fbclid=abc")
    http_server.route("/valley.xml?utm_source=x&fbclid=abc", body=rss([]).encode(), headers=RSS)
    code, out, err = run(capsys, "feed", "add", tracked, "--library", str(lib))
    assert code == 1 and f"{tracked}: already subscribed as 'Valley'" in err
    # Another parameter may be another feed (?cat=2 of a feed script).
    other = http_server.url("/valley.xml?cat=2&utm_medium=mail")
    http_server.route("/valley.xml?cat=2&utm_medium=mail", body=rss([]).encode(), headers=RSS)
    code, out, err = run(capsys, "feed", "add", other, "--name", "Cat 2", "--library", str(lib))
    assert code == 0 and f"subscribed to Cat 2 ({other})" in out
    code, out, _ = run(capsys, "feed", "remove", "Cat 2", "--library", str(lib))
    assert code == 0
    code, out, _ = run(capsys, "feed", "list", "--library", str(lib))
    assert "Valley [local]" in out and "never" in out

    gone = http_server.url("/gone.xml")
    http_server.route("/gone.xml", body=rss([]).encode(), headers=RSS)
    run(capsys, "feed", "add", gone, "--name", "Gone", "--library", str(lib))
    del http_server.routes["/gone.xml"]
    code, out, err = run(capsys, "refresh", "--no-analyze", "--library", str(lib))
    assert code == 1  # one feed failed: a cron job must see it, though Valley did its work
    assert (
        out.splitlines()[0]
        == "2 feeds: 1 with new articles, 0 with updates only, 0 unchanged, 1 failed; "
        "articles: 3 new, 0 updated"
    )
    assert f"failed Gone ({gone}): HTTP 404 Not Found" in err
    assert "Valley: 3 new" in err  # the plain progress line (stderr is no terminal)

    code, out, _ = run(capsys, "feed", "list", "--json", "--library", str(lib))
    rows = {row["name"]: row for row in json.loads(out)}
    assert rows["Valley"]["articles"] == 3 and rows["Valley"]["last_error"] == ""
    assert rows["Valley"]["last_refresh"] and rows["Gone"]["last_error"] == "HTTP 404 Not Found"
    assert "entries" not in rows["Valley"]

    code, out, _ = run(capsys, "refresh", "--feed", "valley", "--no-analyze", "--library", str(lib))
    assert code == 0 and out.startswith(
        "1 feed: 0 with new articles, 0 with updates only, 1 unchanged, 0 failed; "
        "articles: 0 new, 0 updated"
    )
    code, out, err = run(capsys, "refresh", "--feed", "Gone", "--no-analyze", "--library", str(lib))
    assert code == 1  # every feed asked for failed
    code, _, err = run(capsys, "refresh", "--feed", "nope", "--library", str(lib))
    assert code == 1 and "no feed named 'nope'" in err

    code, out, _ = run(capsys, "feed", "remove", url, "--library", str(lib))
    assert code == 0 and "the library keeps its 3 articles" in out
    code, out, _ = run(capsys, "list", "--json", "--library", str(lib))
    assert len(json.loads(out)) == 3
    # A feed that brought nothing: no "keeps its 0 articles".
    code, out, _ = run(capsys, "feed", "remove", "Gone", "--library", str(lib))
    assert code == 0 and "removed feed Gone" in out and "keeps" not in out


def test_opml_export_and_import(capsys, lib, tmp_path):
    urls = tmp_path / "urls"
    urls.write_text(
        '# newsboat\nhttp://127.0.0.1:9/a.xml "local" "~Valley Post"\n'
        'http://127.0.0.1:9/b.xml\n"query:unread:unread = \\"yes\\""\nexec:make-feed\n'
    )
    code, out, err = run(capsys, "feed", "import-opml", str(urls), "--library", str(lib))
    assert code == 0 and "2 feeds added, 0 already subscribed" in out
    assert "skipped line 5: 'exec:make-feed' is not an http(s) feed URL" in err
    # The query line is said too, with its own reason: it was dropped unsaid.
    assert (
        "skipped line 4: 'query:unread:unread = \"yes\"' is a newsboat query feed "
        "(a saved search), not a subscription; search the library with: newsread search"
    ) in err.splitlines()
    code, out, _ = run(capsys, "feed", "import-urls", str(urls), "--library", str(lib))
    assert "0 feeds added, 2 already subscribed" in out

    opml = tmp_path / "feeds.opml"
    code, _, err = run(capsys, "feed", "export-opml", "-o", str(opml), "--library", str(lib))
    assert code == 0 and "wrote 2 feeds" in err
    code, out, _ = run(capsys, "feed", "export-opml", "--library", str(lib))
    assert out == opml.read_text().replace(_created(out, opml), _created(out, out))

    other = tmp_path / "other"
    code, out, _ = run(capsys, "feed", "import-opml", str(opml), "--library", str(other))
    assert "2 feeds added" in out
    code, out, _ = run(capsys, "feed", "list", "--json", "--library", str(other))
    assert [(r["name"], r["url"], r["tags"]) for r in json.loads(out)] == [
        ("http://127.0.0.1:9/b.xml", "http://127.0.0.1:9/b.xml", []),
        ("Valley Post", "http://127.0.0.1:9/a.xml", ["local"]),
    ]
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline></body>")
    code, _, err = run(capsys, "feed", "import-opml", str(bad), "--library", str(other))
    assert code == 1 and "not well-formed OPML" in err


def test_a_blank_name_is_refused(capsys, http_server: Server, lib):
    # It was dropped without a word and the feed named after its URL.
    url = valley(http_server)
    code, out, err = run(capsys, "feed", "add", url, "--name", "  ", "--library", str(lib))
    assert code == 1 and out == ""
    why = "--name is blank: give the feed a name, or leave --name out for its title"
    assert err == f"newsread: error: {why}\n"
    assert not http_server.hits("/valley.xml") and not (lib / "library.json").exists()


def test_a_name_or_tag_with_control_characters_is_refused(capsys, http_server: Server, lib):
    # Tags and annotator names were refused such text; a feed's name was taken
    # and drawn in the feed column and its filter.
    url = valley(http_server)
    for option, value in (("--name", "[red]Evil[/]\x1b[2Jname"), ("--tag", "bad\x07tag")):
        code, out, err = run(capsys, "feed", "add", url, option, value, "--library", str(lib))
        assert code == 1 and out == ""
        assert err.startswith(f"newsread: error: {option} '") and "\x1b" not in err
        assert "cannot hold control characters" in err and len(err.splitlines()) == 1
    assert not http_server.hits("/valley.xml") and not (lib / "library.json").exists()


def test_tags_given_with_commas_survive_an_opml_round_trip(
    capsys, http_server: Server, lib, tmp_path
):
    # --tag "a,b" was one tag "a,b", exported as category "a,b" and read back as
    # two: a tag is split at commas (and OPML's slashes) wherever it comes from.
    url = valley(http_server)
    tags = ["--tag", "local, daily", "--tag", "world/europe", "--tag", "local"]
    code, out, _ = run(capsys, "feed", "add", url, "--name", "Valley", *tags, "--library", str(lib))
    assert code == 0 and "subscribed to Valley [local, daily, world, europe]" in out
    opml = tmp_path / "feeds.opml"
    run(capsys, "feed", "export-opml", "-o", str(opml), "--library", str(lib))
    other = tmp_path / "other"
    run(capsys, "feed", "import-opml", str(opml), "--library", str(other))
    for library in (lib, other):
        code, out, _ = run(capsys, "feed", "list", "--json", "--library", str(library))
        [row] = json.loads(out)
        assert row["tags"] == ["local", "daily", "world", "europe"], library


def _created(text: str, source) -> str:
    """The dateCreated line of an OPML text (it differs between two exports)."""
    body = source if isinstance(source, str) else source.read_text()
    del text
    return next(line for line in body.splitlines() if "dateCreated" in line)


def test_a_feed_cannot_write_escape_sequences_to_the_terminal(capsys, http_server: Server, lib):
    hostile = rss([], title="Evil\x1b]0;pwned\x07 \x1b[2J feed").replace("&", "&amp;")
    url = http_server.route("/evil", body=hostile.encode(), headers=RSS)
    code, out, _ = run(capsys, "feed", "add", url, "--library", str(lib))
    assert code == 0
    code, listed, _ = run(capsys, "feed", "list", "--library", str(lib))
    http_server.route("/evil", status=500)  # the refresh fails: its reason is shown too
    code, summary, err = run(capsys, "refresh", "--no-analyze", "--library", str(lib))
    for text in (out, listed, summary, err):
        assert "\x1b" not in text and "\x07" not in text
    assert "Evil" in listed and "failed Evil" in err


def test_feed_add_of_a_saved_feed_file_points_to_import(capsys, http_server: Server, lib, tmp_path):
    saved = tmp_path / "valley.xml"
    saved.write_text(rss([Entry("bridge", http_server.url("/bridge"), guid="b")]))
    code, _, err = run(capsys, "feed", "add", str(saved), "--library", str(lib))
    assert code != 0
    assert err.count("\n") == 1 and f"newsread import {saved}" in err
    assert not (lib / "library.json").exists()  # nothing subscribed, nothing written


def test_an_entry_kept_as_its_summary_is_named_by_refresh_and_import(
    capsys, http_server: Server, lib
):
    http_server.route("/orchard", status=404, body=b"gone", headers=HTML)
    link = http_server.url("/orchard")
    feed = [Entry("orchard", link, guid="o", full=False)]
    url = http_server.route("/valley.xml", body=rss(feed).encode(), headers=RSS)
    code, out, err = run(capsys, "import", url, "--no-analyze", "--library", str(lib))
    assert code == 0 and out.startswith("1 added")
    assert f"summary only {link}: linked page: HTTP 404 Not Found (" in err
    run(capsys, "feed", "add", url, "--name", "Valley", "--library", str(lib))
    # Tried at the import a moment ago: the refresh leaves it to its back-off
    # and says so; --pages asks at once.
    code, out, err = run(capsys, "refresh", "--no-analyze", "--library", str(lib))
    assert code == 0 and "summary only" not in err
    assert "pages of Valley: 1 page not fetched yet, asked for again after a back-off" in err
    code, out, err = run(capsys, "refresh", "--pages", "--no-analyze", "--library", str(lib))
    assert code == 0 and f"summary only {link} of Valley: linked page: HTTP 404 Not Found (" in err


def test_refresh_names_a_failed_feed_once_and_each_skipped_entry(capsys, http_server: Server, lib):
    # The failed feed was printed twice (its progress line and the summary), and
    # a skipped entry stood indented under no feed at all.
    empty = http_server.url("/empty")  # an entry without a summary whose page is empty
    http_server.route("/empty", body=b"<html><body></body></html>", headers=HTML)
    document = rss([Entry("bridge", http_server.url("/bridge"), guid="b")]).replace(
        "</channel>", f"<item><title>Blank</title><link>{empty}</link></item></channel>"
    )
    valley_url = http_server.route("/valley.xml", body=document.encode(), headers=RSS)
    run(capsys, "feed", "add", valley_url, "--name", "Valley", "--library", str(lib))
    http_server.route("/gone.xml", body=rss([]).encode(), headers=RSS)
    gone = http_server.url("/gone.xml")
    run(capsys, "feed", "add", gone, "--name", "Gone", "--library", str(lib))
    del http_server.routes["/gone.xml"]
    code, out, err = run(capsys, "refresh", "--no-analyze", "--library", str(lib))
    assert out.splitlines()[0] == (
        "2 feeds: 1 with new articles, 0 with updates only, 0 unchanged, 1 failed; "
        "articles: 1 new, 0 updated; 1 entry skipped"
    )
    assert err.splitlines() == [
        "Valley: 1 new",  # the progress line (stderr is no terminal); none for Gone
        f"failed Gone ({gone}): HTTP 404 Not Found",
        f"skipped entry {empty} of Valley: no article text found on the linked page",
    ]


def test_the_demo_feed_survives_an_opml_round_trip(capsys, lib, tmp_path):
    # The demo feed (subscribed by a file's path in the library) was exported
    # as a bare path and skipped on import as "not an http(s) feed URL".
    run(capsys, "demo", "--library", str(lib))
    [demo] = json.loads(run(capsys, "feed", "list", "--json", "--library", str(lib))[1])
    opml = tmp_path / "feeds.opml"
    run(capsys, "feed", "export-opml", "-o", str(opml), "--library", str(lib))
    assert f'xmlUrl="{Path(demo["url"]).as_uri()}"' in opml.read_text()
    run(capsys, "feed", "remove", demo["name"], "--library", str(lib))
    code, out, err = run(capsys, "feed", "import-opml", str(opml), "--library", str(lib))
    assert code == 0 and "1 feed added" in out and err == ""
    [back] = json.loads(run(capsys, "feed", "list", "--json", "--library", str(lib))[1])
    assert (back["name"], back["url"]) == (demo["name"], demo["url"])
    code, out, _ = run(capsys, "refresh", "--no-analyze", "--library", str(lib))
    assert code == 0 and "0 failed" in out
    code, out, _ = run(capsys, "feed", "import-opml", str(opml), "--library", str(lib))
    assert "0 feeds added, 1 already subscribed" in out

    # Into another library, or naming any file outside it: refused with the reason.
    outside = tmp_path / "elsewhere.opml"
    outside.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline text="Hosts" type="rss" xmlUrl="file:///etc/hostname"/>'
        f'<outline text="Gone" type="rss" xmlUrl="{(lib / "gone.xml").as_uri()}"/>'
        "</body></opml>"
    )
    other = tmp_path / "other"
    code, out, err = run(capsys, "feed", "import-opml", str(opml), "--library", str(other))
    assert code == 1 and "0 feeds added" in out
    assert "is a file outside this library's folder" in err and "newsread demo" in err
    code, out, err = run(capsys, "feed", "import-opml", str(outside), "--library", str(lib))
    assert code == 1 and "0 feeds added" in out
    assert "'file:///etc/hostname' is a file outside this library's folder" in err
    assert f"'{(lib / 'gone.xml').as_uri()}': no such file" in err


def test_the_import_summary_counts_each_input_as_what_it_is(
    capsys, http_server: Server, lib, tmp_path
):
    # A malformed JSON file was "1 record skipped", and a URL that failed or a
    # feed entry whose page held no text were counted as "files rejected".
    page = http_server.route("/market", body=story_page("market").encode(), headers=HTML)
    missing = http_server.url("/missing")
    http_server.route("/blank", body=b"<html><body></body></html>", headers=HTML)
    feed = [
        Entry("choir", http_server.url("/choir"), guid="c"),
        Entry("bridge", http_server.url("/blank"), guid="b", full=False),
    ]
    feed_url = http_server.route("/valley.xml", body=rss(feed).encode(), headers=RSS)
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "Cut off", "body": ')
    listed = tmp_path / "listed.json"
    good = {"title": "Pier vote", "body": "The council voted on Monday to rebuild the old pier."}
    listed.write_text(json.dumps([good, {"title": "Count", "body": 12}]))
    given = [page, missing, feed_url, str(broken), str(listed)]
    code, out, err = run(capsys, "import", *given, "--library", str(lib), "--no-analyze")
    assert code == 0 and "3 added" in out
    counted = "1 file rejected, 1 URL rejected, 1 record skipped, 1 feed entry skipped"
    assert counted in " ".join(out.split())
    lines = err.splitlines()
    assert f"rejected {missing}: HTTP 404 Not Found" in lines
    blank = http_server.url("/blank")
    assert f"rejected {blank}: no article text found on the linked page" in lines
    assert any(line.startswith(f"rejected {broken.resolve()}:1: not valid JSON") for line in lines)
    assert f"rejected {listed.resolve()}:1: record 2: body is not text (a JSON number)" in lines
    assert len(lines) == 4


def test_a_tag_stored_with_a_comma_by_an_older_newsread_reads_as_two(
    capsys, http_server: Server, lib
):
    # Before feed tags were split at commas, "local,daily" was stored as one tag:
    # listed as one, and written to OPML as a category that reads back as two.
    from storage.feeds import TABLE
    from storage.library import Library

    url = valley(http_server)
    assert run(capsys, "feed", "add", url, "--name", "Valley", "--library", str(lib))[0] == 0
    library = Library(lib)
    with library.transaction():
        library._db.table(TABLE).update({"tags": ["local,daily", "world/europe", "local", 7]})
    code, out, _ = run(capsys, "feed", "list", "--json", "--library", str(lib))
    assert [row["tags"] for row in json.loads(out)] == [["local", "daily", "world", "europe"]]
    code, out, _ = run(capsys, "feed", "export-opml", "--library", str(lib))
    assert 'category="local,daily,world,europe"' in out
    assert run(capsys, "refresh", "--library", str(lib))[0] == 0  # the feed's next write
    [stored] = json.loads((lib / "library.json").read_text())[TABLE].values()
    assert stored["tags"] == ["local", "daily", "world", "europe"]


def test_a_feed_whose_xml_is_broken_says_so_on_every_refresh_until_it_reads(
    capsys, http_server: Server, lib
):
    # Its error was cleared by the fetch that could not read it, and the next
    # refresh got a 304 for the same broken document: "not modified", no error.
    broken = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Fjord<title>'
    broken += b"<item><title>A & B</title></item></channel>"
    stamp = "Mon, 02 Mar 2026 08:00:00 GMT"
    document = {"body": broken}

    def handler(seen):
        if seen.headers.get("if-modified-since") == stamp:
            return Response(304)
        return Response(body=document["body"], headers={**RSS, "Last-Modified": stamp})

    url = http_server.route("/fjord.xml", handler)
    code, out, _ = run(capsys, "feed", "add", url, "--name", "Fjord", "--library", str(lib))
    assert code == 0 and "broken but readable" in out
    for _ in range(2):
        code, out, err = run(capsys, "refresh", "--no-analyze", "--library", str(lib))
        assert "1 failed" in out.splitlines()[0]
        [line] = [line for line in err.splitlines() if line.startswith("failed")]
        assert line.startswith(f"failed Fjord ({url}): no entries read: broken XML: ")
        assert "not well-formed" in line
        _, out, _ = run(capsys, "feed", "list", "--json", "--library", str(lib))
        [listed] = json.loads(out)
        assert listed["last_error"].startswith("broken XML: ") and not listed["last_success"]
    # Read whole again: the error goes.
    document["body"] = rss([Entry("bridge", http_server.url("/bridge"), guid="b")]).encode()
    code, out, err = run(capsys, "refresh", "--no-analyze", "--library", str(lib))
    assert "1 new" in out and "failed" not in err
    _, out, _ = run(capsys, "feed", "list", "--json", "--library", str(lib))
    assert json.loads(out)[0]["last_error"] == ""


def _once_stored(lib: Path, path: str, response: Response) -> Callable[[Seen], Response]:
    """``response``, sent once the library holds the article at ``path``
    (another feed's result saved): which feed is written first, decided."""
    from storage.library import Library

    def handler(_seen: Seen) -> Response:
        stored = threading.Event()
        # An upper bound, not a pace: the other feed is written in well under it.
        for _ in range(600):
            metas = Library(lib).article_metas() if (lib / "library.json").exists() else []
            if any(str(m.get("url_or_path", "")).endswith(path) for m in metas):
                break
            stored.wait(0.05)
        return response

    return handler


@pytest.mark.parametrize(
    ("first", "feeds_line", "filed_line"),
    [
        (
            "Gazette",
            "2 with new articles, 0 with updates only, 0 unchanged",
            "Valley: 2 new, 1 already in the library, now under this feed too",
        ),
        (
            "Valley",
            "1 with new articles, 0 with updates only, "
            "1 with known articles only (filed under it too), 0 unchanged",
            "Gazette: 1 already in the library, now under this feed too",
        ),
    ],
)
def test_refresh_says_a_shared_entry_is_filed_under_each_feed(
    capsys, http_server: Server, lib, first, feeds_line, filed_line
):
    # One story listed by two feeds: the second feed is no "unchanged" feed
    # and its count in feed list is the story, whichever was written first.
    # (Left to the threads, the order changed under load, and the line with it.)
    url = valley(http_server)
    other = http_server.route(
        "/other.xml",
        body=atom([Entry("choir", http_server.url("/choir"), guid="c")], "Gazette").encode(),
        headers={"Content-Type": "application/atom+xml"},
    )
    run(capsys, "feed", "add", url, "--name", "Valley", "--library", str(lib))
    run(capsys, "feed", "add", other, "--name", "Gazette", "--library", str(lib))
    later = "/valley.xml" if first == "Gazette" else "/other.xml"
    http_server.route(later, _once_stored(lib, "/choir", http_server.routes[later]))
    code, out, err = run(capsys, "refresh", "--no-analyze", "--library", str(lib))
    assert code == 0
    assert out.splitlines()[0] == (
        f"2 feeds: {feeds_line}, 0 failed; articles: 3 new, 0 updated, 1 filed under a further feed"
    )
    assert filed_line in err.splitlines()
    code, out, _ = run(capsys, "feed", "list", "--json", "--library", str(lib))
    assert {row["name"]: row["articles"] for row in json.loads(out)} == {"Valley": 3, "Gazette": 1}
    code, out, _ = run(capsys, "feed", "remove", "Gazette", "--library", str(lib))
    assert "the library keeps its 1 article" in out


def test_opml_folders_survive_import_and_export(capsys, lib, tmp_path):
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline text="Local"><outline text="City &amp; Harbour">'
        '<outline text="Quay" type="rss" xmlUrl="http://127.0.0.1:9/q.xml"/></outline></outline>'
        '<outline text="Sub, with comma">'
        '<outline text="Quay" type="rss" xmlUrl="http://127.0.0.1:9/q.xml"/></outline>'
        "</body></opml>",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "feed", "import-opml", str(opml), "--library", str(lib))
    assert code == 0 and "1 feed added, 0 already subscribed" in out
    code, out, _ = run(capsys, "feed", "list", "--json", "--library", str(lib))
    [row] = json.loads(out)
    assert row["folders"] == [["Local", "City & Harbour"], ["Sub, with comma"]]
    code, out, _ = run(capsys, "feed", "export-opml", "--library", str(lib))
    assert 'category="' not in out
    assert (
        '<outline text="Local" title="Local">\n'
        '      <outline text="City &amp; Harbour" title="City &amp; Harbour">\n'
        '        <outline type="rss" text="Quay"'
    ) in out
    assert '<outline text="Sub, with comma" title="Sub, with comma">' in out


#: The fields of a feed's document in the release before folders (6dcb9ae):
#: its refresh and ``feed add`` rebuild every feed's document from these alone.
_OLD_FEED_FIELDS = (
    "url",
    "name",
    "tags",
    "title",
    "site",
    "added",
    "last_refresh",
    "last_success",
    "last_error",
    "etag",
    "last_modified",
    "retry_after",
    "entries",
)


def _write_feeds_as_the_old_release(lib: Path) -> None:
    """What that release's feed write leaves: each feed document rebuilt from
    its own fields, the tables it does not know kept as they were."""
    path = lib / "library.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["feeds"] = {
        key: {k: v for k, v in doc.items() if k in _OLD_FEED_FIELDS}
        for key, doc in data["feeds"].items()
    }
    path.write_text(json.dumps(data), encoding="utf-8")


_NESTED = (
    '<?xml version="1.0"?><opml version="2.0"><head/><body>'
    '<outline text="News"><outline text="Local, Regional">'
    '<outline text="Quay" type="rss" xmlUrl="http://127.0.0.1:9/q.xml"/></outline></outline>'
    '<outline text="Later"><outline text="Quay" type="rss" xmlUrl="http://127.0.0.1:9/q.xml"/>'
    "</outline></body></opml>"
)


def test_folders_survive_the_older_release_rewriting_the_feeds(capsys, lib, tmp_path, monkeypatch):
    from tui.cli import feed_commands

    monkeypatch.setattr(feed_commands.out, "_width", 200)
    opml = tmp_path / "subs.opml"
    opml.write_text(_NESTED, encoding="utf-8")
    run(capsys, "feed", "import-opml", str(opml), "--library", str(lib))
    _write_feeds_as_the_old_release(lib)
    code, out, _ = run(capsys, "feed", "list", "--json", "--library", str(lib))
    [row] = json.loads(out)
    assert row["folders"] == [["News", "Local, Regional"], ["Later"]]
    assert row["tags"] == []
    code, out, _ = run(capsys, "feed", "export-opml", "--library", str(lib))
    assert '<outline text="Local, Regional" title="Local, Regional">' in out
    assert 'category="' not in out
    code, out, _ = run(capsys, "feed", "list", "--library", str(lib))
    assert "News > Local, Regional" in out and "[" not in out
    code, out, _ = run(capsys, "feed", "remove", "Quay", "--library", str(lib))
    stored = json.loads((lib / "library.json").read_text(encoding="utf-8"))
    assert stored.get("feed_folders", {}) == {}


def test_folders_written_inside_a_feed_document_are_read_and_kept(capsys, lib, tmp_path):
    # This version's first days stored them there; a refresh's write of the
    # feed moves them to their table instead of dropping them.
    from storage.feeds import list_feeds, save_feed_states
    from storage.library import Library

    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline text="Quay" type="rss" xmlUrl="http://127.0.0.1:9/q.xml"/></body></opml>',
        encoding="utf-8",
    )
    run(capsys, "feed", "import-opml", str(opml), "--library", str(lib))
    path = lib / "library.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    [doc] = data["feeds"].values()
    doc["folders"] = [["News", "Local, Regional"]]
    path.write_text(json.dumps(data), encoding="utf-8")
    library = Library(lib)
    [feed] = list_feeds(library)
    assert feed.folders == [["News", "Local, Regional"]]
    feed.last_error = "down"
    save_feed_states(library, [feed])
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert [d.get("folders") for d in stored["feeds"].values()] == [None]
    assert [d["folders"] for d in stored["feed_folders"].values()] == [
        [["News", "Local, Regional"]]
    ]
    assert list_feeds(Library(lib))[0].folders == [["News", "Local, Regional"]]


def test_a_feed_that_only_files_a_known_story_is_counted_as_such(capsys, http_server: Server, lib):
    # It gained no article: "1 with new articles" said what it did not do.
    url = valley(http_server)
    other = http_server.route(
        "/other.xml",
        body=atom([Entry("choir", http_server.url("/choir"), guid="c")], "Gazette").encode(),
        headers={"Content-Type": "application/atom+xml"},
    )
    run(capsys, "feed", "add", url, "--name", "Valley", "--library", str(lib))
    run(capsys, "feed", "add", other, "--name", "Gazette", "--library", str(lib))
    run(capsys, "refresh", "--no-analyze", "--feed", "Valley", "--library", str(lib))
    args = ("refresh", "--no-analyze", "--feed", "Gazette", "--library", str(lib))
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert out.splitlines()[0] == (
        "1 feed: 0 with new articles, 0 with updates only, "
        "1 with known articles only (filed under it too), 0 unchanged, 0 failed; "
        "articles: 0 new, 0 updated, 1 filed under a further feed"
    )


def test_refresh_exits_1_when_any_feed_failed_and_0_when_all_succeeded(
    capsys, http_server: Server, lib
):
    # A dead feed among good ones exited 0: a cron job could not tell it from success.
    stamp = "Mon, 02 Mar 2026 08:00:00 GMT"
    document = rss([Entry("bridge", http_server.url("/bridge"), guid="b")]).encode()

    def conditional(seen):
        if seen.headers.get("if-modified-since") == stamp:
            return Response(304)
        return Response(body=document, headers={**RSS, "Last-Modified": stamp})

    good = http_server.route("/good.xml", conditional)
    run(capsys, "feed", "add", good, "--name", "Good", "--library", str(lib))
    http_server.route("/dead.xml", body=rss([]).encode(), headers=RSS)
    dead = http_server.url("/dead.xml")
    run(capsys, "feed", "add", dead, "--name", "Dead", "--library", str(lib))
    del http_server.routes["/dead.xml"]
    code, out, err = run(capsys, "refresh", "--no-analyze", "--library", str(lib))
    assert code == 1 and "1 with new articles" in out
    assert f"failed Dead ({dead}): HTTP 404 Not Found" in err
    run(capsys, "feed", "remove", "Dead", "--library", str(lib))
    # Answered 304: nothing new, and a success.
    code, out, err = run(capsys, "refresh", "--no-analyze", "--library", str(lib))
    assert code == 0 and "1 unchanged, 0 failed" in out
    assert http_server.hits("/good.xml")[-1].headers.get("if-modified-since") == stamp


def test_a_feed_read_despite_broken_xml_is_listed_with_a_note_not_an_error(
    capsys, http_server: Server, lib, monkeypatch
):
    # Its recovery note stood as its "last error", in red, as if it had failed.
    from tui.cli import feed_commands

    monkeypatch.setattr(feed_commands.out, "_width", 120)
    clean = rss([Entry("bridge", http_server.url("/bridge"), guid="b")])
    # A control character's reference in a title: not well-formed, still readable.
    document = {"body": clean.replace("<title>River bridge", "<title>River&#7; bridge", 1)}
    assert document["body"] != clean
    url = http_server.route(
        "/gazette.xml", lambda seen: Response(body=document["body"].encode(), headers=RSS)
    )
    code, out, _ = run(capsys, "feed", "add", url, "--name", "Gazette", "--library", str(lib))
    assert code == 0 and "broken but readable" in out
    _, out, _ = run(capsys, "feed", "list", "--json", "--library", str(lib))
    [listed] = json.loads(out)
    assert listed["last_error"] == "" and listed["note"].startswith("broken XML: ")
    code, out, err = run(capsys, "refresh", "--no-analyze", "--library", str(lib))
    assert code == 0 and "0 failed" in out
    assert f"note Gazette ({url}): read despite broken XML: " in err
    _, out, _ = run(capsys, "feed", "list", "--json", "--library", str(lib))
    [listed] = json.loads(out)
    assert listed["last_error"] == "" and listed["note"].startswith("broken XML: ")
    assert listed["articles"] == 1 and listed["last_success"]
    _, out, _ = run(capsys, "feed", "list", "--library", str(lib))
    [line] = [line for line in out.splitlines() if "broken XML" in line]
    assert line.startswith("note: broken XML: ")
    # Read whole again: the note goes.
    document["body"] = clean
    run(capsys, "refresh", "--no-analyze", "--library", str(lib))
    _, out, _ = run(capsys, "feed", "list", "--json", "--library", str(lib))
    assert json.loads(out)[0]["note"] == ""
    _, out, _ = run(capsys, "feed", "list", "--library", str(lib))
    assert "broken XML" not in out and "note:" not in out


@pytest.mark.parametrize(
    ("kind", "document"),
    [
        ("an RSS feed", lambda url: rss([Entry("bridge", url, guid="b")])),
        ("an Atom feed", lambda url: atom([Entry("bridge", url, guid="b")])),
        (
            "a JSON Feed",
            lambda url: json.dumps(
                {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": []}
            ),
        ),
    ],
    ids=["rss", "atom", "json"],
)
@pytest.mark.parametrize("command", ["import-opml", "import-urls"])
def test_a_feed_given_as_a_subscription_list_is_refused_in_one_line(
    capsys, lib, tmp_path, kind, document, command
):
    # Read as a urls file, every line of its XML was "not an http(s) feed URL".
    path = tmp_path / "saved.xml"
    path.write_text(document("http://127.0.0.1:9/bridge"), encoding="utf-8")
    code, out, err = run(capsys, "feed", command, str(path), "--library", str(lib))
    assert code == 1 and out == ""
    [line] = err.splitlines()
    assert f"{kind}, not OPML or a newsboat urls file" in line
    assert "newsread feed add URL" in line and "skipped" not in line
    assert not (lib / "library.json").exists()


def test_a_urls_file_of_many_bad_lines_names_the_first_and_counts_the_rest(capsys, lib, tmp_path):
    path = tmp_path / "urls"
    path.write_text("".join(f"ftp://127.0.0.1/{i}\n" for i in range(500)), encoding="utf-8")
    code, out, err = run(capsys, "feed", "import-opml", str(path), "--library", str(lib))
    assert code == 1 and out.startswith("0 feeds added")
    lines = err.splitlines()
    assert len(lines) == 21 and lines[0].startswith("skipped line 1: 'ftp://127.0.0.1/0'")
    assert lines[-1] == "… and 480 more skipped (not read as feeds)"


def test_a_feed_without_a_title_yet_is_named_by_its_url_and_the_error_says_so(
    capsys, lib, tmp_path
):
    # A newsboat urls file gives no titles: until its first refresh the feed
    # is "(no title)" in feed list, and the title a user knows it by names nothing.
    urls = tmp_path / "urls"
    urls.write_text("http://127.0.0.1:9/harbour.xml harbour\n", encoding="utf-8")
    code, _, _ = run(capsys, "feed", "import-opml", str(urls), "--library", str(lib))
    assert code == 0
    code, _, err = run(capsys, "feed", "remove", "Harbour News", "--library", str(lib))
    assert code == 1
    assert err.strip().endswith(
        "no feed named 'Harbour News' (see: newsread feed list; 1 feed has no title until"
        " refreshed and goes by its URL)"
    )
    code, out, _ = run(
        capsys, "feed", "remove", "http://127.0.0.1:9/harbour.xml", "--library", str(lib)
    )
    assert code == 0 and out.startswith("removed feed")


def _closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on: bound, then let go."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_feed_whose_host_is_down_can_be_subscribed_without_a_check(
    capsys, http_server: Server, lib
):
    down = f"http://127.0.0.1:{_closed_port()}/harbour.xml"
    code, out, err = run(capsys, "feed", "add", down, "--library", str(lib))
    assert code == 1 and out == ""
    assert err.strip().endswith(
        f"cannot connect (Connection refused); to subscribe anyway: newsread feed add"
        f" --no-check {down}"
    )
    # A host that answers "no such feed" is not offered the way round the check.
    missing = http_server.url("/missing.xml")
    code, _, err = run(capsys, "feed", "add", missing, "--library", str(lib))
    assert code == 1 and "HTTP 404" in err and "--no-check" not in err

    url = valley(http_server)
    code, out, _ = run(
        capsys, "feed", "add", "--no-check", url, "--tag", "local", "--library", str(lib)
    )
    assert code == 0 and out.startswith(f"subscribed to {url} [local] without fetching it")
    assert http_server.hits("/valley.xml") == []
    code, out, err = run(capsys, "feed", "add", "--no-check", url, "--library", str(lib))
    assert code == 1 and "already subscribed" in err
    code, out, _ = run(capsys, "refresh", "--no-analyze", "--library", str(lib))
    assert code == 0 and "articles: 3 new" in out
    code, out, _ = run(capsys, "feed", "list", "--json", "--library", str(lib))
    (row,) = json.loads(out)
    # Named by its title once a refresh read it, as a feed from a urls file is.
    assert row["name"] == "Valley Post: Local" and row["tags"] == ["local"]
    assert row["articles"] == 3


def test_no_check_still_refuses_what_is_no_web_address(capsys, lib):
    code, out, err = run(
        capsys, "feed", "add", "--no-check", "ftp://example.org/feed", "--library", str(lib)
    )
    assert code == 1 and out == ""
    assert err.strip() == (
        "newsread: error: ftp://example.org/feed: only http:// and https:// URLs can be"
        " fetched (ftp:// refused)"
    )
    assert not lib.exists()
