"""One spelling per annotator on each screen: the reader's side panel and the
annotation list showed "Kwame" and "kwame", or "INES", "Ines" and "ines", on
rows of one person, whose names are compared case-insensitively."""

from __future__ import annotations

from pathlib import Path

from newsread.config import load_config
from newsread.model import Annotation, Article
from storage.library import Library
from tests.pilot_helpers import BODY, SIZE, make_library, open_article, wait_until
from tui.app import NewsreadApp
from tui.screens.annotations import AnnotationsScreen


def ann(ann_id: str, start: int, end: int, annotator: str, created: str) -> Annotation:
    return Annotation(
        id=ann_id,
        article_id="harbour01",
        start=start,
        end=end,
        quote=BODY[start:end],
        tags=["check"],
        annotator=annotator,
        created=created,
        updated=created,
    )


def app_with(tmp_path: Path, annotations: list[Annotation], me: str) -> NewsreadApp:
    root = tmp_path / "lib"
    make_library(root, [Article(id="harbour01", title="Harbour crane approved", body=BODY)])
    library = Library(root)
    library.ensure_tag("check")
    for a in annotations:
        library.save_annotation(a)
    config = tmp_path / "config.toml"
    config.write_text(f'annotator = "{me}"\n')
    return NewsreadApp(Library(root), load_config(config))


async def test_the_reader_panel_shows_one_spelling_per_annotator(tmp_path: Path) -> None:
    first = ann("k1", 0, 20, "Kwame", "2026-11-01T10:00:00+00:00")
    second = ann("k2", 50, 70, "kwame", "2026-11-02T10:00:00+00:00")
    app = app_with(tmp_path, [first, second], "li")
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_article(pilot, app)
        listed = str(reader.query_one("#side-annotations").render())
        assert listed.count("by Kwame") == 2 and "by kwame" not in listed
        reader.side.show_at_cursor([second], reader.tags, "li", reader.model.spellings())
        here = str(reader.query_one("#side-cursor").render())
        assert "by Kwame" in here and "by kwame" not in here


async def test_the_annotation_list_shows_one_spelling_per_annotator(tmp_path: Path) -> None:
    made = [
        ann("i1", 0, 20, "INES", "2026-11-04T10:00:00+00:00"),
        ann("i2", 30, 40, "ines", "2026-11-03T10:00:00+00:00"),
        ann("k1", 50, 70, "kwame", "2026-11-02T10:00:00+00:00"),
        ann("k2", 80, 90, "Kwame", "2026-11-01T10:00:00+00:00"),
    ]
    # The configured annotator is "Ines": their rows go by that spelling; the
    # others' by the first met in the list.
    app = app_with(tmp_path, made, "Ines")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen")
        screen = AnnotationsScreen()
        app.push_screen(screen)
        await wait_until(pilot, lambda: app.screen is screen and screen.loaded)
        headings = [label for _, label, _ in screen.table.columns]
        by = headings.index("By")
        names = [screen.table.get_row_at(i)[by].plain for i in range(screen.table.row_count)]
        assert names == ["Ines", "Ines", "kwame", "kwame"]
        screen.table.move_cursor(row=3)
        await wait_until(
            pilot, lambda: screen.current() is not None and screen.current().id == "k2"
        )
        await pilot.pause()
        detail = str(screen.query_one("#annotations-detail").render())
        assert "by kwame" in detail and "by Kwame" not in detail
