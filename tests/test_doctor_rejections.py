"""newsread doctor checks rejected suggestions as it checks annotations: one
whose text is not the article's at its offsets, or whose article is gone, is
named (one line each, with its file); --restore places a stale one on its
words again, or drops it when they are gone, in one write under the lock."""

from __future__ import annotations

import json
from pathlib import Path

from storage.doctor import diagnose
from storage.imports import import_paths
from storage.library import Library
from tui.cli import main

BODY = (
    "Harbour crane approved\n\n"
    "The council met on Monday to approve the crane for the eastern quay.\n\n"
    "Opponents said the harbour should wait for the spring survey.\n"
)


def _imported(tmp_path: Path) -> tuple[Library, str]:
    library = Library(tmp_path / "lib")
    source = tmp_path / "story.txt"
    source.write_text(BODY, encoding="utf-8")
    summary, _ = import_paths(library, [str(source)])
    (article_id,) = summary.added
    return library, article_id


def _record(text: str, start: int, label: str = "DATE") -> dict:
    return {
        "kind": "entity",
        "label": label,
        "start": start,
        "end": start + len(text),
        "text": text,
        "rejected": "2026-01-01T00:00:00Z",
        "annotator": "ann",
    }


def _doctor(capsys, library: Library, *more: str) -> tuple[int, list[str], str]:
    code = main(["--library", str(library.root), "doctor", *more])
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err


def test_doctor_names_a_stale_rejection_and_restore_places_or_drops_it(tmp_path, capsys):
    library, article_id = _imported(tmp_path)
    body = library.read_body(article_id)
    good = _record("harbour", body.index("harbour"), "GPE")
    # Hand-edited (or written on another text): "Monday" three characters off,
    # and words this text does not hold.
    shifted = _record("Monday", body.index("Monday") + 3)
    gone = _record("Tuesday", body.index("Monday"))
    for record in (good, shifted, gone):
        library.save_rejected(article_id, record)
    shard = library.root / "annotations" / f"{article_id}.json"

    code, lines, _ = _doctor(capsys, library)
    assert code == 1
    found = [line for line in lines if "rejected" in line]
    assert len(found) == 2, lines
    assert all(line.startswith(f"{shard}: rejected entity suggestion") for line in found)
    assert any("'Monday' at" in line and "does not match the text there" in line for line in found)
    assert any("'Tuesday' at" in line for line in found)
    assert all("--restore places it on its words again" in line for line in found)

    code, lines, err = _doctor(capsys, library, "--restore")
    assert code == 0, (lines, err)
    assert f"{shard}: rejected suggestions: placed 1 on their words again, " in "\n".join(lines)
    assert "dropped 1 whose words are gone" in "\n".join(lines)
    stored = Library(library.root).rejected(article_id)
    monday = body.index("Monday")
    assert sorted((r["text"], r["start"], r["end"]) for r in stored) == [
        ("Monday", monday, monday + 6),
        ("harbour", good["start"], good["end"]),
    ]
    # The untouched one is exactly as it was; the moved one keeps its fields.
    assert good in stored
    assert next(r for r in stored if r["text"] == "Monday")["annotator"] == "ann"
    assert diagnose(library.root) == []


def test_doctor_names_rejections_of_an_article_that_is_gone(tmp_path, capsys):
    library, article_id = _imported(tmp_path)
    body = library.read_body(article_id)
    library.save_rejected(article_id, _record("Monday", body.index("Monday")))
    shard = library.root / "annotations" / f"{article_id}.json"
    other = shard.with_name("0123456789abcdef.json")
    other.write_text(shard.read_text(encoding="utf-8"), encoding="utf-8")
    before = other.read_bytes()

    code, lines, _ = _doctor(capsys, library)
    assert code == 1
    [line] = [x for x in lines if x.startswith(str(other))]
    assert "rejected entity suggestion 'Monday' at" in line
    assert "of an article that is not in the library" in line
    # Not ours to drop: the article may come back (its file is kept as its
    # annotations are).
    _doctor(capsys, library, "--restore")
    assert other.read_bytes() == before


def test_doctor_is_quiet_about_rejections_on_their_words(tmp_path, capsys):
    library, article_id = _imported(tmp_path)
    body = library.read_body(article_id)
    library.save_rejected(article_id, _record("Monday", body.index("Monday")))
    code, lines, _ = _doctor(capsys, library)
    assert code == 0, lines
    assert json.loads((library.root / "annotations" / f"{article_id}.json").read_text())
