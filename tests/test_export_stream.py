"""The json export written article by article (encode_json_export, built from the
stored dicts of iter_shard_docs) against the general path: the document of
build_export from Annotations, serialised whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest

from newsread.annotations.export import build_export, encode_json_export
from newsread.model import Annotation, Article
from storage.library import Library
from tui.cli import main

STAMP = "2026-01-02T03:04:05+00:00"
BODY = "The mayor said the bridge would reopen in May — “soon”, she added.\u2028Ünïcödé 🙂 end."
BRIDGE = Article(id="a1", title="Bridge", body=BODY, source="Gazette", url_or_path="x.txt")
# Titles that sort the same when casefolded: the article id decides.
BRIDGE_2 = Article(id="a0", title="BRIDGE", body="Short body here.")
QUIET = Article(id="b7", title="a quiet day", body="Nothing happened at all today.")


def doc(article: Article, n: int, start: int, end: int, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"{article.id}-{n}",
        "article_id": article.id,
        "start": start,
        "end": end,
        "quote": article.body[start:end],
        **fields,
    }


def tricky_shards() -> list[tuple[Article, list[dict[str, Any]], list[dict[str, Any]]]]:
    # Times of odd types have a span of their own: storage's order compares
    # the times of annotations on the same span.
    bridge = [
        # Only the required fields: the context comes from the body.
        doc(BRIDGE, 0, 4, 9),
        doc(BRIDGE, 1, 4, 9, created="2026-03-01T10:00:00+00:00"),  # same span: by id
        doc(BRIDGE, 2, 4, 9, created="2026-03-01T12:00:00+02:00", updated=""),
        doc(BRIDGE, 3, 10, 14, created="2026-03-01T10:00:00", updated="2026-03-02T10:00:00Z"),
        doc(BRIDGE, 4, 15, 21, created="not a time", updated="2026-02-30T10:00:00+00:00"),
        doc(BRIDGE, 5, 16, 21, created=17, updated=None, note="a note\nwith a line"),
        doc(BRIDGE, 6, 22, 28, created=["unhashable"], tags=["x", 3, "y"]),
        doc(BRIDGE, 7, 23, 28, prefix="given before ", suffix=" given after", orphan=True),
        doc(BRIDGE, 8, 30, 40, prefix="p" * 50, suffix="s" * 50, annotator="ann"),
        # The quote no longer agrees with the body: no context invented.
        {**doc(BRIDGE, 9, 41, 47), "quote": "stale"},
        doc(BRIDGE, 10, 48, 55, orphan=True),
        doc(BRIDGE, 11, 56, 70, data={"correction": {"speaker": "the mayor", "n": 1.5}}),
        doc(BRIDGE, 12, 56, 70, tags="ab", unknown_field="dropped", created=" 2026-03-01 "),
        doc(BRIDGE, 13, 60, 66, created="2026-03-01T10:00:00.123456+00:00"),
    ]
    rejected = [
        {"kind": "claim", "label": "claim", "start": 0, "end": 3, "rejected": STAMP},
        {"kind": "entity", "label": "GPE", "start": 4, "end": 9, "text": "given"},
    ]
    return [
        (BRIDGE, bridge, rejected),
        (BRIDGE_2, [doc(BRIDGE_2, 0, 0, 5, created="2026-03-01T10:00:00+00:00")], []),
        # Rejections only: in the texts and the rejected list, no annotations.
        (QUIET, [], [{"kind": "entity", "label": "DATE", "start": 22, "end": 27}]),
    ]


def general_bytes(shards: list[Any], with_text: bool) -> bytes:
    """What newsread export wrote before: the whole document, then orjson."""
    items = [(a, [Annotation.from_dict(d) for d in docs]) for a, docs, _ in shards if docs]
    rejected = [(a, dropped) for a, _, dropped in shards if dropped]
    document = build_export(items, rejected, exported=STAMP, with_text=with_text)
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


@pytest.mark.parametrize("with_text", [False, True])
def test_encoded_export_is_the_documents_bytes(with_text):
    encoded, count = encode_json_export(tricky_shards(), exported=STAMP, with_text=with_text)
    assert encoded == general_bytes(tricky_shards(), with_text)
    assert count == 15
    # The odd values took the general path and still came out as it makes them.
    records = {r["id"]: r for r in json.loads(encoded)["annotations"]}
    assert records["a1-2"]["created"] == "2026-03-01T10:00:00+00:00"
    assert records["a1-6"]["created"] is None and records["a1-6"]["tags"] == ["x", "3", "y"]
    assert records["a1-0"]["prefix"] == "The " and records["a1-9"]["prefix"] == ""


def general_document(shards: list[Any], with_text: bool) -> dict[str, Any]:
    items = [(a, [Annotation.from_dict(d) for d in docs]) for a, docs, _ in shards if docs]
    rejected = [(a, dropped) for a, _, dropped in shards if dropped]
    return build_export(items, rejected, exported=STAMP, with_text=with_text)


@pytest.mark.parametrize("shards", [tricky_shards, list], ids=["tricky", "empty"])
@pytest.mark.parametrize("with_text", [False, True])
def test_jsonl_and_csv_written_article_by_article_are_the_documents_bytes(shards, with_text):
    from newsread.annotations.formats.csvfile import dumps_csv, encode_csv_export
    from newsread.annotations.formats.jsonl import dumps_jsonl, encode_jsonl_export

    document = general_document(shards(), with_text)
    lines, count = encode_jsonl_export(shards(), with_text=with_text)
    assert lines == dumps_jsonl(document).encode("utf-8")
    assert count == len(document["annotations"])
    rows, count = encode_csv_export(shards())
    assert rows == dumps_csv(general_document(shards(), True)).encode("utf-8")
    assert count == len(document["annotations"])


@pytest.mark.parametrize("with_text", [False, True])
def test_an_empty_export_is_the_documents_bytes(with_text):
    assert encode_json_export([], exported=STAMP, with_text=with_text) == (
        general_bytes([], with_text),
        0,
    )


def test_an_annotation_of_another_article_is_refused_as_before():
    shards = [(BRIDGE, [doc(QUIET, 0, 0, 7)], [])]
    with pytest.raises(ValueError, match="belongs to article b7, not a1"):
        encode_json_export(shards)
    with pytest.raises(ValueError, match="kind must be one of"):
        encode_json_export([(BRIDGE, [], [{"kind": "quote", "start": 0, "end": 1}])])


def make_library(root: Path) -> Library:
    lib = Library(root)
    lib.save_articles([BRIDGE, BRIDGE_2, QUIET])
    for article, docs, _ in tricky_shards():
        lib.save_annotations(article.id, [Annotation.from_dict(d) for d in docs])
    return lib


def test_shard_docs_are_the_annotations_of_iter_shards(tmp_path):
    lib = make_library(tmp_path / "lib")
    folder = lib.root / "annotations"
    (folder / "a0.json").write_text('{"annotations": {"1": {"id": "x", "start": 1}}}')
    (folder / "b7.json").write_text("{damaged")
    damaged_docs: list[str] = []
    damaged_anns: list[str] = []
    by_docs = list(lib.iter_shard_docs(damaged_docs))
    by_anns = list(lib.iter_shards(damaged_anns))
    assert damaged_docs == damaged_anns and len(damaged_docs) == 2
    assert "a0.json: an annotation is malformed" in damaged_docs[0]
    assert "missing 3 required positional arguments" in damaged_docs[0]
    assert [(a.id, [Annotation.from_dict(d) for d in docs], r) for a, docs, r in by_docs] == [
        (a.id, anns, r) for a, anns, r in by_anns
    ]


def test_export_file_is_what_stdout_gets_and_names_damaged_files(tmp_path, capsys):
    lib = make_library(tmp_path / "lib")
    (lib.root / "annotations" / "a0.json").write_text('{"annotations": {"1": {"id": "x"}}}')
    lib.close()
    # An export of another article alone does not read a0's file at all.
    assert main(["export", "--article", "a1", "--library", str(lib.root)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["annotations"] and "a0.json" not in err
    for args in (["--tag", "x"], ["--with-text"], []):
        target = tmp_path / "out.json"
        common = ["--library", str(lib.root), *args]
        for fmt in ("jsonl", "csv"):
            if fmt == "csv" and "--with-text" in args:
                continue
            assert main(["export", "--format", fmt, "-o", str(tmp_path / "out.x"), *common]) == 1
            capsys.readouterr()
            assert main(["export", "--format", fmt, *common]) == 1
            printed = capsys.readouterr().out
            # Not a terminal: what stdout gets is the file's text.
            assert printed == (tmp_path / "out.x").read_bytes().decode("utf-8"), (fmt, args)
        assert main(["export", "-o", str(target), *common]) == 1
        err_file = capsys.readouterr().err
        assert main(["export", *common]) == 1
        out, err_stdout = capsys.readouterr()
        written = json.loads(target.read_bytes())
        printed = json.loads(out)
        written.pop("exported"), printed.pop("exported")
        assert written == printed and written["annotations"], args
        assert "a0.json: an annotation is malformed" in err_stdout
        assert err_stdout.splitlines()[-1] in err_file


def test_json_on_stdout_escapes_what_a_terminal_would_obey(tmp_path, capsys):
    """Standard output takes the streamed encoding too: a note holding a CSI and
    a right-to-left override is printed as escapes and reads back the same."""
    lib = Library(tmp_path / "lib")
    lib.save_articles([QUIET])
    note = "red \x9b31m text \u202e reversed"
    lib.save_annotations(QUIET.id, [Annotation.from_dict(doc(QUIET, 0, 0, 7, note=note))])
    lib.close()
    assert main(["export", "--library", str(lib.root)]) == 0
    out = capsys.readouterr().out
    assert "\x9b" not in out and "\u202e" not in out
    assert "\\u009b31m" in out and "\\u202e" in out
    assert json.loads(out)["annotations"][0]["note"] == note


def test_shard_docs_keep_the_order_of_span_then_time_without_times(tmp_path):
    lib = make_library(tmp_path / "lib")
    stored = {
        "1": doc(QUIET, 0, 5, 9, created="2026-03-01T10:00:00+00:00"),
        "2": doc(QUIET, 1, 5, 9),  # no time: "" sorts first, as Annotation's default
        "3": doc(QUIET, 2, 1, 2, created="2026-03-02T10:00:00+00:00"),
        "4": doc(QUIET, 3, 5, 9, created=""),
    }
    (lib.root / "annotations" / "b7.json").write_text(json.dumps({"annotations": stored}))
    [docs] = [docs for a, docs, _ in lib.iter_shard_docs() if a.id == "b7"]
    # By span, then time; the same span and time in the file's order.
    assert [d["id"] for d in docs] == ["b7-2", "b7-1", "b7-3", "b7-0"]


def test_read_ahead_hints_change_nothing_read(tmp_path, monkeypatch):
    from storage import shards

    lib = make_library(tmp_path / "lib")
    for n in range(12):
        article = Article(id=f"c{n:02d}", title=f"More {n}", body=f"Body number {n} here.")
        lib.save_articles([article])
        lib.save_annotation(Annotation.from_dict(doc(article, 0, 0, 4)))
    (lib.root / "bodies" / "c05.txt").unlink()  # hinted, then reported by the read
    damaged: list[str] = []
    expected = [(a.id, d, r) for a, d, r in lib.iter_shard_docs(damaged)]
    hinted: list[int] = []
    # Every read counts as slow: the hints start after SLOW_READS of them.
    monkeypatch.setattr(shards._ReadAhead, "SLOW", -1.0)
    monkeypatch.setattr(shards.os, "posix_fadvise", lambda fd, *_: hinted.append(fd), raising=False)
    damaged_hinted: list[str] = []
    assert [(a.id, d, r) for a, d, r in lib.iter_shard_docs(damaged_hinted)] == expected
    assert damaged_hinted == damaged and "c05" in damaged[0]
    # 15 annotation files: at the SLOW_READS-th read, every one after it and
    # their bodies, once (c05's body, among them, is gone).
    after = 15 - shards._ReadAhead.SLOW_READS
    assert len(hinted) == 2 * after - 1
