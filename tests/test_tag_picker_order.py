"""The tag picker puts existing tags that match what was typed (prefix, fuzzy,
initials) above the "+ new tag" line, so enter never makes a typo a tag."""

from __future__ import annotations

from textual.app import App

from tui.screens.tag_picker import TagChoice, TagPicker

CHOICES = [
    TagChoice("Fact check ✓", "green", 4),
    TagChoice("source", "cyan", 2),
    TagChoice("follow-up", "magenta", 1),
]


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.picked: list[str] | None = None

    def on_mount(self) -> None:
        self.push_screen(TagPicker(CHOICES, "a passage"), self._picked)

    def _picked(self, names: list[str] | None) -> None:
        self.picked = names


def option_ids(app: Host) -> list[str]:
    options = app.screen.query_one("OptionList")
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


async def pick(typed: str, *keys: str) -> tuple[list[str], list[str] | None]:
    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*typed)
        ids = option_ids(app)
        await pilot.press(*keys, "enter")
        await pilot.pause()
        return ids, app.picked


async def test_a_fuzzy_match_comes_before_the_new_name():
    ids, picked = await pick("fck")
    assert ids == ["Fact check ✓", "+fck"]
    assert picked == ["Fact check ✓"]


async def test_initials_match_before_the_new_name():
    ids, picked = await pick("fu")
    assert ids[0] == "follow-up" and ids[-1] == "+fu"
    assert picked == ["follow-up"]


async def test_the_new_name_is_chosen_explicitly():
    ids, picked = await pick("fck", "down")
    assert picked == ["fck"]


async def test_a_name_nothing_matches_is_made_with_enter():
    ids, picked = await pick("budget")
    assert ids == ["+budget"] and picked == ["budget"]


async def test_a_name_ended_by_a_comma_is_the_tag_it_highlighted() -> None:
    # "sorce," is "source,": each name of several is matched, not only the last.
    ids, picked = await pick("sorce,fck")
    assert picked == ["source", "Fact check ✓"]


async def test_two_swapped_letters_still_find_the_tag_before_the_new_name():
    ids, picked = await pick("sourec")
    assert ids == ["source", "+sourec"] and picked == ["source"]


def test_a_swapped_match_ranks_below_every_match_as_typed():
    from newsread.annotations.fuzzy import rank

    assert rank("cehck", ["check", "cehck-later"]) == ["cehck-later", "check"]
    assert rank("form", ["from"]) == []  # short words: too often another word
    assert rank("clamis", ["claims"]) == ["claims"]
    assert rank("lcamis", ["claims"]) == []  # two swaps away
