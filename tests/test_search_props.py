"""Property-based search tests (Hypothesis) on a generated library.

The library is generated once (seeded): articles over a small vocabulary, so
that words and phrases recur, with annotations (tags, notes, orphans), cached
analyses (entities with labels, claim speakers) and read marks. Hypothesis
then generates queries: words, prefixes, phrases taken from the articles'
own text, and any mix of filters. Each result set is checked against an
oracle computed from the library's files through the Library API, not from
the index:

* every hit satisfies every filter and contains every word and phrase
  (a phrase within one field, and within one note, tag, quote, entity);
* every article that satisfies them is a hit.

A second test applies random sequences of tags, notes, removals and imports
and checks that the incrementally updated index answers as a fresh rebuild.
"""

from __future__ import annotations

import functools
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsread.model import Annotation, Article, new_annotation
from newsread.search import parse_query
from storage.library import Library, analysis_key
from storage.reading import ReadState
from storage.search_index import SearchIndex

VOCAB = [
    "harbour", "crane", "board", "chair", "ferry", "island", "minister", "budget", "water",
    "rate", "strike", "council", "café", "zürich", "port", "deal", "vote", "river", "school",
    "Naïve",
]  # fmt: skip
NAMES = ["Wang Wentao", "Port Ellis", "Mara Quint", "Harbour Board", "Island Council"]
LABELS = ["PERSON", "GPE", "ORG"]
TAGS = ["check", "source", "Claim"]
SOURCES = ["Port Gazette", "Island Times", "Wire 3", ""]
DAYS = ["2026-01-05", "2026-03-17", "2026-06-30", "2026-11-01", "2026-12-24", ""]
PIPELINE = ("test", "1")


def _words(rng: random.Random, n: int) -> str:
    out = []
    for i in range(n):
        word = rng.choice(VOCAB)
        if rng.random() < 0.15:
            word = word.capitalize()
        sep = rng.choice([" ", " ", " ", ", ", ". ", " — ", "\n\n", "-"]) if i else ""
        out.append(sep + word)
    return "".join(out)


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokens(text: str) -> list[str]:
    """The oracle's own word splitting: letters and digits, folded."""
    return list(_tokens(text))


@functools.lru_cache(maxsize=100_000)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_fold(w) for w in re.findall(r"[^\W_]+", text))


def _contains(hay: list[str], want: list[str], prefix: bool) -> bool:
    n = len(want)
    for i in range(len(hay) - n + 1):
        if hay[i : i + n - 1] == want[:-1] and (
            hay[i + n - 1] == want[-1] or (prefix and hay[i + n - 1].startswith(want[-1]))
        ):
            return True
    return False


@dataclass
class Truth:
    """One article as the files say, for the oracle."""

    article_id: str
    fields: dict[str, list[str]]  # field -> its items (one text per note, tag, ...)
    tags: set[str]
    entities: list[tuple[list[str], str]]
    speakers: list[list[str]]
    source: str
    day: str
    annotations: int
    orphans: int
    read: bool


def build_library(root: Path, seed: int = 7, size: int = 40) -> Library:
    rng = random.Random(seed)
    library = Library(root)
    articles = []
    for i in range(size):
        day = rng.choice(DAYS)
        articles.append(
            Article(
                id=f"art{i:03d}",
                title=_words(rng, rng.randint(2, 5)),
                body=_words(rng, rng.randint(10, 50)),
                source=rng.choice(SOURCES),
                published=day,
                imported="" if rng.random() < 0.5 else "2026-02-02T10:00:00+00:00",
            )
        )
    library.save_articles(articles)
    for article in articles:
        if rng.random() < 0.5:
            anns = []
            for j in range(rng.randint(1, 3)):
                start = rng.randrange(0, max(1, len(article.body) - 10))
                ann = new_annotation(
                    article,
                    start,
                    start + rng.randint(1, 10),
                    rng.sample(TAGS, rng.randint(1, 2)),
                    note=_words(rng, rng.randint(0, 4)) if rng.random() < 0.7 else "",
                )
                if rng.random() < 0.2:
                    ann = Annotation(**{**ann.to_dict(), "id": f"{ann.id}-{j}", "orphan": True})
                anns.append(ann)
            library.save_annotations(article.id, anns)
        if rng.random() < 0.6:
            ents = [(rng.choice(NAMES), rng.choice(LABELS)) for _ in range(rng.randint(1, 3))]
            speakers = rng.sample(NAMES, rng.randint(0, 2))
            library.store_analysis(
                article.id,
                analysis_key(article.content_hash, *PIPELINE),
                {
                    "pipeline": {"name": "test", "version": "1"},
                    "sentences": [],
                    "entities": [
                        {"start": 0, "end": 1, "text": text, "label": label} for text, label in ents
                    ],
                    "claims": [
                        {
                            "start": 0,
                            "end": 1,
                            "kind": "quote",
                            "score": 0.5,
                            "speaker": {"start": 0, "end": 1, "text": name},
                        }
                        for name in speakers
                    ],
                },
            )
    state = ReadState(library)
    state.mark(a.id for a in articles if rng.random() < 0.3)
    state.close()
    return library


