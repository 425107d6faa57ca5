"""`kinerja demo` runs the whole cycle and ends with a verified signed bundle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from generator.cli import kinerja
from generator.demo import RETURNED_BIDANG, demo_folder

pytestmark = pytest.mark.slow


def test_demo_full_cycle(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(kinerja, ["demo", "--output", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Arsip sah" in result.output and "Demo selesai" in result.output
    assert "SOP Pengukuran Kinerja" in result.output  # the status table

    (run,) = tmp_path.glob("demo-*")
    ws = run / "2025"
    status = json.loads(
        runner.invoke(
            kinerja, ["status", "--periode", "2025", "--output", str(run), "--json"]
        ).output
    )
    assert all(step["status"] == "selesai" for step in status["langkah"]), status["langkah"]
    kinds = {d["jenis"] for d in status["dokumen"]}
    assert kinds == {
        "memo",
        "formulir",
        "tanda_terima",
        "formulir_terisi",
        "rekap",
        "disposisi",
        "laporan",
        "arsip",
    }
    rekap_versions = [d["versi"] for d in status["dokumen"] if d["jenis"] == "rekap"]
    assert rekap_versions == [1, 2]
    returned = [e for e in status["riwayat"] if e["jenis"] == "dikembalikan"]
    assert returned and returned[0]["data"]["bidang"] == [RETURNED_BIDANG]
    assert any(d["keadaan"] == "ditandatangani" for d in status["dokumen"] if d["jenis"] == "arsip")
    # the simulated people wrote only realisasi into the formulir: every received file opens
    for received in (ws / "diterima").rglob("*.xlsx"):
        load_workbook(received)
    # a second run never mixes with the first
    assert demo_folder(tmp_path) != run
