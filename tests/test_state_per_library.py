"""UI state (sort, filters, the queue's place) belongs to the library it was
set in: one library's filter or queue position never shows in another, and a
state file from before per-library state still loads, as the default
library's."""

from __future__ import annotations

import json

from newsread.config import Config
from tests.pilot_helpers import SIZE, library_ready, make_library, wait_until
from tui.app import NewsreadApp
from tui.state import LibraryView, QueueView, load_queue, load_view, save_queue, save_view


async def test_a_filter_set_in_one_library_stays_with_it(tmp_path):
    config = Config(path=tmp_path / "config.toml")
    first = make_library(tmp_path / "first")
    other = make_library(tmp_path / "other")
    app = NewsreadApp(first, config)
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=2)
        await pilot.press("slash", *"second", "enter")
        await wait_until(pilot, lambda: app.screen.query_one("#articles").row_count == 1)
        await wait_until(pilot, lambda: load_view(tmp_path / "state.json", first.root).filter_text)
        await pilot.press("S")
        await wait_until(pilot, lambda: load_view(tmp_path / "state.json", first.root).reverse)

    elsewhere = NewsreadApp(other, config)
    async with elsewhere.run_test(size=SIZE) as pilot:
        await library_ready(pilot, elsewhere, rows=2)
        model = elsewhere.screen.model
        assert model.filter_text == "" and not model.reverse

    again = NewsreadApp(first, config)
    async with again.run_test(size=SIZE) as pilot:
        await library_ready(pilot, again, rows=1)
        assert again.screen.model.filter_text == "second" and again.screen.model.reverse


def test_each_library_keeps_its_own_queue_position(tmp_path):
    path = tmp_path / "state.json"
    first, other = tmp_path / "first", tmp_path / "other"
    first.mkdir()
    other.mkdir()
    here = ["art00001", "abc", "entity", 3, 9, "PERSON"]
    there = ["art00002", "def", "claim", 0, 40, "quote"]
    save_queue(path, first, QueueView(label="PERSON", position=here))
    assert load_queue(path, other) == QueueView()
    save_queue(path, other, QueueView(kind="claim", position=there))
    assert load_queue(path, first).position == here
    assert load_queue(path, other).position == there
    # The same folder by another spelling is the same library.
    assert load_queue(path, tmp_path / "first" / ".." / "first").label == "PERSON"


def test_an_old_flat_state_file_is_the_default_librarys(tmp_path, monkeypatch):
    default, other = tmp_path / "default", tmp_path / "other"
    default.mkdir()
    other.mkdir()
    monkeypatch.setenv("NEWSREAD_LIBRARY", str(default))
    path = tmp_path / "state.json"
    path.write_text(
        json.dumps({"library": {"filter_text": "crane"}, "queue": {"label": "ORG"}}),
        encoding="utf-8",
    )
    assert load_view(path, default).filter_text == "crane"
    assert load_queue(path, default).label == "ORG"
    assert load_view(path, other) == LibraryView()
    assert load_queue(path, other) == QueueView()
    # The next save moves it under the default library; nothing else is lost.
    save_view(path, other, LibraryView(sort="title"))
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert set(stored) == {"libraries"}
    assert load_view(path, default).filter_text == "crane"
    assert load_queue(path, default).label == "ORG"
    assert load_view(path, other).sort == "title"
    # A library that is not the default never gets the old flat state.
    monkeypatch.setenv("NEWSREAD_LIBRARY", str(other))
    path.write_text(json.dumps({"library": {"filter_text": "crane"}}), encoding="utf-8")
    assert load_view(path, default) == LibraryView()
