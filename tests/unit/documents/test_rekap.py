from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from generator.base.angka import format_angka
from generator.cli import kinerja
from generator.documents.rekap.layout import render_rekap
from generator.documents.rekap.workbook import (
    approved_result,
    build_rekap,
    compute_hasil,
    latest_result,
)
from generator.errors import StepError, TemplateError
from generator.intake.ingest import RealisasiAnggaran, RealisasiRow, Submission
from generator.rules.capaian import default_aturan
from generator.rules.hasil import HasilRekap
from generator.workspace.folder import Workspace

HOSTILE = '=HYPERLINK("http://x") & <b>{{ 7*7 }}</b>'


def submission(
    ws: Workspace, kode: str, realisasi: dict[str, float | None], anggaran: float = 0.5
) -> Submission:
    master = ws.inputs.master
    rows = [
        RealisasiRow(i.kode, realisasi.get(i.kode, i.target), HOSTILE if n == 0 else "")
        for n, i in enumerate(master.for_bidang(kode))
    ]
    budget = [
        RealisasiAnggaran(a.kode, a.pagu * anggaran) for a in master.anggaran_for_bidang(kode)
    ]
    return Submission(kode, "2025", "x", f"FORM-2025-{kode}", 1, rows, budget, False)


def hasil_of(
    ws: Workspace, belum: list[str] | None = None, **realisasi: float | None
) -> HasilRekap:
    subs = {
        b.kode: submission(ws, b.kode, realisasi)
        for b in ws.inputs.org.bidang
        if b.kode not in (belum or [])
    }
    return compute_hasil(
        ws.inputs.org, ws.inputs.master, subs, periode="2025", versi=1, bidang_belum=belum or []
    )


def test_compute_hasil_hand_values(workspace: Workspace) -> None:
    # SEK-01 target 78 positif: 85,5 -> 109,62; SEK-05 target 2 negatif: 5 -> (2 - 2,5) x 100 < 0 -> 0
    hasil = hasil_of(workspace, **{"SEK-01": 85.5, "SEK-05": 5, "SEK-02": None})
    by_kode = {i.kode: i for i in hasil.indikator}
    assert by_kode["SEK-01"].capaian == 109.62 and by_kode["SEK-01"].predikat == "Sangat Tinggi"
    assert by_kode["SEK-05"].capaian == 0.0 and by_kode["SEK-05"].predikat == "Sangat Rendah"
    assert by_kode["SEK-02"].capaian is None and by_kode["SEK-02"].catatan_capaian
    sek = next(b for b in hasil.bidang if b.kode_bidang == "SEK")
    # SEK: 109,62; (none); 100; 100; 0; 100 -> 409,62 / 5 = 81,924 -> 81,92
    assert sek.jumlah_indikator == 6 and sek.rata_capaian == 81.92 and sek.predikat == "Tinggi"
    assert sek.pagu == sum(a.pagu for a in workspace.inputs.master.anggaran_for_bidang("SEK"))
    assert sek.persen_anggaran == 50.0
    assert hasil.persen_anggaran == 50.0 and hasil.lengkap


def test_missing_bidang_has_no_numbers_and_is_listed(workspace: Workspace) -> None:
    hasil = hasil_of(workspace, belum=["IDE"])
    assert not hasil.lengkap and hasil.bidang_belum == ["IDE"]
    ide = [i for i in hasil.indikator if i.kode_bidang == "IDE"]
    assert ide and all(i.realisasi is None and i.capaian is None for i in ide)
    ringkas = next(b for b in hasil.bidang if b.kode_bidang == "IDE")
    assert (
        ringkas.rata_capaian is None
        and ringkas.realisasi_anggaran == 0
        and ringkas.persen_anggaran == 0.0
    )


def render(ws: Workspace, hasil: HasilRekap, tmp_path: Path) -> Path:
    path = tmp_path / "rekap.xlsx"
    render_rekap(ws, hasil, path, doc_id="REKAP-2025-01", aturan=default_aturan(), when=ws.clock())
    return path


def test_workbook_formulas_carry_their_values(workspace: Workspace, tmp_path: Path) -> None:
    hasil = hasil_of(workspace, **{"SEK-01": 85.5, "SEK-02": None})
    path = render(workspace, hasil, tmp_path)
    formulas = load_workbook(path)
    values = load_workbook(path, data_only=True)
    assert formulas.sheetnames == ["Rekap", "Ringkasan"]
    rekap, cached = formulas["Rekap"], values["Rekap"]
    by_kode = {i.kode: i for i in hasil.indikator}
    checked = 0
    for row in rekap.iter_rows(min_col=1, max_col=10):
        kode = row[1].value
        if kode in by_kode:
            r = row[0].row
            assert str(rekap[f"H{r}"].value).startswith("=IF(") and str(
                rekap[f"I{r}"].value
            ).startswith("=IF(")
            assert cached[f"H{r}"].value == by_kode[kode].capaian
            assert (cached[f"I{r}"].value or None) == by_kode[kode].predikat
            checked += 1
    assert checked == 30
    assert formulas.calculation.fullCalcOnLoad
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    formula_cells = re.findall(r"<c [^>]*><f>.*?</f>(<v>[^<]*</v>)?</c>", xml)
    assert len(formula_cells) > 60 and all(formula_cells)  # every formula has its <v>


