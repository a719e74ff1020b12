"""Check every file of a library, and put back damaged ones from their backups.

Works on the folder directly, without opening a Library: the file a Library
needs first (library.json) may be the damaged one.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from newsread.annotations.tagnames import look_alikes
from newsread.model import content_hash
from storage.atomic import atomic_write_bytes, check_tables, move_file, read_json
from storage.base import ID_RE
from storage.body_integrity import CHANGED, reimport_hint
from storage.errors import CorruptFileError, LibraryError
from storage.held_span_repair import place_stale_held, stale_held_reasons
from storage.id_repair import renew_shared_ids
from storage.index_spans import FILE as SPANS_FILE
from storage.index_spans import check_spans
from storage.lock import LibraryLock
from storage.placement_hints import cut_placements
from storage.rejection_repair import describe, place_stale, rejections_in, stale_reasons
from storage.search_rows import FILE as SEARCH_FILE
from storage.search_rows import meta_fingerprint
from storage.tag_repair import (
    add_missing_tags,
    look_alike_reason,
    merge_look_alikes,
    missing_from_table,
    missing_reason,
    refused_names,
    stored_tag_names,
)
from storage.txn import BACKUPS, JOURNAL, TMP_DIR, backup_folder, backups_of, recover

_ANNOTATION_FIELDS = {"id": str, "article_id": str, "start": int, "end": int, "quote": str}


@dataclass
class Problem:
    path: Path
    reason: str
    #: a backup that passes the check and would be restored, if any
    backup: Path | None = None
    #: a derived file (cache) that can simply be removed and rebuilt
    disposable: bool = False
    #: what the user can do when there is no backup to restore
    remedy: str = ""
    #: a stale rejected suggestion: --restore places it on its words again
    rejection: bool = False
    #: an annotation holding a span (a claim's content, …) off its words:
    #: --restore places it again, or makes the annotation an orphan
    held_span: bool = False
    #: nothing to restore: ``remedy`` alone says what the user can do
    advice_only: bool = False
    #: an annotation id held in these articles: --restore renews all but one
    shared_id: tuple[str, tuple[str, ...]] | None = None
    #: an unreadable annotations file without a good backup: --restore
    #: --set-aside moves it among the backups, the article's annotations empty
    set_aside: bool = False
    #: look-alike spellings of one tag: --restore merges them into one
    look_alike: tuple[str, ...] = ()
    #: tag names annotations use that the tags table lacks: --restore adds them
    missing_tags: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.backup is not None:
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(int(self.backup.stem) / 1e9))
            fix = f"backup from {when} can be restored with --restore"
        elif self.rejection:
            fix = "--restore places it on its words again, or drops it if they are gone"
        elif self.held_span:
            fix = (
                "--restore places it on its words again, or makes the annotation an "
                "orphan if they are gone"
            )
        elif self.look_alike:
            fix = "--restore merges them into the most used, each merge one undoable step"
        elif self.missing_tags:
            fix = "--restore adds them to the tags table, each in a colour no tag uses"
        elif self.shared_id is not None:
            fix = "--restore keeps it on the annotation made first and gives the others new ids"
        elif self.advice_only:
            fix = self.remedy
        elif self.disposable:
            fix = self.remedy or "a cache: --restore removes it and it is rebuilt"
        elif self.set_aside:
            fix = (
                "no good backup; it is left as it is: mend it by hand, or "
                "newsread doctor --restore --set-aside moves it into the library's "
                f"{BACKUPS}/ folder and starts this article's annotations empty"
            )
        else:
            fix = "no good backup" + (f"; {self.remedy}" if self.remedy else "")
        return f"{self.path}: {self.reason} ({fix})"


def _check_library_json(path: Path) -> dict[str, dict[str, Any]]:
    data = read_json(path)
    if data is None:
        raise CorruptFileError(f"{path}: missing")
    tables = check_tables(path, data)
    for doc_id, doc in tables.get("articles", {}).items():
        article_id = doc.get("id")
        if not isinstance(article_id, str) or not ID_RE.match(article_id):
            raise CorruptFileError(f"{path}: article entry {doc_id} has no valid id")
        if not isinstance(doc.get("title"), str) or not isinstance(doc.get("content_hash"), str):
            raise CorruptFileError(f"{path}: article {article_id} lacks a title or hash")
    for doc_id, doc in tables.get("tags", {}).items():
        if not isinstance(doc.get("name"), str):
            raise CorruptFileError(f"{path}: tag entry {doc_id} has no name")
    return tables


def _check_annotations(
    path: Path, article_id: str, body: str | None
) -> dict[str, dict[str, dict[str, Any]]]:
    data = read_json(path)
    if data is None:
        return {}
    tables = check_tables(path, data)
    for doc_id, doc in tables.get("annotations", {}).items():
        for name, kind in _ANNOTATION_FIELDS.items():
            if not isinstance(doc.get(name), kind):
                raise CorruptFileError(f"{path}: annotation {doc_id} has no valid {name!r}")
        if doc["article_id"] != article_id:
            raise CorruptFileError(f"{path}: annotation {doc_id} belongs to {doc['article_id']}")
        tags = doc.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise CorruptFileError(f"{path}: annotation {doc_id} has malformed tags")
        if body is not None and not doc.get("orphan"):
            start, end = doc["start"], doc["end"]
            if not 0 <= start < end <= len(body) or body[start:end] != doc["quote"]:
                raise CorruptFileError(
                    f"{path}: annotation {doc_id} does not match the text at {start}-{end}"
                )
    return tables


def _shared_ids(folder: Path, owners: dict[str, list[str]]) -> list[Problem]:
    """One problem per annotation id held by two annotations or more: undo,
    export and import-annotations find an annotation by its id, and would take
    one for the other."""
    problems = []
    for ident, articles in owners.items():
        if len(articles) < 2:
            continue
        reason = (
            f"annotation id {ident} is given to {len(articles)} annotations, "
            f"of {'article' if len(set(articles)) == 1 else 'articles'} "
            f"{', '.join(dict.fromkeys(articles))}"
        )
        if len(set(articles)) == len(articles):
            problems.append(Problem(folder, reason, shared_id=(ident, tuple(articles))))
        else:
            # Twice in one file: a change by id cannot tell the two apart.
            problems.append(
                Problem(
                    folder,
                    reason,
                    remedy="an export names them alike and a re-import merges them: delete "
                    "one and tag its passage again",
                    advice_only=True,
                )
            )
    return problems


def _lost_annotations(root: Path, entries: Any) -> list[Problem]:
    """Annotations files gone from articles that had annotations. library.json
    counts no article's annotations; its backups hold them: newsread removes
    an annotations file only with its article, so a good backup with
    annotations, taken after the article was imported, means the file was
    deleted outside newsread. Without a backup, the search index's count for
    the same index entry is the only trace left."""
    problems = []
    indexed: dict[str, tuple[int, str, str]] | None = None
    for doc in entries:
        rel = f"annotations/{doc['id']}.json"
        path = root / rel
        if path.exists():
            continue

        def check(p: Path, article_id: str = doc["id"]) -> dict[str, dict[str, dict[str, Any]]]:
            return _check_annotations(p, article_id, None)

        backup = _good_backup(root, rel, check) if backups_of(root, rel) else None
        if backup is not None and _taken_after(backup, doc.get("imported")):
            held = len(check(backup).get("annotations", {}))
            if held:
                problems.append(Problem(path, _missing(held, "the article had"), backup))
            continue
        # A file written once has no backup; the search index may still count
        # what it held, for as long as no search has noticed it gone.
        if indexed is None:
            indexed = _indexed_counts(root)
        count, ann_fp, meta_fp = indexed.get(doc["id"], (0, "-", ""))
        if (
            count
            and ann_fp != "-"
            and meta_fp == meta_fingerprint(doc)
            and not _set_aside_since_indexed(root, rel)
        ):
            problems.append(
                Problem(
                    path,
                    _missing(count, "the search index counted"),
                    remedy="the library holds no copy of it: put it back from a copy "
                    "of the library folder if you have one; newsread index accepts the loss",
                    advice_only=True,
                )
            )
    return problems


def _set_aside_since_indexed(root: Path, rel: str) -> bool:
    """--set-aside moved the file after the search index last wrote: the
    index's count is of the file set aside, not of one deleted by hand."""
    folder = backup_folder(root, rel)
    aside = [p for p in folder.glob("damaged-*.bad")] if folder.is_dir() else []
    if not aside:
        return False
    written = 0
    for name in (SEARCH_FILE, SEARCH_FILE + "-wal"):
        try:
            written = max(written, (root / name).stat().st_mtime_ns)
        except OSError:
            continue
    for copy in aside:
        try:
            moved = int(copy.stem.removeprefix("damaged-"))
        except ValueError:
            continue
        if moved >= written:
            return True
    return False


