"""The spans a correction (or an accepted claim) holds in its data move with it
on a re-import, an undo after one and an import of annotations: placed on their
own words by the annotation's own mechanism, or the annotation is an orphan.
Never left at offsets that now hold other words."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsread.analysis import Analysis, Claim
from newsread.analysis.corrections import NOT_A_CLAIM, apply_corrections
from newsread.annotations.held_spans import held_spans, place_held_spans, stale_spans
from newsread.model import Annotation, new_annotation
from storage.history import History
from storage.imports import import_paths
from storage.library import Library

HEAD = "Port fees to rise\n\n"
QUOTE = (
    "\u201cFuel costs have doubled since 2024 across the fleet,\u201d said Priya Halvorsen, "
    "the board's finance chief."
)
STORY = HEAD + "The board met on Monday.\n\n" + QUOTE + "\n\nShe said the fees would follow.\n"
# A paragraph added above, and a word changed inside the content.
EDITED = (
    HEAD
    + "A new paragraph stands at the top now, and it says a good deal.\n\n"
    + "The board met on Monday.\n\n"
    + QUOTE.replace("doubled", "tripled")
    + "\n\nShe said the fees would follow.\n"
)


def _span(body: str, text: str, after: int = 0) -> dict:
    at = body.index(text, after)
    return {"start": at, "end": at + len(text), "text": text}


def _imported(tmp_path: Path) -> tuple[Library, Path, str]:
    source = tmp_path / "fees.txt"
    source.write_text(STORY)
    library = Library(tmp_path / "lib")
    _, [article] = import_paths(library, [str(source)])
    return library, source, article.id


def _claim_fix(
    library: Library,
    article_id: str,
    content: str = "Fuel costs have doubled since 2024 across the fleet",
) -> Annotation:
    article = library.get_article(article_id)
    body = article.body
    start = body.index(QUOTE)
    data = {
        "suggestion": {"kind": "claim", "label": "attributed", "score": 1.0},
        "speaker": _span(body, "Priya Halvorsen"),
        "cue": _span(body, "said", start),
        "content": _span(body, content),
        "correction": {
            "kind": "claim",
            "fields": ["content"],
            "was": {"content": _span(body, "Fuel costs")},
        },
    }
    ann = new_annotation(article, start, start + len(QUOTE), ["attributed"], data=data)
    library.save_annotation(ann)
    return ann


def _all_on_their_words(ann: Annotation, body: str) -> bool:
    return not ann.orphan and stale_spans(ann.data, body) == []


def test_a_claim_corrections_roles_follow_a_moved_and_changed_text(tmp_path):
    library, source, article_id = _imported(tmp_path)
    _claim_fix(library, article_id)
    source.write_text(EDITED)
    summary, _ = import_paths(library, [str(source)])
    assert summary.requoted == 1 and summary.orphaned == 0
    body = library.get_article(article_id).body
    [stored] = library.annotations(article_id)
    assert _all_on_their_words(stored, body)
    # The content was found fuzzily: it holds the new words, not the old offsets.
    assert stored.data["content"]["text"] == "Fuel costs have tripled since 2024 across the fleet"
    assert stored.data["speaker"]["text"] == "Priya Halvorsen"
    assert stored.data["correction"]["was"]["content"]["text"] == "Fuel costs"
    # Applied over an analysis, the correction gives the claim its content.
    claim = Claim(stored.start, stored.end, "attributed", 0.9)
    shown = apply_corrections(Analysis("p", "1", [], [], [claim]), [stored], body).claims[0]
    assert shown.content is not None and shown.content.text.startswith("Fuel costs have tripled")


def test_a_role_whose_words_are_gone_makes_the_correction_an_orphan(tmp_path):
    library, source, article_id = _imported(tmp_path)
    # A short content: one changed word is too much of it to be found again.
    _claim_fix(library, article_id, content="Fuel costs have doubled")
    source.write_text(EDITED)
    summary, _ = import_paths(library, [str(source)])
    assert summary.orphaned == 1
    [stored] = library.annotations(article_id)
    assert stored.orphan
    # Kept as it was, on the text it was made on, to be re-attached.
    assert stored.quote == QUOTE
    assert stored.data["content"]["text"] == "Fuel costs have doubled"


def test_a_role_is_never_placed_on_the_same_words_outside_its_claim(tmp_path):
    library, source, article_id = _imported(tmp_path)
    _claim_fix(library, article_id)
    # "said" in the claim became "says"; another paragraph still has "said".
    source.write_text(EDITED.replace("\u201d said Priya", "\u201d says Priya"))
    summary, _ = import_paths(library, [str(source)])
    assert summary.orphaned == 1
    assert library.annotations(article_id)[0].orphan


def test_a_not_a_claim_and_entity_corrections_move_with_their_words(tmp_path):
    library, source, article_id = _imported(tmp_path)
    article = library.get_article(article_id)
    body = article.body
    start = body.index(QUOTE)
    wrong = new_annotation(
        article,
        start,
        start + len(QUOTE),
        [NOT_A_CLAIM],
        data={
            "correction": {
                "kind": "claim",
                "wrong": True,
                "was": {
                    "start": start,
                    "end": start + len(QUOTE),
                    "kind": "attributed",
                    "score": 0.8,
                    "speaker": _span(body, "Priya Halvorsen"),
                    "cue": _span(body, "said", start),
                    "content": _span(body, "Fuel costs have doubled since 2024 across the fleet"),
                },
            }
        },
    )
    name = _span(body, "Priya Halvorsen")
    entity = new_annotation(
        article,
        name["start"],
        name["end"],
        ["PERSON"],
        data={
            "suggestion": {"kind": "entity", "label": "PERSON"},
            "correction": {
                "kind": "entity",
                "label": "PERSON",
                "was": None,
                "same_as": "Halvorsen",
                "replaces": [{**_span(body, "Halvorsen"), "label": "ORG"}],
            },
        },
    )
    library.save_annotations(article_id, [wrong, entity])
    source.write_text(EDITED)
    summary, _ = import_paths(library, [str(source)])
    assert summary.orphaned == 0
    new_body = library.get_article(article_id).body
    moved = {a.tags[0]: a for a in library.annotations(article_id)}
    for ann in moved.values():
        assert _all_on_their_words(ann, new_body)
        assert len(list(held_spans(ann.data))) == len(
            list(held_spans((wrong if ann.tags == [NOT_A_CLAIM] else entity).data))
        )
    was = moved[NOT_A_CLAIM].data["correction"]["was"]
    # The model's claim, without words of its own, is its annotation's span.
    assert (was["start"], was["end"]) == (moved[NOT_A_CLAIM].start, moved[NOT_A_CLAIM].end)
    replaced = moved["PERSON"].data["correction"]["replaces"][0]
    assert new_body[replaced["start"] : replaced["end"]] == "Halvorsen"


def test_undo_after_a_re_import_places_the_roles_on_the_new_text(tmp_path):
    library, source, article_id = _imported(tmp_path)
    history = History(library)
    article = library.get_article(article_id)
    from storage.edits import apply_edits

    start = article.body.index(QUOTE)
    data = {
        "suggestion": {"kind": "claim", "label": "attributed", "score": 1.0},
        "speaker": _span(article.body, "Priya Halvorsen"),
        "cue": _span(article.body, "said", start),
    }
    first = new_annotation(article, start, start + len(QUOTE), ["attributed"], data=data)
    apply_edits(library, history, article_id, "accepted", [(None, first)])
    changed = replace(first, data={**data, "content": _span(article.body, "Fuel costs")})
    apply_edits(library, history, article_id, "content", [(first, changed)])
    source.write_text(EDITED)
    import_paths(library, [str(source)])
    history.undo()
    body = library.get_article(article_id).body
    [stored] = library.annotations(article_id)
    assert "content" not in stored.data
    assert _all_on_their_words(stored, body)
    history.redo()
    [stored] = library.annotations(article_id)
    assert stored.data["content"]["text"] == "Fuel costs"
    assert _all_on_their_words(stored, body)
    history.close()


def test_place_held_spans_leaves_data_without_spans_alone():
    data = {"suggestion": {"kind": "entity", "label": "ORG"}, "requoted_from": "x"}
    assert place_held_spans(data, (0, 3), (10, 13), "y" * 20) is data


def _doctor(capsys, library: Library, *more: str) -> tuple[int, list[str]]:
    from tui.cli import main

    code = main(["--library", str(library.root), "doctor", *more])
    return code, capsys.readouterr().out.splitlines()


def test_doctor_names_a_held_span_off_its_words_and_restore_places_it(tmp_path, capsys):
    library, _source, article_id = _imported(tmp_path)
    ann = _claim_fix(library, article_id)
    body = library.get_article(article_id).body
    # As a re-import before this fix left them: the content at offsets that
    # hold other words, the cue at words changed since (the claim orphaned).
    content = ann.data["content"]
    wrong = {**content, "start": content["start"] - 9, "end": content["end"] - 9}
    second = replace(
        ann,
        id="second000001",
        data={**ann.data, "cue": {**ann.data["cue"], "text": "told"}},
    )
    library.save_annotations(
        article_id, [replace(ann, data={**ann.data, "content": wrong}), second]
    )
    shard = library.root / "annotations" / f"{article_id}.json"
    code, lines = _doctor(capsys, library)
    assert code == 1
    found = [line for line in lines if "does not match the text at" in line]
    assert len(found) == 2, lines
    assert any(f"annotation {ann.id}: its content 'Fuel costs" in line for line in found)
    assert any("its cue 'told'" in line for line in found)
    assert all(line.startswith(f"{shard}: ") for line in found)
    # No backup is needed for these: the closing line does not say one is.
    assert lines[-1] == (
        "2 problems found; newsread doctor --restore repairs what it can: "
        "a damaged file from its backup, the rest in place"
    )

    code, lines = _doctor(capsys, library, "--restore")
    assert code == 0, lines
    said = "\n".join(lines)
    assert "placed the spans of 1 on their words again" in said
    assert "made 1 whose words are gone orphans" in said
    stored = {a.id: a for a in Library(library.root).annotations(article_id)}
    assert _all_on_their_words(stored[ann.id], body)
    assert stored[ann.id].data["content"] == content
    assert stored["second000001"].orphan
    code, lines = _doctor(capsys, library)
    assert not [line for line in lines if "does not match" in line], lines
