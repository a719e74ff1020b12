"""A quote still found, but glued into a longer word after a re-import
("48 million euros" inside "148 million euros", "Monday" inside "Mondays"),
is placed on the whole new words and said as a change of its words; a text
changed back to the words first tagged is no longer a change."""

from __future__ import annotations

import json

import pytest

from newsread.annotations.anchoring import make_selector, reanchor
from newsread.model import REQUOTED_FROM, new_annotation
from storage.imports import import_paths
from storage.library import Library
from tui.cli import main

TEXT = (
    "Harbour plan\n\n"
    "The port will spend 48 million euros on new quays. "
    "Its director Tomas Ekdahl said on Monday that it expects 120 cargo ships "
    "a year at Berghavn from 2030.\n"
)
GROWN = (
    TEXT.replace("48 million", "148 million")
    .replace("120 cargo", "1,120 cargo")
    .replace("Tomas Ekdahl said", "Tomas Ekdahl-Berg said")
    .replace("on Monday", "on Mondays")
    .replace("at Berghavn", "at Berghavns")
)
CASES = [
    ("48 million euros", "148 million euros"),
    ("120 cargo ships", "1,120 cargo ships"),
    ("Tomas Ekdahl", "Tomas Ekdahl-Berg"),
    ("Monday", "Mondays"),
]


def test_tags_on_words_that_grew_are_exported_on_the_whole_new_words(tmp_path, capsys):
    lib, source = tmp_path / "lib", tmp_path / "harbour.txt"
    source.write_text(TEXT, encoding="utf-8")
    base = ["--library", str(lib)]
    assert main([*base, "import", "--no-analyze", str(source)]) == 0
    [meta] = Library(lib).article_metas()
    for quote, _ in CASES:
        assert main([*base, "tag", meta["id"], "--quote", quote, "--tag", "figure"]) == 0
    source.write_text(GROWN, encoding="utf-8")
    capsys.readouterr()
    assert main([*base, "import", "--no-analyze", str(source)]) == 0
    assert "4 annotations placed on changed words" in capsys.readouterr().out
    assert main([*base, "export"]) == 0
    exported = json.loads(capsys.readouterr().out)["annotations"]
    body = Library(lib).get_article(meta["id"]).body
    found = {a["data"][REQUOTED_FROM]: a for a in exported}
    for old, new in CASES:
        ann = found[old]
        assert ann["quote"] == new
        assert body[ann["start"] : ann["end"]] == new


def test_an_entity_correction_on_a_word_that_grew_covers_the_whole_word(tmp_path):
    source = tmp_path / "harbour.txt"
    source.write_text(TEXT, encoding="utf-8")
    library = Library(tmp_path / "lib")
    _, [article] = import_paths(library, [str(source)])
    start = article.body.index("Berghavn")
    end = start + len("Berghavn")
    place = new_annotation(
        article,
        start,
        end,
        ["GPE"],
        data={
            "suggestion": {"kind": "entity", "label": "GPE"},
            "correction": {
                "kind": "entity",
                "label": "GPE",
                "was": None,
                "replaces": [{"start": start, "end": end, "text": "Berghavn", "label": "PERSON"}],
            },
        },
    )
    library.save_annotation(place)
    source.write_text(GROWN, encoding="utf-8")
    summary, _ = import_paths(library, [str(source)])
    assert summary.requoted == 1 and summary.orphaned == 0
    [moved] = library.annotations(article.id)
    assert moved.quote == "Berghavns"
    assert moved.data[REQUOTED_FROM] == "Berghavn"
    assert moved.data["correction"]["replaces"][0]["text"] == "Berghavns"


@pytest.mark.parametrize(
    ("body", "quote", "edited", "expected"),
    [
        # The user's own edge inside a word stays where they put it.
        (
            "spend 48 million euros now",
            "8 million euros",
            "spend 148 million euros now",
            "8 million euros",
        ),
        ("on Mondays too", "Monday", "on Mondaysx too", "Monday"),
        # At the very end of the text, where no context follows.
        ("it was Monday", "Monday", "it was Mondays", "Mondays"),
    ],
)
def test_edges_move_to_whole_words_only_where_the_selection_had_them(
    body: str, quote: str, edited: str, expected: str
) -> None:
    start = body.index(quote)
    anchor = reanchor(make_selector(body, start, start + len(quote)), edited, len(body))
    assert anchor is not None
    assert edited[anchor.start : anchor.end] == expected


def test_a_figure_changed_back_to_the_words_first_tagged_is_no_longer_a_change(tmp_path, capsys):
    lib, source = tmp_path / "lib", tmp_path / "b.txt"
    text = (
        "Budget plan questioned\n\n"
        "The mayor said the firm would invest 48 million pounds over five years. "
        "Critics disagreed.\n"
    )
    source.write_text(text, encoding="utf-8")
    base = ["--library", str(lib)]
    assert main([*base, "import", "--no-analyze", str(source)]) == 0
    [meta] = Library(lib).article_metas()
    assert main([*base, "tag", meta["id"], "--quote", "48 million pounds", "--tag", "check"]) == 0
    source.write_text(text.replace("48 million", "52 million"), encoding="utf-8")
    capsys.readouterr()
    assert main([*base, "import", "--no-analyze", str(source)]) == 0
    assert "1 annotation placed on changed words" in capsys.readouterr().out
    source.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main([*base, "import", "--no-analyze", str(source)]) == 0
    assert "placed on changed words" not in capsys.readouterr().out
    assert main([*base, "export"]) == 0
    [exported] = json.loads(capsys.readouterr().out)["annotations"]
    assert exported["quote"] == "48 million pounds"
    assert REQUOTED_FROM not in exported.get("data", {})
