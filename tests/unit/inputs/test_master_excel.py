"""The indicator master in Excel, broken the way people break it: every error names sheet and cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.errors import ErrorList, InputError, KinerjaError
from generator.inputs.load import load_inputs, sample_text
from generator.inputs.master_excel import write_master_excel


@pytest.fixture
def master_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "pk.xlsx"
    write_master_excel(load_inputs().master, path)
    return path


def _rendered(exc: KinerjaError) -> list[str]:
    return [p.render() for p in exc.problems] if isinstance(exc, ErrorList) else [exc.render()]


def test_renamed_anggaran_sheet_is_refused_not_ignored(master_xlsx: Path) -> None:
    wb = load_workbook(master_xlsx)
    wb["Anggaran"].title = "Pagu"
    wb.save(master_xlsx)
    with pytest.raises(InputError) as info:
        load_inputs(None, master_xlsx)
    assert "Lembar 'Anggaran' tidak ada (diganti nama menjadi 'Pagu'?)" in info.value.render()


def test_formula_without_a_calculated_value(master_xlsx: Path) -> None:
    wb = load_workbook(master_xlsx)
    wb["Indikator"]["F6"] = "=10*2"  # written by a program: no cached value
    wb.save(master_xlsx)
    with pytest.raises(ErrorList) as info:
        load_inputs(None, master_xlsx)
    (text,) = _rendered(info.value)
    assert "sel F6" in text and "rumus (=10*2)" in text and "wajib diisi" not in text


def test_duplicate_code_names_both_cells(master_xlsx: Path) -> None:
    wb = load_workbook(master_xlsx)
    ws = wb["Indikator"]
    ws["A4"] = ws["A3"].value
    wb.save(master_xlsx)
    with pytest.raises(ErrorList) as info:
        load_inputs(None, master_xlsx)
    (text,) = _rendered(info.value)
    assert "lembar 'Indikator', sel A4" in text and "sudah dipakai di sel A3" in text


def test_unknown_bidang_and_unmatched_sasaran_name_their_cells(master_xlsx: Path) -> None:
    wb = load_workbook(master_xlsx)
    wb["Indikator"]["B5"] = "XYZ"
    wb["Anggaran"]["E4"] = "Sasaran yang tidak ada"
    wb.save(master_xlsx)
    with pytest.raises(ErrorList) as info:
        load_inputs(None, master_xlsx)
    rendered = _rendered(info.value)
    assert any("lembar 'Indikator', sel B5" in r and "'XYZ'" in r for r in rendered)
    assert any("lembar 'Anggaran', sel E4" in r and "sasaran" in r for r in rendered)


def test_unknown_bidang_in_yaml_names_the_line(tmp_path: Path) -> None:
    text = sample_text("indikator.yaml")
    path = tmp_path / "indikator.yaml"
    path.write_text(text.replace("kode_bidang: KWS", "kode_bidang: XYZ", 1), encoding="utf-8")
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "XYZ" in t)
    with pytest.raises(ErrorList) as info:
        load_inputs(None, path)
    assert any(f"baris {line}:" in r and "'XYZ'" in r for r in _rendered(info.value))


@pytest.mark.parametrize(("suffix", "kind"), [(".xls", "Excel lama"), (".ods", "OpenDocument")])
def test_old_or_other_formats_say_how_to_save(tmp_path: Path, suffix: str, kind: str) -> None:
    path = tmp_path / f"pk{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError) as info:
        load_inputs(None, path)
    assert kind in info.value.render() and "simpan sebagai" in info.value.render()


def test_near_miss_and_unknown_columns_are_refused_with_the_nearest_header(
    master_xlsx: Path,
) -> None:
    wb = load_workbook(master_xlsx)
    ws = wb["Indikator"]
    cells = {c.value: c.coordinate for c in ws[1]}
    ws[cells["Realisasi 2024"]] = "Realisasi Tahun 2024"
    ws[cells["Sumber Data"]] = "Sumbr Data"
    ws.cell(1, ws.max_column + 1, "Catatan Pimpinan")
    ws.insert_cols(1)
    ws["A1"] = "No"  # row numbers are allowed
    wb["Anggaran"]["H1"] = "Pagu Perubahan"
    wb.save(master_xlsx)
    with pytest.raises(ErrorList) as info:
        load_inputs(None, master_xlsx)
    text = "\n".join(_rendered(info.value))
    assert "Kolom 'Realisasi Tahun 2024' tidak dikenali; maksudnya 'Realisasi 2024'?" in text
    assert "Kolom 'Sumbr Data' tidak dikenali; maksudnya 'Sumber Data'?" in text
    assert "Kolom 'Catatan Pimpinan' tidak dikenali." in text
    assert "lembar 'Indikator', sel " in text and "Kolom 'No'" not in text
    # the Anggaran sheet is read after the Indikator sheet fails: fix those first
    wb = load_workbook(master_xlsx)
    ws = wb["Indikator"]
    ws.delete_cols(ws.max_column)
    for cell in ws[1]:
        cell.value = {"Realisasi Tahun 2024": "Realisasi 2024", "Sumbr Data": "Sumber Data"}.get(
            cell.value, cell.value
        )
    wb.save(master_xlsx)
    with pytest.raises(ErrorList) as again:
        load_inputs(None, master_xlsx)
    assert "lembar 'Anggaran', sel H1: Kolom 'Pagu Perubahan' tidak dikenali" in "\n".join(
        _rendered(again.value)
    )
