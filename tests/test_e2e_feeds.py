"""End to end: a feed served on 127.0.0.1, the installed ``newsread`` in tmux.

Subscribes with ``newsread feed add``, opens the app, refreshes with R, sees
the feed's titles arrive, opens one (which marks it read), tags its first
sentence with the keyboard, quits, and checks what ``newsread export`` prints.
The tag is checked through ``export`` rather than on screen, so the test is
about feeds, whatever the reader's status line shows at 80 columns.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from storage.library import Library
from storage.reading import ReadState
from tests.http_server import (
    STORIES,
    Entry,
    Server,
    http_server_fixture,  # noqa: F401
    rss,
)
from tests.test_e2e_tmux import BOTH_SIZES, NEWSREAD, Tmux, run_cli

pytestmark = pytest.mark.e2e

RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}


@pytest.fixture
def env(tmp_path: Path, http_server: Server) -> dict[str, str]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (make test installs it)")
    if not NEWSREAD.exists():
        pytest.skip(f"the newsread command is not installed at {NEWSREAD}")
    return {
        "NEWSREAD_LIBRARY": str(tmp_path / "library"),
        "NEWSREAD_CONFIG": str(tmp_path / "config.toml"),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        # The app talks to the test's server only, whatever proxy the machine has.
        "NO_PROXY": "127.0.0.1,localhost",
        "NEWSREAD_FETCH_TIMEOUT": "30",
    }


def exported_tags(env: dict[str, str]) -> list[list[str]]:
    done = run_cli(env, "export")
    assert done.returncode == 0, done.stderr
    return [ann["tags"] for ann in json.loads(done.stdout)["annotations"]]


@BOTH_SIZES
def test_subscribe_refresh_in_the_app_open_tag_and_export(env, http_server: Server, size):
    url = http_server.route(
        "/feed.xml",
        body=rss(
            [
                Entry("bridge", http_server.url("/bridge"), guid="e2e-bridge"),
                Entry("choir", http_server.url("/choir"), guid="e2e-choir"),
            ]
        ).encode(),
        headers=RSS,
    )
    added = run_cli(env, "feed", "add", url)
    assert added.returncode == 0, added.stderr
    assert "subscribed to Valley Post: Local" in added.stdout

    bridge, choir = STORIES["bridge"][0], STORIES["choir"][0]
    # What an 80-column table still shows of a title.
    shown = {title: title[:30] for title in (bridge, choir)}
    tmux = Tmux(env, size)
    tmux.start([str(NEWSREAD)])
    try:
        tmux.wait(lambda s: "R fetches your 1 feed" in s, "the empty library naming the feed")
        tmux.keys("R")
        tmux.wait(lambda s: all(t in s for t in shown.values()), "the feed's titles")
        tmux.wait(lambda s: "1 feed refreshed: 2 new" in s, "the refresh summary")
        tmux.wait(lambda s: "2 unread" in s, "both new articles unread")
        # Filter down to the bridge story, then open it.
        tmux.keys("/")
        tmux.keys("-l", "bridge")
        tmux.keys("Enter")
        tmux.wait(lambda s: "1 of 2 articles" in s and shown[choir] not in s, "the filtered list")
        tmux.keys("Enter")
        tmux.wait(lambda s: "sentence 1/" in s, "sentences in the reader")
        tmux.keys("t")
        tmux.wait(lambda s: "Tag:" in s, "the tag picker")
        tmux.keys("-l", "feed-check")
        tmux.keys("Enter")
        tmux.wait(lambda s: "Tag:" not in s and "sentence 1/" in s, "the reader again")
        # Saved in the background: another process sees it once it is on disk.
        deadline = time.monotonic() + 30
        while not exported_tags(env) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert exported_tags(env) == [["feed-check"]]
        tmux.keys("Escape")
        tmux.wait(lambda s: "filter: 'bridge'" in s, "the library, still filtered")
        # Escape again clears the search: with the whole list the status line
        # has room for the unread count, even at 80 columns.
        tmux.keys("Escape")
        tmux.wait(lambda s: "2 articles" in s and "1 unread" in s, "the opened article marked read")
        tmux.keys("q")
        deadline = time.monotonic() + 20
        while tmux.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not tmux.alive(), "newsread did not quit on q"
    finally:
        tmux.kill()

    exported = run_cli(env, "export")
    assert exported.returncode == 0, exported.stderr
    doc = json.loads(exported.stdout)
    [ann] = doc["annotations"]
    assert ann["tags"] == ["feed-check"]
    assert ann["quote"] == STORIES["bridge"][1][0]
    assert ann["article"]["title"] == bridge
    assert ann["article"]["url_or_path"] == http_server.url("/bridge")
    library = Library(Path(env["NEWSREAD_LIBRARY"]))
    # Read marks are the annotator's own: the app marked it for whoever tagged it.
    assert ReadState(library, ann["annotator"]).read_ids() == {ann["article"]["id"]}
    assert ReadState(library, "someone-else").read_ids() == set()
    listed = json.loads(run_cli(env, "list", "--json").stdout)
    assert sorted(row["title"] for row in listed) == sorted([bridge, choir])
