"""Where each table and each article entry sits in ``library.json``, so that a
command touching one article reads it without parsing the whole index.

At 100,000 articles ``library.json`` is ~36 MB: parsing it and indexing its
entries takes 0.4-0.6 s, longer than the whole budget of ``newsread tag``.
``library-spans.json`` is a derived file written next to it after every commit
that staged the index's tables: the SHA-256 of the index's bytes, the byte
range of each top-level table, and each article's id with the byte range of
its entry; also, for writes that splice entries in (storage.index_patch), the
next TinyDB document id and the first 8 bytes of each entry's content hash,
and each entry's place in ``newsread list``'s order. It is never the truth:

* it is used only when it describes ``library.json`` as it is now: when the
  stat stamp it names (inode, mtime, ctime, size, taken after the index was
  renamed into place) is the index's stamp now, which costs no read of the
  index at all; else when the digest it names is the digest of the index's
  bytes (any other writer, a journal replay, a restored backup, an older
  newsread: both differ and the whole file is parsed, as before). newsread
  replaces the index only by rename, so an unchanged stamp is an unchanged
  file; a copy or a hard link changes the ctime, and then the digest decides;
* an entry read through it must parse as one JSON object whose ``id`` is the
  one asked for, else the whole file is parsed (which names what is wrong);
* it is written after the commit, outside the journal: a process killed before
  that leaves a stale file, which the digest catches. ``doctor`` reports a
  stale or damaged one and ``doctor --restore`` removes it.

The ranges come from the same bytes that are written: the index is encoded one
top-level table at a time (orjson's compact output of an object is exactly the
concatenation of its members), and each entry of the articles table is found
by its document id key in the encoded table, in order.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import contextlib
import hashlib
import json
import mmap
import re
import sys
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import accumulate
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

import orjson

from storage.jsonio import check_tables, decode_file, encode_json

#: Article ids as storage.base.ID_RE allows them (not imported: storage.base
#: imports this module through storage.atomic).
_IDS = re.compile(r"(?:[A-Za-z0-9_-]{1,64}\n)*")  # every id, joined by newlines

FILE = "library-spans.json"
INDEX = "library.json"
FORMAT = 2

__all__ = [
    "FILE",
    "LazyTables",
    "encode_index",
    "load_spans",
    "load_stamped_spans",
    "with_stamp",
]


def _encode(data: Any) -> bytes:
    return encode_json(data)


def encode_index(tables: Mapping[str, Any]) -> tuple[bytes, bytes | None]:
    """The bytes of ``library.json`` for ``tables`` (exactly what encode_json
    writes) and the spans file describing them, or None when the articles table
    is not as an index must be (the reader then parses the whole file and names
    the problem)."""
    parts: list[bytes] = [b"{"]
    pos = 1
    table_spans: dict[str, list[int]] = {}
    for i, (name, table) in enumerate(tables.items()):
        key = _encode(name) + b":"
        if i:
            key = b"," + key
        value = _encode(table)
        parts += [key, value]
        pos += len(key)
        table_spans[name] = [pos, pos + len(value)]
        pos += len(value)
    parts.append(b"}")
    data = b"".join(parts)
    spans = _article_spans(tables.get("articles"), data, table_spans.get("articles"))
    if spans is None:
        return data, None
    ids, starts, ends = spans
    described = Spans(
        {name: (a, b) for name, (a, b) in table_spans.items()},
        "\n" + "\n".join(ids) + "\n" if ids else "",
        array("q", starts),
        array("q", ends),
    )
    articles = tables.get("articles") or {}
    facts = _append_facts(articles.keys() if ids else (), articles)
    if facts is not None:
        described.next_key, described.hashes = facts
    order = listing_order(list(articles.values()))
    if order is not None and len(set(ids)) == len(ids):
        described.order = array("q", order)
    described.digest = hashlib.sha256(data).digest()
    return data, described.sidecar(len(data))


def listing_key(entry: Mapping[str, Any]) -> tuple[str, str]:
    """Where ``newsread list`` puts an article: oldest first (published, else
    imported), then by title (storage.articles.listed_entries)."""
    return (entry.get("published") or entry.get("imported") or "", entry["title"])


def listing_order(entries: list[Any]) -> list[int] | None:
    """The positions of ``entries`` in listing order (ties in index order, as
    a stable sort leaves them); None when an entry cannot be placed."""
    try:
        keys = [listing_key(entry) for entry in entries]
        return sorted(range(len(keys)), key=keys.__getitem__)
    except (AttributeError, KeyError, TypeError):
        return None  # the listing parses the whole index, which names the problem


def _append_facts(keys: Iterable[Any], articles: Mapping[str, Any]) -> tuple[int, bytes] | None:
    """What storage.index_patch needs to add or replace entries by splicing
    bytes instead of parsing and encoding the whole index: the next TinyDB
    document id, and every entry's content hash (its first 8 bytes). None
    when the table is not the plain shape (a key that is not a number, an entry
    without a hash): then the whole index is parsed, as before."""
    try:
        numbers = [int(k) for k in keys]
        if any(str(n) != k for n, k in zip(numbers, keys, strict=True)):
            return None
        prefixes = b"".join(bytes.fromhex(doc["content_hash"][:16]) for doc in articles.values())
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if len(prefixes) != 8 * len(numbers):
        return None  # a hash shorter than 16 hex digits
    return max(numbers, default=0) + 1, prefixes


def _article_spans(
    articles: Any, data: bytes, span: list[int] | None
) -> tuple[list[str], list[int], list[int]] | None:
    if articles is None or span is None:
        return [], [], []
    if not isinstance(articles, Mapping):
        return None
    if not articles:
        return [], [], []
    try:
        ids = [doc.get("id") for doc in articles.values()]
        joined = "\n".join(ids)  # TypeError: an id that is not a string
    except (AttributeError, TypeError):
        return None  # read whole: the index names the bad entry
    if _IDS.fullmatch(joined + "\n") is None:
        return None
    start, end = span
    # The table is {"1":{...},"2":{...}}: entries are separated by '},"'. That
    # cannot occur inside a string unescaped unless a string ends in "},", and
    # an entry holding an object can end with it too: either way the pieces
    # then do not begin with the table's keys in order, and there are no spans
    # (a slower read, never a wrong one). No loop over bytes in Python: a split
    # and list comparisons run at C speed (~40 ms at 100,000 articles).
    pieces = data[start + 1 : end - 1].split(b'},"')
    if len(pieces) != len(articles):
        return None
    heads = [str(k).encode("utf-8") + b'":' for k in articles]
    heads[0] = b'"' + heads[0]
    if [p[: len(h)] for p, h in zip(pieces, heads, strict=True)] != heads:
        return None
    first = start + 1  # after the table's "{"
    begins = [first] + [first + n for n in accumulate(len(p) + 3 for p in pieces[:-1])]
    starts = [b + len(h) for b, h in zip(begins, heads, strict=True)]
    # A slice keeps its entry's closing "}" (the split took it off all but the last).
    ends = [b + len(p) + 1 for b, p in zip(begins, pieces, strict=True)]
    ends[-1] = end - 1
    return ids, starts, ends


def load_spans(root: Path, raw: bytes, digest: bytes) -> Spans | None:
    """The spans file of the index whose bytes are ``raw`` (SHA-256 ``digest``),
    or None when it is missing, damaged or describes other bytes."""
    data = _read_sidecar(root)
    if data is None or data.get("digest") != digest.hex():
        return None
    spans = _spans_from(data, len(raw))
    if spans is not None:
        spans.digest = digest
    return spans


def load_stamped_spans(root: Path, stamp: tuple[int, ...]) -> Spans | None:
    """The spans file of the index whose stat stamp (storage.atomic's: inode,
    mtime, ctime, size) is ``stamp``, when it names that stamp: the index
    need not be read, nor hashed, to know the spans describe it. Its
    ``digest`` is the one the file names, for a later check of bytes."""
    data = _read_sidecar(root)
    if data is None or data.get("stamp") != list(stamp):
        return None
    spans = _spans_from(data, stamp[-1])
    if spans is None:
        return None
    try:
        spans.digest = bytes.fromhex(data["digest"])
    except (KeyError, TypeError, ValueError):
        return None
    return spans if len(spans.digest) == 32 else None


def with_stamp(sidecar: bytes, stamp: tuple[int, ...]) -> bytes:
    """``sidecar`` naming the stat stamp of the index it describes, known only
    once the index is in place (see load_stamped_spans)."""
    assert sidecar.endswith(b"}")
    return sidecar[:-1] + b',"stamp":' + orjson.dumps(list(stamp)) + b"}"


def _read_sidecar(root: Path) -> dict[str, Any] | None:
    # The standard parser on text decoded from a map, not orjson on the bytes:
    # as fast here (a few long strings), and at 100,000 articles its peak is
    # ~11 MB, not ~16 (orjson copies its input beside the file's bytes and
    # the strings it makes): the peak of the search index's build, beside the
    # app. The map goes at once; newsread replaces the file only by rename.
    try:
        with open(root / FILE, "rb") as f:
            try:
                mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):
                text = f.read().decode("utf-8")  # empty, or a file system without maps
            else:
                with mapped:
                    text = str(mapped, "utf-8")
        data = json.loads(text)
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _spans_from(data: dict[str, Any], size: int) -> Spans | None:
    try:
        if data["format"] != FORMAT or data["size"] != size:
            return None
        tables = {str(k): (int(v[0]), int(v[1])) for k, v in data["tables"].items()}
        ids = data["ids"]
        starts, ends = _unpack(data["starts"]), _unpack(data["ends"])
        if not isinstance(ids, str):
            return None
        count = ids.count("\n") - 1 if ids else 0
        if not (count == len(starts) == len(ends)):
            return None
        if ids and not (ids.startswith("\n") and ids.endswith("\n")):
            return None
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, binascii.Error):
        return None
    spans = Spans(tables, ids, starts, ends)
    next_key, hashes, order = data.get("next_key"), data.get("hashes"), data.get("order")
    # Decoded when first asked for (Spans._settle): a tag needs neither, and
    # they are a fifth of the file to decode at 100,000 articles.
    spans._packed = (
        next_key if isinstance(next_key, int) and isinstance(hashes, str) else None,
        hashes if isinstance(hashes, str) else None,
        order if isinstance(order, str) else None,
    )
    return spans


def _pack(values: Iterable[int]) -> str:
    """Byte offsets as base64 of little-endian 64-bit integers (a library folder
    may move to a machine of the other byte order)."""
    packed = array("q", values)
    if sys.byteorder == "big":
        packed.byteswap()
    return base64.b64encode(packed.tobytes()).decode("ascii")


def _unpack(text: str) -> array[int]:
    packed = array("q", base64.b64decode(text, validate=True))
    if sys.byteorder == "big":
        packed.byteswap()
    return packed


#: Entries read between two releases of the pages behind them.
_RELEASE_EVERY = 4096


def _pages_released_behind(raw: bytes | mmap.mmap) -> Callable[[int], None] | None:
    """For a map: a function that drops, from this process's resident pages,
    the whole pages before an offset not dropped yet (the file's pages stay
    in the page cache). None for bytes, or where madvise is missing."""
    if not isinstance(raw, mmap.mmap) or not hasattr(mmap, "MADV_DONTNEED"):
        return None
    done = 0

    def release(offset: int) -> None:
        nonlocal done
        end = offset - offset % mmap.PAGESIZE
        if end > done:
            with contextlib.suppress(OSError, ValueError):
                raw.madvise(mmap.MADV_DONTNEED, done, end - done)
            done = end

    return release


def _entry_at(
    raw: bytes | mmap.mmap, spans: Spans, i: int, article_id: str
) -> dict[str, Any] | None:
    """The entry in range ``i`` when it parses as the entry of ``article_id``;
    None when the range holds anything else."""
    try:
        doc = orjson.loads(raw[spans.starts[i] : spans.ends[i]])
    except orjson.JSONDecodeError:
        return None
    return doc if isinstance(doc, dict) and doc.get("id") == article_id else None


def _entries_with(
    raw: bytes | mmap.mmap, spans: Spans, needle: bytes, skip: set[int]
) -> list[dict[str, Any]] | None:
    found: list[dict[str, Any]] = []
    start, end = spans.tables.get("articles", (0, 0))
    ids: list[str] | None = None
    at = raw.find(needle, start, end)
    while at >= 0:
        i = bisect.bisect_right(spans.starts, at) - 1
        if i < 0 or at + len(needle) > spans.ends[i]:
            return None  # between entries: not an index this module wrote
        if i not in skip:
            ids = spans.ids if ids is None else ids
            doc = _entry_at(raw, spans, i, ids[i])
            if doc is None:
                return None
            found.append(doc)
        at = raw.find(needle, spans.ends[i], end)
    return found


_T = TypeVar("_T")
#: Lookups by search before Spans.position makes a dict of the ids.
_SEARCHES = 256
# One decoding of a Spans' packed fields at a time (the app's threads share them).
_SETTLING = threading.Lock()


class _Unpacked(Generic[_T]):
    """A field of Spans decoded from the spans file when first read or set
    (Spans._settle), kept in the attribute of its name with a leading "_"."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.attribute = "_" + name

    @overload
    def __get__(self, spans: None, owner: type) -> _Unpacked[_T]: ...
    @overload
    def __get__(self, spans: Spans, owner: type) -> _T: ...
    def __get__(self, spans: Spans | None, owner: type) -> _T | _Unpacked[_T]:
        if spans is None:
            return self
        if spans._packed is not None:
            spans._settle()
        return getattr(spans, self.attribute)  # type: ignore[no-any-return]

    def __set__(self, spans: Spans, value: _T) -> None:
        spans._settle()
        setattr(spans, self.attribute, value)


