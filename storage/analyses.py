"""Analyses cached per article, keyed by body hash and pipeline name + version.

Re-opening an article or restarting the app reads the cache instead of running
spaCy; a different pipeline version misses the cache and is recomputed lazily.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from newsread.analysis import Analysis, analyze_texts, rules_version
from newsread.analysis.parallel import Analyser, AnalysisFailed, LocalAnalyser, analyze_each
from newsread.analysis.pipeline import LoadedPipeline
from newsread.model import Article
from storage.library import Library, analysis_key

Identity = tuple[str, str]


def key_for(article: Article, identity: Identity) -> dict[str, str]:
    """Cache key: the body's hash, the model's name and version, and our rules' version."""
    name, version = identity
    return analysis_key(article.content_hash, name, f"{version}+rules.{rules_version()}")


def _identity(loaded: LoadedPipeline | Analyser) -> Identity:
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
    loaded: LoadedPipeline | Analyser,
    advance: Callable[[int], None] | None = None,
    batch_size: int = 32,
    workers: int | None = 1,
    on_error: Callable[[Article, str], None] | None = None,
) -> int:
    """Analyse, in nlp.pipe batches, the articles whose cache is missing or stale.

    ``loaded`` is this process's pipeline, or an ``Analyser`` that runs the
    analysis elsewhere (a Dask cluster); ``workers`` the processes a local
    pipeline may use (1: this process; None: every core when worth it). The
    results come back in order and are written here, through library
    transactions, whoever computed them. An article that cannot be analysed
    raises ``AnalysisFailed``, or, with ``on_error``, is reported there and
    skipped. Returns the number of articles analysed.
    """
    analyser = loaded if isinstance(loaded, Analyser) else LocalAnalyser(loaded, workers)
    identity = _identity(analyser)
    todo = [a for a in articles if cached(library, a, identity) is None]
    if advance is not None and len(todo) < len(articles):
        advance(len(articles) - len(todo))
    if not todo:
        return 0
    texts = [a.body for a in todo]
    if on_error is None:
        results: Iterator[Analysis | AnalysisFailed] = analyser.analyze(texts, batch_size)
    else:
        results = analyze_each(analyser, texts, batch_size)
    counts: dict[str, tuple[int, int]] = {}
    done = 0
    try:
        for article, analysis in zip(todo, results, strict=True):
            if isinstance(analysis, AnalysisFailed):
                if on_error is not None:
                    on_error(article, analysis.message)
            else:
                library.store_analysis(article.id, key_for(article, identity), analysis.to_dict())
                counts[article.id] = _counts(analysis)
                done += 1
            if len(counts) >= 200:  # bound the work lost to an interruption
                library.set_analysis_counts(counts)
                counts = {}
            if advance is not None:
                advance(1)
    finally:
        # What was analysed before a failure (or an interrupt) keeps its counts.
        library.set_analysis_counts(counts)
    return done
