"""import-annotations and the one rule for tag names (newsread.annotations.tagnames):
an annotation whose tag name no tag can have (control characters, a comma) is
left out with a one-line reason and the rest of the file imported; a tag
spelled otherwise (case, spaces, Unicode normalisation) is read as the tag the
library has, so no look-alike tags are made."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from newsread.annotations.export import build_export
from newsread.annotations.formats.jsonl import dumps_jsonl
from newsread.annotations.formats.w3c import dumps_w3c
from newsread.model import Annotation
from storage.library import Library
from tests.export_sample import BRIDGE, BUDGET
from tui.cli import main

STAMP = "2025-03-04T12:00:00+00:00"
NFC = "é"
NFD = unicodedata.normalize("NFD", NFC)


def _ann(ident: str, quote: str, tags: list[str], article=BRIDGE) -> Annotation:
    start = article.body.index(quote)
    ann = Annotation(ident, article.id, 0, 0, "", tags=tags, created=STAMP, updated=STAMP)
    return ann.placed_at(article.body, start, start + len(quote))


def _library(root: Path, *annotations: Annotation, tags: tuple[str, ...] = ()) -> Path:
    library = Library(root)
    library.save_articles([BRIDGE, BUDGET])
    for name in tags:
        library.ensure_tag(name)
    for ann in annotations:
        library.save_annotation(ann)
    library.close()
    return root


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _stored(root: Path) -> dict[str, list[str]]:
    library = Library(root)
    return {a.id: a.tags for i in (BRIDGE.id, BUDGET.id) for a in library.annotations(i)}


def test_a_librarys_own_export_with_a_control_character_tag_imports_but_that_annotation(
    capsys, tmp_path
):
    # Made by the tag picker before it refused pasted control characters.
    bad = "^[/]x\tq\x07b[31mred"
    source = _library(
        tmp_path / "theirs",
        _ann("good1", "Ana Ruiz", ["person"]),
        _ann("bad1", "the bridge", [bad, "check"]),
        _ann("good2", "the budget", ["figure"], article=BUDGET),
    )
    exported = tmp_path / "x.json"
    code, _, err = _cli(capsys, "export", "--library", str(source), "-o", str(exported))
    assert code == 0, err
    mine = _library(tmp_path / "mine")

    code, out, err = _cli(capsys, "import-annotations", "--library", str(mine), str(exported))

    assert code == 0, err
    assert _stored(mine) == {"good1": ["person"], "good2": ["figure"]}
    assert out.startswith("2 added, 0 merged, 0 orphaned")
    assert "1 skipped (1 refused for a tag name no tag can have)" in out
    [said] = [line for line in out.splitlines() if "refused:" in line]
    assert said.startswith(f"  refused: {exported}: annotations[1] (annotation 'bad1'): ")
    assert "a tag name cannot hold control characters" in said
    assert "^[/]x\\tq␇b[31mred" in said and "\t" not in said and "\x07" not in said
    assert bad not in [t.name for t in Library(mine).tags()]


def _written(fmt: str, document: dict, path: Path) -> Path:
    if fmt == "json":
        path.write_text(json.dumps(document), encoding="utf-8")
    elif fmt == "jsonl":
        path.write_text(dumps_jsonl(document), encoding="utf-8")
    else:
        path.write_text(dumps_w3c(document), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["json", "jsonl", "w3c"])
@pytest.mark.parametrize(
    ("tag", "said"),
    [
        ("check, source", "a tag name cannot hold a comma"),
        ("check\x1b[2J", "a tag name cannot hold control characters"),
        ("check␇", "a tag name cannot hold control characters, nor their pictures"),
    ],
)
def test_a_tag_the_app_could_never_type_leaves_out_its_annotation_only(
    capsys, tmp_path, fmt, tag, said
):
    document = build_export(
        [(BRIDGE, [_ann("n1", "Ana Ruiz", [tag]), _ann("n2", "the bridge", ["check"])])],
        exported=STAMP,
    )
    incoming = _written(fmt, document, tmp_path / f"in.{fmt}")
    root = _library(tmp_path / "lib")

    code, out, err = _cli(capsys, "import-annotations", "--library", str(root), str(incoming))

    assert code == 0, err
    assert list(_stored(root).values()) == [["check"]]
    [line] = [line for line in out.splitlines() if "refused:" in line]
    assert said in line and "\x1b" not in line


def test_the_look_alike_line_counts_only_annotations_written(capsys, tmp_path):
    # qa37 F15: a second import of the same file writes nothing, so it names
    # no annotation as read under the library's spelling.
    root = _library(tmp_path / "lib", tags=("check",))
    document = build_export(
        [
            (
                BRIDGE,
                [
                    _ann("n1", "the bridge", ["Check"]),
                    _ann("n2", "weeks later", ["CHECK "]),
                    _ann("n3", "Ana Ruiz", ["check"]),
                ],
            )
        ],
        exported=STAMP,
    )
    incoming = tmp_path / "colleague.json"
    incoming.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = _cli(capsys, "import-annotations", "--library", str(root), str(incoming))
    assert code == 0, err
    assert "2 annotations with tags spelled otherwise" in out

    code, out, err = _cli(capsys, "import-annotations", "--library", str(root), str(incoming))

    assert code == 0, err
    assert out.startswith("0 added, 0 merged") and "3 already in the library" in out, out
    assert "spelled otherwise" not in out
    # A copy the library's differs from is merged, and said once.
    [first] = [a for a in document["annotations"] if a["id"] == "n1"]
    first["note"] = "ask the engineer"
    incoming.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = _cli(capsys, "import-annotations", "--library", str(root), str(incoming))
    assert code == 0, err
    assert "1 merged" in out and "  1 annotation with tags spelled otherwise" in out, out


def test_tags_spelled_otherwise_are_the_librarys_tags(capsys, tmp_path):
    root = _library(tmp_path / "lib", _ann("mine", "Ana Ruiz", ["check"]), tags=("check",))
    document = build_export(
        [
            (
                BRIDGE,
                [
                    _ann("n1", "the bridge", ["Check", "CHECK ", NFC, NFD, " spaced "]),
                    _ann("n2", "weeks later", [NFD, "Spaced"]),
                ],
            )
        ],
        exported=STAMP,
    )
    incoming = tmp_path / "colleague.json"
    incoming.write_text(json.dumps(document), encoding="utf-8")

    code, out, err = _cli(capsys, "import-annotations", "--library", str(root), str(incoming))

    assert code == 0, err
    assert "2 added" in out
    assert "2 annotations with tags spelled otherwise (case, spaces, accents)" in out
    assert _stored(root) == {
        "mine": ["check"],
        "n1": ["check", NFC, "spaced"],
        "n2": [NFC, "spaced"],
    }
    assert sorted(t.name for t in Library(root).tags()) == sorted(["check", NFC, "spaced"])
    # One row per tag in stats, and the CLI's tag lands on the library's tag.
    code, out, _ = _cli(capsys, "stats", "--library", str(root), "--json")
    assert code == 0
    per_tag = {row["tag"]: row["annotations"] for row in json.loads(out)["per_tag"]}
    assert per_tag == {"check": 2, NFC: 2, "spaced": 2}
    code, out, err = _cli(
        capsys, "tag", "--library", str(root), BRIDGE.id, "--quote", "May", "--tag", "chEck"
    )
    assert code == 0 and "[check]" in out, err
