"""newsread doctor hints at an annotation a move put on changed words with an
edge off its words (" million pounds" for "48 million pounds"), as older
re-imports did; a selection the user made inside a word is not named, and
a hint is no problem: doctor still passes."""

from __future__ import annotations

from dataclasses import replace

from newsread.model import REQUOTED_FROM, new_annotation
from storage.imports import import_paths
from storage.library import Library
from tui.cli import main

TEXT = (
    "Budget plan questioned\n\n"
    "The mayor said the firm would invest 52 million pounds over six years. "
    "Critics, led by Maria Quinn, disagreed.\n"
)


def _library(tmp_path):
    source = tmp_path / "b.txt"
    source.write_text(TEXT, encoding="utf-8")
    library = Library(tmp_path / "lib")
    _, [article] = import_paths(library, [str(source)])
    return library, article


def _placed(article, quote: str, first: str | None, after: int = 0):
    start = article.body.index(quote, after)
    ann = new_annotation(article, start, start + len(quote), ["check"])
    return ann if first is None else replace(ann, data={REQUOTED_FROM: first})


def test_doctor_hints_at_a_moved_tag_cut_off_its_words(tmp_path, capsys):
    library, article = _library(tmp_path)
    cut = [
        _placed(article, " million pounds", "48 million pounds"),
        _placed(article, "Maria Quin", "Mara Quint"),
    ]
    library.save_annotations(article.id, cut)
    capsys.readouterr()
    assert main(["--library", str(library.root), "doctor"]) == 0
    out = capsys.readouterr().out
    hints = [line for line in out.splitlines() if line.startswith("hint: ")]
    assert len(hints) == 2
    assert "' million pounds' starts on white space" in hints[0]
    assert "'48 million pounds'" in hints[0]
    assert "'Maria Quin' ends inside a word" in hints[1]
    assert "every file is readable and consistent" in out


def test_doctor_leaves_sound_and_user_made_edges_alone(tmp_path, capsys):
    library, article = _library(tmp_path)
    fine = [
        _placed(article, "52 million pounds", "48 million pounds"),
        # The user began this one inside a word, and a move kept that edge.
        _placed(article, "illion pounds over six", "illion pounds over five"),
        # Made there by the user: not moved, nothing to say.
        _placed(article, "aria Qui", None),
        _placed(article, " disagreed", None),
    ]
    library.save_annotations(article.id, fine)
    capsys.readouterr()
    assert main(["--library", str(library.root), "doctor"]) == 0
    assert "hint:" not in capsys.readouterr().out
