"""The archive bundle: one PDF/A-3b file with every document of a periode.

Order: cover, Daftar Isi, the documents in SOP order, the manifest page. The
originals (docx/xlsx) and manifest.json ride along as PDF/A-3 associated files.

Merging copies pages with pikepdf's object API, stream data as it is, with the inherited
page attributes pushed down first (``merge_pdfs``). A merge loses the PDF/A claim, so the
catalog is set afterwards: XMP, OutputIntents, outline, page labels, /Lang, attachments.

/Info deliberately has no /Producer and no /ModDate: pyHanko rewrites both
when signing, in /Info and XMP separately, and PDF/A wants the two to agree.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zlib
from collections.abc import Sequence
from pathlib import Path

import pikepdf

from generator.base.bounded import ChildFailed, TimeLimitExceeded, run_module
from generator.base.fsutil import sha256_file
from generator.base.heap import keep_large_blocks_mapped, release_freed_memory
from generator.base.pdfconcat import concat, open_part
from generator.errors import InputError
from generator.pdf import bundle_pages, pagehash
from generator.pdf.bundle_catalog import apply_catalog
from generator.pdf.bundle_model import (
    Attachment,
    BundleDocument,
    BundleInfo,
    BundleMeta,
    PlacedDocument,
)

PRODUCER = "kinerja"
OUTLINE_COVER = "Sampul"
OUTLINE_TOC = "Daftar Isi"
OUTLINE_MANIFEST = "Manifest Arsip"
# The embedded record binding every document's pages to its original (read by verify_pages):
# a JSON stream in the catalog, inside what the signature covers.
PAGES_RECORD_KEY = "/KinerjaHalaman"
# The record's "versi" is the page fingerprint version that made its "sha256_halaman" (1: the
# archives made before issue 14; verification reads each archive with its own).
PAGES_RECORD_VERSION = pagehash.CURRENT


def _fingerprint(path: Path) -> tuple[str, int]:
    try:
        with open_part(path) as pdf:  # inherited attributes read through the page tree
            return pagehash.pages_fingerprint(pdf.pages, PAGES_RECORD_VERSION), len(pdf.pages)
    except FileNotFoundError as exc:
        raise InputError("Berkas PDF dokumen tidak ditemukan.", file=path) from exc
    except (pikepdf.PdfError, pikepdf.PasswordError) as exc:
        raise InputError(
            "Berkas PDF dokumen rusak atau terkunci sandi.",
            file=path,
            hint="Buat ulang PDF dokumen ini lalu jalankan arsip lagi.",
        ) from exc
    except pagehash.TooComplex as exc:
        raise InputError(
            f"Sidik halaman PDF dokumen ini tidak dapat dihitung: {exc}.",
            file=path,
            hint="Buat ulang PDF dokumen ini dari berkas aslinya lalu jalankan arsip lagi.",
        ) from exc


# Parts larger than this together are merged in a process of its own (``pdfconcat``): qpdf
# holds every page's objects while it merges, 112 MiB for the 2,800 pages of the LKj of 2,000
# indicators, on top of the 170 MiB arsip's process held there already (pyHanko, the pages'
# fingerprints): 273-304 MiB at its peak. Below it a fresh interpreter (0.1 s) is not worth
# what it saves; the demo's archive is about 3 MB.
MERGE_APART_BYTES = 24 * 1024 * 1024
MERGE_TIMEOUT_S = 600.0  # the 2,000-indicator archive merges in about 2 s


def merge_pdfs(parts: Sequence[Path], out: Path) -> int:
    """Concatenate ``parts`` into ``out`` and return its number of pages (stream data copied as
    it is: re-encoding 200 MiB of images costs seconds and changes bytes of the documents for
    nothing; PDF/A catalog entries are not carried: set them afterwards). Memory grows with the
    objects the pages use, not with the files (``pdfconcat.concat``); large merges run in a
    process of their own."""
    try:
        total = sum(part.stat().st_size for part in set(parts))
        if total <= MERGE_APART_BYTES:
            return concat(parts, out)
        return _merge_apart(parts, out)
    except (pikepdf.PdfError, pikepdf.PasswordError, OSError) as exc:
        raise InputError(f"Penggabungan PDF gagal: {exc}") from exc


def _merge_apart(parts: Sequence[Path], out: Path) -> int:
    argv = [str(out), *map(str, parts)]
    try:
        written = run_module("generator.base.pdfconcat", argv, timeout=MERGE_TIMEOUT_S)
    except (ChildFailed, TimeLimitExceeded) as exc:
        raise OSError(str(exc)) from exc
    try:
        return int(written)
    except ValueError as exc:
        raise OSError(f"jumlah halaman tidak terbaca: {written[:80]!r}") from exc


def build_bundle(
    documents: Sequence[BundleDocument],
    attachments: Sequence[Attachment],
    meta: BundleMeta,
    out_path: Path,
) -> BundleInfo:
    """Build the archive PDF at ``out_path`` (written atomically)."""
    if not documents:
        raise InputError("Tidak ada dokumen untuk diarsipkan.")
    keep_large_blocks_mapped()
    names = [a.name for a in attachments]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InputError(f"Nama lampiran ganda: {', '.join(duplicates)}.")
    counts = []
    for doc in documents:
        doc.pages_sha256, count = _fingerprint(doc.pdf)
        counts.append(count)
    release_freed_memory()
    for att in attachments:
        if not att.path.is_file():
            raise InputError("Berkas lampiran tidak ditemukan.", file=att.path)

    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_path.parent, prefix=".arsip-") as tmp_name:
        tmp = Path(tmp_name)
        stamp_box = bundle_pages.render_cover(meta, tmp / "cover.pdf")
        toc_pages = 1
        for _ in range(3):  # the Daftar Isi's length decides no label of its own
            placed, manifest_label = _place(documents, counts, 1 + toc_pages)
            lines = [
                bundle_pages.TocLine(d.step, d.step_title, d.title, p.page_label)
                for d, p in zip(documents, placed, strict=True)
            ]
            extra = [(OUTLINE_MANIFEST, str(manifest_label))]
            rendered = bundle_pages.render_daftar_isi(lines, extra, tmp / "toc.pdf")
            if rendered == toc_pages:
                break
            toc_pages = rendered
        rows = [
            bundle_pages.AttachmentRow(a.name, a.path.stat().st_size, sha256_file(a.path))
            for a in attachments
        ]
        manifest_pages = bundle_pages.render_manifest(
            meta, documents, rows, manifest_label, tmp / "manifest.pdf"
        )
        merged = tmp / "merged.pdf"
        parts = [
            tmp / "cover.pdf",
            tmp / "toc.pdf",
            *(d.pdf for d in documents),
            tmp / "manifest.pdf",
        ]
        pages = merge_pdfs(parts, merged)
        front = 1 + toc_pages
        manifest_first = front + sum(counts)
        total = manifest_first + manifest_pages
        staged = tmp / "final.pdf"
        with pikepdf.open(merged) as pdf:
            if pages != total:  # pragma: no cover - qpdf contract
                raise InputError("Jumlah halaman hasil penggabungan tidak sesuai.")
            apply_catalog(
                pdf,
                meta,
                sources=[d.pdf for d in documents],
                outline=_outline(documents, placed, toc_index=1, manifest_index=manifest_first),
                front_pages=front,
                attachments=[(a, _relationship(a)) for a in attachments],
                producer=PRODUCER,
            )
            record = _pages_record(documents, placed, meta).encode("utf-8")
            pdf.Root[PAGES_RECORD_KEY] = pdf.make_stream(zlib.compress(record, 9))
            pdf.Root[PAGES_RECORD_KEY].Filter = pikepdf.Name.FlateDecode
            pdf.save(
                staged,
                fix_metadata_version=False,
                compress_streams=False,  # new streams come compressed (see bundle_catalog)
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
            )
        os.replace(staged, out_path)
    release_freed_memory()  # before the bundle is signed
    return BundleInfo(
        path=out_path,
        page_count=total,
        documents=placed,
        stamp_page=0,
        stamp_box=stamp_box,
        manifest_first_page=manifest_first,
        attachments={r.name: r.sha256 for r in rows},
    )


def _pages_record(
    documents: Sequence[BundleDocument], placed: Sequence[PlacedDocument], meta: BundleMeta
) -> str:
    """halaman.json: where each document's pages are, what they show, what they came from."""
    items = [
        {
            "id": doc.doc_id,
            "judul": doc.title,
            "jenis": doc.kind,
            "halaman_awal": where.first_page + 1,
            "jumlah_halaman": where.page_count,
            "sha256_halaman": doc.pages_sha256,
            "sha256_sumber": doc.sha256 if doc.has_original else None,
        }
        for doc, where in zip(documents, placed, strict=True)
    ]
    body = {"versi": PAGES_RECORD_VERSION, "rantai_manifest": meta.chain_head, "dokumen": items}
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def _relationship(att: Attachment) -> str:
    if att.relationship:
        return att.relationship
    return "Data" if att.name == "manifest.json" else "Source"


