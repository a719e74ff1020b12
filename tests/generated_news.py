"""A generated news library for tests of what a search finds and how many:
varied titles, sources, dates, names and figures; every body holds
``unrealistic``; one in five articles has the source ``Coastwire`` and another
one in five names it in the body; ``Osei`` is in one body in six. Deterministic
(a seeded generator), and small: a few hundred articles."""

from __future__ import annotations

import random
from pathlib import Path

from newsread.model import Annotation, Article
from storage.library import Library

SOURCES = ("Harbour Gazette", "Valley Ledger", "Northern Post", "Metro Daily", "Plains Herald")
NAMES = ("Lena Fischer", "Tomas Varga", "Ines Duarte", "Kwame Mensah", "Yuki Tanaka")
TOPICS = ("budget", "bridge", "harbour", "school", "election", "flood", "tram", "hospital")
VERBS = ("approves", "delays", "questions", "rejects", "debates", "revives")
#: Every body holds it.
EVERYWHERE = "unrealistic"
#: The source of one article in five, named in the body of another one in five.
WIRE = "Coastwire"
#: Named in one body in six.
NAME = "Osei"


def news_articles(count: int, seed: int = 28) -> list[Article]:
    rnd = random.Random(seed)
    articles = []
    for i in range(count):
        topic = rnd.choice(TOPICS)
        who = f"Amara {NAME}" if i % 6 == 2 else rnd.choice(NAMES)
        body = (
            f"{who} said the {topic} plan was {EVERYWHERE}, citing {rnd.randint(2, 900)} "
            f"million in costs. Council members met for the {i + 1}th time."
        )
        if i % 5 == 1:
            body += f" The figures were first reported by {WIRE}."
        body += f" A decision on the {topic} is expected by {rnd.choice(('spring', 'June'))}."
        articles.append(
            Article(
                id=f"gen{i:05d}",
                title=f"Council {rnd.choice(VERBS)} {topic} plan, case {i}",
                body=body,
                source=WIRE if i % 5 == 0 else rnd.choice(SOURCES),
                published=f"2026-{1 + i % 11:02d}-{1 + (i * 7) % 27:02d}",
            )
        )
    return articles


def news_library(root: Path, count: int = 400, annotated: int = 9) -> Library:
    """A library of ``count`` generated articles, the first ``annotated`` of
    them with one annotation each."""
    library = Library(root)
    articles = news_articles(count)
    library.save_articles(articles)
    library.ensure_tag("check")
    for article in articles[:annotated]:
        library.save_annotation(
            Annotation(
                id=f"a-{article.id}",
                article_id=article.id,
                start=0,
                end=7,
                quote=article.body[:7],
                tags=["check"],
            )
        )
    return library


def wire_ids(articles: list[Article]) -> set[str]:
    """The articles with WIRE in the source or the body."""
    return {a.id for a in articles if WIRE in a.source or WIRE in a.body}
