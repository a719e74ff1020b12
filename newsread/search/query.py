"""The search language: free text, "quoted phrases" and filter words.

    harbour crane "board chair" tag:check entity:"Wang Wentao" after:2026-11-01

* A bare word matches that word anywhere in an article (title, body, notes,
  annotation quotes, tag names, entity texts, claim speakers), case and
  accents ignored; ``word*`` matches words starting with ``word``. Chinese,
  Japanese and Korean text, written without spaces, matches anywhere in the
  text's runs of those characters (newsread.search.cjk).
* ``"a phrase"`` matches those words next to each other, in that order.
* ``-word`` and ``-"a phrase"`` leave out the articles that have them (a
  filter cannot be negated: ``-tag:x`` is an error, not a search for text).
* Every word, phrase and filter must hold (AND).
* Filters (a value with spaces goes in quotes: ``entity:"Wang Wentao"``):

  ``tag:NAME``           an annotation carries the tag (exact name, any case)
  ``entity:TEXT``        a named entity whose words include TEXT's words, in order
  ``label:LABEL``        an entity of that label (ORG, PERSON, GPE, ...); given
                         with ``entity:``, the entity itself must carry it
  ``speaker:NAME``       a claim whose speaker's words include NAME's words
  ``source:TEXT``        the article's source contains TEXT (any case)
  ``feed:NAME``          from a feed whose name contains NAME (any case), or
                         with that URL (or a URL part)
  ``after:DATE``         published (else imported) on or after DATE
  ``before:DATE``        published (else imported) before DATE
  ``is:annotated`` / ``is:unannotated`` / ``is:orphan`` / ``is:read`` / ``is:unread``

  DATE is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (the first day of it).

A word of letters followed by ``:`` that is not a filter is an error, so that
a typo (``tga:check``) is not silently searched as text; quote it to search
for the text itself (``"note: see"``). Pure: nothing here reads the library.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from newsread.annotations.tagnames import tag_key
from newsread.search.matching import ends_open, fold_tokens

#: Filter word -> what it takes, as the error messages and the help name it.
FILTER_WORDS: dict[str, str] = {
    "tag": "a tag name",
    "entity": "an entity's text",
    "label": "an entity label such as ORG or PERSON",
    "speaker": "a speaker's name",
    "source": "part of a source name",
    "feed": "a feed's name or URL",
    "after": "a date (YYYY-MM-DD)",
    "before": "a date (YYYY-MM-DD)",
    "is": "annotated, unannotated, orphan, read or unread",
}
IS_VALUES = ("annotated", "unannotated", "orphan", "read", "unread")
#: The filters whose value can hold a space (a name, a text): a command-line
#: word ``tag:check cranes`` is one such value, quoted. The others (a date, an
#: is: state, an entity label) never hold one, so ``is:annotated seabirds`` is
#: the filter and a word.
SPACED_FILTERS = frozenset({"tag", "entity", "speaker", "source", "feed"})

# A filter word, or a word of letters that looks like one (an error).
_KEY = re.compile(r"([A-Za-z]+):")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


class QueryError(ValueError):
    """A query that cannot mean anything: the message names the bad part."""


@dataclass(frozen=True)
class Term:
    """A word or a phrase, as the tokens the index holds (folded)."""

    tokens: tuple[str, ...]
    #: the last token matches any word it starts (``word*``)
    prefix: bool = False

    @property
    def phrase(self) -> bool:
        return len(self.tokens) > 1

    def fts(self) -> str:
        """This term in FTS5's query syntax, quoted: nothing a user types can
        reach FTS5's operators (AND, NEAR, column filters, ``^``)."""
        quoted = '"' + " ".join(self.tokens).replace('"', '""') + '"'
        return quoted + " *" if self.prefix else quoted


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...] = ()
    #: words and phrases no article listed may have (``-word``)
    excluded: tuple[Term, ...] = ()
    tags: tuple[str, ...] = ()
    #: entity texts and speaker names, each as its folded tokens
    entities: tuple[tuple[str, ...], ...] = ()
    labels: tuple[str, ...] = ()
    speakers: tuple[tuple[str, ...], ...] = ()
    sources: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    #: the dates as ``YYYY-MM-DD``: after is inclusive, before exclusive
    after: str | None = None
    before: str | None = None
    flags: frozenset[str] = field(default_factory=frozenset)

    @property
    def has_text(self) -> bool:
        return bool(self.terms)

    def fts_expression(self) -> str | None:
        """The FTS5 MATCH expression for the words and phrases, plus column
        filters that narrow ``entity:`` and ``speaker:`` through the index
        (the exact per-entity check is the index's, on the candidates)."""
        parts = [t.fts() for t in self.terms]
        parts += ["{entities} : " + _filter_term(tokens).fts() for tokens in self.entities]
        parts += ["{speakers} : " + _filter_term(tokens).fts() for tokens in self.speakers]
        return " AND ".join(parts) if parts else None

    def fts_excluded(self) -> str | None:
        """The FTS5 MATCH expression of the articles to leave out (any of the
        ``-word`` terms), or None."""
        return " OR ".join(t.fts() for t in self.excluded) if self.excluded else None


