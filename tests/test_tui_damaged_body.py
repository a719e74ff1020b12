"""The reader refuses an article whose body file was cut short outside
newsread: it says which file and how to put it back, and draws no annotation
or cached analysis at offsets into the wrong text."""

from __future__ import annotations

import os

from newsread.config import Config
from newsread.model import Annotation
from storage.library import Library
from tests.pilot_helpers import BODY, SIZE, library_ready, make_library, wait_until
from tui.app import NewsreadApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen


async def test_the_reader_names_a_cut_body_instead_of_showing_it(tmp_path):
    root = tmp_path / "lib"
    library = make_library(root)
    start = BODY.index("Mara Quist")
    library.save_annotation(
        Annotation("a1", "harbour01", start, start + 10, "Mara Quist", tags=["person"])
    )
    library.close()
    path = root / "bodies" / "harbour01.txt"
    os.truncate(path, 30)
    said: list[str] = []
    app = NewsreadApp(Library(root), Config())
    original = app.notify

    def notify(message, *args, **kwargs):
        said.append(str(message))
        return original(message, *args, **kwargs)

    app.notify = notify
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        table = app.screen.query_one("#articles")
        table.move_cursor(
            row=next(
                i
                for i in range(table.row_count)
                if str(table.get_row_at(i)[0]) == "Harbour crane approved"
            )
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(str(path) in s for s in said))
        (message,) = [s for s in said if str(path) in s]
        assert "text differs from what was imported" in message
        assert "newsread doctor" in message
        assert isinstance(app.screen, LibraryScreen)
        assert not any(isinstance(s, ReaderScreen) for s in app.screen_stack)


SOURCE_BODY = (
    "The ferry board met on Tuesday to approve the new pier for the north bank. "
    "Residents welcomed the plan.\n\n"
    "Critics said the council should wait for the tide study."
)


def _imported(tmp_path, body: str = SOURCE_BODY):
    """A library holding one article imported from a text file (so a re-import
    can put its body back), tagged once on "north bank"."""
    from storage.imports import import_paths

    root, source = tmp_path / "lib", tmp_path / "pier.txt"
    source.write_text(f"Pier vote\n\n{body}", encoding="utf-8")
    library = Library(root)
    import_paths(library, [str(source)])
    (article_id,) = library.article_ids()
    start = library.read_body(article_id).index("north bank")
    library.save_annotation(
        Annotation("p1", article_id, start, start + 10, "north bank", tags=["place"])
    )
    return library, root, source, article_id, root / "bodies" / f"{article_id}.txt"


def _listening(app) -> list[str]:
    said: list[str] = []
    original = app.notify

    def notify(message, *args, **kwargs):
        said.append(str(message))
        return original(message, *args, **kwargs)

    app.notify = notify
    return said


async def test_an_open_reader_notices_its_body_damaged_refuses_edits_and_takes_it_back(
    tmp_path, pipeline
):
    from storage.imports import import_paths
    from tests.pilot_helpers import open_first_reader, wait_writes
    from tests.test_tui_two_writers import tag_with_picker

    library, root, source, article_id, path = _imported(tmp_path)
    app = NewsreadApp(library, Config())
    said = _listening(app)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, "Pier vote")
        shown = reader.article.body
        # Same length, other words: the annotation's offsets still fit.
        path.write_text(shown.replace("north bank", "south bank"), encoding="utf-8")
        await wait_until(pilot, lambda: str(path) in reader.damaged, timeout=20)
        (notice,) = [s for s in said if str(path) in s]
        assert f"newsread import {source}" in notice and "refused" in notice
        status = str(reader.query_one("#reader-status").render())
        assert f"bodies/{path.name}: text differs" in status and "refused" in status
        # The text on screen and its annotation stay as they were.
        assert reader.article.body == shown
        assert [shown[a.start : a.end] for a in reader.annotations] == ["north bank"]

        await tag_with_picker(pilot, app, "later")
        await wait_writes(app)
        assert "not saved" in reader.message and path.name in reader.message
        assert "newsread import" in reader.message
        assert [a.tags for a in reader.annotations] == [["place"]]
        assert [a.id for a in Library(root).annotations(article_id)] == ["p1"]
        await pilot.press("u")
        await wait_writes(app)
        assert "not undone" in reader.message
        assert [a.id for a in Library(root).annotations(article_id)] == ["p1"]

        # Imported again (as another process would): put back, picked up.
        other = Library(root)
        import_paths(other, [str(source)])
        other.close()
        await wait_until(pilot, lambda: not reader.damaged, timeout=20)
        assert any("put back" in s for s in said)
        assert reader.article.body == shown
        await wait_until(pilot, lambda: reader.view.cursor is not None)
        await tag_with_picker(pilot, app, "later")
        await wait_writes(app)
        assert any("later" in a.tags for a in Library(root).annotations(article_id))


async def test_a_reimport_found_damaged_is_said_not_swallowed(tmp_path, pipeline):
    from storage.imports import import_paths
    from tests.pilot_helpers import open_first_reader

    library, root, source, article_id, path = _imported(tmp_path)
    app = NewsreadApp(library, Config())
    said = _listening(app)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, "Pier vote")
        shown = reader.article.body
        # A new text imported elsewhere, then its file cut: the reader's
        # follower reads the new text from a damaged file.
        source.write_text(f"Pier vote\n\n{SOURCE_BODY} The vote is next week.", "utf-8")
        other = Library(root)
        import_paths(other, [str(source)])
        other.close()
        os.truncate(path, 25)
        await wait_until(pilot, lambda: any(str(path) in s for s in said), timeout=20)
        assert str(path) in reader.damaged
        assert reader.article.body in (shown, f"{SOURCE_BODY} The vote is next week.")
        assert all(
            reader.article.body[a.start : a.end] == a.quote
            for a in reader.annotations
            if not a.orphan
        )