class Spans:
    #: the next TinyDB document id of the articles table (storage.index_patch);
    #: None when the spans file does not say
    next_key: _Unpacked[int | None] = _Unpacked()
    #: the first 8 bytes of every entry's content hash, when known with next_key
    hashes: _Unpacked[bytes | None] = _Unpacked()
    #: every entry's position in listing order (listing_order), when known
    order: _Unpacked[array[int] | None] = _Unpacked()

    def __init__(
        self,
        tables: dict[str, tuple[int, int]],
        ids: str,
        starts: array[int],
        ends: array[int],
    ) -> None:
        self.tables = tables
        #: every id, each between newlines ("\nid1\nid2\n"), in index order
        self.joined_ids = ids
        self.starts = starts
        self.ends = ends
        # Past _SEARCHES lookups (an export reads 10,000 entries), a dict of the
        # ids: ~0.3 ms a search at 100,000 was 3 s of such a pass.
        self._searches = 0
        self._positions: dict[str, int] | None = None
        self._next_key: int | None = None
        self._hashes: bytes | None = None
        #: the SHA-256 of the bytes described, when the writer knows it
        self.digest: bytes | None = None
        self._order: array[int] | None = None
        # (next key, hashes, order) as the spans file packs them, until decoded
        self._packed: tuple[int | None, str | None, str | None] | None = None

    def _settle(self) -> None:
        with _SETTLING:
            if self._packed is None:
                return
            next_key, hashes, order = self._packed
            count = len(self.starts)
            try:
                if next_key is not None and hashes is not None:
                    prefixes = base64.b64decode(hashes, validate=True)
                    if len(prefixes) == 8 * count:
                        self._next_key, self._hashes = next_key, prefixes
            except (binascii.Error, ValueError):
                pass  # no fast appends: the whole index is parsed for a write
            try:
                if order is not None:
                    positions = _unpack(order)
                    if len(positions) == count:
                        self._order = positions
            except (binascii.Error, ValueError):
                pass  # the listing sorts the parsed index instead
            self._packed = None

    def sidecar(self, size: int) -> bytes:
        """The spans file describing ``size`` bytes whose SHA-256 is ``digest``."""
        assert self.digest is not None
        data: dict[str, Any] = {
            "format": FORMAT,
            "digest": self.digest.hex(),
            "size": size,
            "tables": {name: list(span) for name, span in self.tables.items()},
            # One string and packed arrays, not lists of 100,000 values: the
            # file parses in ~3 ms instead of ~30 (a tag reads it whole).
            "ids": self.joined_ids,
            "starts": _pack(self.starts),
            "ends": _pack(self.ends),
        }
        if self.next_key is not None and self.hashes is not None:
            data["next_key"] = self.next_key
            data["hashes"] = base64.b64encode(self.hashes).decode("ascii")
        if self.order is not None:
            data["order"] = _pack(self.order)
        return orjson.dumps(data)

    @property
    def ids(self) -> list[str]:
        return self.joined_ids[1:-1].split("\n") if self.starts else []

    def iter_ids(self) -> Iterator[str]:
        """The ids in index order, one at a time: a pass that needs each id
        once holds one string, not a list of 100,000 (~7 MB of objects, which
        the allocator then keeps)."""
        joined = self.joined_ids
        at = 1
        for _ in range(len(self.starts)):
            end = joined.index("\n", at)
            yield joined[at:end]
            at = end + 1

    def ids_unique(self) -> bool:
        """Whether no id occurs twice. A listing order is written only for
        unique ids (encode_index checks; storage.index_patch appends only ids
        the index lacks and replaces only ids found once): with one, no list
        and set of 100,000 ids (~11 MB) is made to find out."""
        if self.order is not None:
            return True
        ids = self.ids
        return len(set(ids)) == len(ids)

    def position(self, article_id: str) -> int | None:
        """Where ``article_id``'s entry is; the last one of that id wins, as in
        the index built from the whole file. Two searches in C over the joined
        ids (~1 ms at 100,000), no dict of them until many lookups are made."""
        positions = self._positions
        if positions is None and self._searches >= _SEARCHES:
            # The last position of an id wins, as in the search below.
            positions = self._positions = {aid: i for i, aid in enumerate(self.ids)}
        if positions is not None:
            return positions.get(article_id)
        self._searches += 1
        at = self.joined_ids.rfind("\n" + article_id + "\n")
        if at < 0 or "\n" in article_id:
            return None
        return self.joined_ids.count("\n", 0, at)


