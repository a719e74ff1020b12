"""Counts and quotes in words, shared by the command line and the screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsread.analysis import Claim
    from newsread.model import Annotation


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 article``, ``2 articles``; ``many`` for irregular plurals (copy, copies)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def short(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def differing_excerpt(text: str, other: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters around where it first
    differs from ``other``, with an ellipsis on each side cut: the words first
    tagged and the words now differ somewhere, and a cut from the end alone
    can hide just that ("9 million" become "9.5 million" late in a sentence)."""
    text, other = " ".join(text.split()), " ".join(other.split())
    if len(text) <= limit:
        return text
    same = 0
    while same < min(len(text), len(other)) and text[same] == other[same]:
        same += 1
    tail = 0
    while (
        tail < min(len(text), len(other)) - same
        and text[len(text) - 1 - tail] == other[len(other) - 1 - tail]
    ):
        tail += 1
    # The differing part is text[same:len(text) - tail]; centre the excerpt on
    # it, or begin at it when it is longer than the room.
    changed = max(1, len(text) - tail - same)
    room = limit - 2  # an ellipsis each side, at most
    begin = max(0, min(same - max(0, room - changed) // 2, len(text) - room))
    # Start on a word when the excerpt can, so the first word reads whole.
    space = text.find(" ", begin - 1, same) if begin > 0 else -1
    if space != -1:
        begin = space + 1
    end = min(len(text), begin + room)
    cut = text[begin:end].strip()
    return ("…" if begin > 0 else "") + cut + ("…" if end < len(text) else "")


def annotations_held(total: int, theirs: list[str]) -> str:
    """``total`` annotations and whose they are when any are not the user's
    (``theirs``: the annotator of each of those): "1 annotation, ada's", "3
    annotations, 2 of them teammates' (ada, kwame)". Said before an action that
    takes them off the text, as x says whose annotation it deletes."""
    said = plural(total, "annotation")
    if not theirs:
        return said
    names = sorted({name or "unknown" for name in theirs})
    if total == 1:
        return f"{said}, {names[0]}'s"
    if len(theirs) == total:
        every = "both" if total == 2 else "all"
        if len(names) == 1:
            return f"{said}, {every} {names[0]}'s"
        return f"{said}, {every} teammates' ({', '.join(names)})"
    whose = "a teammate's" if len(theirs) == 1 else "teammates'"
    return f"{said}, {len(theirs)} of them {whose} ({', '.join(names)})"


def orphans_line(n: int) -> str:
    """What an import or refresh says of the annotations it could not place
    again, and where to find them: they are kept, not lost."""
    kept = "kept as an orphan" if n == 1 else "kept as orphans"
    return (
        f"  {plural(n, 'annotation')} could not be placed in the new text ({kept}: "
        "newsread search is:orphan lists the articles; o in the reader re-attaches)"
    )


def rejections_dropped_line(n: int) -> str:
    """What an import or refresh says of the rejected suggestions it dropped:
    their words are gone from the new text, so they reject nothing there."""
    its = "its words are" if n == 1 else "their words are"
    return f"  {plural(n, 'rejected suggestion')} dropped: {its} not in the new text"


def requoted_line(n: int) -> str:
    """What an import or refresh says of the annotations it placed on changed
    words: a tag on "12 million" that now sits on "14 million" must be seen."""
    it = "it sits" if n == 1 else "they sit"
    return (
        f"  {plural(n, 'annotation')} placed on changed words ({it} on similar text; the "
        "reader's panel shows the words first tagged, and export keeps them as requoted_from)"
    )


def reanchor_lines(orphans: int, rejections_dropped: int, requoted: int = 0) -> list[str]:
    """The lines an import or refresh prints of what it could not move onto a
    changed text as it was: orphaned annotations, those placed on changed
    words, then dropped rejected suggestions."""
    lines = [orphans_line(orphans)] if orphans else []
    if requoted:
        lines.append(requoted_line(requoted))
    if rejections_dropped:
        lines.append(rejections_dropped_line(rejections_dropped))
    return lines


def step_taken(verb: str, label: str, changes: int, skipped: int) -> str:
    """What u or ctrl+r says of the journal step it took (``verb``: undid,
    redid): the step is gone from the journal either way, but changes on an
    article removed since could not be put back, and saying only "undid" would
    promise an annotation that is not there."""
    said = f"{verb}: {label}"
    if not skipped:
        return said
    if skipped >= changes:
        undo = "undo" if verb == "undid" else "redo"
        return f"nothing to {undo} in “{label}”: its article was removed since (the step is passed)"
    return f"{said} · {skipped} of its {changes} changes left out: their articles were removed"


def all_answered(name: str, answers: list[str]) -> str:
    """``A`` on an entity none of whose mentions is open: how they were
    answered, accepts told from corrections (which the model never suggested)."""
    accepted, corrected = answers.count("accepted"), answers.count("corrected")
    if not corrected:
        return f"every mention of {name} is already accepted"
    if not accepted:
        return f"every mention of {name} is already corrected"
    return (
        f"every mention of {name} is already answered: {accepted} accepted, {corrected} corrected"
    )


def claim_named(speaker: str | None, cue: str | None, content: str | None) -> str:
    """A claim told from another in its sentence (both cued "said"): its
    speaker, cue and the start of its content, ``the mayor said “the tunnel…”``."""
    words = " ".join(_cut(w, 24) for w in (speaker, cue) if w)
    if content:
        said = f"“{_cut(content, 24)}”"
        words = f"{words}{':' if speaker and not cue else ''} {said}" if words else said
    return words or "no speaker, cue or content"


def claim_words(claim: Claim) -> str:
    """``claim_named`` of a claim's own speaker, cue and content."""
    roles = (claim.speaker, claim.cue)
    return claim_named(*(None if r is None else r.text for r in roles), claim.content_words())


def told_apart(names: list[str]) -> list[str]:
    """``names`` with a number added to each that another one repeats: two
    claims alike to their first words are still two rows."""
    return [f"{n} #{i + 1}" if names.count(n) > 1 else n for i, n in enumerate(names)]


def _cut(text: str, limit: int) -> str:
    # The ellipsis right after the last kept letter: "cost 5…", not "cost 5 …".
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


#: where a change the screen did not make came from: the app cannot tell
#: another window of itself from ``newsread tag`` on the command line
ELSEWHERE = "elsewhere (another window or the command line)"


def delete_words(ann: Annotation, again: str = "x") -> tuple[str, Annotation | None]:
    """What x on ``ann`` says, and what it leaves of it (None: nothing). Of a
    correction holding the user's tags too (an old library's) it deletes the
    tags and keeps the correction, saying so; ``again``: the key that then
    deletes the correction."""
    from newsread.analysis.corrections import correction_of, left_by_delete, stacked_tags

    quote = short(ann.quote, 40)
    left = left_by_delete(ann)
    if left is not None:
        kept = ", ".join(left.tags)
        gone = ", ".join(stacked_tags(ann))
        return (
            f"deleted [{gone}] “{quote}”, kept the correction [{kept}] ({again} again deletes it)",
            left,
        )
    names = ", ".join(ann.tags) or "note"
    what = "the correction " if correction_of(ann) is not None else ""
    return f"deleted {what}[{names}] “{quote}”", None