def _missing(count: int, who: str) -> str:
    return (
        f"missing, though {who} {count} annotation{'' if count == 1 else 's'} "
        "(deleted outside newsread?)"
    )


def _indexed_counts(root: Path) -> dict[str, tuple[int, str, str]]:
    """Article id -> (annotations, annotations file stamp, entry fingerprint)
    as the search index last saw them; {} without a readable index. Opened
    read-only: doctor changes no cache but through --restore."""
    path = root / SEARCH_FILE
    if not path.is_file():
        return {}
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            rows = conn.execute("SELECT article_id, annotations, ann_fp, meta_fp FROM docs")
            return {aid: (n, ann, meta) for aid, n, ann, meta in rows}
        finally:
            conn.close()
    except sqlite3.Error:
        return {}


def _taken_after(backup: Path, imported: object) -> bool:
    """The backup was taken after the article's import: not the one kept when
    an earlier article of the same id was removed. A second's margin, as
    ``imported`` is written to the second."""
    try:
        taken = int(backup.stem) / 1e9
        since = datetime.fromisoformat(str(imported)).timestamp()
    except (ValueError, OverflowError, OSError):
        return False
    return taken > since + 1


def _check_history(path: Path) -> None:
    data = read_json(path)
    if data is None:
        return
    journal = check_tables(path, data).get("journal", {})
    for doc in journal.values():
        if not isinstance(doc.get("groups", []), list):
            raise CorruptFileError(f"{path}: undo journal is malformed")