def _filter_term(tokens: tuple[str, ...]) -> Term:
    return Term(tokens, prefix=ends_open(tokens))


def _split(text: str) -> list[tuple[str, str | None, bool, bool]]:
    """(key or "", value, quoted, negated) per token, honouring double quotes.
    An unclosed quote runs to the end: a query typed letter by letter is valid
    at every letter."""
    out: list[tuple[str, str | None, bool, bool]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        # A leading minus before a letter, a digit or a quote leaves out what
        # follows; a minus inside a word ("well-known") or alone is text.
        negated = text[i] == "-" and i + 1 < n and (text[i + 1].isalnum() or text[i + 1] == '"')
        if negated:
            i += 1
        key = ""
        m = _KEY.match(text, i)
        if m is not None and not text.startswith("//", m.end()):  # a URL is text
            key = m.group(1)
            i = m.end()
        if i < n and text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            out.append((key, text[i + 1 : end], True, negated))
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace():
            j += 1
        value = text[i:j]
        out.append((key, value if value or not key else None, False, negated))
        i = j
    return out


def _date(word: str, value: str) -> str:
    m = _DATE.match(value.strip())
    if m is not None:
        year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            pass
    raise QueryError(f"{word}:{value}: not a date (give YYYY-MM-DD, YYYY-MM or YYYY)")


def parse_query(text: str) -> Query:
    """The query ``text`` means; QueryError names the first bad part."""
    terms: list[Term] = []
    excluded: list[Term] = []
    tags: list[str] = []
    entities: list[tuple[str, ...]] = []
    labels: list[str] = []
    speakers: list[tuple[str, ...]] = []
    sources: list[str] = []
    feeds: list[str] = []
    after: str | None = None
    before: str | None = None
    flags: set[str] = set()
    for key, value, quoted, negated in _split(text):
        if not key:
            word = value or ""
            tokens = tuple(fold_tokens(word, open_end=True))
            prefix = (not quoted and word.endswith("*")) or ends_open(tokens)
            if tokens:  # punctuation alone matches nothing: dropped, not an error
                (excluded if negated else terms).append(Term(tokens, prefix=prefix))
            continue
        if negated and key.lower() in FILTER_WORDS:
            raise QueryError(
                f"-{key}: a filter cannot be negated: only words and phrases can "
                '(-word, -"a phrase")'
            )
        word = key.lower()
        if word not in FILTER_WORDS:
            known = ", ".join(f"{w}:" for w in FILTER_WORDS)
            raise QueryError(
                f"{key}: is not a filter (filters: {known}); "
                f'put it in quotes to search for the text ("{key}:{value or ""}")'
            )
        value = (value or "").strip()
        if not value:
            raise QueryError(f"{word}: needs {FILTER_WORDS[word]} after the colon")
        if word == "tag":
            tags.append(tag_key(value))
        elif word in ("entity", "speaker"):
            tokens = tuple(fold_tokens(value, open_end=True))
            if not tokens:
                raise QueryError(f"{word}:{value}: has no letters or digits to match")
            (entities if word == "entity" else speakers).append(tokens)
        elif word == "label":
            labels.append(value.upper())
        elif word == "source":
            sources.append(value.casefold())
        elif word == "feed":
            feeds.append(value)
        elif word == "after":
            day = _date(word, value)
            after = day if after is None else max(after, day)
        elif word == "before":
            day = _date(word, value)
            before = day if before is None else min(before, day)
        else:  # is:
            flag = value.lower()
            if flag not in IS_VALUES:
                raise QueryError(f"is:{value}: unknown (give is:{', is:'.join(IS_VALUES)})")
            flags.add(flag)
    if {"annotated", "unannotated"} <= flags:
        raise QueryError("is:annotated and is:unannotated together match nothing")
    if {"read", "unread"} <= flags:
        raise QueryError("is:read and is:unread together match nothing")
    return Query(
        terms=tuple(terms),
        excluded=tuple(excluded),
        tags=tuple(tags),
        entities=tuple(entities),
        labels=tuple(labels),
        speakers=tuple(speakers),
        sources=tuple(sources),
        feeds=tuple(feeds),
        after=after,
        before=before,
        flags=frozenset(flags),
    )


def query_from_argv(words: Sequence[str]) -> str:
    """The query a command line's words mean. The shell takes the quotes off
    ``speaker:"Rosa Gruber"`` and passes one word ``speaker:Rosa Gruber``; only
    quoting can put a space in one word, so such a word is quoted again
    (``field:"value with spaces"``, or a ``"phrase"``) instead of being read as
    a filter and loose words; a filter whose value never holds a space (is:,
    after:, before:, label:) is not (``is:annotated seabirds`` is the filter
    and a word). A word that already holds ``"`` or more than one
    operator (a later filter, ``-word`` or ``word*``: a whole query a script
    passed as one string, or quoted only against the shell's ``*``) stays as
    it is."""
    return " ".join(_requoted(word) for word in words).strip()


@dataclass(frozen=True)
class SplitReading:
    """A command line's other reading: ``query`` with each part of a word that
    held a space its own argument, and the ``hint`` line offering it."""

    hint: str
    query: str


def split_reading(words: Sequence[str]) -> SplitReading | None:
    """For a search that found nothing: the other reading of a word holding a
    space (read as quoted), each part its own argument, when that reading is a
    valid query; else None. The caller offers it only when it finds something:
    ``"OR crane"`` split is the words OR and crane, which find nothing either."""
    changed = [(word.strip(), _requoted(word)) for word in words]
    changed = [(word, quoted) for word, quoted in changed if word != quoted]
    if not changed:
        return None
    other = " ".join(word.strip() for word in words)
    try:
        parse_query(other)
    except QueryError:
        return None
    word, quoted = changed[0]
    first, *rest = word.split()
    head = f"{first} and the word{'s' if len(rest) > 1 else ''} {' '.join(rest)}"
    if not _KEY.match(first.lstrip("-")):
        head = f"the words {' '.join([first, *rest])}"
    count = len(rest) + 1
    named = {2: "two", 3: "three", 4: "four"}.get(count, str(count))
    hint = (
        f"read as {quoted} (one argument with a space); for {head}, pass them as {named} arguments"
    )
    return SplitReading(hint, other)


#: Words other search engines read as operators, and what to do here instead.
_OPERATOR_WORDS = {
    "OR": "search for each word on its own to find the articles with either",
    "AND": "every word must be found anyway",
    "NOT": "-word leaves out the articles that have it",
}


def operator_words_note(words: Sequence[str]) -> str | None:
    """For a search that found nothing: the line saying that OR, AND or NOT
    (in capitals, as other search engines take them) was searched as a word."""
    for part in " ".join(words).replace('"', " ").split():
        if part in _OPERATOR_WORDS:
            return (
                f"{part} is searched as a word, not an operator (every word must be found): "
                f"{_OPERATOR_WORDS[part]}"
            )
    return None


def _requoted(word: str) -> str:
    word = word.strip()
    parts = word.split()
    if (
        len(parts) < 2
        or '"' in word
        or parts[0].endswith("*")
        or any(_is_operator(part) for part in parts[1:])
    ):
        return word
    minus = "-" if _negates(word) else ""
    rest = word[len(minus) :]
    m = _KEY.match(rest)
    if m is not None and m.group(1).lower() in FILTER_WORDS and not _is_url(rest, m):
        if m.group(1).lower() not in SPACED_FILTERS:
            return word
        value = " ".join(rest[m.end() :].split())
        return f'{minus}{m.group(1)}:"{value}"'
    # A word like "note: see" is not a filter: the phrase, as quoting asks.
    return f'{minus}"{" ".join(rest.split())}"'


def _negates(word: str) -> bool:
    return len(word) > 1 and word[0] == "-" and (word[1].isalnum() or word[1] == '"')


def _is_url(text: str, m: re.Match[str]) -> bool:
    return text.startswith("//", m.end())


def _is_operator(part: str) -> bool:
    if _negates(part) or part.endswith("*"):
        return True
    m = _KEY.match(part)
    return m is not None and not _is_url(part, m)


def mentions_query(text: str, label: str = "", speaker: bool = False) -> str:
    """The query for every article naming ``text``: as an entity (of ``label``,
    when given) or, with ``speaker``, as a claim's speaker. The text's own
    quotes and line breaks cannot be written inside a quoted value, and the
    index ignores them anyway (it matches folded words)."""
    words = " ".join(re.sub(r'["\s]+', " ", text).split())
    if speaker:
        return f'speaker:"{words}"'
    query = f'entity:"{words}"'
    return f"{query} label:{label}" if label and re.fullmatch(r"[A-Za-z_]+", label) else query
