"""A long Word document converted in parts reads exactly as the same document converted whole:
every page's text (Daftar Isi, Daftar Tabel and Daftar Gambar page numbers, footers), the
outline, the index links, the PDF/A claim. Real LibreOffice; the part size is made small so
that an LKj of twelve Bidang on F4 in Bookman Old Style is cut into several parts."""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.convert import (
    ConversionJob,
    ConversionResult,
    check_output,
    convert_documents,
    converter_session,
    parts,
)
from generator.convert.jobs import PLAIN_PDF
from tests.lkj import render_lkj_dua_belas_bidang
from tests.pdfcheck import pages

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice tidak terpasang"),
]

SMALL = 20_000


@dataclass
class Converted:
    docx: Path
    whole: Path
    split: Path
    levels: list[int]  # the PDF/A level of each part the office converted, in order


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Converted:
    tmp = tmp_path_factory.mktemp("bagian")
    docx = render_lkj_dua_belas_bidang(tmp / "laporan.docx")
    assert len(parts.plan_parts(docx, tmp / "rencana", SMALL).parts) >= 4
    levels: list[int] = []
    with converter_session(1) as session:
        whole = convert_documents([docx], tmp / "utuh")[docx]  # short: converted whole
        backend = session.backend()
        submit = backend.submit

        def seen(job: ConversionJob) -> Future[ConversionResult]:
            levels.append(job.pdfa)
            return submit(job)

        backend.submit = seen  # type: ignore[method-assign]
        session.part_bytes = SMALL  # the same office, now cutting this document
        split = convert_documents([docx], tmp / "terbagi")[docx]
    return Converted(docx, whole, split, levels)


def _text(pdf: Path) -> list[str]:
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout.split("\f")


def _outline(pdf: pikepdf.Pdf) -> list[tuple[int, str, int, float]]:
    pages = {page.objgen: n for n, page in enumerate(pdf.pages)}
    found: list[tuple[int, str, int, float]] = []

    def walk(item: pikepdf.Object, depth: int) -> None:
        while item is not None:
            dest = item.get("/Dest") or item.A.get("/D")
            found.append((depth, str(item.Title), pages[dest[0].objgen], round(float(dest[3]))))
            if "/First" in item:
                walk(item.First, depth + 1)
            item = item.get("/Next")

    walk(pdf.Root.Outlines.First, 0)
    return found


def _links(pdf: pikepdf.Pdf) -> list[tuple[int, int, float]]:
    pages = {page.objgen: n for n, page in enumerate(pdf.pages)}
    found = []
    for n, page in enumerate(pdf.pages):
        for annot in page.obj.get("/Annots", []):
            dest = annot.get("/Dest") or annot.get("/A", {}).get("/D")
            if isinstance(dest, pikepdf.Array):
                found.append((n, pages[dest[0].objgen], round(float(dest[3]))))
    return found


def test_every_page_reads_as_in_the_whole_document(converted: Converted) -> None:
    whole, split = _text(converted.whole), _text(converted.split)
    assert len(split) == len(whole) > 30
    assert split == whole
    daftar_isi = next(p for p in whole if "DAFTAR ISI" in p)
    assert "BAB III AKUNTABILITAS KINERJA" in daftar_isi


def test_outline_and_index_links_point_where_they_do_in_the_whole(converted: Converted) -> None:
    with pikepdf.open(converted.whole) as whole, pikepdf.open(converted.split) as split:
        assert _outline(split) == _outline(whole)
        links = _links(whole)
        assert len(links) > 20
        assert _links(split) == links


def test_the_parts_make_one_pdfa_without_the_parts_tagged_structure(converted: Converted) -> None:
    assert check_output(converted.split, 2) is None
    with pikepdf.open(converted.split) as split, pikepdf.open(converted.whole) as whole:
        assert "/StructTreeRoot" not in split.Root
        assert "/Dests" not in split.Root  # the bookmarks that found the pages are gone
        assert len(split.Root.OutputIntents) == 1
        meta, whole_meta = split.open_metadata(), whole.open_metadata()
        for key in ("pdfaid:part", "pdfaid:conformance", "dc:title", "dc:creator"):
            assert meta.get(key) == whole_meta.get(key), key
        assert split.docinfo.Title == whole.docinfo.Title
        # the links of the Daftar Isi: printed and shown, as PDF/A wants and as in the whole
        flags = [
            int(annot.get("/F", 0)) for page in split.pages for annot in page.obj.get("/Annots", [])
        ]
        assert len(flags) > 20
        assert set(flags) == {4}


def test_the_front_part_is_converted_untagged(converted: Converted) -> None:
    """Every body part as a PDF/A (its pages are kept as they are), the front part last as a
    plain PDF: LibreOffice tags every PDF/A, and the front part's tags are thrown away."""
    assert len(converted.levels) >= 5
    assert converted.levels == [2] * (len(converted.levels) - 1) + [PLAIN_PDF]


def test_codes_and_column_headers_print_whole(converted: Converted) -> None:
    """No code or header word of a table is broken over two lines (Bookman Old Style on F4,
    Bidang codes of ten characters): the column widths measure each word with the font's own
    glyph widths (``tabel.word_em``). "B05-036" once broke after its hyphen."""
    codes = {
        row.cells[0].text
        for table in Document(str(converted.docx)).tables
        if table.rows[0].cells[0].text == "Kode"
        for row in table.rows[1:]
        if len(row._tr.findall(qn("w:tc"))) > 3  # an indicator's row, not a unit's
    }
    assert len(codes) >= 12 and max(map(len, codes)) >= 10
    headers = {"Realisasi", "Capaian", "Predikat", "Indikator", "Satuan", "Target"}
    seen = {word.text for page in pages(converted.whole) for word in page.words}
    assert sorted((codes | headers) - seen) == []
