"""What ``newsread agreement`` measures: the annotations placed on each
article's text, whose they are, and the texts, from the library or from
export files. Read only: nothing here writes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsread.annotations.agreement import Marked
from newsread.annotations.anchoring import Selector, reanchor_all
from newsread.annotations.formats.reading import AnnotationFile, IncomingAnnotation
from storage.annotation_import import ArticleMatcher, ImportFileError
from storage.library import Library


@dataclass
class AgreementInput:
    marks: list[Marked] = field(default_factory=list)
    #: article key -> the text the marks' offsets count in
    texts: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    #: annotations left out: orphans, and file annotations not found in the text
    unplaced: int = 0


def _mark(article: str, start: int, end: int, tags: list[str], who: str, default: str) -> Marked:
    return Marked(article, start, end, tuple(dict.fromkeys(tags)), who or default)


def from_library(library: Library, default_annotator: str) -> AgreementInput:
    """Every placed annotation of the library; ``default_annotator`` names those
    made before annotators were recorded."""
    found = AgreementInput()
    for article, anns in library.iter_annotated():
        for ann in anns:
            if ann.orphan:
                found.unplaced += 1
                continue
            found.marks.append(
                _mark(article.id, ann.start, ann.end, ann.tags, ann.annotator, default_annotator)
            )
        found.texts[article.id] = article.body
        found.titles[article.id] = article.title
    return found


def from_files(
    library: Library, files: Sequence[tuple[Path, AnnotationFile]], default_annotator: str
) -> AgreementInput:
    """The annotations of export files, each on one text per article: the
    library's when it holds the article, else the body a file carries
    (``--with-text``). The same annotation in several files counts once."""
    articles = ArticleMatcher(library)
    found = AgreementInput()
    grouped: dict[str, list[IncomingAnnotation]] = {}
    seen: set[str] = set()
    for path, parsed in files:
        for incoming in parsed.annotations:
            ann = incoming.annotation
            if ann.id in seen:
                continue
            seen.add(ann.id)
            key = articles.match(incoming.article)
            if key is not None and key not in found.texts:
                found.texts[key] = library.read_body(key)
                found.titles[key] = articles.by_id[key].get("title", key)
            elif key is None:
                key = incoming.article.id or incoming.article.url_or_path
                if key not in found.texts:
                    body = parsed.bodies.get(incoming.article.id)
                    if body is None:
                        raise ImportFileError(
                            f"{path}: the text of {incoming.article.describe()} is neither in "
                            "the file (export it with --with-text) nor in the library"
                        )
                    found.texts[key] = body
                    found.titles[key] = incoming.article.title or key
            grouped.setdefault(key, []).append(incoming)
    for key, incoming in grouped.items():
        body = found.texts[key]
        kept = [i for i in incoming if not i.annotation.orphan]
        found.unplaced += len(incoming) - len(kept)
        selectors = [
            Selector(a.quote, a.prefix, a.suffix, a.start, a.end)
            for a in (i.annotation for i in kept)
        ]
        for item, anchor in zip(kept, reanchor_all(selectors, body), strict=True):
            if anchor is None:
                found.unplaced += 1
                continue
            ann = item.annotation
            found.marks.append(
                _mark(key, anchor.start, anchor.end, ann.tags, ann.annotator, default_annotator)
            )
    return found
