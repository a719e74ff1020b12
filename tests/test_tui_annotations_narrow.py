"""The annotations list of a shared library on a narrow terminal, driven by
Pilot over real files: whose each annotation is (By) stays on screen at 80
columns, where it once gave its room to Quote and Article."""

from __future__ import annotations

from pathlib import Path

from newsread.config import Config
from newsread.model import Annotation
from storage.library import Library
from tests.pilot_helpers import BODY, make_library, wait_until
from tests.test_tui_annotations import cell_text, open_screen
from tui.app import NewsreadApp
from tui.models.annotations import column_plan


def shared_library(root: Path, annotators: tuple[str, ...]) -> Library:
    library = make_library(root)
    for n, who in enumerate(annotators):
        words = ("harbour board", "Dock workers", "the estuary")[n]
        start = BODY.index(words)
        library.save_annotation(
            Annotation(
                id=f"a{n}",
                article_id="harbour01",
                start=start,
                end=start + len(words),
                quote=words,
                tags=["check"],
                annotator=who,
                created=f"2026-11-0{n + 1}T09:00:00+00:00",
            )
        )
    return library


def headings(screen) -> list[str]:
    return [label for _, label, _ in screen.table.columns]


async def test_by_stays_at_80_columns_in_a_shared_library(tmp_path):
    root = tmp_path / "lib"
    shared_library(root, ("ines", "kwame", "lena"))
    app = NewsreadApp(Library(root), Config(annotator="kwame"))
    async with app.run_test(size=(80, 30)) as pilot:
        screen = await open_screen(pilot, app)
        await wait_until(pilot, lambda: "By" in headings(screen))
        by = headings(screen).index("By")
        assert sorted(cell_text(screen, i)[by] for i in range(3)) == ["ines", "kwame", "lena"]
        # Every column still fits the terminal: nothing pushed off its right edge.
        assert screen.table.virtual_size.width <= screen.table.size.width


async def test_one_annotators_library_gives_by_room_away_when_narrow(tmp_path):
    root = tmp_path / "lib"
    shared_library(root, ("ines",))
    app = NewsreadApp(Library(root), Config(annotator="ines"))
    async with app.run_test(size=(80, 30)) as pilot:
        screen = await open_screen(pilot, app)
        assert "By" not in headings(screen) and "Quote" in headings(screen)


def test_the_plan_fits_every_width_with_by_kept():
    for width in range(80, 130):
        plan = column_plan(width, annotators=True, shared=True)
        assert "annotator" in [key for key, _, _ in plan]
        # Two cells of padding per column, four for the edges and the scrollbar.
        assert sum(size + 2 for _, _, size in plan) + 4 <= width
