"""`kinerja arsip` refusals that need no LibreOffice: what a script or a pipe reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import kinerja
from generator.workspace.folder import MANIFEST


def test_p12_without_password_and_without_terminal(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KINERJA_P12_PASSWORD", raising=False)
    out = str(tmp_path / "out")
    for args in (["init", "--contoh"], ["memo"]):
        assert runner.invoke(kinerja, [*args, "--periode", "2025", "--output", out]).exit_code == 0
    p12 = tmp_path / "ttd.p12"
    p12.write_bytes(b"bukan sertifikat")
    manifest = tmp_path / "out" / "2025" / MANIFEST
    before = manifest.read_bytes()
    result = runner.invoke(
        kinerja, ["arsip", "--periode", "2025", "--output", out, "--p12", str(p12)]
    )
    assert result.exit_code == 1
    assert "tidak ada terminal" in result.output and "KINERJA_P12_PASSWORD" in result.output
    assert "GetPassWarning" not in result.output and "may be echoed" not in result.output
    assert not result.output.startswith("\n")
    assert manifest.read_bytes() == before
