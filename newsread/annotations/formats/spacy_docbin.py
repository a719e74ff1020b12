"""``--format spacy``: a spaCy ``DocBin`` (a ``.spacy`` file) for training.

One ``Doc`` per article with annotations or rejected suggestions, tokenised by
``spacy.blank("en")`` (so any English pipeline can train on it). Annotations
become spans that grow to whole tokens (``alignment_mode="expand"``), one per
tag, labelled with the tag:

- ``doc.spans["newsread"]``: every annotation placed on the text; the group's
  ``attrs["newsread"]`` lists, span by span, the annotation's ``id``,
  ``annotator`` and ``note``;
- ``doc.ents``: the accepted entity suggestions (labelled with the entity
  label) that do not overlap a longer one; other tokens are left unset
  (missing), not "outside", since nobody said they are not entities;
- ``doc.spans["newsread_roles"]``: the speaker, cue and content of every
  accepted or corrected claim (labelled ``speaker``, ``cue``, ``content``), as
  the user left them, ``attrs["newsread"]`` giving, span by span, the ``id``
  of the claim's annotation: what an attribution model trains on. A quote
  split by its attribution has one ``content`` span per part said
  (``content_parts``), the attribution left out. A claim the user marked as
  none (tag ``not-a-claim``) has no roles here;
- ``doc.spans["newsread_rejected"]``: the negatives: the rejected suggestions,
  labelled with their label, ``attrs["newsread"]`` giving each one's ``kind``;
  then the claims the user marked as none (the reader's ``K``), labelled with
  the claim kind the model gave (``claim`` when the correction does not keep
  it), ``attrs["newsread"]`` giving ``kind`` ``"claim"`` and the ``id`` of
  the correction's annotation (which is in ``doc.spans["newsread"]`` too,
  under its tag ``not-a-claim``).

``doc.user_data["newsread_article"]`` holds the article reference. spaCy is
imported only here: ``newsread export`` in another format never loads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsread.annotations.formats import bodies, placed_by_article, rejected_by_article
from newsread.annotations.negatives import NOT_A_CLAIM, wrong_claim_kind
from newsread.annotations.tagnames import same_tag

SPANS_KEY = "newsread"
REJECTED_KEY = "newsread_rejected"
ROLES_KEY = "newsread_roles"
#: A claim's parts in an accepted or corrected claim's ``data``
#: (newsread.analysis.corrections names them; the formats import nothing of
#: the analysis).
ROLES = ("speaker", "cue", "content")
#: The words said of a content split by its attribution, without it.
CONTENT_PARTS = "content_parts"
#: The label of a not-a-claim whose correction does not keep the model's kind.
CLAIM_LABEL = "claim"
ARTICLE_KEY = "newsread_article"
#: A span grown to whole tokens by more than this many characters is counted
#: and said: text the English tokenizer does not split (Chinese, Japanese,
#: Thai) makes a three-character tag a whole sentence's span.
GROWN_CHARS = 10


@dataclass(frozen=True)
class DocBinExport:
    data: bytes
    #: spans grown to whole tokens by more than GROWN_CHARS characters
    grown: int = 0


def grown_note(grown: int) -> str:
    """The summary line's words for ``grown`` spans (none: empty)."""
    if not grown:
        return ""
    spans = "1 span" if grown == 1 else f"{grown} spans"
    return (
        f"{spans} grown to whole tokens by more than {GROWN_CHARS} characters "
        "(text the English tokenizer does not split, such as Chinese or Japanese)"
    )


def _entity_label(record: Mapping[str, Any]) -> str | None:
    suggestion = record["data"].get("suggestion") if record["data"] else None
    if isinstance(suggestion, dict) and suggestion.get("kind") == "entity":
        label = suggestion.get("label")
        return label if isinstance(label, str) and label else None
    return None


def _wrong_claim_label(record: Mapping[str, Any]) -> str:
    """The claim kind the model gave a claim the user marked as none (kept in
    the correction's ``was``)."""
    return wrong_claim_kind(record["data"]) or CLAIM_LABEL


def _role_span(stored: Any, start: int, end: int, body: str) -> tuple[int, int] | None:
    """Where a claim's stored part is in the text: at its offsets when they
    still hold its text, else its text inside the claim's ``start``-``end`` (a
    re-import re-anchors the annotation, not the offsets in its data)."""
    text = stored.get("text") if isinstance(stored, dict) else None
    if not isinstance(text, str) or not text:
        return None
    at, to = stored.get("start"), stored.get("end")
    if isinstance(at, int) and isinstance(to, int) and at >= 0 and body[at:to] == text:
        return at, to
    found = body.find(text, start, end)
    return (found, found + len(text)) if found >= 0 else None


