"""A page imported before as one article with its stories glued together (as
newsread did before it told a page's stories apart) and imported again: its
annotations go onto the stories that hold their words, and it goes; it stays,
named, only for annotations no story holds.

The glued article is written here as the older import stored it: the page's
stories one after the other, each headline but the first as a paragraph. The
page is the briefing of ``test_html_several_stories`` (our own text); it is
imported from a file and from a URL served on 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path

from newsread.annotations.anchoring import make_selector
from newsread.model import Annotation, Article, content_hash, make_article_id
from storage.imports import import_paths
from storage.library import Library
from storage.refresh import import_urls
from tests.http_server import Server, http_server_fixture  # noqa: F401
from tests.test_html_several_stories import BRIEFING, BRIEFS, HTML_TYPE

#: (quote, tag) of the annotations made on the glued article, one per story.
MARKS = [("62 million euros", "verify"), ("Ilse Varga", "person"), ("forty cellars", "verify")]


def glued_body() -> str:
    parts: list[str] = []
    for k, (title, paragraphs) in enumerate(BRIEFS):
        if k:
            parts.append(title)
        parts += paragraphs
    return "\n\n".join(parts)


def store_glued(library: Library, origin: str, title: str, marks=MARKS) -> str:
    """The glued article as an older import stored it, with an annotation on
    each quote of ``marks``; returns its id."""
    body = glued_body()
    article = Article(
        id=make_article_id(origin, title),
        title=title,
        body=body,
        url_or_path=origin,
        source="The Fenwick Post",
        content_hash=content_hash(body),
    )
    with library.transaction():
        library.save_articles([article])
    annotations = []
    for k, (quote, tag) in enumerate(marks):
        start = body.index(quote)
        selector = make_selector(body, start, start + len(quote))
        annotations.append(
            Annotation(
                id=f"glued{k}",
                article_id=article.id,
                start=start,
                end=start + len(quote),
                quote=quote,
                prefix=selector.prefix,
                suffix=selector.suffix,
                tags=[tag],
            )
        )
    library.save_annotations(article.id, annotations)
    return article.id


def marks_by_title(library: Library) -> dict[str, list[tuple[str, tuple[str, ...], bool]]]:
    """Each article's annotations as (quote, tags, orphan), each checked to
    lie on its words."""
    found = {}
    for meta in library.article_metas():
        article = library.get_article(meta["id"])
        anns = library.annotations(article.id)
        for a in anns:
            assert a.article_id == article.id
            assert a.orphan or article.body[a.start : a.end] == a.quote
        found[article.title] = sorted((a.quote, tuple(a.tags), a.orphan) for a in anns)
    return found


EXPECTED = {
    BRIEFS[0][0]: [("62 million euros", ("verify",), False)],
    BRIEFS[1][0]: [("Ilse Varga", ("person",), False)],
    BRIEFS[2][0]: [("forty cellars", ("verify",), False)],
}


def _page(tmp_path: Path) -> Path:
    page = tmp_path / "digest.html"
    page.write_text(BRIEFING, encoding="utf-8")
    return page


def test_a_glued_article_gives_its_annotations_to_the_stories_and_goes(tmp_path: Path) -> None:
    page = _page(tmp_path)
    library = Library(tmp_path / "lib")
    glued = store_glued(library, str(page.resolve()), "Morning digest")
    summary, _ = import_paths(library, [str(page)])
    assert len(summary.added) == 3 and summary.orphaned == 0
    assert marks_by_title(Library(tmp_path / "lib")) == EXPECTED
    assert not library.has_article(glued)
    assert summary.notes == [
        (
            str(page.resolve()),
            "'Morning digest' held 3 stories glued together: removed, 3 annotations moved onto"
            " them",
        )
    ]
    again, _ = import_paths(library, [str(page)])
    assert (again.added, again.updated, again.notes) == ([], [], [])


def test_a_glued_article_titled_as_its_first_story_becomes_that_story(tmp_path: Path) -> None:
    # The older import titled the page after its first story: that story now
    # has its id, and the other stories' annotations still reach them.
    page = _page(tmp_path)
    library = Library(tmp_path / "lib")
    store_glued(library, str(page.resolve()), BRIEFS[0][0])
    summary, _ = import_paths(library, [str(page)])
    assert (len(summary.added), len(summary.updated), summary.orphaned) == (2, 1, 0)
    assert marks_by_title(Library(tmp_path / "lib")) == EXPECTED


def test_an_annotation_no_story_holds_keeps_the_glued_article(tmp_path: Path) -> None:
    # A tag on the second story's headline, which was body text in the glued
    # article and is now that story's title.
    page = _page(tmp_path)
    library = Library(tmp_path / "lib")
    marks = [*MARKS, (BRIEFS[1][0], "headline")]
    glued = store_glued(library, str(page.resolve()), "Morning digest", marks)
    summary, _ = import_paths(library, [str(page)])
    found = marks_by_title(Library(tmp_path / "lib"))
    assert found == {**EXPECTED, "Morning digest": [(BRIEFS[1][0], ("headline",), False)]}
    [(where, what)] = summary.notes
    assert where == str(page.resolve())
    assert what == (
        f"'Morning digest' ({glued}) held 3 stories glued together: 3 annotations moved onto"
        " them; kept for 1 annotation on words none of them holds (move them, then"
        f" `newsread remove {glued}`)"
    )


def test_a_page_imported_again_by_its_url_does_the_same(tmp_path: Path, http_server: Server):
    url = http_server.route("/digest", body=BRIEFING.encode(), headers=HTML_TYPE)
    library = Library(tmp_path / "lib")
    glued = store_glued(library, url, "Morning digest")
    summary, _ = import_urls(library, [url])
    assert len(summary.added) == 3
    assert marks_by_title(Library(tmp_path / "lib")) == EXPECTED
    assert not library.has_article(glued)
    assert [where for where, _ in summary.notes] == [url]


def test_an_article_of_one_story_from_the_same_page_is_left_alone(tmp_path: Path) -> None:
    # An article from the same file holding one story only (an earlier
    # import of one of them, say) is no glued page.
    page = _page(tmp_path)
    library = Library(tmp_path / "lib")
    title, paragraphs = BRIEFS[2]
    body = "\n\n".join(paragraphs) + "\n\nA paragraph the page no longer has."
    kept = Article(
        id=make_article_id(str(page.resolve()), "Rain"),
        title="Rain",
        body=body,
        url_or_path=str(page.resolve()),
        content_hash=content_hash(body),
    )
    with library.transaction():
        library.save_articles([kept])
    summary, _ = import_paths(library, [str(page)])
    assert len(summary.added) == 3 and summary.notes == []
    assert library.has_article(kept.id)


def _rejection(body: str, text: str, kind: str = "entity", label: str = "PERSON", cue: str = ""):
    """A rejected suggestion on ``text`` in ``body`` (a claim's with its cue's words)."""
    start = body.index(text)
    record = {
        "kind": kind,
        "label": label,
        "start": start,
        "end": start + len(text),
        "text": text,
        "rejected": "2026-11-30T09:00:00+00:00",
    }
    if cue:
        at = body.index(cue, start)
        record["cue"] = {"start": at, "end": at + len(cue), "text": cue}
    return record


def rejections_by_title(library: Library) -> dict[str, list[tuple[str, str, str]]]:
    """Each article's rejections as (kind, text, cue text), each checked to lie
    on its words, its cue too."""
    found = {}
    for meta in library.article_metas():
        article = library.get_article(meta["id"])
        rows = []
        for record in library.rejected(article.id):
            assert article.body[record["start"] : record["end"]] == record["text"]
            cue = record.get("cue") or {}
            if cue:
                assert article.body[cue["start"] : cue["end"]] == cue["text"]
            rows.append((record["kind"], record["text"], cue.get("text", "")))
        if rows:
            found[article.title] = sorted(rows)
    return found


#: A claim of the third story, its cue inside it (the fire brigade's words).
CLAIM = "Firefighters pumped out forty cellars, and two schools stayed closed."


def test_the_glued_articles_rejections_go_to_the_stories_holding_their_words(tmp_path: Path):
    page = _page(tmp_path)
    library = Library(tmp_path / "lib")
    glued = store_glued(library, str(page.resolve()), "Morning digest")
    body = library.get_article(glued).body
    library.save_rejected(glued, _rejection(body, "Ilse Varga"))
    library.save_rejected(glued, _rejection(body, CLAIM, "claim", "factual", cue="pumped out"))
    # On the second story's headline: body text in the glued article, the
    # story's title now; no story's text holds it.
    library.save_rejected(glued, _rejection(body, BRIEFS[1][0], label="ORG"))
    summary, _ = import_paths(library, [str(page)])
    assert not library.has_article(glued)
    assert rejections_by_title(Library(tmp_path / "lib")) == {
        BRIEFS[1][0]: [("entity", "Ilse Varga", "")],
        BRIEFS[2][0]: [("claim", CLAIM, "pumped out")],
    }
    assert summary.rejections_dropped == 1
    [(_, what)] = summary.notes
    assert what == (
        "'Morning digest' held 3 stories glued together: removed, 3 annotations moved onto"
        " them; 2 rejected suggestions moved with them; 1 rejected suggestion dropped, on"
        " words none of them holds"
    )
    again, _ = import_paths(library, [str(page)])
    assert (again.added, again.updated, again.notes) == ([], [], [])
    assert len(rejections_by_title(Library(tmp_path / "lib"))) == 2


def test_a_glued_article_kept_for_an_annotation_keeps_the_rejections_no_story_holds(
    tmp_path: Path,
):
    page = _page(tmp_path)
    library = Library(tmp_path / "lib")
    marks = [*MARKS, (BRIEFS[1][0], "headline")]
    glued = store_glued(library, str(page.resolve()), "Morning digest", marks)
    body = library.get_article(glued).body
    library.save_rejected(glued, _rejection(body, "Ilse Varga"))
    library.save_rejected(glued, _rejection(body, BRIEFS[1][0], label="ORG"))
    summary, _ = import_paths(library, [str(page)])
    assert rejections_by_title(Library(tmp_path / "lib")) == {
        BRIEFS[1][0]: [("entity", "Ilse Varga", "")],
        "Morning digest": [("entity", BRIEFS[1][0], "")],
    }
    assert summary.rejections_dropped == 0


def test_a_glued_article_titled_as_its_first_story_gives_its_rejections_too(tmp_path: Path):
    # The first story takes the glued article's id: the other stories'
    # rejections still reach them, and the first story's stays on its words.
    page = _page(tmp_path)
    library = Library(tmp_path / "lib")
    glued = store_glued(library, str(page.resolve()), BRIEFS[0][0])
    body = library.get_article(glued).body
    library.save_rejected(glued, _rejection(body, "62 million euros", label="MONEY"))
    library.save_rejected(glued, _rejection(body, "Ilse Varga"))
    import_paths(library, [str(page)])
    assert rejections_by_title(Library(tmp_path / "lib")) == {
        BRIEFS[0][0]: [("entity", "62 million euros", "")],
        BRIEFS[1][0]: [("entity", "Ilse Varga", "")],
    }
