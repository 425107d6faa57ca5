from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from generator.base.periode import Periode
from generator.errors import ErrorList, IngestError, KinerjaError
from generator.intake.identity import read_identity
from generator.intake.ingest import latest_submissions, read_submission
from generator.intake.pengumpulan import kumpulkan
from generator.workspace.folder import MANIFEST, Workspace
from tests.fill import fill_all, fill_formulir, prepare_formulir


@pytest.fixture
def ide_values(workspace: Workspace) -> dict[str, float | int | str | None]:
    return {i.kode: i.target for i in workspace.inputs.master.for_bidang("IDE")}


@pytest.fixture
def ide_budget(workspace: Workspace) -> dict[str, float | int | str | None]:
    return {a.kode: a.pagu for a in workspace.inputs.master.anggaran_for_bidang("IDE")}


def _cell(path: Path, kode: str, column: str = "Realisasi") -> str:
    ident = read_identity(openpyxl.load_workbook(path), path)
    row = next(b.baris for b in ident.indikator if b.kode == kode)
    return f"{ident.kolom_indikator[column]}{row}"


def _refused(ws: Workspace, files: list[Path], *needles: str) -> str:
    """Kumpulkan refuses; the manifest is byte-identical and nothing was copied."""
    before = ws.path(MANIFEST).read_bytes()
    with pytest.raises(KinerjaError) as info:
        kumpulkan(ws, files)
    message = info.value.render()
    for needle in needles:
        assert needle in message, (needle, message)
    assert ws.path(MANIFEST).read_bytes() == before
    assert not list(ws.folder("formulir_terisi").rglob("*.xlsx"))
    return message


def test_accepts_numbers_as_people_type_them(
    workspace: Workspace,
    formulir: dict[str, Path],
    tmp_path: Path,
    ide_budget: dict[str, float | int | str | None],
) -> None:
    codes = [i.kode for i in workspace.inputs.master.for_bidang("IDE")]
    typed = ["85", "85,5", "1.234,5", "85%", 12, 0.5]
    expected = [85.0, 85.5, 1234.5, 85.0, 12.0, 0.5]
    values: dict[str, float | int | str | None] = dict(zip(codes, typed, strict=True))
    notes = {codes[0]: '=HYPERLINK("x")', codes[1]: "Kendala: hujan & <banjir>"}
    filled = fill_formulir(formulir["IDE"], values, notes, ide_budget, out=tmp_path / "ide.xlsx")
    # a formula typed in Keterangan is refused, the same text as text is fine
    wb = openpyxl.load_workbook(filled)
    cell = wb["Formulir"][_cell(filled, codes[0], "Keterangan")]
    cell.data_type = "s"
    wb.save(filled)
    sub = read_submission(filled)
    assert sub.kode_bidang == "IDE" and sub.periode == "2025" and not sub.sebagian
    assert [r.realisasi for r in sub.rows] == expected
    assert sub.rows[0].keterangan == '=HYPERLINK("x")'
    assert sub.rows[1].keterangan == "Kendala: hujan & <banjir>"
    assert [a.realisasi for a in sub.anggaran] == [float(v) for v in ide_budget.values()]  # type: ignore[arg-type]


def test_accepted_copy_is_byte_identical_and_versions_never_replaced(
    workspace: Workspace, formulir: dict[str, Path], tmp_path: Path
) -> None:
    filled = fill_all(workspace, formulir, tmp_path)
    first = kumpulkan(workspace, [filled["IDE"], filled["SEK"]])
    assert [d.versi for d in first] == [1, 1]
    assert first[0].path.read_bytes() == filled["IDE"].read_bytes()
    journal = workspace.snapshot()
    doc = journal.find("formulir_terisi:IDE")
    assert doc is not None and doc.jenis == "formulir_terisi" and doc.langkah == 5
    assert doc.latest.sha256 == first[0].sha256 and doc.latest.meta["tetap"] is True
    assert journal.step(5).bidang["IDE"].status == "selesai"
    assert journal.step(6).bidang["IDE"].status == "selesai"
    assert journal.step(5).status == "berjalan"
    v1 = first[0].path.read_bytes()
    again = fill_formulir(filled["IDE"], {"IDE-01": 1}, out=tmp_path / "ide-lagi.xlsx")
    second = kumpulkan(workspace, [again, filled["POL"], filled["EKS"], filled["KWS"]])
    assert second[0].versi == 2 and second[0].path != first[0].path
    assert first[0].path.read_bytes() == v1
    journal = workspace.snapshot()
    assert journal.step(5).status == journal.step(6).status == "selesai"
    latest = latest_submissions(workspace)
    assert sorted(latest) == sorted(b.kode for b in workspace.inputs.org.bidang)
    assert latest["IDE"].rows[0].realisasi == 1.0


