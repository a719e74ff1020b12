"""The article, annotation and tag records shared by every layer.

Offsets are always character offsets into ``Article.body`` as stored.
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from newsread.annotators import same_annotator

# TextQuoteSelector context: the exact text plus a little context each side.
CONTEXT_CHARS = 32


def quote_context(body: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """Return (prefix, suffix): up to ``width`` characters before ``start`` and after ``end``."""
    return body[max(0, start - width) : start], body[end : end + width]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _norm_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def make_article_id(origin: str, title: str) -> str:
    """Stable id from where the article came from and its title, never its text.

    Keying on origin + title means a re-import of an edited copy of the same file
    updates the article (so annotations can be re-anchored) instead of adding one.
    """
    key = _norm_key(origin) + "\x1f" + _norm_key(title)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


#: The key of an annotation's ``data`` holding the words it was made on, when
#: a re-import placed it on different ones by similarity (storage.reanchor).
REQUOTED_FROM = "requoted_from"


@dataclass(frozen=True)
class Cut:
    """A piece of the source that cleaning (or the user) took out of the body.

    ``position`` is the body offset where it stood. A whole line (``inline``
    False) stood before the paragraph that starts there, or after the last one
    when it is ``len(body)``; an in-paragraph piece stood right before the word
    that starts there (or ended its paragraph). Positions are in the body's own
    coordinates, so the reader can show a cut in place without the body's
    offsets (annotations, cursor, highlights) moving.
    """

    text: str
    reason: str
    position: int
    inline: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cut:
        # TypeError for anything malformed: what readers of the index report.
        try:
            return cls(
                text=str(data["text"]),
                reason=str(data.get("reason", "")),
                position=int(data.get("position", 0)),
                inline=bool(data.get("inline", False)),
            )
        except (AttributeError, KeyError, ValueError) as exc:
            raise TypeError(f"a cut is malformed: {data!r}") from exc


def pack_cuts(cuts: Sequence[Cut], removed: Sequence[str]) -> list[list[Any]]:
    """The cuts as the library index stores them: runs, not one object each.

    A page saved whole loses a hundred menu lines or more, each already in
    ``removed``; stored one object per cut they would make the index several
    times larger. So consecutive cuts with one reason and place whose texts are
    consecutive entries of ``removed`` are one run ``[reason, position, inline,
    first, count]`` (``removed[first:first + count]``); a cut whose text is not
    in ``removed`` (the dateline) is ``[reason, position, inline, text]``.
    """
    where: dict[str, list[int]] = {}
    for index, text in enumerate(removed):
        where.setdefault(text, []).append(index)
    runs: list[list[Any]] = []
    for cut in cuts:
        free = where.get(cut.text)
        index = free.pop(0) if free else None
        last = runs[-1] if runs else None
        if (
            index is not None
            and last is not None
            and len(last) == 5
            and last[:3] == [cut.reason, cut.position, int(cut.inline)]
            and last[3] + last[4] == index
        ):
            last[4] += 1
        elif index is not None:
            runs.append([cut.reason, cut.position, int(cut.inline), index, 1])
        else:
            runs.append([cut.reason, cut.position, int(cut.inline), cut.text])
    return runs


def unpack_cuts(stored: Sequence[Any], removed: Sequence[str]) -> list[Cut]:
    """Cuts from ``pack_cuts`` runs (or ``Cut`` objects and their dicts);
    TypeError when they are malformed."""
    cuts: list[Cut] = []
    for item in stored:
        if isinstance(item, Cut):
            cuts.append(item)
        elif isinstance(item, dict):
            cuts.append(Cut.from_dict(item))
        elif isinstance(item, list) and len(item) in (4, 5):
            cuts += _unpack_run(item, removed)
        else:
            raise TypeError(f"a cut is malformed: {item!r}")
    return cuts


def _unpack_run(run: list[Any], removed: Sequence[str]) -> list[Cut]:
    try:
        reason, position, inline = str(run[0]), int(run[1]), bool(run[2])
        if len(run) == 4:
            return [Cut(str(run[3]), reason, position, inline)]
        first, count = int(run[3]), int(run[4])
    except (TypeError, ValueError) as exc:
        raise TypeError(f"a run of cuts is malformed: {run!r}") from exc
    if not 0 <= first <= first + count <= len(removed):
        raise TypeError(f"a run of cuts points outside the removed lines: {run!r}")
    return [Cut(str(text), reason, position, inline) for text in removed[first : first + count]]


#: How libraries before ``Article.summary_only`` marked a summary-only
#: article: this before its ``entry_version``. Read as the flag, the version
#: unknown (so the next refresh reads the entry whole and tries the page).
LEGACY_SUMMARY_ONLY = "summary-only:"


def entry_state(meta: dict[str, Any]) -> tuple[str, bool]:
    """(entry version, summary only) of a stored index entry, an older
    library's prefixed version read as summary-only with the version unknown."""
    version = meta.get("entry_version", "")
    version = version if isinstance(version, str) else ""
    if version.startswith(LEGACY_SUMMARY_ONLY):
        return "", True
    return version, bool(meta.get("summary_only", False))