def truths(library: Library) -> list[Truth]:
    state = ReadState(library)
    read = state.read_ids()
    state.close()
    out = []
    for meta in library.article_metas():
        article = library.get_article(meta["id"])
        anns = library.annotations(article.id)
        key = analysis_key(article.content_hash, *PIPELINE)
        analysis = library.cached_analysis(article.id, key) or {"entities": [], "claims": []}
        entities = [(tokens(e["text"]), e["label"]) for e in analysis["entities"]]
        speakers = [tokens(c["speaker"]["text"]) for c in analysis["claims"] if c.get("speaker")]
        tag_names = [t for a in anns for t in a.tags]
        day = (article.published or article.imported)[:10]
        out.append(
            Truth(
                article_id=article.id,
                fields={
                    "title": [article.title],
                    "body": [article.body],
                    "notes": [a.note for a in anns],
                    "quotes": [a.quote for a in anns],
                    "tags": tag_names,
                    "entities": [e["text"] for e in analysis["entities"]],
                    "speakers": [c["speaker"]["text"] for c in analysis["claims"]],
                    # Searched as the library's / box finds it (index format 4).
                    "source": [article.source],
                },
                tags={t.casefold() for t in tag_names},
                entities=entities,
                speakers=speakers,
                source=" ".join(tokens(article.source)),
                day=day,
                annotations=len(anns),
                orphans=sum(a.orphan for a in anns),
                read=article.id in read,
            )
        )
    return out


def _term_in(truth: Truth, want: list[str], prefix: bool) -> bool:
    # Within one item: the index keeps a phrase from running from one note
    # (tag, quote, ...) into the next.
    return any(
        _contains(tokens(item), want, prefix) for items in truth.fields.values() for item in items
    )


def oracle(truth_list: list[Truth], text: str) -> set[str]:
    q = parse_query(text)
    out = set()
    for t in truth_list:
        ok = all(_term_in(t, list(term.tokens), term.prefix) for term in q.terms)
        ok = ok and all(tag in t.tags for tag in q.tags)
        labels = set(q.labels)
        ok = ok and all(
            any(
                _contains(toks, list(want), False) and (not labels or label in labels)
                for toks, label in t.entities
            )
            for want in q.entities
        )
        ok = ok and all(any(label == want for _, label in t.entities) for want in q.labels)
        ok = ok and all(any(_contains(s, list(w), False) for s in t.speakers) for w in q.speakers)
        ok = ok and all(" ".join(tokens(s)) in t.source for s in q.sources)
        ok = ok and (q.after is None or t.day >= q.after) and (q.before is None or t.day < q.before)
        ok = ok and ("annotated" not in q.flags or t.annotations > 0)
        ok = ok and ("unannotated" not in q.flags or t.annotations == 0)
        ok = ok and ("orphan" not in q.flags or t.orphans > 0)
        ok = ok and ("read" not in q.flags or t.read) and ("unread" not in q.flags or not t.read)
        if ok:
            out.add(t.article_id)
    return out


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[SearchIndex, list[Truth]]:
    library = build_library(tmp_path_factory.mktemp("search-props") / "lib")
    index = SearchIndex(library)
    index.sync()
    facts = truths(library)
    # Phrases the articles really hold, so that phrase queries hit.
    return index, facts


def _phrases(facts: list[Truth]) -> list[str]:
    found = []
    for t in facts:
        for items in t.fields.values():
            for item in items:
                words = re.findall(r"[^\W_]+", item)
                for n in (2, 3):
                    for i in range(0, max(0, len(words) - n + 1), 7):
                        found.append(" ".join(words[i : i + n]))
    return sorted(set(found))


_FACTS_CACHE: dict[str, list[str]] = {}


