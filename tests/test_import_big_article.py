"""An article so long that its analysis takes minutes is named by the import."""

from __future__ import annotations

from pathlib import Path

from storage import imports
from storage.imports import import_paths
from storage.library import Library
from tui.cli import main

SENTENCE = "The committee said the harbour budget rose again. "


def test_the_import_names_an_article_whose_analysis_takes_minutes(
    capsys, tmp_path: Path, monkeypatch
) -> None:
    # The bound, not the size: a 3 MB file would make the test as slow as the import.
    monkeypatch.setattr(imports, "BIG_ARTICLE", 2_000)
    big = tmp_path / "hugeline.txt"
    big.write_text("Huge line story\n\n" + SENTENCE * 60 + "\n", encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text("Small story\n\n" + SENTENCE * 30 + "\n", encoding="utf-8")
    library = Library(tmp_path / "lib")
    summary, fresh = import_paths(library, [str(big), str(small)])
    assert len(fresh) == 2 and not summary.rejected
    size = len(SENTENCE * 60) - 1  # the body has no trailing space
    assert summary.notes == [
        (
            str(big.resolve()),
            f"'Huge line story' is one article of {size:,} characters: its analysis takes minutes",
        )
    ]
    # Unchanged: not saved again, nothing to warn of.
    again, _ = import_paths(library, [str(big)])
    assert again.unchanged and not again.notes

    big.write_text("Huge line story\n\n" + SENTENCE * 61 + "\n", encoding="utf-8")
    code = main(["import", "--no-analyze", "--library", str(tmp_path / "lib"), str(big)])
    out, err = capsys.readouterr()
    assert code == 0 and "1 updated" in out
    assert err == (
        f"note {big.resolve()}: 'Huge line story' is one article of {size + len(SENTENCE):,} "
        "characters: its analysis takes minutes\n"
    )