def test_missing_realisasi_refused_or_draft_with_sebagian(
    workspace: Workspace,
    formulir: dict[str, Path],
    tmp_path: Path,
    ide_values: dict[str, float | int | str | None],
) -> None:
    values = dict(ide_values)
    values.pop("IDE-02")
    values.pop("IDE-04")
    filled = fill_formulir(formulir["IDE"], values, out=tmp_path / "ide.xlsx")
    message = _refused(
        workspace, [filled], _cell(filled, "IDE-02"), _cell(filled, "IDE-04"), "--sebagian"
    )
    assert "Realisasi Anggaran" not in message or "IDE.1" in message
    diterima = kumpulkan(workspace, [filled], sebagian=True)
    assert diterima[0].sebagian and f"{_cell(filled, 'IDE-02')} (IDE-02)" in diterima[0].kosong
    journal = workspace.snapshot()
    doc = journal.find("formulir_terisi:IDE")
    assert doc is not None and doc.latest.meta["sebagian"] is True and doc.latest.meta["kosong"]
    assert journal.step(5).bidang["IDE"].status != "selesai"
    assert read_submission(diterima[0].path).sebagian


def test_every_problem_listed_at_once(
    workspace: Workspace, formulir: dict[str, Path], tmp_path: Path
) -> None:
    values: dict[str, float | int | str | None] = {
        "IDE-01": "banyak",
        "IDE-02": -5,
        "IDE-03": "=1+1",
    }
    filled = fill_formulir(formulir["IDE"], values, out=tmp_path / "ide.xlsx")
    wb = openpyxl.load_workbook(filled)
    wb["Formulir"][_cell(filled, "IDE-05", "Target")] = 999
    wb.save(filled)
    with pytest.raises(ErrorList) as info:
        kumpulkan(workspace, [filled])
    cells = {p.location.cell for p in info.value.problems}
    for kode in ("IDE-01", "IDE-02", "IDE-03"):
        assert _cell(filled, kode) in cells
    assert _cell(filled, "IDE-05", "Target") in cells
    assert all(
        isinstance(p, IngestError) and p.location.sheet == "Formulir" for p in info.value.problems
    )


# -- the refusals of issue 5 ---------------------------------------------------------------


def _filled(
    formulir: dict[str, Path],
    tmp_path: Path,
    values: dict[str, float | int | str | None],
    budget: dict[str, float | int | str | None],
) -> Path:
    return fill_formulir(formulir["IDE"], values, None, budget, out=tmp_path / "ide.xlsx")


def test_refuses_wrong_periode(
    workspace: Workspace, formulir: dict[str, Path], tmp_path: Path
) -> None:
    other = Workspace.create(tmp_path / "output", Periode.parse("2025-TW1"))
    paths = fill_all(other, prepare_formulir(other), tmp_path)
    _refused(workspace, [paths["IDE"]], "periode 2025-TW1, bukan 2025")


def test_refuses_other_workspace(
    workspace: Workspace, formulir: dict[str, Path], tmp_path: Path
) -> None:
    other = Workspace.create(tmp_path / "lain", Periode.parse("2025"))
    paths = fill_all(other, prepare_formulir(other), tmp_path)
    _refused(workspace, [paths["IDE"]], "ruang kerja lain")


def test_refuses_edited_target(
    workspace: Workspace,
    formulir: dict[str, Path],
    tmp_path: Path,
    ide_values: dict[str, float | int | str | None],
    ide_budget: dict[str, float | int | str | None],
) -> None:
    path = _filled(formulir, tmp_path, ide_values, ide_budget)
    wb = openpyxl.load_workbook(path)
    ref = _cell(path, "IDE-03", "Target")
    wb["Formulir"][ref] = 1
    wb.save(path)
    _refused(workspace, [path], f"sel {ref}", "Target (IDE-03) diubah")


