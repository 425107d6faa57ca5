"""The whole SOP cycle through the pages, in a real browser (Debian's Chromium via Playwright)
against uvicorn on 127.0.0.1.

Five Kepala Bidang sign in, download their formulir, fill it with openpyxl as a person would, and
upload it; one upload has a word where a number belongs and the page names the cell. The
Sekretaris returns one Bidang with arahan, it sends a corrected formulir, the recap is approved,
the Laporan Kinerja is made, the Kepala signs the archive, and the verification page says it is
valid. With ``KINERJA_LAYAR=folder`` the test also saves screenshots of every page at desktop
and phone width.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

from generator.base.periode import Periode
from generator.demo.cycle import simulated_anggaran, simulated_keterangan, simulated_realisasi
from generator.demo.simulasi import isi_formulir
from generator.intake.identity import read_identity
from generator.workspace.accounts import AccountStore
from generator.workspace.folder import Workspace
from tests.web.conftest import FAST, SANDI, serving

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=id",
]
BIDANG = ["SEK", "IDE", "POL", "EKS", "KWS"]
RETURNED = "IDE"  # hands in no kendala/upaya below target; the Sekretaris returns it
WRONG = "POL"  # first upload has a word in a number cell
ARAHAN = "Lengkapi kendala dan upaya untuk setiap indikator yang belum mencapai target."
WIDTHS = {"desktop": (1280, 900), "ponsel": (390, 844)}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    output = tmp_path / "output"
    Workspace.create(output, Periode.parse("2025"))
    store = AccountStore.in_folder(output, hasher=FAST)
    people = {
        "sungram": ("kasubag", None),
        "sekretaris": ("sekretaris", None),
        "kepala": ("kepala", None),
    } | {f"kabid.{k.lower()}": ("bidang", k) for k in BIDANG}
    for nama, (peran, bidang) in people.items():
        store.tambah(nama, peran, "sementara-123", bidang=bidang)
        if nama != "kabid.sek":  # this one changes it in the browser, at first sign-in
            store.ganti_sandi(nama, "sementara-123", SANDI)
    with serving(output) as base:
        yield base, output


def _fill(blank: Path, out: Path, ws: Workspace, kode: str, *, wrong: bool, omit: bool) -> str:
    """Fill as a person would; returns the cell of the first Realisasi (where the word goes)."""
    master = ws.inputs.master
    indikator = master.for_bidang(kode)
    realisasi: dict[str, float | str] = {
        i.kode: simulated_realisasi(i, n) for n, i in enumerate(indikator)
    }
    keterangan = {i.kode: simulated_keterangan(i, float(realisasi[i.kode])) for i in indikator}
    if omit:
        keterangan = {k: v for k, v in keterangan.items() if not v.startswith("Kendala")}
    if wrong:
        realisasi[indikator[0].kode] = "sekitar delapan puluh"
    anggaran = {
        a.kode: simulated_anggaran(a, n) for n, a in enumerate(master.anggaran_for_bidang(kode))
    }
    isi_formulir(blank, realisasi, keterangan, anggaran, out=out)
    ident = read_identity(openpyxl.load_workbook(out), out)
    row = next(b.baris for b in ident.indikator if b.kode == indikator[0].kode)
    return f"{ident.kolom_indikator['Realisasi']}{row}"


class Browser:
    def __init__(self, pw: object, base: str, shots: Path | None) -> None:
        self.browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)  # type: ignore[attr-defined]
        self.base = base
        self.shots = shots

    def page_for(self, nama: str, sandi: str = SANDI) -> object:
        context = self.browser.new_context(
            accept_downloads=True, viewport={"width": 1280, "height": 900}, locale="id-ID"
        )
        page = context.new_page()
        _goto(page, self.base + "/masuk")
        page.get_by_label("Nama pengguna").fill(nama)
        page.get_by_label("Kata sandi").fill(sandi)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()
        return page

    def shot(self, page: object, name: str) -> None:
        if self.shots is None:
            return
        for label, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})  # type: ignore[attr-defined]
            page.screenshot(path=str(self.shots / f"{name}-{label}.png"), full_page=True)  # type: ignore[attr-defined]
        page.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]


def _goto(page: object, url: str) -> None:
    """Open ``url``; the page may be reloading itself at that moment because someone else
    acted (kinerja.js), which interrupts the navigation once."""
    for attempt in range(3):
        try:
            page.goto(url)  # type: ignore[attr-defined]
            return
        except playwright.Error:
            if attempt == 2:
                raise
            page.wait_for_load_state()  # type: ignore[attr-defined]


def _click(page: object, button: str, timeout_s: float = 30) -> str:
    page.get_by_role("button", name=button).click(timeout=timeout_s * 1000)  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    return str(page.locator(".pesan").first.inner_text())  # type: ignore[attr-defined]


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Chromium belum terpasang (apt-get install chromium)"
)
def test_whole_cycle_in_a_browser(
    served: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, output = served
    # The office trusts its own (demo) CA, made by the archive step further down.
    monkeypatch.setenv("KINERJA_PERCAYA", str(output / "2025" / "sertifikat-demo" / "ca-demo.pem"))
    shots = Path(os.environ["KINERJA_LAYAR"]) if os.environ.get("KINERJA_LAYAR") else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    ws = Workspace.open(output, Periode.parse("2025"))
    with playwright.sync_playwright() as pw:
        b = Browser(pw, base, shots)
        anon = b.browser.new_context(locale="id-ID").new_page()
        _goto(anon, base + "/")
        assert anon.url.endswith("/masuk")
        b.shot(anon, "masuk")

        kasubag = b.page_for("sungram")
        _goto(kasubag, base + "/p/2025/kerja")
        for button in ("Buat memo (langkah 1)", "Buat formulir per Bidang (langkah 2-3)",
                       "Buat tanda terima (langkah 4)"):  # fmt: skip
            assert "selesai" in _click(kasubag, button), button

        for kode in BIDANG:
            nama = f"kabid.{kode.lower()}"
            if kode == "SEK":
                page = b.page_for(nama, "sementara-123")
                assert page.url.endswith("/sandi")
                b.shot(page, "sandi")
                page.get_by_label("Kata sandi lama").fill("sementara-123")
                page.get_by_label("Kata sandi baru (paling sedikit 10 karakter)").fill(
                    SANDI + "-baru"
                )
                page.get_by_label("Ulangi kata sandi baru").fill(SANDI + "-baru")
                page.get_by_role("button", name="Simpan kata sandi").click()
                page.wait_for_load_state()
            else:
                page = b.page_for(nama)
            _goto(page, f"{base}/p/2025/bidang/{kode}")
            with page.expect_download() as download:
                page.locator("table.dokumen a", has_text="XLSX").first.click()
            blank = tmp_path / f"kosong-{kode}.xlsx"
            download.value.save_as(blank)
            filled = tmp_path / f"formulir-{kode}-terisi.xlsx"
            if kode == WRONG:
                cell = _fill(blank, filled, ws, kode, wrong=True, omit=False)
                page.get_by_label("Formulir terisi").set_input_files(filled)
                message = _click(page, "Kirim")
                assert "ditolak" in message and cell in message and "bukan angka" in message
                b.shot(page, "bidang-ditolak")
            _fill(blank, filled, ws, kode, wrong=False, omit=kode == RETURNED)
            page.get_by_label("Formulir terisi").set_input_files(filled)
            assert "diterima sebagai" in _click(page, "Kirim"), kode
            if kode == "KWS":
                b.shot(page, "bidang")
            page.context.close()

        _goto(kasubag, base + "/p/2025/kerja")
        assert "selesai" in _click(kasubag, "Buat rekapitulasi (langkah 7-9)")
        b.shot(kasubag, "kerja")

        sekretaris = b.page_for("sekretaris")
        _goto(sekretaris, base + "/p/2025/tinjau")
        sekretaris.get_by_label("Bidang").select_option(RETURNED)
        sekretaris.get_by_label("Arahan").fill(ARAHAN)
        assert "Dikembalikan" in _click(sekretaris, "Kembalikan dengan arahan")

        ide = b.page_for(f"kabid.{RETURNED.lower()}")
        _goto(ide, f"{base}/p/2025/bidang/{RETURNED}")
        assert ARAHAN in ide.locator(".arahan").inner_text()
        b.shot(ide, "bidang-arahan")
        corrected = tmp_path / "perbaikan.xlsx"
        _fill(
            tmp_path / f"kosong-{RETURNED}.xlsx", corrected, ws, RETURNED, wrong=False, omit=False
        )
        ide.get_by_label("Formulir terisi").set_input_files(corrected)
        assert "versi 2" in _click(ide, "Kirim")

        _goto(kasubag, base + "/p/2025/kerja")
        assert "selesai" in _click(kasubag, "Buat rekapitulasi (langkah 7-9)")
        _goto(sekretaris, base + "/p/2025/tinjau")
        b.shot(sekretaris, "tinjau")
        assert "disetujui" in _click(sekretaris, "Setujui rekap")

        _goto(kasubag, base + "/p/2025/kerja")
        assert "selesai" in _click(kasubag, "Buat Laporan Kinerja", 240)
        assert "selesai" in _click(kasubag, "Siapkan berkas cetak (PDF)", 240)
        kasubag.get_by_label("Dokumen").first.select_option("LKJ-2025-01")
        kasubag.get_by_label("Paraf oleh").select_option("sekretaris")
        assert "dicatat" in _click(kasubag, "Catat paraf")
        scan = tmp_path / "pindaian-lkj.png"
        Image.new("RGB", (620, 877), "white").save(scan)
        kasubag.locator("#ttd-doc").select_option("LKJ-2025-01")
        kasubag.get_by_label("Ditandatangani oleh").select_option("kepala")
        kasubag.get_by_label("Pindaian (PDF, JPG, PNG atau TIFF; boleh kosong)").set_input_files(
            scan
        )
        assert "dicatat" in _click(kasubag, "Catat tanda tangan")

        kepala = b.page_for("kepala")
        _goto(kepala, base + "/p/2025/kepala")
        kepala.get_by_label("Pakai sertifikat demo (hanya untuk latihan)").check()
        kepala.get_by_label("Arsip sementara: belum semua dokumen ditandatangani").check()
        assert "ditandatangani" in _click(kepala, "Tandatangani arsip", 240)
        b.shot(kepala, "kepala")
        with kepala.expect_download() as download:
            kepala.locator("table.dokumen").last.locator("a", has_text="PDF").first.click()
        signed = tmp_path / "arsip.pdf"
        download.value.save_as(signed)

        _goto(kepala, base + "/p/2025/")
        board = kepala.locator("table.langkah").inner_text()
        assert "selesai" in board
        b.shot(kepala, "beranda")

        check = b.browser.new_context(locale="id-ID").new_page()
        _goto(check, base + "/verifikasi")
        check.get_by_label("Arsip PDF").set_input_files(signed)
        check.get_by_role("button", name="Periksa").click()
        check.wait_for_load_state()
        verdict = check.locator("h2.vonis")
        # Every check passes and the office trusts the CA that signed: the archive is valid.
        assert verdict.get_attribute("class") == "vonis sah", check.content()
        assert "GAGAL" not in check.locator("table.vonis").inner_text()
        b.shot(check, "verifikasi")
        b.browser.close()
    # Every action is recorded under the account that did it.
    events = json.loads((output / "2025" / "manifest.json").read_text(encoding="utf-8"))["events"]
    by_kind = {(e["jenis"], e["oleh"]) for e in events}
    for kind, oleh in [
        ("dikembalikan", "sekretaris (Sekretaris)"),
        ("paraf", "sungram (Kasubag Perencanaan)"),
        ("cetak", "sungram (Kasubag Perencanaan)"),
        ("versi", "kabid.pol (Kepala Bidang POL)"),
        ("versi", "kepala (Kepala)"),  # the signed archive
    ]:
        assert (kind, oleh) in by_kind, (kind, oleh, sorted(by_kind))