def _place(
    documents: Sequence[BundleDocument], counts: Sequence[int], front: int
) -> tuple[list[PlacedDocument], int]:
    placed = []
    index, label = front, 1
    for doc, count in zip(documents, counts, strict=True):
        placed.append(PlacedDocument(doc.doc_id, index, count, str(label)))
        index += count
        label += count
    return placed, label


def _outline(
    documents: Sequence[BundleDocument],
    placed: Sequence[PlacedDocument],
    toc_index: int,
    manifest_index: int,
) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """Outline as (title, page, children): cover, toc, one entry per step, manifest."""
    items: list[tuple[str, int, list[tuple[str, int]]]] = [
        (OUTLINE_COVER, 0, []),
        (OUTLINE_TOC, toc_index, []),
    ]
    for doc, where in zip(documents, placed, strict=True):
        title = doc.title + (f" ({doc.bidang})" if doc.bidang else "")
        heading = f"Langkah {doc.step} — {doc.step_title}"
        if items[-1][0] != heading:
            items.append((heading, where.first_page, []))
        items[-1][2].append((title, where.first_page))
    items.append((OUTLINE_MANIFEST, manifest_index, []))
    return items


def list_attachments(pdf_path: Path) -> dict[str, bytes]:
    """Every embedded file of the bundle: name -> content."""
    with pikepdf.open(pdf_path) as pdf:
        return {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}