@dataclass
class Article:
    id: str
    title: str
    body: str
    source: str = ""
    byline: str = ""
    dateline: str = ""
    published: str = ""
    url_or_path: str = ""
    content_hash: str = ""
    removed: list[str] = field(default_factory=list)
    imported: str = ""
    story_group: str = ""
    #: The URL of the feed the article came from ("" when imported otherwise):
    #: the feed whose entry updates it.
    feed: str = ""
    #: The feed's id for the entry, so an entry whose title or link changed is
    #: still recognised as the same article.
    guid: str = ""
    #: Fingerprint of the feed entry as last read (newsread.ingest.feeds): an
    #: unchanged entry is not fetched again (unless ``summary_only``).
    entry_version: str = ""
    #: The text is a feed entry's summary alone: its linked page could not be
    #: fetched. A refresh that reads the entry tries the page again once its
    #: back-off has passed (``page_tries``) and, when it comes, updates the
    #: article with it (annotations re-anchored) and clears this. Stored only
    #: when set: it costs the index nothing.
    summary_only: bool = False
    #: What cleaning cut and why, in body order (see ``Cut``). ``removed``
    #: keeps the cut lines' text alone, as older libraries and ``extract``
    #: have it; articles imported before cuts were kept have only that.
    cuts: list[Cut] = field(default_factory=list)
    #: Every feed that carries the article, ``feed`` first: two subscriptions
    #: listing one story file it under both. Stored only when it names a feed
    #: besides ``feed``, so libraries from before it read as they are (see
    #: ``article_feeds``) and gain it when such an article is next written.
    feeds: list[str] = field(default_factory=list)
    #: The validators (ETag, Last-Modified) the article's page was last fetched
    #: with, when its text is a fetched page's (a summary-only feed entry's, an
    #: imported URL's): ``refresh --pages`` asks for the page conditionally, so
    #: an unchanged one costs a 304. Stored only when set, as ``summary_only``.
    page_etag: str = ""
    page_modified: str = ""
    #: Of a ``summary_only`` article: how many times its page failed, and when
    #: it last did (ISO, UTC). A refresh asks again only once the back-off
    #: after that many failures has passed (storage.page_retries), not at every
    #: refresh. Stored only when set: the page's arrival clears both, and a
    #: library from before them reads as never tried (asked at once).
    page_tries: int = 0
    page_tried: str = ""

    def __post_init__(self) -> None:
        self.cuts = unpack_cuts(self.cuts, self.removed)
        self.feeds = _feed_list(self.feed, self.feeds)
        if not self.content_hash:
            self.content_hash = content_hash(self.body)
        if self.entry_version.startswith(LEGACY_SUMMARY_ONLY):
            self.entry_version, self.summary_only = "", True
        # A damaged or hand-edited count must not stop a refresh: read as none.
        if not isinstance(self.page_tries, int) or isinstance(self.page_tries, bool):
            self.page_tries = 0
        self.page_tries = max(0, self.page_tries)
        if not isinstance(self.page_tried, str):
            self.page_tried = ""

    def meta_dict(self) -> dict[str, Any]:
        """Everything but the body: what the library index stores (the cuts
        packed, see ``pack_cuts``; ``summary_only`` only when set). An entry
        replaces the stored one's article fields whole (see ``merged_meta``)."""
        # Field by field rather than asdict, which deep-copies every cut only
        # for pack_cuts to replace them: a tenth of the time of saving 100,000.
        data: dict[str, Any] = {}
        for name in _META_FIELDS:
            value = getattr(self, name)
            data[name] = list(value) if isinstance(value, list) else value
        if self.summary_only:
            data["summary_only"] = True
        for name in _PAGE_FIELDS:
            if getattr(self, name):
                data[name] = getattr(self, name)
        if self.feeds != _feed_list(self.feed, []):
            data["feeds"] = list(self.feeds)
        data["cuts"] = pack_cuts(self.cuts, self.removed)
        return data

    @classmethod
    def from_meta(cls, meta: dict[str, Any], body: str) -> Article:
        known = {k: v for k, v in meta.items() if k in cls.__dataclass_fields__}
        known["body"] = body
        return cls(**known)


