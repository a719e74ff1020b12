"""The command palette's "Export annotations…": a format, a file, then the same
file `newsread export --format F -o FILE` writes, made in the background."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from newsread.config import Config
from storage.library import Library
from tests.pilot_helpers import SIZE, library_ready, tagged_library, wait_until
from tui.app import NewsreadApp
from tui.cli import main
from tui.export_action import target_problem


async def _export_from_palette(pilot, app, down: int, target: Path) -> None:
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "CommandPalette")
    await pilot.press(*"Export annotations")
    await wait_until(
        pilot,
        lambda: (
            "Export annotations"
            in str(app.screen.query_one("CommandList").get_option_at_index(0).prompt)
            if app.screen.query_one("CommandList").option_count
            else False
        ),
    )
    await pilot.press("enter")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "Chooser")
    await pilot.press(*["down"] * down, "enter")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "TextPrompt")
    box = app.screen.query_one("#prompt-input")
    assert box.value.startswith(str(Path.home()))
    box.value = str(target)
    await pilot.press("enter")
    await wait_until(pilot, target.exists)


async def test_export_from_the_palette_writes_what_the_command_writes(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    tagged_library(root)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        await _export_from_palette(pilot, app, 3, tmp_path / "out.csv")  # the fourth: csv
        await _export_from_palette(pilot, app, 1, tmp_path / "out.jsonl")
    assert (
        main(["export", "--library", str(root), "--format", "csv", "-o", str(tmp_path / "cli.csv")])
        == 0
    )
    assert (tmp_path / "out.csv").read_bytes() == (tmp_path / "cli.csv").read_bytes()
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 4
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert sum(1 for line in lines if line.get("type") == "annotation") == 4


def test_the_file_name_is_checked(tmp_path: Path) -> None:
    assert target_problem("  ") == "give a file name"
    assert "is a folder" in (target_problem(str(tmp_path)) or "")
    assert "there is no folder" in (target_problem(str(tmp_path / "no" / "x.json")) or "")
    assert target_problem(str(tmp_path / "x.json")) is None
