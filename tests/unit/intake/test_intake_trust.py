"""Issue 13, untrusted input: received data cannot change underneath (13.7), what is shown is
what is read (13.8), numbers are bounded (13.9), and a formulir is measured before openpyxl
walks it (13.12)."""

from __future__ import annotations

import io
import re
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from generator.base.periode import Periode
from generator.errors import ErrorList, KinerjaError, WorkspaceError
from generator.intake.guard import read_checked_bytes
from generator.intake.identity import IDENTITY_SHEET, read_identity
from generator.intake.ingest import latest_submissions, parse_bytes
from generator.intake.pengumpulan import kumpulkan
from generator.pdf.pdfs import print_copy
from generator.workspace.folder import MANIFEST, Workspace
from tests.fill import fill_formulir, prepare_formulir

Values = dict[str, float | int | str | None]


@pytest.fixture
def issued(workspace: Workspace) -> Path:
    return prepare_formulir(workspace)["IDE"]


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, Path]:
    """One workspace with issued formulir for the tests that are only refused (nothing changes)."""
    ws = Workspace.create(tmp_path_factory.mktemp("bersama") / "output", Periode.parse("2025"))
    return ws, prepare_formulir(ws)["IDE"]


def _filled(ws: Workspace, issued: Path, out: Path, **changes: float | int | str) -> Path:
    values: Values = {i.kode: i.target for i in ws.inputs.master.for_bidang("IDE")}
    values.update(changes)
    budget: Values = {a.kode: a.pagu for a in ws.inputs.master.anggaran_for_bidang("IDE")}
    return fill_formulir(issued, values, {}, budget, out=out)


def _refused(ws: Workspace, files: list[Path]) -> str:
    before = ws.path(MANIFEST).read_bytes()
    with pytest.raises(KinerjaError) as info:
        kumpulkan(ws, files)
    assert ws.path(MANIFEST).read_bytes() == before
    return info.value.render()


def _realisasi_ref(path: Path, kode: str) -> str:
    ident = read_identity(openpyxl.load_workbook(path), path)
    row = next(b.baris for b in ident.indikator if b.kode == kode)
    return f"{ident.kolom_indikator['Realisasi']}{row}"


# -- 13.7 received files are checked against the manifest before every use --------------------


def test_received_file_changed_on_disk_stops_rekap_and_print(
    workspace: Workspace, issued: Path, tmp_path: Path
) -> None:
    (accepted,) = kumpulkan(workspace, [_filled(workspace, issued, tmp_path / "ide.xlsx")])
    assert latest_submissions(workspace)["IDE"].rows[0].realisasi is not None
    forged = _filled(workspace, issued, tmp_path / "palsu.xlsx", **{"IDE-01": 500})
    accepted.path.write_bytes(forged.read_bytes())
    for use in (latest_submissions, lambda ws: print_copy(ws, accepted.path)):
        with pytest.raises(WorkspaceError) as info:
            use(workspace)
        message = info.value.render()
        assert accepted.path.name in message and "SHA-256" in message, message


# -- 13.8 what is shown is what is read ---------------------------------------------------------


def test_print_copy_uses_the_template_format_not_the_senders(
    workspace: Workspace, issued: Path, tmp_path: Path
) -> None:
    filled = _filled(workspace, issued, tmp_path / "ide.xlsx", **{"IDE-01": 10})
    ref = _realisasi_ref(filled, "IDE-01")
    wb = openpyxl.load_workbook(filled)
    wb["Formulir"][ref].number_format = '"77,00"'
    wb["Formulir"][ref].font = openpyxl.styles.Font(color="FFFFFFFF", name="Wingdings")
    wb.save(filled)
    (accepted,) = kumpulkan(workspace, [filled])
    copy = openpyxl.load_workbook(print_copy(workspace, accepted.path))["Formulir"][ref]
    template = openpyxl.load_workbook(issued)["Formulir"][ref]
    assert copy.value == 10
    assert copy.number_format == template.number_format != '"77,00"'
    assert copy.font.name == template.font.name and copy.font.color == template.font.color


def test_extra_or_hidden_visible_sheets_are_refused(
    shared: tuple[Workspace, Path], tmp_path: Path
) -> None:
    workspace, issued = shared
    decoy = _filled(workspace, issued, tmp_path / "umpan.xlsx")
    wb = openpyxl.load_workbook(decoy)
    wb.create_sheet("Ringkasan")["A1"] = 99
    wb.save(decoy)
    assert "lembar 'Ringkasan'" in _refused(workspace, [decoy])
    wb = openpyxl.load_workbook(decoy)  # openpyxl cannot save one workbook with images twice
    wb["Formulir"].sheet_state = "hidden"
    wb.save(decoy)
    message = _refused(workspace, [decoy])
    assert "Lembar 'Formulir' disembunyikan" in message, message


