from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
import yaml

from generator.documents.formulir.workbook import (
    HEADERS_ANGGARAN,
    HEADERS_INDIKATOR,
    generate_formulir,
)
from generator.documents.render import templates_dir
from generator.errors import StepError, TemplateError
from generator.intake.identity import IDENTITY_SHEET, read_identity
from generator.workspace.folder import Workspace
from tests.fill import prepare_formulir

HOSTILE = ['=HYPERLINK("x")', "A & B <C>", "{{ 7*7 }} {% if %}", "مرحبا 😀", "N" * 2000]


def _sheet(path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(path)["Formulir"]


def _texts(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_requires_step_1(workspace: Workspace) -> None:
    with pytest.raises(StepError, match="langkah 1"):
        generate_formulir(workspace)


def test_one_workbook_per_bidang_registered_steps_done(
    workspace: Workspace, formulir: dict[str, Path]
) -> None:
    org = workspace.inputs.org
    assert sorted(formulir) == sorted(b.kode for b in org.bidang)
    journal = workspace.snapshot()
    assert journal.step(2).status == journal.step(3).status == "selesai"
    for kode, path in formulir.items():
        doc = journal.find(f"formulir:{kode}")
        assert (
            doc is not None and doc.jenis == "formulir" and doc.langkah == 2 and doc.bidang == kode
        )
        assert doc.latest.path == workspace.relative(path)
        assert len(doc.latest.meta["checksum"]) == 64


def test_content_every_indicator_of_the_bidang_and_no_other(
    workspace: Workspace, formulir: dict[str, Path]
) -> None:
    master, org = workspace.inputs.master, workspace.inputs.org
    for kode, path in formulir.items():
        wb = openpyxl.load_workbook(path)
        ident = read_identity(wb, path)
        ws = wb["Formulir"]
        assert [b.kode for b in ident.indikator] == [i.kode for i in master.for_bidang(kode)]
        assert [a.kode for a in ident.anggaran] == [
            a.kode for a in master.anggaran_for_bidang(kode)
        ]
        ci = ident.kolom_indikator
        texts = _texts(ws)
        for ind, row in zip(master.for_bidang(kode), ident.indikator, strict=True):
            assert ws[f"{ci['Indikator']}{row.baris}"].value == ind.indikator
            assert ws[f"{ci['Target']}{row.baris}"].value == ind.target
            assert ws[f"{ci['Satuan']}{row.baris}"].value == ind.satuan
        others = [i.indikator for i in master.indikator if i.kode_bidang != kode]
        assert not set(others) & set(texts)
        bidang = org.bidang_by_kode(kode)
        assert bidang.nama in texts
        assert f"NIP. {bidang.kepala.nip_tampil}" in texts
        assert bidang.kepala.nama in texts
        assert org.instansi.upper() in texts
        assert any(
            t.startswith(("Senin", "Selasa", "Rabu", "Kamis", "Jumat")) and "WIB" in t
            for t in texts
        )
        header = [ws.cell(ident.baris_header_indikator, c).value for c in range(1, 9)]
        assert header == list(HEADERS_INDIKATOR)
        assert sorted(ident.kolom_anggaran) == sorted(HEADERS_ANGGARAN)
        for name, col in ident.kolom_anggaran.items():
            assert ws[f"{col}{ident.baris_header_anggaran}"].value == name


def test_protection_only_fill_in_cells_unlocked_and_validation(formulir: dict[str, Path]) -> None:
    path = formulir["IDE"]
    wb = openpyxl.load_workbook(path)
    ident = read_identity(wb, path)
    ws = wb["Formulir"]
    assert ws.protection.sheet is True
    assert not ws.protection.password
    ci, ca = ident.kolom_indikator, ident.kolom_anggaran
    expected = {f"{ci['Realisasi']}{b.baris}" for b in ident.indikator}
    expected |= {f"{ci['Keterangan']}{b.baris}" for b in ident.indikator}
    expected |= {f"{ca['Realisasi Anggaran']}{a.baris}" for a in ident.anggaran}
    for merged in ws.merged_cells.ranges:
        if merged.start_cell.coordinate in expected:
            expected |= {f"{openpyxl.utils.get_column_letter(c)}{r}" for r, c in merged.cells}
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if not c.protection.locked}
    assert unlocked == expected
    rules = {str(r) for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges}
    decimal = [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
    for b in ident.indikator:
        assert f"{ci['Realisasi']}{b.baris}" in rules
    assert all(dv.operator == "greaterThanOrEqual" and dv.formula1 == "0" for dv in decimal)
    assert all(dv.showErrorMessage and "angka" in dv.error and dv.prompt for dv in decimal)
    hidden = wb[IDENTITY_SHEET]
    assert hidden.sheet_state == "veryHidden" and hidden.protection.sheet


def test_page_setup(workspace: Workspace, formulir: dict[str, Path]) -> None:
    ws = _sheet(formulir["SEK"])
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.fitToWidth) == 1
    assert ws.print_area == f"'Formulir'!$A$1:$H${ws.max_row}"


def test_long_table_repeats_its_header_rows(workspace: Workspace) -> None:
    path = workspace.path("masukan/indikator.yaml")
    data = yaml.safe_load(path.read_text())
    model = next(i for i in data["indikator"] if i["kode_bidang"] == "SEK")
    data["indikator"] += [
        dict(model, kode=f"SEK-X{n}", indikator=f"Indikator tambahan {n}") for n in range(30)
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    ws = _sheet(prepare_formulir(workspace)["SEK"])
    assert ws.print_title_rows == "$16:$17"
    assert ws.page_setup.fitToHeight in (0, "0", None)


def test_f4_paper(workspace: Workspace) -> None:
    path = workspace.path("masukan/org.yaml")
    data = yaml.safe_load(path.read_text())
    data["kertas"] = "F4"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    ws = _sheet(prepare_formulir(workspace)["IDE"])
    assert int(ws.page_setup.paperSize) == 14


def test_hostile_strings_are_text_not_formulas(workspace: Workspace) -> None:
    org_path, master_path = (
        workspace.path("masukan/org.yaml"),
        workspace.path("masukan/indikator.yaml"),
    )
    org = yaml.safe_load(org_path.read_text())
    org["bidang"][1]["nama"] = HOSTILE[0]
    org["bidang"][1]["kepala"]["nama"] = HOSTILE[1]
    org_path.write_text(yaml.safe_dump(org, allow_unicode=True))
    master = yaml.safe_load(master_path.read_text())
    ide = [i for i in master["indikator"] if i["kode_bidang"] == "IDE"]
    for ind, text in zip(ide, HOSTILE, strict=False):
        ind["indikator"] = text
    ide[0]["sasaran"] = HOSTILE[0]
    ide[1]["satuan"] = HOSTILE[1]
    master_path.write_text(yaml.safe_dump(master, allow_unicode=True))
    path = prepare_formulir(workspace)["IDE"]
    ws = _sheet(path)
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in HOSTILE:
        assert text in cells, text[:20]
        assert cells[text].data_type == "s"
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def _edited_template(tmp_path: Path, drop_name: str, header: tuple[str, str] | None) -> Path:
    template = tmp_path / "formulir-rusak.xlsx"
    wb = openpyxl.load_workbook(templates_dir() / "formulir.xlsx")
    del wb.defined_names[drop_name]
    if header:
        ws = wb["Formulir"]
        for row in ws.iter_rows():
            for c in row:
                if c.value == header[0]:
                    c.value = header[1]
    wb.save(template)
    return template


def test_edited_template_names_what_is_missing(workspace: Workspace, tmp_path: Path) -> None:
    with workspace.transaction("uji") as journal:
        journal.finish_step(1)
    template = _edited_template(tmp_path, "ttd_nip", ("Polaritas", "Arah"))
    with pytest.raises(TemplateError) as info:
        generate_formulir(workspace, template=template)
    message = info.value.render()
    assert "formulir-rusak.xlsx" in message and "ttd_nip" in message and "'Polaritas'" in message
    assert workspace.snapshot().step(2).status == "belum"


def test_regenerated_draft_is_replaced_printed_one_is_kept(
    workspace: Workspace, formulir: dict[str, Path]
) -> None:
    again = prepare_formulir(workspace)
    assert again["POL"] == formulir["POL"]
    doc = workspace.snapshot().find("formulir:POL")
    assert doc is not None and [v.versi for v in doc.versions] == [1]
    printed = formulir["POL"].read_bytes()
    with workspace.transaction("uji") as journal:
        journal.set_state(doc.id, "dicetak")
    third = prepare_formulir(workspace)
    assert third["POL"].name == "formulir-POL-v2.xlsx"
    assert formulir["POL"].read_bytes() == printed
    assert read_identity(openpyxl.load_workbook(third["POL"]), third["POL"]).versi == 2


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice tidak terpasang")
@pytest.mark.parametrize(("kertas", "size_mm"), [("A4", (297, 210)), ("F4", (330.2, 215.9))])
def test_pdf_by_libreoffice(
    workspace: Workspace, tmp_path: Path, kertas: str, size_mm: tuple[float, float]
) -> None:
    org_path = workspace.path("masukan/org.yaml")
    org = yaml.safe_load(org_path.read_text())
    org["kertas"] = kertas
    org_path.write_text(yaml.safe_dump(org, allow_unicode=True))
    path = prepare_formulir(workspace)["IDE"]
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    pdf = tmp_path / (path.stem + ".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    found = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert found and re.search(r"Pages:\s+1\n", info)
    measured = (float(found[1]) * 25.4 / 72, float(found[2]) * 25.4 / 72)
    assert measured == pytest.approx(size_mm, abs=0.5)  # F4 = Excel's Folio (paperSize 14)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    for needle in (
        "FORMULIR PENGUMPULAN DATA CAPAIAN KINERJA",
        "Realisasi",
        "Keterangan",
        "NIP.",
        "520.000.000",
    ):
        assert needle in text
    for ind in workspace.inputs.master.for_bidang("IDE"):
        assert ind.indikator.split()[0] in text


def test_qr_code_and_footer_identify_the_document(
    workspace: Workspace, formulir: dict[str, Path]
) -> None:
    import zipfile

    path = formulir["EKS"]
    with zipfile.ZipFile(path) as z:
        assert any(n.startswith("xl/media/") and n.endswith(".png") for n in z.namelist())
    doc = workspace.snapshot().find("formulir:EKS")
    assert doc is not None
    meta = doc.latest.meta
    assert (
        meta["qr"] == f"{doc.id}|{workspace.snapshot().data.workspace_id}|{meta['checksum'][:12]}"
    )
    ws = _sheet(path)
    assert ws.oddFooter.left.text == f"{doc.id} versi 1 · sidik {meta['sidik']}"
