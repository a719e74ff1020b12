"""Annotation counts per article and per tag, recounted only where a file changed.

The library screen shows how many annotations each article has, and the tag
picker how often each tag is used. Counting reads every annotations file: at
10,000 annotated articles that is 2-3 s of a worker holding the interpreter
while the user types. A counter keeps each file's summary with the file's
(inode, mtime, size) and reads again only the files whose stamp moved
(storage.stamped). It is a display's count, as the catalog is a display's
list: writers never use it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storage.shards import shard_summary
from storage.stamped import StampedFolder

Report = tuple[dict[str, int], dict[str, int], dict[str, str]]


class ShardCounter:
    def __init__(self, root: Path) -> None:
        # Looked up at each read, not bound once: tests count the reads.
        self._files = StampedFolder(Path(root) / "annotations", lambda path: shard_summary(path))
        #: article id -> its corrections of the analysis, as of the last report
        self.corrections: dict[str, tuple[dict[str, Any], ...]] = {}

    def report(self) -> Report:
        """(annotations per article, uses per tag, damaged files by article id
        with the reason), as storage's annotation_report gives them; the
        articles' corrections kept in ``corrections``."""
        per_article: dict[str, int] = {}
        per_tag: dict[str, int] = {}
        corrections: dict[str, tuple[dict[str, Any], ...]] = {}
        summaries, damaged = self._files.scan()
        for name, (count, names, corrected) in summaries.items():
            article_id = name[: -len(".json")]
            if count:
                per_article[article_id] = count
            for tag, uses in names:
                per_tag[tag] = per_tag.get(tag, 0) + uses
            if corrected:
                corrections[article_id] = corrected
        self.corrections = corrections
        return per_article, per_tag, {name[: -len(".json")]: why for name, why in damaged.items()}
