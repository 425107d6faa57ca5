"""Memo, disposisi and tanda terima through LibreOffice to PDF/A, read back with pdftotext.

One conversion call for all documents (sample org and hostile org together).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

import generator.convert as convert
from generator.base.periode import Periode
from generator.cli import kinerja
from generator.convert import convert_documents, pdfa_claim
from generator.documents.memo import create_return_disposisi
from generator.workspace.folder import Workspace
from tests.cli.test_memo import add_formulir, hostile_org

pytestmark = pytest.mark.slow

try:
    convert.check_available()
except Exception as exc:  # pragma: no cover - depends on the machine
    pytest.skip(f"LibreOffice not usable here: {exc}", allow_module_level=True)

SAVE_IMAGES = False  # set True to refresh docs/img/*.png from this test's PDFs


def pdftotext(pdf: Path) -> str:
    """The text of a PDF with runs of whitespace (line ends too) collapsed to one space."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def make_documents(output: Path, org: Path | None = None) -> Workspace:
    runner = CliRunner()
    args = ["init", "--periode", "2025", "--contoh", "--output", str(output)]
    if org is not None:
        args += ["--org", str(org)]
    assert runner.invoke(kinerja, args).exit_code == 0
    ws = Workspace.open(output, Periode.parse("2025"))
    for command in ("memo", "tanda-terima"):
        if command == "tanda-terima":
            add_formulir(ws)
        result = runner.invoke(kinerja, [command, "--periode", "2025", "--output", str(output)])
        assert result.exit_code == 0, result.output
    with ws.transaction("uji") as j:
        create_return_disposisi(ws, j, ["IDE", "POL"], "Realisasi indikator 3 belum diisi.")
    return ws


def test_documents_convert_and_read_back(tmp_path: Path) -> None:
    sample = make_documents(tmp_path / "contoh")
    hostile = make_documents(tmp_path / "hostile", hostile_org(tmp_path))
    keys = ("memo", "tanda_terima", "disposisi:1")
    sources = [
        ws.path(ws.snapshot().find(k).latest.path)  # type: ignore[union-attr]
        for ws in (sample, hostile)
        for k in keys
    ]
    pdfs = convert_documents(sources, tmp_path / "pdf")
    assert len(pdfs) == 6
    for source, pdf in pdfs.items():
        assert pdfa_claim(pdf) == (2, "B")
        with pikepdf.open(pdf) as opened:
            assert opened.Root.Lang == "id-ID", pdf.name  # Word checks spelling in Indonesian
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        if "hostile" not in str(source):
            assert re.search(r"Pages:\s+1\b", info), f"{pdf.name} is more than one page"

    memo, tanda_terima, disposisi = (pdftotext(pdfs[s]) for s in sources[:3])
    journal = sample.snapshot()
    for text, key in zip((memo, tanda_terima, disposisi), keys, strict=True):
        doc = journal.find(key)
        assert doc is not None
        assert f"Nomor: {doc.latest.nomor}" in text
        assert re.search(r"Malang, \d{1,2} \w+ \d{4}", text)
        assert f"Id dokumen {doc.id}" in text
        assert "BADAN KESATUAN BANGSA DAN POLITIK" in text
    assert "LEMBAR DISPOSISI" in memo and "NIP. 19730419 199602 2 001" in memo
    assert "Komprabandari AB., S.Sos., M.M." in memo
    assert "TANDA TERIMA" in tanda_terima and "5 (lima) berkas" in tanda_terima
    assert "Agus Prasetyo, S.Kom." in tanda_terima
    assert "Realisasi indikator 3 belum diisi." in disposisi

    flat = " ".join(pdftotext(pdfs[s]) for s in sources[3:])
    assert "A & B <C> {{ 7*7 }}".upper() in flat
    assert '=HYPERLINK("x")' in flat
    assert "{% if %}" in flat
    # the 2,000-character Kabid name, whole (wrapped over lines and a page break)
    assert sum(len(run) for run in re.findall(r"\bN{20,}\b", flat)) == 2000

    if SAVE_IMAGES:  # pragma: no cover - manual refresh of the README pictures
        img = Path(__file__).resolve().parents[2] / "docs" / "img"
        img.mkdir(parents=True, exist_ok=True)
        for source, name in ((sources[0], "memo"), (sources[1], "tanda_terima")):
            subprocess.run(
                ["pdftoppm", "-r", "60", "-png", "-singlefile", str(pdfs[source]), str(img / name)],
                check=True,
            )


def test_plain_soffice_batch_converts_memo(tmp_path: Path) -> None:
    """The documents also convert with a plain soffice call (what a user does by hand)."""
    ws = make_documents(tmp_path / "contoh")
    sources = [ws.path(d.latest.path) for d in ws.snapshot().documents() if d.jenis != "formulir"]
    work = tmp_path / "batch"
    work.mkdir()
    for source in sources:
        shutil.copy(source, work / source.name)
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            *[str(work / s.name) for s in sources],
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert "Error" not in result.stderr
    for source in sources:
        pdf = work / (source.stem + ".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 0
        assert "Id dokumen" in pdftotext(pdf)
