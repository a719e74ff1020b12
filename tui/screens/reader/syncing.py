"""Keeping the reader in step with what happens elsewhere: the analysis worker,
annotations another process or an undo changed on disk, and a re-import that
changed the article's text. The workers post messages; the screen handles them."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, NamedTuple

from textual import work

from storage.errors import CorruptFileError, LibraryError, NotFoundError
from tui.keymap import key_of
from tui.screens.reader.base import ReaderBase
from tui.screens.reader.heading import with_heading
from tui.step_words import article_title
from tui.wording import ELSEWHERE, plural

if TYPE_CHECKING:
    from newsread.model import Annotation
    from storage.history import Group, OutOfSight
    from storage.library import Library


#: the help screen's words for u and ctrl+r (README: reader: annotating)
UNDO_HELP = (
    "Undo this article's last tag or note edit; a step of the tag manager, or one "
    "made in another article, by another annotator or window, is named and left to "
    "the tag manager or all annotations"
)
REDO_HELP = "Redo what u took back here; a step made elsewhere is named and left as u's is"


class SyncMixin(ReaderBase):
    # -- the analysis ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def run_analysis(self) -> None:
        from newsread.analysis.checkworthy_choice import model_note
        from newsread.analysis.pipeline import PipelineError, load_pipeline, pipeline_identity
        from storage.analyses import analysis_for, cached

        ctx = self.ctx
        preferred = ctx.config.pipeline
        article = self.article  # the text may change (a line put back) while this runs
        try:
            identity = pipeline_identity(preferred)
            if identity is not None:
                hit = cached(ctx.library, article, identity)
                if hit is not None:
                    note = f"{identity[0]} {identity[1]}{model_note()}, cached"
                    self.post_message(self.AnalysisReady(hit, note, article.content_hash))
                    return
            loaded = load_pipeline(preferred)
            analysis = analysis_for(ctx.library, article, loaded)
            self.post_message(self.AnalysisReady(analysis, loaded.describe(), article.content_hash))
        except PipelineError as exc:
            self.post_message(self.AnalysisFailed(str(exc)))
        except Exception as exc:  # noqa: BLE001 - shown to the user; the text stays usable
            self.post_message(self.AnalysisFailed(f"analysis failed: {exc}"))

    # -- changes on disk --------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="disk-check", exit_on_error=False)
    def _check_changed_on_disk(self) -> None:
        """Follow this article's annotations as other processes change them,
        and its text when a re-import elsewhere replaced it (or its removal)."""
        library = self.ctx.library
        if self.body_write_pending or self.removed:
            return  # our own new text is on its way to the screen; look again after
        writes_seen = self.ctx.writer.submitted
        if not self.ctx.writer.idle:
            # While our own writes are queued the files are about to change
            # anyway (and a write refused as made on old text brings the new
            # one itself); the next tick compares against what they leave.
            return
        stamp = library.change_stamp()
        # The body file is not in the change stamp (nothing of newsread's
        # rewrites it in place), so a cut or an edit outside newsread is
        # seen by its own stat, and hashed only when that moved.
        body_stamp = self._body_stamp()
        body_moved = body_stamp != self._body_seen
        meta = None
        if stamp != self._stamp or body_moved:
            try:
                meta = library.get_meta(self.article.id)
            except NotFoundError:
                if self.app.screen is self:
                    self.app.call_from_thread(self.article_removed, "not here any more")
                return
            if meta["content_hash"] != self.article.content_hash or (self._body_bad and body_moved):
                # Before the annotations' own look: a re-import moved them
                # with the text, and what it could not place is told against
                # the annotations on screen (read first, they were orphans
                # already by the time the notice counted them). A damaged
                # body put back (the same text) is picked up the same way.
                self._follow_reimport(stamp, body_stamp)
                return
            if body_moved and self._body_damaged(meta, stamp, body_stamp):
                return
        annotations_stamp = library.annotations_stamp(self.article.id)
        if annotations_stamp != self._annotations_stamp:
            self._annotations_stamp = annotations_stamp
            # This window's own write (see submit_own), or another screen's of
            # this app (the tag manager's over it): shown as stored if the
            # screen lags behind it, without a word about another window.
            ours = annotations_stamp == self.own_stamp or library.wrote_annotations(
                self.article.id, annotations_stamp
            )
            label = "" if ours else f"annotations changed {ELSEWHERE}: shown as stored"
            self._reload_if_changed(label, writes_seen=writes_seen)
        if meta is None:
            return
        self._stamp = stamp
        # A refresh may change the title alone: shown as stored, said so.
        retitled = with_heading(self.article, meta)
        if retitled is not None:
            self.post_message(self.Retitled(retitled))
        # The tags live in the index too: a quick key, colour or name
        # changed in another window shows (and the help's hints follow).
        self._reload_if_changed("", writes_seen=writes_seen)

    def _body_stamp(self) -> tuple[int, ...]:
        """(Worker thread.) The body file's stat: it changes with any write to it."""
        try:
            st = self.ctx.library.body_path(self.article.id).stat()
        except OSError:
            return (0, 0, 0)
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _body_damaged(
        self, meta: dict[str, Any], stamp: tuple[int, ...], body_stamp: tuple[int, ...]
    ) -> bool:
        """(Worker thread.) Hash the body file that changed against the index:
        True, and the screen told, when it no longer holds the text shown."""
        try:
            self.ctx.library.checked_body(self.article.id, meta)
        except CorruptFileError as exc:
            self._damage_seen(str(exc), stamp, body_stamp)
            return True
        self._body_seen = body_stamp
        return False

    def _damage_seen(self, error: str, stamp: tuple[int, ...], body_stamp: tuple[int, ...]) -> None:
        """(Worker thread.) Told once per damage; not looked at again until
        the file or the index changes (its repair)."""
        self._body_seen = body_stamp
        self._stamp = stamp
        if not self._body_bad:
            self._body_bad = True
            self.post_message(self.BodyDamaged(error, self._damage_line(error)))

    def _damage_line(self, error: str) -> str:
        """(Worker thread.) ``error`` for the status line: the file by its name
        in the library, what is wrong with it and the repair, edits refused."""
        from storage.body_integrity import CHANGED, reimport_hint

        path = str(self.ctx.library.body_path(self.article.id))
        name = f"bodies/{os.path.basename(path)}"
        if CHANGED not in error:
            return f"{error.replace(path, name)} · edits refused"
        try:
            meta = self.ctx.library.get_meta(self.article.id)
        except LibraryError:
            meta = {}
        hint = reimport_hint(meta.get("url_or_path"), meta.get("feed"))
        return f"{name}: {CHANGED} · edits refused · {hint}"

    def _follow_reimport(self, stamp: tuple[int, ...], body_stamp: tuple[int, ...]) -> None:
        """(Worker thread.) The article's text changed on disk: show it as
        stored, or say its file is damaged rather than show other words."""
        library = self.ctx.library
        article_id = self.article.id
        repaired = self._body_bad
        try:
            article = library.get_article(article_id)
        except NotFoundError:
            return  # removed meanwhile: the next look says so
        except CorruptFileError as exc:
            self._damage_seen(str(exc), stamp, body_stamp)
            return
        self.changed_on_disk = True
        moved = library.annotations(article_id)
        self._body_bad = False
        self._body_seen = body_stamp
        self.post_message(
            self.Reimported(
                article,
                moved,
                library.tags(),
                library.rejected(article_id),
                repaired=repaired and article.content_hash == self.article.content_hash,
            )
        )
        self._stamp = stamp
        self._annotations_stamp = library.annotations_stamp(article_id)
        # New text is unread for everyone (storage.reading.mark_unread), but
        # this annotator has it on screen: read, as opening it would make it.
        reading = self.ctx.reading
        self.ctx.writer.submit(lambda: reading.mark([article_id]))

    @work(thread=True, exclusive=True, group="journal", exit_on_error=False)
    def note_journal_position(self) -> None:
        self.journal_since = self.ctx.history.next_seq()
        self.steps_seen = self.ctx.history.step_mark()

    def on_screen_suspend(self) -> None:
        """Leaving the reader (L, T, another screen or a dialog over it): an
        answer of u or ctrl+r on screen says what the journal held then ("not
        undone: … L can undo it"), which the steps taken over there may undo;
        back here it would describe a state that no longer holds."""
        if self.message and self.message == self.step_said:
            self.message = self.step_said = ""
            if self.query("#reader-status"):  # not while the screen is taken down
                self.update_status()

    def on_screen_resume(self) -> None:
        """Back from the tag manager, tags and annotations may have changed on
        disk: read this article's back, off the event loop. (Not after our own
        dialogs: their changes are already in memory and still being written.)
        A re-import noticed while a dialog was open is shown now."""
        if self.reimported is not None:
            self.show_reimported(*self.reimported)
        if self.stale:
            self.stale = False
            self.reload_annotations()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def reload_annotations(self) -> None:
        self.ctx.writer.wait_idle(10)
        writes_seen = self.ctx.writer.submitted
        self._reload_if_changed("", with_rejected=True, writes_seen=writes_seen)

    def _reload_if_changed(
        self, label: str, with_rejected: bool = False, writes_seen: int | None = None
    ) -> None:
        """(Worker thread.) Show the annotations and tags as stored, if they
        differ; ``with_rejected``: the rejected suggestions too (after a screen
        over the reader, such as the suggestion queue, with no write of the
        reader's own still pending). ``writes_seen``: the writer's count of
        submitted writes before the files were read (see
        ``stale_disk_read``)."""
        library = self.ctx.library
        anns = library.annotations(self.article.id)
        tags = library.tags()
        new_rejected = None
        if with_rejected:
            rejected = library.rejected(self.article.id)
            new_rejected = rejected if rejected != self.model.rejected else None
        differs = self.model.stored_difference(anns, tags)
        if label and differs == "annotations":
            label = self._taken_here(anns) or label
        if differs is not None or new_rejected is not None:
            # A change of tags alone (colours, names) is redrawn without a word.
            self.post_message(
                self.AnnotationsChanged(
                    anns, tags, label if differs == "annotations" else "", new_rejected, writes_seen
                )
            )

    def _taken_here(self, stored: list[Annotation]) -> str | None:
        """(Worker thread.) What a change made elsewhere took of this reader's
        annotator's tags, and who took them when the journal's steps since
        the reader's last look explain it (a colleague's undo, x, or tag
        manager step; several colleagues named together); None when it took
        none of them."""
        from storage.history import Step
        from tui.models.taken_tags import taken_tags, taken_words, who_took

        history = self.ctx.history
        # The steps since the last look: each change made elsewhere is named
        # once, and the next look starts from here.
        since, self.steps_seen = self.steps_seen, history.step_mark()
        me = self.model.annotator
        taken = taken_tags(self.model.annotations, stored, me)
        if not taken:
            return None
        if since is not None and self.steps_seen:
            steps = history.steps_since(since)
        else:
            # A journal an older newsread wrote keeps its latest step alone
            # (so does one read before the reader noted its place).
            last = history.last_step()
            steps = [] if last is None else [Step.of(last.did, last.group, last.by)]
        found = who_took(taken, steps, self.article.id, me)
        if found is None:
            return taken_words(taken, None)
        return taken_words(taken, *found)

    def stale_disk_read(self, writes_seen: int | None) -> bool:
        """(Event loop.) Whether a change read from disk may predate an edit
        made here since: an edit is in memory at once and its write queued, so
        files read meanwhile lack it and differ, though nobody else changed
        them. Such a read is dropped, not shown as another window's change
        (which would also hide the edit until its write landed); the stamps
        are forgotten so the next look, once the writes are done, reads
        again and finds any real change."""
        if writes_seen is None or writes_seen == self.ctx.writer.submitted:
            return False
        self._forget_stamps()
        return True

    def _forget_stamps(self) -> None:
        # The next look at the files reads them again, whatever their stamps.
        self._stamp = None
        self._annotations_stamp = (-1,)

    def stale_step_answer(self, edits_seen: int | None) -> bool:
        """(Event loop.) Whether an undo's or redo's answer (read on the
        writer thread, in the order of the writes) predates an edit shown here
        since the step was queued: dropped then as ``stale_disk_read`` drops a
        look at the disk. Only such edits: a step or a rejection queued after
        it shows nothing before its own answer, which follows this one."""
        if edits_seen is None or edits_seen == self.edits_ahead:
            return False
        self._forget_stamps()
        return True

    # -- undo and redo ------------------------------------------------------------------------

    def _step_history(self, undo: bool, agreed: Group | None = None) -> None:
        """Undo or redo one step in the writer thread (after every pending write),
        then show this article's annotations as they now are on disk. A step
        that takes a teammate's work away (redoing one's x on their
        annotation) is asked about first, with y only; ``agreed``: the step
        the user said y to, taken only if it is still the next one."""
        library = self.ctx.library
        history = self.ctx.history
        article_id = self.article.id
        verb = "undo" if undo else "redo"
        # Worded as the other screens word a step taken: "undid: tagged check …".
        done = "undid" if undo else "redid"
        # Read here, on the event loop: the keys as the user has remapped them.
        keys = _Keys(key_of(self, "app.tags"), key_of(self, "app.annotations"))
        me, since = self.model.annotator, self.journal_since
        undo_key = self.key("reader.undo", "u")
        redo_key = self.key("reader.redo", "ctrl+r")
        not_done = "not undone" if undo else "not redone"
        if self.removed:
            self.article_removed(not_done)
            return
        if self.refused_on_damage(not_done):
            return

        def job() -> None:
            from storage.body_integrity import DamagedBodyError
            from storage.history import OutOfSight

            try:
                library.get_meta(article_id)
            except NotFoundError:
                # Removed since the reader last looked: the step would be
                # skipped and said done.
                self.app.call_from_thread(self.article_removed, not_done)
                return

            failed = self.unsaved if undo else None
            if failed is not None:
                self.unsaved = None
                # The last edit here was refused (maybe while u waited behind
                # it): it is not in the journal, and the step before it is not
                # what u was pressed for. Asked again, it is.
                label = (
                    f"nothing undone: the last change ({failed}) was not saved · "
                    f"{undo_key} again undoes the step before it"
                )
                anns = library.annotations(article_id)
                self.post_message(self.AnnotationsChanged(anns, library.tags(), label, step=True))
                return
            step = history.undo if undo else history.redo
            try:
                # The promise is checked in the transaction that takes the step.
                with library.transaction():
                    moved = None if undo else history.redo_moved(self.promised_redo)
                    if undo and history.undone_elsewhere(self.promised_step):
                        label = self._promise_broken(article_id, undo_key)
                    elif moved is not None:
                        label = self._redo_promise_broken(article_id, moved, redo_key, keys)
                    else:
                        ahead = history.last_done() if undo else history.next_undone()
                        harmed = self._harmed_by(ahead, undo, agreed)
                        if ahead is not None and harmed:
                            again = agreed is not None
                            self.app.call_from_thread(self._ask_step, undo, ahead, harmed, again)
                            return
                        group = step(article_id, annotator=me, since=since)
                        label = f"{done}: {group.label}" if group else f"nothing to {verb}"
                    self.promised_step = history.last_done()
                    self.promised_redo = history.next_undone()
            except OutOfSight as away:
                label = _elsewhere(library, undo, away, keys)
            except DamagedBodyError as exc:
                # Damaged since the reader last looked: said as the look would.
                line = self._damage_line(str(exc))
                label = f"{not_done}: {line}"
                self._body_bad = True
                self.post_message(self.BodyDamaged(str(exc), line))
            anns = library.annotations(article_id)
            changed = self.AnnotationsChanged(
                anns, library.tags(), label, edits_seen=seen, step=True
            )
            self.post_message(changed)

        # What the step reads lacks any edit typed after u (its write queued
        # behind this one): shown, it took that edit off the screen until the
        # file brought it back. Such an answer is dropped (stale_disk_read);
        # the later edit's own answer says what is stored. Another step or a
        # rejection typed after u puts nothing ahead of the file on screen:
        # u's answer is shown at once, then theirs, in the order typed.
        seen = self.edits_ahead
        self.submit_own(job)

    def _harmed_by(self, group: Group | None, undo: bool, agreed: Group | None) -> list[str]:
        """(Writer thread, in the step's transaction.) The teammates whose work
        taking ``group`` here would take away, unless the user agreed to that
        very step; none for a step this reader refuses anyway (OutOfSight)."""
        from tui.screens.asked_step import same_step

        if group is None or same_step(group, agreed):
            return []
        history, me = self.ctx.history, self.model.annotator
        if history.refusal(group, self.article.id, me, self.journal_since) is not None:
            return []
        return history.destroys_others(group, me, undo)

    def _ask_step(self, undo: bool, group: Group, harmed: list[str], again: bool) -> None:
        """(Event loop.) The destroying question about ``group``: only y takes it."""
        from tui.screens.tag_dialogs import DestroyDialog
        from tui.step_words import step_question

        if not self.is_attached:
            return
        question = step_question(self.ctx.library, undo, group, harmed, again)

        def answered(yes: bool | None) -> None:
            if yes:
                self._step_history(undo, agreed=group)
            else:
                self.say(f"{'not undone' if undo else 'not redone'}: {group.label}")

        self.app.push_screen(DestroyDialog(question), answered)

    def _promise_broken(self, article_id: str, undo_key: str) -> str:
        """(Writer thread.) What u says when the step it promised was undone
        elsewhere: nothing undone now, and what u again would take back."""
        promised = self.promised_step
        said = f"nothing undone: {promised.label if promised else 'your last change'} "
        said += "was already undone elsewhere"
        history = self.ctx.history
        me, since = self.model.annotator, self.journal_since
        top = history.last_done()
        if top is None:
            return f"{said} · nothing before it to undo"
        if history.refusal(top, article_id, me, since) is not None:
            return said
        return f"{said} · {undo_key} again undoes: {top.label}"

    def _redo_promise_broken(self, article_id: str, moved: str, redo_key: str, keys: _Keys) -> str:
        """(Writer thread.) What ctrl+r says when the step it would redo (the
        one u took back here) is not next any more: nothing redone now, why,
        and what ctrl+r again would redo, or where that step can be redone."""
        from storage.history import BEHIND, REDONE

        history = self.ctx.history
        promised = self.promised_redo
        what = promised.label if promised else "your last undone change"
        following = history.next_undone()
        if moved == REDONE:
            said = f"nothing redone: {what} was already redone elsewhere"
        elif moved == BEHIND and following is not None:
            said = (
                f"nothing redone: {following.label} was undone elsewhere since and is "
                f"redone before {what}"
            )
        else:
            top = history.last_done()
            made = f" ({top.label})" if top is not None else ""
            return (
                f"nothing redone: {what} can no longer be redone: a change was made "
                f"after it was undone{made}"
            )
        if following is None:
            return said
        me, since = self.model.annotator, self.journal_since
        away = history.refusal(following, article_id, me, since)
        if away is None:
            return f"{said} · {redo_key} again redoes: {following.label}"
        if moved == BEHIND:
            return f"{said}; {_where(away.group, keys)} can redo it"
        return said

    def action_undo(self) -> None:
        last = self.unjournalled
        if isinstance(last, tuple):
            self.take_back_rejection()
            return
        if last:
            # u undoes annotation edits; right after a cut or a line put back
            # it would silently undo an older tag instead. Said once: u again
            # takes that older step, if it is what the user wants.
            self.unjournalled = None
            undo, cut = self.key("reader.undo", "u"), self.key("reader.cut_paragraph", "X")
            put, cuts = self.key("reader.restore_cut", "P"), self.key("reader.toggle_cuts", "C")
            self.say(
                f"{undo} undoes tag and note edits, not the {last}: {cut} cuts a line, {put} "
                f"puts a cut line back ({cuts} shows them) · {undo} again undoes the last tag "
                "or note edit"
            )
            return
        self._step_history(undo=True)

    def action_redo(self) -> None:
        self._step_history(undo=False)


