"""What the archive bundle is made of and what it made: shared by the merge, its pages and its catalog."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass
class BundleDocument:
    """One document of the archive, in SOP order."""

    doc_id: str
    title: str
    kind: str
    step: int
    step_title: str
    version: int
    state: str
    sha256: str
    pdf: Path
    bidang: str | None = None
    # SHA-256 over what its pages show (generator.pdf.pagehash), set by build_bundle.
    pages_sha256: str | None = None
    # A scan has no original among the attachments; every other document has one.
    has_original: bool = True


@dataclass
class Attachment:
    """A file embedded in the bundle (an original, or manifest.json).

    ``relationship`` is the PDF/A-3 /AFRelationship; left empty it is ``Data``
    for manifest.json and ``Source`` for everything else.
    """

    path: Path
    name: str
    mime: str
    description: str
    relationship: str | None = None


@dataclass
class BundleMeta:
    """Document information of the bundle (XMP and /Info)."""

    title: str
    author: str
    subject: str
    keywords: list[str]
    instansi: str
    periode: str
    sop_name: str
    sop_number: str
    created: datetime
    lang: str = "id"
    # The workspace manifest's chain head at archiving ("#seq hash"), printed on the manifest
    # page and kept in halaman.json: a manifest edited and re-chained afterwards disagrees.
    chain_head: str | None = None
    # A warning the cover carries (e.g. documents not signed yet: arsip --belum-lengkap).
    cover_note: str | None = None


@dataclass(frozen=True)
class PlacedDocument:
    """Where a document landed: 0-based page index, page count and printed label."""

    doc_id: str
    first_page: int
    page_count: int
    page_label: str


@dataclass
class BundleInfo:
    """What :func:`build_bundle` made."""

    path: Path
    page_count: int
    documents: list[PlacedDocument]
    stamp_page: int
    stamp_box: tuple[float, float, float, float]
    manifest_first_page: int
    attachments: dict[str, str] = field(default_factory=dict)

    @property
    def start_pages(self) -> dict[str, int]:
        """doc_id -> 0-based index of its first page."""
        return {d.doc_id: d.first_page for d in self.documents}
