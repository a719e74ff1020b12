"""Quick keys 1-9 have one source of truth, the library's tag keys; the config's
[quick_tags] only fills digits no tag holds. The tag manager, the reader's keys
and the help screen all show that one mapping. Driven by Pilot."""

from __future__ import annotations

from newsread.config import Config, quick_keys
from newsread.model import Annotation, Tag
from storage.library import Library
from tests.pilot_helpers import SIZE, make_library, open_first_reader, wait_until, wait_writes
from tui.app import NewsreadApp
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.tag_dialogs import KeyCapture
from tui.screens.tags import TagManagerScreen


def test_library_keys_win_and_the_config_fills_free_digits():
    tags = [Tag("source", key="1"), Tag("person", key="3"), Tag("place"), Tag("verify")]
    quick = quick_keys(tags, {"1": "check", "2": "verify", "4": "person", "5": "place"})
    assert quick.names == {"1": "source", "2": "verify", "3": "person", "5": "place"}
    assert quick.from_config == {"2", "5"}
    assert quick.overridden == (
        "[quick_tags] 1 = 'check': 1 is 'source''s",
        "[quick_tags] 4 = 'person': 'person' has key 3",
    )
    assert quick.key_of("place") == "5" and quick.key_of("check") == ""
    # A library holding one digit on two tags (edited by hand) still gives one tag per digit.
    doubled = quick_keys([Tag("b", key="2"), Tag("a", key="2")], {})
    assert doubled.names == {"2": "a"}


def key_column(screen: TagManagerScreen) -> dict[str, str]:
    table = screen.query_one("DataTable")
    return {
        str(table.get_row_at(i)[0]).removeprefix("■ "): str(table.get_row_at(i)[1])
        for i in range(table.row_count)
    }


async def open_manager(pilot, app) -> TagManagerScreen:
    await pilot.press("T")
    await wait_until(pilot, lambda: isinstance(app.screen, TagManagerScreen) and app.screen.loaded)
    return app.screen


async def highlight(pilot, screen: TagManagerScreen, name: str) -> None:
    table = screen.query_one("DataTable")
    table.move_cursor(row=table.get_row_index(name))
    await wait_until(pilot, lambda: screen.current_name == name)


async def test_reader_applies_the_tag_the_manager_shows(tmp_path, pipeline):
    root = tmp_path / "lib"
    library = make_library(root)
    library.ensure_tag("source")
    app = NewsreadApp(library, Config(quick_tags={"1": "check"}))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        screen = await open_manager(pilot, app)
        # A tag only the config names is listed, with the key the reader gives it.
        assert key_column(screen) == {"check": "1", "source": ""}
        assert "[quick_tags]" in str(screen.query_one("#tags-status").render())

        await highlight(pilot, screen, "source")
        await pilot.press("K")
        await wait_until(pilot, lambda: isinstance(app.screen, KeyCapture))
        await pilot.press("1")
        await wait_writes(app)
        # check was only a name in the config: with its digit taken it is no row either.
        await wait_until(pilot, lambda: key_column(screen) == {"source": "1"})
        assert "[quick_tags] 1 unused" in str(screen.query_one("#tags-status").render())

        await pilot.press("escape")
        reader = await open_first_reader(pilot, app)
        await pilot.press("1")
        await wait_writes(app)
        await wait_until(pilot, lambda: [a.tags for a in reader.annotations] == [["source"]])

        # The help screen lists the same mapping, by the live key.
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = {row[2]: row for row in app.screen.rows}
        assert rows["reader.quick_1"][:2] == ("1", "Quick tag: source")
        assert rows["reader.quick_2"][:2] == ("2", "Quick tag (none yet)")
    assert [a.tags for a in Library(root).annotations("harbour01")] == [["source"]]


async def test_manager_never_shows_two_tags_on_one_digit(tmp_path):
    root = tmp_path / "lib"
    library = make_library(root)
    # Written by hand (or an older version): two tags on 2, and one the config seeds.
    library.apply_tag_changes(save=[Tag("alpha", key="2"), Tag("beta", key="2"), Tag("gamma")])
    library.save_annotation(
        Annotation(id="a1", article_id="harbour01", start=0, end=3, quote="The", tags=["gamma"])
    )
    app = NewsreadApp(library, Config(quick_tags={"2": "gamma", "3": "gamma-bis"}))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        screen = await open_manager(pilot, app)
        assert key_column(screen) == {"alpha": "2", "beta": "", "gamma": "", "gamma-bis": "3"}

        # A key from the config is not the library's to clear: the manager says where it is.
        await highlight(pilot, screen, "gamma-bis")
        await pilot.press("K", "backspace")
        await wait_until(
            pilot,
            lambda: any("comes from [quick_tags]" in n.message for n in app._notifications),
        )
        assert key_column(screen)["gamma-bis"] == "3"

        # Giving that config-only tag a key of its own stores it in the library.
        await pilot.press("K", "4")
        await wait_writes(app)
        await wait_until(pilot, lambda: key_column(screen)["gamma-bis"] == "4")
        assert key_column(screen) == {"alpha": "2", "beta": "", "gamma": "", "gamma-bis": "4"}
    assert Library(root).get_tag("gamma-bis").key == "4"


