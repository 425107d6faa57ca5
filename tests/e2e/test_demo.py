"""`kinerja demo` runs the whole cycle and ends with a verified signed bundle; the bundle it
makes from real LibreOffice output is checked the way an archivist would."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from pypdf import PdfReader

from generator.api import DEMO_OFFICES
from generator.base.fsutil import sha256_bytes
from generator.cli import kinerja
from generator.convert import office_starts, pool_starts
from generator.demo.cycle import RETURNED_BIDANG, demo_folder
from generator.pdf.bundle import list_attachments, read_manifest_page_hashes
from generator.pdf.verify import nss_db_with_ca, parse_pdfsig, verify_bundle

pytestmark = pytest.mark.slow


OFFICE_STARTS: dict[str, int] = {}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    out = tmp_path_factory.mktemp("demo")
    before, offices = pool_starts(), office_starts()
    result = CliRunner().invoke(kinerja, ["demo", "--output", str(out)], catch_exceptions=False)
    OFFICE_STARTS["demo"] = pool_starts() - before
    OFFICE_STARTS["offices"] = office_starts() - offices
    (run,) = out.glob("demo-*")
    return run, result


def test_demo_starts_libreoffice_once(demo: tuple[Path, Result]) -> None:
    # Every conversion of the cycle (two prints, the LKj, the archive) goes through one
    # warm pool: the real LibreOffice is started once, not once per command.
    assert OFFICE_STARTS["demo"] == 1
    # and one office in it: the cycle's documents come one step at a time, and a second
    # office's start-up took a core from the rendering the whole cycle waits for
    assert OFFICE_STARTS["offices"] == DEMO_OFFICES == 1


def _status(run: Path) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(
        kinerja, ["status", "--periode", "2025", "--output", str(run), "--json"]
    )
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_demo_full_cycle(demo: tuple[Path, Result]) -> None:
    run, result = demo
    assert result.exit_code == 0, result.output
    assert "Arsip sah" in result.output and "Demo selesai" in result.output
    assert "SOP Pengukuran Kinerja" in result.output  # the status table

    status = _status(run)
    assert all(step["status"] == "selesai" for step in status["langkah"]), status["langkah"]
    kinds = {d["jenis"] for d in status["dokumen"]}
    assert kinds == {
        "memo",
        "formulir",
        "tanda_terima",
        "formulir_terisi",
        "rekap",
        "disposisi",
        "laporan",
        "arsip",
    }
    assert [d["versi"] for d in status["dokumen"] if d["jenis"] == "rekap"] == [1, 2]
    returned = [e for e in status["riwayat"] if e["jenis"] == "dikembalikan"]
    assert returned and returned[0]["data"]["bidang"] == [RETURNED_BIDANG]
    # the simulated people wrote only into unlocked cells: every received file opens
    for received in (run / "2025" / "diterima").rglob("*.xlsx"):
        load_workbook(received)
    # a second run never mixes with the first
    assert demo_folder(run.parent) != run


def _bundle(run: Path) -> Path:
    (bundle,) = (run / "2025" / "arsip").glob("arsip-*.pdf")
    return bundle


def test_bundle_structure(demo: tuple[Path, Result]) -> None:
    run, _ = demo
    bundle = _bundle(run)
    status = _status(run)
    archived = [d for d in status["dokumen"] if d["jenis"] != "arsip"]
    reader = PdfReader(bundle)

    # one bookmark per document version (plus its scans), nested under its SOP step
    steps = [item for item in reader.outline if isinstance(item, list)]
    headings = [item.title for item in reader.outline if not isinstance(item, list)]
    assert headings[:2] == ["Sampul", "Daftar Isi"] and headings[-1] == "Manifest Arsip"
    assert all(re.match(r"Langkah \d+ — ", h) for h in headings[2:-1]), headings
    children = [c.title for group in steps for c in group]
    scans = [c for c in children if "pindaian" in c]
    assert len(children) - len(scans) == len(archived)
    assert scans  # the signed memo's scan follows it

    # page labels: roman front matter, arabic from the first document
    labels = reader.page_labels
    assert labels[:2] == ["i", "ii"] and labels[2] == "1"

    # every embedded original matches the manifest page and the embedded manifest.json
    files = list_attachments(bundle)
    printed = read_manifest_page_hashes(bundle)
    assert "manifest.json" in files and len(files) == len(archived) + 1
    for name, data in files.items():
        assert printed[re.sub(r"\s+", "", name)] == sha256_bytes(data), name
    listed = {
        Path(v["path"]).name: v["sha256"]
        for d in json.loads(files["manifest.json"])["dokumen"]
        for v in d["versions"]
    }
    assert all(listed[name] == sha256_bytes(data) for name, data in files.items() if name in listed)


def test_bundle_is_pdfa_with_embedded_fonts(demo: tuple[Path, Result]) -> None:
    bundle = _bundle(demo[0])
    meta = subprocess.run(["pdfinfo", "-meta", str(bundle)], capture_output=True, text=True).stdout
    assert 'pdfaid:part="3"' in meta or "<pdfaid:part>3</pdfaid:part>" in meta
    fonts = subprocess.run(["pdffonts", str(bundle)], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts
    check = subprocess.run(["qpdf", "--check", str(bundle)], capture_output=True, text=True)
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout


def test_bundle_verifies_with_kinerja_and_pdfsig(demo: tuple[Path, Result], tmp_path: Path) -> None:
    run, _ = demo
    bundle = _bundle(run)
    ca = run / "2025" / "sertifikat-demo" / "ca-demo.pem"
    assert verify_bundle(bundle, ca).ok
    nss = nss_db_with_ca(ca, tmp_path / "nss")
    out = subprocess.run(
        ["pdfsig", "-nssdir", str(nss), str(bundle)], capture_output=True, text=True
    )
    parsed = parse_pdfsig(out.stdout + out.stderr, out.returncode)
    assert parsed.signature_valid and parsed.total_document_signed
