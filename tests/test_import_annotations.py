"""``newsread import-annotations``: json, jsonl and w3c exports back into a library,
matched, anchored and merged without duplicates, all or nothing."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsread.model import Annotation, Article
from storage.annotation_import import ImportFileError, import_annotations, read_annotation_file
from storage.history import History
from storage.library import Library
from tests.export_sample import (
    BRIDGE,
    BUDGET,
    build_sample_library,
    fix_export_time,
)
from tui.cli import export_document, main

STAMP = "2025-03-04T12:00:00+00:00"


def export_file(root: Path, fmt: str, target: Path) -> Path:
    assert main(["export", "--format", fmt, "-o", str(target), "--library", str(root)]) == 0
    return target


def comparable(root: Path) -> dict[str, Any]:
    """The library's json export as data, without the time it was made."""
    document = export_document(Library(root))
    del document["exported"]
    return json.loads(json.dumps(document))


def empty_library(root: Path, *articles: Article) -> Library:
    library = Library(root)
    library.save_articles(articles or [BRIDGE, BUDGET])
    return library


def run_import(
    capsys, root: Path, *files: Path, extra: tuple[str, ...] = ()
) -> tuple[int, str, str]:
    code = main(["import-annotations", *map(str, files), "--library", str(root), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- the round trip ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "jsonl", "w3c"])
def test_sample_round_trip(capsys, tmp_path, monkeypatch, fmt):
    fix_export_time(monkeypatch)
    build_sample_library(tmp_path / "a").close()
    exported = export_file(tmp_path / "a", fmt, tmp_path / f"out.{fmt}")
    empty_library(tmp_path / "b").close()
    code, out, err = run_import(capsys, tmp_path / "b", exported)
    assert code == 0, err
    assert out.startswith("6 added, 0 merged, 1 orphaned")
    expected = comparable(tmp_path / "a")
    if fmt == "w3c":
        # W3C carries no rejected suggestions (docs/export-format.md says so).
        expected["rejected_suggestions"] = []
    # The sample holds the entity label "PERSON" and, on its orphan, "person":
    # one tag by the tag rule, imported as the first spelling met, and said.
    assert [a["tags"] for a in expected["annotations"]].count(["person"]) == 1
    for ann in expected["annotations"]:
        ann["tags"] = ["PERSON" if t == "person" else t for t in ann["tags"]]
    assert "  1 annotation with tags spelled otherwise (case, spaces, accents)" in out
    assert comparable(tmp_path / "b") == expected


BODY_WORDS = ["the", "mayor", "said", "bridge", "café", "Ana", "«quote»", "2025", ",", ".", "\n\n"]
bodies = st.lists(st.sampled_from(BODY_WORDS), min_size=3, max_size=40).map(" ".join)
names = st.text(alphabet="abcdefghij-_ ÉÜ", min_size=1, max_size=8).map(str.strip).filter(bool)
times = st.one_of(
    st.just(""),
    st.datetimes(
        min_value=__import__("datetime").datetime(2020, 1, 1),
        max_value=__import__("datetime").datetime(2030, 1, 1),
    ).map(lambda d: d.replace(microsecond=0).isoformat() + "+00:00"),
)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=5)),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def libraries(draw: st.DrawFn) -> tuple[list[Article], list[Annotation], list[tuple[str, dict]]]:
    count = draw(st.integers(1, 3))
    articles = [
        Article(
            id=f"art{i}",
            title=draw(names),
            body=draw(bodies),
            source=draw(st.sampled_from(["", "Gazette"])),
            url_or_path=f"https://example.org/{i}",
        )
        for i in range(count)
    ]
    annotations: list[Annotation] = []
    passages: set[tuple[str, int, int, str]] = set()
    for n in range(draw(st.integers(0, 8))):
        article = draw(st.sampled_from(articles))
        length = len(article.body)
        start = draw(st.integers(0, length - 1))
        end = draw(st.integers(start + 1, min(length, start + 30)))
        created = draw(times)
        ann = Annotation(
            id=f"ann{n}",
            article_id=article.id,
            start=0,
            end=0,
            quote="",
            tags=draw(st.lists(names, max_size=3, unique=True)),
            note=draw(st.text(max_size=20)),
            created=created,
            updated=draw(times) if created else "",
            data=draw(st.dictionaries(st.text(min_size=1, max_size=5), json_values, max_size=3)),
            annotator=draw(st.sampled_from(["", "ines", "kwame"])),
        ).placed_at(article.body, start, end)
        if draw(st.booleans()) and draw(st.booleans()):
            # Lost after a re-import: a short quote no text holds, never found again.
            ann = replace(ann, quote="Ωq", orphan=True)
        else:
            # One annotator's annotations on one passage are one (tagging it again
            # adds to it), so a library never holds two: nor may this one.
            passage = (ann.article_id, ann.start, ann.end, ann.annotator)
            if passage in passages:
                continue
            passages.add(passage)
        annotations.append(ann)
    rejected = []
    for article in articles:
        if draw(st.booleans()):
            end = min(len(article.body), 5)
            rejected.append(
                (
                    article.id,
                    {
                        "kind": draw(st.sampled_from(["entity", "claim"])),
                        "label": draw(names),
                        "start": 0,
                        "end": end,
                        "text": article.body[:end],
                        "rejected": draw(times),
                    },
                )
            )
    return articles, annotations, rejected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated=libraries(), fmt=st.sampled_from(["json", "jsonl", "w3c"]))
