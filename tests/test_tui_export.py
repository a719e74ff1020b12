"""The command palette's "Export annotations…": a format, a file, then the same
file `newsread export --format F -o FILE` writes, made in the background."""

from __future__ import annotations

import csv
import json
import threading
from pathlib import Path

from newsread.config import Config
from newsread.model import Annotation
from storage.errors import LibraryError
from storage.library import Library
from tests.pilot_helpers import SIZE, library_ready, make_library, tagged_library, wait_until
from tui.app import NewsreadApp
from tui.cli import main
from tui.export_action import tag_choices, target_problem


async def _format_chooser(pilot, app) -> None:
    """Open the palette's "Export annotations" and wait for its format chooser."""
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


async def _export_from_palette(
    pilot, app, down: int, target: Path, tag_down: int | None = 0
) -> None:
    """Export from the palette: the format ``down`` rows below the first, the
    tag ``tag_down`` rows below "every tag" (None: no tag chooser is expected)."""
    await _format_chooser(pilot, app)
    await pilot.press(*["down"] * down, "enter")
    if tag_down is not None:
        await wait_until(
            pilot,
            lambda: (
                type(app.screen).__name__ == "Chooser"
                and "which annotations" in str(app.screen.query_one("Static").render())
            ),
        )
        await pilot.press(*["down"] * tag_down, "enter")
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


async def test_export_of_one_tag_writes_what_export_tag_writes(tmp_path: Path) -> None:
    """The tag chooser keeps what ``--tag`` keeps: the tag's annotations, the
    rejected suggestions of that label and claims of that kind marked
    not-a-claim, nothing of the other tags."""
    root = tmp_path / "lib"
    library = tagged_library(root)
    body = library.read_body("harbour01")
    library.save_rejected(
        "harbour01",
        {
            "kind": "entity",
            "label": "verify",
            "start": 4,
            "end": 11,
            "text": body[4:11],
            "rejected": "2026-01-01T00:00:00Z",
        },
    )
    library.save_rejected(
        "harbour01",
        {
            "kind": "entity",
            "label": "quote",
            "start": 12,
            "end": 16,
            "text": body[12:16],
            "rejected": "2026-01-01T00:00:00Z",
        },
    )
    library.save_annotation(
        Annotation(
            id="k1",
            article_id="harbour01",
            start=0,
            end=3,
            quote="The",
            tags=["not-a-claim"],
            data={"correction": {"kind": "claim", "wrong": True, "was": {"kind": "verify"}}},
        )
    )
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        chosen = [name for name, _ in tag_choices([t.name for t in app.library.tags()])]
        # down from "every tag" to verify
        await _export_from_palette(pilot, app, 0, tmp_path / "out.json", chosen.index("verify"))
        await wait_until(pilot, lambda: "of verify" in _notes(app))
    assert (
        main(
            ["export", "--library", str(root), "--tag", "verify", "-o", str(tmp_path / "cli.json")]
        )
        == 0
    )
    ours = json.loads((tmp_path / "out.json").read_text())
    theirs = json.loads((tmp_path / "cli.json").read_text())
    for document in (ours, theirs):
        del document["exported"]
    assert ours == theirs
    assert sorted(a["id"] for a in ours["annotations"]) == ["a1", "a2", "b1", "k1"]
    assert [r["label"] for r in ours["rejected_suggestions"]] == ["verify"]


def _notes(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_a_library_without_tags_asks_no_tag(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    make_library(root)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        await _export_from_palette(pilot, app, 0, tmp_path / "out.json", None)
    assert json.loads((tmp_path / "out.json").read_text())["annotations"] == []


async def test_the_tags_are_read_off_the_event_loop(tmp_path: Path) -> None:
    """The tag chooser's names come from a worker thread; a library whose
    tags cannot be read says so and asks nothing more."""
    root = tmp_path / "lib"
    make_library(root)
    library = Library(root)
    readers: list[str] = []

    def broken_tags() -> list:
        readers.append(threading.current_thread().name)
        raise LibraryError(f"{root / 'library.json'} is not valid JSON")

    library.tags = broken_tags  # type: ignore[method-assign]
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        await _format_chooser(pilot, app)
        await pilot.press("enter")  # json
        await wait_until(pilot, lambda: "export failed" in _notes(app))
        assert "is not valid JSON" in _notes(app)
        assert type(app.screen).__name__ not in ("Chooser", "TextPrompt")
    assert readers and threading.main_thread().name not in readers


def test_the_file_name_is_checked(tmp_path: Path) -> None:
    assert target_problem("  ") == "give a file name"
    assert "is a folder" in (target_problem(str(tmp_path)) or "")
    assert "there is no folder" in (target_problem(str(tmp_path / "no" / "x.json")) or "")
    assert target_problem(str(tmp_path / "x.json")) is None


async def test_an_existing_file_is_replaced_only_when_asked(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    tagged_library(root)
    target = tmp_path / "out.csv"
    target.write_text("an earlier export\n", encoding="utf-8")
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)

        async def name_it() -> None:
            await _format_chooser(pilot, app)
            await pilot.press("down", "down", "down", "enter")  # csv
            await wait_until(
                pilot, lambda: "which annotations" in str(app.screen.query_one("Static").render())
            )
            await pilot.press("enter")  # every tag
            await wait_until(pilot, lambda: type(app.screen).__name__ == "TextPrompt")
            app.screen.query_one("#prompt-input").value = str(target)
            await pilot.press("enter")
            await wait_until(
                pilot,
                lambda: "already exists" in str(app.screen.query_one("Static").render()),
            )

        await name_it()
        await pilot.press("enter")  # the first choice: give another name
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TextPrompt")
        assert app.screen.query_one("#prompt-input").value == str(target)
        await pilot.press("escape")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen")
        assert target.read_text(encoding="utf-8") == "an earlier export\n"
        await name_it()
        await pilot.press("down", "enter")  # replace it
        await wait_until(pilot, lambda: target.read_bytes().startswith(b"\xef\xbb\xbf"))
    with open(target, encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.DictReader(f))) == 4