def _role_spans(record: Mapping[str, Any], body: str) -> list[tuple[str, tuple[int, int]]]:
    """Each role of a claim with where it is, in ``ROLES`` order. A quote split
    by its attribution (``"A," she said. "B."``) gives one ``content`` span per
    part said: its ``content`` runs from the first word said to the last, the
    attribution between included, which would teach a model that "she said"
    is said. When no part can be found again the ``content`` stands in."""
    data = record["data"]
    start, end = record["start"], record["end"]
    found: list[tuple[str, tuple[int, int]]] = []
    for role in ROLES:
        parts = data.get(CONTENT_PARTS) if role == "content" else None
        if isinstance(parts, list) and parts:
            placed = [_role_span(part, start, end, body) for part in parts]
            kept = [(role, at) for at in placed if at is not None]
            if kept:
                found.extend(kept)
                continue
        at = _role_span(data.get(role), start, end, body)
        if at is not None:
            found.append((role, at))
    return found


def docbin_bytes(document: Mapping[str, Any]) -> bytes:
    return docbin_export(document).data


def docbin_export(document: Mapping[str, Any]) -> DocBinExport:
    """The DocBin of ``document``, with the count of spans grown far past
    what was annotated."""
    from newsread.spacy_import import import_spacy

    spacy = import_spacy()
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    nlp = spacy.blank("en")
    grown = 0

    def span_of(doc: Any, start: int, end: int, label: str) -> Any:
        nonlocal grown
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None and (span.end_char - span.start_char) - (end - start) > GROWN_CHARS:
            grown += 1
        return span

    placed = placed_by_article(document)
    turned_down = rejected_by_article(document)
    texts = bodies(document)
    # max_length guards the parser and NER (about 1 GB per 100,000 characters);
    # make_doc only tokenises, so an article of any length is safe to export
    # whole, and cutting it would drop the annotations past the cut.
    nlp.max_length = max([nlp.max_length, *(len(a["body"]) + 1 for a in texts.values())])
    docbin = DocBin(store_user_data=True)
    for article_id, article in texts.items():
        doc = nlp.make_doc(article["body"])
        doc.user_data[ARTICLE_KEY] = {k: v for k, v in article.items() if k != "body"}
        spans, about, entities, roles, role_of = [], [], [], [], []
        wrong, wrong_of = [], []
        for record in placed.get(article_id, []):
            for tag in record["tags"]:
                span = span_of(doc, record["start"], record["end"], tag)
                if span is not None:
                    spans.append(span)
                    about.append(
                        {
                            "id": record["id"],
                            "annotator": record["annotator"],
                            "note": record["note"],
                        }
                    )
            label = _entity_label(record)
            if label is not None:
                span = span_of(doc, record["start"], record["end"], label)
                if span is not None:
                    entities.append(span)
            # However the library spells the tag (the reader's K takes its spelling).
            if any(same_tag(t, NOT_A_CLAIM) for t in record["tags"]):
                span = span_of(doc, record["start"], record["end"], _wrong_claim_label(record))
                if span is not None:
                    wrong.append(span)
                    wrong_of.append({"kind": "claim", "id": record["id"]})
                continue
            if not isinstance(record["data"], dict):
                continue
            for role, found in _role_spans(record, article["body"]):
                span = span_of(doc, *found, role)
                if span is not None:
                    roles.append(span)
                    role_of.append({"id": record["id"]})
        doc.spans[SPANS_KEY] = spans
        doc.spans[SPANS_KEY].attrs[SPANS_KEY] = about
        rejected, kinds = [], []
        for record in turned_down.get(article_id, []):
            span = span_of(doc, record["start"], record["end"], record["label"])
            if span is not None:
                rejected.append(span)
                kinds.append({"kind": record["kind"]})
        doc.spans[ROLES_KEY] = roles
        doc.spans[ROLES_KEY].attrs[SPANS_KEY] = role_of
        # The user's "no claim" is a rejection of the model's claim, as a
        # turned-down suggestion is: one group of negatives to train on.
        doc.spans[REJECTED_KEY] = rejected + wrong
        doc.spans[REJECTED_KEY].attrs[SPANS_KEY] = kinds + wrong_of
        # filter_spans keeps the longest of overlapping spans, then the first.
        doc.set_ents(filter_spans(entities), default="unmodified")
        docbin.add(doc)
    return DocBinExport(docbin.to_bytes(), grown)
