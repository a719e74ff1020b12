"""Replacing an article's whole set of annotations or rejections is one write
of its annotation file, numbered afresh from 1 as a new file would be."""

from __future__ import annotations

import json

from newsread.model import Article, new_annotation
from storage.atomic import AtomicJSONStorage
from tests.pilot_helpers import make_library

BODY = "The ferry left at noon. The pier was closed for repairs."


def _writes(monkeypatch) -> list[str]:
    seen: list[str] = []
    write = AtomicJSONStorage.write

    def counted(self, data):
        seen.append(self.path.name)
        return write(self, data)

    monkeypatch.setattr(AtomicJSONStorage, "write", counted)
    return seen


def test_save_annotations_replaces_the_set_in_one_write(tmp_path, monkeypatch) -> None:
    article = Article(id="ferry0001", title="Ferry", body=BODY, source="Test")
    library = make_library(tmp_path / "lib", [article])
    first = [new_annotation(article, 4, 9, ["x"]), new_annotation(article, 25, 29, ["y"])]
    library.save_annotations(article.id, first)
    # Tags the library has: the tags table is left alone.
    again = [new_annotation(article, 16, 22, ["y"]), new_annotation(article, 4, 9, ["x"])]
    seen = _writes(monkeypatch)
    library.save_annotations(article.id, again)
    assert seen == ["ferry0001.json"]
    stored = json.loads((library.root / "annotations" / "ferry0001.json").read_text())
    assert list(stored["annotations"]) == ["1", "2"]
    assert sorted(a.id for a in library.annotations(article.id)) == sorted(a.id for a in again)
    # A new tag is added to the table in the same transaction: one write more.
    seen.clear()
    library.save_annotations(article.id, [new_annotation(article, 4, 9, ["w"])])
    assert sorted(seen) == ["ferry0001.json", "library.json"]
    assert [t.name for t in library.tags()] == ["w", "x", "y"]


def test_replace_rejected_is_one_write(tmp_path, monkeypatch) -> None:
    article = Article(id="ferry0001", title="Ferry", body=BODY, source="Test")
    library = make_library(tmp_path / "lib", [article])
    record = {"kind": "entity", "label": "TIME", "start": 17, "end": 21, "text": "noon"}
    library.save_rejected(article.id, record)
    seen = _writes(monkeypatch)
    library.replace_rejected(article.id, [record, {**record, "label": "DATE"}])
    assert seen == ["ferry0001.json"]
    assert [r["label"] for r in library.rejected(article.id)] == ["TIME", "DATE"]
