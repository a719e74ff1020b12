"""export --tag and --annotator: what a per-tag or per-annotator training set
gets, in every format, through the real command on real library files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsread.model import Annotation, Article
from storage.library import Library
from tui.cli import main

FERRY = Article(id="ferry001", title="Ferry story", body="Fares rose by 14 million crowns.")
BRIDGE = Article(id="bridge01", title="Bridge story", body="The Corran bridge reopened today.")


def _ann(article: Article, ident: str, quote: str, tags: list[str], who: str) -> Annotation:
    start = article.body.index(quote)
    return Annotation(ident, article.id, 0, 0, "", tags=tags, annotator=who).placed_at(
        article.body, start, start + len(quote)
    )


def _rejection(article: Article, text: str, label: str, who: str) -> dict:
    start = article.body.index(text)
    return {"kind": "entity", "label": label, "start": start, "end": start + len(text),
            "text": text, "rejected": "2026-12-05T10:00:00+00:00", "annotator": who}  # fmt: skip


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    library = Library(tmp_path / "lib")
    library.save_articles([FERRY, BRIDGE])
    library.save_annotation(_ann(BRIDGE, "b1", "Corran bridge", ["place"], "ines"))
    library.save_annotation(_ann(FERRY, "f1", "Fares", ["other"], "kwame"))
    library.save_rejected(FERRY.id, _rejection(FERRY, "14 million", "CARDINAL", "kwame"))
    library.save_rejected(BRIDGE.id, _rejection(BRIDGE, "today", "DATE", "ines"))
    library.close()
    return tmp_path / "lib"


def _json(capsys, lib: Path, *args: str) -> dict:
    assert main(["--library", str(lib), "export", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_tag_keeps_the_rejections_of_that_label_only(capsys, lib):
    # A per-tag set gained every other kind's negatives, and (spaCy) a Doc for
    # an article with none of the tag.
    document = _json(capsys, lib, "--tag", "place")
    assert [a["quote"] for a in document["annotations"]] == ["Corran bridge"]
    assert document["rejected_suggestions"] == []
    document = _json(capsys, lib, "--tag", "CARDINAL")
    assert document["annotations"] == []
    assert [r["text"] for r in document["rejected_suggestions"]] == ["14 million"]


def test_tag_filter_in_the_spacy_export(capsys, lib, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    out = tmp_path / "place.spacy"
    assert main(["--library", str(lib), "export", "--tag", "place", "--format", "spacy",
                 "-o", str(out)]) == 0  # fmt: skip
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
    assert [d.user_data["newsread_article"]["title"] for d in docs] == ["Bridge story"]
    assert [s.text for s in docs[0].spans["newsread"]] == ["Corran bridge"]
    assert list(docs[0].spans["newsread_rejected"]) == []


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_annotator_keeps_their_annotations_and_rejections(capsys, lib, fmt):
    assert main(["--library", str(lib), "export", "--format", fmt, "--annotator", "kwame"]) == 0
    out = capsys.readouterr().out
    if fmt == "jsonl":
        records = [json.loads(line) for line in out.splitlines()]
    else:
        document = json.loads(out)
        records = [{"type": "annotation", **a} for a in document["annotations"]]
        records += [{"type": "rejected_suggestion", **r} for r in document["rejected_suggestions"]]
    assert {(r["type"], r.get("quote") or r.get("text")) for r in records} == {
        ("annotation", "Fares"),
        ("rejected_suggestion", "14 million"),
    }
    assert all(r["annotator"] == "kwame" for r in records)


def test_an_annotator_who_made_nothing_is_refused_naming_those_who_did(capsys, lib):
    # "Ines" is ines (names are compared without case); "Inez" is a typo.
    code = main(["--library", str(lib), "export", "--annotator", "Inez"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == (
        "newsread: error: --annotator Inez: nothing in the library is by that annotator "
        "(annotators: ines, kwame)"
    )


def test_tag_chooses_every_spelling_of_the_tag(capsys, lib):
    # By the tag rule "Place " and "PLACE" are the tag place (and "cardinal"
    # the label CARDINAL): the filter once found nothing and refused the name.
    document = _json(capsys, lib, "--tag", "Place ", "--tag", "cardinal")
    assert [a["quote"] for a in document["annotations"]] == ["Corran bridge"]
    assert [r["text"] for r in document["rejected_suggestions"]] == ["14 million"]


def test_spacy_export_counts_spans_grown_far_past_the_tag(capsys, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    # The blank English tokenizer does not split Chinese: the three characters
    # tagged become the span of the whole sentence they stand in.
    bridge_zh = Article(
        id="zhbridge",
        title="桥",
        body="市长说这座桥将在五月开放。交通局长王文涛表示，工程花费了三亿元。",
    )
    library = Library(tmp_path / "lib")
    library.save_articles([bridge_zh, BRIDGE])
    library.save_annotation(_ann(bridge_zh, "z1", "这座桥", ["place"], "ines"))
    library.save_annotation(_ann(BRIDGE, "b1", "Corran bridge", ["place"], "ines"))
    library.close()
    out = tmp_path / "place.spacy"
    args = ["--library", str(tmp_path / "lib"), "export", "--format", "spacy", "-o", str(out)]
    assert main(args) == 0
    said = capsys.readouterr().err
    assert said == (
        f"wrote 2 annotations to {out}; 1 span grown to whole tokens by more than 10 "
        "characters (text the English tokenizer does not split, such as Chinese or Japanese)\n"
    )
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
    grown = [s.text for d in docs for s in d.spans["newsread"] if "这座桥" in s.text]
    assert len(grown) == 1 and len(grown[0]) > 3 + 10
    # Tags on whole words say nothing more.
    assert main([*args[:-2], "--article", BRIDGE.id, "-o", str(out)]) == 0
    assert capsys.readouterr().err == f"wrote 1 annotation to {out}\n"


# -- a claim kind's not-a-claim negatives --------------------------------------------------

HARBOUR = Article(
    id="harbour1",
    title="Harbour story",
    body="The harbourmaster said the dredging ends soon. Tides rose. Costs doubled, "
    "the council claims. Boats wait.",
)


def _not_a_claim(ident: str, quote: str, kind: str) -> Annotation:
    """What the reader's K stores: tagged not-a-claim, the model's claim (and
    so its kind) kept in the correction's ``was``."""
    from newsread.analysis import Claim
    from newsread.analysis.corrections import CORRECTION, NOT_A_CLAIM

    start = HARBOUR.body.index(quote)
    was = Claim(start, start + len(quote), kind, 0.4).to_dict()
    data = {CORRECTION: {"kind": "claim", "wrong": True, "was": was}}
    return Annotation(
        ident, HARBOUR.id, 0, 0, "", tags=[NOT_A_CLAIM], data=data, annotator="ines"
    ).placed_at(HARBOUR.body, start, start + len(quote))


