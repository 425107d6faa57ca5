"""A fingerprint of what a page shows, stable across the bundle's merge.

The merge copies stream data as it is (``streamData: preserve``) and renumbers objects, so
a page is fingerprinted by walking what it draws (content streams, resources, boxes,
rotation, annotations) and hashing every stream's raw bytes and every value, but never an
object number. A document's pages in its own PDF and in the bundle give the same
fingerprint; a replaced or edited page does not. Streams are hashed raw (never decoded):
a compressed bomb costs what its compressed bytes cost.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
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
    """SHA-256 over what one page shows."""
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


def pages_fingerprint(pages: Iterable[pikepdf.Page]) -> str:
    """SHA-256 over the fingerprints of consecutive pages (one document of the bundle)."""
    digest = hashlib.sha256()
    for page in pages:
        digest.update(page_fingerprint(page).encode())
    return digest.hexdigest()


def document_fingerprint(pdf_path: Any) -> tuple[str, int]:
    """The fingerprint of every page of a PDF file, and its page count."""
    with pikepdf.open(pdf_path) as pdf:
        return pages_fingerprint(pdf.pages), len(pdf.pages)