#: Written to the index only when set: most articles have no fetched page,
#: and few a page that failed.
_PAGE_FIELDS = ("page_etag", "page_modified", "page_tries", "page_tried")
#: What meta_dict copies as it is: every field but the body, the cuts, the
#: summary-only flag, the feeds and the page's validators, in field order (the
#: cuts, last, are packed; the others are written only when they say something).
_META_FIELDS = tuple(
    name
    for name in Article.__dataclass_fields__
    if name not in ("body", "cuts", "summary_only", "feeds", *_PAGE_FIELDS)
)


def _feed_list(feed: Any, feeds: Any) -> list[str]:
    first = [feed] if isinstance(feed, str) and feed else []
    more = [f for f in feeds if isinstance(f, str) and f] if isinstance(feeds, list) else []
    return list(dict.fromkeys(first + more))


def article_feeds(meta: dict[str, Any]) -> list[str]:
    """The URLs of every feed that carries a stored article, its own feed first
    (a library from before ``Article.feeds`` holds that one alone)."""
    return _feed_list(meta.get("feed"), meta.get("feeds"))


#: Between an article's feeds where one string holds them all (the search
#: index's and the catalog's feed column): no URL or path holds a line break.
FEED_SEPARATOR = "\n"


def joined_feeds(meta: dict[str, Any]) -> str:
    """``article_feeds`` as one string; an article of one feed gives its URL."""
    return FEED_SEPARATOR.join(article_feeds(meta))


def merged_meta(stored: dict[str, Any] | None, article: Article) -> dict[str, Any]:
    """The index entry of ``article`` saved over ``stored``: the article's
    fields are its own, so one it leaves out (``summary_only`` when clear) is
    cleared, not kept from before; keys the article knows nothing of (written
    by a newer newsread) stay."""
    kept = {k: v for k, v in (stored or {}).items() if k not in Article.__dataclass_fields__}
    return {**kept, **article.meta_dict()}


@dataclass
class Annotation:
    id: str
    article_id: str
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    tags: list[str] = field(default_factory=list)
    note: str = ""
    created: str = ""
    updated: str = ""
    orphan: bool = False
    data: dict[str, Any] = field(default_factory=dict)
    #: Who made it (the config's annotator, else the login name); "" for
    #: annotations made before newsread recorded it.
    annotator: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def first_tagged(self) -> str | None:
        """The words it was made on, when a re-import placed it by similarity
        on words that changed since; None otherwise."""
        first = self.data.get(REQUOTED_FROM)
        return first if isinstance(first, str) and first != self.quote else None

    def placement_confirmed(self) -> Annotation:
        """A copy the user has confirmed where it is: no longer marked as
        placed by similarity (``first_tagged`` is None)."""
        return replace(self, data={k: v for k, v in self.data.items() if k != REQUOTED_FROM})

    def placed_at(
        self, body: str, start: int, end: int, data: dict[str, Any] | None = None
    ) -> Annotation:
        """A copy anchored on ``body[start:end]``: position, quote and context
        renewed together so the selectors never disagree, with ``data`` (else
        its own) as it is on ``body``. An annotation whose data holds spans (a
        claim's roles) is moved by newsread.annotations.held_spans.placed_with_spans,
        which places them too: left at their old offsets they name other words."""
        if not 0 <= start < end <= len(body):
            raise ValueError(f"span {start}-{end} is outside the article body")
        prefix, suffix = quote_context(body, start, end)
        moved = replace(
            self,
            start=start,
            end=end,
            quote=body[start:end],
            prefix=prefix,
            suffix=suffix,
            orphan=False,
            data=self.data if data is None else data,
        )
        return moved.first_words_checked()

    def first_words_checked(self) -> Annotation:
        """Itself, or without ``requoted_from`` when that names its own quote:
        placed back on the words first tagged, nothing of them changed, and
        the reader's panel would repeat the quote as "first tagged"."""
        if self.data.get(REQUOTED_FROM) != self.quote:
            return self
        return self.placement_confirmed()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Annotation:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