class _Keys(NamedTuple):
    tags: str
    annotations: str


def _elsewhere(library: Library, undo: bool, away: OutOfSight, keys: _Keys) -> str:
    """Why u (or ctrl+r) did nothing here, and where the step can be taken:
    where first, as a narrow status line cuts the end."""
    from storage.history import ANOTHER_ANNOTATOR, ANOTHER_PROCESS

    group = away.group
    verb, done = ("undo", "undone") if undo else ("redo", "redone")
    if group.changes_tags or not group.article_ids:
        where = _named(keys.tags, "the tag manager")
        return f"not {done}: the last change is to the tags ({group.label}); {where} can {verb} it"
    where = _named(keys.annotations, "all annotations")
    if away.reason == ANOTHER_PROCESS:
        return (
            f"not {done}: the last change ({group.label}) was made in another window or by "
            f"the command line; {where} can {verb} it"
        )
    if away.reason == ANOTHER_ANNOTATOR:
        who = ", ".join(away.who) or "another annotator"
        return (
            f"not {done}: the last change ({group.label}) is to {who}'s annotations; "
            f"{where} can {verb} it"
        )
    others = [a for a in group.article_ids if a != away.within] if away.within else []
    title = article_title(library, (others or group.article_ids)[0]) or "another article"
    more = f" and {plural(len(others) - 1, 'other article')}" if len(others) > 1 else ""
    also = " (and this one)" if others and len(others) < len(group.article_ids) else ""
    return (
        f"not {done}: the last change is in “{title}”{more}{also} ({group.label}); "
        f"{where} can {verb} it"
    )


def _where(group: Group, keys: _Keys) -> str:
    """The screen that can take ``group``, a step the reader may not."""
    if group.changes_tags or not group.article_ids:
        return _named(keys.tags, "the tag manager")
    return _named(keys.annotations, "all annotations")


def _named(key: str, screen: str) -> str:
    return f"{key}, {screen}," if key else screen
