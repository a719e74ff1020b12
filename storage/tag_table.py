"""The tags table of ``library.json``: names and colours.

Which annotations carry a tag lives in the shards (storage.shards); renames,
merges and deletions across articles are storage.tag_ops.

A deleted tag leaves a tombstone (``Tag.deleted``, its name and when) in a
table of its own, ``deleted_tags``, so that nothing reading the tags sees it:
an import reads it to leave out the name in a teammate's copy made before the
deletion. Only an undo of the deletion forgets it: the name made anew
keeps it, or a copy made before the deletion would bring the tag back onto
the very annotations it was taken from.
"""

from __future__ import annotations

from collections.abc import Iterable

from tinydb import Query

from newsread.model import Tag, next_tag_color
from storage.base import LibraryBase
from storage.errors import LibraryError
from storage.tables import replace_by_key

#: the table of tombstones (Tag.deleted) in library.json
DELETED = "deleted_tags"


class TagTable(LibraryBase):
    def tags(self) -> list[Tag]:
        return sorted(
            (Tag.from_dict(d) for d in self._db.table("tags").all()),
            key=lambda t: t.name.casefold(),
        )

    def get_tag(self, name: str) -> Tag | None:
        doc = self._db.table("tags").get(Query().name == name)
        return None if doc is None else Tag.from_dict(doc)

    def propose_tag(self, name: str) -> Tag:
        """The stored tag of that name, or a new (unsaved) one in the first palette
        colour no stored tag uses."""
        name = name.strip()
        if not name:
            raise LibraryError("a tag needs a name")
        existing = self.get_tag(name)
        if existing is not None:
            return existing
        stored = self._db.table("tags").all()
        return Tag(name=name, color=next_tag_color([doc.get("color", "") for doc in stored]))

    def ensure_tag(self, name: str, color: str | None = None) -> Tag:
        """The tag of that name, created (with ``color`` if given) when missing."""
        with self.transaction():
            tag = self.propose_tag(name)
            if self.get_tag(tag.name) is None:
                if color:
                    tag = Tag(name=tag.name, color=color)
                self.apply_tag_changes(save=[tag])
            return tag

    def keep_tags(self, names: Iterable[str]) -> list[Tag]:
        """Add the names the table lacks, each in the next palette colour no
        tag uses: every tag an annotation carries is one of the library's (the
        tag manager, the quick keys and the export's tag chooser read the
        table). The tags added; read and written in one transaction."""
        wanted = list(dict.fromkeys(n for n in names if isinstance(n, str) and n))
        if not wanted:
            return []
        with self.transaction():
            stored = self._db.table("tags").all()
            have = {doc.get("name") for doc in stored}
            colours = [doc.get("color", "") for doc in stored]
            added: list[Tag] = []
            for name in wanted:
                if name in have:
                    continue
                added.append(Tag(name=name, color=next_tag_color(colours)))
                colours.append(added[-1].color)
                have.add(name)
            self.apply_tag_changes(save=added)
            return added

    def deleted_tags(self) -> list[Tag]:
        """The tombstones of deleted tags (``Tag.deleted`` set)."""
        return [Tag.from_dict(d) for d in self._db.table(DELETED).all()]

    def apply_tag_changes(
        self, save: Iterable[Tag] = (), delete: Iterable[str] = (), forget: Iterable[str] = ()
    ) -> None:
        """Replace by name (or add) ``save`` and remove the ``delete`` names: one
        write. A tag saved with ``deleted`` set is a tombstone: it replaces the
        tag of its name (and an older tombstone). A tag saved without leaves
        its tombstone: the deletion still happened. ``forget``: names whose
        tombstones go (an undone deletion, which never happened)."""
        saved = list(save)
        live = {t.name: t.to_dict() for t in saved if not t.deleted}
        dead = {t.name: t.to_dict() for t in saved if t.deleted and t.name not in live}
        gone = set(delete) - set(live) - set(dead)
        buried = set(forget) - set(dead)
        if not live and not dead and not gone and not buried:
            return
        with self.transaction():
            if live or dead or gone:
                replace_by_key(self._db.table("tags"), "name", live, (gone | set(dead)) - set(live))
            tombstones = self._db.table(DELETED)
            if dead or (buried and tombstones.contains(Query().name.one_of(sorted(buried)))):
                replace_by_key(tombstones, "name", dead, buried)
