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
moved. Nothing about durability changes: the transaction still replaces the
complete file atomically.

Anything that wants the tables as dicts gets them (the articles table is then
parsed once and the changes applied), so every reader stays correct; only the
paths that know about a PatchedIndex avoid the parse.
"""

from __future__ import annotations

import base64
import hashlib
from array import array
from collections.abc import Iterator, Mapping
from typing import Any

import orjson

from storage.index_spans import FORMAT, LazyTables, Spans, _entries_with, _entry_at, _pack
from storage.jsonio import encode_json

__all__ = ["PatchedIndex"]


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
    ) -> None:
        self.base = base
        self._raw = raw  # kept: parsing the base's articles table lets go of its bytes
        #: position in the index -> new entry
        self.replaced = replaced
        #: article id -> entry, in the order they are appended
        self.appended = appended
        self._tables: dict[str, Any] = {}

    @classmethod
    def make(
        cls, current: LazyTables | PatchedIndex, changes: Mapping[str, dict[str, Any]]
    ) -> PatchedIndex | None:
        """``current`` with ``changes`` applied, or None when that cannot be done
        by splicing (the articles table parsed already, no next document id in
        the spans file, an id that occurs twice): the caller then changes the
        parsed tables."""
        if isinstance(current, PatchedIndex):
            base, raw = current.base, current._raw
            replaced, appended = dict(current.replaced), dict(current.appended)
        else:
            base, raw = current, current.held_bytes()
            replaced, appended = {}, {}
        spans = base.spans
        if raw is None or spans.next_key is None or spans.hashes is None:
            return None
        if "articles" not in spans.tables or not spans.starts:
            return None  # no entry to splice after: the table is encoded whole
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
        return cls(base, raw, replaced, appended)

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
        found = _entries_with_base(self, needle)
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

    def __iter__(self) -> Iterator[str]:
        return iter(self.base)

    def __len__(self) -> int:
        return len(self.base)

    def __contains__(self, name: object) -> bool:
        return name in self.base

    # -- writing ------------------------------------------------------------------

    def encode(self) -> tuple[bytes, bytes, Spans]:
        """The new index's bytes, its spans file, and the spans themselves."""
        spans = self.base.spans
        raw = memoryview(self._raw)  # slices of it are not copies
        pieces: list[bytes | memoryview] = []
        #: (index position from which ranges move, by how much)
        moves: list[tuple[int, int]] = []
        hashes = bytearray(spans.hashes or b"")
        at = 0
        for i in sorted(self.replaced):
            entry = self.replaced[i]
            data = encode_json(entry)
            start, end = spans.starts[i], spans.ends[i]
            pieces += [raw[at:start], data]
            at = end
            moves.append((i, len(data) - (end - start)))
            hashes[8 * i : 8 * i + 8] = _prefix(entry) or b""
        table_start, table_end = spans.tables["articles"]
        shift = sum(delta for _, delta in moves)
        pieces.append(raw[at : table_end - 1])  # up to the table's closing "}"
        pos = table_end - 1 + shift
        next_key = spans.next_key
        assert next_key is not None
        added_starts: list[int] = []
        added_ends: list[int] = []
        for n, entry in enumerate(self.appended.values()):
            head = b',"' + str(next_key + n).encode("ascii") + b'":'
            data = encode_json(entry)
            pieces += [head, data]
            added_starts.append(pos + len(head))
            pos += len(head) + len(data)
            added_ends.append(pos)
            hashes += _prefix(entry) or b""
        pieces.append(raw[table_end - 1 :])
        data = b"".join(pieces)
        grown = pos - (table_end - 1 + shift)

        starts, ends = _moved(spans.starts, moves), _moved(spans.ends, moves)
        # A replaced entry's own end moves with it; its start does not.
        for i, delta in moves:
            starts[i] -= delta
        starts.extend(added_starts)
        ends.extend(added_ends)
        tables = {}
        for name, (start, end) in spans.tables.items():
            if name == "articles":
                tables[name] = (start, end + shift + grown)
            elif start >= table_end:
                tables[name] = (start + shift + grown, end + shift + grown)
            else:
                tables[name] = (start, end)
        ids = spans.joined_ids
        if self.appended:
            ids = ids + "\n".join(self.appended) + "\n"
        new = Spans(tables, ids, starts, ends)
        new.next_key = next_key + len(self.appended)
        new.hashes = bytes(hashes)
        new.digest = hashlib.sha256(data).digest()
        sidecar = {
            "format": FORMAT,
            "digest": new.digest.hex(),
            "size": len(data),
            "tables": {name: list(span) for name, span in tables.items()},
            "ids": ids,
            "starts": _pack(list(starts)),
            "ends": _pack(list(ends)),
            "next_key": new.next_key,
            "hashes": _b64(new.hashes),
        }
        return data, orjson.dumps(sidecar), new


def _entries_with_base(patched: PatchedIndex, needle: bytes) -> list[dict[str, Any]] | None:
    return _entries_with(patched._raw, patched.base.spans, needle, set(patched.replaced))


def _moved(values: array[int], moves: list[tuple[int, int]]) -> array[int]:
    """``values`` with every one at or after each move's position shifted by it."""
    if not moves:
        return array("q", values)
    out = array("q", values[: moves[0][0]])
    shift = 0
    for n, (i, delta) in enumerate(moves):
        shift += delta
        stop = moves[n + 1][0] if n + 1 < len(moves) else len(values)
        out.extend(v + shift for v in values[i:stop])
    return out


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
