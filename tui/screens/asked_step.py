"""u and ctrl+r in the windows that take steps of the shared journal made
anywhere (the annotations list any step, the tag manager tag steps): a step
that changes another annotator's annotations is asked about first, as x on
one is, so that one annotator's u does not silently take back (or redo) a
teammate's work. When the answer would take their work away (delete their
annotation, or a tag or note of it) only y says yes, as for every destroying
question. A step of one's own goes at once, unless it takes a teammate's
work away: redoing one's x on their annotation deletes it again."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from newsread.config import annotator_name
from tui.step_words import step_note, step_question

if TYPE_CHECKING:
    from textual.screen import Screen

    from storage.history import Group
    from tui.context import AppContext


def take_step(
    screen: Screen,
    ctx: AppContext,
    undo: bool,
    after: Callable[[str], None],
    from_thread: Callable[..., None],
    refuse: Callable[[Group], str | None] | None = None,
) -> None:
    """Undo (or redo) the journal's next step on the writer thread, after
    every pending write; ``after(note)`` on the event loop says what happened.
    ``refuse(step)``, when given, is why this window leaves that step to
    another (said instead, nothing taken), else None.

    The step is looked at, and taken, in one transaction: the question names
    the step the answer is for, and a yes takes that step only, not one
    another window put on top of it meanwhile (that one is asked about anew).
    """
    library, history = ctx.library, ctx.history
    me = annotator_name(getattr(ctx, "config", None))
    verb, nothing = ("undid", "nothing to undo") if undo else ("redid", "nothing to redo")
    not_done = "not undone" if undo else "not redone"

    def job(agreed: Group | None) -> None:
        try:
            with library.transaction():
                group = history.last_done() if undo else history.next_undone()
                why = refuse(group) if refuse is not None and group is not None else None
                if group is None:
                    note = nothing
                elif why is not None:
                    note = why
                else:
                    # A step of this run's own is asked about only when it
                    # takes a teammate's work away (a redone x on theirs).
                    harmed = history.destroys_others(group, me, undo)
                    who = history.others_changed(group, me) or harmed
                    if who and not same_step(group, agreed):
                        from_thread(ask, group, who, agreed is not None, bool(harmed))
                        return
                    group = history.undo() if undo else history.redo()
                    note = step_note(library, history, verb, group) if group else nothing
        except Exception as exc:  # noqa: BLE001 - shown to the user, the window goes on
            note = f"{not_done}: {exc}"
        from_thread(after, note)

    def ask(group: Group, who: list[str], again: bool, destroys: bool) -> None:
        from tui.screens.tag_dialogs import ConfirmDialog, DestroyDialog

        if not screen.is_attached:
            return
        question = step_question(library, undo, group, who, again)

        def answered(yes: bool | None) -> None:
            if yes:
                ctx.writer.submit(lambda: job(group))
            else:
                after(f"{not_done}: {group.label}")

        # A yes that deletes a teammate's annotation (or drops their tag or
        # note) takes only y: a stray enter must not answer it.
        dialog = DestroyDialog(question) if destroys else ConfirmDialog(question)
        screen.app.push_screen(dialog, answered)

    ctx.writer.submit(lambda: job(None))


def same_step(group: Group, agreed: Group | None) -> bool:
    # The journal's own numbering, with the time and label for journals
    # written before steps were numbered.
    return agreed is not None and (group.origin, group.seq, group.at, group.label) == (
        agreed.origin,
        agreed.seq,
        agreed.at,
        agreed.label,
    )