def test_refuses_text_in_realisasi(
    workspace: Workspace,
    formulir: dict[str, Path],
    tmp_path: Path,
    ide_values: dict[str, float | int | str | None],
    ide_budget: dict[str, float | int | str | None],
) -> None:
    path = _filled(
        formulir, tmp_path, {**ide_values, "IDE-02": "sekitar delapan puluh"}, ide_budget
    )
    _refused(workspace, [path], f"sel {_cell(path, 'IDE-02')}", "bukan angka")


@pytest.mark.parametrize(
    ("formula", "reason"),
    [("=80+5", "berisi rumus"), ("='[anggaran.xlsx]Lembar1'!B2", "merujuk berkas lain")],
)
def test_refuses_formula_in_realisasi(
    workspace: Workspace,
    formulir: dict[str, Path],
    tmp_path: Path,
    ide_values: dict[str, float | int | str | None],
    ide_budget: dict[str, float | int | str | None],
    formula: str,
    reason: str,
) -> None:
    path = _filled(formulir, tmp_path, {**ide_values, "IDE-01": formula}, ide_budget)
    _refused(workspace, [path], f"sel {_cell(path, 'IDE-01')}", reason)


def test_refuses_deleted_row(
    workspace: Workspace,
    formulir: dict[str, Path],
    tmp_path: Path,
    ide_values: dict[str, float | int | str | None],
    ide_budget: dict[str, float | int | str | None],
) -> None:
    path = _filled(formulir, tmp_path, ide_values, ide_budget)
    row = int(_cell(path, "IDE-02")[1:])
    wb = openpyxl.load_workbook(path)
    wb["Formulir"].delete_rows(row)
    wb.save(path)
    _refused(workspace, [path], "disisipkan atau dihapus")


def test_refuses_renamed_sheet(
    workspace: Workspace,
    formulir: dict[str, Path],
    tmp_path: Path,
    ide_values: dict[str, float | int | str | None],
    ide_budget: dict[str, float | int | str | None],
) -> None:
    path = _filled(formulir, tmp_path, ide_values, ide_budget)
    wb = openpyxl.load_workbook(path)
    wb["Formulir"].title = "Isian IDE"
    wb.save(path)
    _refused(workspace, [path], "Lembar 'Formulir' tidak ditemukan", "'Isian IDE'")


def _docx(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    path.write_bytes(buffer.getvalue())
    return path


def _bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as member:
            block = b"\0" * (1 << 20)
            for _ in range(80):
                member.write(block)
    return path


def _big(path: Path) -> Path:
    with path.open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(50 * 1024 * 1024)
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: _docx(p), "dokumen Word (.docx)"),
        (lambda p: (p.write_bytes(b""), p)[1], "kosong (0 bita)"),
        (lambda p: _big(p), "terlalu besar (50 MB; batas 10 MB)"),
        (lambda p: _bomb(p), "bom zip"),
        (lambda p: (p.write_bytes(b"PK\x03\x04" + b"x" * 300), p)[1], "rusak"),
        (lambda p: (p.write_bytes(b"%PDF-1.7 hello"), p)[1], "bukan buku kerja Excel"),
    ],
    ids=["docx", "kosong", "50mb", "bom", "rusak", "pdf"],
)
def test_refuses_bad_containers(
    workspace: Workspace,
    formulir: dict[str, Path],
    tmp_path: Path,
    make: Callable[[Path], Path],
    reason: str,
) -> None:
    path = make(tmp_path / "formulir-IDE.xlsx")
    _refused(workspace, [path], "formulir-IDE.xlsx", reason)


def test_one_bad_file_refuses_the_whole_batch(
    workspace: Workspace, formulir: dict[str, Path], tmp_path: Path
) -> None:
    filled = fill_all(workspace, formulir, tmp_path)
    bad = tmp_path / "kosong.xlsx"
    bad.write_bytes(b"")
    _refused(
        workspace,
        [filled["SEK"], bad, filled["IDE"]],
        "kosong.xlsx",
        "tidak ada berkas yang dicatat",
    )


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice tidak terpasang")
def test_file_saved_again_by_libreoffice_is_accepted(
    workspace: Workspace, formulir: dict[str, Path], tmp_path: Path
) -> None:
    filled = fill_all(workspace, formulir, tmp_path)
    out = tmp_path / "lo"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "xlsx",
         "--outdir", str(out), str(filled["KWS"])],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    resaved = out / filled["KWS"].name
    assert resaved.read_bytes() != filled["KWS"].read_bytes()
    diterima = kumpulkan(workspace, [resaved])
    assert diterima[0].kode_bidang == "KWS"
    sub = read_submission(diterima[0].path)
    expected = [round(i.target * 0.9, 2) for i in workspace.inputs.master.for_bidang("KWS")]
    assert [r.realisasi for r in sub.rows] == expected


