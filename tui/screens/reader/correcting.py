"""The reader's correction keys: the user overrules the analysis.

``E`` on an entity (or a selection) gives it another label, or says it is the
same entity as another one the article names; ``K`` on a claim makes the
selection its speaker, cue or content, removes one of those, or says it is no
claim. Each correction is an annotation saved through ``commit`` (one undo
step); how it is stored and applied is in ``newsread.analysis.corrections``.
"""

from __future__ import annotations

from textual.binding import Binding

from newsread.analysis import Claim, Entity, Span
from newsread.analysis import corrections as fix
from newsread.analysis.entities.groups import EntityGroup
from newsread.annotations.textspans import without_spaces
from tui.models import correction_edits as edits
from tui.models.reader import Change
from tui.screens.dialogs import Chooser
from tui.screens.reader.base import ReaderBase
from tui.wording import claim_words, plural, short, told_apart

#: Spliced into ReaderScreen.BINDINGS, where the keymap and the help screen
#: look for binding ids.
CORRECTING_BINDINGS = [
    Binding(
        "E",
        "correct_entity",
        "Correct entity: label, same as another",
        show=False,
        id="reader.correct_entity",
    ),
    Binding(
        "K",
        "correct_claim",
        "Correct claim: speaker, cue, content, not a claim",
        show=False,
        id="reader.correct_claim",
    ),
]

_SAME_AS = "same-as"
# Figures and dates are never the same entity as a name.
#: The most of an entity's name a dialog's heading quotes (it wraps; 90 columns wide).
HEADING_NAME = 200
_NOT_NAMES = frozenset(("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"))
_NOT_A_CLAIM = "not-a-claim"
_WHO = "who"


