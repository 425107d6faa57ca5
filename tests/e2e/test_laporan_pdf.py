"""The Laporan Kinerja through LibreOffice: Daftar Isi page numbers, fonts, PDF/A, versions.

The PDF is read back with pdftotext page by page: the number the Daftar Isi
gives for a chapter must be the number printed at the foot of the page where
that chapter's heading stands.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest

from generator.base.fsutil import sha256_file
from generator.base.periode import Periode
from generator.convert import converter_session, pdfa_claim
from generator.documents.laporan.contoh import contoh_hasil
from generator.documents.laporan.report import LaporanResult, generate_laporan
from generator.workspace.folder import Workspace

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice tidak terpasang"),
]

CHAPTERS = [
    "KATA PENGANTAR",
    "IKHTISAR EKSEKUTIF",
    "BAB I PENDAHULUAN",
    "BAB II PERENCANAAN KINERJA",
    "BAB III AKUNTABILITAS KINERJA",
    "BAB IV PENUTUP",
    "LAMPIRAN",
]
PART_BYTES_SMALL = 20_000  # the sample's LKj in several parts
TOC_LINE = re.compile(r"^\s*(?P<title>.+?)\s*\.{3,}\s*(?P<page>[ivxlc]+|\d+)\s*$")


@dataclass
class Produced:
    ws: Workspace
    result: LaporanResult
    pages: list[str]


def _approve_step_10(ws: Workspace) -> None:
    with ws.transaction("uji") as journal:
        for no in range(1, 11):
            journal.finish_step(no)


def _pages(pdf: Path) -> list[str]:
    count = int(
        re.search(  # type: ignore[union-attr]
            r"Pages:\s+(\d+)",
            subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout,
        ).group(1)
    )
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


@pytest.fixture(scope="module", params=["utuh", "bagian"])
def produced(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Produced:
    """The sample's LKj converted whole, and converted in parts (generator.convert.parts) as
    a long LKj is: every check below holds for both."""
    ws = Workspace.create(tmp_path_factory.mktemp("lkj") / "output", Periode.parse("2025"))
    _approve_step_10(ws)
    part_bytes = PART_BYTES_SMALL if request.param == "bagian" else None
    with converter_session(1, part_bytes=part_bytes):
        result = generate_laporan(ws, hasil=contoh_hasil(ws.inputs))
    with pikepdf.open(result.pdf) as pdf:  # the parts' tagged structure is not joined
        assert ("/StructTreeRoot" in pdf.Root) == (request.param == "utuh")
    return Produced(ws, result, _pages(result.pdf))


def _printed_number(page: str) -> str:
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return lines[-1]


def _toc(pages: list[str]) -> dict[str, str]:
    start = next(i for i, p in enumerate(pages) if "DAFTAR ISI" in p)
    entries: dict[str, str] = {}
    for page in pages[start:]:
        if "DAFTAR TABEL" in page:
            break
        for line in page.splitlines():
            match = TOC_LINE.match(line)
            if match:
                entries[match["title"].strip()] = match["page"]
    return entries


def test_daftar_isi_numbers_are_the_printed_page_numbers(produced: Produced) -> None:
    toc = _toc(produced.pages)
    first_toc_page = next(i for i, p in enumerate(produced.pages) if "DAFTAR ISI" in p)
    for chapter in CHAPTERS:
        assert chapter in toc, (chapter, toc)
        # the page where the heading stands: its first body line (after the running header)
        where = [
            i
            for i, page in enumerate(produced.pages)
            if i != first_toc_page and chapter in [line.strip() for line in page.splitlines()[:6]]
        ]
        assert where, chapter
        assert _printed_number(produced.pages[where[0]]) == toc[chapter], chapter
    assert toc["BAB I PENDAHULUAN"] == "1" and toc["KATA PENGANTAR"] == "i"


def test_daftar_tabel_and_gambar_are_filled(produced: Produced) -> None:
    text = "\n".join(produced.pages)
    assert re.search(r"Tabel 2\.1 Perjanjian Kinerja Tahun 2025\.{3,}\s*\d+", text)
    assert re.search(r"Gambar 3\.1 Rata-rata capaian kinerja per sasaran\.{3,}\s*\d+", text)


def test_fonts_embedded_and_pdfa_claimed(produced: Produced) -> None:
    pdf = produced.result.pdf
    assert pdfa_claim(pdf) == (2, "B")
    with pikepdf.open(pdf) as opened:
        assert opened.Root.Lang == "id-ID"  # the templates' language: read aloud as Indonesian
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts


def test_registered_with_pdf_and_new_version_after_signing(produced: Produced) -> None:
    ws, result = produced.ws, produced.result
    journal = ws.snapshot()
    doc = journal.find("laporan")
    assert doc is not None and doc.jenis == "laporan" and doc.langkah == 10
    version = doc.latest
    assert version.versi == 1 and version.meta["rekap_versi"] == 2
    assert version.path == ws.relative(result.docx) and version.pdf == ws.relative(result.pdf)
    assert version.sha256 == sha256_file(result.docx)
    # this session's office made that PDF from that docx: the record lets a later arsip use it
    assert version.meta["pdf_sha256"] == sha256_file(result.pdf)
    signed_hash = sha256_file(result.docx)
    with ws.transaction("uji") as j:
        j.set_state(doc.id, "ditandatangani")
    again = generate_laporan(ws, hasil=contoh_hasil(ws.inputs, versi=3))
    assert again.versi == 2 and again.docx != result.docx
    assert sha256_file(result.docx) == signed_hash  # the signed version is untouched
    assert ws.snapshot().find("laporan").latest.meta["rekap_versi"] == 3  # type: ignore[union-attr]
