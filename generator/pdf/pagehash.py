"""A fingerprint of what a page shows, stable across the bundle's merge.

The merge copies stream data as it is (``streamData: preserve``) and renumbers objects, so
a page is fingerprinted by walking what it draws (content streams, resources, boxes,
rotation, annotations) and hashing every stream's raw bytes and every value, but never an
object number. A document's pages in its own PDF and in the bundle give the same
fingerprint; a replaced or edited page does not. Streams are hashed raw (never decoded):
a compressed bomb costs what its compressed bytes cost.

Two versions, both kept: an archive records which one made its fingerprints (the pages
record's ``versi``) and is verified with that one for as long as it is kept.

- Version 1 feeds everything a page reaches into one running hash, page by page. LibreOffice
  writes one /Resources dictionary for all pages of a document (every font and image of it),
  so each page hashed all of them again: the 2,568-page LKj of 2,000 indicators took 70 s,
  17 MB hashed per page.
- Version 2 (since issue 14) is a Merkle digest (``_Merkle``): an object's digest is made of
  its children's, so an object shared by every page is hashed once per document, and the
  digest does not depend on how the merge shares or renumbers objects. It covers what
  version 1 covers, except that a link to another page of the document counts as that
  page's place, not as its content (that page is in the document's fingerprint anyway).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable
from typing import Any

import pikepdf

# Page keys that decide what a page shows (inherited ones are read through the page tree).
_PAGE_KEYS = ("/Contents", "/Resources", "/MediaBox", "/CropBox", "/Rotate", "/Annots")
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
# Keys that point back up (to the page, the page tree or a parent field) or carry no content.
_SKIP = frozenset({"/Parent", "/P", "/StructParent", "/StructParents", "/Popup"})


def _inherited(page: pikepdf.Dictionary, key: str) -> Any:
    node: Any = page
    for _ in range(64):  # a page tree deeper than this is a loop
        if key in node:
            return node[key]
        if "/Parent" not in node:
            return None
        node = node["/Parent"]
    return None


def _feed(digest: Any, obj: Any, seen: dict[tuple[int, int], int]) -> None:
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        key = obj.objgen
        if key in seen:
            digest.update(b"R%d;" % seen[key])  # a back reference by order of first visit
            return
        seen[key] = len(seen)
    if isinstance(obj, pikepdf.Stream):
        digest.update(b"S")
        _feed_dict(digest, obj.stream_dict, seen, skip_length=True)
        raw = obj.read_raw_bytes()
        digest.update(b"%d:" % len(raw))
        digest.update(raw)
    elif isinstance(obj, pikepdf.Dictionary):
        _feed_dict(digest, obj, seen)
    elif isinstance(obj, pikepdf.Array):
        digest.update(b"[")
        for item in obj:
            _feed(digest, item, seen)
        digest.update(b"]")
    else:
        text = obj.unparse() if isinstance(obj, pikepdf.Object) else repr(obj).encode()
        digest.update(b"V%d:" % len(text))
        digest.update(text)


def _feed_dict(
    digest: Any, obj: Any, seen: dict[tuple[int, int], int], *, skip_length: bool = False
) -> None:
    digest.update(b"<")
    for key in sorted(obj.keys()):
        if key in _SKIP or (skip_length and key == "/Length"):
            continue
        digest.update(key.encode() + b"=")
        _feed(digest, obj[key], seen)
    digest.update(b">")


def page_fingerprint(page: pikepdf.Page | pikepdf.Dictionary) -> str:
    """SHA-256 over what one page shows (version 1)."""
    node = page.obj if isinstance(page, pikepdf.Page) else page
    digest = hashlib.sha256()
    seen: dict[tuple[int, int], int] = {}
    for key in _PAGE_KEYS:
        value = _inherited(node, key) if key in _INHERITED else node.get(key)
        if value is None:
            continue
        digest.update(key.encode() + b"=")
        _feed(digest, value, seen)
    return digest.hexdigest()


def _pages_v1(pages: Iterable[pikepdf.Page]) -> str:
    digest = hashlib.sha256()
    for page in pages:
        digest.update(page_fingerprint(page).encode())
    return digest.hexdigest()


_NO_CYCLE = sys.maxsize
# Objects one fingerprint may walk (version 2). Each object of a document is walked once,
# except those in a reference cycle other than a page link (none in what LibreOffice,
# reportlab and kinerja's scans write): a crafted file could make those exponential, so the
# walk stops here.
MAX_VISITS = 5_000_000


class TooComplex(ValueError):
    """A PDF whose objects refer to each other in more ways than a fingerprint walks."""


class _Merkle:
    """Version 2: a digest per object, made of its kind, its keys and scalar values, its
    stream's raw bytes and its children's digests, so it depends on what an object holds and
    never on where it sits, whether it is shared or direct, or its number. An indirect
    object's digest is computed once per document and reused.

    A reference to a page of the document is its place in the document (a link in the table
    of contents, an annotation's page), not a walk into that page. A reference back to an
    object still being walked (a cycle of any other kind) is its distance up the walk; a
    digest whose walk met one depends on the path, so it is not reused, and ``MAX_VISITS``
    bounds such walks.
    """

    def __init__(self, pages: list[pikepdf.Page]) -> None:
        self.pages = {p.obj.objgen: n for n, p in enumerate(pages) if p.obj.is_indirect}
        self.memo: dict[tuple[int, int], bytes] = {}
        self.open: dict[tuple[int, int], int] = {}  # objects being walked -> depth
        self.visits = 0

    def page(self, page: pikepdf.Page) -> bytes:
        node = page.obj
        parts = [b"P"]
        for name in _PAGE_KEYS:
            value = _inherited(node, name) if name in _INHERITED else node.get(name)
            if value is not None:
                parts += [name.encode(), b"=", self._part(value)[0]]  # fixed names
        return hashlib.sha256(b"".join(parts)).digest()

    def _part(self, obj: Any) -> tuple[bytes, int]:
        """How ``obj`` enters its parent's digest, and the depth of the highest open object
        its walk referred back to (``_NO_CYCLE``: none)."""
        self.visits += 1
        if self.visits > MAX_VISITS:
            limit = f"{MAX_VISITS:_}".replace("_", ".")
            raise TooComplex(f"lebih dari {limit} kunjungan objek dalam satu dokumen")
        if not (isinstance(obj, pikepdf.Object) and obj.is_indirect):
            return self._direct(obj)
        key = obj.objgen
        kept = self.memo.get(key)
        if kept is not None:
            return kept, _NO_CYCLE
        if key in self.pages:
            return b"G%d;" % self.pages[key], _NO_CYCLE
        depth = self.open.get(key)
        if depth is not None:
            return b"C%d;" % (len(self.open) - depth), depth
        depth = len(self.open)
        self.open[key] = depth
        try:
            part, low = self._direct(obj)
        finally:
            del self.open[key]
        if low == _NO_CYCLE:
            self.memo[key] = part
        return part, (low if low < depth else _NO_CYCLE)

    def _direct(self, obj: Any) -> tuple[bytes, int]:
        if isinstance(obj, pikepdf.Stream):
            head, low = self._dict(obj.stream_dict, skip_length=True)
            raw = obj.read_raw_bytes()
            body = hashlib.sha256(b"S" + head + b"%d:" % len(raw))
            body.update(raw)
            return b"H" + body.digest(), low
        if isinstance(obj, pikepdf.Dictionary):
            head, low = self._dict(obj)
            return b"H" + hashlib.sha256(b"D" + head).digest(), low
        if isinstance(obj, pikepdf.Array):
            parts, low = [b"["], _NO_CYCLE
            for item in obj:
                part, item_low = self._part(item)
                parts.append(part)
                low = min(low, item_low)
            parts.append(b"]")
            return b"H" + hashlib.sha256(b"".join(parts)).digest(), low
        text = obj.unparse() if isinstance(obj, pikepdf.Object) else repr(obj).encode()
        return b"V%d:" % len(text) + text, _NO_CYCLE

    def _dict(self, obj: Any, *, skip_length: bool = False) -> tuple[bytes, int]:
        parts, low = [b"<"], _NO_CYCLE
        for key in sorted(obj.keys()):
            if key in _SKIP or (skip_length and key == "/Length"):
                continue
            part, item_low = self._part(obj[key])
            name = key.encode()
            parts += [b"K%d:" % len(name), name, part]  # a name may hold any character
            low = min(low, item_low)
        parts.append(b">")
        return b"".join(parts), low


def _pages_v2(pages: Iterable[pikepdf.Page]) -> str:
    document = list(pages)
    tree = _Merkle(document)  # one per document: what its pages share is hashed once
    digest = hashlib.sha256(b"kinerja-halaman-2")
    for page in document:
        digest.update(tree.page(page))
    return digest.hexdigest()


VERSIONS: dict[int, Callable[[Iterable[pikepdf.Page]], str]] = {1: _pages_v1, 2: _pages_v2}
CURRENT = 2  # what a new archive records


def pages_fingerprint(pages: Iterable[pikepdf.Page], versi: int = CURRENT) -> str:
    """SHA-256 over what consecutive pages (one document of the bundle) show, by fingerprint
    version ``versi`` (a ``KeyError`` for one this kinerja does not know)."""
    return VERSIONS[versi](pages)
