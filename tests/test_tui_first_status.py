"""The first screen of a library with articles never says it is empty: before
the load's worker has read a large index (a second at 20,000 articles) the
status line says the library is being read."""

from __future__ import annotations

import json
import threading

from generated_news import news_articles
from pilot_helpers import SIZE, wait_until

from newsread.config import Config
from storage import catalog
from storage.library import Library
from tui import first_paint
from tui.app import NewsreadApp
from tui.cli import main
from tui.models.library import EMPTY, READING, LibraryModel
from tui.screens.library import LibraryScreen

COUNT = 300


def imported(tmp_path, capsys):
    """A library just after ``newsread import --no-analyze`` of COUNT articles."""
    src = tmp_path / "more.jsonl"
    rows = [
        {"id": a.id, "title": a.title, "body": a.body, "source": a.source, "published": a.published}
        for a in news_articles(COUNT)
    ]
    src.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    root = tmp_path / "lib"
    assert main(["import", str(src), "--library", str(root), "--no-analyze"]) == 0
    capsys.readouterr()
    return root


def test_a_model_not_yet_loaded_reads_rather_than_says_empty():
    model = LibraryModel()
    assert model.summary(0) == READING
    model.load([], {}, {})
    assert model.summary(0) == EMPTY


def test_the_first_paint_after_an_import_counts_the_articles(tmp_path, capsys):
    root = imported(tmp_path, capsys)
    made = first_paint.first_model(root, None)
    if made is not None:  # small enough to be drawn before the app
        library, model = made
        library.close()
        status = model.summary(len(model.visible_rows()))
        assert "empty" not in status and f"{COUNT} articles" in status


async def test_the_app_never_says_empty_while_its_worker_reads_the_index(
    tmp_path, capsys, monkeypatch, pipeline
):
    root = imported(tmp_path, capsys)
    # As a library too large for the catalog read before the first frame: the
    # titles wait for the load's worker, held here until the screen has spoken.
    monkeypatch.setattr(catalog, "QUICK_CATALOG_BYTES", 0)
    spoken = threading.Event()
    load = catalog.load

    def held(where, lean=False):
        spoken.wait(timeout=30)
        return load(where, lean)

    monkeypatch.setattr(catalog, "load", held)
    said: list[str] = []
    update = LibraryScreen.update_status

    def recorded(screen: LibraryScreen) -> None:
        update(screen)
        said.append(str(screen.query_one("#library-status").render()))
        spoken.set()

    monkeypatch.setattr(LibraryScreen, "update_status", recorded)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: any(f"{COUNT} articles" in s for s in said))
        spoken.set()
    assert said[0].startswith(READING)
    assert not [s for s in said if "empty" in s]
