"""Layout of offices bigger than the sample (issue 12, point 7), printed by LibreOffice.

The tanda terima of 7 and 12 Bidang keeps its closing sentence, signatures and paraf box on one
page; the rekap of long codes and units prints every code and unit whole, in A4/Arial and in
F4/Bookman Old Style; no page holds only a footer and nothing prints off the paper.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.convert as convert
from generator.base.periode import Periode
from generator.convert import convert_documents
from generator.documents.formulir.workbook import generate_formulir
from generator.documents.memo import create_memo
from generator.documents.rekap.workbook import build_rekap
from generator.documents.tanda_terima import create_tanda_terima
from generator.intake.pengumpulan import kumpulkan
from generator.workspace.folder import Workspace
from tests.kantor import Kantor, write_kantor
from tests.pdfcheck import glued, page_text, pages, problems
from tests.siklus import isi_semua

pytestmark = pytest.mark.slow

try:
    convert.check_available()
except Exception as exc:  # pragma: no cover - depends on the machine
    pytest.skip(f"LibreOffice not usable here: {exc}", allow_module_level=True)


def _workspace(tmp_path: Path, k: Kantor) -> Workspace:
    org, xlsx = write_kantor(k, tmp_path / "masukan")
    ws = Workspace.create(tmp_path / "output", Periode.parse(k.periode), org, xlsx)
    create_memo(ws)
    generate_formulir(ws)
    return ws


@pytest.mark.parametrize("bidang", [7, 12])
def test_tanda_terima_keeps_signatures_and_paraf_together(tmp_path: Path, bidang: int) -> None:
    ws = _workspace(tmp_path, Kantor(jumlah_indikator=(2,) * bidang))
    docx = ws.path(create_tanda_terima(ws).path)
    pdf = convert_documents([docx], tmp_path / "pdf")[docx]
    last = page_text(pdf, len(pages(pdf)))
    org = ws.inputs.org
    for needed in (
        "diserahkan kembali",
        org.pejabat.staf.nama,
        org.pejabat.kasubag.nama,
        "Paraf hierarki",
        "Sekretaris",
    ):
        assert needed in last, needed
    assert problems(pdf) == []


@pytest.mark.parametrize(("kertas", "huruf"), [("A4", "Arial"), ("F4", "Bookman Old Style")])
def test_rekap_prints_long_codes_and_units_whole(tmp_path: Path, kertas: str, huruf: str) -> None:
    ws = _workspace(tmp_path, Kantor(jumlah_indikator=(3,) * 7, kertas=kertas, huruf=huruf))
    create_tanda_terima(ws)
    kumpulkan(ws, isi_semua(ws, tmp_path / "terisi"))
    rekap = build_rekap(ws)
    pdf = convert_documents([rekap.path], tmp_path / "pdf")[rekap.path]
    master = ws.inputs.master
    words = {i.kode for i in master.indikator} | {a.kode for a in master.anggaran}
    words |= {w for i in master.indikator for w in i.satuan.split()}
    assert {"PERSANDIAN-01", "UPTLPSE-02", "bisnis"} <= words
    assert glued(pdf, words) == []
    assert problems(pdf) == []
