from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.base.periode import Periode
from generator.cli import kinerja
from generator.workspace.folder import MANIFEST, Workspace
from tests.fill import fill_all, fill_formulir


def _prepared(tmp_path: Path, runner: CliRunner) -> tuple[Workspace, Path]:
    output = tmp_path / "output"
    assert (
        runner.invoke(
            kinerja, ["init", "--periode", "2025", "--contoh", "--output", str(output)]
        ).exit_code
        == 0
    )
    assert (
        runner.invoke(kinerja, ["memo", "--periode", "2025", "--output", str(output)]).exit_code
        == 0
    )
    return Workspace.open(output, Periode.parse("2025")), output


def test_formulir_then_kumpulkan(tmp_path: Path, runner: CliRunner) -> None:
    ws, output = _prepared(tmp_path, runner)
    result = runner.invoke(kinerja, ["formulir", "--periode", "2025", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "5 formulir dibuat" in result.output and "langkah 2 dan 3 selesai" in result.output
    folder = ws.folder("formulir")
    paths = {p.name.split("-")[1]: p for p in folder.glob("formulir-*-v1.xlsx")}
    filled = fill_all(ws, paths, tmp_path)
    args = ["kumpulkan", "--periode", "2025", "--output", str(output), "--oleh", "Petugas Uji"]
    result = runner.invoke(kinerja, [*args, str(filled["IDE"]), str(filled["SEK"])])
    assert result.exit_code == 0, result.output
    assert (
        "2 formulir diterima" in result.output and "belum lengkap: POL, EKS, KWS" in result.output
    )
    assert ws.snapshot().step(5).bidang["IDE"].oleh == "Petugas Uji"
    rest = [str(filled[k]) for k in ("POL", "EKS", "KWS")]
    result = runner.invoke(kinerja, [*args, *rest])
    assert result.exit_code == 0, result.output
    assert "langkah 5 dan 6 selesai" in result.output


def test_kumpulkan_refusal_exit_1_nothing_recorded(tmp_path: Path, runner: CliRunner) -> None:
    ws, output = _prepared(tmp_path, runner)
    runner.invoke(kinerja, ["formulir", "--periode", "2025", "--output", str(output)])
    blank = ws.folder("formulir") / "formulir-IDE-v1.xlsx"
    bad = fill_formulir(blank, {"IDE-01": "delapan", "IDE-02": "=B2*2"}, out=tmp_path / "ide.xlsx")
    before = ws.path(MANIFEST).read_bytes()
    args = ["kumpulkan", "--periode", "2025", "--output", str(output)]
    result = runner.invoke(kinerja, [*args, str(bad)])
    assert result.exit_code == 1
    assert "Galat" in result.output and "Formulir ditolak" in result.output
    assert (
        "sel G18" in result.output
        and "sel G19" in result.output
        and "berisi rumus" in result.output
    )
    assert "Realisasi (IDE-03) belum diisi" in result.output and "Traceback" not in result.output
    assert ws.path(MANIFEST).read_bytes() == before
    result = runner.invoke(kinerja, [*args, str(tmp_path / "tidak-ada.xlsx")])
    assert result.exit_code == 1 and "tidak ditemukan" in result.output


def test_kumpulkan_sebagian_lists_what_is_missing(tmp_path: Path, runner: CliRunner) -> None:
    ws, output = _prepared(tmp_path, runner)
    runner.invoke(kinerja, ["formulir", "--periode", "2025", "--output", str(output)])
    blank = ws.folder("formulir") / "formulir-POL-v1.xlsx"
    part = fill_formulir(blank, {"POL-01": 10}, out=tmp_path / "pol.xlsx")
    args = ["kumpulkan", "--periode", "2025", "--output", str(output), "--sebagian", str(part)]
    result = runner.invoke(kinerja, args)
    assert result.exit_code == 0, result.output
    assert "draf, belum lengkap" in result.output and "Realisasi belum diisi:" in result.output
    assert ws.snapshot().step(5).bidang["POL"].status != "selesai"


def test_kumpulkan_needs_files(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(kinerja, ["kumpulkan", "--periode", "2025"])
    assert result.exit_code == 2


def test_kumpulkan_same_file_twice_says_so(tmp_path: Path, runner: CliRunner) -> None:
    ws, output = _prepared(tmp_path, runner)
    runner.invoke(kinerja, ["formulir", "--periode", "2025", "--output", str(output)])
    paths = {p.name.split("-")[1]: p for p in ws.folder("formulir").glob("formulir-*-v1.xlsx")}
    filled = fill_all(ws, paths, tmp_path)
    args = ["kumpulkan", "--periode", "2025", "--output", str(output), str(filled["IDE"])]
    assert runner.invoke(kinerja, args).exit_code == 0
    before = ws.path(MANIFEST).read_bytes()
    result = runner.invoke(kinerja, args)
    assert result.exit_code == 0, result.output
    assert "sama persis dengan TRM-2025-IDE versi 1" in result.output
    assert "tidak dicatat ulang" in result.output and "0 formulir diterima" in result.output
    assert ws.path(MANIFEST).read_bytes() == before
