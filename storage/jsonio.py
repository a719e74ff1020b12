"""JSON as the library stores it: orjson for speed, the standard library for
whatever orjson refuses, and the TinyDB shape every table file must have.

Apart from storage.atomic so that storage.index_spans can use it too (atomic
reads the index through index_spans).
"""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Any

import orjson

from storage.errors import CorruptFileError


def encode_json(data: Any) -> bytes:
    """Compact UTF-8 JSON. orjson writes exactly what ``json.dumps(ensure_ascii=False,
    separators=(",", ":"))`` does for the library's data, ~15x faster (a
    100,000-article index: 0.08 s instead of 1.3 s); what it cannot encode (an
    integer beyond 64 bits) goes through the standard library."""
    try:
        return orjson.dumps(data)
    except TypeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_json(raw: bytes) -> Any:
    """Parse JSON (orjson, ~2x faster than the standard library on the library's
    small files); a big file builds many dicts at once, so the cyclic garbage
    collector is paused meanwhile (it would rescan them all, repeatedly)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            # What orjson refuses (NaN, a UTF-16 file, a lone surrogate escape)
            # the standard library decides, with its own message.
            return json.loads(raw)
    finally:
        if enabled:
            gc.enable()


def decode_file(path: Path, raw: bytes) -> Any:
    """The JSON of a file read as ``raw``; CorruptFileError naming ``path`` when
    it is empty or no JSON."""
    if not raw.strip():
        raise CorruptFileError(f"{path}: file is empty (expected JSON)")
    try:
        return decode_json(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CorruptFileError(f"{path}: not valid JSON ({exc})") from exc
    except RecursionError as exc:
        raise CorruptFileError(f"{path}: JSON nested too deeply") from exc


def check_tables(path: Path, data: Any) -> dict[str, dict[str, dict[str, Any]]]:
    """The TinyDB shape {table: {doc id: {field: value}}}, or CorruptFileError."""
    if not isinstance(data, dict):
        raise CorruptFileError(f"{path}: expected a JSON object of tables")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise CorruptFileError(f"{path}: table {name!r} is not a JSON object")
        for doc_id, doc in table.items():
            if not doc_id.isdigit() or not isinstance(doc, dict):
                raise CorruptFileError(f"{path}: table {name!r} has a malformed entry {doc_id!r}")
    return data
