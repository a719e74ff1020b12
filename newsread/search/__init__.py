"""Searching the library: the query language (``query``) and where a query
matches in a text, with snippets (``matching``). Pure: the index that runs the
queries is storage.search_index."""

from newsread.search.matching import Snippet, find_matches, fold_tokens, make_snippet
from newsread.search.query import (
    FILTER_WORDS,
    Query,
    QueryError,
    Term,
    parse_query,
    query_from_argv,
)

__all__ = [
    "FILTER_WORDS",
    "Query",
    "QueryError",
    "Snippet",
    "Term",
    "find_matches",
    "fold_tokens",
    "make_snippet",
    "parse_query",
    "query_from_argv",
]
