"""Corrections to what cleaning cut: kept per article, applied again on re-import.

In the reader the user can put back a line cleaning cut (``restore_cut``) and
cut a paragraph it kept (``cut_paragraph``). Each is one transaction: the
corrected body and index entry, the article's annotations re-anchored onto the
new text (as a re-import moves them: an annotation on a paragraph that was cut
becomes an orphan, and finds its place again if the paragraph is put back),
and the correction itself. Corrections live in the ``corrections`` table of
the article's annotations file (``annotations/<id>.json``), so they are
backed up, journaled and deleted with the article like its annotations.

A re-import or a feed refresh parses the source again, which would undo what
the user decided. ``reapply`` finds each correction's line again by its exact
text (a restore among the new cuts, a cut among the new paragraphs) and
applies it again. A correction whose line is now neither kept nor cut is gone
from the source: nothing is left to decide, so it is dropped and reported.

The body edits themselves (``put_back``, ``take_out``) are pure functions on a
body and its cuts: every other cut keeps standing where it stood.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from tinydb import Query
from tinydb.table import Table

from newsread.ingest.furniture import reasons as why
from newsread.model import Annotation, Article, Cut, content_hash, now_iso
from storage.errors import LibraryError, StaleArticleError
from storage.library import Library
from storage.reanchor import Moved, move_annotations

TABLE = "corrections"
RESTORE, CUT = "restore", "cut"
_OPPOSITE = {RESTORE: CUT, CUT: RESTORE}

Span = tuple[int, int]


@dataclass(frozen=True)
class Correction:
    """One decision of the user about one line: put it back, or cut it."""

    action: str  # RESTORE or CUT
    text: str
    #: Why cleaning had cut a restored line: its reason again if it is cut again.
    reason: str = ""
    #: Which of several lines with this exact text (0: the first).
    occurrence: int = 0
    created: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "text": self.text,
            "reason": self.reason,
            "occurrence": self.occurrence,
            "created": self.created,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Correction:
        return cls(
            action=str(data.get("action", "")),
            text=str(data.get("text", "")),
            reason=str(data.get("reason", "")),
            occurrence=int(data.get("occurrence", 0) or 0),
            created=str(data.get("created", "")),
        )


# -- editing a body and its cuts (pure) ---------------------------------------------------------


@dataclass(frozen=True)
class Edited:
    body: str
    cuts: list[Cut]
    #: The restored text's span in the new body; for a cut, the empty span where
    #: the paragraph stood.
    span: Span


def paragraph_at(body: str, offset: int) -> Span | None:
    """The paragraph (``\\n\\n``-separated) holding ``offset``; None in a gap."""
    if not body or not 0 <= offset < len(body):
        return None
    start = body.rfind("\n\n", 0, offset + 1)
    start = 0 if start < 0 else start + 2
    end = body.find("\n\n", start)
    end = len(body) if end < 0 else end
    return (start, end) if start <= offset < end else None


def paragraphs(body: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    while body and start <= len(body):
        end = body.find("\n\n", start)
        end = len(body) if end < 0 else end
        spans.append((start, end))
        start = end + 2
    return spans


def _paragraph_start(body: str, at: int) -> int:
    """``at`` if a paragraph starts there, else the next paragraph start (or the end)."""
    if at <= 0 or at >= len(body) or body[at - 2 : at] == "\n\n":
        return max(0, min(at, len(body)))
    found = body.find("\n\n", at)
    return len(body) if found < 0 else found + 2


def put_back(body: str, cuts: Sequence[Cut], index: int) -> Edited:
    """The body with ``cuts[index]`` back where it stood, and the other cuts."""
    cut = cuts[index]
    at = max(0, min(cut.position, len(body)))
    if not body:
        new, start, grown = cut.text, 0, len(cut.text)
    elif cut.inline and (at == len(body) or body[at] == "\n"):
        # It ended its paragraph: after the last word, one space before it.
        new, start, grown = body[:at] + " " + cut.text + body[at:], at + 1, len(cut.text) + 1
    elif cut.inline:
        new, start, grown = body[:at] + cut.text + " " + body[at:], at, len(cut.text) + 1
    else:
        at = _paragraph_start(body, at)
        if at == len(body):
            new, start = body + "\n\n" + cut.text, at + 2
        else:
            new, start = body[:at] + cut.text + "\n\n" + body[at:], at
        grown = len(cut.text) + 2
    others = [
        # Cuts after it in body order move with the text after it.
        replace(c, position=c.position + grown)
        if c.position > at or (c.position == at and k > index)
        else c
        for k, c in enumerate(cuts)
        if k != index
    ]
    return Edited(new, others, (start, start + len(cut.text)))


def take_out(body: str, cuts: Sequence[Cut], span: Span, reason: str = why.BY_USER) -> Edited:
    """The body without the paragraph ``span``, which joins the cuts where it stood.

    Cuts made inside that paragraph stay cut, as whole lines beside it.
    """
    start, end = span
    if (start, end) == (0, len(body)):
        raise LibraryError("that is the article's only paragraph: cutting it would leave no text")
    last = end >= len(body)
    # One paragraph break goes with it: the one after it, or before the last one.
    lo, hi = (start - 2, end) if last else (start, end + 2)
    new = body[:lo] + body[hi:]
    at = lo if last else start
    gone = hi - lo
    before: list[Cut] = []
    inside: list[Cut] = []
    after: list[Cut] = []
    for c in cuts:
        if c.position < start or (c.position == start and not c.inline):
            before.append(replace(c, position=min(c.position, at)))
        elif c.position < end or (c.position == end and c.inline):
            inside.append(replace(c, position=at, inline=False))
        else:
            after.append(replace(c, position=c.position - gone))
    made = Cut(body[start:end], reason, at)
    return Edited(new, [*before, made, *inside, *after], (at, at))


def _occurrence(items: Sequence[str], index: int) -> int:
    return sum(1 for text in items[:index] if text == items[index])


def _nth(found: list[int], occurrence: int) -> int:
    return found[min(occurrence, len(found) - 1)]


# -- applying corrections to an article (pure) ---------------------------------------------------


def _restored(article: Article, index: int) -> tuple[Article, Span]:
    cut = article.cuts[index]
    edited = put_back(article.body, article.cuts, index)
    removed = list(article.removed)
    if cut.text in removed:
        removed.remove(cut.text)
    # The dateline is back in the text: the details line must not show it twice.
    dateline = "" if cut.reason == why.DATELINE else article.dateline
    return _with_body(article, edited, removed, dateline), edited.span


def _cut(article: Article, span: Span, reason: str = why.BY_USER) -> tuple[Article, Cut]:
    edited = take_out(article.body, article.cuts, span, reason)
    made = Cut(article.body[span[0] : span[1]], reason, edited.span[0])
    removed = [*article.removed, article.body[span[0] : span[1]]]
    return _with_body(article, edited, removed, article.dateline), made


def _with_body(article: Article, edited: Edited, removed: list[str], dateline: str) -> Article:
    return replace(
        article,
        body=edited.body,
        cuts=edited.cuts,
        removed=removed,
        dateline=dateline,
        content_hash=content_hash(edited.body),
    )


@dataclass
class Reapplied:
    article: Article
    #: corrections that matched (applied now, or already true of the new text)
    kept: list[Correction] = field(default_factory=list)
    #: corrections whose line is no longer in the source at all
    dropped: list[Correction] = field(default_factory=list)


def reapply(article: Article, corrections: Sequence[Correction]) -> Reapplied:
    """Apply the stored corrections, in the order they were made, to a freshly
    parsed ``article``. Applying them to a text they are already true of
    changes nothing, so this may run more than once."""
    out = Reapplied(article)
    for correction in corrections:
        current = out.article
        texts = [c.text for c in current.cuts]
        spans = paragraphs(current.body)
        kept_text = [current.body[s:e] for s, e in spans]
        cut_at = [k for k, text in enumerate(texts) if text == correction.text]
        kept_at = [k for k, text in enumerate(kept_text) if text == correction.text]
        if correction.action == RESTORE and cut_at:
            out.article = _restored(current, _nth(cut_at, correction.occurrence))[0]
        elif correction.action == CUT and kept_at and len(spans) > 1:
            out.article = _cut(current, spans[_nth(kept_at, correction.occurrence)])[0]
        elif not (cut_at or kept_at or correction.text in current.body):
            out.dropped.append(correction)
            continue
        out.kept.append(correction)
    return out


# -- the stored corrections -------------------------------------------------------------------


def _table(library: Library, article_id: str) -> Table:
    # A table in the article's annotations file, so it is removed, backed up
    # and journaled with it (the shards are the library's own part, hence _shard).
    return library._shard(article_id).table(TABLE)


def stored(library: Library, article_id: str) -> list[Correction]:
    """The article's corrections, oldest first."""
    if not library._shard_exists(article_id):  # reading must not create the file
        return []
    docs = sorted(_table(library, article_id).all(), key=lambda d: d.doc_id)
    return [Correction.from_dict(d) for d in docs]


