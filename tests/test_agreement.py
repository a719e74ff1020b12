"""``newsread agreement``: the figures checked against values worked out by hand
on tiny examples (and Krippendorff's own published example)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsread.annotations.agreement import (
    Marked,
    agreement,
    cohen_kappa,
    exact_f1,
    krippendorff_alpha_nominal,
    overlap_f1,
)
from newsread.model import Annotation, Article
from storage.library import Library
from tui.cli import main

# -- the measures ----------------------------------------------------------------------------


def test_cohen_kappa_by_hand():
    # observed 4/5 = 0.8; expected 3/5 * 2/5 + 2/5 * 3/5 = 0.48; (0.8 - 0.48) / 0.52
    assert cohen_kappa([1, 1, 0, 0, 1], [1, 0, 0, 0, 1]) == pytest.approx(0.32 / 0.52)
    assert cohen_kappa([1, 0], [1, 0]) == 1.0
    assert cohen_kappa([0, 0, 0], [0, 0, 0]) is None  # no variation: undefined
    assert cohen_kappa([], []) is None


def test_krippendorff_alpha_by_hand():
    # Two coders, the kappa example: coincidences o11 = 4, o00 = 4, o01 = o10 = 1,
    # n1 = n0 = 5, n = 10: alpha = 1 - (n - 1) * 2 / (5 * 5 * 2) = 1 - 18 / 50.
    units = list(zip([1, 1, 0, 0, 1], [1, 0, 0, 0, 1], strict=True))
    assert krippendorff_alpha_nominal(units) == (pytest.approx(0.64), 5)


def test_krippendorff_alpha_matches_the_published_example():
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": four
    coders, twelve units, values missing; nominal alpha = 0.743."""
    by_unit = [
        [1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2],
        [1, 2, 3, 4], [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5],
        [None, None, 1, 1], [None, 3, None, None],
    ]  # fmt: skip
    alpha, pairable = krippendorff_alpha_nominal([[v for v in u if v is not None] for u in by_unit])
    assert round(alpha, 3) == 0.743
    assert pairable == 11  # the last unit has one value: it cannot be paired


def test_span_f1_by_hand():
    a = [("t", 0, 5), ("t", 10, 15), ("t", 20, 25)]
    b = [("t", 0, 5), ("t", 11, 15)]
    assert exact_f1(a, b) == pytest.approx(2 * 1 / 5)
    # recall: 2 of A's 3 overlap a B span; precision: both of B's: F1 = 2 * 2/3 / (5/3)
    assert overlap_f1(a, b) == pytest.approx(0.8)
    assert overlap_f1(a, [("other", 0, 5)]) == 0.0  # another tag never matches
    assert exact_f1([], []) is None and overlap_f1([], []) is None


# -- a tiny library ----------------------------------------------------------------------------

BODY = "The mayor said the bridge opens"
# tokens: The 0-3, mayor 4-9, said 10-14, the 15-18, bridge 19-25, opens 26-31
MARKS = [
    Marked("a1", 4, 9, ("PERSON",), "ines"),
    Marked("a1", 19, 25, ("PLACE",), "ines"),
    Marked("a1", 0, 9, ("PERSON",), "kwame"),
]


def pair(figures: dict) -> dict:
    [only] = figures["pairs"]
    return only


def test_tiny_example_per_tag_and_overall():
    document = agreement(MARKS, {"a1": BODY})
    assert document["annotators"] == ["ines", "kwame"]
    person = document["tags"]["PERSON"]
    p = pair(person)
    assert p["annotators"] == ["ines", "kwame"] and p["spans"] == [1, 1] and p["tokens"] == 6
    assert p["exact_f1"] == 0.0  # 4-9 is not 0-9
    assert p["overlap_f1"] == 1.0
    # tokens: ines 0 1 0 0 0 0, kwame 1 1 0 0 0 0: observed 5/6, expected
    # 1/6 * 2/6 + 5/6 * 4/6 = 22/36: kappa = (30/36 - 22/36) / (14/36) = 8/14
    assert p["kappa"] == pytest.approx(8 / 14)
    # o11 = 2, o00 = 8, o01 = o10 = 1; n1 = 3, n0 = 9, n = 12: 1 - 11 * 2 / 54
    assert person["alpha"] == pytest.approx(1 - 22 / 54)
    assert person["alpha_tokens"] == 6

    place = pair(document["tags"]["PLACE"])
    assert place["spans"] == [1, 0] and place["exact_f1"] == 0.0 and place["overlap_f1"] == 0.0
    assert place["kappa"] == pytest.approx(0.0)  # observed 5/6 = expected 5/6

    overall = pair(document["overall"])
    assert overall["exact_f1"] == 0.0
    # recall 1/2 (PERSON found, PLACE not), precision 1: F1 = 2/3
    assert overall["overlap_f1"] == pytest.approx(2 / 3)
    # values: ines {} {P} {} {} {PL} {}, kwame {P} {P} {} {} {} {}: observed 4/6,
    # expected (4 * 4 + 1 * 2) / 36 = 1/2: kappa = (2/3 - 1/2) / (1/2) = 1/3
    assert overall["kappa"] == pytest.approx(1 / 3)


def test_only_articles_an_annotator_worked_on_count():
    marks = [*MARKS, Marked("a2", 0, 3, ("PERSON",), "ines")]
    document = agreement(marks, {"a1": BODY, "a2": "Kim left"}, tags=["PERSON"])
    p = pair(document["tags"]["PERSON"])
    # kwame never annotated a2: it is not one of the pair's articles, and its
    # tokens are coded by ines alone, so alpha cannot pair them either.
    assert p["articles"] == 1 and p["spans"] == [1, 1] and p["tokens"] == 6
    assert document["tags"]["PERSON"]["alpha_tokens"] == 6
    assert list(document["tags"]) == ["PERSON"]


