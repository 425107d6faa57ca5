"""`kinerja arsip` and `kinerja verifikasi` through the CLI, with real LibreOffice and pyHanko."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.base.fsutil import sha256_file
from generator.cli import kinerja
from generator.pdf.verify import parse_pdfsig

pytestmark = pytest.mark.slow


def _run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(kinerja, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_arsip_signs_registers_and_verifies(tmp_path: Path) -> None:
    runner = CliRunner()
    out = str(tmp_path / "out")
    _run(runner, "init", "--periode", "2025", "--contoh", "--output", out)
    _run(runner, "memo", "--periode", "2025", "--output", out)
    arsip = ["arsip", "--periode", "2025", "--output", out, "--sertifikat-demo", "--belum-lengkap"]
    _run(runner, *arsip)

    ws = tmp_path / "out" / "2025"
    bundle = ws / "arsip" / "arsip-bakesbangpol-2025.pdf"
    ca = ws / "sertifikat-demo" / "ca-demo.pem"
    status = json.loads(_run(runner, "status", "--periode", "2025", "--output", out, "--json"))
    docs = {d["jenis"]: d for d in status["dokumen"]}
    assert docs["arsip"]["sha256"] == sha256_file(bundle)
    assert docs["arsip"]["keadaan"] == "ditandatangani"
    assert docs["memo"]["keadaan"] == "diarsipkan"

    verdict = runner.invoke(kinerja, ["verifikasi", str(bundle), "--percaya", str(ca)])
    assert verdict.exit_code == 0, verdict.output
    assert "Arsip sah" in verdict.output
    pdfsig = subprocess.run(["pdfsig", str(bundle)], capture_output=True, text=True, check=False)
    parsed = parse_pdfsig(pdfsig.stdout + pdfsig.stderr, pdfsig.returncode)
    assert parsed.signature_valid and parsed.total_document_signed

    # a second archive never overwrites the signed first one (issue 12.8: with nothing
    # changed there is no second archive; another official on the stamp is a change)
    first = sha256_file(bundle)
    assert "masih terkini" in _run(runner, *arsip)
    assert not (ws / "arsip" / "arsip-bakesbangpol-2025-v2.pdf").exists()
    _run(runner, *arsip, "--penandatangan", "sekretaris")
    assert sha256_file(bundle) == first
    assert (ws / "arsip" / "arsip-bakesbangpol-2025-v2.pdf").is_file()

    # one changed byte: verifikasi refuses with exit 1
    data = bytearray(bundle.read_bytes())
    data[len(data) // 3] ^= 0x01
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(bytes(data))
    refused = runner.invoke(kinerja, ["verifikasi", str(broken), "--percaya", str(ca)])
    assert refused.exit_code == 1 and "TIDAK sah" in refused.output


def test_arsip_needs_a_certificate(tmp_path: Path) -> None:
    runner = CliRunner()
    out = str(tmp_path / "out")
    _run(runner, "init", "--periode", "2025", "--contoh", "--output", out)
    _run(runner, "memo", "--periode", "2025", "--output", out)
    result = runner.invoke(kinerja, ["arsip", "--periode", "2025", "--output", out])
    assert result.exit_code == 1
    assert "sertifikat" in result.output.lower()
    assert not (tmp_path / "out" / "2025" / "arsip").exists() or not list(
        (tmp_path / "out" / "2025" / "arsip").glob("*.pdf")
    )


def test_arsip_with_p12_password_from_environment(tmp_path: Path) -> None:
    from generator.pdf.signing import create_demo_ca

    creds = create_demo_ca(tmp_path / "cert", "Nama Penanda", "Kepala", "Instansi Uji")
    runner = CliRunner()
    out = str(tmp_path / "out")
    _run(runner, "init", "--periode", "2025", "--contoh", "--output", out)
    _run(runner, "memo", "--periode", "2025", "--output", out)
    wrong = runner.invoke(
        kinerja,
        ["arsip", "--periode", "2025", "--output", out, "--p12", str(creds.p12), "--belum-lengkap"],
        env={"KINERJA_P12_PASSWORD": "salah"},
    )
    assert wrong.exit_code == 1 and "kata sandi" in wrong.output
    ok = runner.invoke(
        kinerja,
        ["arsip", "--periode", "2025", "--output", out, "--p12", str(creds.p12), "--belum-lengkap"],
        env={"KINERJA_P12_PASSWORD": creds.passphrase.decode()},
    )
    assert ok.exit_code == 0, ok.output
