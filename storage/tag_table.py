"""The tags table of ``library.json``: names and colours.

Which annotations carry a tag lives in the shards (storage.shards); renames,
merges and deletions across articles are storage.tag_ops.
"""

from __future__ import annotations

from collections.abc import Iterable

from tinydb import Query

from newsread.model import Tag, next_tag_color
from storage.base import LibraryBase
from storage.errors import LibraryError
from storage.tables import replace_by_key


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
                self._db.table("tags").insert(tag.to_dict())
            return tag

    def apply_tag_changes(self, save: Iterable[Tag] = (), delete: Iterable[str] = ()) -> None:
        """Replace by name (or add) ``save`` and remove the ``delete`` names: one write."""
        upserts = {t.name: t.to_dict() for t in save}
        gone = set(delete) - set(upserts)
        if not upserts and not gone:
            return
        with self.transaction():
            replace_by_key(self._db.table("tags"), "name", upserts, gone)
