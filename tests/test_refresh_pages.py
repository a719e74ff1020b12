"""A summary-only entry's linked page after its first fetch: importing its
URL again updates the feed's article (never "duplicate" for a changed text),
and ``refresh --pages`` fetches such pages again with conditional GETs, even
when the feed itself answers 304. Against the real server on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsread.model import new_annotation
from storage.feeds import Feed, add_feeds, list_feeds
from storage.library import Library
from storage.refresh import PagePolicy, import_urls, refresh_feeds
from tests.http_server import (
    Response,
    Server,
    fetch_timeout_guard_fixture,  # noqa: F401
    http_server_fixture,  # noqa: F401
)
from tui.cli import main

ATOM = {"Content-Type": "application/atom+xml"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
TITLE = "Harbour ferry timetable changes in spring"


@pytest.fixture
def library(tmp_path) -> Library:
    return Library(tmp_path / "lib")


def page(figure: str, title: str = TITLE) -> bytes:
    paragraphs = [
        f"The harbour ferry will run a new timetable from April, costing {figure} a year "
        "more than the old one, the transport office said on Tuesday.",
        "Boats will leave every twenty minutes at rush hour instead of every half hour, "
        "and the last crossing at night moves from ten to eleven o'clock.",
        "Captain Ines Varga said the crews had asked for the change for years and that "
        "two more deckhands would be hired before the season begins.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><main><article><h1>{title}</h1>{body}</article></main></body></html>"
    ).encode()


def summary_feed(link: str, published: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Harbour Wire</title><id>urn:test:harbour</id>"
        f"<updated>{published}T08:00:00Z</updated>"
        f"<entry><title>{TITLE}</title><link rel='alternate' href='{link}'/>"
        f"<id>urn:test:ferry</id><updated>{published}T08:00:00Z</updated>"
        f"<published>{published}T08:00:00Z</published>"
        "<summary>The ferry timetable changes in April.</summary></entry></feed>"
    ).encode()


class Site:
    """A feed (ETag'd, 304 when asked with its tag) whose one entry has only a
    summary, and the entry's page (ETag'd too), whose figure the test changes."""

    def __init__(self, server: Server, published: str = "") -> None:
        self.server = server
        self.figure = "4 million"
        self.published = published or datetime.now(UTC).date().isoformat()
        self.link = server.url("/page2.html")
        server.route("/page2.html", self._page)
        self.url = server.route("/feed.atom", self._feed)

    def _page(self, seen) -> Response:
        tag = f'"p-{self.figure}"'
        if seen.headers.get("if-none-match") == tag:
            return Response(304, headers={"ETag": tag})
        return Response(body=page(self.figure), headers={**HTML, "ETag": tag})

    def _feed(self, seen) -> Response:
        if seen.headers.get("if-none-match") == '"f-1"':
            return Response(304, headers={"ETag": '"f-1"'})
        body = summary_feed(self.link, self.published)
        return Response(body=body, headers={**ATOM, "ETag": '"f-1"'})

    def page_hits(self) -> list:
        return self.server.hits("/page2.html")


def subscribed(library: Library, site: Site) -> dict:
    add_feeds(library, [Feed(url=site.url, name="harbour")])
    refresh_feeds(library)
    [meta] = library.article_metas()
    return meta


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- importing the page's URL ----------------------------------------------------------------


def test_importing_a_feed_articles_changed_page_updates_it_and_keeps_its_feed(
    http_server: Server, library
):
    site = Site(http_server)
    meta = subscribed(library, site)
    article = library.get_article(meta["id"])
    start = article.body.index("harbour ferry")
    note = new_annotation(article, start, start + len("harbour ferry"), ["topic"])
    library.save_annotations(meta["id"], [note])
    site.figure = "5 million"

    summary, fresh = import_urls(library, [site.link])
    assert (summary.updated, summary.duplicates, summary.added) == ([meta["id"]], [], [])
    assert [a.id for a in fresh] == [meta["id"]]
    article = library.get_article(meta["id"])
    assert "5 million" in article.body
    # Still the feed's article: its next refresh knows the entry, nothing added.
    assert (article.feed, article.guid) == (site.url, meta["guid"])
    assert library.annotations(meta["id"])[0].quote == note.quote

    again, _ = import_urls(library, [site.link])
    assert (again.updated, again.duplicates, len(again.unchanged)) == ([], [], 1)
    report = refresh_feeds(library, ["harbour"]).feeds[0]
    assert report.status == "unchanged" and len(library.article_metas()) == 1


def test_a_page_whose_title_differs_from_the_entrys_is_found_by_its_address(
    http_server: Server, library
):
    site = Site(http_server)
    meta = subscribed(library, site)
    http_server.route("/page2.html", body=page("6 million", TITLE + " (updated)"), headers=HTML)
    summary, _ = import_urls(library, [site.link])
    assert summary.updated == [meta["id"]] and summary.added == []
    assert "6 million" in library.get_article(meta["id"]).body


def test_the_same_text_from_another_address_is_still_a_duplicate(http_server: Server, library):
    site = Site(http_server)
    meta = subscribed(library, site)
    copy = http_server.route("/copy.html", body=page("4 million"), headers=HTML)
    summary, _ = import_urls(library, [copy])
    assert summary.duplicates == [(copy, TITLE, meta["id"])] and summary.updated == []


def test_import_of_the_changed_url_says_updated_not_duplicate(
    capsys, http_server: Server, tmp_path
):
    lib = str(tmp_path / "lib")
    site = Site(http_server)
    run(capsys, "feed", "add", site.url, "--name", "harbour", "--library", lib)
    run(capsys, "refresh", "--no-analyze", "--library", lib)
    site.figure = "5 million"
    code, out, _ = run(capsys, "import", site.link, "--no-analyze", "--library", lib)
    assert code == 0 and out.startswith("0 added, 1 updated, 0 unchanged, 0 skipped as duplicates")
    assert "duplicate:" not in out


def test_importing_a_changed_page_keeps_the_feeds_source_author_and_date(
    http_server: Server, library
):
    link = http_server.url("/page4.html")
    http_server.route("/page4.html", body=page("4 million"), headers=HTML)
    feed = summary_feed(link, "2026-03-14").replace(
        b"<summary>", b"<author><name>Oskar Lind</name></author><summary>"
    )
    url = http_server.route("/feed.atom", body=feed, headers=ATOM)
    add_feeds(library, [Feed(url=url, name="harbour")])
    refresh_feeds(library)
    [meta] = library.article_metas()
    kept = (meta["source"], meta["byline"], meta["published"])
    assert kept == ("Harbour Wire", "Oskar Lind", "2026-03-14")

    http_server.route("/page4.html", body=page("5 million"), headers=HTML)
    summary, _ = import_urls(library, [link])
    assert summary.updated == [meta["id"]]
    article = library.get_article(meta["id"])
    assert "5 million" in article.body
    assert (article.source, article.byline, article.published) == kept
    assert (article.feed, article.guid) == (url, meta["guid"])


def test_reimported_unchanged_urls_are_counted_by_their_article_ids(http_server: Server, library):
    site = Site(http_server)
    meta = subscribed(library, site)
    plain = http_server.route("/plain.html", body=page("7 million", "Quay lights"), headers=HTML)
    first, _ = import_urls(library, [plain])
    again, fresh = import_urls(library, [plain, site.link])
    # The ids, not the addresses: the import command looks each one up.
    assert again.unchanged == [*first.added, meta["id"]] and fresh == []


def test_import_of_unchanged_urls_with_a_new_file_analyses_and_says_so(
    capsys, monkeypatch, http_server: Server, tmp_path
):
    import tui.cli.analysis_commands as analysis_commands

    analysed: list[str] = []
    monkeypatch.setattr(
        analysis_commands,
        "analyse_with_progress",
        lambda library, articles, *a, **k: analysed.extend(x.id for x in articles),
    )
    lib = str(tmp_path / "lib")
    site = Site(http_server)
    plain = http_server.route("/plain.html", body=page("7 million", "Quay lights"), headers=HTML)
    run(capsys, "feed", "add", site.url, "--name", "harbour", "--library", lib)
    run(capsys, "refresh", "--no-analyze", "--library", lib)
    run(capsys, "import", plain, "--no-analyze", "--library", lib)
    code, out, err = run(capsys, "import", plain, site.link, "--library", lib)
    assert (code, err) == (0, "") and out.startswith("0 added, 0 updated, 2 unchanged")
    # Never analysed (imported with --no-analyze): analysed now.
    assert len(analysed) == 2

    gull = tmp_path / "gull.txt"
    gull.write_text(
        "Gulls at the harbour\n\nThe gulls came back to the harbour wall this spring, "
        "and the fishermen say there are more of them than ever before.\n",
        encoding="utf-8",
    )
    analysed.clear()
    code, out, err = run(capsys, "import", plain, str(gull), "--library", lib)
    assert (code, err) == (0, "") and out.startswith("1 added, 0 updated, 1 unchanged")
    assert len(analysed) == 2


# -- refresh --pages ---------------------------------------------------------------------------


def test_a_plain_refresh_leaves_a_changed_page_alone(http_server: Server, library):
    site = Site(http_server)
    meta = subscribed(library, site)
    site.figure = "5 million"
    assert refresh_feeds(library).feeds[0].status == "not modified"
    assert "4 million" in library.read_body(meta["id"])
    assert len(site.page_hits()) == 1


def test_pages_are_fetched_again_with_their_validators_despite_a_304_feed(
    http_server: Server, library
):
    site = Site(http_server)
    meta = subscribed(library, site)
    assert library.get_meta(meta["id"])["page_etag"] == '"p-4 million"'

    unchanged = refresh_feeds(library, pages=PagePolicy(days=7))
    [report] = unchanged.feeds
    assert report.status == "unchanged" and report.updated == [] and unchanged.fresh == []
    assert site.page_hits()[-1].headers["if-none-match"] == '"p-4 million"'
    assert len(site.page_hits()) == 2

    site.figure = "5 million"
    changed = refresh_feeds(library, pages=PagePolicy(days=7))
    [report] = changed.feeds
    assert report.status == "updated" and report.updated == [meta["id"]]
    assert "5 million" in library.read_body(meta["id"])
    assert library.get_meta(meta["id"])["page_etag"] == '"p-5 million"'
    # The feed was asked whole: a 304 for it would have hidden the entry.
    assert "if-none-match" not in http_server.hits("/feed.atom")[-1].headers


def test_pages_of_entries_older_than_the_window_are_left_alone(http_server: Server, library):
    old = (datetime.now(UTC) - timedelta(days=30)).date().isoformat()
    site = Site(http_server, published=old)
    meta = subscribed(library, site)
    site.figure = "5 million"
    report = refresh_feeds(library, pages=PagePolicy(days=7)).feeds[0]
    assert report.updated == [] and len(site.page_hits()) == 1
    assert "4 million" in library.read_body(meta["id"])
    report = refresh_feeds(library, pages=PagePolicy(days=60)).feeds[0]
    assert report.updated == [meta["id"]]


def test_a_page_that_fails_on_a_refetch_keeps_the_text_and_says_why(http_server: Server, library):
    site = Site(http_server)
    meta = subscribed(library, site)
    http_server.route("/page2.html", status=503, body=b"busy")
    report = refresh_feeds(library, pages=PagePolicy(days=7)).feeds[0]
    assert report.updated == [] and report.rejected == [
        (site.link, "linked page: HTTP 503 Service Unavailable")
    ]
    assert "4 million" in library.read_body(meta["id"])


def test_refresh_pages_on_the_command_line(capsys, http_server: Server, tmp_path):
    lib = str(tmp_path / "lib")
    site = Site(http_server)
    run(capsys, "feed", "add", site.url, "--name", "harbour", "--library", lib)
    run(capsys, "refresh", "--no-analyze", "--library", lib)
    site.figure = "5 million"
    code, out, _ = run(capsys, "refresh", "--no-analyze", "--library", lib)
    assert code == 0 and "articles: 0 new, 0 updated" in out
    code, out, _ = run(
        capsys, "refresh", "--feed", "harbour", "--pages", "--no-analyze", "--library", lib
    )
    assert code == 0 and "1 with updates only" in out and "articles: 0 new, 1 updated" in out
    with pytest.raises(SystemExit) as stopped:
        main(["refresh", "--pages", "--pages-days", "0", "--library", lib])
    assert stopped.value.code == 2 and "not a number of days" in capsys.readouterr().err


def test_a_huge_pages_days_is_refused_at_the_argument_not_stored_as_the_feeds_error(
    capsys, http_server: Server, tmp_path
):
    lib = str(tmp_path / "lib")
    site = Site(http_server)
    run(capsys, "feed", "add", site.url, "--name", "harbour", "--library", lib)
    run(capsys, "refresh", "--no-analyze", "--library", lib)
    with pytest.raises(SystemExit) as stopped:
        main(["refresh", "--pages", "--pages-days", "800000", "--library", lib])
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and "too many days (at most 36500): '800000'" in err
    [feed] = list_feeds(Library(tmp_path / "lib"))
    assert feed.last_error == ""
    with pytest.raises(ValueError):
        PagePolicy(days=800_000)


def test_pages_days_alone_implies_pages(capsys, http_server: Server, tmp_path):
    lib = str(tmp_path / "lib")
    site = Site(http_server)
    run(capsys, "feed", "add", site.url, "--name", "harbour", "--library", lib)
    run(capsys, "refresh", "--no-analyze", "--library", lib)
    site.figure = "5 million"
    code, out, _ = run(capsys, "refresh", "--pages-days", "3", "--no-analyze", "--library", lib)
    assert code == 0 and "articles: 0 new, 1 updated" in out


def test_the_pages_url_with_tracking_parameters_is_the_feeds_article(http_server: Server, library):
    site = Site(http_server)
    meta = subscribed(library, site)
    shared = http_server.route("/page2.html?utm_source=x&fbclid=abc", site._page)

    unchanged, _ = import_urls(library, [shared])
    assert (unchanged.unchanged, unchanged.duplicates, unchanged.added) == ([meta["id"]], [], [])

    site.figure = "5 million"
    summary, _ = import_urls(library, [shared])
    assert (summary.updated, summary.added) == ([meta["id"]], [])
    assert len(library.article_metas()) == 1
    article = library.get_article(meta["id"])
    assert "5 million" in article.body and article.feed == site.url
    assert article.url_or_path == site.link


# -- a saved copy of the page, imported as a file ----------------------------------------


def saved_page(figure: str, canonical: str, title: str = TITLE) -> bytes:
    """The page as a browser saves it: its address in <link rel=canonical>."""
    head = f"<head><link rel='canonical' href='{canonical}'>"
    return page(figure, title).replace(b"<head>", head.encode(), 1)


def test_a_saved_page_of_a_feed_article_updates_it_as_its_url_would(
    capsys, http_server: Server, library, tmp_path
):
    # It made a second article beside the feed's, its annotations left behind.
    site = Site(http_server)
    meta = subscribed(library, site)
    article = library.get_article(meta["id"])
    start = article.body.index("harbour ferry")
    note = new_annotation(article, start, start + len("harbour ferry"), ["topic"])
    library.save_annotations(meta["id"], [note])
    saved = tmp_path / "ferry.html"
    saved.write_bytes(saved_page("5 million", site.link + "?utm_source=share", TITLE + " | Wire"))
    code, out, _ = run(capsys, "import", str(saved), "--no-analyze", "--library", str(library.root))
    assert code == 0 and out.startswith("0 added, 1 updated, 0 unchanged"), out
    assert [m["id"] for m in library.article_metas()] == [meta["id"]]
    article = library.get_article(meta["id"])
    assert "5 million" in article.body and (article.feed, article.guid) == (site.url, meta["guid"])
    assert article.url_or_path == site.link  # the address it is stored under stays
    [moved] = library.annotations(meta["id"])
    assert article.body[moved.start : moved.end] == "harbour ferry"
    # Again: the same article, now unchanged.
    code, out, _ = run(capsys, "import", str(saved), "--no-analyze", "--library", str(library.root))
    assert code == 0 and out.startswith("0 added, 0 updated, 1 unchanged"), out


def test_a_saved_page_of_another_address_is_an_article_of_its_own(
    capsys, http_server: Server, library, tmp_path
):
    site = Site(http_server)
    meta = subscribed(library, site)
    saved = tmp_path / "other.html"
    saved.write_bytes(saved_page("7 million", http_server.url("/other.html")))
    code, out, _ = run(capsys, "import", str(saved), "--no-analyze", "--library", str(library.root))
    assert code == 0 and out.startswith("1 added, 0 updated"), out
    assert len(library.article_metas()) == 2
    assert "4 million" in library.get_article(meta["id"]).body