_HEX = re.compile(r"\b([0-9a-f]{64})\b")


def manifest_page_text(pdf_path: Path) -> str:
    """Text of the manifest pages (from the 'Manifest Arsip' bookmark to the end), without the
    page numbers that the footer prints between the rows of a table that continues."""
    from pypdf import PdfReader

    reader = PdfReader(pdf_path)
    start = None
    for item in reader.outline:
        if not isinstance(item, list) and item.title == OUTLINE_MANIFEST:
            start = reader.get_destination_page_number(item)
    if start is None:  # no outline: look for the heading from the end
        for index in range(len(reader.pages) - 1, -1, -1):
            if bundle_pages.MANIFEST_HEADING in (reader.pages[index].extract_text() or ""):
                start = index
                break
    if start is None:
        return ""
    labels = reader.page_labels
    pages = []
    for index in range(start, len(reader.pages)):
        lines = (reader.pages[index].extract_text() or "").splitlines()
        label = labels[index] if index < len(labels) else str(index + 1)
        for end in (0, -1):
            if lines and lines[end].strip() == label:
                lines.pop(end)
        pages.append("\n".join(lines))
    return "\n".join(pages)


# The header row of the attachments table; reportlab repeats it on every page it spans.
_ATTACHMENT_HEADER = re.compile(r"(?m)^\s*No\s+Nama berkas\s+Ukuran\s+SHA-256\s*$")
_ATTACHMENT_ROW = re.compile(r"(?m)^(\d+)\s+(.+?)\s+([\d.]+) bita\s+([0-9a-f]{64})", re.S)


def read_manifest_page_hashes(pdf_path: Path, text: str | None = None) -> dict[str, str]:
    """Embedded file name -> SHA-256 as printed on the manifest page (``text``: that page's
    text read already by ``manifest_page_text``).

    Names come back with whitespace collapsed (a long name wraps in its cell);
    compare with :func:`normalise_name`.
    """
    text = manifest_page_text(pdf_path) if text is None else text
    _, _, section = text.partition(bundle_pages.ATTACHMENT_HEADING)
    section = _ATTACHMENT_HEADER.sub("", section)
    # Each row reads: number, name (maybe several lines), "N bita", hash.
    return {
        normalise_name(match.group(2)): match.group(4)
        for match in _ATTACHMENT_ROW.finditer(section)
    }


def normalise_name(name: str) -> str:
    return re.sub(r"\s+", "", name)
