"""A story shared by several feeds whose own feed is unsubscribed: the next
subscribed feed that carries it takes it over, so its corrections still come
in (run in-process against the 127.0.0.1 server)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage.library import Library
from tests.http_server import (
    Entry,
    Response,
    Seen,
    Server,
    fetch_timeout_guard_fixture,  # noqa: F401
    http_server_fixture,  # noqa: F401
    rss,
    story_text,
)
from tui.cli import main

RSS = {"Content-Type": "application/rss+xml"}
FIX = "Correction: the bridge reopens a week early, the department said on Tuesday."


def run(capsys, lib: Path, *args: str) -> str:
    code = main([*args, "--library", str(lib)])
    out = capsys.readouterr().out
    assert code == 0, out
    return out


def _serve(server: Server, path: str, guid: str, extra: str = "", etag: str = "") -> str:
    body = rss([Entry("bridge", server.url("/bridge"), guid=guid, extra=extra)], path).encode()
    if not etag:
        return server.route(path, body=body, headers=RSS)

    def answer(seen: Seen) -> Response:
        if seen.headers.get("if-none-match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(body=body, headers={**RSS, "ETag": etag})

    return server.route(path, answer)


def _shared(capsys, server: Server, lib: Path) -> dict[str, str]:
    """One story brought in by Remote, then filed under Coast, then Third
    (one refresh each, so the order of its feeds is known)."""
    urls = {
        name: _serve(server, f"/{name.lower()}.xml", name[0])
        for name in ("Remote", "Coast", "Third")
    }
    for name, url in urls.items():
        run(capsys, lib, "feed", "add", url, "--name", name)
        run(capsys, lib, "refresh", "--no-analyze")
    return urls


def _meta(lib: Path) -> dict:
    [meta] = Library(lib).article_metas()
    return meta


def test_a_removed_feeds_story_is_corrected_by_the_next_feed_that_carries_it(
    capsys, http_server: Server, tmp_path
):
    lib = tmp_path / "lib"
    urls = _shared(capsys, http_server, lib)
    before = _meta(lib)
    assert before["feed"] == urls["Remote"] and before["feeds"] == list(urls.values())
    run(capsys, lib, "feed", "remove", "Remote")
    _serve(http_server, "/coast.xml", "C", extra=FIX)
    out = run(capsys, lib, "refresh", "--no-analyze")
    assert "1 updated" in out.splitlines()[0], out
    after = _meta(lib)
    assert after["id"] == before["id"] and after["feed"] == urls["Coast"]
    # Still filed under every feed, the removed one's name kept for it.
    assert set(after["feeds"]) == set(urls.values())
    assert Library(lib).read_body(after["id"]) == story_text("bridge", FIX)
    # Third only files it: its own (older) version does not take it back.
    out = run(capsys, lib, "refresh", "--no-analyze")
    assert Library(lib).read_body(after["id"]) == story_text("bridge", FIX)


def test_the_new_owner_is_read_whole_though_its_feed_says_not_modified(
    capsys, http_server: Server, tmp_path
):
    # Coast's document is the one it sent before (its ETag answers 304), yet
    # its version differs from Remote's: it must be read once to be compared.
    lib = tmp_path / "lib"
    urls = {
        "Remote": _serve(http_server, "/remote.xml", "R", extra=FIX),
        "Coast": _serve(http_server, "/coast.xml", "C", etag='"c1"'),
    }
    for name, url in urls.items():
        run(capsys, lib, "feed", "add", url, "--name", name)
        run(capsys, lib, "refresh", "--no-analyze")
    aid = _meta(lib)["id"]
    assert Library(lib).read_body(aid) == story_text("bridge", FIX)
    # Coast's ETag is stored and answered: a plain refresh reads nothing of it.
    run(capsys, lib, "refresh", "--no-analyze")
    assert http_server.hits("/coast.xml")[-1].headers.get("if-none-match") == '"c1"'
    run(capsys, lib, "feed", "remove", "Remote")
    run(capsys, lib, "refresh", "--no-analyze")
    assert "if-none-match" not in http_server.hits("/coast.xml")[-1].headers
    assert _meta(lib)["feed"] == urls["Coast"]
    assert Library(lib).read_body(aid) == story_text("bridge")
    listed = json.loads(run(capsys, lib, "feed", "list", "--json"))
    assert [row["name"] for row in listed] == ["Coast"]


@pytest.fixture(scope="module")
def orphaned(tmp_path_factory) -> Path:
    """A library whose shared story's own feed was removed (no server needed:
    the hand-over reads only the library)."""
    from newsread.model import Article
    from storage.feeds import Feed, add_feed, remove_feed

    root = tmp_path_factory.mktemp("heirs")
    (root / "src").mkdir()
    library = Library(root / "lib")
    own, coast = "http://127.0.0.1:9/remote.xml", "http://127.0.0.1:9/coast.xml"
    for url, name in ((own, "Remote"), (coast, "Coast")):
        add_feed(library, Feed(url=url, name=name))
    story = Article(
        id="bridge",
        title="Bridge closes",
        body=story_text("bridge"),
        source="Remote",
        url_or_path="http://127.0.0.1:9/bridge",
        feed=own,
        feeds=[own, coast],
        entry_version="v1",
    )
    library.save_articles([story])
    remove_feed(library, "Remote")
    library.close()
    return root


def test_the_hand_over_survives_a_kill_at_every_write(orphaned, tmp_path):
    from tests.test_faults import _kill_at_every_boundary, python

    code = "from storage.feed_heirs import hand_over_orphans\nprint(hand_over_orphans(lib))\n"

    def operation(root: Path, fault: str | None):
        return python(root / "lib", code, fault=fault)

    def read(library: Path) -> list:
        done = python(library, "import json\nprint(json.dumps(lib.get_meta('bridge')))")
        assert done.returncode == 0, done.stderr
        meta = json.loads(done.stdout)
        return [meta["feed"], meta.get("entry_version", ""), sorted(meta["feeds"])]

    def check(root, found, before, after, k):
        assert found in (before, after), k

    assert _kill_at_every_boundary(orphaned, tmp_path, operation, check, read=read) >= 1