def test_round_trip_of_generated_annotations(generated, fmt):
    articles, annotations, rejected = generated
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        source = Library(tmp / "a")
        source.save_articles(articles)
        for ann in annotations:
            source.save_annotation(ann)
        for article_id, item in rejected:
            source.save_rejected(article_id, item)
        target = tmp / f"out.{fmt}"
        assert (
            main(["export", "--format", fmt, "-o", str(target), "--library", str(tmp / "a")]) == 0
        )
        empty_library(tmp / "b", *articles).close()
        assert main(["import-annotations", str(target), "--library", str(tmp / "b")]) == 0
        expected = comparable(tmp / "a")
        if fmt == "w3c":
            expected["rejected_suggestions"] = []
        assert comparable(tmp / "b") == expected


# -- merging --------------------------------------------------------------------------------


def test_importing_twice_adds_nothing(capsys, tmp_path, monkeypatch):
    fix_export_time(monkeypatch)
    build_sample_library(tmp_path / "a").close()
    exported = export_file(tmp_path / "a", "jsonl", tmp_path / "out.jsonl")
    empty_library(tmp_path / "b").close()
    run_import(capsys, tmp_path / "b", exported)
    before = comparable(tmp_path / "b")
    code, out, _ = run_import(capsys, tmp_path / "b", exported)
    assert code == 0
    assert out.splitlines()[0] == (
        "0 added, 0 merged, 0 orphaned (kept, but their passage is not in the text), "
        "7 skipped (7 already in the library)"
    )
    assert "2 already in the library" in out.splitlines()[1]
    assert comparable(tmp_path / "b") == before


def _one(article: Article, ident: str, quote: str, **extra: Any) -> Annotation:
    start = article.body.index(quote)
    return Annotation(ident, article.id, 0, 0, "", **extra).placed_at(
        article.body, start, start + len(quote)
    )


def _document(*anns: Annotation, articles: tuple[Article, ...] = (BRIDGE, BUDGET)) -> bytes:
    from newsread.annotations.export import build_export

    by_id = {a.id: a for a in articles}
    items = [(by_id[a.article_id], [a]) for a in anns]
    return json.dumps(build_export(items, exported=STAMP)).encode("utf-8")


def test_same_passage_same_annotator_is_one_annotation(capsys, tmp_path):
    library = empty_library(tmp_path / "lib")
    library.save_annotation(
        _one(BRIDGE, "mine", "Ana Ruiz", tags=["PERSON"], note="first", annotator="ines")
    )
    incoming = tmp_path / "in.json"
    incoming.write_bytes(
        _document(
            _one(
                BRIDGE,
                "theirs",
                "Ana Ruiz",
                tags=["check", "PERSON"],
                note="second",
                annotator="ines",
            ),
            _one(BRIDGE, "other", "Ana Ruiz", tags=["doubt"], annotator="kwame"),
        )
    )
    code, out, _ = run_import(capsys, tmp_path / "lib", incoming)
    assert code == 0 and out.startswith("1 added, 1 merged, 0 orphaned")
    anns = {a.id: a for a in Library(tmp_path / "lib").annotations(BRIDGE.id)}
    assert set(anns) == {"mine", "other"}
    assert anns["mine"].tags == ["PERSON", "check"]
    # Two notes written apart: both kept, theirs first, as the reader keeps them.
    assert anns["mine"].note == "second\n---\nfirst"
    assert anns["other"].annotator == "kwame" and anns["other"].tags == ["doubt"]


