"""The tag manager driven by Pilot: rename, merge, delete with its count, quick
keys, colours, and undo of a merge through the persistent history."""

from __future__ import annotations

from pathlib import Path

from newsread.config import Config
from storage.history import History
from storage.library import Library
from tests.pilot_helpers import SIZE, tagged_library, wait_until, wait_writes
from tui.app import NewsreadApp
from tui.screens.tag_dialogs import DestroyDialog, KeyCapture, TagChooser, TextPrompt
from tui.screens.tags import TagManagerScreen, valid_colour


def build(root: Path) -> Library:
    return tagged_library(root)


def on_disk(root: Path) -> dict[str, list[str]]:
    fresh = Library(root)
    return {
        a.id: a.tags
        for article_id in ("harbour01", "second002")
        for a in fresh.annotations(article_id)
    }


async def open_manager(pilot, app) -> TagManagerScreen:
    await wait_until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen")
    screen = TagManagerScreen()
    app.push_screen(screen)
    await wait_until(pilot, lambda: app.screen is screen and screen.loaded)
    return screen


async def highlight(pilot, screen: TagManagerScreen, name: str) -> None:
    table = screen.query_one("DataTable")
    table.move_cursor(row=table.get_row_index(name))
    await wait_until(pilot, lambda: screen.current_name == name)


def uses_column(screen: TagManagerScreen) -> dict[str, str]:
    table = screen.query_one("DataTable")
    return {
        str(table.get_row_at(i)[0]).removeprefix("■ "): table.get_row_at(i)[2]
        for i in range(table.row_count)
    }