class CorrectingMixin(ReaderBase):
    # -- entities ---------------------------------------------------------------------------

    def _entity_target(self) -> tuple[list[Entity], Entity | None] | None:
        """(the mentions to correct, the entity they are) for ``E``: a selection
        is one new span (None: the model had nothing exactly there); an entity at
        the cursor brings every mention with its text and label."""
        selection = self.view.selection
        found = self.model.suggestion_at_cursor()
        if selection is not None:
            start, end = without_spaces(self.model.body, selection)
            if start >= end:
                return None
            exact = next(
                (e for e in self.model.visible_entities() if (e.start, e.end) == (start, end)),
                None,
            )
            if exact is None:
                return [Entity(start, end, "", self.model.quote((start, end)))], None
            found = ("entity", exact)
        if found is None or not isinstance(found[1], Entity):
            return None
        entity = found[1]
        name = self.model.quote((entity.start, entity.end))
        mentions = [
            e
            for e in self.model.visible_entities()
            if e.label == entity.label and self.model.quote((e.start, e.end)) == name
        ]
        return mentions or [entity], entity

    def action_correct_entity(self) -> None:
        target = self._entity_target()
        if target is None:
            jump, select = self.key("reader.next_mark", "]"), self.key("reader.select", "v")
            self.say(
                f"put the cursor on an entity ({jump} jumps) or select the words ({select}) "
                "to label"
            )
            return
        mentions, entity = target
        name = mentions[0].text if entity is None else self.model.quote((entity.start, entity.end))
        current = entity.label if entity is not None else ""
        items = [
            (label, f"{label}{' (now)' if label == current else ''} · {what}")
            for label, what in fix.ENTITY_LABELS.items()
        ]
        items.append((_SAME_AS, "same entity as…"))

        def chosen(choice: str | None) -> None:
            if choice == _SAME_AS:
                self._choose_same_as(mentions, entity, name)
            elif choice:
                self._relabel(mentions, entity, name, choice)

        # A whole sentence, wrapped in the dialog's 90 columns: "“…” is a…"
        # read as a heading cut short, and a name was cut at 50 characters.
        heading = (
            f"The label of “{short(name, HEADING_NAME)}” (every mention of it with this label):"
        )
        self.ask(Chooser(heading, items, highlight=current or None), chosen)

    def _choose_same_as(self, mentions: list[Entity], entity: Entity | None, name: str) -> None:
        others = _other_entities(self.model.entity_groups(), mentions, name)
        if not others:
            self.say("the article names no other entity")
            return
        wanted = entity.label if entity is not None else ""
        others.sort(key=lambda o: (o[1] != wanted, -o[2], o[0]))
        labels = {f"same:{i}": (text, label) for i, (text, label, _) in enumerate(others)}
        items = [
            (ident, f"{text} · {label}, {plural(count, 'mention')}")
            for ident, (text, label, count) in zip(labels, others, strict=True)
        ]

        def chosen(choice: str | None) -> None:
            if choice in labels:
                canonical, label = labels[choice]
                self._relabel(mentions, entity, name, label, same_as=canonical)

        heading = f"The entity “{short(name, HEADING_NAME)}” is the same as:"
        self.ask(Chooser(heading, items), chosen)

    def _relabel(
        self,
        mentions: list[Entity],
        entity: Entity | None,
        name: str,
        label: str,
        same_as: str | None = None,
    ) -> None:
        if entity is not None and entity.label == label and same_as is None:
            self.say(f"“{short(name, 40)}” is already {label}")
            return
        changes: list[Change] = []
        replaces: list[Entity] = []
        if entity is None:
            span = (mentions[0].start, mentions[0].end)
            replaces = [
                e for e in self.model.visible_entities() if e.start < span[1] and span[0] < e.end
            ]
            changes += edits.stale_entity_annotations(self.model, span)
        changes += edits.entity_label_changes(self.model, mentions, label, same_as, replaces)
        unreject = self.model.unreject([("entity", e) for e in mentions])
        self.view.clear_selection()
        count = f" ({plural(len(mentions), 'mention')})" if len(mentions) > 1 else ""
        if same_as is not None:
            what = f"“{short(name, 30)}” is the same entity as “{short(same_as, 30)}” ({label})"
        elif entity is None:
            was = f" (was {replaces[0].label})" if replaces else ""
            what = f"new entity {label}{was}: “{short(name, 40)}”"
        else:
            what = f"corrected {entity.label} → {label}: “{short(name, 40)}”"
        self.commit(what + count, changes, unreject=unreject)

    # -- claims -------------------------------------------------------------------------------

    def _claim_target(self) -> tuple[Claim, bool] | None:
        """(the claim ``K`` corrects, whether it is new): the shown claim holding
        the selection, else the one at the cursor; a selection in a sentence
        without a claim starts a new one there."""
        claims = self.model.visible_claims()
        selection = self.view.selection
        if selection is not None:
            start, end = without_spaces(self.model.body, selection)
            holding = [c for c in claims if c.start <= start and end <= c.end]
            if holding:
                # Two claims in one sentence share its span: the one whose
                # speaker, cue or content the selection touches is meant.
                return min(
                    holding,
                    key=lambda c: (c.end - c.start, not _touches(c, (start, end))),
                ), False
            sentences = self.analysis.sentences if self.analysis else []
            sentence = next((s for s in sentences if s[0] <= start and end <= s[1]), None)
            if sentence is not None and start < end:
                return Claim(*sentence, "attributed", fix.USER_CLAIM_SCORE), True
            return None
        cursor = self.view.cursor
        if cursor is None:
            return None
        here = [c for c in claims if c.start <= cursor[0] and cursor[1] <= c.end]
        if not here:
            here = [c for c in claims if c.start < cursor[1] and cursor[0] < c.end]
        return (min(here, key=lambda c: c.end - c.start), False) if here else None

    def action_correct_claim(self) -> None:
        target = self._claim_target()
        if target is None:
            select = self.key("reader.select", "v")
            self.say(f"put the cursor on a claim, or select its speaker, cue or content ({select})")
            return
        claim, new = target
        selection = self.view.selection
        span: Span | None = None
        items: list[tuple[str, str]] = []
        if selection is not None:
            start, end = without_spaces(self.model.body, selection)
            span = Span(start, end, self.model.quote((start, end)))
            quoted = short(span.text, 40)
            for role in fix.ROLES:
                items.append((f"set:{role}", f"“{quoted}” is the {role}"))
        # The claims sharing this one's span (a sentence with two cues): each is
        # offered, told apart by its speaker, cue and content (two cues may be
        # the same word), or the second could never be corrected.
        same = [claim] if new else self.model.claims_sharing(claim)
        names = told_apart([claim_words(each) for each in same]) if len(same) > 1 else [""]
        for index, (each, name) in enumerate(zip(same, names, strict=False)):
            # The claim at the cursor keeps the plain ids; the others add their index.
            at = f":{index}" if index else ""
            which = f" · {name}" if name else ""
            for role in fix.ROLES:
                had = getattr(each, role)
                if had is not None:
                    label = f"no {role} (now “{short(had.text, 30)}”)"
                    items.append((f"clear:{role}{at}", label + which))
            items.append((f"{_NOT_A_CLAIM}{at}", f"this is not a claim{which}"))
            if edits.is_pronoun_speaker(each) and each.speaker is not None:
                now = each.speaker_resolved
                said = f"now “{short(now.text, 30)}”" if now else "now nobody"
                label = f"who “{short(each.speaker.text, 10)}” is… ({said})"
                items.append((f"{_WHO}{at}", label + which))

        def chosen(choice: str | None) -> None:
            verb, *rest = (choice or "").split(":")
            if verb == _NOT_A_CLAIM:
                self._wrong_claim(same[int(rest[0])] if rest else claim)
            elif verb == _WHO:
                self._choose_who(same[int(rest[0])] if rest else claim)
            elif verb in ("set", "clear") and rest:
                target = same[int(rest[1])] if len(rest) > 1 else claim
                self._set_role(target, rest[0], span if verb == "set" else None, new)

        heading = f"Claim: “{short(self.model.quote((claim.start, claim.end)), 70)}”"
        if selection is None:
            select = self.key("reader.select", "v")
            heading += f" ({select} selects the words to make its speaker, cue or content)"
        self.ask(Chooser(heading, items), chosen)

    def _choose_who(self, claim: Claim) -> None:
        """Who the claim's pronoun speaker stands for: one of the speakers and
        people named before it, nearest first, or nobody."""
        pronoun = claim.speaker.text if claim.speaker else ""
        found = edits.antecedents(claim, self.model.visible_claims(), self.model.visible_entities())
        now = claim.speaker_resolved
        items = [
            (f"{_WHO}:{i}", f"{short(span.text, 60)}{' (now)' if span == now else ''}")
            for i, span in enumerate(found)
        ]
        if now is not None:
            items.append((f"{_WHO}:none", f"nobody: leave “{short(pronoun, 10)}” unresolved"))
        if not items:
            self.say(f"nobody is named before “{short(pronoun, 10)}”")
            return

        def chosen(choice: str | None) -> None:
            if not choice:
                return
            pick = choice.split(":")[1]
            span = None if pick == "none" else found[int(pick)]
            if span == now:
                return
            self._set_role(claim, "speaker_resolved", span, False)

        sentence = short(self.model.quote((claim.start, claim.end)), 60)
        heading = f"“{short(pronoun, 10)}” in “{sentence}” is:"
        self.ask(
            Chooser(
                heading, items, highlight=f"{_WHO}:{found.index(now)}" if now in found else None
            ),
            chosen,
        )

    def _set_role(self, claim: Claim, role: str, span: Span | None, new: bool) -> None:
        clash = _overlapped_role(claim, role, span)
        if clash is not None and span is not None:
            other, words = clash
            clear = self.key("reader.correct_claim", "K")
            self.say(
                f"not changed: the {role} “{short(span.text, 30)}” would overlap the "
                f"{other} “{short(words, 30)}”; select other words, or clear the {other} "
                f"first ({clear})"
            )
            return
        changes = edits.claim_role_changes(self.model, claim, role, span, new=new)
        unreject = [] if new else self.model.unreject([("claim", claim)])
        self.view.clear_selection()
        if role == "speaker_resolved":
            pronoun = f"“{short(claim.speaker.text, 10)}”" if claim.speaker else "the speaker"
            what = (
                f"{pronoun} stands for nobody now"
                if span is None
                else f"{pronoun} is now “{short(span.text, 40)}”"
            )
        elif span is None:
            what = f"the claim has no {role} now"
        elif new:
            what = f"new claim with {role} “{short(span.text, 40)}”"
        else:
            what = f"the claim's {role} is now “{short(span.text, 40)}”"
        self.commit(what, changes, unreject=unreject)

    def _wrong_claim(self, claim: Claim) -> None:
        changes = edits.wrong_claim_changes(self.model, claim)
        what = f"“{short(self.model.quote((claim.start, claim.end)), 40)}”"
        what += self.which_claim(claim)
        # Worded as the other choices of K are, with the undo hint every saved
        # edit gets ("· u undoes"), not a second one of its own beside it.
        self.commit(f"marked as not a claim: {what}", changes)


