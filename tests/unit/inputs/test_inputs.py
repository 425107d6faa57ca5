from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.errors import ErrorList, InputError, KinerjaError
from generator.inputs.load import load_inputs, sample_text
from generator.inputs.master_excel import write_master_excel


def _org(tmp_path: Path, old: str, new: str) -> Path:
    text = sample_text("org.yaml")
    assert old in text
    path = tmp_path / "org.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _problems(exc: KinerjaError) -> list[KinerjaError]:
    return exc.problems if isinstance(exc, ErrorList) else [exc]


def test_sample_loads() -> None:
    inputs = load_inputs()
    assert inputs.org.kode_unit == "35.73.505"
    assert inputs.org.pejabat.sekretaris.nip_tampil == "19730419 199602 2 001"
    assert [b.kode for b in inputs.org.bidang] == ["SEK", "IDE", "POL", "EKS", "KWS"]
    assert 25 <= len(inputs.master.indikator) <= 40
    assert any(i.polaritas == "negatif" for i in inputs.master.indikator)
    assert all(i.realisasi_lalu for i in inputs.master.indikator)
    assert inputs.master.anggaran


def test_bad_nip_names_line_and_field(tmp_path: Path) -> None:
    path = _org(tmp_path, '"19730419 199602 2 001"', '"19730419 199602 2 00"')
    with pytest.raises(KinerjaError) as info:
        load_inputs(path)
    problem = _problems(info.value)[0]
    assert problem.location.file == str(path)
    assert problem.location.line is not None
    text = info.value.render()
    assert "NIP" in text and "18 angka" in text and "pejabat.sekretaris.nip" in text


def test_nip_birth_date_checked(tmp_path: Path) -> None:
    path = _org(tmp_path, '"19730419 199602 2 001"', '"19731319 199602 2 001"')
    with pytest.raises(KinerjaError, match="tanggal lahir"):
        load_inputs(path)


def test_unknown_key_and_bad_paper(tmp_path: Path) -> None:
    path = _org(tmp_path, "kertas: A4", "kertas: Letter\nwarna: merah")
    with pytest.raises(ErrorList) as info:
        load_inputs(path)
    text = info.value.render()
    assert "kertas" in text and "'A4' atau 'F4'" in text
    assert "warna" in text and "tidak dikenal" in text


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("instansi: Badan\n  kota: [Malang\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_inputs(path)
    assert info.value.location.line is not None
    assert "YAML" in info.value.render()


def test_indicator_with_unknown_bidang(tmp_path: Path) -> None:
    path = tmp_path / "indikator.yaml"
    path.write_text(
        sample_text("indikator.yaml").replace("kode_bidang: KWS", "kode_bidang: XYZ", 1),
        encoding="utf-8",
    )
    with pytest.raises(ErrorList) as info:
        load_inputs(None, path)
    text = info.value.render()
    assert "KWS-01" in text and "'XYZ'" in text and "Kode bidang yang dikenal" in text


def test_indicator_yaml_bad_target_names_line(tmp_path: Path) -> None:
    path = tmp_path / "indikator.yaml"
    text = sample_text("indikator.yaml").replace("target: 78\n", "target: tujuh puluh\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ErrorList) as info:
        load_inputs(None, path)
    problem = info.value.problems[0]
    expected_line = text.splitlines().index("  target: tujuh puluh") + 1
    assert problem.location.line == expected_line
    assert "bukan angka" in problem.render()


@pytest.fixture
def master_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "pk.xlsx"
    write_master_excel(load_inputs().master, path)
    return path


def test_excel_master_roundtrip(master_xlsx: Path) -> None:
    loaded = load_inputs(None, master_xlsx)
    assert loaded.master == load_inputs().master


def test_excel_accepts_indonesian_text_numbers(master_xlsx: Path) -> None:
    wb = load_workbook(master_xlsx)
    ws = wb["Indikator"]
    ws["F2"] = "1.234,5"
    ws["F3"] = "85%"
    wb.save(master_xlsx)
    master = load_inputs(None, master_xlsx).master
    assert master.indikator[0].target == 1234.5
    assert master.indikator[1].target == 85


def test_excel_errors_name_sheet_and_cell(master_xlsx: Path) -> None:
    wb = load_workbook(master_xlsx)
    ws = wb["Indikator"]
    ws["F2"] = "banyak"
    ws["G3"] = "naik"
    wb["Anggaran"]["F4"] = "-5"
    wb.save(master_xlsx)
    with pytest.raises(ErrorList) as info:
        load_inputs(None, master_xlsx)
    rendered = [p.render() for p in info.value.problems]
    assert any("lembar 'Indikator'" in r and "sel F2" in r and "bukan angka" in r for r in rendered)
    assert any("sel G3" in r and "Polaritas" in r for r in rendered)
    assert any("lembar 'Anggaran'" in r and "sel F4" in r and "negatif" in r for r in rendered)


def test_excel_missing_column(master_xlsx: Path) -> None:
    wb = load_workbook(master_xlsx)
    wb["Indikator"]["F1"] = "Sasaran Kinerja"
    wb.save(master_xlsx)
    with pytest.raises(InputError, match="Kolom wajib tidak ada: Target"):
        load_inputs(None, master_xlsx)


def test_not_an_excel_file(tmp_path: Path) -> None:
    path = tmp_path / "pk.xlsx"
    path.write_bytes(b"bukan zip")
    with pytest.raises(InputError, match="bukan buku kerja Excel"):
        load_inputs(None, path)