def test_same_id_merges_and_an_id_taken_elsewhere_is_renewed(capsys, tmp_path):
    library = empty_library(tmp_path / "lib")
    library.save_annotation(_one(BRIDGE, "n1", "Ana Ruiz", tags=["PERSON"]))
    library.save_annotation(_one(BUDGET, "n2", "treasurer", tags=["role"]))
    incoming = tmp_path / "in.json"
    incoming.write_bytes(
        _document(
            _one(BRIDGE, "n1", "Ana Ruiz", tags=["check"], data={"k": 1}),
            # n2 is another article's annotation in this library: not that one
            _one(BRIDGE, "n2", "bridge", tags=["place"]),
        )
    )
    code, out, _ = run_import(capsys, tmp_path / "lib", incoming)
    assert code == 0 and out.startswith("1 added, 1 merged")
    reread = Library(tmp_path / "lib")
    bridge = {a.quote: a for a in reread.annotations(BRIDGE.id)}
    assert bridge["Ana Ruiz"].id == "n1" and bridge["Ana Ruiz"].tags == ["PERSON", "check"]
    assert bridge["Ana Ruiz"].data == {"k": 1}
    assert bridge["bridge"].id != "n2" and bridge["bridge"].tags == ["place"]
    assert [a.tags for a in reread.annotations(BUDGET.id)] == [["role"]]


def test_annotator_option_credits_annotations_that_name_none(capsys, tmp_path):
    empty_library(tmp_path / "lib").close()
    incoming = tmp_path / "in.json"
    incoming.write_bytes(
        _document(
            _one(BRIDGE, "n1", "Ana Ruiz", tags=["a"]),
            _one(BRIDGE, "n2", "bridge", tags=["b"], annotator="kwame"),
        )
    )
    run_import(capsys, tmp_path / "lib", incoming, extra=("--annotator", "ines"))
    anns = {a.id: a.annotator for a in Library(tmp_path / "lib").annotations(BRIDGE.id)}
    assert anns == {"n1": "ines", "n2": "kwame"}


# -- finding the article and the passage ------------------------------------------------------


def test_articles_are_matched_by_id_then_url_then_hash(capsys, tmp_path):
    here_by_url = replace(
        BRIDGE, id="localbridge", body=BRIDGE.body + "\n\nUpdate: none.", content_hash=""
    )
    here_by_hash = replace(BUDGET, id="localbudget", url_or_path="/elsewhere.txt")
    empty_library(tmp_path / "lib", here_by_url, here_by_hash).close()
    stranger = Article(id="nowhere", title="Not here", body="Nothing of it.", url_or_path="x")
    incoming = tmp_path / "in.json"
    incoming.write_bytes(
        _document(
            _one(BRIDGE, "n1", "Ana Ruiz", tags=["a"]),
            _one(BUDGET, "n2", "treasurer", tags=["b"]),
            _one(stranger, "n3", "Nothing", tags=["c"]),
            articles=(BRIDGE, BUDGET, stranger),
        )
    )
    code, out, _ = run_import(capsys, tmp_path / "lib", incoming)
    assert code == 0
    assert out.splitlines() == [
        "2 added, 0 merged, 0 orphaned (kept, but their passage is not in the text), "
        "1 skipped (1 for articles not in the library)",
        "  not in the library: 'Not here'",
    ]
    library = Library(tmp_path / "lib")
    assert [a.id for a in library.annotations("localbridge")] == ["n1"]
    assert [a.id for a in library.annotations("localbudget")] == ["n2"]