class LazyTables(Mapping[str, Any]):
    """``library.json``'s tables, each parsed from its byte range when first
    asked for; one article's entry can be read without parsing the articles
    table. Read-only, like every shared parse (storage.atomic.current_tables)."""

    def __init__(self, path: Path, raw: bytes | mmap.mmap, spans: Spans) -> None:
        self.path = path
        # The index's bytes, or a read-only map of the file (storage.atomic's
        # map_index_reads): slicing either gives the bytes of one range.
        self._raw: bytes | mmap.mmap | None = raw
        self._spans = spans
        self._tables: dict[str, Any] = {}
        # Shared by every reader of the parse cache, the app's threads too: a
        # table is parsed, and the bytes let go, by one of them at a time.
        self._lock = threading.RLock()

    @property
    def spans(self) -> Spans:
        return self._spans

    def held_bytes(self) -> bytes | mmap.mmap | None:
        """The index's bytes (or their map), while they are held (until the
        articles table is parsed)."""
        return self._raw

    def loaded(self, name: str) -> bool:
        return name in self._tables

    def __getitem__(self, name: str) -> Any:
        if name in self._tables:
            return self._tables[name]
        if name not in self._spans.tables:
            raise KeyError(name)
        with self._lock:
            if name in self._tables:
                return self._tables[name]
            return self._parse(name)

    def _parse(self, name: str) -> Any:
        assert self._raw is not None
        start, end = self._spans.tables[name]
        table = check_tables(self.path, {name: decode_file(self.path, self._raw[start:end])})[name]
        self._tables[name] = table
        if name == "articles":
            # Everything else is small: parse it now and let the bytes go, so a
            # process that needed the whole index does not also hold 36 MB of it.
            for other in self._spans.tables:
                if other not in self._tables:
                    self[other]
            self._raw = None
        return table

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans.tables)

    def __len__(self) -> int:
        return len(self._spans.tables)

    def __contains__(self, name: object) -> bool:
        return name in self._spans.tables

    def article_ids(self) -> list[str] | None:
        """Every article id, or None when the articles table is parsed already."""
        return None if "articles" in self._tables else self._spans.ids

    def entries(self) -> Iterator[dict[str, Any] | None]:
        """Every article entry in index order, each parsed from its own range;
        None for one whose range does not hold the entry of its id (the caller
        then reads the whole table, which names what is wrong). Nothing when
        the articles table is parsed already."""
        with self._lock:
            raw = self._raw  # held here: a parse meanwhile must not drop it
        if raw is None or "articles" in self._tables:
            return
        spans = self._spans
        # A pass over a mapped index (the search index's build, beside the app)
        # would keep every page it read resident: 36 MB at 100,000 articles.
        # The pages behind it are let go as it goes; read again, they come back
        # from the page cache.
        release = _pages_released_behind(raw)
        for i, article_id in enumerate(spans.iter_ids()):
            if release is not None and i % _RELEASE_EVERY == 0 and i:
                release(spans.starts[i])
            yield _entry_at(raw, spans, i, article_id)

    def hash_prefixes(self) -> tuple[list[str], bytes] | None:
        """Every article id in index order and the first 8 bytes of each one's
        content hash end to end, when the spans file carries them."""
        if self._spans.hashes is None:
            return None
        return self._spans.ids, self._spans.hashes

    def entries_with(self, needle: bytes, skip: Iterable[int] = ()) -> list[dict[str, Any]] | None:
        """Every entry whose bytes hold ``needle`` (a key and its value, say),
        found by searching the index's bytes, not by parsing 100,000 entries;
        None when they cannot be read that way. ``skip``: positions left out."""
        with self._lock:
            raw = self._raw
        if raw is None or "articles" in self._tables:
            return None
        return _entries_with(raw, self._spans, needle, set(skip))

    def entry(self, article_id: str) -> dict[str, Any] | None | bool:
        """The entry of ``article_id``: a dict, None when there is none, or
        False when it cannot be read through the spans (the caller then parses
        the articles table, which explains what is wrong)."""
        with self._lock:
            raw = self._raw
        if raw is None or "articles" in self._tables:
            return False  # parsed whole meanwhile: the caller reads the table
        i = self._spans.position(article_id)
        if i is None:
            return None
        doc = _entry_at(raw, self._spans, i, article_id)
        return False if doc is None else doc


