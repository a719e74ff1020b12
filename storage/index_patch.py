"""A few article entries of ``library.json`` changed or added, written by
splicing their bytes into the index as read instead of parsing and encoding
the whole of it.

At 100,000 articles the index is ~36 MB: parsing it takes ~0.5 s and encoding
it again ~0.4 s, so importing one article (or a feed refresh adding three)
spent over a second on entries it did not touch. A :class:`PatchedIndex` is
what a transaction stages instead: the index as read through its spans
(storage.index_spans) plus the new entries. Its bytes are the old bytes with
each replaced entry's range swapped and the added entries put before the
articles table's closing brace, exactly what encoding the whole changed table
gives (orjson's compact output of an object is the concatenation of its
members); its spans file is the old one with the ranges after each change
moved. A table other than the articles (the tags, after a tag is created or
recoloured) is replaced or added whole in the same way, and the listing order
the spans file keeps is kept by putting the changed entries back where they
sort. Nothing about durability changes: the transaction still replaces the
complete file atomically.

Anything that wants the tables as dicts gets them (the articles table is then
parsed once and the changes applied), so every reader stays correct; only the
paths that know about a PatchedIndex avoid the parse.
"""

from __future__ import annotations

import bisect
import hashlib
from array import array
from collections.abc import Iterator, Mapping
from typing import Any

from storage.index_spans import (
    LazyTables,
    Spans,
    _entries_with,
    _entry_at,
    last_key,
    listing_key,
)
from storage.jsonio import encode_json

__all__ = ["PatchedIndex"]

#: Changed entries past which the listing order is left for the next whole
#: encoding to make (each one is a few parsed entries and a list insert).
_REORDER = 256


def _prefix(entry: dict[str, Any]) -> bytes | None:
    digest = entry.get("content_hash")
    if not isinstance(digest, str) or len(digest) < 16:
        return None
    try:
        return bytes.fromhex(digest[:16])
    except ValueError:
        return None


