"""The Laporan Kinerja docx, read back with python-docx (no LibreOffice here)."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.document import Document as DocxDocument

from generator.base.periode import Periode
from generator.cli import kinerja
from generator.documents.laporan.contoh import MISSING_INDIKATOR, contoh_hasil
from generator.documents.laporan.report import generate_laporan, render_laporan
from generator.errors import StepError
from generator.inputs.load import Inputs, load_inputs
from generator.rules.hasil import HasilRekap
from generator.rules.narasi import angka
from generator.workspace.folder import Workspace

BAD = re.compile(r"\bNone\b|\bnan\b|\{\{|\{%|\}\}", re.IGNORECASE)
CAPTION_NO = re.compile(r"(Tabel|Gambar) [\dL]+\.\d+")
DOT_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d{1,2}(?![\d.])")
CHAPTERS = [
    "KATA PENGANTAR",
    "PERNYATAAN TELAH DIREVIU",
    "IKHTISAR EKSEKUTIF",
    "BAB I PENDAHULUAN",
    "BAB II PERENCANAAN KINERJA",
    "BAB III AKUNTABILITAS KINERJA",
    "BAB IV PENUTUP",
    "LAMPIRAN",
]
ANALYSES = [
    "a. Perbandingan target dan realisasi",
    "b. Perbandingan realisasi dengan tahun-tahun sebelumnya",
    "c. Perbandingan realisasi dengan target akhir Renstra",
    "d. Perbandingan realisasi dengan standar nasional",
    "e. Analisis penyebab keberhasilan atau kegagalan",
    "f. Analisis efisiensi penggunaan sumber daya",
    "g. Program dan kegiatan yang mendukung sasaran",
]


@pytest.fixture(scope="module")
def inputs() -> Inputs:
    return load_inputs()


@pytest.fixture(scope="module")
def hasil(inputs: Inputs) -> HasilRekap:
    return contoh_hasil(inputs)


@pytest.fixture(scope="module")
def docx(
    tmp_path_factory: pytest.TempPathFactory, inputs: Inputs, hasil: HasilRekap
) -> DocxDocument:
    out = tmp_path_factory.mktemp("laporan") / "laporan.docx"
    render_laporan(inputs, hasil, Periode.parse("2025"), out, tanggal=date(2026, 2, 20))
    return Document(str(out))


def _paragraphs(doc: DocxDocument, style: str | None = None) -> list[str]:
    return [p.text for p in doc.paragraphs if style is None or p.style.name == style]


def _all_text(doc: DocxDocument) -> str:
    parts = _paragraphs(doc)
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


def _table_with_caption(doc: DocxDocument, start: str) -> list[list[str]]:
    body = doc.element.body
    captions = [p for p in doc.paragraphs if p.text.startswith(start)]
    assert captions, start
    element = captions[0]._p.getnext()
    while element is not None and element.tag.rsplit("}", 1)[-1] != "tbl":
        element = element.getnext()
    assert element is not None and element.getparent() is body
    table = next(t for t in doc.tables if t._tbl is element)
    return [[c.text for c in row.cells] for row in table.rows]


def test_every_chapter_heading(docx: DocxDocument) -> None:
    headings = _paragraphs(docx, "Heading 1")
    assert headings == CHAPTERS
    assert "A. Capaian Kinerja Organisasi" in _paragraphs(docx, "Heading 2")
    assert "B. Realisasi Anggaran" in _paragraphs(docx, "Heading 2")


def test_seven_analyses_per_sasaran(docx: DocxDocument, inputs: Inputs) -> None:
    n = len(inputs.master.sasaran_list())
    sasaran = _paragraphs(docx, "Heading 3")
    assert len(sasaran) == n and sasaran[0].startswith("1. Sasaran: ")
    analyses = _paragraphs(docx, "Heading 4")
    for title in ANALYSES:
        assert sum(h.startswith(title) for h in analyses) == n, title
    text = _all_text(docx)
    assert text.count("terhadap target akhir Renstra") >= n  # (3)
    assert "standar nasional" in text and "tidak memiliki standar nasional" in text  # (4)
    assert text.count("diperoleh dengan penyerapan anggaran") == n  # (6)
    assert "sehingga penggunaan anggaran" in text


def test_mandatory_tables_and_captions(docx: DocxDocument) -> None:
    captions = _paragraphs(docx, "Keterangan Tabel")
    for needed in (
        "Tabel 2.1 Perjanjian Kinerja",
        "Tabel 3.1 Skala predikat",
        "Realisasi anggaran per program dan kegiatan",
        "Tabel L.1 Perjanjian Kinerja",
        "Tabel L.2 Rekapitulasi capaian kinerja",
    ):
        assert any(needed in c for c in captions), needed
    numbers = [c.split(" ", 2)[1] for c in captions]
    assert len(numbers) == len(set(numbers))  # every caption number once
    figures = _paragraphs(docx, "Keterangan Gambar")
    assert figures[0].startswith("Gambar 3.1 ") and len(figures) >= 3 + 5
    assert len(docx.inline_shapes) == len(figures)


def test_one_row_per_indicator_with_the_recap_numbers(
    docx: DocxDocument, hasil: HasilRekap
) -> None:
    rows = _table_with_caption(docx, "Tabel L.2")
    by_code = {r[0]: r for r in rows[1:] if r[0] in {i.kode for i in hasil.indikator}}
    assert len(by_code) == len(hasil.indikator)
    for i in hasil.indikator:
        row = by_code[i.kode]
        assert row[1] == i.indikator and row[3] == angka(i.target)
        if i.kode == MISSING_INDIKATOR:
            assert row[4] == "belum dilaporkan" and row[5] == "tidak dihitung"
        else:
            assert row[4] == angka(i.realisasi) and row[5] == angka(i.capaian)
            assert row[6] == i.predikat
    budget = _table_with_caption(docx, "Tabel 3.3")  # sasaran 1, analysis (1)
    assert len(budget) == 1 + sum(1 for i in hasil.indikator if i.kode.startswith("SEK"))


def test_budget_total_row(docx: DocxDocument, hasil: HasilRekap) -> None:
    caption = next(
        c for c in _paragraphs(docx, "Keterangan Tabel") if "Realisasi anggaran per" in c
    )
    rows = _table_with_caption(docx, caption.split(" Realisasi")[0])
    total = rows[-1]
    assert total[0] == "JUMLAH SELURUHNYA"
    assert total[3] == angka(hasil.pagu, 0) and total[4] == angka(hasil.realisasi_anggaran, 0)
    assert total[5] == angka(hasil.persen_anggaran)


def test_no_placeholder_and_indonesian_numbers(docx: DocxDocument) -> None:
    text = _all_text(docx)
    assert not BAD.search(text), BAD.search(text)
    assert not re.search(r"[a-z)]\.\.(\s|$)", text), re.search(r".{40}[a-z)]\.\.(\s|$)", text)
    numbers = CAPTION_NO.sub("", text)
    assert not DOT_DECIMAL.search(numbers), DOT_DECIMAL.search(numbers)
    assert "101,55%" in text or re.search(r"\d+,\d+%", text)
    for table in docx.tables[1:]:
        header = [c.text for c in table.rows[0].cells]
        if "Target" in header or "Pagu (Rp)" in header:
            for row in table.rows[1:]:
                assert all(c.text.strip() for c in row.cells), [c.text for c in row.cells]


def test_front_matter_has_roman_and_body_arabic_page_numbers(docx: DocxDocument) -> None:
    fmts = []
    for section in docx.sections:
        pg = section._sectPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pgNumType"
        )
        fmts.append(None if pg is None else pg.get(pg.nsmap["w"].join(["{", "}fmt"])))
    assert fmts[1:] == ["lowerRoman", "decimal"]
    assert "Laporan Kinerja Badan Kesatuan Bangsa dan Politik Tahun 2025" in (
        docx.sections[2].header.paragraphs[0].text
    )


def test_signature_variants_and_no_review_page(
    tmp_path: Path, inputs: Inputs, hasil: HasilRekap
) -> None:
    org = inputs.org
    kepala = org.pejabat.kepala.model_copy(update={"status": "Plt."})
    sekretaris_an = org.pejabat.sekretaris.model_copy(
        update={"atas_nama": "Kepala Badan Kesatuan Bangsa dan Politik"}
    )
    org = org.model_copy(
        update={
            "pejabat": org.pejabat.model_copy(
                update={"kepala": kepala, "sekretaris": sekretaris_an}
            ),
            "laporan": org.laporan.model_copy(update={"direviu": False}),
            "kertas": "F4",
        }
    )
    out = tmp_path / "laporan.docx"
    render_laporan(
        dataclasses.replace(inputs, org=org),
        hasil,
        Periode.parse("2025"),
        out,
        tanggal=date(2026, 2, 20),
    )
    doc = Document(str(out))
    text = _all_text(doc)
    assert "Plt. Kepala Badan Kesatuan Bangsa dan Politik," in text
    assert "PERNYATAAN TELAH DIREVIU" not in _paragraphs(doc, "Heading 1")
    assert round(doc.sections[-1].page_height.mm) == 330


def test_refused_before_step_10(workspace: Workspace) -> None:
    with pytest.raises(StepError, match="langkah 10"):
        generate_laporan(workspace)
    assert workspace.snapshot().find("laporan") is None


def test_cli_refusal_names_the_step(workspace: Workspace) -> None:
    output = workspace.root.parent
    result = CliRunner().invoke(kinerja, ["laporan", "--periode", "2025", "--output", str(output)])
    assert result.exit_code == 1
    assert "langkah 10" in result.output
