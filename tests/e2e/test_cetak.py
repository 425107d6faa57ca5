"""`kinerja cetak` with real LibreOffice: Word and Excel documents, copies, SOP order."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from generator.base.fsutil import sha256_file
from generator.cli import kinerja
from generator.convert.jobs import ConversionResult
from generator.workflow.papertrail import cetak_dokumen
from generator.workspace.folder import Workspace
from tests.unit.workflow.test_papertrail import add_document, state_of

pytestmark = pytest.mark.slow


def _formulir(ws: Workspace, kode: str) -> str:
    key = f"formulir:{kode}"
    with ws.transaction("test") as journal:
        doc = journal.reserve_document(key, "formulir", 2, f"Formulir {kode}", bidang=kode)
        path = ws.folder("formulir") / f"formulir-{kode}-v1.xlsx"
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet["A1"] = f"Formulir {doc.id}"
        sheet["A2"] = 85
        book.save(path)
        journal.register_version(key, ws.relative(path), sha256_file(path))
        return doc.id


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_cetak_all_steps_in_sop_order_with_copies(runner: CliRunner, workspace: Workspace) -> None:
    ide = _formulir(workspace, "IDE")
    tt = add_document(workspace, "tanda_terima", "tanda_terima", 4)
    memo = add_document(workspace, "memo", "memo", 1)
    pol = _formulir(workspace, "POL")
    out = str(workspace.root.parent)

    result = runner.invoke(kinerja, ["cetak", "--periode", "2025", "--output", out])
    assert result.exit_code == 0, result.output
    (printed,) = workspace.folder("cetak").glob("cetak-semua-*.pdf")
    pages = pypdf.PdfReader(printed).pages
    # memo 2 copies, one formulir per Bidang, tanda terima 2 copies: one page each here.
    assert len(pages) == 2 + 1 + 1 + 2
    first_id = re.compile(r"(?:MEMO|FORM|TT)-2025-\w+")
    order = [first_id.findall(page.extract_text())[0] for page in pages]
    assert order == [memo, memo, ide, pol, tt, tt]
    for doc_id in (memo, ide, pol, tt):
        assert state_of(workspace, doc_id) == "dicetak"
    version = workspace.snapshot().get(ide).latest
    assert version.pdf is not None and workspace.path(version.pdf).is_file()
    assert (
        "--ulang" in runner.invoke(kinerja, ["cetak", "--periode", "2025", "--output", out]).output
    )


def test_reprint_of_one_step_comes_from_the_cache(workspace: Workspace) -> None:
    tt = add_document(workspace, "tanda_terima", "tanda_terima", 4)
    first = cetak_dokumen(workspace, 4)
    assert first.path.name.startswith("cetak-langkah-4-") and first.halaman == 2
    done: list[ConversionResult] = []
    again = cetak_dokumen(workspace, 4, done.append, ulang=True)
    assert [r.cached for r in done] == [True]
    assert again.path != first.path and again.halaman == 2
    assert state_of(workspace, tt) == "dicetak"
    assert f"{tt} versi 1" in _text(again.path)
