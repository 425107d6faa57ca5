"""Checks around a conversion: the input is what it claims, the output is PDF/A.

LibreOffice exits 0 on most failures and turns random bytes named .docx
into a garbage PDF, so every input is checked before and every output
after (TOOLCHAIN.md).
"""

from __future__ import annotations

import functools
import re
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import pikepdf
from defusedxml import ElementTree

from generator.base.memo import Memo
from generator.convert.jobs import PLAIN_PDF
from generator.errors import DependencyError

SYSTEM_PYTHON = "/usr/bin/python3"
DEBIAN_PACKAGES = "libreoffice-writer-nogui libreoffice-calc-nogui python3-uno"

# Main part content types per extension (plain, macro-enabled and template).
MAIN_TYPES = {
    ".docx": {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    },
    ".xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    },
}
KIND = {".docx": "Word (.docx)", ".xlsx": "Excel (.xlsx)"}
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


# Verdicts on files already checked in this process, by device, inode, size and mtime: each
# stage of the demo (and every request of the web server) hands the workspace's documents to
# the converter again, and the check reads every member of the archive (106 checks of some
# 20 files in one demo). A file changed or replaced in any way is checked afresh.
_CHECKED: Memo[str] = Memo(entries=1024)
_FINE = ""


def validate_source(path: Path) -> str | None:
    """Return why ``path`` cannot be converted (Indonesian), or None if it looks fine."""
    ext = path.suffix.lower()
    if ext not in MAIN_TYPES:
        return "hanya dokumen Word (.docx) dan Excel (.xlsx) yang dapat dikonversi ke PDF"
    try:
        info = path.stat()
    except OSError:
        return "berkas tidak ditemukan"
    if not stat.S_ISREG(info.st_mode):
        return "berkas tidak ditemukan"
    key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    known = _CHECKED.get(key)
    if known is None:
        known = _check_archive(path, ext) or _FINE
        _CHECKED.put(key, known)
    return known or None


def _check_archive(path: Path, ext: str) -> str | None:
    kind = KIND[ext]
    if not zipfile.is_zipfile(path):
        return f"bukan berkas {kind} yang sah (rusak, terpotong, atau dilindungi kata sandi)"
    try:
        with zipfile.ZipFile(path) as zf:
            if zf.testzip() is not None:
                return f"berkas {kind} rusak (isi arsip tidak utuh)"
            root = ElementTree.fromstring(zf.read("[Content_Types].xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, EOFError):
        return f"bukan berkas {kind} yang sah (struktur isi tidak dikenali)"
    types = {el.get("ContentType") for el in root.iter(f"{CT_NS}Override")}
    if not types & MAIN_TYPES[ext]:
        return f"isi berkas bukan dokumen {kind}; periksa ekstensi namanya"
    return None


def pdfa_claim(pdf: Path) -> tuple[int, str] | None:
    """The PDF/A part and conformance the XMP metadata of ``pdf`` claims, e.g. ``(2, "B")``."""
    try:
        with pikepdf.open(pdf) as doc:
            meta = doc.open_metadata()
            part = meta.get("pdfaid:part")
            conformance = meta.get("pdfaid:conformance")
    except (pikepdf.PdfError, OSError, ValueError):
        return None
    if part is None:
        return None
    try:
        return int(str(part)), str(conformance or "").upper()
    except ValueError:
        return None


# The claim in an XMP packet stored uncompressed, as LibreOffice stores it (element or
# attribute form of the XMP).
_PART = re.compile(rb"<pdfaid:part\b[^>]*>\s*(\d+)\s*</pdfaid:part>|pdfaid:part=[\"'](\d+)[\"']")
_CONFORMANCE = re.compile(
    rb"<pdfaid:conformance\b[^>]*>\s*([A-Za-z])\s*</pdfaid:conformance>|pdfaid:conformance=[\"']([A-Za-z])[\"']"
)
_CHUNK = 1 << 22


def xmp_claim(pdf: Path) -> tuple[int, str] | None:
    """The PDF/A claim of an uncompressed XMP packet of ``pdf``, found by reading the file in
    chunks; None when there is none (a compressed packet: ask ``pdfa_claim``).

    Opening a PDF with pikepdf reads its whole cross-reference table: the LKj of 2,000
    indicators (2,568 pages, 669,000 objects) took 4.8 s and 995 MiB in kinerja to read
    one claim, after every conversion and on every reuse from the cache. This reads it in
    0.1 s with 4 MiB of memory.
    """
    carry = b""
    with pdf.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            window = carry + chunk
            found = _PART.search(window)
            if found:
                around = window[max(0, found.start() - 4096) :] + fh.read(4096)
                conformance = _CONFORMANCE.search(around)
                letter = (conformance.group(1) or conformance.group(2)) if conformance else b""
                return int(found.group(1) or found.group(2)), letter.decode().upper()
            carry = window[-256:]
    return None


def check_output(pdf: Path, pdfa: int) -> str | None:
    """Return why ``pdf`` is not the expected PDF/A output (Indonesian), or None; for
    ``PLAIN_PDF``, why it is not a PDF."""
    try:
        with pdf.open("rb") as fh:
            head = fh.read(5)
    except OSError:
        return "LibreOffice tidak menghasilkan PDF"
    if not head:
        return "PDF hasil konversi kosong"
    if head != b"%PDF-":
        return "hasil konversi bukan PDF"
    if pdfa == PLAIN_PDF:
        return None
    claim = xmp_claim(pdf) or pdfa_claim(pdf)
    if claim is None or claim[0] != pdfa:
        return f"PDF hasil konversi tidak berstatus PDF/A-{pdfa}"
    return None


@functools.lru_cache(maxsize=1)
def _uno_importable(python: str) -> bool:
    try:
        done = subprocess.run(
            [python, "-c", "import uno"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def check_available(soffice: str = "soffice", python: str = SYSTEM_PYTHON) -> None:
    """Raise DependencyError unless LibreOffice and python3-uno are installed."""
    missing: list[str] = []
    if shutil.which(soffice) is None:
        missing.append("LibreOffice (program soffice)")
    if not Path(python).is_file() or not _uno_importable(python):
        missing.append(f"modul Python 'uno' untuk {python}")
    if missing:
        raise DependencyError(
            "Konversi ke PDF membutuhkan " + " dan ".join(missing) + ", yang belum terpasang.",
            hint=f"Pasang paket Debian: sudo apt-get install {DEBIAN_PACKAGES}",
        )
