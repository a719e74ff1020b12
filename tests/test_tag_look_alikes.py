"""A library made before the one rule for tag names (newsread.annotations.tagnames)
may hold look-alike tags ("check" and "Check", "é" in NFC and NFD) and names
no tag can have: stats count look-alikes as one tag, tag: search finds them by
any spelling, doctor reports both kinds, and doctor --restore merges the
look-alikes (one undoable step each) but leaves a bad name for the user."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from newsread.model import Annotation
from storage.history import History
from storage.library import Library
from tests.export_sample import BRIDGE, BUDGET
from tui.cli import main

NFC = "é"
NFD = unicodedata.normalize("NFD", NFC)


def _ann(ident: str, quote: str, tags: list[str], article=BRIDGE) -> Annotation:
    start = article.body.index(quote)
    ann = Annotation(ident, article.id, 0, 0, "", tags=tags)
    return ann.placed_at(article.body, start, start + len(quote))


def _library(root: Path) -> Path:
    """As an older newsread (or a hand edit) left it: every spelling its own tag."""
    library = Library(root)
    library.save_articles([BRIDGE, BUDGET])
    for name in ("check", "Check", "CHECK", NFC, NFD):
        library.ensure_tag(name)
    library.save_annotation(_ann("a1", "Ana Ruiz", ["check"]))
    library.save_annotation(_ann("a2", "the bridge", ["check", "Check"]))
    library.save_annotation(_ann("a3", "weeks later", ["CHECK", NFD]))
    library.save_annotation(_ann("b1", "the budget", [NFC], article=BUDGET))
    library.close()
    return root


def _cli(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _per_tag(capsys, root: Path) -> dict[str, int]:
    code, out, err = _cli(capsys, root, "stats", "--json")
    assert code == 0, err
    return {row["tag"]: row["annotations"] for row in json.loads(out)["per_tag"]}


def test_stats_count_look_alike_spellings_as_one_tag(capsys, tmp_path):
    root = _library(tmp_path / "lib")
    assert _per_tag(capsys, root) == {"check": 3, NFC: 2}


def test_tag_search_finds_every_spelling(capsys, tmp_path):
    root = _library(tmp_path / "lib")
    for query in ("tag:CHECK", f"tag:{NFD}", f"tag:{NFC}"):
        code, out, err = _cli(capsys, root, "search", query, "--json")
        assert code == 0, (query, err)
        found = sorted(hit["article_id"] for hit in json.loads(out))
        expected = [BRIDGE.id] if "CHECK" in query else sorted([BRIDGE.id, BUDGET.id])
        assert found == expected, query


def test_doctor_reports_look_alikes_and_restore_merges_them_undoably(capsys, tmp_path):
    root = _library(tmp_path / "lib")
    library = Library(root)
    library.ensure_tag("a\tb")
    library.close()

    code, out, _ = _cli(capsys, root, "doctor")

    assert code == 1
    said = [line for line in out.splitlines() if "differ only in case" in line]
    assert len(said) == 2
    assert any("'CHECK', 'Check', 'check'" in line for line in said)
    assert all("--restore merges them" in line for line in said)
    [bad] = [line for line in out.splitlines() if "control characters" in line]
    assert "'a\\tb'" in bad and "rename it in the app's tag manager" in bad
    # stats draws it on one row of its table.
    code, out, _ = _cli(capsys, root, "stats")
    assert code == 0 and [line for line in out.splitlines() if "a␉b" in line]
    assert not [line for line in out.splitlines() if line.strip().startswith("b ")]

    code, out, err = _cli(capsys, root, "doctor", "--restore")

    assert "merged tag 'CHECK' into 'check'" in out and "merged tag 'Check' into 'check'" in out
    # The bad name is the user's to rename: still reported, nothing else is.
    assert code == 1 and "still damaged" in err and "control characters" in err
    assert "differ only in case" not in err
    fresh = Library(root)
    tags = {a.id: a.tags for i in (BRIDGE.id, BUDGET.id) for a in fresh.annotations(i)}
    # "check" is the most used; NFC and NFD once each: NFC, as a new tag is stored.
    kept_e = NFC
    assert tags == {"a1": ["check"], "a2": ["check"], "a3": ["check", kept_e], "b1": [kept_e]}
    assert sorted(t.name for t in fresh.tags()) == sorted(["a\tb", "check", kept_e])
    assert _per_tag(capsys, root) == {"check": 3, kept_e: 2, "a\tb": 0}

    # Each merge is a step undo takes back, as one made in the tag manager.
    history = History(fresh)
    while history.can_undo():
        history.undo()
    undone = Library(root)
    tags = {a.id: a.tags for i in (BRIDGE.id, BUDGET.id) for a in undone.annotations(i)}
    assert tags == {"a1": ["check"], "a2": ["check", "Check"], "a3": ["CHECK", NFD], "b1": [NFC]}