def _overlapped_role(claim: Claim, role: str, span: Span | None) -> tuple[str, str] | None:
    """(the other role, its words) that ``span`` made ``role`` would overlap
    where one of the two is the cue: the cue is the word that reports, and
    one inside the speaker's name or the reported words would have a word say
    two things. (A speaker inside the content is left to the user: the model
    itself nests them, "Hale said ... and Hale said so twice".)"""
    if span is None:
        return None
    others = [r for r in fix.ROLES if r != role] if role == "cue" else ["cue"]
    for other in others:
        had = getattr(claim, other)
        if had is not None and fix.overlap((had.start, had.end), (span.start, span.end)):
            return other, had.text
    return None


def _touches(claim: Claim, span: tuple[int, int]) -> bool:
    """Whether ``span`` overlaps the claim's speaker, cue or content."""
    roles = (claim.speaker, claim.cue, claim.content)
    return any(r is not None and fix.overlap((r.start, r.end), span) for r in roles)


def _other_entities(
    groups: list[EntityGroup], mentions: list[Entity], name: str
) -> list[tuple[str, str, int]]:
    """(name, label, mentions) of each entity the article names other than the
    one ``mentions`` are of (or named ``name``), grouped as the side panel
    groups them: "Brandt" is a mention of "Marta Brandt", not an entity the
    user could be asked to pick apart from her."""
    spans = {(e.start, e.end) for e in mentions}
    return [
        (group.name, group.label, len(group.mentions))
        for group in groups
        if group.label not in _NOT_NAMES
        and group.name != name
        and not any((e.start, e.end) in spans for e in group.mentions)
    ]
