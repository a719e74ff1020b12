"""A quote found again on changed words is placed on whole words: a changed
word at its edge is covered by the words that replaced it, never dropped
("48 million pounds" become "52 million pounds" was placed on " million
pounds") nor cut ("Mara Quint" become "Maria Quinn" was "Maria Quin")."""

from __future__ import annotations

import pytest

from newsread.annotations.anchoring import Selector, make_selector, reanchor
from newsread.annotations.held_spans import place_held_spans
from storage.reanchor import place_rejections

BODY = (
    "The mayor said the firm would invest 48 million pounds over five years. "
    "Critics, led by Mara Quint of the ratepayers, disagreed with the plan."
)


def _moved(body: str, quote: str, old: str, new: str, context: bool = True) -> str | None:
    """Where ``quote`` lands once ``old`` is replaced by ``new`` (None: an orphan)."""
    start = body.index(quote)
    sel = make_selector(body, start, start + len(quote))
    if not context:
        sel = Selector(sel.exact, "", "", sel.start, sel.end)
    edited = body.replace(old, new, 1)
    anchor = reanchor(sel, edited, len(body), body)
    return None if anchor is None else edited[anchor.start : anchor.end]


def _on_whole_words(body: str, start: int, end: int) -> bool:
    def inside(i: int) -> bool:
        return 0 < i < len(body) and body[i - 1].isalnum() and body[i].isalnum()

    return not (inside(start) or inside(end) or body[start].isspace() or body[end - 1].isspace())


# --- QA's cases ----------------------------------------------------------------


@pytest.mark.parametrize("context", [True, False], ids=["context", "no-context"])
@pytest.mark.parametrize(
    ("quote", "old", "new", "expected"),
    [
        ("48 million pounds", "48 million", "52 million", "52 million pounds"),
        ("48 million pounds", "48 million", "9.5 million", "9.5 million pounds"),
        ("48 million pounds", "48 million", "14 million", "14 million pounds"),
        ("Mara Quint", "Mara Quint", "Maria Quinn", "Maria Quinn"),
    ],
)
def test_a_changed_first_word_is_covered_by_its_replacement(quote, old, new, expected, context):
    if not context and quote == "Mara Quint":
        # A quote shorter than a search piece, without context, has nothing
        # left to be looked for by once it changed.
        assert _moved(BODY, quote, old, new, context=False) is None
        return
    assert _moved(BODY, quote, old, new, context) == expected


def test_a_figure_with_a_decimal_added_keeps_its_whole_number():
    body = BODY.replace("48 million", "9 million")
    assert _moved(body, "9 million pounds", "9 million", "9.5 million") == "9.5 million pounds"


@pytest.mark.parametrize(
    ("quote", "new"),
    [("14 million", "16 million"), ("12 percent", "15 percent"), ("310 million", "320 million")],
)
def test_the_cases_that_worked_still_do(quote, new):
    body = f"The firm said its costs rose by {quote} last year, the report said."
    assert _moved(body, quote, quote, new) == new


# --- where the change is -------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "old", "new", "expected"),
    [
        # at the start, the end and in the middle
        (
            "firm would invest 48 million",
            "would invest",
            "will invest",
            "firm will invest 48 million",
        ),
        (
            "48 million pounds over five years",
            "five years",
            "six years",
            "48 million pounds over six years",
        ),
        (
            "the firm would invest 48 million pounds",
            "would invest",
            "will invest",
            "the firm will invest 48 million pounds",
        ),
        # a word inserted inside, a word deleted at the start
        (
            "firm would invest 48 million",
            "would invest",
            "would now invest",
            "firm would now invest 48 million",
        ),
        ("firm would invest 48 million", "firm would", "would", "would invest 48 million"),
        # a word deleted at the end
        (
            "the firm would invest 48 million",
            "48 million pounds",
            "48 pounds",
            "the firm would invest 48",
        ),
        # punctuation changed at the end, and inside
        (
            "48 million pounds over five years.",
            "years.",
            "years!",
            "48 million pounds over five years!",
        ),
        (
            "Critics, led by Mara Quint of the ratepayers",
            "Critics, led",
            "Critics - led",
            "Critics - led by Mara Quint of the ratepayers",
        ),
        # the last word changed, with the words after it
        ("led by Mara Quint", "Mara Quint of", "Mara Quinn, of", "led by Mara Quinn"),
    ],
)
def test_a_change_anywhere_leaves_the_quote_on_whole_words(quote, old, new, expected):
    assert _moved(BODY, quote, old, new) == expected


def test_a_quote_whose_words_are_all_replaced_is_an_orphan():
    assert _moved(BODY, "48 million pounds", "48 million pounds", "twelve new schools") is None
    assert (
        _moved(
            BODY,
            "the firm would invest 48 million pounds",
            "the firm would invest 48 million pounds",
            "a different company spent all of its cash",
        )
        is None
    )


def test_a_selection_the_user_began_inside_a_word_keeps_that_edge():
    # Not every selection is on word edges; the words cannot say where such
    # an edge goes, so similarity still does.
    assert (
        _moved(BODY, "illion pounds over five years", "five years", "six years")
        == "illion pounds over six years"
    )


def test_every_one_word_change_lands_on_whole_words():
    quote = "the firm would invest 48 million pounds over five years"
    start = BODY.index(quote)
    sel = make_selector(BODY, start, start + len(quote))
    words = quote.split(" ")
    placed = 0
    for i in range(len(words)):
        for replacement in ("9.5", "Quinn", "several", "-"):
            edited_quote = " ".join([*words[:i], replacement, *words[i + 1 :]])
            edited = BODY.replace(quote, edited_quote)
            anchor = reanchor(sel, edited, len(BODY), BODY)
            if anchor is None:
                continue
            placed += 1
            assert _on_whole_words(edited, anchor.start, anchor.end), (i, replacement)
            assert edited[anchor.start : anchor.end] == edited_quote, (i, replacement)
    assert placed >= len(words) * 3


# --- the spans corrections hold, and rejections --------------------------------


def _span(body: str, text: str) -> dict:
    at = body.index(text)
    return {"start": at, "end": at + len(text), "text": text}


def test_a_correction_s_held_spans_cover_the_changed_words():
    body = (
        "The council met on Monday. Critics, led by Mara Quint of the ratepayers, "
        "said the scheme would cost 48 million over five years."
    )
    edited = body.replace("48 million", "52 million").replace("Mara Quint", "Maria Quinn")
    data = {
        "speaker": _span(body, "Mara Quint"),
        "cue": _span(body, "said"),
        # its last word changed
        "content": _span(body, "the scheme would cost 48"),
        "money": {**_span(body, "48 million over five years"), "label": "MONEY"},
    }
    old = (body.index("Critics"), len(body))
    new = (edited.index("Critics"), len(edited))
    placed = place_held_spans(data, old, new, edited, body)
    assert placed is not None
    assert placed["speaker"]["text"] == "Maria Quinn"
    assert placed["cue"]["text"] == "said"
    assert placed["content"]["text"] == "the scheme would cost 52"
    assert placed["money"]["text"] == "52 million over five years"
    assert placed["money"]["label"] == "MONEY"


def test_a_rejection_moves_onto_the_whole_changed_figure():
    edited = BODY.replace("48 million", "52 million")
    record = {"kind": "entity", "label": "MONEY", **_span(BODY, "48 million pounds")}
    result = place_rejections([record], edited, len(BODY), BODY)
    assert result.dropped == 0
    [moved] = result.kept
    assert moved["text"] == "52 million pounds"
    assert edited[moved["start"] : moved["end"]] == "52 million pounds"