def test_user_text_is_text_not_formula(workspace: Workspace, tmp_path: Path) -> None:
    path = render(workspace, hasil_of(workspace), tmp_path)
    rekap = load_workbook(path)["Rekap"]
    texts = [c for row in rekap.iter_rows() for c in row if c.value == HOSTILE]
    assert len(texts) == 5 and all(c.data_type == "s" for c in texts)


def test_incomplete_banner_and_print_setup(workspace: Workspace, tmp_path: Path) -> None:
    path = render(workspace, hasil_of(workspace, belum=["IDE", "KWS"]), tmp_path)
    wb = load_workbook(path)
    for sheet in wb.worksheets:
        banner = [
            c.value
            for row in sheet.iter_rows(max_row=10)
            for c in row
            if isinstance(c.value, str) and "BELUM LENGKAP" in c.value
        ]
        assert banner and "IDE" in banner[0] and "KWS" in banner[0]
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        assert sheet.page_setup.fitToWidth == 1 and sheet.print_area
    rekap = wb["Rekap"]
    assert rekap.print_title_rows and rekap.conditional_formatting
    assert len(wb["Ringkasan"]._charts) == 1
    (tmp_path / "lengkap").mkdir()
    complete = render(workspace, hasil_of(workspace), tmp_path / "lengkap")
    text = [c.value for row in load_workbook(complete)["Rekap"].iter_rows(max_row=10) for c in row]
    assert not any(isinstance(v, str) and "BELUM LENGKAP" in v for v in text)


def test_broken_template_names_the_block(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "templat"
    folder.mkdir()
    wb = load_workbook(
        Path(__file__).resolve().parents[3] / "generator" / "templates" / "rekap.xlsx"
    )
    del wb.defined_names["baris_indikator"]
    wb.save(folder / "rekap.xlsx")
    monkeypatch.setenv("KINERJA_TEMPLATES", str(folder))
    with pytest.raises(TemplateError, match="baris_indikator"):
        render(workspace, hasil_of(workspace), tmp_path)


def test_rekap_refuses_missing_bidang_and_sebagian_marks_it(workspace: Workspace) -> None:
    with pytest.raises(StepError) as info:
        build_rekap(workspace)
    assert "SEK" in info.value.message and "KWS" in info.value.message
    before = workspace.read_manifest()
    assert workspace.snapshot().find("rekap") is None and before.events
    draft = build_rekap(workspace, sebagian=True)
    assert not draft.hasil.lengkap and draft.version.meta["tetap"] is False
    again = build_rekap(workspace, sebagian=True)
    assert again.version.versi == 1  # a partial draft is replaced, not piled up
    journal = workspace.snapshot()
    assert journal.step(7).status == "berjalan" and journal.step(9).status == "belum"
    assert latest_result(workspace).bidang_belum == ["SEK", "IDE", "POL", "EKS", "KWS"]
    with pytest.raises(StepError, match="belum disetujui"):
        approved_result(workspace)


def cli(runner: CliRunner, tmp_path: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(
        kinerja, [*args, "--periode", "2025", "--output", str(tmp_path / "output")]
    )
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        ((), 2, "tepat satu"),
        (("--setuju", "--kembalikan", "IDE", "--arahan", "x"), 2, "tepat satu"),
        (("--kembalikan", "IDE"), 2, "--arahan"),
        (("--setuju", "--arahan", "x"), 2, "--arahan"),
        (("--kembalikan", "XYZ", "--arahan", "lengkapi"), 1, "SEK, IDE, POL, EKS, KWS"),
        (("--setuju",), 1, "langkah 9"),
    ],
)
def test_tinjau_validates_options(
    workspace: Workspace, tmp_path: Path, args: tuple[str, ...], code: int, text: str
) -> None:
    exit_code, output = cli(CliRunner(), tmp_path, "tinjau", *args)
    assert exit_code == code, output
    assert text in output.replace("\n", " ")


def test_rekap_cli_refusal_lists_bidang(workspace: Workspace, tmp_path: Path) -> None:
    exit_code, output = cli(CliRunner(), tmp_path, "rekap")
    assert exit_code == 1 and "belum menyerahkan" in output and "POL" in output


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice tidak terpasang")
def test_libreoffice_recalculates_to_the_same_numbers(workspace: Workspace, tmp_path: Path) -> None:
    from generator.convert import convert_documents

    hasil = hasil_of(workspace, **{"SEK-01": 85.5, "SEK-05": 5, "POL-01": 12.345})
    path = render(workspace, hasil, tmp_path)
    pdf = convert_documents([path], tmp_path / "pdf", workers=1)[path]
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for item in hasil.indikator:
        assert item.capaian is not None
        assert format_angka(item.capaian, 2, trim=False) in text, item.kode
    assert (
        hasil.rata_capaian is not None and format_angka(hasil.rata_capaian, 2, trim=False) in text
    )


def test_rekap_carries_the_document_qr_and_sidik(workspace: Workspace, tmp_path: Path) -> None:
    hasil = hasil_of(workspace, **{"SEK-01": 85.5})
    path = tmp_path / "rekap.xlsx"
    render_rekap(
        workspace,
        hasil,
        path,
        doc_id="REKAP-2025-01",
        aturan=default_aturan(),
        when=workspace.clock(),
        workspace_id="w" * 32,
        sidik="ab" * 32,
    )
    wb = load_workbook(path)
    sheet = wb.worksheets[0]
    assert len(sheet._images) == 1
    assert "sidik abababababab" in sheet.oddFooter.center.text
    # the cached values written after saving did not drop the drawing
    assert any(n.startswith("xl/media/") for n in zipfile.ZipFile(path).namelist())
