"""Speed and load on a 12-Bidang office, through uvicorn on 127.0.0.1.

Assertions are about behaviour (nothing lost, every Bidang gets its own answer); the times are
printed (run with -s) for the report, not asserted: this machine is shared.
"""

from __future__ import annotations

import re
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2 as httpx
import pytest

from generator import api
from generator.base.periode import Periode
from generator.demo.cycle import simulated_anggaran, simulated_keterangan, simulated_realisasi
from generator.demo.simulasi import isi_formulir
from generator.workspace.accounts import AccountStore
from generator.workspace.folder import Workspace
from tests.web.conftest import FAST, SANDI, serving
from tests.web.twelve import twelve_bidang_workspace

pytestmark = pytest.mark.slow
ROUNDS = 5
P = "/p/2025"


def _csrf(html: str) -> str:
    return html.split('name="csrf" value="', 1)[1].split('"', 1)[0]


def _client(base: str, nama: str) -> httpx.Client:
    client = httpx.Client(base_url=base, follow_redirects=True, timeout=120)
    token = _csrf(client.get("/masuk").text)
    response = client.post("/masuk", data={"nama": nama, "sandi": SANDI, "csrf": token})
    assert response.status_code == 200 and "Periode 2025" in response.text
    return client


def _forms(output: Path, kode: str, folder: Path) -> list[Path]:
    """ROUNDS different filled formulir of one Bidang (each round shifts the realisasi)."""
    ws = Workspace.open(output, Periode.parse("2025"))
    blank = next(
        b.path
        for b in api.daftar_berkas(output, "2025")
        if b.jenis == "formulir" and b.bidang == kode
    )
    master = ws.inputs.master
    made = []
    for n in range(ROUNDS):
        indikator = master.for_bidang(kode)
        realisasi = {i.kode: simulated_realisasi(i, k + n) for k, i in enumerate(indikator)}
        keterangan = {i.kode: simulated_keterangan(i, realisasi[i.kode]) for i in indikator}
        anggaran = {
            a.kode: simulated_anggaran(a, k + n)
            for k, a in enumerate(master.anggaran_for_bidang(kode))
        }
        out = folder / f"{kode}-{n}.xlsx"
        made.append(isi_formulir(blank, realisasi, keterangan, anggaran, out=out))
    return made


@pytest.fixture
def office12(tmp_path: Path) -> tuple[Path, list[str], dict[str, list[Path]]]:
    output = tmp_path / "output"
    codes = twelve_bidang_workspace(output)
    for action in (api.memo, api.formulir, api.tanda_terima):
        action(output, "2025")
    store = AccountStore.in_folder(output, hasher=FAST)
    for kode in codes:
        store.tambah(f"kabid.{kode.lower()}", "bidang", "sementara-123", bidang=kode)
        store.ganti_sandi(f"kabid.{kode.lower()}", "sementara-123", SANDI)
    store.tambah("sungram", "kasubag", "sementara-123")
    store.ganti_sandi("sungram", "sementara-123", SANDI)
    forms = {kode: _forms(output, kode, tmp_path) for kode in codes}
    return output, codes, forms


def _send(client: httpx.Client, kode: str, form: Path) -> tuple[float, str]:
    page = client.get(f"{P}/bidang/{kode}").text
    started = time.perf_counter()
    response = client.post(
        f"{P}/bidang/{kode}/kirim",
        data={"csrf": _csrf(page)},
        files={"formulir": (form.name, form.read_bytes())},
    )
    took = time.perf_counter() - started
    message = re.search(r'<section class="pesan (\w+)"[^>]*>\s*<p>(.*?)</p>', response.text, re.S)
    assert message is not None, response.text[:2000]
    return took, f"{message[1]}: {message[2]}"


def test_twelve_bidang_upload_at_once_nothing_lost_each_its_own_answer(office12) -> None:  # type: ignore[no-untyped-def]
    output, codes, forms = office12
    with serving(output) as base:
        clients = {kode: _client(base, f"kabid.{kode.lower()}") for kode in codes}
        # One upload alone first: the verdict time of a normal formulir.
        single, answer = _send(clients["SEK"], "SEK", forms["SEK"][0])
        assert answer.startswith("ok:") and "TRM-2025-SEK versi 1" in answer
        answers: dict[str, list[str]] = {kode: [] for kode in codes}
        times: list[float] = []
        lock = threading.Lock()
        barrier = threading.Barrier(len(codes))

        def bidang(kode: str) -> None:
            barrier.wait()
            for n in range(1 if kode == "SEK" else 0, ROUNDS):
                took, text = _send(clients[kode], kode, forms[kode][n])
                with lock:
                    answers[kode].append(text)
                    times.append(took)

        started = time.perf_counter()
        with ThreadPoolExecutor(len(codes)) as pool:
            list(pool.map(bidang, codes))
        wall = time.perf_counter() - started
        # Pages of a 12-Bidang workspace, once the manifest holds 60 received versions.
        staff = _client(base, "sungram")
        pages = {}
        for url in (f"{P}/", f"{P}/bidang/IDE", f"{P}/kerja", f"{P}/status.json"):
            staff.get(url)
            samples = []
            for _ in range(15):
                t0 = time.perf_counter()
                assert staff.get(url).status_code == 200
                samples.append(time.perf_counter() - t0)
            pages[url] = statistics.median(samples)
        for client in [*clients.values(), staff]:
            client.close()

    for kode in codes:
        got = answers[kode]
        expected = ROUNDS - (1 if kode == "SEK" else 0)
        assert len(got) == expected, (kode, got)
        for text in got:  # each answer is about this Bidang only
            assert text.startswith("ok:"), (kode, text)
            assert f"TRM-2025-{kode} versi" in text
            assert not any(f"TRM-2025-{other} " in text for other in codes if other != kode)
    journal = Workspace.open(output, Periode.parse("2025")).snapshot()  # hash chain checked
    for kode in codes:
        doc = journal.find(f"formulir_terisi:{kode}") or next(
            d for d in journal.data.dokumen if d.jenis == "formulir_terisi" and d.bidang == kode
        )
        assert [v.versi for v in doc.versions] == list(range(1, ROUNDS + 1)), kode
        for version in doc.versions:
            assert (output / "2025" / version.path).is_file()
    print(
        f"\nupload verdict alone: {single * 1000:.0f} ms; under load ({len(times)} uploads,"
        f" 12 at once): median {statistics.median(times) * 1000:.0f} ms,"
        f" max {max(times) * 1000:.0f} ms, wall {wall:.1f} s"
    )
    for url, median in pages.items():
        print(f"page {url}: median {median * 1000:.1f} ms")