def test_by_article():
    document = agreement(MARKS, {"a1": BODY}, by_article=True)
    assert document["by_article"]["a1"]["overall"] == document["overall"]
    assert document["by_article"]["a1"]["annotators"] == ["ines", "kwame"]


def test_by_article_says_when_one_annotator_alone_worked_on_an_article(capsys, tmp_path):
    root = tmp_path / "lib"
    library = Library(root)
    solo = Article(id="a2", title="Solo", body="Kim left")
    library.save_articles([Article(id="a1", title="Mayor", body=BODY), solo])
    for ident, (article, start, end, who) in enumerate(
        [("a1", 4, 9, "ines"), ("a1", 0, 9, "kwame"), ("a2", 0, 3, "ines")]
    ):
        body = BODY if article == "a1" else "Kim left"
        library.save_annotation(
            Annotation(f"n{ident}", article, start, end, body[start:end], tags=["P"], annotator=who)
        )
    library.close()
    assert main(["agreement", "--by-article", "--library", str(root)]) == 0
    printed = capsys.readouterr().out
    assert "Solo (a2): only ines annotated it: nothing to compare" in printed
    # No empty tables for it, and the other article's figures are there.
    assert "Solo (a2): tag P" not in printed and "Solo (a2): all tags" not in printed
    assert "Mayor (a1): all tags" in printed
    assert main(["agreement", "--by-article", "--json", "--library", str(root)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["by_article"]["a2"]["annotators"] == ["ines"]
    assert document["by_article"]["a2"]["overall"]["pairs"] == []


# -- the command ------------------------------------------------------------------------------


@pytest.fixture
def team_library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    library = Library(root)
    library.save_articles([Article(id="a1", title="Mayor", body=BODY)])
    for ident, (start, end, tags, who) in enumerate(
        [(4, 9, ["PERSON"], "ines"), (19, 25, ["PLACE"], "ines"), (0, 9, ["PERSON"], "kwame")]
    ):
        library.save_annotation(
            Annotation(f"n{ident}", "a1", start, end, BODY[start:end], tags=tags, annotator=who)
        )
    library.close()
    return root


def test_agreement_json_from_the_library(capsys, team_library):
    assert main(["agreement", "--json", "--library", str(team_library)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document == {
        **agreement(MARKS, {"a1": BODY}),
        "source": "library",
        "unplaced": 0,
    }


def test_agreement_from_export_files(capsys, tmp_path, team_library):
    out = tmp_path / "team.jsonl"
    assert (
        main(["export", "--format", "jsonl", "-o", str(out), "--library", str(team_library)]) == 0
    )
    capsys.readouterr()
    assert (
        main(["agreement", str(out), "--json", "--tag", "PERSON", "--library", str(tmp_path / "x")])
        == 1
    )
    assert "neither in the file (export it with --with-text) nor in the library" in (
        capsys.readouterr().err
    )
    assert (
        main(
            [
                "export",
                "--format",
                "jsonl",
                "--with-text",
                "-o",
                str(out),
                "--library",
                str(team_library),
            ]
        )
        == 0
    )
    capsys.readouterr()
    code = main(
        ["agreement", str(out), "--json", "--tag", "PERSON", "--library", str(tmp_path / "x")]
    )
    assert code == 0
    document = json.loads(capsys.readouterr().out)
    assert pair(document["tags"]["PERSON"])["kappa"] == pytest.approx(8 / 14)
    assert document["source"] == [str(out)]


def test_agreement_table_and_too_few_annotators(capsys, tmp_path, team_library):
    assert main(["agreement", "--by-article", "--library", str(team_library)]) == 0
    printed = capsys.readouterr().out
    assert "2 annotators (ines, kwame), 1 article" in printed
    assert "Krippendorff's alpha (nominal, word tokens): 0.593 over 6 tokens" in printed
    assert "Mayor (a1): all tags" in printed
    alone = tmp_path / "alone"
    library = Library(alone)
    library.save_articles([Article(id="a1", title="Mayor", body=BODY)])
    library.save_annotation(Annotation("n1", "a1", 4, 9, "mayor", tags=["x"], annotator="ines"))
    assert main(["agreement", "--library", str(alone)]) == 1
    assert capsys.readouterr().err == (
        "newsread: error: agreement needs annotations by two annotators or more; "
        "the library holds annotations by ines\n"
    )


def test_a_tag_nobody_used_is_an_error_not_empty_tables(capsys, team_library):
    code = main(["agreement", "--tag", "PERSN", "--library", str(team_library)])
    captured = capsys.readouterr()
    assert code == 1 and not captured.out
    assert captured.err == (
        "newsread: error: --tag PERSN: no annotation in the library has this tag "
        "(tags: PERSON, PLACE)\n"
    )
    assert main(["agreement", "--tag", "PERSON", "--library", str(team_library)]) == 0


def test_one_tag_spelled_two_ways_is_one_label(capsys, tmp_path):
    # "Person" and "person " were two tags that disagreed on every passage.
    root = tmp_path / "lib"
    library = Library(root)
    library.save_articles([Article(id="a1", title="Mayor", body=BODY)])
    for ident, (tag, who) in enumerate([("person", "ines"), ("Person ", "kwame")]):
        library.save_annotation(
            Annotation(f"n{ident}", "a1", 4, 9, BODY[4:9], tags=[tag], annotator=who)
        )
    library.close()
    assert main(["agreement", "--json", "--tag", "PERSON", "--library", str(root)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert list(document["tags"]) == ["person"]
    [pair] = document["tags"]["person"]["pairs"]
    assert pair["exact_f1"] == 1.0
