"""The reader screen, split by responsibility: ``screen`` (bindings, layout,
drawing), ``base`` (shared state and the save path), ``annotating``,
``suggestions``, ``finding``, ``navigation``, ``cutting`` (the lines cleaning
cut: shown in place, put back, or a kept paragraph cut), ``syncing``
(analysis, disk, undo) and ``status`` (the lines of text it draws)."""

from tui.screens.reader.screen import ReaderScreen

__all__ = ["ReaderScreen"]
