"""The library API without any front end: every action returns what it wrote, the step it
advanced and what comes next; refusals name the action that completes what is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import api
from generator.errors import NextStep, StepError, WorkspaceError
from tests.fill import fill_all


def test_the_cycle_through_the_api_says_what_comes_next(tmp_path: Path) -> None:
    out = tmp_path / "keluaran"
    started = api.init(out, "2025", contoh=True)
    assert started.next == NextStep("memo", {"periode": "2025"}, started.next.label, "sekretaris")

    memo = api.memo(out, "2025", oleh="Sekretaris (uji)")
    assert memo.step == 1 and memo.written[0].is_file()
    assert memo.next is not None and memo.next.action == "formulir"

    formulir = api.formulir(out, "2025")
    assert len(formulir.value) == len(formulir.written) == 5
    assert formulir.next is not None and formulir.next.action == "tanda_terima"

    tanda = api.tanda_terima(out, "2025")
    assert tanda.step == 4
    assert tanda.next is not None and tanda.next.action == "kumpulkan"

    assert tanda.value.nomor
    paths = {f.kode_bidang: f.path for f in formulir.value}
    filled = fill_all(started.value, paths, tmp_path)  # the Bidang fill in, as people would

    first = api.kumpulkan(out, "2025", [filled["IDE"]])
    assert first.value.belum and "IDE" not in first.value.belum
    assert first.step == 5 and first.written == (first.value.diterima[0].path,)

    rest = api.kumpulkan(out, "2025", [p for k, p in filled.items() if k != "IDE"])
    assert rest.value.belum == [] and rest.step == 6
    assert rest.next is not None and rest.next.action == "rekap"

    rekap = api.rekap(out, "2025")
    assert rekap.value.path in rekap.written and rekap.step == 9
    assert rekap.next is not None and rekap.next.action == "setujui"

    returned = api.kembalikan(out, "2025", ["IDE"], "Lengkapi keterangan kendala.")
    assert returned.value.disposisi is not None and returned.written[0].is_file()

    with pytest.raises(StepError) as refused:
        api.laporan(out, "2025")
    assert refused.value.next_step is not None
    assert refused.value.next_step.action == "setujui"


def test_refusals_carry_the_action_that_completes_them(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as missing:
        api.memo(tmp_path, "2026-TW3")
    # init needs the office's two input files (issue 12.6): the suggestion names them
    assert missing.value.next_step == NextStep(
        "init",
        {"periode": "2026-TW3", "org": "org.yaml", "indikator": "indikator.xlsx"},
        "Buat ruang kerja",
    )
    api.init(tmp_path, "2026-TW3", contoh=True)
    with pytest.raises(StepError) as early:
        api.tanda_terima(tmp_path, "2026-TW3")
    step = early.value.next_step
    assert step is not None and step.action == "formulir" and step.peran == "kasubag"


def test_return_needs_bidang_and_arahan(tmp_path: Path) -> None:
    api.init(tmp_path, "2025", contoh=True)
    with pytest.raises(Exception, match="kode bidang"):
        api.kembalikan(tmp_path, "2025", [], "arahan")
    with pytest.raises(Exception, match="Arahan wajib"):
        api.kembalikan(tmp_path, "2025", ["IDE"], "  ")