def test_openpyxl_reads_with_defusedxml() -> None:
    import generator.intake.guard

    assert openpyxl.DEFUSEDXML is True
    assert generator.intake.guard.MAX_RATIO <= 100


def test_messages_read_like_the_sheet(
    workspace: Workspace,
    formulir: dict[str, Path],
    tmp_path: Path,
    ide_values: dict[str, float | int | str | None],
    ide_budget: dict[str, float | int | str | None],
) -> None:
    """'delapan puluh' is named once as not a number; an edited target shows 78, not 78.0."""
    path = _filled(formulir, tmp_path, {**ide_values, "IDE-01": "delapan puluh"}, ide_budget)
    wb = openpyxl.load_workbook(path)
    target = _cell(path, "IDE-02", "Target")
    expected = wb["Formulir"][target].value
    wb["Formulir"][target] = 1234.5
    wb.save(path)
    message = _refused(workspace, [path], "'delapan puluh' bukan angka", "tertulis '1.234,5'")
    assert message.count("bukan angka") == 1
    assert f"seharusnya '{int(expected)}'" in message and ".0'" not in message


def test_deleted_row_problems_come_in_sheet_order(
    workspace: Workspace,
    formulir: dict[str, Path],
    tmp_path: Path,
    ide_values: dict[str, float | int | str | None],
    ide_budget: dict[str, float | int | str | None],
) -> None:
    path = _filled(formulir, tmp_path, ide_values, ide_budget)
    wb = openpyxl.load_workbook(path)
    wb["Formulir"].delete_rows(int(_cell(path, "IDE-03")[1:]))
    wb.save(path)
    with pytest.raises(ErrorList) as info:
        kumpulkan(workspace, [path])
    headers = [
        p.location.cell
        for p in info.value.problems
        if "Judul kolom" in p.message and p.location.cell
    ]
    assert headers and headers == sorted(headers, key=lambda c: (len(c), c))


def test_the_same_file_again_is_not_recorded_twice(
    workspace: Workspace, formulir: dict[str, Path], tmp_path: Path
) -> None:
    filled = fill_all(workspace, formulir, tmp_path)
    first = kumpulkan(workspace, [filled["IDE"]])
    before = workspace.path(MANIFEST).read_bytes()
    again = kumpulkan(workspace, [filled["IDE"]])
    assert [(d.ulang, d.versi, d.doc_id) for d in again] == [(True, 1, first[0].doc_id)]
    assert again[0].path == first[0].path
    assert workspace.path(MANIFEST).read_bytes() == before
    assert len(list((workspace.folder("formulir_terisi") / "IDE").glob("*.xlsx"))) == 1
    # together with a new file: the new one is recorded, the repeated one is not
    mixed = kumpulkan(workspace, [filled["IDE"], filled["POL"]])
    assert [(d.kode_bidang, d.ulang) for d in mixed] == [("POL", False), ("IDE", True)]


def test_the_same_file_named_twice_in_one_call(
    workspace: Workspace, formulir: dict[str, Path], tmp_path: Path
) -> None:
    filled = fill_all(workspace, formulir, tmp_path)
    _refused(workspace, [filled["IDE"], filled["IDE"]], "disebut dua kali")


def test_a_returned_file_sent_back_unchanged_is_refused(
    workspace: Workspace, formulir: dict[str, Path], tmp_path: Path
) -> None:
    filled = fill_all(workspace, formulir, tmp_path)
    kumpulkan(workspace, list(filled.values()))
    with workspace.transaction("uji") as journal:
        journal.return_for_revision(["IDE"], "Lengkapi keterangan IDE-02", 5, 10)
    before = workspace.path(MANIFEST).read_bytes()
    with pytest.raises(KinerjaError) as info:
        kumpulkan(workspace, [filled["IDE"]])
    message = info.value.render()
    assert "sama persis" in message and "Lengkapi keterangan IDE-02" in message
    assert workspace.path(MANIFEST).read_bytes() == before
