"""Acceptance test of issue 5: the whole collection-recap-review loop through the CLI.

memo -> formulir -> tanda-terima -> every Bidang fills its formulir (unlocked cells only) ->
kumpulkan -> rekap v1 -> tinjau --kembalikan IDE -> IDE fills again -> kumpulkan -> rekap v2
-> tinjau --setuju. Every number of rekap v2, read back with openpyxl data_only, equals a
hand computation below; v1 is still there, byte for byte.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from generator.base.fsutil import sha256_file
from generator.base.periode import Periode
from generator.cli import kinerja
from generator.documents.rekap.workbook import approved_result, latest_result
from generator.workspace.folder import Workspace
from tests.fill import isi_formulir

P = "2025"
# realisasi = target x factor, the factor chosen per indicator position to reach every band
FACTORS = [
    Decimal("1.1"),
    Decimal("0.95"),
    Decimal("0.8"),
    Decimal("0.6"),
    Decimal("1"),
    Decimal("0.45"),
]
ARAHAN = "Data IDE-01 s.d. IDE-03 tidak sesuai laporan triwulan; lengkapi dengan bukti dukung."


def half_up(value: Decimal, digits: str = "0.01") -> float:
    return float(value.quantize(Decimal(digits), rounding=ROUND_HALF_UP))


def hand_capaian(target: Decimal, realisasi: Decimal, polaritas: str) -> float:
    if polaritas == "positif":
        return half_up(realisasi / target * 100)
    return max(0.0, half_up((2 - realisasi / target) * 100))


def hand_predikat(value: float) -> str:
    if value >= 91:
        return "Sangat Tinggi"
    if value >= 76:
        return "Tinggi"
    if value >= 66:
        return "Sedang"
    if value >= 51:
        return "Rendah"
    return "Sangat Rendah"


def hand_mean(values: list[float]) -> float:
    return half_up(sum(Decimal(repr(v)) for v in values) / len(values))


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(kinerja, [*args, "--periode", P, "--output", "out"])
    assert result.exit_code == 0, result.output
    return result.output


def realisasi_for(ws: Workspace, kode: str, shift: Decimal = Decimal(0)) -> dict[str, Decimal]:
    return {
        i.kode: (Decimal(repr(i.target)) * (FACTORS[n % len(FACTORS)] + shift)).quantize(
            Decimal("0.01")
        )
        for n, i in enumerate(ws.inputs.master.for_bidang(kode))
    }


def fill(ws: Workspace, kode: str, folder: Path, values: dict[str, Decimal], name: str) -> Path:
    journal = ws.snapshot()
    doc = journal.find(f"formulir:{kode}")
    assert doc is not None
    anggaran = {a.kode: round(a.pagu * 0.85) for a in ws.inputs.master.anggaran_for_bidang(kode)}
    notes = {k: f"Catatan {k}" for k in values}
    return isi_formulir(
        ws.path(doc.latest.path),
        {k: float(v) for k, v in values.items()},
        notes,
        anggaran,
        folder / name,
    )


def test_full_loop(tmp_path: Path, monkeypatch: object) -> None:
    monkeypatch.chdir(tmp_path)  # type: ignore[attr-defined]
    runner = CliRunner()
    run(runner, "init", "--contoh")
    run(runner, "memo")
    run(runner, "formulir")
    run(runner, "tanda-terima")
    ws = Workspace.open(tmp_path / "out", Periode.parse(P))
    kodes = [b.kode for b in ws.inputs.org.bidang]
    inbox = tmp_path / "kiriman"
    inbox.mkdir()
    values = {k: realisasi_for(ws, k, Decimal("-0.3") if k == "IDE" else Decimal(0)) for k in kodes}
    files = [str(fill(ws, k, inbox, values[k], f"isi-{k}.xlsx")) for k in kodes]

    # rekap refuses while nobody has handed in
    refused = runner.invoke(kinerja, ["rekap", "--periode", P, "--output", "out"])
    assert refused.exit_code == 1 and "IDE" in refused.output and "--sebagian" in refused.output

    run(runner, "kumpulkan", *files)
    run(runner, "rekap")
    v1 = ws.snapshot().find("rekap")
    assert v1 is not None and len(v1.versions) == 1
    v1_path, v1_sha = v1.versions[0].path, v1.versions[0].sha256
    v1_json = v1.versions[0].meta["hasil"]
    v1_json_sha = v1.versions[0].meta["hasil_sha256"]

    run(runner, "tinjau", "--kembalikan", "IDE", "--arahan", ARAHAN)
    status = run(runner, "status")
    assert "Dikembalikan" in status and "IDE" in status and "bukti dukung" in status
    disposisi = ws.snapshot().documents("disposisi")
    assert disposisi and disposisi[-1].latest.meta.get("arahan") == ARAHAN

    # rekap refuses again until IDE hands in the corrected formulir
    refused = runner.invoke(kinerja, ["rekap", "--periode", P, "--output", "out"])
    assert refused.exit_code == 1 and "IDE" in refused.output

    values["IDE"] = realisasi_for(ws, "IDE")
    run(runner, "kumpulkan", str(fill(ws, "IDE", inbox, values["IDE"], "isi-IDE-perbaikan.xlsx")))
    out = run(runner, "rekap")
    assert "versi 2" in out
    run(runner, "tinjau", "--setuju")

    # v1 untouched, v2 registered and approved
    journal = ws.snapshot()
    doc = journal.find("rekap")
    assert doc is not None and [v.versi for v in doc.versions] == [1, 2]
    assert doc.versions[0].path == v1_path and sha256_file(ws.path(v1_path)) == v1_sha
    assert sha256_file(ws.path(v1_json)) == v1_json_sha
    assert doc.versions[0].meta["dikembalikan"]["bidang"] == ["IDE"]
    v2 = doc.versions[1]
    assert v2.meta["disetujui"] and sha256_file(ws.path(v2.path)) == v2.sha256
    assert journal.step(10).status == "selesai"
    assert all(journal.step(n).status == "selesai" for n in (7, 8, 9))
    assert any(e.jenis == "rekap_disetujui" and e.data["versi"] == 2 for e in journal.data.events)

    check_numbers(ws, ws.path(v2.path), values)
    hasil = approved_result(ws)
    assert hasil.versi == 2 and hasil.lengkap
    assert latest_result(ws) == hasil
    stored = json.loads(ws.path(v2.meta["hasil"]).read_text(encoding="utf-8"))
    assert stored["versi"] == 2


def check_numbers(ws: Workspace, path: Path, values: dict[str, dict[str, Decimal]]) -> None:
    wb = load_workbook(path, data_only=True)
    rekap, ringkasan = wb["Rekap"], wb["Ringkasan"]
    rows = {
        r[1].value: r for r in rekap.iter_rows(min_col=1, max_col=10) if isinstance(r[1].value, str)
    }
    master = ws.inputs.master
    all_capaian: list[float] = []
    for unit in ws.inputs.org.bidang:
        capaian = []
        for item in master.for_bidang(unit.kode):
            row = rows[item.kode]
            realisasi = values[unit.kode][item.kode]
            expected = hand_capaian(Decimal(repr(item.target)), realisasi, item.polaritas)
            assert row[5].value == item.target
            assert row[6].value == float(realisasi)
            assert row[7].value == expected, item.kode
            assert row[8].value == hand_predikat(expected), item.kode
            assert row[9].value == f"Catatan {item.kode}"
            capaian.append(expected)
        all_capaian.extend(capaian)
        mean = hand_mean(capaian)
        label = f"Rata-rata capaian {unit.nama}"
        rata = next(r for r in rekap.iter_rows(min_col=1, max_col=10) if r[0].value == label)
        assert rata[7].value == mean and rata[8].value == hand_predikat(mean)
        summary = next(
            r for r in ringkasan.iter_rows(min_col=1, max_col=10) if r[1].value == unit.kode
        )
        pagu = sum(a.pagu for a in master.anggaran_for_bidang(unit.kode))
        spent = sum(round(a.pagu * 0.85) for a in master.anggaran_for_bidang(unit.kode))
        assert summary[4].value == len(capaian)
        assert summary[5].value == pagu and summary[6].value == spent
        assert summary[7].value == mean and summary[8].value == hand_predikat(mean)
        assert summary[9].value == half_up(Decimal(spent) / Decimal(repr(pagu)) * 100)
    total = next(
        r
        for r in rekap.iter_rows(min_col=1, max_col=10)
        if r[0].value == "RATA-RATA CAPAIAN SELURUH INDIKATOR"
    )
    assert total[7].value == hand_mean(all_capaian)
    for line_no, line in enumerate(master.anggaran, start=1):
        row = next(r for r in ringkasan.iter_rows(min_col=1, max_col=10) if r[1].value == line.kode)
        spent = round(line.pagu * 0.85)
        assert row[0].value == line_no and row[5].value == line.pagu and row[6].value == spent
        assert row[7].value == half_up(Decimal(spent) / Decimal(repr(line.pagu)) * 100)
    jumlah = next(r for r in ringkasan.iter_rows(min_col=1, max_col=10) if r[0].value == "JUMLAH")
    pagu_total = sum(a.pagu for a in master.anggaran)
    spent_total = sum(round(a.pagu * 0.85) for a in master.anggaran)
    assert jumlah[5].value == pagu_total and jumlah[6].value == spent_total
    assert jumlah[7].value == half_up(Decimal(spent_total) / Decimal(repr(pagu_total)) * 100)
