"""Gathering the suggestion queue, in a worker thread: which articles, in which
order, and their pending suggestions, from the analysis cache first and then
from the spaCy pipeline for the articles never analysed.

A generator of ``Gathered`` batches: the screen queues each as it arrives, so
the first suggestion shows while the rest of the library is still read.

An article with very many suggestions (a 3 MB text of 60,000 claims) takes
seconds to read where others take milliseconds, and its suggestions alone
keep the queue ahead of the review, so gathering would wait there and never
reach the rest: such articles are read after the others, and the progress
line names the one being read.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

from newsread.model import Article, Tag
from newsread.sanitize import visible
from newsread.search.query import QueryError
from storage.errors import LibraryError
from storage.library import Library
from tui.models.queue import (
    QueueFilter,
    QueueItem,
    SuggestionKey,
    article_suggestions,
    resume_order,
)
from tui.wording import plural

#: The most articles a search restriction brings (best ranked first).
QUERY_LIMIT = 10_000
#: Articles analysed per call to the pipeline while gathering.
ANALYSE_BATCH = 8
#: Batches reach the screen at most this often (seconds), but the first at once.
BATCH_EVERY = 0.2
#: An article with more entities and claims than this (as the index counts
#: them) is read after the others, and named while it is read.
HEAVY_SUGGESTIONS = 5_000
#: Suggestions per batch at most: the event loop queues a batch in one go, and
#: 60,000 at once held it for a second.
BATCH_ITEMS = 2_000
#: A title named in the progress line is cut to this many characters.
SHOWN_TITLE = 40


@dataclass(frozen=True)
class Gathered:
    """One batch, handed to the event loop as it is: never changed after."""

    items: list[QueueItem] = field(default_factory=list)
    #: articles looked at so far, of ``total``
    done: int = 0
    total: int = 0
    #: the library's tags (with the first batch), for the colour of a new tag
    tags: list[Tag] | None = None
    #: what is being done now ("analysing 8 of 30 articles"), "" when reading
    stage: str = ""
    #: problems to tell the user (no pipeline, a bad query, unreadable articles)
    problems: list[str] = field(default_factory=list)
    #: suggestions left out because they were skipped before
    left_out: int = 0
    finished: bool = False


class _Batcher:
    """Collects suggestions and hands them out in batches: the first at once,
    later ones at most every BATCH_EVERY seconds, so reading a big library does
    not flood the event loop with messages."""

    def __init__(self, total: int, tags: list[Tag]) -> None:
        self.total = total
        self.done = 0
        self.items: list[QueueItem] = []
        self.tags: list[Tag] | None = tags
        self.stage = ""
        self.problems: list[str] = []
        self.left_out = 0
        #: suggestions gathered so far, sent or not
        self.gathered = 0
        #: gathering was told to stop
        self.stopped = False
        self._sent_at: float | None = None

    def due(self) -> bool:
        if self._sent_at is None:
            return bool(self.items)
        return time.monotonic() - self._sent_at > BATCH_EVERY

    def add(self, items: list[QueueItem], skipped: Collection[SuggestionKey]) -> None:
        kept = [item for item in items if item.key not in skipped]
        self.left_out += len(items) - len(kept)
        self.items += kept
        self.gathered += len(kept)

    def add_bounded(
        self, items: list[QueueItem], skipped: Collection[SuggestionKey]
    ) -> Iterator[Gathered]:
        """``add`` in pieces, a batch handed out whenever one would pass
        BATCH_ITEMS suggestions."""
        for at in range(0, len(items), BATCH_ITEMS):
            piece = items[at : at + BATCH_ITEMS]
            if self.items and len(self.items) + len(piece) > BATCH_ITEMS:
                yield self.take()
            self.add(piece, skipped)

    def take(self, finished: bool = False) -> Gathered:
        batch = Gathered(
            list(self.items),
            self.done,
            self.total,
            self.tags,
            self.stage,
            list(self.problems),
            self.left_out,
            finished,
        )
        self.items, self.tags, self.problems, self.left_out = [], None, [], 0
        self._sent_at = time.monotonic()
        return batch


def article_order(library: Library, wanted: QueueFilter) -> list[str]:
    """The articles to go through: a query's hits best first, else every
    article newest first (the library's own default order). QueryError for a
    query that means nothing."""
    if wanted.query:
        from storage.search_index import SearchIndex

        with SearchIndex(library) as index:
            hits = index.search(wanted.query, limit=QUERY_LIMIT)
        return list(dict.fromkeys(hit.article_id for hit in hits))
    return [entry["id"] for entry in reversed(library.listed_entries())]


def gather(
    library: Library,
    wanted: QueueFilter,
    preferred: str | None = None,
    resume: SuggestionKey | None = None,
    skipped: Collection[SuggestionKey] = (),
    go_on: Callable[[int], bool] = lambda gathered: True,
    annotator: str = "",
) -> Iterator[Gathered]:
    """Every suggestion ``wanted`` asks for still pending for ``annotator``
    (see article_suggestions), but those ``skipped``, in batches; the last
    one has ``finished`` set.

    ``go_on`` is asked before each article, with the number of suggestions
    gathered so far: it may wait while the queue has plenty ahead of the user
    (a big library is then read, and analysed, only as far as the review
    goes), and returns False to stop gathering."""
    from newsread.analysis.pipeline import pipeline_identity

    try:
        ids = resume_order(article_order(library, wanted), resume)
        tags = library.tags()
        heavy = _heavy(library)
    except QueryError as exc:
        yield Gathered(
            problems=[f"the search “{wanted.query}” means nothing: {exc}"], finished=True
        )
        return
    except (LibraryError, OSError) as exc:
        yield Gathered(problems=[str(exc)], finished=True)
        return
    identity = pipeline_identity(preferred)
    resumed = resume is not None and ids[:1] == [resume.article_id]
    ids = heavy_last(ids, heavy, keep_first=resumed)
    out = _Batcher(len(ids), tags)
    unanalysed: list[Article] = []
    unreadable = 0
    for article_id in ids:
        if not go_on(out.gathered):
            return
        if article_id in heavy:
            out.stage = _reading(*heavy[article_id], out)
            yield out.take()
        try:
            article, items = _from_cache(library, article_id, wanted, identity, annotator)
        except LibraryError:
            unreadable += 1
            out.done += 1
            continue
        finally:
            out.stage = ""
        if items is None:
            unanalysed.append(article)
            continue
        yield from out.add_bounded(items, skipped)
        out.done += 1
        if out.due() or article_id in heavy:
            yield out.take()
    if unanalysed:
        yield from _analyse(library, wanted, preferred, unanalysed, out, skipped, go_on, annotator)
        if out.stopped:
            return
    if unreadable:
        out.problems.append(f"{plural(unreadable, 'article')} could not be read")
    yield out.take(finished=True)


def _heavy(library: Library) -> dict[str, tuple[str, int]]:
    """Article id -> (title, entities and claims), for the articles with more
    than HEAVY_SUGGESTIONS (their counts are in the index once analysed)."""
    found: dict[str, tuple[str, int]] = {}
    for entry in library.index_entries():
        count = sum(
            n
            for n in (entry.get("entities"), entry.get("claims"))
            if isinstance(n, int) and not isinstance(n, bool)
        )
        if count > HEAVY_SUGGESTIONS:
            title = entry.get("title")
            found[entry["id"]] = (title if isinstance(title, str) else "", count)
    return found


def heavy_last(ids: list[str], heavy: Collection[str], keep_first: bool = False) -> list[str]:
    """``ids`` with those in ``heavy`` moved after the others, in their order;
    ``keep_first``: the first stays first (the article the queue resumes in,
    where the user was)."""
    head = ids[:1] if keep_first else []
    rest = ids[len(head) :]
    return head + [i for i in rest if i not in heavy] + [i for i in rest if i in heavy]


def _reading(title: str, count: int, out: _Batcher) -> str:
    """The progress line's words while a heavy article is read."""
    title = " ".join(visible(title).split())
    if len(title) > SHOWN_TITLE:
        title = title[: SHOWN_TITLE - 1] + "…"
    which = f"“{title}”" if title else "an untitled article"
    return (
        f"reading {which}, {count:,} entities and claims, "
        f"{out.done} of {plural(out.total, 'article')} read"
    )


def pending_keys(
    library: Library,
    article_id: str,
    wanted: QueueFilter,
    preferred: str | None,
    annotator: str = "",
) -> set[SuggestionKey] | None:
    """The suggestions of ``article_id`` still to decide, by the rules the
    gathering uses; None when its current text has no cached analysis (nothing
    can then be said of them)."""
    found = pending_items(library, article_id, wanted, preferred, annotator)
    return None if found is None else {item.key for item in found[1]}


def pending_items(
    library: Library,
    article_id: str,
    wanted: QueueFilter,
    preferred: str | None,
    annotator: str = "",
) -> tuple[Article, list[QueueItem]] | None:
    """The article as stored now and its suggestions still to decide, by the
    rules the gathering uses; None when its current text has no cached
    analysis."""
    from newsread.analysis.pipeline import pipeline_identity

    identity = pipeline_identity(preferred)
    article, items = _from_cache(library, article_id, wanted, identity, annotator)
    return None if items is None else (article, items)


def gathered_again(
    library: Library,
    article_id: str,
    wanted: QueueFilter,
    preferred: str | None,
    annotator: str = "",
) -> tuple[Article, list[QueueItem]] | None:
    """As ``pending_items``, the article analysed first when its text is not
    (a re-import that did not analyse): what the queue shows of an article
    whose text changed under it. None when no analysis is possible."""
    from newsread.analysis.pipeline import PipelineError, load_pipeline
    from storage.analyses import analysis_for

    found = pending_items(library, article_id, wanted, preferred, annotator)
    if found is not None:
        return found
    try:
        loaded = load_pipeline(preferred)
    except PipelineError:
        return None
    analysis_for(library, library.get_article(article_id), loaded)
    return pending_items(library, article_id, wanted, preferred, annotator)


def _from_cache(
    library: Library,
    article_id: str,
    wanted: QueueFilter,
    identity: tuple[str, str] | None,
    annotator: str = "",
) -> tuple[Article, list[QueueItem] | None]:
    """The article and its pending suggestions; None for them when it has no
    cached analysis of its current text."""
    from storage.analyses import cached

    article = library.get_article(article_id)
    analysis = cached(library, article, identity) if identity is not None else None
    if analysis is None:
        return article, None
    annotations = library.annotations(article_id)
    rejected = library.rejected(article_id)
    found = article_suggestions(article, analysis, annotations, rejected, wanted, annotator)
    return article, found


def _analyse(
    library: Library,
    wanted: QueueFilter,
    preferred: str | None,
    articles: list[Article],
    out: _Batcher,
    skipped: Collection[SuggestionKey],
    go_on: Callable[[int], bool],
    annotator: str = "",
) -> Iterator[Gathered]:
    """Analyse the articles the cache had nothing for, a few at a time, and
    cache the result as the reader would; their suggestions go to ``out``."""
    from newsread.analysis.pipeline import PipelineError, load_pipeline
    from storage.analyses import analyze_missing, cached

    if not go_on(out.gathered):
        out.stopped = True
        return
    count = plural(len(articles), "article")
    out.stage = f"loading spaCy for {count} not analysed yet"
    yield out.take()
    try:
        loaded = load_pipeline(preferred)
    except PipelineError as exc:
        out.stage = ""
        out.done += len(articles)
        out.problems.append(f"{count} not analysed, and no analysis is possible: {exc}")
        return
    identity = (loaded.name, loaded.version)
    failed = 0
    for at in range(0, len(articles), ANALYSE_BATCH):
        if not go_on(out.gathered):
            out.stopped = True
            return
        group = articles[at : at + ANALYSE_BATCH]
        out.stage = f"analysing {at + 1}-{at + len(group)} of {count}"
        # An article that fails has no analysis below and is counted there.
        with contextlib.suppress(LibraryError):
            analyze_missing(
                library,
                group,
                loaded,
                batch_size=ANALYSE_BATCH,
                workers=1,
                on_error=lambda _article, _message: None,
            )
        for article in group:
            out.done += 1
            try:
                analysis = cached(library, article, identity)
                if analysis is None:
                    failed += 1
                    continue
                annotations = library.annotations(article.id)
                rejected = library.rejected(article.id)
            except LibraryError:
                failed += 1
                continue
            found = article_suggestions(article, analysis, annotations, rejected, wanted, annotator)
            yield from out.add_bounded(found, skipped)
        yield out.take()
    out.stage = ""
    if failed:
        out.problems.append(f"{plural(failed, 'article')} could not be analysed")
