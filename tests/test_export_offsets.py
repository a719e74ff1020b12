"""Every export format's offsets land on the quoted words, counted the way
the tool reading the format counts: code points (Python, W3C
TextPositionSelector, Label Studio, spaCy), UTF-16 code units (doccano), on
a body holding what shifts a careless count: characters past U+FFFF (an
emoji, 𝔘), CRLF, a combining accent, Rich markup and control characters."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from newsread.annotations.formats import FORMATS
from newsread.annotations.formats.utf16 import Utf16Offsets
from newsread.model import Annotation, Article
from storage.library import Library
from tests.export_sample import GOLDEN_FILES
from tui.cli import main

HOSTILE = Article(
    id="h1wharf",
    title="Wharf 🚢 notes",
    body=(
        "Harbour log 🚢🚢 [bold]The harbourmaster[/bold] wrote\r\n"
        "that the 𝔘-boat \x1b[31mreplica\x1b[0m sails at dawn.\r\n"
        "Sne\u0308 Jo\u0301nsdo\u0301ttir asked: \x07why\x9b and \u202eflipped\u202c words?"
    ),
    source="Quay Weekly",
    url_or_path="/quay/log.txt",
)
#: Quotes after each kind of trouble, and two holding it.
QUOTES = (
    "🚢🚢",
    "[bold]The harbourmaster[/bold]",
    "wrote\r\nthat",
    "𝔘-boat",
    "\x1b[31mreplica\x1b[0m",
    "Sne\u0308 Jo\u0301nsdo\u0301ttir",
    "\x07why\x9b",
    "\u202eflipped\u202c",
    "words?",
)


def hostile_library(root: Path, article: Article = HOSTILE) -> None:
    library = Library(root)
    library.save_articles([article])
    for n, quote in enumerate(QUOTES):
        start = article.body.index(quote)
        ann = Annotation(
            id=f"q{n}",
            article_id=article.id,
            start=0,
            end=0,
            quote="",
            tags=["check"],
            note="why [b]here[/b]?",
            annotator="oona",
            created="2025-05-01T10:00:00+00:00",
            updated="2025-05-01T10:00:00+00:00",
        )
        library.save_annotation(ann.placed_at(article.body, start, start + len(quote)))
    library.close()


def export(root: Path, fmt: str, target: Path) -> Path:
    code = main(["export", "--format", fmt, "-o", str(target), "--library", str(root)])
    assert code == 0
    return target


def utf16_slice(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with the offsets in UTF-16 code units (JavaScript's slice)."""
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def spans_in(fmt: str, path: Path) -> list[tuple[str, str]]:
    """(the text at each exported span's offsets, counted as its readers count,
    the text the format says is there): equal when the offsets land."""
    body = HOSTILE.body
    if fmt == "json":
        document = json.loads(path.read_text("utf-8"))
        return [(body[r["start"] : r["end"]], r["quote"]) for r in document["annotations"]]
    if fmt == "jsonl":
        records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        return [(body[r["start"] : r["end"]], r["quote"]) for r in records]
    if fmt == "w3c":
        found = []
        for item in json.loads(path.read_text("utf-8"))["first"]["items"]:
            quote, position = item["target"]["selector"]
            found.append((body[position["start"] : position["end"]], quote["exact"]))
        return found
    if fmt == "csv":
        text = path.read_bytes().decode("utf-8-sig")
        rows = csv.DictReader(io.StringIO(text, newline=""))
        return [(body[int(r["start"]) : int(r["end"])], r["quote"]) for r in rows]
    if fmt == "spacy":
        import spacy
        from spacy.tokens import DocBin

        (doc,) = DocBin().from_disk(path).get_docs(spacy.blank("en").vocab)
        assert doc.text == body
        # Tokens are whole: each span is its quote (none here starts or ends inside a token).
        return list(zip([s.text for s in doc.spans["newsread"]], QUOTES, strict=True))
    if fmt == "doccano":
        (example,) = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        assert example["text"] == body
        labels = sorted(example["label"])
        return [
            (utf16_slice(body, start, end), quote)
            for (start, end, _), quote in zip(labels, QUOTES, strict=True)
        ]
    assert fmt == "labelstudio"
    (task,) = json.loads(path.read_text("utf-8"))
    assert task["data"]["text"] == body
    values = [r["value"] for a in task["annotations"] for r in a["result"]]
    return [(body[v["start"] : v["end"]], v["text"]) for v in values]


