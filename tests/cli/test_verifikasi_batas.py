"""`kinerja verifikasi` is bounded in time: a file that keeps the parsers busy past the limit
gets a report that says so and a failing exit code, never a command that hangs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.pdfgen.canvas import Canvas

from generator import api
from generator.cli import kinerja
from generator.pdf import verify


def _pdf(path: Path) -> Path:
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "bukan arsip")
    canvas.showPage()
    canvas.save()
    return path


def test_a_verification_that_overruns_is_stopped_and_reported(tmp_path: Path) -> None:
    started = time.monotonic()
    report = api.verifikasi(_pdf(tmp_path / "a.pdf"), batas_waktu=0.001).value
    assert time.monotonic() - started < 10
    assert report.verdict == "tidak_sah"
    assert not report.check("batas_waktu").ok
    assert "dihentikan setelah" in report.check("batas_waktu").detail


def test_within_its_time_the_usual_report_comes_back(tmp_path: Path) -> None:
    report = api.verifikasi(_pdf(tmp_path / "b.pdf")).value
    assert report.verdict == "tidak_sah"  # no signature: the usual checks ran and failed
    assert report.check("berkas_terbaca").ok
    assert all(c.name_id != "batas_waktu" for c in report.checks)


def test_the_command_fails_with_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify, "VERIFY_TIME_S", 0.001)
    result = CliRunner().invoke(kinerja, ["verifikasi", str(_pdf(tmp_path / "c.pdf"))])
    assert result.exit_code != 0
    assert "batas waktu" in result.output.lower() or "dihentikan" in result.output
