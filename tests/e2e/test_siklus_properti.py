"""Acceptance of issue 12: generated offices run the whole SOP cycle to a verified archive.

Each office (``tests.kantor``: 1-12 Bidang of 1-10 indicators, 0-5 earlier years, with and
without Renstra, national standards and budget lines, targets of 0, budgets of tens of
billions, acting signers, A4/F4, Arial/Bookman Old Style, a year or a quarter) goes through
memo, formulir, tanda terima, simulated fills, rekap, approval, laporan, cetak, paraf and
tandatangan, arsip with the demo certificate, and verification. Every printed page has body
text, nothing prints off the paper, and the rekap prints every code and unit whole.

CI runs the two fixed offices below and one generated office (derandomized, so always the
same); ``KINERJA_PROPERTY_SEEDS=N`` runs N generated offices.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import generator.convert as convert
from tests.kantor import Kantor, kantor_strategy
from tests.pdfcheck import glued, problems
from tests.siklus import run_siklus

pytestmark = pytest.mark.slow

try:
    convert.check_available()
except Exception as exc:  # pragma: no cover - depends on the machine
    pytest.skip(f"LibreOffice not usable here: {exc}", allow_module_level=True)

SEEDS = int(os.environ.get("KINERJA_PROPERTY_SEEDS", "1"))

BARU = Kantor(  # a new office: no history, nothing optional, a quarter, F4 and Bookman
    jumlah_indikator=(1, 3, 2, 1, 2, 1, 2),
    tahun_riwayat=0,
    renstra=False,
    standar=False,
    anggaran=False,
    target_nol=True,
    status_kepala="Plt.",
    atas_nama=True,
    kertas="F4",
    huruf="Bookman Old Style",
    periode="2025-TW1",
)
BESAR = Kantor(  # twelve Bidang, five years, budgets of tens of billions
    jumlah_indikator=(2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2),
    tahun_riwayat=5,
    pagu_besar=True,
    status_kepala="Plh.",
    periode="2025",
)


@pytest.mark.parametrize("kantor", [BARU, BESAR], ids=["baru-F4-TW1", "besar-12-bidang"])
def test_fixed_offices_run_the_whole_cycle_to_a_verified_archive(kantor: Kantor) -> None:
    _whole_cycle(kantor)


@settings(
    max_examples=SEEDS,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(kantor_strategy())
def test_any_office_runs_the_whole_cycle_to_a_verified_archive(kantor: Kantor) -> None:
    _whole_cycle(kantor)


def _whole_cycle(kantor: Kantor) -> None:
    with tempfile.TemporaryDirectory(prefix="kinerja-properti-") as tmp:
        # each generated office is its own office: its own record of nomor registers
        before = os.environ.get("KINERJA_DATA")
        os.environ["KINERJA_DATA"] = str(Path(tmp) / "data")
        try:
            siklus = run_siklus(kantor, Path(tmp))
        finally:
            if before is None:
                os.environ.pop("KINERJA_DATA", None)
            else:
                os.environ["KINERJA_DATA"] = before
        assert siklus.verifikasi is not None and siklus.verifikasi.ok, kantor
        found = [p for pdf in siklus.pdfs for p in problems(pdf)]
        assert found == [], (kantor, found[:10])
        master = siklus.workspace.inputs.master
        words = {i.kode for i in master.indikator}
        words |= {w for i in master.indikator for w in i.satuan.split()}
        rekap = siklus.workspace.folder("pdf").glob("rekap-*.pdf")
        assert [g for pdf in rekap for g in glued(pdf, words)] == [], kantor
