"""A page imported before as one article, its stories glued together, now read
as one article per story: the glued article's annotations go to the stories.

Before newsread told a page's stories apart (a briefing, a front page), such
a page came in as one article whose body held every story. Importing it again
adds each story as an article of its own, and the glued one would stay beside
them with the annotations a user made on it. A user expects one copy of each
story, with their tags on it; so, in the import's transaction:

* each of the glued article's annotations is placed on the story that now
  holds its words (found as a re-import finds them: at its place within that
  story's stretch of the old text, else by its quote and context);
* the glued article is then removed, its words all in the stories;
* an annotation no story holds (on a headline the page no longer counts as
  text, on words the cleaner now cuts) keeps the glued article in the library
  with that annotation, and the summary names it and says why, for the user
  to move it and remove the article. When the glued article had the id of
  one of the stories (titled after its first story, it *is* that story now),
  such an annotation is kept on that story as an orphan, as a re-import keeps
  one.

The glued article is known by where it came from (the same file or page
address as the stories) and by its text holding two stories or more: each of
their first paragraphs is in it. Its rejected suggestions are the user's work
as its annotations are: each goes to the story holding its words, found the
same way (a claim's cue moves with it); one no story holds stays on the glued
article when that article stays, and is otherwise dropped, as a re-import
drops a rejection whose words are gone, and counted with the import's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from newsread.annotations.anchoring import Selector, make_selector, reanchor_all
from newsread.annotations.rejections import placed as placed_rejection
from newsread.annotations.rejections import same_rejection
from newsread.model import Annotation, Article
from storage.errors import CorruptFileError
from storage.library import Library
from storage.reanchor import matches_text, move_annotations, well_formed

#: Fewest of the new stories whose text an old article must hold to be them glued.
GLUED_STORIES = 2


@dataclass
class Glued:
    """An article that held several of an input's stories, read before they
    were saved, and its annotations, set aside from it."""

    id: str
    title: str
    body: str
    annotations: list[Annotation]
    #: it has the id of one of the stories: the story's save replaces it
    replaced: bool = False
    #: its rejected suggestions, set aside from it as its annotations are
    rejected: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Unglued:
    """What moving glued articles' annotations onto their stories did."""

    #: annotations placed on a story
    moved: int = 0
    #: annotations kept as orphans on the story that took the glued one's id
    orphaned: int = 0
    #: rejected suggestions placed on a story
    rejections_moved: int = 0
    #: rejected suggestions no story holds the words of, the glued article gone
    rejections_dropped: int = 0
    #: ids of glued articles removed, their annotations all placed
    removed: list[str] = field(default_factory=list)
    #: (origin, what) of each glued article, for the summary
    notes: list[tuple[str, str]] = field(default_factory=list)


def find_glued(library: Library, stories: Sequence[Article], origin: str = "") -> list[Glued]:
    """The library's articles from the input ``stories`` came from (the file
    ``origin`` or the stories' address) whose text holds two of them or more.

    Called in the import's transaction before the stories are saved; the
    annotations and rejected suggestions of each found are taken off it
    (saved empty), so that a story saved under its id does not carry them
    onto its own text: they are placed by :func:`place_glued` once the
    stories are saved.
    """
    if len(stories) < GLUED_STORIES:
        return []
    places = {origin} | {story.url_or_path for story in stories}
    places.discard("")
    openings = [_opening(story.body) for story in stories]
    ids = {story.id for story in stories}
    found: list[Glued] = []
    for meta in library.article_metas():
        if str(meta.get("url_or_path") or "") not in places:
            continue
        try:
            body = library.checked_body(meta["id"], meta)
        except CorruptFileError:
            continue
        if meta["id"] not in ids and any(body == story.body for story in stories):
            continue
        if sum(1 for opening in openings if opening and opening in _flat(body)) < GLUED_STORIES:
            continue
        annotations = library.annotations(meta["id"])
        rejected = library.rejected(meta["id"])
        found.append(
            Glued(meta["id"], meta["title"], body, annotations, meta["id"] in ids, rejected)
        )
        if annotations:
            library.save_annotations(meta["id"], [])
        if rejected:
            library.replace_rejected(meta["id"], [])
    return found