def _check_plain_tables(path: Path) -> None:
    data = read_json(path)
    if data is not None:
        check_tables(path, data)


def _read_body(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError as exc:
        raise CorruptFileError(f"{path}: body file is missing") from exc
    except UnicodeDecodeError as exc:
        raise CorruptFileError(f"{path}: not valid UTF-8 (byte {exc.start})") from exc
    except OSError as exc:
        raise CorruptFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def _good_backup(root: Path, rel: str, check) -> Path | None:
    for candidate in backups_of(root, rel):
        try:
            check(candidate)
        except CorruptFileError:
            continue
        return candidate
    return None


def _problem(root: Path, path: Path, exc: CorruptFileError, check) -> Problem:
    rel = path.relative_to(root).as_posix()
    reason = str(exc).removeprefix(f"{path}: ")
    return Problem(path, reason, _good_backup(root, rel, check))


def diagnose(root: Path, hints: list[str] | None = None) -> list[Problem]:
    """Every problem found, each with what --restore would do about it.

    ``hints``, when given, receives what is worth a look but is no damage:
    annotations an older newsread placed on changed words with an edge off
    its words (see storage.placement_hints)."""
    problems: list[Problem] = []
    if (root / JOURNAL).exists():
        problems.append(
            Problem(
                root / JOURNAL,
                "an interrupted change is waiting to be completed",
                None,
                True,
                "--restore completes it (as the next command would)",
            )
        )
    leftovers = [p for p in (root / TMP_DIR).glob("*.tmp")] if (root / TMP_DIR).is_dir() else []
    for leftover in leftovers:
        problems.append(
            Problem(
                leftover,
                "temp file left by an interrupted write",
                None,
                True,
                "--restore removes it: the file it was to replace is whole",
            )
        )

    index = root / "library.json"
    bodies: dict[str, str | None] = {}
    try:
        tables = _check_library_json(index)
    except CorruptFileError as exc:
        problems.append(_problem(root, index, exc, _check_library_json))
        tables = {}
    for doc in tables.get("articles", {}).values():
        path = root / "bodies" / f"{doc['id']}.txt"
        remedy = reimport_hint(doc.get("url_or_path"), doc.get("feed"))
        try:
            body = _read_body(path)
        except CorruptFileError as exc:
            problems.append(Problem(path, str(exc).removeprefix(f"{path}: "), remedy=remedy))
            bodies[doc["id"]] = None
            continue
        if content_hash(body) != doc["content_hash"]:
            # Once, here: its annotations are then not checked against the
            # wrong text (they are whole; it is the body that is not).
            problems.append(
                Problem(path, f"{CHANGED} (cut short or edited by hand?)", remedy=remedy)
            )
            bodies[doc["id"]] = None
            continue
        bodies[doc["id"]] = body

    folder = root / "annotations"
    if folder.exists() and not folder.is_dir():
        problems.append(Problem(folder, "should be a folder of annotation files"))
    elif folder.is_dir():
        #: annotation id -> the articles whose files hold an annotation with it
        owners: dict[str, list[str]] = {}
        annotation_docs: list[dict[str, Any]] = []
        for path in sorted(folder.glob("*.json")):
            body = bodies.get(path.stem)

            def check(
                p: Path, body: str | None = body, article_id: str = path.stem
            ) -> dict[str, dict[str, dict[str, Any]]]:
                return _check_annotations(p, article_id, body)

            try:
                found = check(path)
            except CorruptFileError as exc:
                problem = _problem(root, path, exc, check)
                # Only a file that cannot be read at all: one whose annotations
                # miss their words is readable, and setting it aside would
                # take the good ones with it.
                problem.set_aside = problem.backup is None and _unreadable(path)
                problems.append(problem)
                continue
            for doc in found.get("annotations", {}).values():
                owners.setdefault(doc["id"], []).append(path.stem)
                annotation_docs.append(doc)
            rejected = rejections_in(found)
            if tables and path.stem not in bodies:
                if found.get("annotations") or not rejected:
                    problems.append(
                        Problem(path, "annotations of an article that is not in the library")
                    )
                problems.extend(
                    Problem(path, f"{describe(r)} of an article that is not in the library")
                    for r in rejected
                )
            elif body is not None:
                problems.extend(
                    Problem(path, reason, rejection=True)
                    for reason in stale_reasons(rejected, body)
                )
                problems.extend(
                    Problem(path, reason, held_span=True)
                    for reason in stale_held_reasons(found.get("annotations", {}).values(), body)
                )
                if hints is not None:
                    hints.extend(
                        f"{path}: {hint}"
                        for hint in cut_placements(found.get("annotations", {}).values(), body)
                    )
        problems.extend(_shared_ids(folder, owners))
        problems.extend(_tag_problems(index, stored_tag_names(tables, annotation_docs)))
        # An unreadable library.json lists no tags: it is the problem then.
        missing = missing_from_table(tables, annotation_docs) if tables else []
        if missing:
            problems.append(Problem(index, missing_reason(missing), missing_tags=tuple(missing)))
    problems.extend(_lost_annotations(root, tables.get("articles", {}).values()))

    history = root / "history.json"
    try:
        _check_history(history)
    except CorruptFileError as exc:
        problems.append(_problem(root, history, exc, _check_history))

    reading = root / "reading.json"
    try:
        _check_plain_tables(reading)
    except CorruptFileError as exc:
        problems.append(_problem(root, reading, exc, _check_plain_tables))

    # Derived from library.json and checked against it whenever it is read, so a
    # stale or damaged one costs speed, never data: --restore removes it.
    spans_problem = check_spans(root)
    if spans_problem is not None:
        problems.append(Problem(root / SPANS_FILE, spans_problem, None, disposable=True))

    analysis = root / "analysis"
    if analysis.is_dir():
        for path in sorted(analysis.glob("*.json")):
            try:
                if not isinstance(read_json(path), dict):
                    raise CorruptFileError(f"{path}: not a cached analysis")
            except CorruptFileError as exc:
                problems.append(
                    Problem(path, str(exc).removeprefix(f"{path}: "), None, disposable=True)
                )
    return problems


def _tag_problems(index: Path, names: set[str]) -> list[Problem]:
    """Tags that break the tag rule: look-alikes to merge, names to rename."""
    problems = [
        Problem(index, look_alike_reason(group), look_alike=tuple(group))
        for group in look_alikes(names)
    ]
    problems.extend(
        Problem(
            index,
            reason,
            remedy="rename it in the app's tag manager (r) to a name without them",
            advice_only=True,
        )
        for reason in refused_names(names)
    )
    return problems


def restore(root: Path, problems: list[Problem], set_aside: bool = False) -> list[str]:
    """Fix what can be fixed; return one line per action taken. With
    ``set_aside``, an unreadable annotations file without a good backup is
    moved among the backups (never deleted): its article's annotations start
    empty and every command can read the library again."""
    done: list[str] = []
    lock = LibraryLock(root / ".lock")
    with lock.hold():
        if any(p.path.name == JOURNAL or p.path.parent.name == TMP_DIR for p in problems):
            recover(root)
            done.append("completed the interrupted change and removed temp files")
        for problem in problems:
            if problem.set_aside and set_aside:
                done.extend(_set_aside(root, problem.path))
                continue
            if problem.backup is not None:
                rel = problem.path.relative_to(root).as_posix()
                # The damaged file is kept beside the backups, under a name that
                # is never mistaken for one.
                if problem.path.exists():
                    aside = backup_folder(root, rel) / f"damaged-{time.time_ns()}.bad"
                    aside.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(problem.path, aside)
                atomic_write_bytes(problem.path, problem.backup.read_bytes(), root / TMP_DIR)
                # A backup is the file as it was before its last change: that
                # change is not in it, and the user should hear so.
                done.append(
                    f"restored {problem.path} from its backup{_taken(problem.backup)}; "
                    "a change made to it after that is lost (the damaged file is kept "
                    "among the backups)"
                )
            elif problem.disposable and problem.path.exists():
                problem.path.unlink()
                done.append(f"removed {problem.path}")
    # Through a Library, after the lock above is let go: its transactions take
    # the lock themselves (flock is not shared between two descriptors).
    stale = dict.fromkeys(p.path.stem for p in problems if p.rejection)
    if stale:
        done.extend(place_stale(root, stale))
    held = dict.fromkeys(p.path.stem for p in problems if p.held_span)
    if held:
        done.extend(place_stale_held(root, held))
    shared = dict(p.shared_id for p in problems if p.shared_id is not None)
    if shared:
        done.extend(renew_shared_ids(root, shared))
    alike = [p.look_alike for p in problems if p.look_alike]
    if alike:
        done.extend(merge_look_alikes(root, alike))
    index = root / "library.json"
    if any(p.missing_tags or p.path == index and p.backup is not None for p in problems):
        # After the merges (a spelling merged away needs no row), and after a
        # library.json put back from a backup made before a tag was added.
        done.extend(add_missing_tags(root))
    return done


def _unreadable(path: Path) -> bool:
    try:
        _check_annotations(path, path.stem, None)
    except CorruptFileError:
        return True
    return False


def _set_aside(root: Path, path: Path) -> list[str]:
    """(Under the lock.) Move a damaged annotations file beside its backups, as
    --restore keeps a damaged file it replaces: one rename, so its bytes are
    whole under one name or the other whenever the process stops."""
    if not _unreadable(path):
        # Read fresh under the lock: mended (or put back) since it was checked.
        return [] if not path.exists() else [f"{path} reads well now: left as it is"]
    rel = path.relative_to(root).as_posix()
    aside = backup_folder(root, rel) / f"damaged-{time.time_ns()}.bad"
    move_file(path, aside)
    return [
        f"set {path} aside as {aside}; this article's annotations start empty "
        "(the damaged file is kept there: nothing was deleted)"
    ]


def _taken(backup: Path) -> str:
    """ " of <time>" from a backup's name (the nanoseconds it was taken), else ""."""
    try:
        when = datetime.fromtimestamp(int(backup.stem) / 1e9)
    except (ValueError, OverflowError, OSError):
        return ""
    return f" of {when:%Y-%m-%d %H:%M:%S}"


def check_folder(root: Path) -> Path:
    if not root.is_dir():
        raise LibraryError(f"{root}: no library here")
    if not (root / "library.json").exists() and not backups_of(root, "library.json"):
        raise LibraryError(f"{root}: not a newsread library (no library.json)")
    return root