class _Made(Protocol):
    """Anything that records who made it (an annotation, a row listing one)."""

    annotator: str


def same_hand(stored: _Made, annotator: str) -> bool:
    """Whether tagging ``stored``'s passage as ``annotator`` adds to ``stored``.

    Another annotator's annotation on the same words stays theirs (agreement
    is measured between the two); one made before annotators were recorded
    ("") is taken to be the user's own, as it always was.
    """
    if not stored.annotator.strip() or not annotator.strip():
        return True
    return same_annotator(stored.annotator, annotator)


TAG_PALETTE = (
    "#e5c07b",
    "#61afef",
    "#c678dd",
    "#98c379",
    "#e06c75",
    "#56b6c2",
    "#d19a66",
    "#be5046",
)


def next_tag_color(used: list[str]) -> str:
    """The first palette colour no tag in ``used`` has; cycling once all are taken."""
    taken = set(used)
    free = [c for c in TAG_PALETTE if c not in taken]
    return free[0] if free else TAG_PALETTE[len(used) % len(TAG_PALETTE)]


@dataclass
class Tag:
    name: str
    color: str = ""
    key: str = ""
    description: str = ""
    #: Names merged or renamed into this tag -> when (ISO time): a teammate's
    #: copy made before then says the old name and means this one.
    merged: dict[str, str] = field(default_factory=dict)
    #: When the tag was deleted (ISO time), on the tombstone a deletion leaves
    #: (storage.tag_table keeps those apart from the tags): a teammate's copy
    #: made before then does not bring the tag back. "" for a tag in use.
    deleted: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if not self.merged:
            del out["merged"]  # rows of tags never merged into stay as they were
        if not self.deleted:
            del out["deleted"]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Tag:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        merged = known.get("merged", {})
        # Only a hint for imports: a row an older newsread or a hand edit left
        # odd is read as remembering no merge, not as a damaged library.
        known["merged"] = (
            {k: v for k, v in merged.items() if isinstance(k, str) and isinstance(v, str)}
            if isinstance(merged, dict)
            else {}
        )
        if not isinstance(known.get("deleted", ""), str):
            known["deleted"] = ""
        return cls(**known)


def new_annotation(
    article: Article,
    start: int,
    end: int,
    tags: list[str],
    note: str = "",
    data: dict[str, Any] | None = None,
    annotator: str = "",
) -> Annotation:
    """An annotation on ``article.body[start:end]`` with its quote selector filled in."""
    body = article.body
    if not 0 <= start < end <= len(body):
        raise ValueError(f"span {start}-{end} is outside the article body")
    stamp = now_iso()
    prefix, suffix = quote_context(body, start, end)
    # ``data``'s spans are on this body already: they stay as given.
    return Annotation(
        id=uuid.uuid4().hex[:12],
        article_id=article.id,
        start=start,
        end=end,
        quote=body[start:end],
        prefix=prefix,
        suffix=suffix,
        tags=list(tags),
        note=note,
        created=stamp,
        updated=stamp,
        data=dict(data or {}),
        annotator=annotator,
    )
