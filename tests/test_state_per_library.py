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
        # The library's own direction (S during a search turns only the
        # search's order around, and is not remembered).
        await pilot.press("S")
        await wait_until(pilot, lambda: load_view(tmp_path / "state.json", first.root).reverse)
        await pilot.press("slash", *"second", "enter")
        await wait_until(pilot, lambda: app.screen.query_one("#articles").row_count == 1)
        await wait_until(pilot, lambda: load_view(tmp_path / "state.json", first.root).filter_text)

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


def _flock_is_free(lock_path) -> bool:
    """Whether another open file description could take the lock now."""
    import fcntl
    import os

    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def test_a_save_reads_and_replaces_the_state_file_under_its_lock(tmp_path, monkeypatch):
    # Two apps saving at once must not lose one's change: the read that the new
    # state is built on and the replace both happen while the lock is held.
    import tui.state as state

    path = tmp_path / "state.json"
    lock_path = tmp_path / "state.json.lock"
    seen: list[tuple[str, bool]] = []
    real_read, real_write = state._read, state.atomic_write_bytes

    def read(p):
        seen.append(("read", _flock_is_free(lock_path)))
        return real_read(p)

    def write(p, data, *args):
        seen.append(("write", _flock_is_free(lock_path)))
        return real_write(p, data, *args)

    monkeypatch.setattr(state, "_read", read)
    monkeypatch.setattr(state, "atomic_write_bytes", write)
    save_view(path, tmp_path / "lib", LibraryView(sort="title"))
    assert seen == [("read", False), ("write", False)]
    assert _flock_is_free(lock_path)
    assert load_view(path, tmp_path / "lib").sort == "title"


def test_a_save_made_by_another_app_meanwhile_is_kept(tmp_path):
    # The second save starts from the file as it is now, not as it was read
    # when the app opened.
    path = tmp_path / "state.json"
    save_view(path, tmp_path / "one", LibraryView(sort="title"))
    save_queue(path, tmp_path / "two", QueueView(label="PERSON"))
    save_view(path, tmp_path / "two", LibraryView(reverse=True))
    assert load_view(path, tmp_path / "one").sort == "title"
    assert load_queue(path, tmp_path / "two").label == "PERSON"
    assert load_view(path, tmp_path / "two").reverse


def test_a_state_file_that_cannot_be_locked_never_stops_a_save(tmp_path):
    # Its folder is a file: neither the lock nor the state can be made there.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    save_view(blocker / "state.json", tmp_path / "lib", LibraryView(sort="title"))
    assert blocker.read_text() == "x"


def test_a_hand_edited_entry_that_is_no_table_is_replaced_on_save(tmp_path):
    path = tmp_path / "state.json"
    root = tmp_path / "lib"
    from tui.state import library_key

    path.write_text(json.dumps({"libraries": {library_key(root): "oops", "other": {"x": 1}}}))
    save_view(path, root, LibraryView(sort="title"))
    assert load_view(path, root).sort == "title"
    assert json.loads(path.read_text())["libraries"]["other"] == {"x": 1}
