"""Errors the storage layer raises, each phrased for the person who owns the files.

Every message names the file or folder and the problem in one line, so the CLI
and the app can show it as it is.
"""

from __future__ import annotations


class LibraryError(RuntimeError):
    """A problem with the library folder, phrased for the person who owns it."""


class NotFoundError(LibraryError):
    pass


class CorruptFileError(LibraryError):
    """A library file exists but cannot be read; it is never overwritten."""


class WriteError(LibraryError):
    """A file could not be written (full disk, read-only folder...); what was
    there before is untouched."""


class StaleArticleError(LibraryError):
    """An edit was made against a version of the article's text that has since
    been replaced (a re-import in another terminal)."""


class GoneAnnotationError(LibraryError):
    """An edit was made to an annotation that has since been deleted (in
    another window or process): saving it would bring the annotation back."""


class PassageGoneError(LibraryError):
    """The words an edit was made on are no longer where they were in the
    article (its text was re-imported or corrected, or it was removed)."""
