"""What a person reads in an archive is what the record says: the page check, and reading the
embedded files of an untrusted PDF within limits.

The bundle keeps, inside what the signature covers, a JSON record (catalog key
``/KinerjaHalaman``) of every document: its page range, the fingerprint of those pages
(``pagehash``) and the SHA-256 of its original. Verification recomputes each range's
fingerprint, finds each original among the embedded files, and finds each page fingerprint
printed on the manifest page. A PDF given to ``verifikasi`` is untrusted: embedded files are
inflated in bounded steps and refused past a limit, so a compressed bomb costs milliseconds.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf

from generator.pdf import pagehash
from generator.pdf.bundle import PAGES_RECORD_KEY, manifest_page_text
from generator.pdf.verify_model import Check

MIB = 1 << 20
# Limits for a PDF given to verifikasi (SECURITY.md lists them).
MAX_PDF_BYTES = 2048 * MIB  # the file given to verifikasi
MAX_ATTACHMENT_BYTES = 64 * MIB  # one embedded file, inflated
MAX_ATTACHMENTS_TOTAL = 256 * MIB  # all embedded files together, inflated
MAX_ATTACHMENTS = 2000
MAX_RECORD_BYTES = 8 * MIB  # the page record
_CHUNK = 1 * MIB


class LimitExceeded(Exception):
    """An embedded stream is larger than a verification limit allows."""


@dataclass
class _Budget:
    left: int = MAX_ATTACHMENTS_TOTAL


def inflate_limited(stream: pikepdf.Stream, limit: int, what: str) -> bytes:
    """The decoded bytes of ``stream`` (no filter or FlateDecode), refused past ``limit``."""
    filters = stream.get("/Filter")
    names = (
        []
        if filters is None
        else list(filters)
        if isinstance(filters, pikepdf.Array)
        else [filters]
    )
    raw = stream.read_raw_bytes()
    if not names:
        if len(raw) > limit:
            raise LimitExceeded(f"{what} lebih dari {limit // MIB} MiB")
        return raw
    if [str(n) for n in names] != ["/FlateDecode"] or "/DecodeParms" in stream:
        raise LimitExceeded(f"{what} memakai penyandian yang tidak dikenal arsip kinerja")
    inflater = zlib.decompressobj()
    out = bytearray()
    pending = raw
    while pending or not inflater.eof:
        try:
            piece = inflater.decompress(pending, min(_CHUNK, limit + 1 - len(out)))
        except zlib.error as exc:
            raise LimitExceeded(f"{what} rusak (data terkompresi tidak sah)") from exc
        out += piece
        if len(out) > limit:
            raise LimitExceeded(f"{what} lebih dari {limit // MIB} MiB setelah dekompresi")
        pending = inflater.unconsumed_tail
        if not piece and not pending:
            break
    return bytes(out)


def read_attachments(pdf: pikepdf.Pdf) -> dict[str, bytes]:
    """Every embedded file: name -> content, within the limits (LimitExceeded past them)."""
    specs = pdf.attachments
    if len(specs) > MAX_ATTACHMENTS:
        raise LimitExceeded(f"lebih dari {MAX_ATTACHMENTS} berkas tertanam")
    budget = _Budget()
    files: dict[str, bytes] = {}
    for name, spec in specs.items():
        stream = spec.obj["/EF"]["/F"]
        if not isinstance(stream, pikepdf.Stream):
            raise LimitExceeded(f"Lampiran {name} bukan berkas tertanam yang sah")
        data = inflate_limited(stream, min(MAX_ATTACHMENT_BYTES, budget.left), f"Lampiran {name}")
        budget.left -= len(data)
        files[name] = data
    return files


def read_pages_record(pdf: pikepdf.Pdf) -> dict[str, Any] | None:
    """The page record of a bundle, or None for an archive made before it existed."""
    stream = pdf.Root.get(PAGES_RECORD_KEY)
    if not isinstance(stream, pikepdf.Stream):
        return None
    data = json.loads(inflate_limited(stream, MAX_RECORD_BYTES, "Catatan halaman"))
    if not isinstance(data, dict) or not isinstance(data.get("dokumen"), list):
        raise ValueError("catatan halaman tidak berbentuk yang dikenal")
    return data


def pages_check(
    pdf_path: Path, pdf: pikepdf.Pdf, hashes: dict[str, str], text: str | None = None
) -> Check:
    """Every document's pages match the record, and the record matches originals and the
    manifest page. ``hashes`` is embedded file name -> SHA-256; ``text`` the manifest page's
    text when the caller has read it already."""
    label = "Halaman dokumen sesuai berkas asli"
    try:
        record = read_pages_record(pdf)
    except (LimitExceeded, ValueError, TypeError) as exc:
        return Check("halaman", label, False, f"Catatan halaman tidak terbaca ({exc}).")
    if record is None:
        return Check(
            "halaman",
            label,
            True,
            "Arsip ini dibuat sebelum kinerja mencatat halaman; hanya berkas tertanam diperiksa.",
            skipped=True,
        )
    versi = record.get("versi", 1)
    if type(versi) is not int or versi not in pagehash.VERSIONS:
        return Check(
            "halaman",
            label,
            False,
            f"Catatan halaman versi {versi!r} tidak dikenal kinerja ini: periksa arsip ini dengan"
            " kinerja versi yang membuatnya atau yang lebih baru.",
        )
    printed = "".join((manifest_page_text(pdf_path) if text is None else text).split())
    originals = set(hashes.values())
    problems: list[str] = []
    total = len(pdf.pages)
    for item in record["dokumen"]:
        try:
            first, count = int(item["halaman_awal"]), int(item["jumlah_halaman"])
            ident, pages_hash = str(item["id"]), str(item["sha256_halaman"])
            source = item.get("sha256_sumber")
        except (KeyError, TypeError, ValueError):
            return Check("halaman", label, False, "Catatan halaman tidak lengkap.")
        if first < 1 or count < 1 or first - 1 + count > total:
            problems.append(f"{ident}: halaman {first}–{first + count - 1} tidak ada")
            continue
        try:
            shown = pagehash.pages_fingerprint(pdf.pages[first - 1 : first - 1 + count], versi)
        except pagehash.TooComplex as exc:
            problems.append(f"{ident}: sidik halamannya tidak dapat dihitung ({exc})")
            continue
        if shown != pages_hash:
            problems.append(f"{ident}: halaman {first}–{first + count - 1} berbeda dari catatan")
        if source is not None and str(source) not in originals:
            problems.append(f"{ident}: berkas aslinya (SHA-256 {str(source)[:12]}…) tidak tertanam")
        if pages_hash not in printed:
            problems.append(f"{ident}: SHA-256 halamannya tidak tercantum di halaman manifest")
    if problems:
        return Check("halaman", label, False, "; ".join(problems) + ".")
    return Check(
        "halaman",
        label,
        True,
        f"Halaman {len(record['dokumen'])} dokumen cocok dengan catatannya dan berkas aslinya.",
    )


def archive_chain_head(pdf_path: Path) -> tuple[int, str] | None:
    """(seq, hash) of the workspace manifest's last event when the archive was made, as kept
    inside the signed file (None for an archive made before the record existed)."""
    with pikepdf.open(pdf_path) as pdf:
        record = read_pages_record(pdf)
    head = record.get("rantai_manifest") if record else None
    if not isinstance(head, str) or not head.startswith("#") or " " not in head:
        return None
    seq, digest = head[1:].split(" ", 1)
    return int(seq), digest
