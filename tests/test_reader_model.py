"""The reader's rules without a terminal: the cursor and what it moves by, how a
selection grows, find, and what sits at the cursor (annotations, suggestions)."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from newsread.analysis import Analysis, Claim, Entity
from newsread.model import TAG_PALETTE, Annotation, Article, Tag
from tui.models.cursor import TextCursor
from tui.models.reader import ReaderModel, suggestion_label

BODY = (
    "Mara Quist spoke on Monday. The crane cost 12 million dollars.\n"
    "\n"
    "Quist said the board agreed. Critics warned Quist about the estuary."
)


def span_of(text: str, start: int = 0) -> tuple[int, int]:
    at = BODY.index(text, start)
    return at, at + len(text)


# Two sentences in each paragraph.
S1 = span_of("Mara Quist spoke on Monday.")
S2 = span_of("The crane cost 12 million dollars.")
S3 = span_of("Quist said the board agreed.")
S4 = span_of("Critics warned Quist about the estuary.")
SENTENCES = [S1, S2, S3, S4]

MARA = Entity(*span_of("Mara Quist"), "PERSON", "Mara Quist")
QUIST = Entity(*span_of("Quist", S3[0]), "PERSON", "Quist")
MONDAY = Entity(*span_of("Monday"), "DATE", "Monday")
CLAIM = Claim(S4[0], S4[1], "attributed", 0.8)


def analysis() -> Analysis:
    return Analysis("test", "0", list(SENTENCES), [MARA, MONDAY, QUIST], [CLAIM])


def ann(
    ann_id: str, span: tuple[int, int], tags: list[str], created: str = "1", orphan: bool = False
) -> Annotation:
    return Annotation(
        id=ann_id,
        article_id="a1",
        start=span[0],
        end=span[1],
        quote=BODY[span[0] : span[1]],
        tags=tags,
        created=created,
        orphan=orphan,
    )


def model(annotations: list[Annotation] | None = None, **kwargs) -> ReaderModel:
    article = Article(id="a1", title="T", body=BODY)
    tags = kwargs.pop("tags", [Tag("check", "#61afef")])
    reader = ReaderModel(article, list(annotations or []), tags, **kwargs)
    reader.add_text_units()
    return reader


def ready(annotations: list[Annotation] | None = None, **kwargs) -> ReaderModel:
    reader = model(annotations, **kwargs)
    reader.set_analysis(analysis(), "test 0")
    return reader


def text(span: tuple[int, int] | None) -> str:
    assert span is not None
    return BODY[span[0] : span[1]]


# -- layering ----------------------------------------------------------------------------


def test_models_load_without_textual():
    code = (
        "import sys\n"
        "import tui.models.cursor, tui.models.reader, tui.models.library, tui.context\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def _imports(path: Path) -> set[str]:
    """Every module a file imports, wherever the import stands (functions and
    TYPE_CHECKING blocks too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_screens_widgets_and_models_never_import_the_app():
    root = Path(__file__).resolve().parents[1] / "tui"
    folders = ("screens", "widgets", "models")
    files = [path for folder in folders for path in (root / folder).rglob("*.py")]
    assert len(files) > 10
    offenders = [str(p.relative_to(root)) for p in files if "tui.app" in _imports(p)]
    assert offenders == []


# -- the cursor: units and moves ------------------------------------------------------------


def test_the_first_sentences_place_the_cursor_once():
    reader = model()
    assert reader.cursor.span is None and reader.cursor.target is None
    assert reader.set_analysis(analysis(), "test 0") is True
    assert reader.cursor.span == S1 and reader.cursor.unit == "sentence"
    reader.cursor.move("sentence", 1)
    # Sentences arriving again (a second analysis) leave the cursor where it is.
    assert reader.cursor.set_units("sentence", SENTENCES) is False
    assert reader.cursor.span == S2


def test_moving_by_sentences_stops_at_either_end():
    cursor = ready().cursor
    assert cursor.move("sentence", -1) is False and cursor.span == S1
    for expected in (S2, S3, S4):
        assert cursor.move("sentence", 1) is True and cursor.span == expected
    assert cursor.move("sentence", 1) is False and cursor.span == S4
    assert cursor.unit_index("sentence") == (4, 4)
    assert cursor.move("sentence", -1) is True and cursor.span == S3


def test_moving_by_words_starts_at_the_sentence_the_cursor_is_on():
    cursor = ready().cursor
    cursor.move("sentence", 1)
    # From a sentence, the word starting where the sentence starts comes next.
    assert cursor.move("word", 1) and text(cursor.span) == "The"
    assert cursor.move("word", 1) and text(cursor.span) == "crane"
    assert cursor.move("word", -1) and text(cursor.span) == "The"
    assert cursor.move("word", -1) and text(cursor.span) == "Monday"
    assert cursor.unit == "word"


def test_moving_by_paragraphs_and_marks():
    cursor = ready().cursor
    # From a sentence, the paragraph starting where it starts comes first.
    assert cursor.move("paragraph", 1) and cursor.span == (S1[0], S2[1])
    assert cursor.move("paragraph", 1) and cursor.span == (S3[0], S4[1])
    assert cursor.move("paragraph", 1) is False
    assert cursor.move("paragraph", -1) and cursor.span == (S1[0], S2[1])
    cursor.move_to_span(S1, "sentence")
    # Marks are entities and claims, in text order.
    assert cursor.move("mark", 1) and cursor.span == (MARA.start, MARA.end)
    assert cursor.move("mark", 1) and cursor.span == (MONDAY.start, MONDAY.end)
    assert cursor.move("mark", 1) and cursor.span == (QUIST.start, QUIST.end)
    assert cursor.move("mark", 1) and cursor.span == S4  # the claim
    assert cursor.move("mark", 1) is False
    assert cursor.move("mark", -1) and cursor.span == (QUIST.start, QUIST.end)


def test_an_unknown_unit_or_an_empty_body_never_moves():
    cursor = TextCursor("")
    cursor.set_units("sentence", [])
    cursor.set_units("word", [])
    assert cursor.span is None
    assert cursor.move("sentence", 1) is False and cursor.move("word", -1) is False
    assert cursor.move("mark", 1) is False
    assert cursor.selection is None and cursor.target is None
    assert cursor.toggle_selection() is False and cursor.anchor is None
    assert cursor.unit_index("sentence") is None
    assert cursor.unit_at(0) is None


def test_empty_body_reader_has_nothing_at_the_cursor():
    reader = ReaderModel(Article(id="e", title="E", body=""), [], [])
    reader.add_text_units()
    assert reader.analysis_failed() is False  # no sentence to put the cursor on
    assert reader.analysis_note == "no spaCy analysis: rough sentences"
    assert reader.annotations_at_cursor() == []
    assert reader.annotation_under_cursor() is None
    assert reader.suggestion_at_cursor() is None
    assert reader.next_match("x") is None and reader.find_matches("") == []


def test_rough_sentences_stand_in_when_the_analysis_fails():
    reader = model()
    assert reader.analysis_failed() is True
    assert text(reader.cursor.span) == "Mara Quist spoke on Monday."
    assert reader.analysis is None and "mark" not in reader.cursor.units
    assert reader.visible_entities() == [] and reader.suggestion_at_cursor() is None


def test_unit_at_an_offset_prefers_the_sentence():
    cursor = ready().cursor
    assert cursor.unit_at(S2[0] + 3) == (S2, "sentence")
    assert cursor.unit_at(S2[1]) is None  # the space between two sentences
    words = TextCursor(BODY)
    words.set_units("word", [(0, 4)])
    assert words.unit_at(2) == ((0, 4), "word")


# -- selections ------------------------------------------------------------------------


def test_an_anchored_selection_grows_and_shrinks_with_each_move():
    cursor = ready().cursor
    assert cursor.toggle_selection() is True and cursor.anchor == S1
    assert cursor.selection == S1
    cursor.move("sentence", 1)
    cursor.move("sentence", 1)
    assert cursor.selection == (S1[0], S3[1]) and cursor.target == cursor.selection
    cursor.move("sentence", -1)
    assert cursor.selection == (S1[0], S2[1])
    # By a finer unit the selection ends with the cursor's word.
    cursor.move("word", 1)
    assert cursor.selection == (S1[0], span_of("The")[1])


def test_a_selection_grows_backwards_from_its_anchor():
    cursor = ready().cursor
    cursor.move_to_span(S3, "sentence")
    cursor.toggle_selection()
    cursor.move("sentence", -1)
    cursor.move("sentence", -1)
    assert cursor.selection == (S1[0], S3[1])


def test_a_second_toggle_clears_the_selection():
    cursor = ready().cursor
    cursor.toggle_selection()
    cursor.move("sentence", 1)
    assert cursor.toggle_selection() is True  # changed: the selection went
    assert cursor.selection is None and cursor.target == S2
    cursor.select_span(3, 9)
    assert cursor.has_selection and cursor.toggle_selection() is True
    assert cursor.selection is None


def test_a_free_span_wins_over_the_anchor_until_the_next_move():
    cursor = ready().cursor
    cursor.toggle_selection()
    cursor.select_span(5, 10)
    assert cursor.anchor is None and cursor.selection == (5, 10) and cursor.target == (5, 10)
    cursor.move("sentence", 1)
    assert cursor.free_span is None and cursor.selection is None and cursor.span == S2


def test_moving_to_a_span_drops_a_free_span_but_keeps_an_anchor():
    cursor = ready().cursor
    cursor.select_span(5, 10)
    cursor.move_to_span((MARA.start, MARA.end), "mark")
    assert cursor.selection is None and cursor.unit == "mark"
    cursor.toggle_selection()
    cursor.move_to_span(S2, "sentence")
    assert cursor.selection == (MARA.start, S2[1])


def test_mouse_spans_cover_both_ends_and_drop_white_space():
    cursor = TextCursor("  one two  ")
    assert cursor.dragged(6, 2) == (2, 7)
    assert cursor.released(0, 10) == (2, 9)
    assert cursor.released(0, 1) is None  # only white space


# -- annotations at the cursor -------------------------------------------------------------


def test_annotations_at_the_cursor_in_stored_order_and_innermost_first():
    outer = ann("outer", (0, 62), ["check"], created="1")
    inner = ann("inner", (0, 10), ["name"], created="2")
    same_size_later = ann("later", (11, 21), ["x"], created="3")
    elsewhere = ann("away", S4, ["x"])
    lost = ann("lost", (0, 27), ["x"], orphan=True)
    reader = ready([outer, inner, same_size_later, elsewhere, lost])
    assert [a.id for a in reader.annotations_at_cursor()] == ["outer", "inner", "later"]
    assert [a.id for a in reader.innermost_first(S1)] == ["inner", "later", "outer"]
    assert reader.annotation_under_cursor().id == "inner"
    reader.cursor.move("sentence", 1)
    assert reader.annotation_under_cursor().id == "outer"
    assert reader.annotations_at((S2[1], S3[0])) == []  # touching is not overlapping


def test_equal_spans_give_the_oldest_annotation():
    older = ann("older", S1, ["a"], created="2026-01-01")
    newer = ann("newer", S1, ["b"], created="2026-02-01")
    reader = ready([newer, older])
    assert reader.annotation_under_cursor().id == "older"


def test_the_selection_decides_what_is_at_the_cursor():
    first = ann("first", (0, 4), ["a"])
    second = ann("second", S4, ["b"])
    reader = ready([first, second])
    reader.cursor.toggle_selection()
    for _ in range(3):
        reader.cursor.move("sentence", 1)
    assert [a.id for a in reader.annotations_at_cursor()] == ["first", "second"]


def test_an_annotation_on_exactly_a_span_and_the_orphans():
    placed = ann("p", S2, ["a"])
    lost = ann("o", S2, ["b"], orphan=True)
    reader = ready([lost, placed])
    assert reader.annotation_on(S2) is placed
    assert reader.annotation_on((S2[0], S2[1] - 1)) is None
    assert reader.orphans() == [lost]


# -- suggestions ----------------------------------------------------------------------------


def test_the_suggestion_at_the_cursor():
    reader = ready()
    assert reader.suggestion_at_cursor() is None  # a sentence is not an entity
    reader.cursor.move("mark", 1)
    assert reader.suggestion_at_cursor() == ("entity", MARA)
    reader.cursor.move_to_span(S4, "sentence")
    assert reader.suggestion_at_cursor() == ("claim", CLAIM)
    # Moving by words, a word inside an entity is on that entity.
    reader.cursor.move_to_span(span_of("Quist"), "word")
    assert reader.suggestion_at_cursor() == ("entity", MARA)
    reader.cursor.move_to_span(span_of("Quist"), "sentence")
    assert reader.suggestion_at_cursor() is None
    assert suggestion_label(MARA) == "PERSON" and suggestion_label(CLAIM) == "attributed"


def test_rejected_suggestions_are_hidden_until_shown():
    reader = ready()
    reader.cursor.move_to_span((MARA.start, MARA.end), "mark")
    record = reader.reject("entity", MARA)
    assert record["text"] == "Mara Quist" and record["label"] == "PERSON"
    assert reader.is_rejected("entity", MARA)
    assert not reader.is_rejected("claim", Claim(MARA.start, MARA.end, "attributed", 0.5))
    assert MARA not in reader.visible_entities()
    assert (MARA.start, MARA.end) not in reader.cursor.units["mark"]
    assert reader.suggestion_at_cursor() is None
    assert reader.visible_analysis().entities == [MONDAY, QUIST]
    assert reader.toggle_rejected() is True
    assert (MARA.start, MARA.end) in reader.cursor.units["mark"]
    assert reader.suggestion_at_cursor() == ("entity", MARA)
    assert reader.toggle_rejected() is False
    assert reader.unreject([("entity", MARA)]) == [("entity", MARA.start, MARA.end, None)]
    assert reader.rejected == [] and MARA in reader.visible_entities()


def test_rejections_given_with_the_article_apply_at_once():
    rejected = [{"kind": "claim", "label": "attributed", "start": S4[0], "end": S4[1]}]
    reader = ready(rejected=rejected)
    assert reader.visible_claims() == []
    assert S4 not in reader.cursor.units["mark"]


def test_accepting_suggestions_builds_annotations_with_their_data():
    reader = ready()
    person = reader.suggestion_annotation(MARA)
    assert person.tags == ["PERSON"] and person.quote == "Mara Quist"
    assert person.data == {"suggestion": {"kind": "entity", "label": "PERSON"}}
    assert "PERSON" in reader.tags
    speaker = Claim(S3[0], S3[1], "attributed", 0.5)
    claim = reader.suggestion_annotation(speaker)
    assert claim.data["suggestion"] == {"kind": "claim", "label": "attributed", "score": 0.5}


def test_every_mention_not_yet_accepted():
    second_mara = Entity(*span_of("Quist", S4[0]), "PERSON", "Quist")
    reader = ready()
    reader.analysis.entities.append(second_mara)
    # "Quist" is Mara Quist's surname: A takes the full name and every "Quist".
    assert reader.unaccepted_mentions(QUIST) == [MARA, QUIST, second_mara]
    assert reader.unaccepted_mentions(MARA) == [MARA, QUIST, second_mara]
    reader.apply([(None, ann("q", (QUIST.start, QUIST.end), ["PERSON"]))])
    assert reader.already_accepted(QUIST, "PERSON")
    assert not reader.already_accepted(QUIST, "ORG")
    assert reader.unaccepted_mentions(QUIST) == [MARA, second_mara]


def test_every_mention_answered_tells_accepts_from_corrections():
    from dataclasses import replace

    from tui.wording import all_answered

    second_mara = Entity(*span_of("Quist", S4[0]), "PERSON", "Quist")
    reader = ready()
    reader.analysis.entities.append(second_mara)
    corrected = replace(
        ann("c", (MARA.start, MARA.end), ["PERSON"]),
        data={"correction": {"kind": "entity", "label": "PERSON", "was": "ORG"}},
    )
    reader.apply([(None, corrected)])
    answers = [answered for _, answered in reader.mention_answers(QUIST)]
    assert answers == ["corrected", "", ""]
    assert all_answered("Quist", answers[:1]) == "every mention of Quist is already corrected"
    reader.apply(
        [
            (None, ann("q", (QUIST.start, QUIST.end), ["PERSON"])),
            (None, ann("q2", (second_mara.start, second_mara.end), ["PERSON"])),
        ]
    )
    assert reader.unaccepted_mentions(QUIST) == []
    answers = [answered for _, answered in reader.mention_answers(QUIST)]
    assert answers == ["corrected", "accepted", "accepted"]
    assert all_answered("Quist", answers) == (
        "every mention of Quist is already answered: 2 accepted, 1 corrected"
    )
    assert all_answered("Quist", answers[1:]) == "every mention of Quist is already accepted"


def test_mentions_of_a_listed_entity_take_in_its_short_forms():
    second = Entity(*span_of("Quist", S4[0]), "PERSON", "Quist")
    reader = ready()
    reader.analysis.entities.append(second)
    assert [(g.name, len(g.mentions)) for g in reader.entity_groups()][:1] == [("Mara Quist", 3)]
    assert reader.mentions("Mara Quist") == [MARA, QUIST, second]
    stops = [reader.next_mention("Mara Quist") for _ in range(4)]
    assert [(m.entity, m.number, m.count) for m in stops] == [
        (MARA, 1, 3),
        (QUIST, 2, 3),
        (second, 3, 3),
        (MARA, 1, 3),
    ]


def test_next_mention_cycles_through_an_entity_name():
    second = Entity(*span_of("Quist", S4[0]), "PERSON", "Quist")
    reader = ready()
    reader.analysis.entities.append(second)
    first = reader.next_mention("Quist")
    assert (first.entity, first.number, first.count) == (QUIST, 1, 2)
    assert reader.next_mention("Quist").entity == second
    assert reader.next_mention("Quist").number == 1
    assert reader.next_mention("Nobody") is None


# -- find -------------------------------------------------------------------------------


def test_find_ignores_case_and_counts_overlapping_matches():
    reader = ready()
    assert reader.find_matches("QUIST") == [5, S3[0], S4[0] + 15]
    odd = ReaderModel(Article(id="o", title="O", body="aaaa"), [], [])
    assert odd.find_matches("aa") == [0, 1, 2]


def test_next_match_follows_the_cursor_and_wraps_round():
    reader = ready()
    first = reader.next_match("quist")
    # The cursor is on the first sentence, which starts at 0: the match at 5 is next.
    assert (first.start, first.end, first.number, first.count) == (5, 10, 1, 3)
    reader.cursor.select_span(first.start, first.end)
    second = reader.next_match("quist")
    assert (second.start, second.number) == (S3[0], 2)
    reader.cursor.move_to_span(S4, "sentence")  # from a cursor, not a selection
    third = reader.next_match("quist")
    assert (third.start, third.number) == (S4[0] + 15, 3)
    reader.cursor.select_span(third.start, third.end)
    assert reader.next_match("quist").number == 1  # wrapped
    assert reader.next_match("nowhere") is None and reader.next_match("") is None


def test_find_before_the_sentences_are_known_starts_at_the_top():
    reader = model()
    assert reader.cursor.target is None
    assert reader.next_match("Mara").start == 0


# -- tags and changes --------------------------------------------------------------------


def test_a_new_tag_takes_a_colour_no_tag_has():
    reader = ready(tags=[Tag("a", TAG_PALETTE[0]), Tag("b", TAG_PALETTE[1])])
    assert reader.tag("a").color == TAG_PALETTE[0]
    assert reader.tag("new").color == TAG_PALETTE[2]
    assert "new" not in reader.tags
    reader.ensure_tags(["new"])
    assert reader.tags["new"].color == TAG_PALETTE[2]


def test_quick_tags_and_the_tags_offered():
    reader = ready(tags=[Tag("check", "#61afef", key="1"), Tag("other", "#c678dd")])
    configured = {"1": "ignored", "2": "source"}
    assert reader.quick_tags(configured) == {"1": "check", "2": "source"}
    offered = [(t.name, key) for t, key in reader.offered_tags(configured)]
    assert offered == [("check", "1"), ("other", ""), ("source", "2")]
    assert "source" not in reader.tags  # offered, created only when used


def test_applying_changes_keeps_order_and_counts_tag_uses():
    late = ann("late", S4, ["check"])
    reader = ready([late])
    early = reader.make_annotation(S1, ["check", "new"])
    assert reader.tags["new"].color
    delta = reader.apply([(None, early)])
    assert [a.id for a in reader.annotations] == [early.id, "late"]
    assert delta == Counter({"check": 1, "new": 1})
    moved = reader.with_tags_added(late, ["extra"])
    assert moved.tags == ["check", "extra"]
    delta = reader.apply([(late, moved), (early, None)])
    assert [a.id for a in reader.annotations] == ["late"]
    assert reader.annotations[0].tags == ["check", "extra"]
    assert delta == Counter({"check": -1, "new": -1, "extra": 1})
    noted = reader.with_note(reader.annotations[0], "why")
    assert noted.note == "why" and noted.id == "late"


def test_reattaching_an_orphan_places_it_on_the_span():
    lost = ann("o", (0, 5), ["x"], orphan=True)
    reader = ready([lost])
    placed = reader.reattached(lost, S2)
    assert not placed.orphan and placed.quote == BODY[S2[0] : S2[1]] and placed.updated


def test_what_is_stored_replaces_the_model_and_differences_are_named():
    mine = ann("m", S1, ["check"])
    reader = ready([mine])
    assert reader.stored_difference([mine], [Tag("check", "#61afef")]) is None
    assert reader.stored_difference([mine], [Tag("check", "#000000")]) == "tags"
    theirs = ann("t", S2, ["other"])
    assert reader.stored_difference([mine, theirs], []) == "annotations"
    delta = reader.replace_stored([theirs], [Tag("other")])
    assert delta == Counter({"other": 1, "check": -1})
    assert reader.annotations == [theirs] and list(reader.tags) == ["other"]


@pytest.mark.parametrize("moves", [0, 1, 3])
def test_the_cursor_index_within_its_unit(moves):
    cursor = ready().cursor
    for _ in range(moves):
        cursor.move("sentence", 1)
    assert cursor.unit_index("sentence") == (moves + 1, 4)
    assert cursor.unit_index("nothing") is None


def test_find_offsets_hold_after_letters_whose_case_folding_is_longer():
    body = "Die Straße war voll. Der Bürgermeister sprach. Straße gesperrt."
    reader = ReaderModel(Article(id="de", title="DE", body=body), [], [])
    assert [body[s:e] for s, e in reader.find_spans("GESPERRT")] == ["gesperrt"]
    assert [body[s:e] for s, e in reader.find_spans("straße")] == ["Straße", "Straße"]
    match = reader.next_match("sprach")
    assert match is not None and body[match.start : match.end] == "sprach"


def test_x_takes_the_users_own_annotation_before_a_teammates_on_the_same_words():
    from dataclasses import replace

    theirs = replace(ann("t1", S1, ["check"], created="2026-01-01"), annotator="max")
    mine = replace(ann("m1", S1, ["source"], created="2026-02-01"), annotator="ines")
    reader = ready([theirs, mine], annotator="ines")
    assert reader.annotation_under_cursor() is theirs  # older, so innermost-first
    assert reader.annotation_to_delete() is mine
    alone = ready([theirs], annotator="ines")
    assert alone.annotation_to_delete() is theirs


def test_word_moves_from_a_selected_match_start_at_the_match() -> None:
    from tui.models.cursor import TextCursor

    body = "One two three four. Five six."
    cursor = TextCursor(body)
    cursor.set_units("sentence", [(0, 19), (20, 29)])
    words = [(0, 3), (4, 7), (8, 13), (14, 18), (20, 24), (25, 28)]
    cursor.set_units("word", words)
    cursor.select_span(8, 13)  # "three", the cursor on its sentence
    assert cursor.move("word", 1) and cursor.span == (14, 18)
    cursor.select_span(8, 13)
    assert cursor.move("word", -1) and cursor.span == (4, 7)
    # By sentences: on to the next one; back, past the one the cursor is on.
    cursor.move_to_span((20, 29), "sentence")
    cursor.select_span(25, 28)
    assert not cursor.move("sentence", 1)
    cursor.select_span(25, 28)
    assert cursor.move("sentence", -1) and cursor.span == (0, 19)
    cursor.select_span(8, 13)
    assert cursor.move("sentence", 1) and cursor.span == (20, 29)