def test_passages_are_anchored_on_the_librarys_text(capsys, tmp_path):
    moved = replace(
        BRIDGE,
        body="Breaking. " + BRIDGE.body.replace("weeks later", "weeks late"),
        content_hash="",
    )
    empty_library(tmp_path / "lib", moved, BUDGET).close()
    incoming = tmp_path / "in.json"
    incoming.write_bytes(
        _document(
            _one(BRIDGE, "quote", "Ana Ruiz", tags=["a"]),
            _one(BRIDGE, "fuzzy", "would open in May, weeks later than planned", tags=["b"]),
            _one(BRIDGE, "gone", "-5 % on the budget is not a delay", tags=["c"]),
        )
    )
    moved_again = replace(
        moved, body=moved.body.replace("-5 % on the budget is not a delay", "x"), content_hash=""
    )
    Library(tmp_path / "lib").save_articles([moved_again])
    code, out, _ = run_import(capsys, tmp_path / "lib", incoming)
    assert code == 0 and out.startswith("2 added, 0 merged, 1 orphaned")
    anns = {a.id: a for a in Library(tmp_path / "lib").annotations(BRIDGE.id)}
    body = moved_again.body
    assert body[anns["quote"].start : anns["quote"].end] == "Ana Ruiz"
    assert (
        body[anns["fuzzy"].start : anns["fuzzy"].end]
        == "would open in May, weeks late than planned"
    )
    assert anns["gone"].orphan and anns["gone"].quote == "-5 % on the budget is not a delay"


def test_foreign_w3c_annotations_are_read(capsys, tmp_path):
    empty_library(tmp_path / "lib").close()
    foreign = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://hypothes.is/a/abc",
        "type": "Annotation",
        "bodyValue": "Who is she?",
        "creator": "https://example.org/users/ines",
        "target": {
            "source": BRIDGE.url_or_path,
            "selector": {"type": "TextQuoteSelector", "exact": "Ana Ruiz", "prefix": "mayor, "},
        },
    }
    incoming = tmp_path / "in.jsonld"
    incoming.write_text(json.dumps(foreign), encoding="utf-8")
    code, out, err = run_import(capsys, tmp_path / "lib", incoming)
    assert code == 0, err
    [ann] = Library(tmp_path / "lib").annotations(BRIDGE.id)
    assert (ann.quote, ann.note, ann.tags) == ("Ana Ruiz", "Who is she?", [])
    assert len(ann.id) == 12 and ann.annotator == "https://example.org/users/ines"


# -- bad files and all-or-nothing -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"[]", "not a newsread export (json, jsonl) nor W3C Web Annotations"),
        (b"\xff\xfe not utf-8", "not UTF-8 text (byte 0)"),
        (b"{not json", "line 1: not JSON"),
        (b'{"hello": 1}', "not a newsread export (json, jsonl) nor W3C Web Annotations"),
        (
            b'{"format": "newsread-annotations", "version": 9, "annotations": []}',
            "export version 9 is newer than this newsread reads (1)",
        ),
        (
            b'{"type": "annotation", "id": "n1"}\n{"type": "x"}\n',
            "line 1 (annotation 'n1'): article: not a JSON object",
        ),
        (
            b'{"type": "article", "id": "a", "body": "x"}\nnope\n',
            "line 2: not JSON",
        ),
    ],
)
def test_a_bad_file_is_one_line_naming_it_and_nothing_is_written(
    capsys, tmp_path, monkeypatch, content, problem
):
    fix_export_time(monkeypatch)
    build_sample_library(tmp_path / "a").close()
    good = export_file(tmp_path / "a", "json", tmp_path / "good.json")
    empty_library(tmp_path / "b").close()
    before = comparable(tmp_path / "b")
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    capsys.readouterr()
    code, out, err = run_import(capsys, tmp_path / "b", good, bad)
    assert code == 1 and out == ""
    assert err.startswith(f"newsread: error: {bad}: {problem}")
    assert len(err.splitlines()) == 1
    assert comparable(tmp_path / "b") == before


def test_a_failure_while_writing_leaves_the_library_as_it_was(tmp_path, monkeypatch):
    fix_export_time(monkeypatch)
    build_sample_library(tmp_path / "a").close()
    parsed = read_annotation_file(export_file(tmp_path / "a", "json", tmp_path / "good.json"))
    library = empty_library(tmp_path / "b")
    before = comparable(tmp_path / "b")
    calls = []

    def failing(article_id: str, save=(), delete=()) -> None:
        calls.append(article_id)
        if len(calls) == 2:
            raise OSError("disk full")
        original(article_id, save, delete)

    original = library.apply_annotation_changes
    monkeypatch.setattr(library, "apply_annotation_changes", failing)
    with pytest.raises(OSError):
        import_annotations(library, [parsed], History(library))
    assert len(calls) == 2
    assert comparable(tmp_path / "b") == before


