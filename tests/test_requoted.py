"""An annotation a re-import places on changed words (found by similarity:
"14 million" become "16 million") keeps the words it was made on, and the
user is told: a fact-checker's tag must not silently sit on a new figure."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from newsread.model import REQUOTED_FROM, Tag
from storage.edits import tag_quote
from storage.imports import import_paths
from storage.library import Library
from tui.cli import main
from tui.widgets.side_panel import annotation_line

TITLE = "Harbour crane approved"
CLAIM = "The council met on Monday to approve the crane, which will cost 14 million euros."
FIXED = "The council met on Monday to approve the crane, which will cost 16 million euros."
AGAIN = "The council met on Monday to approve the crane, which will cost 18 million euros."
LAST = "Opponents said the harbour should wait for the spring survey."


def _write(path: Path, *paragraphs: str) -> str:
    path.write_text("\n\n".join([TITLE, *paragraphs]) + "\n", encoding="utf-8")
    return str(path)


def test_a_tag_placed_on_changed_words_keeps_its_first_words_and_is_counted(tmp_path):
    library = Library(tmp_path / "lib")
    source = tmp_path / "story.txt"
    summary, _ = import_paths(library, [_write(source, CLAIM, LAST)])
    [article_id] = summary.added
    tag_quote(library, None, article_id, CLAIM, ["check"])

    again, _ = import_paths(library, [_write(source, FIXED, LAST)])
    assert again.requoted == 1 and again.orphaned == 0
    [ann] = library.annotations(article_id)
    assert ann.quote == FIXED and ann.data[REQUOTED_FROM] == CLAIM

    # A later change keeps the words first tagged, not the ones in between.
    third, _ = import_paths(library, [_write(source, AGAIN, LAST)])
    [ann] = library.annotations(article_id)
    assert third.requoted == 1 and ann.quote == AGAIN and ann.data[REQUOTED_FROM] == CLAIM


def test_a_tag_moved_unchanged_is_not_counted(tmp_path):
    library = Library(tmp_path / "lib")
    source = tmp_path / "story.txt"
    summary, _ = import_paths(library, [_write(source, CLAIM, LAST)])
    [article_id] = summary.added
    tag_quote(library, None, article_id, LAST, ["check"])
    again, _ = import_paths(library, [_write(source, FIXED, LAST)])
    [ann] = library.annotations(article_id)
    assert again.requoted == 0 and REQUOTED_FROM not in ann.data


def test_the_cli_says_so_and_the_side_panel_shows_the_first_words(tmp_path, capsys):
    lib, source = tmp_path / "lib", tmp_path / "story.txt"
    args = ["--library", str(lib), "import", "--no-analyze"]
    assert main([*args, _write(source, CLAIM, LAST)]) == 0
    library = Library(lib)
    [meta] = library.article_metas()
    tag_quote(library, None, meta["id"], CLAIM, ["check"])
    capsys.readouterr()
    assert main([*args, _write(source, FIXED, LAST)]) == 0
    assert "1 annotation placed on changed words" in capsys.readouterr().out

    [ann] = Library(lib).annotations(meta["id"])
    text = Text()
    annotation_line(text, ann, {"check": Tag("check", "red")})
    # The part that changed is shown, not the start the two share.
    assert "≈ first tagged: …" in text.plain and "cost 14 million euros." in text.plain
