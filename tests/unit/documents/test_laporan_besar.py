"""The LKj of a large office (issue 14): every figure is split into images no taller than a
page, so neither kinerja nor the office holds a chart of the whole office in one image."""

from __future__ import annotations

import re
import struct
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.base.periode import Periode
from generator.documents import charts
from generator.documents.laporan.contoh import contoh_hasil
from generator.documents.laporan.report import render_laporan
from generator.documents.ragam import dengan_riwayat, kantor_dari
from generator.documents.render import MARGINS_MM, NEVER_SHARE_PAGE_EMU, PAPER_MM
from generator.documents.tabel import TABLE_ROWS
from generator.inputs.load import Inputs, load_inputs
from tests.kantor import Kantor, write_kantor

PAGE_PX = charts.PAGE_H_IN * charts.DPI
EMU_PER_MM = 36_000
EXTENT = re.compile(rb'<wp:extent cx="(\d+)" cy="(\d+)"/>')


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _extent(paragraph: Any) -> Any:
    (extent,) = paragraph.findall(f".//{qn('wp:extent')}")
    return extent


def _seri(n: int) -> list[charts.SeriIndikator]:
    return [
        charts.SeriIndikator(
            f"Persentase layanan nomor {k} yang diselesaikan tepat waktu sesuai standar"
            " pelayanan minimal",
            "%",
            [2022, 2023, 2024, 2025],
            [80.0 + k % 7, None, 90.0, 95.5],
            100.0,
        )
        for k in range(n)
    ]


def test_trend_of_40_indicators_is_split_into_page_sized_images(tmp_path: Path) -> None:
    paths = charts.grafik_tren_halaman(_seri(40), tmp_path / "tren-1.png")
    assert len(paths) >= 3
    assert len(set(paths)) == len(paths)
    for path in paths:
        width, height = _png_size(path.read_bytes())
        assert width <= charts.WIDTH_IN * charts.DPI + 1
        assert height <= PAGE_PX, (path.name, height)


def test_a_small_trend_stays_one_image_with_its_own_name(tmp_path: Path) -> None:
    out = tmp_path / "tren-1.png"
    assert charts.grafik_tren_halaman(_seri(3), out) == [out]


