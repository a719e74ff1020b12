"""Analyses cached per article, keyed by body hash and pipeline name + version.

Re-opening an article or restarting the app reads the cache instead of running
spaCy; a different pipeline version misses the cache and is recomputed lazily.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from newsread.analysis import RULES_VERSION, Analysis, analyze_texts
from newsread.analysis.pipeline import LoadedPipeline
from newsread.model import Article
from storage.library import Library, analysis_key

Identity = tuple[str, str]


def key_for(article: Article, identity: Identity) -> dict[str, str]:
    """Cache key: the body's hash, the model's name and version, and our rules' version."""
    name, version = identity
    return analysis_key(article.content_hash, name, f"{version}+rules.{RULES_VERSION}")


def _identity(loaded: LoadedPipeline) -> Identity:
    return loaded.name, loaded.version


def cached(library: Library, article: Article, identity: Identity) -> Analysis | None:
    data = library.cached_analysis(article.id, key_for(article, identity))
    if data is None:
        return None
    try:
        return Analysis.from_dict(data)
    except (KeyError, TypeError, ValueError):
        return None  # an unreadable cache entry is simply recomputed


def analysis_for(library: Library, article: Article, loaded: LoadedPipeline) -> Analysis:
    found = cached(library, article, _identity(loaded))
    if found is not None:
        return found
    analysis = next(analyze_texts([article.body], loaded))
    library.store_analysis(article.id, key_for(article, _identity(loaded)), analysis.to_dict())
    library.set_analysis_counts({article.id: _counts(analysis)})
    return analysis


def _counts(analysis: Analysis) -> tuple[int, int]:
    return len(analysis.entities), len(analysis.claims)


def analyze_missing(
    library: Library,
    articles: Sequence[Article],
    loaded: LoadedPipeline,
    advance: Callable[[int], None] | None = None,
    batch_size: int = 32,
) -> int:
    """Analyse, in nlp.pipe batches, the articles whose cache is missing or stale."""
    identity = _identity(loaded)
    todo = [a for a in articles if cached(library, a, identity) is None]
    if advance is not None and len(todo) < len(articles):
        advance(len(articles) - len(todo))
    results = analyze_texts((a.body for a in todo), loaded, batch_size=batch_size)
    counts: dict[str, tuple[int, int]] = {}
    for article, analysis in zip(todo, results, strict=True):
        library.store_analysis(article.id, key_for(article, identity), analysis.to_dict())
        counts[article.id] = _counts(analysis)
        if len(counts) >= 200:  # bound the work lost to an interruption
            library.set_analysis_counts(counts)
            counts = {}
        if advance is not None:
            advance(1)
    library.set_analysis_counts(counts)
    return len(todo)