#: Every format to a file, and every one but spacy (a DocBin needs -o) to stdout.
WAYS = [(fmt, False) for fmt in FORMATS] + [(fmt, True) for fmt in FORMATS if fmt != "spacy"]


@pytest.mark.parametrize(("fmt", "to_stdout"), WAYS)
def test_offsets_land_on_the_quote_after_astral_characters_markup_and_controls(
    fmt, to_stdout, tmp_path, capsys
):
    hostile_library(tmp_path / "lib")
    target = tmp_path / GOLDEN_FILES[fmt]
    if to_stdout:
        # Control characters go out as JSON escapes there (the same text once read).
        capsys.readouterr()
        assert main(["export", "--format", fmt, "--library", str(tmp_path / "lib")]) == 0
        target.write_text(capsys.readouterr().out, "utf-8")
    else:
        export(tmp_path / "lib", fmt, target)
    found = spans_in(fmt, target)
    assert len(found) == len(QUOTES)
    assert sorted(at for at, _ in found) == sorted(QUOTES)
    for at, said in found:
        assert at == said


def test_doccano_counts_utf16_units_and_label_studio_code_points(tmp_path):
    """The two web tools count differently (doccano: the browser selection's
    JavaScript offsets; Label Studio: code points, as its own tests pin), so
    the same span has two offsets: one more in doccano for each character
    past U+FFFF before it."""
    hostile_library(tmp_path / "lib")
    (example,) = [
        json.loads(line)
        for line in export(tmp_path / "lib", "doccano", tmp_path / "d.jsonl")
        .read_text("utf-8")
        .splitlines()
    ]
    (task,) = json.loads(export(tmp_path / "lib", "labelstudio", tmp_path / "l.json").read_text())
    boat = HOSTILE.body.index("𝔘-boat")
    # Two ships before it, and 𝔘 itself is two units long.
    assert [boat + 2, boat + 2 + 7, "check"] in example["label"]
    value = next(r["value"] for r in task["annotations"][0]["result"] if r["id"] == "q3")
    assert (value["start"], value["end"]) == (boat, boat + 6)


def test_utf16_offsets_count_each_astral_character_twice():
    units = Utf16Offsets("a😀b𝔘c")
    assert [units.to_utf16(n) for n in range(6)] == [0, 1, 3, 4, 6, 7]
    assert Utf16Offsets("plain café").to_utf16(10) == 10


@pytest.mark.parametrize("fmt", ["json", "jsonl", "w3c"])
def test_round_trip_lands_on_the_same_words_in_another_library(fmt, tmp_path):
    """Exported from one library, imported into another holding the same text
    under another id and address (found by its content hash): every
    annotation on the words it was made on."""
    hostile_library(tmp_path / "a")
    exported = export(tmp_path / "a", fmt, tmp_path / GOLDEN_FILES[fmt])
    copy = Article(
        id="other1",
        title="Wharf notes (copy)",
        body=HOSTILE.body,
        source="",
        url_or_path="/elsewhere/wharf.txt",
    )
    Library(tmp_path / "b").save_articles([copy])
    code = main(["import-annotations", str(exported), "--library", str(tmp_path / "b")])
    assert code == 0
    library = Library(tmp_path / "b")
    try:
        placed: dict[str, Any] = {a.id: a for a in library.annotations("other1")}
    finally:
        library.close()
    assert sorted(placed) == [f"q{n}" for n in range(len(QUOTES))]
    for n, quote in enumerate(QUOTES):
        ann = placed[f"q{n}"]
        assert not ann.orphan
        assert (ann.start, ann.end) == (
            HOSTILE.body.index(quote),
            HOSTILE.body.index(quote) + len(quote),
        )
        assert HOSTILE.body[ann.start : ann.end] == ann.quote == quote
