"""The reader's look at the files on disk (once a second, in a worker) racing
an edit made meanwhile: the edit is in memory at once and its write queued,
so the files the worker reads lack it. That read once came back as
"annotations changed in another window" and put the stored state on the
screen, hiding the edit until its write landed (seen in CI as a flaky
status line). Driven over real files, with the race made to happen."""

from __future__ import annotations

import threading

from newsread.config import Config
from storage.library import Library
from tests.pilot_helpers import (
    SIZE,
    open_first_reader,
    verify_library,
    wait_until,
    wait_writes,
)
from tui.app import NewsreadApp


def status(reader) -> str:
    return str(reader.query_one("#reader-status").render())


async def test_an_edit_made_while_the_disk_is_read_is_not_another_windows_change(
    tmp_path, pipeline, monkeypatch
):
    root = tmp_path / "lib"
    verify_library(root)
    app = NewsreadApp(Library(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_writes(app)
        library = reader.ctx.library
        stamp_of = library.annotations_stamp
        armed, release = threading.Event(), threading.Event()
        drops: list[bool] = []

        def racing_stamp(article_id: str) -> tuple[int, ...]:
            # Called by the worker after it found the writer idle: the user
            # tags right now (its write held in the queue), and the file
            # looks changed, so the worker reads it.
            if armed.is_set() and threading.current_thread() is not threading.main_thread():
                armed.clear()
                app.writer.submit(lambda: release.wait(30))
                app.call_from_thread(reader.action_quick_tag, 1)
                return (-7, -7, -7)
            return stamp_of(article_id)

        stale = reader.stale_disk_read

        def noting(writes_seen: int | None) -> bool:
            dropped = stale(writes_seen)
            drops.append(dropped)
            return dropped

        monkeypatch.setattr(library, "annotations_stamp", racing_stamp)
        monkeypatch.setattr(reader, "stale_disk_read", noting)
        armed.set()
        await wait_until(pilot, lambda: bool(drops))
        assert all(drops)  # (the index's stamp may be looked at in the same pass)
        # The edit stays on the screen, and nobody else is said to have made a change.
        assert [a.tags for a in reader.model.annotations] == [["verify"]]
        assert "another window" not in status(reader)

        release.set()
        await wait_writes(app)
        assert [a.tags for a in Library(root).annotations("harbour01")] == [["verify"]]
        # The next look reads again (the stamp was forgotten) and finds the
        # files as the screen shows them: nothing to say.
        await wait_until(pilot, lambda: reader._annotations_stamp == stamp_of("harbour01"))
        await pilot.pause()
        assert all(drops)
        assert [a.tags for a in reader.model.annotations] == [["verify"]]
        assert "another window" not in status(reader)


async def test_a_change_really_made_elsewhere_is_still_shown(tmp_path, pipeline):
    # The other side: with no edit here meanwhile, the read is shown as before.
    from storage.edits import tag_quote
    from storage.history import History

    root = tmp_path / "lib"
    verify_library(root)
    app = NewsreadApp(Library(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        other = Library(root)
        tag_quote(other, History(other), "harbour01", "Dock workers", ["verify"], annotator="max")
        await wait_until(pilot, lambda: "another window" in status(reader))
        assert [a.annotator for a in reader.model.annotations] == ["max"]
        # Not said to be another window's: the app cannot tell one from the CLI.
        said = "annotations changed elsewhere (another window or the command line)"
        assert reader.message.startswith(said)
