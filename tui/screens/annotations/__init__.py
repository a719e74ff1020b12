"""The annotations screen: every annotation in the library with its tags,
quote, note, article, date and annotator, filtered and sorted; ``enter``
opens the reader on one, ``t``, ``n`` and ``x`` change it from the list.

Split by concern, as the reader is: ``base`` (reading the library in a
worker, drawing, the highlighted row), ``changes`` (x, n, t, undo through
storage.edits), ``filters`` (filters and sorts), ``screen`` (bindings,
layout, opening the reader)."""

from __future__ import annotations

from tui.screens.annotations.screen import AnnotationsScreen

__all__ = ["AnnotationsScreen"]