def place_glued(
    library: Library, glued: Iterable[Glued], stories: Sequence[Article], origin: str
) -> Unglued:
    """Place each glued article's annotations on the stories (saved, in the same
    transaction); remove the glued article when they all found one, else keep
    it with those that did not (see the module's docstring)."""
    done = Unglued()
    for old in glued:
        onto: dict[str, list[Annotation]] = {}
        left: list[Annotation] = []
        for annotation in old.annotations:
            placed = _place(annotation, old.body, stories)
            if placed is None:
                left.append(annotation)
            else:
                onto.setdefault(placed.article_id, []).append(placed)
        turned_down, unplaced = _place_rejections(old, stories)
        for story in stories:
            if turned_down.get(story.id):
                _add_rejections(library, story.id, turned_down[story.id])
            extra = onto.get(story.id, [])
            if story.id == old.id and left:
                extra += [replace(a, orphan=True) for a in left]
                done.orphaned += len(left)
            if extra:
                library.save_annotations(story.id, library.annotations(story.id) + extra)
                move_annotations(library, story, None)
        moved = sum(len(v) for v in onto.values())
        done.moved += moved
        carried = sum(len(v) for v in turned_down.values())
        done.rejections_moved += carried
        stays = not old.replaced and bool(left)
        if stays:
            if unplaced:
                library.replace_rejected(old.id, unplaced)
        else:
            done.rejections_dropped += len(unplaced)
        also = _rejections_said(carried, 0 if stays else len(unplaced))
        count = f"{len(stories)} stories"
        if old.replaced:
            if old.annotations or old.rejected:
                what = f"{_count(moved)} moved onto its {count}"
                if left:
                    what += f", {_count(len(left))} kept as orphans on '{_first(stories, old)}'"
                done.notes.append(
                    (origin, f"'{old.title}' held {count} glued together: {what}{also}")
                )
        elif left:
            library.save_annotations(old.id, left)
            done.notes.append(
                (
                    origin,
                    f"'{old.title}' ({old.id}) held {count} glued together: "
                    f"{_count(moved)} moved onto them; kept for {_count(len(left))} on words "
                    f"none of them holds (move them, then `newsread remove {old.id}`){also}",
                )
            )
        else:
            library.delete_articles([old.id])
            done.removed.append(old.id)
            done.notes.append(
                (
                    origin,
                    f"'{old.title}' held {count} glued together: removed, "
                    f"{_count(moved)} moved onto them{also}",
                )
            )
    return done


def _place(annotation: Annotation, old_body: str, stories: Sequence[Article]) -> Annotation | None:
    """The annotation on the story that holds its words, at its offsets there;
    the story whose stretch of the old text it lay in is asked first."""
    selector = Selector(
        annotation.quote, annotation.prefix, annotation.suffix, annotation.start, annotation.end
    )
    found = _find(selector, old_body, stories)
    if found is None:
        return None
    story, start, end = found
    return replace(annotation, article_id=story.id, start=start, end=end, orphan=False)


def _find(
    selector: Selector, old_body: str, stories: Sequence[Article]
) -> tuple[Article, int, int] | None:
    """The story holding ``selector``'s words (at offsets into the glued
    ``old_body``) and where they are in it; the story whose stretch of the
    old text they lay in is asked first."""
    shifts: list[tuple[int, Article]] = []
    for story in stories:
        at = _flat_find(old_body, _opening(story.body))
        shifts.append((at if at >= 0 else 0, story))
    inside = [
        (shift, story)
        for shift, story in shifts
        if shift <= selector.start < shift + len(story.body) + len(story.body) // 4
    ]
    for shift, story in [*inside, *(s for s in shifts if s not in inside)]:
        moved = replace(
            selector, start=max(0, selector.start - shift), end=max(0, selector.end - shift)
        )
        [anchor] = reanchor_all([moved], story.body)
        if anchor is not None and anchor.method != "fuzzy":
            return story, anchor.start, anchor.end
    return None


def _place_rejections(
    old: Glued, stories: Sequence[Article]
) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """The glued article's rejections by the story that holds their words,
    each placed there; and those no story holds. A rejection stores no
    context: the glued text it was made on gives it. One of a shape it
    cannot be placed by is not ours to judge: it stays with what is left."""
    onto: dict[str, list[dict[str, Any]]] = {}
    left: list[dict[str, Any]] = []
    for record in old.rejected:
        if not well_formed(record):
            left.append(record)
            continue
        start, end = record["start"], record["end"]
        if matches_text(record, old.body):
            selector = make_selector(old.body, start, end)
        else:
            selector = Selector(record["text"], "", "", start, end)
        found = _find(selector, old.body, stories)
        if found is None:
            left.append(record)
            continue
        story, at, until = found
        onto.setdefault(story.id, []).append(placed_rejection(record, story.body, at, until))
    return onto, left


def _add_rejections(library: Library, article_id: str, records: list[dict[str, Any]]) -> None:
    """``records`` added to the article's rejections, one of a suggestion it
    has rejected already (made again from the story's own analysis) once."""
    kept = library.rejected(article_id)
    before = len(kept)
    for record in records:
        if not any(same_rejection(record, k) for k in kept):
            kept.append(record)
    if len(kept) > before:
        library.replace_rejected(article_id, kept)


def _opening(body: str) -> str:
    """A story's first paragraph, its spaces made single."""
    first = next((p for p in body.split("\n\n") if p.strip()), "")
    return " ".join(first.split())


def _flat(text: str) -> str:
    return " ".join(text.split())


def _flat_find(body: str, opening: str) -> int:
    """Where ``opening`` (spaces made single) starts in ``body``; -1 if nowhere."""
    if not opening:
        return -1
    words = opening.split()
    at = body.find(words[0])
    while at >= 0:
        if _flat(body[at : at + len(opening) * 2]).startswith(opening):
            return at
        at = body.find(words[0], at + 1)
    return -1


def _first(stories: Sequence[Article], old: Glued) -> str:
    return next((story.title for story in stories if story.id == old.id), old.title)


def _rejections_said(moved: int, dropped: int) -> str:
    """The note's words on the glued article's rejected suggestions, if it had any."""
    said = []
    if moved:
        said.append(f"{moved} rejected suggestion{'' if moved == 1 else 's'} moved with them")
    if dropped:
        said.append(
            f"{dropped} rejected suggestion{'' if dropped == 1 else 's'} dropped, "
            "on words none of them holds"
        )
    return "".join(f"; {part}" for part in said)


def _count(n: int) -> str:
    return f"{n} annotation" + ("" if n == 1 else "s")
