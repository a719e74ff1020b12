"""Titles in scripts whose characters are not one cell each (Devanagari with
combining marks, double-width Chinese and Japanese, emoji with variation
selectors and joiners) keep the library's columns in line: cells are fitted
by terminal cell width, never by character count."""

from __future__ import annotations

import pytest
from pilot_helpers import library_ready
from rich.cells import cell_len

from newsread.config import Config
from newsread.model import Article
from storage.library import Library
from tui.app import NewsreadApp

# (title, source): short ones padded, long ones cut, at both widths.
ROWS = [
    ("Harbour board approves the new crane", "Test Wire"),
    ("बंदरगाह बोर्ड ने नई क्रेन को मंज़ूरी दी", "समाचार"),
    (
        "बंदरगाह बोर्ड ने नई क्रेन को मंज़ूरी दी और मज़दूरों ने योजना का स्वागत किया, आलोचकों ने चेतावनी दी",
        "हिन्दी डेस्क समाचार सेवा",
    ),
    ("港口委员会批准新起重机", "新闻社"),
    (
        "港口委员会批准新起重机，码头工人欢迎这项计划，批评者警告疏浚可能危害河口生态",
        "港口日报新闻社",
    ),
    ("港湾委員会が新しいクレーンを承認", "通信社"),
    ("港湾委員会が新しいクレーンを承認、港湾労働者は計画を歓迎した", "港湾新聞"),
    ("Crane 🏗️ approved 🚢 workers 👍", "Wire 📰"),
    ("Family 👨\u200d👩\u200d👧 day at the 🇬🇧 harbour 🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️", "Desk ✔️"),
    ("Cafe\u0301 owners in the re\u0301gion welcome the plan", "Wire"),
]


def wide_library(root) -> Library:
    library = Library(root)
    library.save_articles(
        Article(
            id=f"w{i:02d}",
            title=title,
            body="Body.",
            source=source,
            published=f"2026-03-{10 + i:02d}",
        )
        for i, (title, source) in enumerate(ROWS)
    )
    return library


@pytest.mark.parametrize("width", [80, 120])
async def test_every_row_starts_its_columns_at_the_same_cell(tmp_path, pipeline, width) -> None:
    app = NewsreadApp(wide_library(tmp_path / "lib"), Config())
    async with app.run_test(size=(width, 24)) as pilot:
        await library_ready(pilot, app, rows=len(ROWS))
        await pilot.pause()
        table = app.screen.query_one("#articles")
        # Each column's first cell, from the widths the table was given.
        starts, at = [], 0
        for _, _, size in table.columns:
            starts.append(at + 1)
            at += size + 2
        for y in range(1, len(ROWS) + 1):
            strip = table.render_line(y)
            assert strip.cell_length == table.scrollable_content_region.width
            cells, bounds = 0, []
            for segment in strip:
                bounds.append(cells)
                cells += cell_len(segment.text)
            # Segments are: pad, cell, pad per column; each cell begins where
            # its column does.
            assert [bounds[3 * c + 1] for c in range(len(table.columns))] == starts
        # And as the screen is composed: the dates line up, cell for cell.
        lines = [s.text for s in app.screen._compositor.render_strips()]
        dated = [line for line in lines if "2026-03-" in line]
        assert len(dated) == len(ROWS)
        offsets = {cell_len(line[: line.index("2026-03-")]) for line in dated}
        assert len(offsets) == 1, offsets
        assert {cell_len(line) for line in dated} == {width}
