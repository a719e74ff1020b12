"""Quick keys moved in another window while a reader is open, driven by
Pilot over real files: the digit tags with the tag the library gives it when
pressed, and the reader's key descriptions (help, command palette) follow."""

from __future__ import annotations

from pathlib import Path

from newsread.config import Config
from storage.library import Library
from storage.tag_ops import set_tag_key
from tests.pilot_helpers import SIZE, make_library, open_first_reader, wait_until, wait_writes
from tui.app import NewsreadApp


def build(root: Path) -> Library:
    library = make_library(root)
    library.ensure_tag("verify")
    library.ensure_tag("wrong")
    set_tag_key(library, "verify", "1")
    return library


def tags_on_disk(root: Path) -> list[list[str]]:
    return [a.tags for a in Library(root).annotations("harbour01")]


def described(reader, digit: str) -> str:
    return next(
        item.binding.description
        for item in reader.active_bindings.values()
        if item.binding.id == f"reader.quick_{digit}"
    )


async def test_a_key_moved_in_another_window_tags_with_its_new_tag(tmp_path, pipeline):
    root = tmp_path / "lib"
    build(root)
    app = NewsreadApp(Library(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        assert described(reader, "1") == "Quick tag: verify"
        # kwame, in his tag manager: 1 goes from verify to wrong.
        set_tag_key(Library(root), "wrong", "1")
        await pilot.press("1")
        await wait_writes(app)
        await wait_until(pilot, lambda: tags_on_disk(root) == [["wrong"]])
        await wait_until(pilot, lambda: described(reader, "1") == "Quick tag: wrong")


async def test_a_newly_given_key_works_without_reopening(tmp_path, pipeline):
    root = tmp_path / "lib"
    build(root)
    app = NewsreadApp(Library(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        set_tag_key(Library(root), "wrong", "2")
        await pilot.press("2")
        await wait_writes(app)
        await wait_until(pilot, lambda: tags_on_disk(root) == [["wrong"]])
        assert "no tag on quick key" not in reader.message


async def test_the_key_descriptions_follow_the_tags_on_disk(tmp_path, pipeline):
    root = tmp_path / "lib"
    build(root)
    app = NewsreadApp(Library(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        assert described(reader, "3") == "Quick tag (none yet)"
        set_tag_key(Library(root), "wrong", "3")
        # No key pressed: the reader's look at the disk brings the tags.
        await wait_until(pilot, lambda: described(reader, "3") == "Quick tag: wrong")
        assert described(reader, "1") == "Quick tag: verify"


async def test_a_free_digit_names_the_tag_managers_key_as_the_user_has_it(tmp_path, pipeline):
    # The tag manager's quick key moved from k to K (k moves its cursor now):
    # the hint named k, and never a remapped key.
    root = tmp_path / "lib"
    build(root)
    for keys, shown in (({}, "(K)"), ({"tags.key": "Q"}, "(Q)")):
        app = NewsreadApp(Library(root), Config(annotator="ines", keys=keys))
        async with app.run_test(size=SIZE) as pilot:
            reader = await open_first_reader(pilot, app)
            await pilot.press("7")
            await wait_until(pilot, lambda r=reader: "no tag on quick key 7" in r.message)
            assert reader.message.endswith(f"tag manager {shown}")
