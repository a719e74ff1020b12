"""Whether an article's body file still holds the text that was imported.

The index records each article's content hash when its text is saved; the
annotations, the cached analysis and the reading position all count
characters in that text. A body cut short or edited outside newsread would
put every one of them at the wrong words, so a body is checked against its
hash wherever it is read to be shown, exported or annotated (one hash of a
few KB per article; the library list and search read no bodies).
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

from newsread.model import content_hash
from storage.errors import CorruptFileError

#: what doctor and every refusal say of a body whose hash does not match
CHANGED = "text differs from what was imported"


def reimport_hint(origin: object, feed: object = None) -> str:
    """How the user puts an article's text back: importing its source again,
    or, for a feed's article, refreshing that feed by name (read whole, so
    every entry it still lists is compared with the stored text)."""
    if isinstance(feed, str) and feed:
        return f"newsread refresh --feed {shlex.quote(feed)} puts it back while the feed lists it"
    if isinstance(origin, str) and origin:
        return f"newsread import {shlex.quote(origin)} puts it back"
    return "importing its source again puts it back"


class DamagedBodyError(CorruptFileError):
    """A body file whose text is not the one the index recorded."""


def check_body(path: Path | str, body: str, meta: dict[str, Any]) -> str:
    """``body`` when it hashes to the index's record of it, else DamagedBodyError
    naming the file and the way back. An entry without a hash (never written
    by newsread) is taken as it is."""
    recorded = meta.get("content_hash")
    if isinstance(recorded, str) and recorded and content_hash(body) != recorded:
        raise DamagedBodyError(
            f"{path}: {CHANGED}, so annotations and analysis would point at the "
            f"wrong words ({reimport_hint(meta.get('url_or_path'), meta.get('feed'))}; "
            "newsread doctor checks the whole library)"
        )
    return body


def matches_on_disk(path: Path, meta: dict[str, Any]) -> bool:
    """Whether the body file at ``path`` holds the text the index's ``meta``
    records (False: missing, unreadable or other text). For a pass that
    would skip an article its index entry calls unchanged: one hash of one
    body, for the articles that pass names only."""
    recorded = meta.get("content_hash")
    if not isinstance(recorded, str) or not recorded:
        return True
    try:
        return content_hash(path.read_bytes().decode("utf-8")) == recorded
    except (OSError, UnicodeDecodeError):
        return False