def queries(facts: list[Truth]) -> st.SearchStrategy[str]:
    phrases = _FACTS_CACHE.setdefault("phrases", _phrases(facts))
    word = st.sampled_from(VOCAB)
    term = st.one_of(
        word,
        word.map(lambda w: w.upper()),
        word.map(lambda w: w[: max(1, len(w) // 2)] + "*"),
        st.sampled_from(phrases).map(lambda p: f'"{p}"'),
        st.lists(word, min_size=2, max_size=3).map(lambda ws: '"' + " ".join(ws) + '"'),
    )

    def quoted(value: str) -> str:
        return f'"{value}"' if " " in value else value

    name = st.sampled_from(NAMES)
    filters = st.one_of(
        st.sampled_from([*TAGS, "CHECK", "nosuchtag"]).map(lambda v: f"tag:{v}"),
        name.map(lambda v: f"entity:{quoted(v)}"),
        name.map(lambda v: f"entity:{v.split()[-1]}"),
        st.sampled_from([*LABELS, "org", "NORP"]).map(lambda v: f"label:{v}"),
        name.map(lambda v: f"speaker:{quoted(v)}"),
        name.map(lambda v: f"speaker:{v.split()[0]}"),
        st.sampled_from(["gazette", "Island", "wire 3", "times"]).map(
            lambda v: f"source:{quoted(v)}"
        ),
        st.sampled_from(DAYS[:-1] + ["2026-06", "2027"]).map(lambda v: f"after:{v}"),
        st.sampled_from(DAYS[:-1] + ["2026-06", "2026"]).map(lambda v: f"before:{v}"),
        st.sampled_from(["annotated", "unannotated", "orphan", "read", "unread"]).map(
            lambda v: f"is:{v}"
        ),
    )
    return st.tuples(st.lists(term, max_size=3), st.lists(filters, max_size=3), st.randoms()).map(
        lambda parts: _mix(parts[0] + parts[1], parts[2])
    )


def _mix(parts: list[str], rng: random.Random) -> str:
    rng.shuffle(parts)
    return " ".join(parts)


def _valid(text: str) -> bool:
    try:
        parse_query(text)
    except ValueError:
        return False
    return True


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_every_hit_satisfies_the_query_and_every_match_is_found(generated, data) -> None:
    index, facts = generated
    text = data.draw(queries(facts).filter(_valid), label="query")
    hits = index.search(text, limit=1000)
    got = {h.article_id for h in hits}
    assert len(got) == len(hits)
    expected = oracle(facts, text)
    assert got <= expected, f"hits that do not satisfy {text!r}"
    assert expected <= got, f"articles {text!r} should have found"
    q = parse_query(text)
    for hit in hits:
        truth = next(t for t in facts if t.article_id == hit.article_id)
        for match in hit.matches:
            field_text = truth.fields[match.field][0]
            found = tokens(field_text[match.start : match.end])
            assert any(_contains(found, list(term.tokens), term.prefix) for term in q.terms), (
                text,
                match,
                field_text[match.start : match.end],
            )
        for s, e in hit.snippet.highlights:
            assert 0 <= s < e <= len(hit.snippet.text)
    if q.has_text and len(hits) > 1:
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


OPS = st.lists(
    st.tuples(st.sampled_from(["tag", "note", "remove", "import", "reimport"]), st.integers(0, 99)),
    min_size=1,
    max_size=5,
)
CHECKS = ["tag:check", "tag:fresh", "harbour", '"board chair"', "is:annotated", "zurich*", "vote"]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=OPS)
def test_incremental_updates_answer_as_a_rebuild(tmp_path_factory, ops) -> None:
    library = build_library(tmp_path_factory.mktemp("inc") / "lib", seed=3, size=8)
    index = SearchIndex(library)
    index.sync()
    rng = random.Random(0)
    for op, n in ops:
        ids = sorted(library.article_ids())
        if not ids:
            break
        aid = ids[n % len(ids)]
        article = library.get_article(aid)
        if op == "tag":
            library.save_annotation(new_annotation(article, 0, 3, ["fresh"], note="chair vote"))
        elif op == "note":
            anns = library.annotations(aid)
            if anns:
                library.save_annotation(Annotation(**{**anns[0].to_dict(), "note": "harbour"}))
        elif op == "remove":
            library.delete_articles([aid])
        elif op == "import":
            library.save_articles(
                [Article(id=f"new{n}", title=_words(rng, 3), body=_words(rng, 12))]
            )
        else:
            library.save_articles([Article(id=aid, title=article.title, body=_words(rng, 9))])
        index.search("vote")  # an update after each change, not one for all
    incremental = {q: _ranked(index, q) for q in CHECKS}
    fresh_index = SearchIndex(library)
    fresh_index.rebuild()
    assert incremental == {q: _ranked(fresh_index, q) for q in CHECKS}


def _ranked(index: SearchIndex, query: str) -> list[tuple[str, float]]:
    return sorted((h.article_id, round(h.score, 6)) for h in index.search(query, limit=100))
