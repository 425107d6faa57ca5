"""A received formulir prints whole: a long Keterangan is not cut off on paper or in the archive."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest

from generator.base.fsutil import sha256_file
from generator.intake.pengumpulan import kumpulkan
from generator.pdf.pdfs import print_copy, workspace_pdfs
from generator.workspace.folder import Workspace
from tests.fill import fill_formulir, prepare_formulir

LONG = (
    "Kendala: jadwal kegiatan bergeser karena agenda pemilihan umum, narasumber berhalangan,"
    " dan sebagian peserta dari kelurahan tidak hadir pada hari pelaksanaan. Upaya: kegiatan"
    " susulan dilaksanakan pada triwulan IV dengan undangan ulang melalui camat dan lurah,"
    " serta materi dibagikan secara daring kepada peserta yang berhalangan. AKHIRKETERANGAN"
)


def _received(workspace: Workspace, tmp_path: Path) -> tuple[Path, str]:
    paths = prepare_formulir(workspace)
    master = workspace.inputs.master
    indikator = master.for_bidang("IDE")
    filled = fill_formulir(
        paths["IDE"],
        {i.kode: i.target for i in indikator},
        {indikator[0].kode: LONG},
        {a.kode: a.pagu for a in master.anggaran_for_bidang("IDE")},
        out=tmp_path / "ide.xlsx",
    )
    (accepted,) = kumpulkan(workspace, [filled])
    return accepted.path, indikator[0].kode


def test_print_copy_refits_rows_and_leaves_the_received_file(
    workspace: Workspace, tmp_path: Path
) -> None:
    received, _ = _received(workspace, tmp_path)
    before = sha256_file(received)
    copy = print_copy(workspace, received)
    assert sha256_file(received) == before
    original = openpyxl.load_workbook(received)
    refitted = openpyxl.load_workbook(copy)
    sheet = original.sheetnames[0]
    row = next(
        c.row
        for c in original[sheet]["A"]
        if c.row > 1 and original[sheet].cell(c.row, 1).value == 1
    )
    assert refitted[sheet].row_dimensions[row].height > (
        original[sheet].row_dimensions[row].height or 0
    )
    assert print_copy(workspace, received) == copy  # made once per content


@pytest.mark.slow
def test_long_keterangan_is_printed_whole(workspace: Workspace, tmp_path: Path) -> None:
    received, _ = _received(workspace, tmp_path)
    pdf = workspace_pdfs(workspace, [received])[received]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "AKHIRKETERANGAN" in text
    assert pdf.name == received.with_suffix(".pdf").name
