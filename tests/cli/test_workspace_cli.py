from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from generator.cli import kinerja

STEP_KEYS = {
    "no",
    "kegiatan",
    "pelaksana",
    "status",
    "mulai",
    "selesai",
    "baku_menit",
    "terpakai_menit",
    "terlambat",
}
DOC_KEYS = {"id", "jenis", "langkah", "bidang", "path", "sha256", "versi", "keadaan"}


def test_every_command_has_indonesian_help(runner: CliRunner) -> None:
    def walk(group: click.Group, prefix: list[str]) -> list[list[str]]:
        found = []
        for name, cmd in group.commands.items():
            found.append([*prefix, name])
            if isinstance(cmd, click.Group):
                found += walk(cmd, [*prefix, name])
        return found

    for path in walk(kinerja, []):
        result = runner.invoke(kinerja, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Penggunaan:" in result.output and "Tampilkan bantuan" in result.output, path
        cmd = kinerja
        for name in path:
            cmd = cmd.commands[name]  # type: ignore[attr-defined]
        assert cmd.help, f"{path} has no help text"


def test_init_then_status_json(runner: CliRunner, tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    result = runner.invoke(kinerja, ["init", "--periode", "2025-TW2", "--contoh", "--output", out])
    assert result.exit_code == 0, result.output
    assert "Ruang kerja 2025-TW2 dibuat" in result.output
    result = runner.invoke(kinerja, ["status", "--periode", "2025-TW2", "--output", out, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["schema"] == 1 and report["periode"] == "2025-TW2"
    assert len(report["langkah"]) == 11
    for step in report["langkah"]:
        assert set(step) >= STEP_KEYS
    assert report["langkah"][0]["baku_menit"] == 15
    assert report["langkah"][4]["baku_menit"] == 900
    assert report["dokumen"] == []


def test_status_json_documents_schema(runner: CliRunner, tmp_path: Path) -> None:
    from generator.base.periode import Periode
    from generator.workspace.folder import Workspace

    ws = Workspace.create(tmp_path, Periode.parse("2025"))
    with ws.transaction("x") as j:
        j.reserve_document("memo", "memo", 1, "Memo")
        j.register_version("memo", "dokumen/memo-v1.docx", "c" * 64)
        j.finish_step(1)
    result = runner.invoke(
        kinerja, ["status", "--periode", "2025", "--output", str(tmp_path), "--json"]
    )
    doc = json.loads(result.output)["dokumen"][0]
    assert set(doc) >= DOC_KEYS
    assert doc["id"] == "MEMO-2025-01" and doc["versi"] == 1 and doc["keadaan"] == "draf"
    table = runner.invoke(kinerja, ["status", "--periode", "2025", "--output", str(tmp_path)])
    assert table.exit_code == 0 and "MEMO-2025-01" in table.output and "selesai" in table.output


def test_exit_codes(runner: CliRunner, tmp_path: Path) -> None:
    out = str(tmp_path)
    missing = runner.invoke(kinerja, ["status", "--periode", "2025", "--output", out])
    assert missing.exit_code == 1
    assert "belum ada" in missing.output and "kinerja init" in missing.output
    usage = runner.invoke(kinerja, ["status", "--output", out])
    assert usage.exit_code == 2 and "Opsi wajib '--periode'" in usage.output
    bad = runner.invoke(kinerja, ["init", "--periode", "2025-TW9", "--output", out])
    assert bad.exit_code == 2 and "tidak dikenali" in bad.output
    assert (
        runner.invoke(kinerja, ["init", "--periode", "2025", "--contoh", "--output", out]).exit_code
        == 0
    )
    again = runner.invoke(kinerja, ["init", "--periode", "2025", "--contoh", "--output", out])
    assert again.exit_code == 1 and "sudah ada" in again.output


def test_bad_input_file_is_a_user_error_and_writes_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    org = tmp_path / "org.yaml"
    org.write_text("instansi: X\n", encoding="utf-8")
    result = runner.invoke(
        kinerja, ["init", "--periode", "2025", "--org", str(org), "--output", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "wajib diisi" in result.output and "org.yaml" in result.output
    assert not (tmp_path / "o").exists()


def test_contoh_writes_starting_files_that_init_accepts(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "mulai"
    result = runner.invoke(kinerja, ["contoh", str(folder)])
    assert result.exit_code == 0, result.output
    org, master = folder / "org.yaml", folder / "indikator.xlsx"
    assert org.is_file() and master.is_file()
    result = runner.invoke(
        kinerja,
        ["init", "--periode", "2025", "--org", str(org), "--indikator", str(master),
         "--output", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "30 indikator" in result.output
    before = master.read_bytes()
    again = runner.invoke(kinerja, ["contoh", str(folder)])
    assert again.exit_code == 1 and "tidak ditimpa" in again.output
    assert master.read_bytes() == before