async def test_table_lists_tags_with_uses(tmp_path):
    app = NewsreadApp(build(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        assert uses_column(screen) == {"follow-up": "2", "quote": "0", "verify": "3"}
        await pilot.press("escape")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen")


async def test_j_k_home_and_end_move_the_cursor_as_in_the_other_lists(tmp_path):
    """j did nothing, k opened the quick key and End scrolled sideways: only
    the arrows moved, though the help screen advertises j and k."""
    from tui.screens.help import HelpScreen

    app = NewsreadApp(build(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        assert screen.current_name == "follow-up"
        await pilot.press("j")
        assert screen.current_name == "quote"
        await pilot.press("end")
        assert screen.current_name == "verify"
        await pilot.press("k")
        assert screen.current_name == "quote" and app.screen is screen
        await pilot.press("home")
        assert screen.current_name == "follow-up"
        await pilot.press("K")
        await wait_until(pilot, lambda: isinstance(app.screen, KeyCapture))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = {row[2]: row[0] for row in app.screen.rows}
        assert (rows["tags.down"], rows["tags.up"], rows["tags.key"]) == ("j", "k", "K")
        assert (rows["grid.home"], rows["grid.end"]) == ("home", "end")


async def test_rename_to_a_new_name(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        await highlight(pilot, screen, "verify")
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press("ctrl+u", *"check", "enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_writes(app)
        await wait_until(pilot, lambda: "check" in uses_column(screen))
        assert uses_column(screen)["check"] == "3"
        assert screen.current_name == "check"
    assert on_disk(root)["a2"] == ["check", "follow-up"]
    assert Library(root).get_tag("verify") is None


async def test_rename_onto_existing_name_asks_to_merge(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        await highlight(pilot, screen, "quote")
        await pilot.press("r", "ctrl+u", *"verify", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        assert "Merge 'quote' into it?" in app.screen.question
        await pilot.press("y")
        await wait_writes(app)
        await wait_until(pilot, lambda: "quote" not in uses_column(screen))
    assert [t.name for t in Library(root).tags()] == ["follow-up", "verify"]


async def test_merge_then_undo_restores(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config())
    before = on_disk(root)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        await highlight(pilot, screen, "verify")
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, TagChooser))
        options = app.screen.query_one("OptionList")
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == ["follow-up", "quote"]
        await pilot.press("enter")  # follow-up, the first
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        await pilot.press("y")
        await wait_writes(app)
        await wait_until(pilot, lambda: uses_column(screen) == {"follow-up": "4", "quote": "0"})
        assert on_disk(root) == {
            "a1": ["follow-up"],
            "a2": ["follow-up"],
            "a3": ["follow-up"],
            "b1": ["follow-up"],
        }
        assert Library(root).get_tag("verify") is None
        await wait_until(
            pilot, lambda: "merge tag" in str(screen.query_one("#tags-status").render())
        )

    # A new process (fresh Library and History on the same folder) undoes the merge.
    group = History(Library(root)).undo()
    assert group is not None and group.label == "merge tag 'verify' into 'follow-up'"
    assert on_disk(root) == before
    assert [t.name for t in Library(root).tags()] == ["follow-up", "quote", "verify"]


async def test_undo_and_redo_keys_in_the_manager(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config())
    before = on_disk(root)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        await highlight(pilot, screen, "verify")
        await pilot.press("m", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        await pilot.press("y")
        await wait_writes(app)
        await wait_until(pilot, lambda: "verify" not in uses_column(screen))
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: uses_column(screen).get("verify") == "3")
        assert on_disk(root) == before
        await pilot.press("ctrl+r")
        await wait_writes(app)
        await wait_until(pilot, lambda: "verify" not in uses_column(screen))
        assert on_disk(root)["b1"] == ["follow-up"]


async def test_delete_confirms_with_count(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        await highlight(pilot, screen, "verify")
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        assert app.screen.question == (
            "Delete tag 'verify'? 3 annotations change "
            "(2 are deleted: they had no other tag or note)."
        )
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        assert "verify" in uses_column(screen)

        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        await pilot.press("y")
        await wait_writes(app)
        await wait_until(pilot, lambda: "verify" not in uses_column(screen))
    assert on_disk(root) == {"a2": ["follow-up"], "a3": ["follow-up"]}
    assert app.tag_counts["verify"] == 0


async def test_quick_key_moves_between_tags_and_clears(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        await highlight(pilot, screen, "verify")
        await pilot.press("K")
        await wait_until(pilot, lambda: isinstance(app.screen, KeyCapture))
        await pilot.press("3")
        await wait_writes(app)
        await wait_until(pilot, lambda: screen.tags["verify"].key == "3")
        await highlight(pilot, screen, "quote")
        await pilot.press("K", "3")
        await wait_writes(app)
        await wait_until(pilot, lambda: screen.tags["quote"].key == "3")
        assert screen.tags["verify"].key == ""
        await pilot.press("K", "backspace")
        await wait_writes(app)
        await wait_until(pilot, lambda: screen.tags["quote"].key == "")
    assert {t.name: t.key for t in Library(root).tags()} == {
        "follow-up": "",
        "quote": "",
        "verify": "",
    }


async def test_recolour_validates_and_palette_cycles(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        await highlight(pilot, screen, "quote")
        await pilot.press("c", "ctrl+u", *"nocolour", "enter")
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        await wait_until(
            pilot, lambda: "not a colour" in str(prompt.query_one("#prompt-error").render())
        )
        await pilot.press("ctrl+u", *"#102030", "enter")
        await wait_writes(app)
        await wait_until(pilot, lambda: screen.tags["quote"].color == "#102030")
        await pilot.press("p")
        await wait_writes(app)
        await wait_until(pilot, lambda: screen.tags["quote"].color != "#102030")
    assert Library(root).get_tag("quote").color == "#e5c07b"


def test_colour_validation():
    assert valid_colour("cyan") is None
    assert valid_colour("#a0b0c0") is None
    assert valid_colour("#zz0000")
    assert valid_colour("")


async def test_describe_shows_in_table(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        await highlight(pilot, screen, "quote")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press(*"direct speech", "enter")
        await wait_writes(app)
        await wait_until(pilot, lambda: screen.tags["quote"].description == "direct speech")
        assert str(screen.query_one("DataTable").get_row("quote")[3]) == "direct speech"
    assert Library(root).get_tag("quote").description == "direct speech"


def _bob_tags(root: Path, ann_id: str, tag: str) -> None:
    # Another process (newsread tag as another annotator) while a dialog is open.
    from newsread.model import Annotation

    Library(root).save_annotation(
        Annotation(
            id=ann_id,
            article_id="second002",
            start=0,
            end=4,
            quote="Only",
            tags=[tag],
            annotator="bob",
        )
    )


async def test_delete_asks_again_when_the_tag_gained_uses_meanwhile(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        await highlight(pilot, screen, "verify")
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        first = app.screen
        _bob_tags(root, "bob1", "verify")
        _bob_tags(root, "bob2", "verify")
        await pilot.press("y")
        await wait_writes(app)
        await wait_until(
            pilot, lambda: isinstance(app.screen, DestroyDialog) and app.screen is not first
        )
        assert app.screen.question == (
            "The annotations tagged 'verify' changed meanwhile. "
            "Delete tag 'verify'? 5 annotations, 2 of them bob's, change "
            "(4 are deleted: they had no other tag or note; 2 of them bob's)."
        )
        # Nothing was deleted on the first answer.
        assert {"a1", "b1", "bob1", "bob2"} <= set(on_disk(root))
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: uses_column(screen).get("verify") == "5")
    assert {"a1", "b1", "bob1", "bob2"} <= set(on_disk(root))


async def test_delete_and_merge_say_whose_annotations_change(tmp_path):
    """Logged in as ines, deleting a tag asked "5 annotations change (3 are
    deleted…)" though the 3 deleted were teammates': x on one asks by name."""
    from newsread.model import Annotation

    root = tmp_path / "lib"
    build(root)
    library = Library(root)
    for ann_id, who, tags in (
        ("ana1", "ana", ["verify"]),
        ("ana2", "ana", ["verify", "quote"]),
        ("bob1", "bob", ["verify"]),
        ("ines1", "ines", ["verify"]),
    ):
        library.save_annotation(
            Annotation(
                id=ann_id, article_id="second002", start=0, end=4, quote="Only", tags=tags,
                annotator=who,
            )
        )  # fmt: skip
    app = NewsreadApp(library, Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        await highlight(pilot, screen, "verify")
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        assert app.screen.question == (
            "Delete tag 'verify'? 7 annotations, 3 of them other annotators' (ana 2, bob 1), "
            "change (5 are deleted: they had no other tag or note; 2 of them other "
            "annotators' (ana 1, bob 1))."
        )
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        await highlight(pilot, screen, "quote")
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, TagChooser))
        await pilot.press("enter")  # follow-up, the first
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        assert app.screen.question == (
            "Merge tag 'quote' into 'follow-up'? "
            "1 annotation, ana's, gets 'follow-up' instead and 'quote' is removed."
        )
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
    # Annotations of no recorded annotator are the user's own, as in the reader.
    assert Library(root).annotations("harbour01")[0].annotator == ""


async def test_merge_asks_again_when_the_source_gained_uses_meanwhile(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        await highlight(pilot, screen, "verify")
        await pilot.press("r", "ctrl+u", *"follow-up", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        assert "3 annotations get 'follow-up'" in app.screen.question
        await _bob_tags_while_merge_is_asked(pilot, app, screen, root)
    assert on_disk(root)["bob1"] == ["follow-up"]


async def _bob_tags_while_merge_is_asked(pilot, app, screen, root) -> None:
    """bob tags one more passage 'verify' while the merge question is open: the
    first y writes nothing and asks again with the new count; the second merges."""
    first = app.screen
    _bob_tags(root, "bob1", "verify")
    await pilot.press("y")
    await wait_writes(app)
    await wait_until(
        pilot, lambda: isinstance(app.screen, DestroyDialog) and app.screen is not first
    )
    assert app.screen.question.startswith("The annotations tagged 'verify' changed meanwhile.")
    assert "4 annotations, 1 of them bob's, get 'follow-up'" in app.screen.question
    assert on_disk(root)["bob1"] == ["verify"]
    assert on_disk(root)["a1"] == ["verify"]
    await pilot.press("y")
    await wait_writes(app)
    await wait_until(pilot, lambda: "verify" not in uses_column(screen))


async def test_merge_key_asks_with_count_and_again_when_uses_changed(tmp_path):
    # m (merge into a chosen tag) is protected like delete and rename-onto: a
    # teammate's tagging between the question and the answer is not merged blindly.
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        await highlight(pilot, screen, "verify")
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, TagChooser))
        await pilot.press("enter")  # follow-up, the first
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        assert app.screen.question == (
            "Merge tag 'verify' into 'follow-up'? "
            "3 annotations get 'follow-up' instead and 'verify' is removed."
        )
        await _bob_tags_while_merge_is_asked(pilot, app, screen, root)
    assert on_disk(root)["bob1"] == ["follow-up"]
    assert on_disk(root)["a1"] == ["follow-up"]


async def test_merge_key_answered_no_changes_nothing(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config())
    before = on_disk(root)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        await highlight(pilot, screen, "verify")
        await pilot.press("m", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_writes(app)
    assert on_disk(root) == before
    assert Library(root).get_tag("verify") is not None


async def test_a_tag_whose_last_annotation_is_deleted_stays_at_0_uses_and_offers_delete(
    tmp_path,
):
    """A tag outlives its annotations (its colour, key and description wait
    for the next use): the manager says it has 0 uses and how to delete it."""
    root = tmp_path / "lib"
    library = build(root)
    library.apply_annotation_changes("harbour01", delete=["a2", "a3"], remember=True)
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        assert uses_column(screen)["follow-up"] == "0"
        status = lambda: str(screen.query_one("#tags-status").render())  # noqa: E731
        await highlight(pilot, screen, "verify")
        await wait_until(pilot, lambda: "0 uses" not in status())
        await highlight(pilot, screen, "follow-up")
        await wait_until(pilot, lambda: "'follow-up': 0 uses · d deletes it" in status())
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        assert "No annotation uses it." in app.screen.question
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_writes(app)
        await wait_until(pilot, lambda: "follow-up" not in uses_column(screen))
        assert Library(root).get_tag("follow-up") is None