def test_every_key_of_the_keyed_table_and_list_has_an_id():
    # Textual's DataTable and OptionList bind theirs without ids: the tag
    # manager's table keys could not be moved, and help listed them as Textual's.
    from tui.widgets.keyed import KeyedDataTable, KeyedOptionList

    for cls in (KeyedDataTable, KeyedOptionList):
        bindings = list(cls._merge_bindings())
        assert bindings and all(b.id for _, b in bindings), cls.__name__
    known = NewsreadApp.known_bindings()
    assert {"grid.down", "grid.up", "choices.down", "choices.select"} <= set(known)


async def test_the_tag_managers_table_keys_can_be_remapped(tmp_path):
    from tui.keymap import keymap_problems

    keys = {"grid.down": "J", "grid.up": "ctrl+k"}
    assert keymap_problems(keys, NewsreadApp, "config") == []
    # K is the manager's quick-key binding: taking it for the table is refused.
    [problem] = keymap_problems({"grid.up": "K"}, NewsreadApp, "config")
    assert "on the tag manager screen" in problem and "takes K from tags.key" in problem
    library = make_library(tmp_path / "lib")
    for name in ("alpha", "beta", "gamma"):
        library.ensure_tag(name)
    app = NewsreadApp(library, Config(keys=keys))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        screen = await open_manager(pilot, app)
        first = screen.current_name
        await pilot.press("J")
        await wait_until(pilot, lambda: screen.current_name != first)
        await pilot.press("ctrl+k")
        await wait_until(pilot, lambda: screen.current_name == first)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert any(row[2] == "grid.down" and row[0] == "J" for row in app.screen.rows)


async def test_a_remapped_quick_key_is_shown_as_the_key_it_is(tmp_path, pipeline):
    # "reader.quick_1" = "f5": f5 tagged and help said so, while the picker
    # and the tag manager still showed [1], a key that did nothing.
    from tui.screens.annotations import AnnotationsScreen
    from tui.screens.tag_picker import TagPicker

    app = NewsreadApp(
        make_library(tmp_path / "lib"),
        Config(quick_tags={"1": "check"}, keys={"reader.quick_1": "f5"}),
    )

    def picker_keys() -> list[str]:
        options = app.screen.query_one("OptionList")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        return [p.rpartition("[")[2].rstrip("]") for p in prompts if p.endswith("]")]

    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        manager = await open_manager(pilot, app)
        assert key_column(manager) == {"check": "f5"}
        await highlight(pilot, manager, "check")
        await pilot.press("K")
        await wait_until(pilot, lambda: isinstance(app.screen, KeyCapture))
        assert "in the reader 1 is f5" in str(app.screen.query_one(".dialog-hint").render())
        await pilot.press("escape", "escape")

        reader = await open_first_reader(pilot, app)
        await pilot.press("f5")
        await wait_writes(app)
        await wait_until(pilot, lambda: [a.tags for a in reader.annotations] == [["check"]])
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        assert picker_keys() == ["f5"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)

        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = {row[2]: row for row in app.screen.rows}
        assert rows["reader.quick_1"][:2] == ("f5", "Quick tag: check")
        await pilot.press("escape")

        await pilot.press("L")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, AnnotationsScreen)
                and app.screen.loaded
                and len(app.screen.model.shown) == 1
            ),
        )
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        assert picker_keys() == ["f5"]


def test_a_config_name_is_the_library_tag_in_any_case_or_form():
    # [quick_tags] 2 = "CHECK " keyed a second tag "CHECK " beside the
    # library's check, and 3 = "source" a "source" beside its "Source".
    tags = [Tag("check"), Tag("Source", key="1")]
    quick = quick_keys(iter(tags), {"2": "CHECK ", "3": "source"})
    assert quick.names == {"1": "Source", "2": "check"}
    assert quick.overridden == ("[quick_tags] 3 = 'source': 'Source' has key 1",)


async def test_a_quick_key_from_the_config_tags_with_the_librarys_spelling(tmp_path, pipeline):
    root = tmp_path / "lib"
    library = make_library(root)
    library.ensure_tag("check")
    app = NewsreadApp(library, Config(quick_tags={"2": "Check"}))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await pilot.press("2")
        await wait_writes(app)
        await wait_until(pilot, lambda: [a.tags for a in reader.annotations] == [["check"]])
    assert [t.name for t in Library(root).tags()] == ["check"]
