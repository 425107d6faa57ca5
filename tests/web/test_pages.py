"""Pages with real data: refusals exactly as `kumpulkan` gives them, and the recap the
Sekretaris reads before approving."""

from __future__ import annotations

import html
import re
import threading
import time
from pathlib import Path

import pytest

from generator import api
from generator.demo.cycle import simulated_anggaran, simulated_keterangan, simulated_realisasi
from generator.demo.simulasi import isi_formulir
from generator.errors import ErrorList
from tests.web.conftest import Office

P = "/p/2025"


def _filled(office: Office, kode: str, out: Path, **wrong: str) -> Path:
    master = office.workspace.inputs.master
    indikator = master.for_bidang(kode)
    realisasi: dict[str, float | str] = {
        i.kode: simulated_realisasi(i, n) for n, i in enumerate(indikator)
    }
    realisasi.update(wrong)
    keterangan = {i.kode: simulated_keterangan(i, 0.0) for i in indikator}
    anggaran = {
        a.kode: simulated_anggaran(a, n) for n, a in enumerate(master.anggaran_for_bidang(kode))
    }
    blank = next(
        b.path
        for b in api.daftar_berkas(office.output, "2025")
        if b.jenis == "formulir" and b.bidang == kode
    )
    return isi_formulir(blank, realisasi, keterangan, anggaran, out=out)


def _rows(page: str) -> list[tuple[str, str, str]]:
    table = page.split('<table class="masalah">', 1)[1].split("</table>", 1)[0]
    rows = []
    for row in re.findall(
        r"<tr><td>(.*?)</td><td class=\"sel\">(.*?)</td><td>(.*?)</td>", table, re.S
    ):
        message = re.sub(r"<span[^>]*>.*?</span>\s*", "", row[2])
        rows.append((html.unescape(row[0]), html.unescape(row[1]), html.unescape(message).strip()))
    return rows


def test_refusals_are_listed_by_sheet_and_cell_exactly_as_kumpulkan_gives_them(
    office: Office, tmp_path: Path
) -> None:
    api.tanda_terima(office.output, "2025")
    codes = [i.kode for i in office.workspace.inputs.master.for_bidang("IDE")]
    bad = _filled(office, "IDE", tmp_path / "salah.xlsx", **{codes[0]: "banyak", codes[1]: "=A1"})
    with pytest.raises(ErrorList) as refused:
        api.kumpulkan(office.output, "2025", [bad])
    expected = [
        (p.location.sheet or "-", p.location.cell or "-", p.message) for p in refused.value.problems
    ]
    assert len(expected) >= 2
    client = office.login("kabid.ide")
    token = office.csrf(client, f"{P}/bidang/IDE")
    response = client.post(
        f"{P}/bidang/IDE/kirim",
        data={"csrf": token},
        files={"formulir": ("salah.xlsx", bad.read_bytes())},
    )
    assert response.status_code == 303
    page = client.get(f"{P}/bidang/IDE").text
    assert "Formulir ditolak; tidak ada yang dicatat." in page
    assert _rows(page) == expected
    assert "Formulir ditolak" not in client.get(f"{P}/bidang/IDE").text  # shown once


def test_the_sekretaris_reads_the_recap_numbers_before_approving(
    office: Office, tmp_path: Path
) -> None:
    api.tanda_terima(office.output, "2025")
    files = [
        _filled(office, kode, tmp_path / f"{kode}.xlsx")
        for kode, _ in api.daftar_bidang(office.output, "2025")
    ]
    api.kumpulkan(office.output, "2025", files)
    sekretaris = office.login("sekretaris")
    assert "Rekap belum dibuat." in sekretaris.get(f"{P}/tinjau").text
    made = api.rekap(office.output, "2025").value.hasil
    page = sekretaris.get(f"{P}/tinjau").text
    assert f"Rekap versi {made.versi}" in page
    assert f"{api.angka(made.rata_capaian or 0)}%" in page
    for bidang in made.bidang:
        assert (
            f'<td>{bidang.kode_bidang}<span class="lebar"> · {html.escape(bidang.nama)}</span></td>'
            in page
        )
    assert page.count("<tr") >= len(made.indikator) + len(made.bidang)


def test_a_web_action_waits_for_the_workspace_lock_a_cli_command_holds(
    office: Office, tmp_path: Path
) -> None:
    api.tanda_terima(office.output, "2025")
    filled = _filled(office, "POL", tmp_path / "POL.xlsx")
    client = office.login("kabid.pol")
    token = office.csrf(client, f"{P}/bidang/POL")
    answers: list[int] = []

    def upload() -> None:
        response = client.post(
            f"{P}/bidang/POL/kirim",
            data={"csrf": token},
            files={"formulir": ("POL.xlsx", filled.read_bytes())},
        )
        answers.append(response.status_code)

    with office.workspace.lock():  # what a running `kinerja ...` command holds
        worker = threading.Thread(target=upload)
        worker.start()
        time.sleep(1.5)
        assert worker.is_alive() and not answers  # waiting, not failed, not lost
        assert not (office.output / "2025" / "diterima").exists()
    worker.join(timeout=60)
    assert answers == [303]
    assert "diterima sebagai TRM-2025-POL versi 1" in client.get(f"{P}/bidang/POL").text