def check_spans(root: Path) -> str | None:
    """What is wrong with the spans file, for ``newsread doctor`` (None: nothing,
    or there is none). Every range is checked against the index's bytes, which
    readers do only for the entries they read."""
    path = root / FILE
    try:
        raw_spans = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot read ({exc.strerror or exc})"
    try:
        data = orjson.loads(raw_spans)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return "not a spans file this newsread writes"
    except orjson.JSONDecodeError as exc:
        return f"not valid JSON ({exc})"
    try:
        raw = (root / INDEX).read_bytes()
    except OSError:
        return "describes a library.json that cannot be read"
    spans = load_spans(root, raw, hashlib.sha256(raw).digest())
    if spans is None:
        stamp = data.get("stamp")
        st = (root / INDEX).stat()
        if stamp == [st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size]:
            # Only an in-place write that kept the stat stamp can do this.
            return "names library.json's stamp but not its bytes (readers would trust it)"
        return "stale: made for another version of library.json (ignored when read)"
    prefixes = spans.hashes
    for i, article_id in enumerate(spans.ids):
        doc = _entry_at(raw, spans, i, article_id)
        if doc is None:
            return f"the range of article {article_id} is not its entry (ignored when read)"
        digest = doc.get("content_hash")
        if prefixes is not None and (
            not isinstance(digest, str) or prefixes[8 * i : 8 * i + 8].hex() != digest[:16]
        ):
            return f"the content hash it gives article {article_id} is not the entry's"
    if spans.next_key is not None and spans.starts and last_key(raw, spans) >= spans.next_key:
        return "the next document id it gives is already taken"
    return None


def last_key(raw: bytes | mmap.mmap, spans: Spans) -> int:
    """The document id of the articles table's last entry (its key, just
    before its range); -1 when it is not a number."""
    start = spans.starts[-1]
    head = bytes(raw[max(0, start - 32) : start])
    key = head[head.rfind(b'"', 0, len(head) - 2) + 1 : -2]
    return int(key) if key.isdigit() and head.endswith(b'":') else -1