def test_capaian_of_many_sasaran_is_split_evenly(tmp_path: Path) -> None:
    labels = [f"Sasaran {k}" for k in range(1, 181)]
    values: list[float | None] = [90.0 + k % 20 for k in range(180)]
    values[7] = None
    paths = charts.grafik_capaian_halaman(labels, values, tmp_path / "sasaran.png", sumbu="")
    assert len(paths) == -(-180 // charts.BARS_PER_IMAGE)
    heights = [_png_size(p.read_bytes())[1] for p in paths]
    assert max(heights) <= PAGE_PX
    assert max(heights) - min(heights) <= 0.45 * charts.DPI  # even parts, not a stub at the end


@pytest.fixture(scope="module")
def besar() -> Inputs:
    """The sample with one sasaran of 40 indicators (with history, so it has a trend figure)."""
    sample = load_inputs()
    master = dengan_riwayat(sample.master, 2025, 3)
    first = master.indikator[0]
    extra = [
        first.model_copy(
            update={"kode": f"{first.kode}-{n:02d}", "indikator": f"{first.indikator} {n}"}
        )
        for n in range(1, 40)
    ]
    return kantor_dari(
        sample, sample.org, master.model_copy(update={"indikator": [*master.indikator, *extra]})
    )


def test_no_image_of_the_lkj_is_taller_than_a_page(tmp_path: Path, besar: Inputs) -> None:
    out = tmp_path / "laporan.docx"
    hasil = contoh_hasil(besar)
    render_laporan(besar, hasil, Periode.parse("2025"), out, tanggal=date(2026, 2, 20))
    _, page_h = PAPER_MM["A4"]
    top, bottom, _, _ = MARGINS_MM
    text_h_emu = (page_h - top - bottom) * EMU_PER_MM
    with zipfile.ZipFile(out) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
        heights = [_png_size(z.read(n))[1] for n in media]
        extents = [int(cy) for _, cy in EXTENT.findall(z.read("word/document.xml"))]
    assert len(media) > 10
    assert max(heights) <= PAGE_PX
    assert extents and max(extents) < text_h_emu
    # one image per paragraph, and of a split figure only the last part keeps with the caption
    doc = Document(str(out))
    stacks = breaks = 0
    for paragraph in doc.paragraphs:
        drawings = paragraph._p.findall(f".//{qn('w:drawing')}")
        assert len(drawings) <= 1, paragraph.text
        following = paragraph._p.getnext()
        if (
            drawings
            and following is not None
            and following.find(f".//{qn('w:drawing')}") is not None
        ):
            stacks += 1
            assert paragraph._p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is None
            # a page break where the two images could not share a page anyway, and only there
            together = sum(int(e.get("cy")) for e in (_extent(paragraph._p), _extent(following)))
            broken = following.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None
            assert broken == (together > NEVER_SHARE_PAGE_EMU)
            breaks += broken
    assert stacks >= 2 and breaks >= 1
    assert 'w:clear="none"' not in zipfile.ZipFile(out).read("word/document.xml").decode()


def test_a_split_trend_has_one_legend_above_its_caption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[tuple[int, bool]] = []

    def note(seri: list[charts.SeriIndikator], out: Path, *, kolom: int, legenda: bool) -> Path:
        drawn.append((len(seri), legenda))
        return out

    monkeypatch.setattr(charts, "grafik_tren", note)
    charts.grafik_tren_halaman(_seri(40), tmp_path / "tren-1.png")
    assert len(drawn) >= 3 and sum(n for n, _ in drawn) == 40
    assert [legenda for _, legenda in drawn] == [False] * (len(drawn) - 1) + [True]


def test_the_legend_takes_its_own_strip_of_the_image(tmp_path: Path) -> None:
    seri = _seri(4)
    with_legend = charts.grafik_tren(seri, tmp_path / "a.png")
    without = charts.grafik_tren(seri, tmp_path / "b.png", legenda=False)
    high = _png_size(with_legend.read_bytes())[1]
    low = _png_size(without.read_bytes())[1]
    assert high - low == pytest.approx(charts.LEGEND_H * charts.DPI, abs=2)


def test_the_long_tables_of_a_large_office_are_continued_with_their_header(
    tmp_path: Path,
) -> None:
    """30 Bidang of 10 indicators: the Perjanjian Kinerja and rekap tables (over 300 rows) are
    continued in tables of about 200 rows (``tabel.continue_long_tables``), each beginning with
    the header row and a group row, every row kept once."""
    kantor = Kantor((10,) * 30, tahun_riwayat=0, kertas="F4", huruf="Bookman Old Style")
    inputs = load_inputs(*write_kantor(kantor, tmp_path / "masukan"))
    out = render_laporan(
        inputs, contoh_hasil(inputs), Periode.parse("2025"), tmp_path / "laporan.docx",
        tanggal=date(2026, 2, 20),
    )  # fmt: skip
    tables = Document(str(out)).tables
    rekap = [t for t in tables if t.rows[0].cells[0].text == "Kode"]
    assert len(rekap) >= 2
    for table in rekap:
        assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert len(table.rows) - 1 <= 2 * TABLE_ROWS
        first = table.rows[1]._tr.findall(qn("w:tc"))
        assert len(first) == 1  # a Bidang's name across the table
    names = [t.rows[1].cells[0].text for t in rekap]
    assert len(set(names)) == len(names)
    # every indicator once, with its Bidang's name and average rows
    assert sum(len(t.rows) - 1 for t in rekap) == 300 + 2 * 30
    pk = [t for t in tables if len(t.rows) > 1 and t.rows[1].cells[0].text.startswith("Sasaran ")]
    assert len(pk) >= 4  # Bab II and Lampiran 1, each continued
