"""The LKj of offices unlike the sample (issue 12, points 1 and 2), read back with python-docx."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import docx
import pytest
from docx import Document
from docx.document import Document as DocxDocument

from generator.base.periode import Periode
from generator.documents import charts
from generator.documents.laporan.contoh import contoh_hasil
from generator.documents.laporan.konteks import TANPA_RENSTRA, TANPA_RIWAYAT
from generator.documents.laporan.report import render_laporan
from generator.documents.ragam import dengan_riwayat, kantor_dari, tanpa_opsional
from generator.documents.render import render_docx, template_path
from generator.documents.templates_check import check_templates
from generator.errors import TemplateError
from generator.inputs.load import Inputs, load_inputs
from generator.rules.capaian import default_aturan
from generator.rules.hasil import HasilRekap


def _render(tmp_path: Path, inputs: Inputs, periode: str = "2025", **kw: str) -> DocxDocument:
    out = tmp_path / "laporan.docx"
    hasil = contoh_hasil(inputs, periode, **kw)
    with charts.sketch():  # these tests read the tables and sentences; figures: test_laporan
        render_laporan(inputs, hasil, Periode.parse(periode), out, tanggal=date(2026, 2, 20))
    return Document(str(out))


def _years(years: int) -> Inputs:
    sample = load_inputs()
    return kantor_dari(sample, sample.org, dengan_riwayat(sample.master, 2025, years))


def _text(doc: DocxDocument) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def _history_headers(doc: DocxDocument) -> list[list[str]]:
    return [
        [c.text for c in t.rows[0].cells]
        for t in doc.tables
        if [c.text for c in t.rows[0].cells][:3] == ["No", "Indikator Kinerja", "Satuan"]
        and "Target" not in [c.text for c in t.rows[0].cells]
    ]


@pytest.mark.parametrize("years", [1, 2, 5])
def test_year_columns_are_exactly_the_years_that_exist(tmp_path: Path, years: int) -> None:
    doc = _render(tmp_path, _years(years))
    headers = _history_headers(doc)
    expected = [str(y) for y in range(2025 - years, 2025)] + ["2025"]
    assert headers and all(h[3:] == expected for h in headers), headers
    assert TANPA_RIWAYAT not in _text(doc)


def test_no_history_no_renstra_no_budget_gives_sentences_not_tables(tmp_path: Path) -> None:
    sample = load_inputs()
    doc = _render(
        tmp_path,
        kantor_dari(sample, sample.org, tanpa_opsional(dengan_riwayat(sample.master, 2025, 0))),
    )
    text = _text(doc)
    n = len(sample.master.sasaran_list())
    assert text.count(TANPA_RIWAYAT) == n and text.count(TANPA_RENSTRA) == n
    assert _history_headers(doc) == []
    captions = [p.text for p in doc.paragraphs if p.style.name == "Keterangan Tabel"]
    for gone in ("dari tahun ke tahun", "menuju target akhir Renstra", "Efisiensi anggaran"):
        assert not any(gone in c for c in captions), gone
    assert "belum memuat pagu program dan kegiatan" in text
    numbers = [c.split(" ", 2)[1] for c in captions]
    assert len(numbers) == len(set(numbers))


def test_quarter_names_its_column_and_leaves_the_renstra_pace_to_the_year(tmp_path: Path) -> None:
    doc = _render(tmp_path, _years(2), periode="2025-TW2")
    assert all(h[-1] == "2025 (TW II)" for h in _history_headers(doc))
    text = _text(doc)
    assert "(2025 s.d. Triwulan II)" in text
    assert "laju menuju target akhir Renstra dinilai pada Laporan Kinerja tahunan" in text


def test_a_short_list_is_reported_as_data_not_as_an_unknown_field(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Bab III Akuntabilitas", level=1)
    document.add_paragraph("Tahun: {{ tahun_kolom[3] }}")
    path = tmp_path / "uji.docx"
    document.save(str(path))
    with pytest.raises(TemplateError) as caught:
        render_docx(path, {"tahun_kolom": ["2024", "2025"]}, tmp_path / "out.docx")
    message = caught.value.render()
    assert "tidak dikenal" not in message
    assert "nilai nomor 4" in message and "{{ tahun_kolom[3] }}" in message
    assert "Bab III Akuntabilitas" in message


def test_template_check_renders_other_shapes_of_office(tmp_path: Path) -> None:
    """A laporan template indexing a fixed 4th year passes on the sample (three earlier years)
    but not for an office with fewer: the check renders those too."""
    document = docx.Document()
    document.add_paragraph("{%p for s in sasaran %}")
    document.add_paragraph("{{ s.tahun_kolom[3] }}")
    document.add_paragraph("{%p endfor %}")
    path = tmp_path / "laporan.docx"
    document.save(str(path))
    [report] = check_templates(path)
    assert report.unknown == []
    assert report.errors and "nilai nomor 4" in report.errors[0]
    assert report.errors[0].startswith("kantor tanpa realisasi lalu")


def test_template_check_covers_the_excel_templates(tmp_path: Path) -> None:
    reports = check_templates(template_path("formulir.xlsx"))
    assert [r.template.name for r in reports] == ["formulir.xlsx"] and reports[0].ok
    broken = tmp_path / "rekap.xlsx"
    shutil.copy(template_path("rekap.xlsx"), broken)
    import openpyxl

    wb = openpyxl.load_workbook(broken)
    del wb.defined_names["baris_indikator"]
    wb.save(broken)
    [report] = check_templates(broken)
    assert report.errors and "baris_indikator" in report.errors[0]


def test_lkj_uses_the_scale_of_the_approved_recap(tmp_path: Path) -> None:
    doc = _render(tmp_path, load_inputs(), skala="baik")
    baik = [t.predikat for t in default_aturan().skala_predikat("baik").tingkat]
    scale = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][-1] == "Predikat"
                 and len(t.rows) == len(baik) + 1)  # fmt: skip
    assert [r.cells[-1].text for r in scale.rows[1:]] == baik
    text = _text(doc)
    for other in default_aturan().skala_predikat("permendagri86").tingkat:
        assert other.predikat not in text, other.predikat


def test_a_recap_made_before_the_scale_was_recorded_still_reads() -> None:
    hasil = contoh_hasil(load_inputs(), skala="baik")
    data = hasil.model_dump()
    del data["skala_predikat"], data["rumus"]
    old = HasilRekap.model_validate(data)
    assert old.skala_dipakai() == default_aturan().skala_predikat("baik")
