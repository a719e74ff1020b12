"""The library screen's annotation counts: the same as storage's full scan, and
a file read again only when it changed."""

from __future__ import annotations

from newsread.model import Annotation, Article
from storage import shard_counts
from storage.library import Library


def test_counts_follow_changes_and_read_only_changed_files(tmp_path, monkeypatch):
    lib = Library(tmp_path / "lib")
    lib.save_articles(
        [Article(id=f"a{i}", title=f"Story {i}", body="Some words to tag.") for i in range(3)]
    )
    for i in range(3):
        lib.save_annotation(
            Annotation(id=f"n{i}", article_id=f"a{i}", start=0, end=4, quote="Some", tags=["x"])
        )
    counter = shard_counts.ShardCounter(lib.root)
    assert counter.report() == lib.annotation_report()

    read: list[str] = []
    summary = shard_counts.shard_summary

    def counted(path):
        read.append(path.stem)
        return summary(path)

    monkeypatch.setattr(shard_counts, "shard_summary", counted)
    assert counter.report() == lib.annotation_report() and read == []

    lib.save_annotation(
        Annotation(id="m1", article_id="a1", start=5, end=10, quote="words", tags=["y"])
    )
    (lib.root / "annotations" / "a2.json").write_text("{damaged")
    per_article, per_tag, damaged = counter.report()
    assert sorted(read) == ["a1", "a2"]
    assert per_article == {"a0": 1, "a1": 2} and per_tag == {"x": 2, "y": 1}
    assert "a2.json" in damaged["a2"]
    assert (per_article, per_tag, damaged) == lib.annotation_report()


def test_a_files_summary_counts_each_tag_once_by_name(tmp_path):
    lib = Library(tmp_path / "lib")
    lib.save_articles([Article(id="a1", title="Story", body="Some words to tag here.")])
    for n, tags in enumerate((["x"], ["x", "y"], ["x"])):
        lib.save_annotation(
            Annotation(id=f"n{n}", article_id="a1", start=n, end=n + 2, quote="x", tags=tags)
        )
    count, uses, corrections = shard_counts.shard_summary(lib.root / "annotations" / "a1.json")
    assert count == 3 and dict(uses) == {"x": 3, "y": 1} and corrections == ()
    assert shard_counts.ShardCounter(lib.root).report()[1] == {"x": 3, "y": 1}
