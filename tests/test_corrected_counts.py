"""The library table's Entities and Claims counts of a corrected article are
the analysis as corrected (qa37 F3), worked out from the files as they are,
again only when an article's corrections, analysis or text change."""

from __future__ import annotations

from dataclasses import replace

from newsread.analysis import Analysis, Claim, Entity
from newsread.analysis.corrections import NOT_A_CLAIM
from newsread.model import Article, new_annotation
from storage.analysis_cache import analysis_key
from storage.corrected_counts import CorrectedCounter, CorrectedCounts
from storage.library import Library
from storage.shard_counts import ShardCounter

BODY = "Ines Marlow said the ferry would run twice a day. Fares rose 6 percent in March."
ARTICLE = Article(id="ferry01", title="Ferry fares", body=BODY)
OTHER = Article(id="quiet01", title="Quiet day", body="Nothing happened at the quay.")


def at(text: str) -> tuple[int, int]:
    start = BODY.index(text)
    return start, start + len(text)


SAID = Claim(*at("Ines Marlow said the ferry would run twice a day."), "attributed", 0.7)
FARES = Claim(*at("Fares rose 6 percent in March."), "statistic", 0.9)
ANALYSIS = Analysis(
    "test",
    "1",
    [],
    [Entity(*at("Ines Marlow"), "PERSON", "Ines Marlow"), Entity(*at("March"), "DATE", "March")],
    [SAID, FARES],
)


def _library(tmp_path) -> Library:
    library = Library(tmp_path / "lib")
    library.save_articles([ARTICLE, OTHER])
    key = analysis_key(ARTICLE.content_hash, "test", "1")
    library.store_analysis(ARTICLE.id, key, ANALYSIS.to_dict())
    library.set_analysis_counts({ARTICLE.id: (2, 2)})
    return library


def _not_a_claim(claim: Claim):
    data = {"correction": {"kind": "claim", "wrong": True, "was": claim.to_dict()}}
    return new_annotation(ARTICLE, claim.start, claim.end, [NOT_A_CLAIM], data=data)


def _counts(library: Library, shards: ShardCounter, counter: CorrectedCounter):
    shards.report()
    return counter.counts(shards.corrections)


def test_a_not_a_claim_is_counted_out_and_its_deletion_back_in(tmp_path, monkeypatch):
    library = _library(tmp_path)
    shards, counter = ShardCounter(library.root), CorrectedCounter(library)
    library.save_annotation(new_annotation(ARTICLE, *at("ferry"), ["check"]))
    assert _counts(library, shards, counter) == {}  # a tag corrects nothing

    wrong = _not_a_claim(FARES)
    library.save_annotation(wrong)
    assert _counts(library, shards, counter) == {ARTICLE.id: CorrectedCounts((2, 2), (2, 1))}

    # Asked again with nothing changed: nothing read again.
    worked: list[str] = []
    work_out = CorrectedCounter._work_out

    def counted(self, article_id, docs):
        worked.append(article_id)
        return work_out(self, article_id, docs)

    monkeypatch.setattr(CorrectedCounter, "_work_out", counted)
    assert _counts(library, shards, counter)[ARTICLE.id].shown == (2, 1)
    assert worked == []

    # A new analysis of the same text: worked out again from it.
    key = analysis_key(ARTICLE.content_hash, "test", "1")
    library.store_analysis(ARTICLE.id, key, replace(ANALYSIS, claims=[FARES]).to_dict())
    assert _counts(library, shards, counter)[ARTICLE.id] == CorrectedCounts((2, 1), (2, 0))
    assert worked == [ARTICLE.id]

    library.delete_annotation(ARTICLE.id, wrong.id)
    assert _counts(library, shards, counter) == {}


def test_an_analysis_of_another_text_is_not_counted_through_corrections(tmp_path):
    library = _library(tmp_path)
    library.save_annotation(_not_a_claim(FARES))
    stale = analysis_key("0" * 64, "test", "1")
    library.store_analysis(ARTICLE.id, stale, ANALYSIS.to_dict())
    shards = ShardCounter(library.root)
    assert _counts(library, shards, CorrectedCounter(library)) == {}


def test_the_files_summary_holds_its_corrections_only(tmp_path):
    library = _library(tmp_path)
    wrong = _not_a_claim(SAID)
    library.save_annotation(wrong)
    library.save_annotation(new_annotation(ARTICLE, *at("ferry"), ["check"]))
    shards = ShardCounter(library.root)
    shards.report()
    [(article_id, docs)] = shards.corrections.items()
    assert article_id == ARTICLE.id and [d["id"] for d in docs] == [wrong.id]
