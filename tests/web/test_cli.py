"""`kinerja akun` and `kinerja web` from the command line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from generator.cli import kinerja
from generator.workspace.folder import Workspace
from tests.web.conftest import free_port


def test_akun_tambah_daftar_hapus(runner: CliRunner, workspace: Workspace) -> None:
    output = str(workspace.root.parent)
    env = {"KINERJA_SANDI": "sandi-awal-kantor"}
    done = runner.invoke(
        kinerja,
        ["akun", "tambah", "kabid.ide", "--peran", "bidang", "--bidang", "IDE", "--output", output],
        env=env,
    )
    assert done.exit_code == 0, done.output
    assert "Akun kabid.ide dibuat sebagai Kepala Bidang IDE" in done.output
    listing = runner.invoke(kinerja, ["akun", "daftar", "--output", output])
    assert "kabid.ide: Kepala Bidang IDE (belum mengganti kata sandi awal)" in listing.output
    again = runner.invoke(
        kinerja, ["akun", "tambah", "kabid.ide", "--peran", "staf", "--output", output], env=env
    )
    assert again.exit_code == 1 and "sudah ada" in again.output
    unknown = runner.invoke(
        kinerja,
        ["akun", "tambah", "kabid.x", "--peran", "bidang", "--bidang", "XYZ", "--output", output],
        env=env,
    )
    assert unknown.exit_code == 1 and "Kode bidang 'XYZ' tidak dikenal" in unknown.output
    gone = runner.invoke(kinerja, ["akun", "hapus", "kabid.ide", "--output", output])
    assert gone.exit_code == 0 and "dihapus" in gone.output
    assert "Belum ada akun" in runner.invoke(kinerja, ["akun", "daftar", "--output", output]).output


def test_akun_tambah_never_takes_the_password_from_argv_or_a_pipe(
    runner: CliRunner, tmp_path: Path
) -> None:
    env = {"KINERJA_SANDI": None}
    done = runner.invoke(
        kinerja,
        ["akun", "tambah", "sungram", "--peran", "kasubag", "--output", str(tmp_path)],
        env=env,
    )
    assert done.exit_code == 1 and "KINERJA_SANDI" in done.output
    short = runner.invoke(
        kinerja,
        ["akun", "tambah", "sungram", "--peran", "kasubag", "--output", str(tmp_path)],
        env={"KINERJA_SANDI": "pendek"},
    )
    assert short.exit_code == 1 and "terlalu pendek" in short.output


def test_kinerja_web_serves_on_loopback_with_the_security_headers(workspace: Workspace) -> None:
    port = free_port()
    kinerja_bin = Path(sys.executable).with_name("kinerja")
    server = subprocess.Popen(
        [str(kinerja_bin), "web", "--output", str(workspace.root.parent), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/masuk", timeout=5) as page:
                    body = page.read().decode()
                    headers = page.headers
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        assert "Nama pengguna" in body and "Kata sandi" in body
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "server" not in {k.lower() for k in headers}
    finally:
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in out