def _record(library: Library, article_id: str, correction: Correction) -> None:
    """Store a correction; one that undoes an earlier one of the same line
    (restoring a line the user cut, cutting one they restored) removes that one
    instead: the line is back as cleaning left it."""
    table = _table(library, article_id)
    q = Query()
    undone = (q.action == _OPPOSITE[correction.action]) & (q.text == correction.text)
    opposite = table.search(undone)
    if opposite:
        table.remove(doc_ids=[max(d.doc_id for d in opposite)])
    else:
        table.insert(correction.to_dict())


def forget(library: Library, article_id: str, dropped: Sequence[Correction]) -> None:
    """Remove corrections that no longer match the article's source."""
    if not dropped:
        return
    table = _table(library, article_id)
    gone = {(c.action, c.text) for c in dropped}
    table.remove(lambda doc: (doc.get("action"), doc.get("text")) in gone)


# -- what the reader calls ------------------------------------------------------------------------


@dataclass
class Corrected:
    """The article after a correction, with its annotations as now stored."""

    article: Article
    annotations: list[Annotation]
    #: the restored text, or the empty span where the cut paragraph stood
    span: Span
    orphans: int
    label: str
    #: the article's rejected suggestions as now stored (moved onto the new text)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    #: rejected suggestions dropped, their words cut
    rejections_dropped: int = 0