@pytest.fixture
def claims_lib(tmp_path: Path) -> Path:
    library = Library(tmp_path / "claims")
    library.save_articles([HARBOUR])
    accepted = _ann(HARBOUR, "c1accept", "The harbourmaster said the dredging ends soon.",
                    ["attributed"], "ines")  # fmt: skip
    library.save_annotation(accepted)
    library.save_annotation(
        _not_a_claim("c2wrong", "Costs doubled, the council claims.", "attributed")
    )
    library.save_annotation(_not_a_claim("c3wrong", "Tides rose.", "factual"))
    library.close()
    return tmp_path / "claims"


def _exported_ids(path: Path, fmt: str) -> set[str]:
    """The annotation ids an export file holds, read as its consumer reads it."""
    if fmt == "spacy":
        import spacy
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))
        return {about["id"] for d in docs for about in d.spans["newsread"].attrs["newsread"]}
    text = path.read_text("utf-8-sig")
    if fmt == "json":
        return {a["id"] for a in json.loads(text)["annotations"]}
    if fmt == "jsonl":
        return {r["id"] for r in map(json.loads, text.splitlines()) if r["type"] == "annotation"}
    if fmt == "w3c":
        items = json.loads(text)["first"]["items"]
        return {i["id"].removeprefix("urn:newsread:annotation:") for i in items}
    if fmt == "csv":
        import csv
        import io

        return {row["id"] for row in csv.DictReader(io.StringIO(text, newline=""))}
    if fmt == "labelstudio":
        tasks = json.loads(text)
        return {r["id"] for t in tasks for a in t["annotations"] for r in a["result"]}
    assert fmt == "doccano"  # no ids: the spans, told apart by their words
    by_span = {
        (HARBOUR.body.index(q), HARBOUR.body.index(q) + len(q)): ident
        for ident, q in [
            ("c1accept", "The harbourmaster said the dredging ends soon."),
            ("c2wrong", "Costs doubled, the council claims."),
            ("c3wrong", "Tides rose."),
        ]
    }
    lines = [json.loads(line) for line in text.splitlines()]
    return {by_span[(s, e)] for line in lines for s, e, _ in line["label"]}


@pytest.mark.parametrize("fmt", ["json", "jsonl", "w3c", "csv", "spacy", "doccano", "labelstudio"])
def test_claim_kind_keeps_its_not_a_claim_negatives(claims_lib, tmp_path, fmt):
    # --tag attributed dropped the user's "not a claim" of attributed claims:
    # their own tag is not-a-claim, the kind is in the correction.
    out = tmp_path / f"attributed.{fmt}"
    args = ["--library", str(claims_lib), "export", "--tag", "attributed", "--format", fmt]
    assert main([*args, "-o", str(out)]) == 0
    assert _exported_ids(out, fmt) == {"c1accept", "c2wrong"}


def test_claim_kind_known_only_from_its_negatives(capsys, claims_lib, tmp_path):
    # No annotation is tagged factual: the kind is still one --tag may name.
    document = _json(capsys, claims_lib, "--tag", "factual")
    assert [a["id"] for a in document["annotations"]] == ["c3wrong"]
    out = tmp_path / "factual.spacy"
    assert main(["--library", str(claims_lib), "export", "--tag", "factual", "--format",
                 "spacy", "-o", str(out)]) == 0  # fmt: skip
    import spacy
    from spacy.tokens import DocBin

    (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
    assert [(s.label_, s.text) for s in doc.spans["newsread_rejected"]] == [
        ("factual", "Tides rose.")
    ]
