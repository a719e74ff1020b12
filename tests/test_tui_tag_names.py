"""The tag picker follows the one rule for tag names (newsread.annotations.tagnames):
a pasted name holding control characters is refused in the picker, with the
reason under its box, as ``newsread tag`` and import-annotations refuse it;
a name that is an existing tag in another case or normalisation is that tag."""

from __future__ import annotations

import unicodedata

from textual import events
from textual.widgets import Input, Static

from newsread.config import Config
from storage.library import Library
from tests.pilot_helpers import SIZE, make_library, open_first_reader, wait_until, wait_writes
from tui.app import NewsreadApp
from tui.screens.reader import ReaderScreen
from tui.screens.tag_picker import TagPicker


def stored_tags(root) -> list[list[str]]:
    return [a.tags for a in Library(root).annotations("harbour01")]


async def rename_prompt(pilot, app, screen, tag: str):
    """The tag manager's rename box open on ``tag``: the prompt screen."""
    from tests.test_tui_tags import highlight
    from tui.screens.tag_dialogs import TextPrompt

    await highlight(pilot, screen, tag)
    await pilot.press("r")
    await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
    return app.screen


async def test_a_pasted_name_with_control_characters_is_refused_in_the_picker(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        picker = app.screen
        box = picker.query_one(Input)
        box.post_message(events.Paste("[/]x\tq\x07b\x1b[31mred"))
        await wait_until(pilot, lambda: box.value.startswith("[/]x"))
        await pilot.press("enter")
        error = picker.query_one("#picker-error", Static)
        await wait_until(pilot, lambda: error.display)
        said = str(error.render())
        assert "a tag name cannot hold control characters" in said
        assert "\t" not in said and "\x07" not in said and "\x1b" not in said
        # Still open, to mend the name: nothing was tagged.
        assert app.screen is picker
        box.value = "red"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_writes(app)
    assert stored_tags(root) == [["red"]]
    assert [t.name for t in Library(root).tags()] == ["red"]


async def test_a_name_in_another_case_or_normalisation_is_the_existing_tag(tmp_path, pipeline):
    root = tmp_path / "lib"
    library = make_library(root)
    library.ensure_tag("café check")
    app = NewsreadApp(library, Config())
    decomposed = unicodedata.normalize("NFD", "CAFÉ Check")
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        # The first name, ended by a comma, is not completed from the list.
        app.screen.query_one(Input).value = f"{decomposed} , other"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_writes(app)
    assert stored_tags(root) == [["café check", "other"]]
    assert sorted(t.name for t in Library(root).tags()) == ["café check", "other"]


async def test_the_tag_manager_refuses_a_rename_to_a_name_with_control_characters(tmp_path):
    from tests.pilot_helpers import tagged_library
    from tests.test_tui_tags import open_manager, uses_column

    root = tmp_path / "lib"
    app = NewsreadApp(tagged_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        prompt = await rename_prompt(pilot, app, screen, "verify")
        box = prompt.query_one(Input)
        box.value = ""
        box.post_message(events.Paste("x\ty\x07"))
        await wait_until(pilot, lambda: box.value.startswith("x"))
        await pilot.press("enter")
        error = prompt.query_one("#prompt-error", Static)
        await wait_until(pilot, lambda: "control characters" in str(error.render()))
        assert app.screen is prompt
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert uses_column(screen)["verify"] == "3"
    assert sorted(t.name for t in Library(root).tags()) == ["follow-up", "quote", "verify"]


async def test_the_tag_manager_renaming_onto_a_look_alike_asks_to_merge(tmp_path):
    from tests.pilot_helpers import tagged_library
    from tests.test_tui_tags import open_manager, uses_column
    from tui.screens.tag_dialogs import DestroyDialog

    root = tmp_path / "lib"
    library = tagged_library(root)
    library.ensure_tag("café")
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        prompt = await rename_prompt(pilot, app, screen, "quote")
        prompt.query_one(Input).value = unicodedata.normalize("NFD", " CAFÉ ")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        assert "Tag 'café' exists. Merge 'quote' into it?" in app.screen.question
        await pilot.press("y")
        await wait_writes(app)
        await wait_until(pilot, lambda: "quote" not in uses_column(screen))
        # A tag may take another case of its own name: no merge asked.
        await rename_prompt(pilot, app, screen, "verify")
        await pilot.press("ctrl+u", *"Verify", "enter")
        await wait_until(pilot, lambda: "Verify" in uses_column(screen))
    assert [t.name for t in Library(root).tags()] == ["café", "follow-up", "Verify"]


async def test_an_accepted_entity_takes_the_librarys_spelling_of_its_label(tmp_path, pipeline):
    # The accept tagged PERSON beside the team's hand-made person: two tags
    # that search, stats and the picker show as one, and doctor reports.
    from newsread.model import Article

    root = tmp_path / "lib"
    body = "Mara Quist met the board. The board praised Mara Quist. Later, Mara Quist left."
    library = make_library(
        root, [Article(id="harbour01", title="Harbour crane approved", body=body, source="Wire")]
    )
    library.ensure_tag("person")
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        people = [e for e in reader.analysis.entities if e.label == "PERSON"]
        assert len(people) == 3
        await pilot.press("right_square_bracket")
        assert reader.view.cursor == (people[0].start, people[0].end)
        await pilot.press("a")
        await wait_writes(app)
        assert stored_tags(root) == [["person"]]
        # Accepted in that spelling: not offered again, and A takes the rest.
        await pilot.press("a")
        await wait_until(pilot, lambda: "already accepted as PERSON" in reader.message)
        await pilot.press("A")
        await wait_writes(app)
        assert stored_tags(root) == [["person"]] * 3
    assert [t.name for t in Library(root).tags()] == ["person"]
    [ann, *_] = Library(root).annotations("harbour01")
    assert ann.data["suggestion"] == {"kind": "entity", "label": "PERSON"}


async def test_a_pasted_bel_is_refused_in_the_picker_as_the_picture_it_came_in_as(
    tmp_path, pipeline
):
    from tests.test_tui_paste_controls import paste

    # The paste turns BEL into ␇ (newsread.sanitize.pasted), which a tag name
    # could then hold: "check␇" was saved beside check.
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        picker = app.screen
        box = picker.query_one(Input)
        await paste(pilot, app, "check\x07")  # as the terminal driver sends it
        assert box.value == "check␇"
        await pilot.press("enter")
        error = picker.query_one("#picker-error", Static)
        await wait_until(pilot, lambda: error.display)
        assert "cannot hold control characters, nor their pictures" in str(error.render())
        assert app.screen is picker
        await pilot.press("backspace", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_writes(app)
    assert stored_tags(root) == [["check"]]


async def test_the_tag_manager_refuses_a_rename_to_a_control_picture(tmp_path):
    from tests.pilot_helpers import tagged_library
    from tests.test_tui_paste_controls import paste
    from tests.test_tui_tags import open_manager

    root = tmp_path / "lib"
    app = NewsreadApp(tagged_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        prompt = await rename_prompt(pilot, app, screen, "verify")
        box = prompt.query_one(Input)
        box.value = ""
        await paste(pilot, app, "verify\x07")
        assert box.value == "verify␇"
        await pilot.press("enter")
        error = prompt.query_one("#prompt-error", Static)
        await wait_until(pilot, lambda: "nor their pictures" in str(error.render()))
        assert app.screen is prompt
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
    assert sorted(t.name for t in Library(root).tags()) == ["follow-up", "quote", "verify"]
