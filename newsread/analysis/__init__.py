"""Text analysis: the spaCy pipeline and the rules for entities, quotes, attributions and claims.

- ``pipeline``: finding and loading a spaCy pipeline (lazily; spaCy is imported on first load).
- ``records``: the records every analysis module shares (a leaf: imports nothing of the project).
- ``run``: ``analyze_texts`` / ``analyze_doc`` run every rule over parsed texts
  (long texts parsed in pieces).
- ``entities``: named entities with the article-level consistency rules.
- ``quote_marks``, ``attributions``, ``speakers``, ``claims``, ``checkworthy``: the claim rules.

May import ``newsread.model``, ``newsread.sanitize``, the standard library and
third-party packages (spaCy only inside functions or under TYPE_CHECKING); never
``newsread.ingest`` or ``newsread.annotations``.
"""

from newsread.analysis.records import (
    ATTRIBUTED,
    FACTUAL,
    QUOTE,
    STATISTIC,
    Analysis,
    Claim,
    Entity,
    Span,
)
from newsread.analysis.run import (
    RULES_VERSION,
    analyze_doc,
    analyze_texts,
    pipeline_version,
    rules_version,
)

__all__ = [
    "ATTRIBUTED",
    "FACTUAL",
    "QUOTE",
    "RULES_VERSION",
    "STATISTIC",
    "Analysis",
    "Claim",
    "Entity",
    "Span",
    "analyze_doc",
    "analyze_texts",
    "pipeline_version",
    "rules_version",
]
