"""Bring files into the library: parse, deduplicate, update, re-anchor.

An article's id comes from its origin and title, so importing the same file
again finds the same ids: identical bodies are skipped, changed bodies are
updated and their annotations re-anchored onto the new text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TextIO

from newsread.anchoring import Selector, reanchor_all
from newsread.dumps import parse_dump
from newsread.model import Annotation, Article, make_article_id, now_iso
from newsread.sources import InputText, Rejected, iter_inputs
from storage.library import Library
from storage.story_index import regroup


@dataclass
class ImportSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    orphaned: int = 0

    @property
    def skipped(self) -> int:
        return len(self.unchanged) + len(self.duplicates)


def _articles_from_input(item: InputText, stamp: str) -> list[Article]:
    articles = []
    for parsed in parse_dump(item.text):
        articles.append(
            Article(
                id=make_article_id(item.origin, parsed.title),
                title=parsed.title,
                body=parsed.body,
                source=parsed.source,
                byline=parsed.byline,
                dateline=parsed.dateline,
                published=parsed.published,
                url_or_path=item.origin,
                removed=list(parsed.removed),
                imported=stamp,
            )
        )
    return articles


def reanchor_annotations(library: Library, article: Article, old_length: int | None) -> int:
    """Move the article's annotations onto its new body; return how many are orphans."""
    anns = library.annotations(article.id)
    if not anns:
        return 0
    selectors = [Selector(a.quote, a.prefix, a.suffix, a.start, a.end) for a in anns]
    anchors = reanchor_all(selectors, article.body, old_length=old_length)
    orphans = 0
    moved: list[Annotation] = []
    for ann, anchor in zip(anns, anchors, strict=True):
        if anchor is None:
            ann.orphan = True
            orphans += 1
        else:
            ann = ann.placed_at(article.body, anchor.start, anchor.end)
        moved.append(ann)
    library.save_annotations(article.id, moved)
    return orphans


def import_paths(
    library: Library,
    paths: list[str],
    stdin: TextIO | None = None,
) -> tuple[ImportSummary, list[Article]]:
    """Import every input; return the summary and the articles whose text is new."""
    summary = ImportSummary()
    stamp = now_iso()
    fresh: list[Article] = []
    known_hashes: dict[str, str] = {}
    with library.lock.hold():
        ids = library.article_ids()
        for meta in library.article_metas():
            known_hashes.setdefault(meta["content_hash"], meta["id"])
        for item in iter_inputs(paths, stdin):
            if isinstance(item, Rejected):
                summary.rejected.append((item.origin, item.reason))
                continue
            articles = _articles_from_input(item, stamp)
            if not articles:
                summary.rejected.append((item.origin, "no article text found"))
                continue
            to_save: list[Article] = []
            updated: list[Article] = []
            old_lengths: dict[str, int] = {}
            for article in articles:
                if article.id in ids:
                    old = library.get_meta(article.id)
                    if old["content_hash"] == article.content_hash:
                        summary.unchanged.append(article.id)
                        continue
                    article.imported = old.get("imported") or stamp
                    old_lengths[article.id] = len(library.get_article(article.id).body)
                    summary.updated.append(article.id)
                    updated.append(article)
                elif article.content_hash in known_hashes:
                    summary.duplicates.append((article.title, known_hashes[article.content_hash]))
                    continue
                else:
                    summary.added.append(article.id)
                to_save.append(article)
                ids.add(article.id)
                known_hashes[article.content_hash] = article.id
            library.save_articles(to_save)
            for article in updated:
                summary.orphaned += reanchor_annotations(
                    library, article, old_lengths.get(article.id)
                )
            fresh.extend(to_save)
        if fresh:
            regroup(library, fresh)
    return summary, fresh