def test_an_import_is_one_undo_step(tmp_path, monkeypatch):
    fix_export_time(monkeypatch)
    build_sample_library(tmp_path / "a").close()
    parsed = read_annotation_file(export_file(tmp_path / "a", "json", tmp_path / "good.json"))
    library = empty_library(tmp_path / "b")
    history = History(library)
    import_annotations(library, [parsed], history, label="imported annotations from good.json")
    assert history.peek_undo() == "imported annotations from good.json"
    history.undo()
    assert comparable(tmp_path / "b")["annotations"] == []


def test_bad_annotator_in_a_file_is_refused(tmp_path):
    path = tmp_path / "in.json"
    path.write_bytes(_document(_one(BRIDGE, "n1", "Ana Ruiz", annotator="a\x1b[2Jb")))
    with pytest.raises(ImportFileError) as caught:
        read_annotation_file(path)
    assert str(caught.value) == (
        f"{path}: annotation 'n1': annotator must not contain control characters or line breaks"
    )


def test_bad_annotator_of_a_rejected_suggestion_is_refused(tmp_path):
    # A rejection's annotator is shown and filtered on like an annotation's.
    document = json.loads(_document(_one(BRIDGE, "n1", "Ana Ruiz")))
    word = BRIDGE.body.index("Ana Ruiz")
    document["rejected_suggestions"] = [
        {
            "article": {"id": BRIDGE.id},
            "kind": "entity",
            "label": "PERSON",
            "start": word,
            "end": word + len("Ana Ruiz"),
            "text": "Ana Ruiz",
            "annotator": "a\x1b[2Jb",
        }
    ]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        read_annotation_file(path)
    assert str(caught.value) == (
        f"{path}: rejected suggestion 1: annotator must not contain control characters "
        "or line breaks"
    )


def test_unicode_line_breaks_stay_inside_their_record(capsys, tmp_path):
    """U+2028, U+2029 and NEL are line breaks to str.splitlines, not to JSON: a
    note holding them must not cut its jsonl record in two."""
    source = empty_library(tmp_path / "a")
    source.save_annotation(_one(BRIDGE, "n1", "Ana Ruiz", note="a\u2028b\u2029c\x85d", tags=["x"]))
    exported = export_file(tmp_path / "a", "jsonl", tmp_path / "out.jsonl")
    text = exported.read_text("utf-8")
    assert len(text.splitlines()) == 1
    empty_library(tmp_path / "b").close()
    code, _, err = run_import(capsys, tmp_path / "b", exported)
    assert code == 0, err
    assert comparable(tmp_path / "b") == comparable(tmp_path / "a")


def test_rejected_suggestions_of_missing_articles_are_counted_apart(capsys, tmp_path, monkeypatch):
    # Counted with the annotations they read "9 skipped" where the w3c export
    # of the same library (no rejections) said 7, and the exit status said
    # something landed when nothing did.
    fix_export_time(monkeypatch)
    source = build_sample_library(tmp_path / "a")
    annotations = sum(len(source.annotations(m["id"])) for m in source.article_metas())
    rejected = sum(len(source.rejected(m["id"])) for m in source.article_metas())
    source.close()
    assert (annotations, rejected) == (7, 2)
    exported = export_file(tmp_path / "a", "json", tmp_path / "out.json")
    other = Article(id="other0001", title="Other", body="A story that is in no export.")
    empty_library(tmp_path / "b", other).close()
    code, out, _ = run_import(capsys, tmp_path / "b", exported)
    lines = out.splitlines()
    assert lines[0] == (
        "0 added, 0 merged, 0 orphaned (kept, but their passage is not in the text), "
        "7 skipped (7 for articles not in the library)"
    )
    assert lines[1] == (
        "rejected suggestions: 0 added, 0 already in the library, 0 not in the text, "
        "2 for articles not in the library"
    )
    assert code == 1
