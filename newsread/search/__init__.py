"""Searching the library: the query language (``query``), where a query
matches in a text, with snippets (``matching``), and one search's answer as
the app and the command line give it (``answer``). Pure: the index that runs the
queries is storage.search_index."""

from newsread.search.answer import Answer, ask
from newsread.search.matching import (
    Snippet,
    densest_match,
    find_matches,
    fold_tokens,
    make_snippet,
)
from newsread.search.query import (
    FILTER_WORDS,
    Query,
    QueryError,
    Term,
    parse_query,
    query_from_argv,
)

__all__ = [
    "Answer",
    "FILTER_WORDS",
    "Query",
    "QueryError",
    "Snippet",
    "Term",
    "ask",
    "densest_match",
    "find_matches",
    "fold_tokens",
    "make_snippet",
    "parse_query",
    "query_from_argv",
]
