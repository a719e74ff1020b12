"""The reader's suggestion keys: accept an entity or claim as an annotation,
accept every mention of an entity, reject one, show the rejected again."""

from __future__ import annotations

from collections.abc import Callable

from newsread.analysis import Claim, Entity
from tui.models.reader import Suggestion, suggestion_label
from tui.screens.dialogs import Chooser
from tui.screens.reader.base import ReaderBase
from tui.wording import all_answered, claim_words, plural, short, told_apart


class SuggestionsMixin(ReaderBase):
    def _one_claim(
        self, kind: str, item: Suggestion, verb: str, then: Callable[[Suggestion], None]
    ) -> None:
        """``then`` on the suggestion meant: ``item``, or when other claims share
        its span (a sentence with two reporting cues) and are still open, the
        one the user picks, each named by its kind, speaker, cue and content
        (two cues may be the same word: "said")."""
        if kind != "claim" or not isinstance(item, Claim):
            then(item)
            return
        same = self.model.claims_sharing(item)
        open_ = [c for c in same if not self.model.already_accepted(c, c.kind)]
        if len(open_) < 2:
            then(open_[0] if open_ else item)
            return
        names = told_apart([claim_words(c) for c in open_])
        items = [
            (str(n), f"{c.kind}: {name}")
            for n, (c, name) in enumerate(zip(open_, names, strict=True))
        ]

        def chosen(choice: str | None) -> None:
            if choice is not None and choice.isdigit() and int(choice) < len(open_):
                then(open_[int(choice)])

        heading = f"{verb} which claim of “{short(self.model.quote((item.start, item.end)), 60)}”?"
        self.ask(Chooser(heading, items), chosen)

    def action_accept(self) -> None:
        found = self.model.suggestion_at_cursor()
        if found is None:
            jump = self.key("reader.next_mark", "]")
            self.say(f"no entity or claim at the cursor: {jump} jumps to the next one")
            return
        kind, item = found
        self._one_claim(kind, item, "Accept", lambda chosen: self._accept(kind, chosen))

    def _accept(self, kind: str, item: Suggestion) -> None:
        label = suggestion_label(item)
        answered = self.model.answered_as(item, label)
        if answered:
            self.say(f"already {answered} as {label}")
            return
        ann = self.model.suggestion_annotation(item)
        which = self.which_claim(item)
        self.commit(
            f"accepted {kind} {label}{which}: “{short(ann.quote, 40)}”",
            [(None, ann)],
            unreject=self.model.unreject([(kind, item)]),
        )

    def action_accept_all(self) -> None:
        found = self.model.suggestion_at_cursor()
        if found is None or not isinstance(found[1], Entity):
            jump = self.key("reader.next_mark", "]")
            self.say(f"put the cursor on an entity ({jump} jumps) to accept every mention")
            return
        entity = found[1]
        name = self.model.quote((entity.start, entity.end))
        mentions = self.model.unaccepted_mentions(entity)
        if not mentions:
            answers = self.model.mention_answers(entity)
            self.say(all_answered(name, [answered for _, answered in answers]))
            return
        changes = [(None, self.model.suggestion_annotation(e)) for e in mentions]
        count = plural(len(changes), "mention")
        self.commit(
            f"accepted {count} of {name} as {entity.label}",
            changes,
            unreject=self.model.unreject([("entity", e) for e in mentions]),
        )

    def action_reject(self) -> None:
        found = self.model.suggestion_at_cursor()
        if found is None:
            self.say("no entity or claim at the cursor")
            return
        kind, item = found
        self._one_claim(kind, item, "Reject", lambda chosen: self._reject(kind, chosen))

    def _reject(self, kind: str, item: Suggestion) -> None:
        label = suggestion_label(item)
        answered = self.model.answered_as(item, label)
        if answered:
            delete = self.key("reader.delete", "x")
            self.say(f"already {answered} as {label}: {delete} deletes that annotation first")
            return
        which = self.which_claim(item)
        if self.removed:
            self.article_removed("not rejected")
            return
        if self.refused_on_damage("not rejected"):
            return
        from storage.edits import save_rejection

        record = self.model.reject(kind, item)
        library = self.ctx.library
        article_id = self.article.id
        body_hash = self.made_on or self.article.content_hash
        self.unjournalled = (kind, item)
        self.refresh_all()
        undo, show = self.key("reader.undo", "u"), self.key("reader.show_rejected", "R")
        what = f"rejected {kind} {label}{which}: “{short(record['text'], 40)}”"
        self.write(
            what,
            lambda: save_rejection(library, article_id, record, body_hash),
            f"{what} ({undo} takes it back, {show} shows rejected)",
        )

    def take_back_rejection(self) -> None:
        """u right after r: the rejection is forgotten, in memory and on disk."""
        found = self.unjournalled
        if isinstance(found, tuple) and self.refused_on_damage("rejection not taken back"):
            return  # still u's to take back once the text is put back
        self.unjournalled = None
        if not isinstance(found, tuple):
            return
        kind, item = found
        spans = self.model.unreject([found])
        library, article_id = self.ctx.library, self.article.id
        annotator = self.model.annotator
        self.refresh_all()
        label = suggestion_label(item)
        reject = self.key("reader.reject", "r")
        self.write(
            f"taking back the rejection of {kind} {label}",
            lambda: library.unreject(article_id, spans, annotator),
            f"undid: rejected {kind} {label} ({reject} rejects it again)",
        )

    def action_toggle_rejected(self) -> None:
        shown = self.model.toggle_rejected()
        self.refresh_all()
        self.say("rejected suggestions " + ("shown" if shown else "hidden"))
