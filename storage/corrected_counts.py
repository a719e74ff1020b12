"""The Entities and Claims counts of the articles the user corrected, as
corrected: what the library table shows beside the model's counts.

The index keeps the model's counts, written when an analysis is made
(storage.analyses). A correction (the reader's E and K) is an annotation, so
the reader, the search index and the statistics count the analysis through
it (storage.corrected); the table, reading the index's counts, said 11 where
they said 10. Here the cached analysis of each corrected article is put
through the same corrections: only those articles (few), and each again only
when its corrections, analysis or body change. A display's count, as the
catalog is a display's list: nothing is written, so no write path has to keep
it in step and nothing is left stale by a process killed between two writes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from storage.articles import ArticleIndex
from storage.atomic import read_json
from storage.corrected import corrected_analysis
from storage.errors import CorruptFileError, LibraryError

Stamp = tuple[int, int, int]


@dataclass(frozen=True)
class CorrectedCounts:
    #: the model's (entities, claims): the index's counts these stand for, to
    #: be shown only while the index still has them (a new analysis since
    #: has new counts, and its own corrected ones come with the next count)
    model: tuple[int, int]
    #: (entities, claims) as corrected
    shown: tuple[int, int]


class CorrectedCounter:
    """Works out, and keeps between counts, the corrected counts of articles."""

    def __init__(self, library: ArticleIndex) -> None:
        self._library = library
        # article id -> (its corrections, (analysis, body) stamps, the counts)
        self._kept: dict[str, tuple[Any, tuple[Stamp | None, ...], CorrectedCounts | None]] = {}

    def counts(
        self, corrections: Mapping[str, tuple[dict[str, Any], ...]]
    ) -> dict[str, CorrectedCounts]:
        """The counts of the articles in ``corrections`` (article id -> its
        corrections as stored) whose analysis is cached for their text."""
        kept: dict[str, tuple[Any, tuple[Stamp | None, ...], CorrectedCounts | None]] = {}
        found: dict[str, CorrectedCounts] = {}
        root = self._library.root
        for article_id, docs in corrections.items():
            stamps = (
                _stamp(os.path.join(root, "analysis", article_id + ".json")),
                _stamp(os.path.join(root, "bodies", article_id + ".txt")),
            )
            before = self._kept.get(article_id)
            # The counter hands back the same tuple while the file is unchanged.
            if before is not None and before[0] is docs and before[1] == stamps:
                value = before[2]
            else:
                value = self._work_out(article_id, docs)
            kept[article_id] = (docs, stamps, value)
            if value is not None:
                found[article_id] = value
        self._kept = kept
        return found

    def _work_out(
        self, article_id: str, docs: tuple[dict[str, Any], ...]
    ) -> CorrectedCounts | None:
        library = self._library
        try:
            content_hash = library.get_meta(article_id).get("content_hash")
            cached = read_json(library.root / "analysis" / f"{article_id}.json")
            body = library.body_path(article_id).read_bytes().decode("utf-8")
        except (LibraryError, CorruptFileError, OSError, UnicodeDecodeError):
            return None  # removed, never analysed or damaged: the index's counts stand
        if not isinstance(cached, dict) or not isinstance(cached.get("key"), dict):
            return None
        analysis = cached.get("analysis")
        if cached["key"].get("hash") != content_hash or not isinstance(analysis, dict):
            return None  # made for another text: the next analysis counts anew
        corrected = corrected_analysis(analysis, list(docs), body)
        return CorrectedCounts(_sizes(analysis), _sizes(corrected))


def _sizes(analysis: dict[str, Any]) -> tuple[int, int]:
    entities, claims = analysis.get("entities"), analysis.get("claims")
    return (
        len(entities) if isinstance(entities, list) else 0,
        len(claims) if isinstance(claims, list) else 0,
    )


def _stamp(path: str) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size