# -- 13.9 numbers are bounded at kumpulkan --------------------------------------------------------


def test_insane_or_ambiguous_realisasi_refused_with_the_cell(
    shared: tuple[Workspace, Path], tmp_path: Path
) -> None:
    workspace, issued = shared
    typed: dict[str, float | str] = {
        "IDE-01": 1e300, "IDE-02": 1e25, "IDE-03": "7.8.0", "IDE-04": "0.500"
    }  # fmt: skip
    filled = _filled(workspace, issued, tmp_path / "ide.xlsx", **typed)
    problems = _refused(workspace, [filled]).splitlines()[1:]
    for kode in typed:
        ref = _realisasi_ref(filled, kode)
        (line,) = [p for p in problems if f"sel {ref}," in p]
        assert re.search(r"di luar batas|1\.234,5 atau 1234,5 atau 85%", line), line


# -- 13.12 limits read from the zip before openpyxl ----------------------------------------------


def _rewrite_sheet(path: Path, sheet: str, edit: str) -> None:
    index = openpyxl.load_workbook(path).sheetnames.index(sheet)
    part = f"xl/worksheets/sheet{index + 1}.xml"
    with zipfile.ZipFile(path) as old:
        members = {i.filename: old.read(i) for i in old.infolist()}
    xml = members[part].decode()
    members[part] = (
        xml.replace("</sheetData>", edit + "</sheetData>")
        if edit.startswith("<row")
        else xml.replace("</worksheet>", edit + "</worksheet>")
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in members.items():
            new.writestr(name, data)
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize(
    ("sheet", "edit", "needle"),
    [
        (IDENTITY_SHEET, '<row r="1048576"><c r="A1048576"><v>1</v></c></row>', "A1048576"),
        ("Formulir", '<mergeCells count="1"><mergeCell ref="A40:XFD1048576"/></mergeCells>', "XFD"),
    ],
)
def test_far_cell_refused_fast_before_openpyxl(
    shared: tuple[Workspace, Path], tmp_path: Path, sheet: str, edit: str, needle: str
) -> None:
    workspace, issued = shared
    filled = _filled(workspace, issued, tmp_path / "jauh.xlsx")
    _rewrite_sheet(filled, sheet, edit)
    assert filled.stat().st_size < 40_000
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(KinerjaError) as info:
        parse_bytes(read_checked_bytes(filled), filled.name)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    message = info.value.render()
    assert needle in message and "di luar batas formulir" in message, message
    assert elapsed < 1.0 and peak < 20 * 2**20, (elapsed, peak)
    assert not isinstance(info.value, ErrorList)


def test_same_bytes_parsed_once_each_caller_gets_its_own_copy(
    shared: tuple[Workspace, Path], tmp_path: Path
) -> None:
    """Issue 14: kumpulkan, rekap, the print copy and the archive read the same files; the
    second read of the same bytes is not parsed again, and no caller can change another's."""
    workspace, issued = shared
    data = read_checked_bytes(_filled(workspace, issued, tmp_path / "sekali.xlsx"))
    first = parse_bytes(data, "sekali.xlsx")
    started = time.perf_counter()
    second = parse_bytes(data, "nama-lain.xlsx")
    assert time.perf_counter() - started < 0.05
    assert second == first and second is not first and second.rows is not first.rows
    second.rows.clear()
    assert parse_bytes(data, "sekali.xlsx").rows == first.rows

    kode = workspace.inputs.master.for_bidang("IDE")[0].kode
    draft = read_checked_bytes(_filled(workspace, issued, tmp_path / "draf.xlsx", **{kode: ""}))
    assert parse_bytes(draft, "draf.xlsx", sebagian=True).kosong
    with pytest.raises(ErrorList, match="belum diisi"):  # a draft read first is still no final
        parse_bytes(draft, "draf.xlsx")

    broken = _filled(workspace, issued, tmp_path / "salah.xlsx", **{kode: "banyak"})
    for _ in range(2):  # a refusal is never remembered: the second read refuses the same way
        with pytest.raises(ErrorList, match=r"salah\.xlsx"):
            parse_bytes(read_checked_bytes(broken), broken.name)
