"""The analysis cache files, ``analysis/<id>.json``, and the counts in the index.

Only storing and finding: what is analysed and when is storage.analyses.
Analyses are kept out of the TinyDB files, which are rewritten whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storage.articles import ArticleIndex
from storage.atomic import read_json
from storage.base import check_id
from storage.errors import CorruptFileError


def analysis_key(content_hash: str, pipeline_name: str, pipeline_version: str) -> dict[str, str]:
    return {"hash": content_hash, "pipeline": pipeline_name, "version": pipeline_version}


class AnalysisCache(ArticleIndex):
    def _analysis_path(self, article_id: str) -> Path:
        return self.root / "analysis" / f"{check_id(article_id)}.json"

    def has_analysis(self, article_id: str) -> bool:
        """Whether an analysis of the article is stored (for whichever text or pipeline)."""
        return self._analysis_path(article_id).exists()

    def cached_analysis(self, article_id: str, key: dict[str, str]) -> dict[str, Any] | None:
        """The stored analysis if it was made for this body hash and pipeline."""
        try:
            data = read_json(self._analysis_path(article_id))
        except CorruptFileError:
            return None  # a cache: recompute rather than fail
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        return data.get("analysis")

    def store_analysis(
        self, article_id: str, key: dict[str, str], analysis: dict[str, Any]
    ) -> None:
        with self.transaction() as txn:
            if article_id not in self._by_id():
                return  # removed meanwhile: no cache file for an article that is gone
            txn.stage_json(self._analysis_path(article_id), {"key": key, "analysis": analysis})

    def set_analysis_counts(self, counts: dict[str, tuple[int, int]]) -> None:
        """Record (entities, claims) per article in the index, in one write, so the
        library table can show them without opening every cached analysis."""
        if not counts:
            return
        with self.transaction():
            index = self._by_id()
            self.update_entries(
                {
                    aid: {**index[aid], "entities": entities, "claims": claims}
                    for aid, (entities, claims) in counts.items()
                    if aid in index
                }
            )
