"""The app and another process writing one library: nothing lost, nothing stale.

Pilot drives the real app while a real ``newsread`` process tags, re-imports
or removes in the same library folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from newsread.config import Config
from newsread.model import Article
from storage.library import Library
from tests.pilot_helpers import (
    BODY,
    SIZE,
    make_library,
    open_first_reader,
    wait_until,
    wait_writes,
)
from tui.app import NewsreadApp
from tui.screens.tag_picker import TagPicker

ROOT = Path(__file__).resolve().parents[1]


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSREAD_LIBRARY": str(root)}
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done


async def tag_with_picker(pilot, app, name: str) -> None:
    await pilot.press("t")
    await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
    await pilot.press(*name, "enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, TagPicker))


async def test_app_and_cli_tag_one_article_and_both_tags_survive(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await tag_with_picker(pilot, app, "first")
        await wait_writes(app)

        cli(root, "tag", "harbour01", "--quote", "Dock workers welcomed", "--tag", "from-cli")
        # The open reader picks the outside change up without being reopened.
        await wait_until(
            pilot, lambda: any("from-cli" in a.tags for a in reader.annotations), timeout=20
        )

        await pilot.press("j", "j")
        await tag_with_picker(pilot, app, "second")
        await wait_writes(app)
        stored = {a.quote: a.tags for a in Library(root).annotations("harbour01")}
        assert sorted(t for tags in stored.values() for t in tags) == [
            "first",
            "from-cli",
            "second",
        ]
        assert {"first", "second", "from-cli"} <= {t.name for t in Library(root).tags()}
        exported = json.loads(cli(root, "export").stdout)["annotations"]
        assert len(exported) == 3

        # u takes back the app's last tag, not the CLI's or the first one.
        await pilot.press("u")
        await wait_writes(app)
        stored = [t for a in Library(root).annotations("harbour01") for t in a.tags]
        assert sorted(stored) == ["first", "from-cli"]
        await wait_until(pilot, lambda: len(reader.annotations) == 2)


async def test_cli_tag_on_another_article_keeps_the_apps_new_tag_name(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        cli(root, "tag", "second002", "--quote", "Only one sentence", "--tag", "cli-tag")
        await tag_with_picker(pilot, app, "app-tag")
        await wait_writes(app)
    assert {"app-tag", "cli-tag"} <= {t.name for t in Library(root).tags()}


async def test_outside_removal_of_an_annotation_shows_in_the_open_reader(tmp_path, pipeline):
    root = tmp_path / "lib"
    library = make_library(root)
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await tag_with_picker(pilot, app, "keep")
        await pilot.press("j")
        await tag_with_picker(pilot, app, "drop")
        await wait_writes(app)
        other = Library(root)
        doomed = next(a for a in other.annotations("harbour01") if "drop" in a.tags)
        other.delete_annotation("harbour01", doomed.id)
        await wait_until(
            pilot, lambda: [t for a in reader.annotations for t in a.tags] == ["keep"], timeout=20
        )


async def test_undo_after_a_reimport_puts_the_tag_on_the_new_text(tmp_path, pipeline):
    """Tag, re-import with a paragraph added above, reopen, u then ctrl+r: the
    annotation comes back on the words it quotes, not at its old offsets."""
    root = tmp_path / "lib"
    source = tmp_path / "crane.txt"
    source.write_text("Harbour crane approved\n\n" + BODY + "\n")
    cli(root, "import", "--no-analyze", str(source))
    article_id = Library(root).article_metas()[0]["id"]
    cli(root, "tag", article_id, "--quote", "Critics warned that dredging", "--tag", "check")
    source.write_text(
        "Harbour crane approved\n\nA correction was added above the story on Tuesday.\n\n"
        + BODY
        + "\n"
    )
    cli(root, "import", "--no-analyze", str(source))

    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: not reader.annotations)
        await pilot.press("ctrl+r")
        await wait_writes(app)
        await wait_until(pilot, lambda: len(reader.annotations) == 1)
    [ann] = Library(root).annotations(article_id)
    body = Library(root).get_article(article_id).body
    assert not ann.orphan
    assert body[ann.start : ann.end] == ann.quote == "Critics warned that dredging"


async def test_accepting_a_rejected_suggestion_takes_back_the_rejection(tmp_path, pipeline):
    root = tmp_path / "lib"
    body = "Mara Quist met the board in Port Ellis on Monday."
    library = make_library(
        root, [Article(id="harbour01", title="Harbour crane approved", body=body, source="W")]
    )
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        person = next(e for e in reader.analysis.entities if e.label == "PERSON")
        reader.view.move_to_span((person.start, person.end), "mark")
        await pilot.press("r")
        await wait_writes(app)
        assert Library(root).rejected("harbour01")
        await pilot.press("R")  # show rejected ones again
        reader.view.move_to_span((person.start, person.end), "mark")
        await pilot.press("a")
        await wait_writes(app)
    from tui.cli import export_document

    document = export_document(Library(root))
    assert [a["quote"] for a in document["annotations"]] == ["Mara Quist"]
    assert document["rejected_suggestions"] == []


async def test_library_screen_names_damage_instead_of_showing_nothing(tmp_path, pipeline):
    root = tmp_path / "lib"
    library = make_library(root)
    library.ensure_tag("x")
    cli(root, "tag", "harbour01", "--quote", "Dock workers", "--tag", "x")
    (root / "annotations" / "harbour01.json").write_text('{"annotations": 5}')
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: getattr(screen, "damaged", None))
        table = screen.query_one("#articles")
        await wait_until(pilot, lambda: table.row_count == 2)
        row = next(i for i in range(table.row_count) if table.key_at(i) == "harbour01")
        await wait_until(pilot, lambda: "!" in [str(c) for c in table.get_row_at(row)])
        status = str(screen.query_one("#library-status").render())
        assert "unreadable" in status and "newsread doctor" in status
    # An index entry without an id: the app says the library cannot be read.
    tables = json.loads((root / "library.json").read_text())
    next(iter(tables["articles"].values())).pop("id")
    (root / "library.json").write_text(json.dumps(tables))
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: getattr(screen, "error", ""))
        status = str(screen.query_one("#library-status").render())
        assert "cannot read the library" in status and "has no id" in status
        assert "empty" not in status