class PatchedIndex(Mapping[str, Any]):
    """The tables of ``base`` with ``changes`` (article id -> its whole new
    entry) applied: an id the index holds has its entry replaced, any other is
    appended with the next document id, as TinyDB would."""

    def __init__(
        self,
        base: LazyTables,
        raw: Any,
        replaced: dict[int, dict[str, Any]],
        appended: dict[str, dict[str, Any]],
        tables: dict[str, Any] | None = None,
    ) -> None:
        self.base = base
        self._raw = raw  # kept: parsing the base's articles table lets go of its bytes
        #: position in the index -> new entry
        self.replaced = replaced
        #: article id -> entry, in the order they are appended
        self.appended = appended
        #: other tables (tags, schema) given whole, new ones after the file's
        self.tables: dict[str, Any] = tables or {}
        self._tables: dict[str, Any] = {}

    @classmethod
    def make(
        cls, current: LazyTables | PatchedIndex, changes: Mapping[str, dict[str, Any]]
    ) -> PatchedIndex | None:
        """``current`` with ``changes`` applied, or None when that cannot be done
        by splicing (the articles table parsed already, no next document id in
        the spans file, an id that occurs twice): the caller then changes the
        parsed tables."""
        start = cls._start(current)
        if start is None:
            return None
        base, raw, replaced, appended, tables = start
        spans = base.spans
        for article_id, entry in changes.items():
            if entry.get("id") != article_id or _prefix(entry) is None:
                return None
            if article_id in appended:
                appended[article_id] = entry
                continue
            i = spans.position(article_id)
            if i is None:
                appended[article_id] = entry
            elif spans.joined_ids.count("\n" + article_id + "\n") != 1:
                return None  # TinyDB's update would change every entry of that id
            else:
                replaced[i] = entry
        return cls(base, raw, replaced, appended, tables)

    @classmethod
    def with_tables(
        cls, current: LazyTables | PatchedIndex, tables: Mapping[str, Any]
    ) -> PatchedIndex | None:
        """``current`` with whole tables other than the articles replaced or
        added (a tag created, renamed or recoloured), or None when that cannot
        be done by splicing."""
        if "articles" in tables:
            return None
        start = cls._start(current)
        if start is None:
            return None
        base, raw, replaced, appended, others = start
        return cls(base, raw, replaced, appended, {**others, **tables})

    @staticmethod
    def _start(
        current: LazyTables | PatchedIndex,
    ) -> tuple[LazyTables, Any, dict[int, Any], dict[str, Any], dict[str, Any]] | None:
        """What a new PatchedIndex over ``current`` starts from, or None when
        its bytes cannot be spliced: the articles table parsed already, a
        spans file without the next document id and hash prefixes (written
        by an older newsread: encoded whole once), or no entry yet."""
        if current.loaded("articles"):
            return None
        if isinstance(current, PatchedIndex):
            base, raw = current.base, current._raw
            replaced, appended = dict(current.replaced), dict(current.appended)
            tables = dict(current.tables)
        else:
            base, raw = current, current.held_bytes()
            replaced, appended, tables = {}, {}, {}
        spans = base.spans
        if raw is None or spans.next_key is None or spans.hashes is None:
            return None
        if "articles" not in spans.tables or not spans.starts:
            return None  # no entry to splice after: the table is encoded whole
        if not 0 <= last_key(raw, spans) < spans.next_key:
            return None  # an entry appended now would take a key already used
        return base, raw, replaced, appended, tables

    # -- reading ------------------------------------------------------------------

    def entry(self, article_id: str) -> dict[str, Any] | None | bool:
        """As LazyTables.entry: the entry, None when there is none, False when
        it cannot be read without parsing."""
        if article_id in self.appended:
            return self.appended[article_id]
        i = self.base.spans.position(article_id)
        if i is None:
            return None
        if i in self.replaced:
            return self.replaced[i]
        doc = _entry_at(self._raw, self.base.spans, i, article_id)
        return False if doc is None else doc

    def article_ids(self) -> list[str]:
        return self.base.spans.ids + list(self.appended)

    def entries(self) -> Iterator[dict[str, Any] | None]:
        spans = self.base.spans
        for i, article_id in enumerate(spans.ids):
            yield self.replaced.get(i) or _entry_at(self._raw, spans, i, article_id)
        yield from self.appended.values()

    def entries_with(self, needle: bytes) -> list[dict[str, Any]] | None:
        """As LazyTables.entries_with, with the changes applied."""
        found = _entries_with(self._raw, self.base.spans, needle, set(self.replaced))
        if found is None:
            return None
        for entry in [*self.replaced.values(), *self.appended.values()]:
            if needle in encode_json(entry):
                found.append(entry)
        return found

    def hash_prefixes(self) -> tuple[list[str], bytes]:
        """Every article id in index order, and the first 8 bytes of each one's
        content hash, end to end."""
        spans = self.base.spans
        hashes = bytearray(spans.hashes or b"")
        for i, entry in self.replaced.items():
            hashes[8 * i : 8 * i + 8] = _prefix(entry) or bytes(8)
        for entry in self.appended.values():
            hashes += _prefix(entry) or bytes(8)
        return self.article_ids(), bytes(hashes)

    def changes(self) -> dict[str, tuple[dict[str, Any] | None, dict[str, Any]]]:
        """Article id -> (entry before, entry after; None before when added)."""
        spans = self.base.spans
        out: dict[str, tuple[dict[str, Any] | None, dict[str, Any]]] = {}
        ids = spans.ids if self.replaced else []
        for i, entry in self.replaced.items():
            out[entry["id"]] = (_entry_at(self._raw, spans, i, ids[i]), entry)
        for article_id, entry in self.appended.items():
            out[article_id] = (None, entry)
        return out

    def loaded(self, name: str) -> bool:
        return name in self._tables

    def held_bytes(self) -> None:
        return None

    # -- the tables, for readers that want dicts --------------------------------------

    def __getitem__(self, name: str) -> Any:
        if name in self.tables:
            return self.tables[name]
        if name != "articles":
            return self.base[name]
        if "articles" not in self._tables:
            table = dict(self.base["articles"])
            keys = list(table)
            for i, entry in self.replaced.items():
                table[keys[i]] = entry
            next_key = self.base.spans.next_key
            assert next_key is not None
            for n, entry in enumerate(self.appended.values()):
                table[str(next_key + n)] = entry
            self._tables["articles"] = table
        return self._tables["articles"]

    def _names(self) -> list[str]:
        names = list(self.base)
        return names + [name for name in self.tables if name not in names]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def __contains__(self, name: object) -> bool:
        return name in self.tables or name in self.base

    # -- writing ------------------------------------------------------------------

    def encode(self) -> tuple[bytes, bytes, Spans]:
        """The new index's bytes, its spans file, and the spans themselves."""
        spans = self.base.spans
        raw = memoryview(self._raw)  # slices of it are not copies
        table_start, table_end = spans.tables["articles"]
        next_key = spans.next_key
        assert next_key is not None
        hashes = bytearray(spans.hashes or b"")
        # The edits of the old bytes: (start, end, new bytes); an insertion has
        # start == end.
        edits: list[tuple[int, int, bytes]] = []
        #: (index position from which entry ranges move, by how much)
        moves: list[tuple[int, int]] = []
        for i in sorted(self.replaced):
            entry = self.replaced[i]
            data = encode_json(entry)
            start, end = spans.starts[i], spans.ends[i]
            edits.append((start, end, data))
            moves.append((i, len(data) - (end - start)))
            hashes[8 * i : 8 * i + 8] = _prefix(entry) or bytes(8)
        added: list[tuple[int, int]] = []  # the new entries' ranges in their insertion
        pieces: list[bytes] = []
        for n, entry in enumerate(self.appended.values()):
            head = b',"' + str(next_key + n).encode("ascii") + b'":'
            data = encode_json(entry)
            at = sum(map(len, pieces)) + len(head)
            added.append((at, at + len(data)))
            pieces += [head, data]
            hashes += _prefix(entry) or bytes(8)
        if pieces:
            edits.append((table_end - 1, table_end - 1, b"".join(pieces)))  # before its "}"
        fresh: dict[str, tuple[int, int]] = {}  # new tables' ranges in their insertion
        encoded = {name: encode_json(table) for name, table in self.tables.items()}
        pieces = []
        for name, data in encoded.items():
            if name in spans.tables:
                start, end = spans.tables[name]
                edits.append((start, end, data))
                continue
            head = b"," + encode_json(name) + b":"
            at = sum(map(len, pieces)) + len(head)
            fresh[name] = (at, at + len(data))
            pieces += [head, data]
        if pieces:
            edits.append((len(raw) - 1, len(raw) - 1, b"".join(pieces)))  # before the last "}"
        edits.sort(key=lambda edit: (edit[0], edit[1]))

        out: list[bytes | memoryview] = []
        placed: dict[tuple[int, int], int] = {}  # edit -> where its bytes start now
        at = shift = 0
        for start, end, data in edits:
            out += [raw[at:start], data]
            placed[(start, end)] = start + shift
            shift += len(data) - (end - start)
            at = end
        out.append(raw[at:])
        data = b"".join(out)

        def moved(x: int, end: bool = False) -> int:
            """Where old offset ``x`` is now: an insertion at ``x`` moves a
            start, not an end (its bytes come after what ends there)."""
            return x + sum(
                len(b) - (e - s) for s, e, b in edits if e < x or (e == x and (s < e or not end))
            )

        # Entries move with the edits before the articles table, and with the
        # replaced entries before them.
        before = sum(len(b) - (e - s) for s, e, b in edits if e <= table_start)
        starts, ends = _moved(spans.starts, moves, before), _moved(spans.ends, moves, before)
        for i, delta in moves:
            starts[i] -= delta  # a replaced entry's start stays; its end moves
        if self.appended:
            at = placed[(table_end - 1, table_end - 1)]
            starts.extend(at + a for a, _ in added)
            ends.extend(at + b for _, b in added)
        tables: dict[str, tuple[int, int]] = {}
        for name, (start, end) in spans.tables.items():
            if name in self.tables:
                at = placed[(start, end)]
                tables[name] = (at, at + len(encoded[name]))
            else:
                tables[name] = (moved(start), moved(end, end=True))
        if fresh:
            at = placed[(len(raw) - 1, len(raw) - 1)]
            for name, (a, b) in fresh.items():
                tables[name] = (at + a, at + b)
        ids = spans.joined_ids
        if self.appended:
            ids = ids + "\n".join(self.appended) + "\n"
        new = Spans(tables, ids, starts, ends)
        new.next_key = next_key + len(self.appended)
        new.hashes = bytes(hashes)
        new.digest = hashlib.sha256(data).digest()
        new.order = self._order()
        return data, new.sidecar(len(data)), new

    def _order(self) -> array[int] | None:
        """The listing order after the changes: the changed entries taken out
        and put back where their keys go, reading only the entries a binary
        search lands on. None when there was none, or too much changed."""
        spans = self.base.spans
        if spans.order is None or len(self.replaced) + len(self.appended) > _REORDER:
            return None
        # The ids (a split of 100,000) only once an entry is read for its key.
        ids: list[str] = []
        keys: dict[int, tuple[str, str, int]] = {}
        count = len(spans.starts)
        changed = {**self.replaced}
        changed.update({count + n: e for n, e in enumerate(self.appended.values())})

        def key(position: int) -> tuple[str, str, int]:
            if position not in keys:
                entry = changed.get(position)
                if entry is None:
                    if not ids:
                        ids.extend(spans.ids)
                    entry = _entry_at(self._raw, spans, position, ids[position])
                    if entry is None:
                        raise ValueError(position)
                # Ties in index order, as the stable sort of the whole index.
                keys[position] = (*listing_key(entry), position)
            return keys[position]

        replaced = self.replaced
        order = [p for p in spans.order if p not in replaced] if replaced else list(spans.order)
        try:
            for position in sorted(changed):
                bisect.insort(order, position, key=key)
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        return array("q", order)


def _moved(values: array[int], moves: list[tuple[int, int]], base: int = 0) -> array[int]:
    """``values`` shifted by ``base``, and every one at or after each move's
    position by that move too."""
    if not moves:
        return array("q", (v + base for v in values)) if base else array("q", values)
    out = array("q", (v + base for v in values[: moves[0][0]]))
    shift = base
    for n, (i, delta) in enumerate(moves):
        shift += delta
        stop = moves[n + 1][0] if n + 1 < len(moves) else len(values)
        out.extend(v + shift for v in values[i:stop])
    return out
