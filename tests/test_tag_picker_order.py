"""The tag picker puts the tags whose name (or one of whose words) starts with
what was typed above the "+ new tag" line, so enter after a name's start picks
the tag; a looser match (fuzzy, initials, inside a word) comes below it, so
enter after a new name makes that tag rather than one it loosely matches."""

from __future__ import annotations

from textual.app import App

from tui.screens.tag_picker import TagChoice, TagPicker

CHOICES = [
    TagChoice("Fact check ✓", "green", 4),
    TagChoice("source", "cyan", 2),
    TagChoice("follow-up", "magenta", 1),
]


class Host(App[None]):
    def __init__(self, choices: list[TagChoice] = CHOICES) -> None:
        super().__init__()
        self.picked: list[str] | None = None
        self.choices = choices

    def on_mount(self) -> None:
        self.push_screen(TagPicker(self.choices, "a passage"), self._picked)

    def _picked(self, names: list[str] | None) -> None:
        self.picked = names


def option_ids(app: Host) -> list[str]:
    options = app.screen.query_one("OptionList")
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


async def pick(
    typed: str, *keys: str, choices: list[TagChoice] = CHOICES
) -> tuple[list[str], list[str] | None]:
    app = Host(choices)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*typed)
        ids = option_ids(app)
        await pilot.press(*keys, "enter")
        await pilot.pause()
        return ids, app.picked


async def test_a_loose_match_comes_after_the_new_name():
    # "fck" once tagged Fact check: a new name must not become a tag it fuzzily matches.
    ids, picked = await pick("fck")
    assert ids == ["+fck", "Fact check ✓"]
    assert picked == ["fck"]


async def test_initials_are_listed_after_the_new_name():
    ids, picked = await pick("fu")
    assert ids == ["+fu", "follow-up"]
    assert picked == ["fu"]


async def test_a_loose_match_is_chosen_explicitly():
    ids, picked = await pick("fck", "down")
    assert picked == ["Fact check ✓"]


async def test_a_name_nothing_matches_is_made_with_enter():
    ids, picked = await pick("budget")
    assert ids == ["+budget"] and picked == ["budget"]


async def test_the_start_of_a_name_or_of_one_of_its_words_picks_the_tag():
    assert await pick("fol") == (["follow-up", "+fol"], ["follow-up"])
    assert await pick("up") == (["follow-up", "+up"], ["follow-up"])
    assert await pick("CHE") == (["Fact check ✓", "+CHE"], ["Fact check ✓"])


async def test_a_name_inside_a_word_is_a_new_tag():
    ids, picked = await pick("ollow")
    assert ids == ["+ollow", "follow-up"] and picked == ["ollow"]
    known = [TagChoice(n, "red", 1) for n in ("transport", "beta", "crowd")]
    for typed, loose in (("port", "transport"), ("eta", "beta"), ("ro", "crowd")):
        ids, picked = await pick(typed, choices=known)
        assert ids[0] == f"+{typed}" and loose in ids and picked == [typed]
    assert (await pick("tra", choices=known))[1] == ["transport"]


async def test_the_exact_name_in_another_case_is_the_existing_tag():
    ids, picked = await pick("SOURCE")
    assert ids == ["source"] and picked == ["source"]


async def test_a_name_ended_by_a_comma_is_the_tag_it_highlighted() -> None:
    # "sou," is "source,": each name of several is matched, not only the last.
    ids, picked = await pick("sou,fact")
    assert picked == ["source", "Fact check ✓"]


async def test_two_swapped_letters_still_list_the_tag_below_the_new_name():
    ids, picked = await pick("sourec")
    assert ids == ["+sourec", "source"] and picked == ["sourec"]


def test_a_swapped_match_ranks_below_every_match_as_typed():
    from newsread.annotations.fuzzy import rank

    assert rank("cehck", ["check", "cehck-later"]) == ["cehck-later", "check"]
    assert rank("form", ["from"]) == []  # short words: too often another word
    assert rank("clamis", ["claims"]) == ["claims"]
    assert rank("lcamis", ["claims"]) == []  # two swaps away


async def test_accents_are_folded_as_search_folds_them():
    # Typed without dead keys, the start of an accented tag picks it (a new
    # tag "verif" beside vérifier was all the picker offered).
    known = [TagChoice(n, "red", 1) for n in ("vérifier", "Zürich desk", "source")]
    assert await pick("verif", choices=known) == (["vérifier", "+verif"], ["vérifier"])
    assert await pick("zur", choices=known) == (["Zürich desk", "+zur"], ["Zürich desk"])
    # Accents typed where the tag has none match too.
    assert await pick("sóur", choices=known) == (["source", "+sóur"], ["source"])
    # A looser match of the folded name still comes after the new name.
    ids, picked = await pick("vrf", choices=known)
    assert ids == ["+vrf", "vérifier"] and picked == ["vrf"]