def _checked(library: Library, article_id: str, body_hash: str | None) -> Article:
    article = library.get_article(article_id)
    if body_hash is not None and article.content_hash != body_hash:
        raise StaleArticleError(
            f"“{article.title}” changed on disk since it was opened (re-imported?); "
            "nothing was changed — reopen the article and try again"
        )
    return article


def _save(library: Library, before: Article, after: Article) -> Moved:
    from storage.story_index import regroup

    library.save_articles([after])
    moved = move_annotations(library, after, len(before.body), before.body)
    regroup(library, [after])
    return moved


def _corrected(library: Library, after: Article, span: Span, moved: Moved, label: str) -> Corrected:
    article_id = after.id
    return Corrected(
        after,
        library.annotations(article_id),
        span,
        moved.orphans,
        label,
        library.rejected(article_id),
        moved.rejections_dropped,
    )


def restore_cut(
    library: Library, article_id: str, cut: Cut, body_hash: str | None = None
) -> Corrected:
    """Put a cut line back into the article's body, as the user asked in the reader.

    ``cut`` is one of the article's cuts as the caller saw them; ``body_hash``
    the text it saw (a different stored text refuses with StaleArticleError).
    """
    with library.transaction():
        article = _checked(library, article_id, body_hash)
        if cut not in article.cuts:
            raise LibraryError("that line is no longer cut from the article")
        index = article.cuts.index(cut)
        after, span = _restored(article, index)
        moved = _save(library, article, after)
        occurrence = _occurrence([c.text for c in article.cuts], index)
        made = Correction(RESTORE, cut.text, cut.reason, occurrence, now_iso())
        _record(library, article_id, made)
        return _corrected(library, after, span, moved, "line put back")


def cut_paragraph(
    library: Library, article_id: str, offset: int, body_hash: str | None = None
) -> Corrected:
    """Cut the paragraph holding body offset ``offset``, as the user asked."""
    with library.transaction():
        article = _checked(library, article_id, body_hash)
        spans = paragraphs(article.body)
        span = paragraph_at(article.body, offset)
        if span is None:
            raise LibraryError("no paragraph at the cursor")
        text = article.body[span[0] : span[1]]
        # Cutting a line the user had put back: it is cut again for cleaning's reason.
        restored = [c for c in stored(library, article_id) if c.action == RESTORE]
        reason = next((c.reason for c in restored if c.text == text), "") or why.BY_USER
        after, made = _cut(article, span, reason)
        moved = _save(library, article, after)
        kept_text = [article.body[s:e] for s, e in spans]
        occurrence = _occurrence(kept_text, spans.index(span))
        _record(library, article_id, Correction(CUT, text, "", occurrence, now_iso()))
        where = (made.position, made.position)
        return _corrected(library, after, where, moved, "paragraph cut")


def reapply_stored(library: Library, article: Article) -> Reapplied:
    """(Inside a transaction.) ``article`` as parsed again, with the stored
    corrections applied; those that no longer match are removed from the store."""
    corrections = stored(library, article.id)
    if not corrections:
        return Reapplied(article)
    result = reapply(article, corrections)
    forget(library, article.id, result.dropped)
    return result
