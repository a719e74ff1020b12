"""A small library with every kind of annotation, fixed ids and times: what the
export golden files (tests/fixtures/export/) and the format doc's test are made from.

Run ``NEWSREAD_WRITE_GOLDEN=1 pytest tests/test_export_formats.py`` to write the
golden files again after a deliberate change to a format.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from newsread.model import Annotation, Article
from storage.library import Library
from tests.conftest import FIXTURES
from tui.cli import main

GOLDEN = FIXTURES / "export"
EXPORTED = "2025-03-04T12:00:00+00:00"
WRITE_GOLDEN = os.environ.get("NEWSREAD_WRITE_GOLDEN") == "1"
#: format -> golden file name
GOLDEN_FILES = {
    "json": "export.json",
    "jsonl": "export.jsonl",
    "w3c": "export.w3c.jsonld",
    "csv": "export.csv",
    "spacy": "export.spacy",
    "doccano": "export.doccano.jsonl",
    "labelstudio": "export.labelstudio.json",
}

BRIDGE = Article(
    id="a1bridge",
    title="Bridge opening delayed, again",
    body=(
        "The mayor, Ana Ruiz, said the bridge would open in May, weeks later than planned.\n\n"
        '"-5 % on the budget is not a delay," said the café owner Tomás Vidal.'
    ),
    source="Gazette",
    url_or_path="https://example.org/bridge",
)
BUDGET = Article(
    id="a2budget",
    title="budget balanced",
    body="The treasurer said the budget would balance by spring.",
    source="",
    url_or_path="/news/budget.txt",
)


def _at(article: Article, quote: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = article.body.index(quote, start + 1)
    return start, start + len(quote)


def _ann(article: Article, ident: str, quote: str, **extra: Any) -> Annotation:
    start, end = _at(article, quote)
    ann = Annotation(
        id=ident,
        article_id=article.id,
        start=0,
        end=0,
        quote="",
        created="2025-03-01T10:00:00+00:00",
        updated="2025-03-02T11:30:00+00:00",
        **extra,
    )
    return ann.placed_at(article.body, start, end)


def sample_annotations() -> list[Annotation]:
    mayor_start, _ = _at(BRIDGE, "The mayor")
    _, claim_end = _at(BRIDGE, "The mayor, Ana Ruiz, said the bridge would open in May")
    cue = _at(BRIDGE, "said")
    orphan = Annotation(
        id="n6orphan",
        article_id=BUDGET.id,
        start=4,
        end=15,
        quote="comptroller",
        prefix="The ",
        suffix=" said the budget would balance ",
        tags=["person"],
        created="2025-03-01T10:00:00+00:00",
        updated="",
        orphan=True,
        annotator="ines",
    )
    return [
        _ann(
            BRIDGE,
            "n1ruiz",
            "Ana Ruiz",
            tags=["PERSON"],
            data={"suggestion": {"kind": "entity", "label": "PERSON"}},
            annotator="ines",
        ),
        # Overlaps n1ruiz: only the longer of the two may be an entity in doc.ents.
        _ann(
            BRIDGE,
            "n2mayor",
            "The mayor, Ana Ruiz",
            tags=["PERSON"],
            data={"suggestion": {"kind": "entity", "label": "PERSON"}},
            annotator="kwame",
        ),
        _ann(
            BRIDGE,
            "n3claim",
            "The mayor, Ana Ruiz, said the bridge would open in May",
            tags=["check", "source"],
            note='Two sources?\nAsk the council, "today".',
            data={
                "suggestion": {"kind": "claim", "label": "attributed", "score": 0.75},
                "speaker": {
                    "start": mayor_start,
                    "end": mayor_start + 19,
                    "text": "The mayor, Ana Ruiz",
                },
                "cue": {"start": cue[0], "end": cue[1], "text": "said"},
                "content": {
                    "start": cue[1] + 1,
                    "end": claim_end,
                    "text": BRIDGE.body[cue[1] + 1 : claim_end],
                },
            },
            annotator="ines",
        ),
        _ann(BRIDGE, "n4budget", "-5 % on the budget", tags=["=figure"], annotator="kwame"),
        _ann(BRIDGE, "n5cafe", "café owner", note="only a note", annotator=""),
        _ann(BUDGET, "n7spring", "by spring", tags=["check"], annotator="kwame"),
        orphan,
    ]


REJECTED = [
    (
        BRIDGE.id,
        {
            "kind": "entity",
            "label": "DATE",
            "start": _at(BRIDGE, "May")[0],
            "end": _at(BRIDGE, "May")[1],
            "text": "May",
            "rejected": "2025-03-03T09:00:00+00:00",
        },
    ),
    (
        BUDGET.id,
        {
            "kind": "claim",
            "label": "factual",
            "start": 0,
            "end": len(BUDGET.body),
            "text": BUDGET.body,
            "rejected": "2025-03-03T09:30:00+00:00",
        },
    ),
]


def build_sample_library(root: Path) -> Library:
    library = Library(root)
    library.save_articles([BRIDGE, BUDGET])
    for ann in sample_annotations():
        library.save_annotation(ann)
    for article_id, item in REJECTED:
        library.save_rejected(article_id, item)
    return library


def fix_export_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsread.annotations.export.now_iso", lambda: EXPORTED)


def export_to(
    root: Path, fmt: str, target: Path, *extra: str, capsys: Any = None
) -> tuple[int, str]:
    """Run ``newsread export --format fmt -o target``; (exit code, stderr)."""
    code = main(["export", "--format", fmt, "-o", str(target), "--library", str(root), *extra])
    err = capsys.readouterr().err if capsys is not None else ""
    return code, err
