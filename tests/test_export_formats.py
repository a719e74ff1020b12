"""``newsread export --format F``: every format from one small library, against
its golden file, and read back with the library that consumes it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from newsread.annotations.formats import FORMATS
from newsread.annotations.formats.csvfile import COLUMNS, TAG_SEPARATOR
from tests.export_sample import (
    BRIDGE,
    BUDGET,
    EXPORTED,
    GOLDEN,
    GOLDEN_FILES,
    WRITE_GOLDEN,
    build_sample_library,
    fix_export_time,
    sample_annotations,
)
from tests.test_export import assert_valid
from tui.cli import main


@pytest.fixture
def library_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "lib"
    build_sample_library(root).close()
    fix_export_time(monkeypatch)
    return root


def exported(root: Path, fmt: str, tmp_path: Path, *extra: str) -> Path:
    target = tmp_path / GOLDEN_FILES[fmt]
    code = main(["export", "--format", fmt, "-o", str(target), "--library", str(root), *extra])
    assert code == 0
    return target


# -- golden files -----------------------------------------------------------------------


def spacy_summary(path: Path) -> list[dict[str, Any]]:
    """What a DocBin holds, as plain data (the bytes depend on spaCy's packing)."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))

    def spans(group: Any) -> list[list[Any]]:
        return [[s.start_char, s.end_char, s.label_, s.text] for s in group]

    return [
        {
            "article": doc.user_data["newsread_article"],
            "text": doc.text,
            "tokens": len(doc),
            "spans": spans(doc.spans["newsread"]),
            "spans_attrs": doc.spans["newsread"].attrs["newsread"],
            "ents": spans(doc.ents),
            "rejected": spans(doc.spans["newsread_rejected"]),
            "rejected_attrs": doc.spans["newsread_rejected"].attrs["newsread"],
            # A file from before roles were exported has none: the same as no claim.
            "roles": spans(doc.spans["newsread_roles"]) if "newsread_roles" in doc.spans else [],
        }
        for doc in docs
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_matches_its_golden_file(fmt, library_root, tmp_path):
    target = exported(library_root, fmt, tmp_path)
    golden = GOLDEN / GOLDEN_FILES[fmt]
    if WRITE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(target.read_bytes())
    if fmt == "spacy":
        assert spacy_summary(target) == spacy_summary(golden)
    else:
        assert target.read_bytes().decode("utf-8") == golden.read_bytes().decode("utf-8")


def test_with_text_golden(library_root, tmp_path):
    for fmt, name in (("json", "export.with-text.json"), ("jsonl", "export.with-text.jsonl")):
        target = exported(library_root, fmt, tmp_path, "--with-text")
        golden = GOLDEN / name
        if WRITE_GOLDEN:
            golden.write_bytes(target.read_bytes())
        assert target.read_bytes() == golden.read_bytes()


# -- json and jsonl ---------------------------------------------------------------------------


def test_json_carries_every_annotation_and_validates(library_root, tmp_path):
    document = json.loads(exported(library_root, "json", tmp_path).read_text("utf-8"))
    assert_valid(document)
    assert "articles" not in document
    assert document["exported"] == EXPORTED
    by_id = {a["id"]: a for a in document["annotations"]}
    assert set(by_id) == {a.id for a in sample_annotations()}
    assert by_id["n1ruiz"]["annotator"] == "ines" and by_id["n5cafe"]["annotator"] == ""
    assert by_id["n6orphan"]["orphan"] is True
    assert by_id["n1ruiz"]["article"]["content_hash"] == BRIDGE.content_hash


def test_json_with_text_adds_each_body_once(library_root, tmp_path):
    path = exported(library_root, "json", tmp_path, "--with-text")
    document = json.loads(path.read_text("utf-8"))
    assert_valid(document)
    assert [(a["id"], a["body"]) for a in document["articles"]] == [
        (BRIDGE.id, BRIDGE.body),
        (BUDGET.id, BUDGET.body),
    ]


def test_jsonl_lines_are_the_json_records(library_root, tmp_path):
    document = json.loads(exported(library_root, "json", tmp_path).read_text("utf-8"))
    lines = exported(library_root, "jsonl", tmp_path, "--with-text").read_text("utf-8")
    records = [json.loads(line) for line in lines.splitlines()]
    assert len(records) == len(lines.splitlines()) == lines.count("\n")
    types = [r.pop("type") for r in records]
    assert types == ["article"] * 2 + ["annotation"] * 7 + ["rejected_suggestion"] * 2
    assert records[2:9] == document["annotations"]
    assert records[9:] == document["rejected_suggestions"]
    assert records[0]["body"] == BRIDGE.body


# -- W3C Web Annotation ------------------------------------------------------------------

# The terms of http://www.w3.org/ns/anno.jsonld (the Web Annotation Vocabulary's
# JSON-LD context), written down from the W3C Recommendation of 23 February 2017.
W3C_PREFIXES = {
    "oa", "dc", "dcterms", "dctypes", "foaf", "rdf", "rdfs", "skos", "xsd", "iana",
    "owl", "as", "schema",
}  # fmt: skip
W3C_CLASSES = {
    "Annotation", "Dataset", "Image", "Video", "Audio", "Text", "TextualBody",
    "ResourceSelection", "SpecificResource", "FragmentSelector", "CssSelector",
    "XPathSelector", "TextQuoteSelector", "TextPositionSelector", "DataPositionSelector",
    "SvgSelector", "RangeSelector", "TimeState", "HttpRequestState", "CssStylesheet",
    "Choice", "Person", "Software", "Organization", "AnnotationCollection",
    "AnnotationPage", "Audience",
}  # fmt: skip
W3C_MOTIVATIONS = {
    "Motivation", "bookmarking", "classifying", "commenting", "describing", "editing",
    "highlighting", "identifying", "linking", "moderating", "questioning", "replying",
    "reviewing", "assessing", "tagging",
}  # fmt: skip
W3C_PROPERTIES = {
    "id", "type", "body", "target", "source", "selector", "state", "scope", "refinedBy",
    "startSelector", "endSelector", "renderedVia", "creator", "generator", "rights",
    "homepage", "via", "canonical", "stylesheet", "cached", "conformsTo", "items",
    "partOf", "first", "last", "next", "prev", "audience", "motivation", "purpose",
    "textDirection", "accessibility", "bodyValue", "format", "language",
    "processingLanguage", "value", "exact", "prefix", "suffix", "styleClass", "name",
    "email", "email_sha1", "nickname", "label", "created", "modified", "generated",
    "sourceDate", "sourceDateStart", "sourceDateEnd", "start", "end", "total",
    "startIndex",
}  # fmt: skip
W3C_DIRECTIONS = {"auto", "ltr", "rtl"}
W3C_TERMS = W3C_CLASSES | W3C_MOTIVATIONS | W3C_PROPERTIES | W3C_DIRECTIONS
#: Properties whose value is a term (``"@type": "@vocab"`` or a class for ``type``).
VOCAB_VALUED = {"type": W3C_CLASSES, "motivation": W3C_MOTIVATIONS, "purpose": W3C_MOTIVATIONS}


def undefined_terms(node: Any, path: str = "$") -> list[str]:
    """Every key, and every ``type``/``motivation``/``purpose`` value, that the
    W3C context does not define (a compact IRI on one of its prefixes is defined)."""
    found: list[str] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            found += undefined_terms(item, f"{path}[{i}]")
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            prefix, colon, _ = key.partition(":")
            if key not in W3C_PROPERTIES and not (colon and prefix in W3C_PREFIXES):
                found.append(f"{path}: key {key!r}")
            if key in VOCAB_VALUED:
                for term in value if isinstance(value, list) else [value]:
                    if term not in VOCAB_VALUED[key]:
                        found.append(f"{path}.{key}: {term!r}")
            found += undefined_terms(value, f"{path}.{key}")
    return found


def test_w3c_uses_only_terms_of_the_w3c_context(library_root, tmp_path):
    collection = json.loads(exported(library_root, "w3c", tmp_path).read_text("utf-8"))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert undefined_terms(collection) == []
    # and the check does catch a stray term
    collection["first"]["items"][0]["colour"] = "red"
    collection["first"]["items"][0]["motivation"] = "flagging"
    assert len(undefined_terms(collection)) == 2


def test_w3c_annotations(library_root, tmp_path):
    collection = json.loads(exported(library_root, "w3c", tmp_path).read_text("utf-8"))
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == 7
    assert collection["last"] == collection["first"]["id"]
    claim = next(i for i in items if i["id"] == "urn:newsread:annotation:n3claim")
    assert claim["creator"] == {"type": "Person", "name": "ines"}
    assert claim["created"] == "2025-03-01T10:00:00+00:00"
    assert claim["modified"] == "2025-03-02T11:30:00+00:00"
    purposes = [(b["purpose"], b["value"]) for b in claim["body"]]
    assert purposes[:3] == [
        ("tagging", "check"),
        ("tagging", "source"),
        ("commenting", 'Two sources?\nAsk the council, "today".'),
    ]
    assert purposes[3][0] == "describing"
    assert json.loads(purposes[3][1])["cue"]["text"] == "said"
    quote, position = claim["target"]["selector"]
    start = BRIDGE.body.index("The mayor, Ana")
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": BRIDGE.body[start : start + 54],
        "suffix": BRIDGE.body[start + 54 : start + 54 + 32],
    }
    assert position == {"type": "TextPositionSelector", "start": start, "end": start + 54}
    source = claim["target"]["source"]
    assert source["id"] == f"urn:newsread:article:{BRIDGE.id}"
    assert source["dcterms:source"] == BRIDGE.url_or_path
    assert source["dcterms:identifier"] == "sha256:" + BRIDGE.content_hash
    note_only = next(i for i in items if i["id"] == "urn:newsread:annotation:n5cafe")
    assert note_only["motivation"] == "commenting" and "creator" not in note_only


# -- CSV -------------------------------------------------------------------------------


def test_csv_opens_in_the_csv_module(library_root, tmp_path):
    raw = exported(library_root, "csv", tmp_path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 7
    by_id = {r["id"]: r for r in rows}
    claim = by_id["n3claim"]
    assert claim["note"] == 'Two sources?\nAsk the council, "today".'
    assert claim["tags"].split(TAG_SEPARATOR) == ["check", "source"]
    assert json.loads(claim["data"])["suggestion"]["kind"] == "claim"
    # a cell a spreadsheet would run as a formula is shown as text
    assert by_id["n4budget"]["quote"] == "'-5 % on the budget"
    assert by_id["n4budget"]["tags"] == "'=figure"
    assert by_id["n6orphan"]["orphan"] == "true"
    assert by_id["n6orphan"]["updated"] == "2025-03-01T10:00:00+00:00"  # never edited
    assert by_id["n1ruiz"]["article_title"] == "Bridge opening delayed, again"


# -- spaCy ------------------------------------------------------------------------------


def test_spacy_docbin_loads_with_spacy(library_root, tmp_path):
    docs = spacy_summary(exported(library_root, "spacy", tmp_path))
    assert [d["article"]["id"] for d in docs] == [BRIDGE.id, BUDGET.id]
    bridge, budget = docs
    labels = {(text, label) for _, _, label, text in bridge["spans"]}
    assert ("Ana Ruiz", "PERSON") in labels and ("The mayor, Ana Ruiz", "PERSON") in labels
    assert ("-5 % on the budget", "=figure") in labels
    # one span per tag; the note-only annotation has none, the orphan is left out
    assert len(bridge["spans"]) == 5 and len(budget["spans"]) == 1
    assert [a["id"] for a in bridge["spans_attrs"]].count("n3claim") == 2
    # overlapping accepted entities: the longer one only
    assert [(text, label) for _, _, label, text in bridge["ents"]] == [
        ("The mayor, Ana Ruiz", "PERSON")
    ]
    assert [(text, label) for _, _, label, text in bridge["rejected"]] == [("May", "DATE")]
    assert budget["rejected_attrs"] == [{"kind": "claim"}]
    assert budget["ents"] == []


def test_spacy_needs_a_file(capsys, library_root):
    code = main(["export", "--format", "spacy", "--library", str(library_root)])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        "newsread: error: --format spacy writes a binary file: give one with -o FILE.spacy\n"
    )


def test_with_text_only_for_json_and_jsonl(capsys, library_root):
    code = main(["export", "--format", "w3c", "--with-text", "--library", str(library_root)])
    assert code == 1
    assert "--with-text is for --format json and jsonl" in capsys.readouterr().err


# -- doccano and Label Studio --------------------------------------------------------------


def test_doccano_lines(library_root, tmp_path):
    lines = exported(library_root, "doccano", tmp_path).read_text("utf-8").split("\n")[:-1]
    examples = [json.loads(line) for line in lines]
    assert [e["article_id"] for e in examples] == [BRIDGE.id, BUDGET.id]
    bridge = examples[0]
    assert bridge["text"] == BRIDGE.body
    for start, end, tag in bridge["label"]:
        assert isinstance(tag, str) and 0 <= start < end <= len(bridge["text"])
    assert len(bridge["label"]) == 5
    # the orphan is not a label: its offsets are not in this text
    spring = BUDGET.body.index("by spring")
    assert examples[1]["label"] == [[spring, spring + 9, "check"]]


def test_label_studio_tasks(library_root, tmp_path):
    tasks = json.loads(exported(library_root, "labelstudio", tmp_path).read_text("utf-8"))
    assert [t["data"]["article_id"] for t in tasks] == [BRIDGE.id, BUDGET.id]
    bridge = tasks[0]
    assert bridge["data"]["text"] == BRIDGE.body
    # one Label Studio annotation per annotator: ines, kwame
    assert [len(a["result"]) for a in bridge["annotations"]] == [2, 2]
    region = next(r for a in bridge["annotations"] for r in a["result"] if r["id"] == "n3claim")
    assert region["from_name"] == "label" and region["to_name"] == "text"
    assert region["type"] == "labels"
    assert region["value"]["labels"] == ["check", "source"]
    value = region["value"]
    assert BRIDGE.body[value["start"] : value["end"]] == value["text"]
    assert region["meta"] == {"text": ['Two sources?\nAsk the council, "today".']}


def test_spacy_roles_follow_the_text_and_skip_what_is_no_claim():
    import spacy
    from spacy.tokens import DocBin

    from newsread.annotations.formats.spacy_docbin import ROLES_KEY, docbin_bytes

    body = "Prelude added later. The mayor said the ferry is late. Nobody said anything else."
    claim = body.index("The mayor")

    def record(rid: str, start: int, end: int, tags: list[str], data: dict) -> dict:
        return {
            "id": rid, "article": {"id": "art1"}, "orphan": False, "start": start,
            "end": end, "tags": tags, "data": data, "annotator": "ines", "note": "",
        }  # fmt: skip

    # Stored before "Prelude added later. " was put in front: the offsets in
    # data are stale, the texts are still inside the (re-anchored) claim.
    stale = {
        "speaker": {"start": 0, "end": 9, "text": "The mayor"},
        "cue": {"start": 10, "end": 14, "text": "said"},
        "content": {"start": 15, "end": 33, "text": "the ferry is late"},
    }
    wrong = body.index("Nobody")
    document = {
        "articles": [{"id": "art1", "title": "T", "body": body}],
        "annotations": [
            record("c1", claim, claim + 34, ["attributed"], stale),
            record(
                "c2",
                wrong,
                len(body),
                ["not-a-claim"],
                {"cue": {"start": wrong + 7, "end": wrong + 11, "text": "said"}},
            ),  # fmt: skip
        ],
        "rejected_suggestions": [],
    }
    (doc,) = DocBin().from_bytes(docbin_bytes(document)).get_docs(spacy.blank("en").vocab)
    got = [(s.label_, s.text) for s in doc.spans[ROLES_KEY]]
    assert got == [("speaker", "The mayor"), ("cue", "said"), ("content", "the ferry is late")]
    assert doc.spans[ROLES_KEY].attrs["newsread"] == [{"id": "c1"}] * 3


def test_spacy_content_of_a_split_quote_is_its_parts(tmp_path):
    """A quote split by its attribution trains as the words said: one content
    span per part, the "she said" between them left out of the content."""
    import spacy
    from spacy.tokens import DocBin

    from newsread.analysis import Claim, Span
    from newsread.annotations.formats.spacy_docbin import ROLES_KEY, SPANS_KEY
    from newsread.model import Article, new_annotation
    from storage.library import Library

    body = 'Rain again. "The pier stays shut," Ida Moss said. "We rebuild in June." End.'
    first, second = "The pier stays shut,", "We rebuild in June."
    at1, at2 = body.index(first), body.index(second)
    speaker, cue = body.index("Ida Moss"), body.index("said")
    claim = Claim(
        at1 - 1,
        at2 + len(second) + 1,
        "attributed",
        0.8,
        speaker=Span(speaker, speaker + 8, "Ida Moss"),
        cue=Span(cue, cue + 4, "said"),
        content=Span(at1, at2 + len(second), body[at1 : at2 + len(second)]),
        content_parts=[Span(at1, at1 + len(first), first), Span(at2, at2 + len(second), second)],
    )
    spans = claim.to_dict()
    data = {"suggestion": {"kind": "claim", "label": "attributed", "score": 0.8}}
    data.update({k: spans[k] for k in ("speaker", "cue", "content", "content_parts")})
    article = Article(id="p1", title="Pier", body=body, source="", url_or_path="/p.txt")
    library = Library(tmp_path / "lib")
    library.save_articles([article])
    accepted = new_annotation(
        article, claim.start, claim.end, ["attributed"], "", data, annotator="ida"
    )
    library.save_annotation(accepted)
    library.close()
    target = tmp_path / "split.spacy"
    args = ["export", "--format", "spacy", "-o", str(target), "--library", str(tmp_path / "lib")]
    assert main(args) == 0

    (doc,) = DocBin().from_disk(target).get_docs(spacy.blank("en").vocab)
    roles = doc.spans[ROLES_KEY]
    got = [(s.label_, s.text) for s in roles]
    assert got == [
        ("speaker", "Ida Moss"),
        ("cue", "said"),
        ("content", first),
        ("content", second),
    ]
    assert roles.attrs[SPANS_KEY] == [{"id": accepted.id}] * 4


def test_spacy_keeps_a_claim_marked_wrong_as_a_negative(tmp_path):
    """A claim the user marked as none (the reader's K) is a negative a
    claim model can learn from: in the group of rejected spans, labelled with
    the kind the model gave it, beside the turned-down suggestions."""
    import spacy
    from spacy.tokens import DocBin

    from newsread.analysis import Claim, Span
    from newsread.analysis.corrections import CORRECTION, NOT_A_CLAIM
    from newsread.annotations.formats.spacy_docbin import REJECTED_KEY, SPANS_KEY
    from newsread.model import Annotation, Article
    from storage.library import Library

    body = "Ferries run late. The pilot said the tide turned early. Gulls agree."
    article = Article(id="f1", title="Ferry", body=body, source="", url_or_path="/f.txt")
    start = body.index("The pilot")
    end = body.index("Gulls") - 1
    cue = body.index("said")
    model_claim = Claim(start, end, "attributed", 0.5, cue=Span(cue, cue + 4, "said"))
    wrong = Annotation(
        id="k1",
        article_id="f1",
        start=0,
        end=0,
        quote="",
        tags=[NOT_A_CLAIM],
        data={CORRECTION: {"kind": "claim", "wrong": True, "was": model_claim.to_dict()}},
        annotator="oona",
    ).placed_at(body, start, end)
    library = Library(tmp_path / "lib")
    library.save_articles([article])
    library.save_annotation(wrong)
    library.save_rejected(
        "f1", {"kind": "claim", "label": "factual", "start": 0, "end": 17, "text": body[:17]}
    )
    library.close()
    target = tmp_path / "claims.spacy"
    args = ["export", "--format", "spacy", "-o", str(target), "--library", str(tmp_path / "lib")]
    assert main(args) == 0

    (doc,) = DocBin().from_disk(target).get_docs(spacy.blank("en").vocab)
    negatives = doc.spans[REJECTED_KEY]
    got = [(s.label_, s.text) for s in negatives]
    assert got == [("factual", "Ferries run late."), ("attributed", body[start:end])]
    assert negatives.attrs[SPANS_KEY] == [{"kind": "claim"}, {"kind": "claim", "id": "k1"}]
    # Still the user's annotation, under its tag, with who made it.
    assert [(s.label_, s.text) for s in doc.spans[SPANS_KEY]] == [(NOT_A_CLAIM, body[start:end])]
    assert doc.spans[SPANS_KEY].attrs[SPANS_KEY][0]["id"] == "k1"


# -- -o onto what is not a plain file -------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(
    fmt, library_root, tmp_path
):
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir()
    real = elsewhere / "latest.out"
    real.write_text("old", "utf-8")
    link = tmp_path / "link.out"
    link.symlink_to(real)
    code = main(["export", "--format", fmt, "-o", str(link), "--library", str(library_root)])
    assert code == 0
    assert link.is_symlink() and link.resolve() == real
    assert "n1ruiz" in real.read_text("utf-8-sig")


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_output_to_a_fifo_writes_into_it_instead_of_renaming_over_it(fmt, library_root, tmp_path):
    import os
    import stat

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # A reader opened first (without blocking), as `-o /dev/stdout | jq` would have.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        code = main(["export", "--format", fmt, "-o", str(fifo), "--library", str(library_root)])
        assert code == 0
        assert stat.S_ISFIFO(os.stat(fifo).st_mode)
        got = os.read(reader, 1 << 16).decode("utf-8")
    finally:
        os.close(reader)
    assert "n1ruiz" in got
