"""Bring files into the library: extract, deduplicate, update, re-anchor.

Every input goes through ``newsread.ingest.extract`` (HTML pages, JSON and
JSON Lines files of articles, text dumps), the same pipeline ``newsread
extract --json`` shows. An article's id comes from its origin and title, so
importing the same file again finds the same ids: identical bodies are
skipped, changed bodies are updated and their annotations re-anchored onto
the new text.

The user's corrections to what cleaning cut (``storage.corrections``: a line
put back, a paragraph cut) are applied again to an article parsed anew, before
it is compared with what is stored: a re-import of an unchanged file changes
nothing, and a changed one keeps the user's decisions where their lines still
exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, BinaryIO, TextIO

from newsread.ingest.extract import Extraction, extract_text
from newsread.ingest.sources import InputText, Rejected, iter_inputs
from newsread.model import Article, make_article_id, now_iso
from storage.corrections import forget, reapply, reapply_stored, stored
from storage.library import Library, LibraryError
from storage.reanchor import move_annotations
from storage.story_index import regroup


@dataclass
class ImportSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    orphaned: int = 0
    #: (article id, line) of corrections whose line is gone from the source
    corrections_dropped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.unchanged) + len(self.duplicates)


def article_from(parsed: Any, key: str, url_or_path: str, stamp: str) -> Article:
    """The Article for one extracted story; ``key`` (where it came from) and its
    title make the id, so the same source imported again finds the same article."""
    return Article(
        id=make_article_id(key, parsed.title),
        title=parsed.title,
        body=parsed.body,
        source=parsed.source,
        byline=parsed.byline,
        dateline=parsed.dateline,
        published=parsed.published,
        url_or_path=url_or_path,
        removed=list(parsed.removed),
        # Empty: the cleaned body carries them (model.CleanedText).
        cuts=list(getattr(parsed, "cuts", None) or []),
        imported=stamp,
    )


def _articles_from_input(item: InputText, stamp: str) -> tuple[list[Article], Extraction]:
    extraction = extract_text(item.text, item.kind)
    # Keyed on the file, not the page's URL: re-importing the file must find the
    # same ids even when the page names another address.
    articles = [
        article_from(parsed, item.origin, parsed.url or item.origin, stamp)
        for parsed in extraction.articles
    ]
    return articles, extraction


def reanchor_annotations(
    library: Library,
    article: Article,
    old_length: int | None,
    reapply_corrections: bool = True,
) -> int:
    """Move the article's annotations onto its new body; return how many are orphans.

    With ``reapply_corrections``, the article (just saved as parsed anew, as a
    feed refresh saves it) first gets the user's stored corrections applied
    again, in place and saved, so the annotations land on the text the user
    will see.
    """
    if reapply_corrections:
        fixed = reapply_stored(library, article).article
        if fixed.content_hash != article.content_hash:
            for name in ("body", "cuts", "removed", "dateline", "content_hash"):
                setattr(article, name, getattr(fixed, name))
            library.save_articles([article])
    return move_annotations(library, article, old_length)


@dataclass
class _Outcome(ImportSummary):
    saved: list[Article] = field(default_factory=list)


def _import_one(
    library: Library,
    articles: list[Article],
    ids: set[str],
    known_hashes: dict[str, str],
    stamp: str,
) -> _Outcome:
    """Save one input's articles; re-anchor the annotations of changed ones.

    One transaction: the new bodies, the index and the re-anchored annotations
    land together or not at all. A crash between them would otherwise leave
    annotations at offsets into text they no longer fit, or none at all.
    """
    outcome = _Outcome()
    seen_ids = set(ids)
    seen_hashes = dict(known_hashes)
    updated: list[tuple[Article, int]] = []
    with library.transaction():
        for article in articles:
            if article.id in seen_ids:
                old = library.get_meta(article.id)
                corrections = stored(library, article.id)
                fixed = reapply(article, corrections)
                article = fixed.article
                if old["content_hash"] == article.content_hash:
                    outcome.unchanged.append(article.id)
                    continue
                article.imported = old.get("imported") or stamp
                updated.append((article, len(library.read_body(article.id))))
                outcome.updated.append(article.id)
                if fixed.dropped:
                    forget(library, article.id, fixed.dropped)
                    outcome.corrections_dropped += [(article.id, c.text) for c in fixed.dropped]
            elif article.content_hash in seen_hashes:
                outcome.duplicates.append((article.title, seen_hashes[article.content_hash]))
                continue
            else:
                outcome.added.append(article.id)
            outcome.saved.append(article)
            seen_ids.add(article.id)
            seen_hashes[article.content_hash] = article.id
        library.save_articles(outcome.saved)
        for article, old_length in updated:
            outcome.orphaned += reanchor_annotations(
                library, article, old_length, reapply_corrections=False
            )
    return outcome


def import_paths(
    library: Library,
    paths: list[str],
    stdin: TextIO | BinaryIO | None = None,
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
            articles, extraction = _articles_from_input(item, stamp)
            # A bad record of a JSON file is named by its line; the rest is imported.
            for line, why in extraction.problems:
                summary.rejected.append((f"{item.origin}:{line}", why))
            if not articles:
                if not extraction.problems:
                    summary.rejected.append((item.origin, "no article text found"))
                continue
            try:
                outcome = _import_one(library, articles, ids, known_hashes, stamp)
            except LibraryError as exc:
                # A full disk or a damaged annotations file stops this input
                # only; nothing of it was written.
                summary.rejected.append((item.origin, str(exc)))
                continue
            summary.added += outcome.added
            summary.updated += outcome.updated
            summary.unchanged += outcome.unchanged
            summary.duplicates += outcome.duplicates
            summary.orphaned += outcome.orphaned
            summary.corrections_dropped += outcome.corrections_dropped
            for article in outcome.saved:
                ids.add(article.id)
                known_hashes[article.content_hash] = article.id
            fresh.extend(outcome.saved)
        if fresh:
            regroup(library, fresh)
    return summary, fresh
