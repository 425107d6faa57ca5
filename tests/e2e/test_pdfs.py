"""A received formulir prints whole: a long Keterangan is not cut off on paper or in the archive."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest

from generator.base.fsutil import sha256_file
from generator.convert import ConversionResult, converter_session
from generator.intake.pengumpulan import kumpulkan
from generator.intake.received import received_versions
from generator.pdf.pdfs import COPY_FOLDER, RecordedPdf, fresh_pdfs, print_copy, workspace_pdfs
from generator.pdf.print_copy import copy_path
from generator.workflow.papertrail import cetak
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


def test_a_later_archive_takes_the_recorded_print_copy_never_a_changed_one(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Issue 14: `cetak` records the print copy of a received formulir and the PDF made from
    it; a later archive (another converter session) uses both instead of converting again,
    unless the copy on disk is no longer the recorded one: then a copy is made afresh."""
    received, _ = _received(workspace, tmp_path)
    with converter_session():
        cetak(workspace, None)
    version = next(
        v for _, v in received_versions(workspace.snapshot()) if workspace.path(v.path) == received
    )
    record = RecordedPdf(version.meta["pdf_sha256"], version.meta["salinan_sha256"])
    sources = {received: sha256_file(received)}

    def archived(folder: str) -> tuple[list[bool], str]:
        seen: list[ConversionResult] = []
        with converter_session():
            pdfs = fresh_pdfs(
                workspace, sources, tmp_path / folder, seen.append, {received: record}
            )
        text = subprocess.run(
            ["pdftotext", str(pdfs[received]), "-"], capture_output=True, text=True, check=True
        ).stdout
        return [r.cached for r in seen], text

    cached, text = archived("arsip-1")
    assert cached == [True] and "AKHIRKETERANGAN" in text

    kept = copy_path(workspace.path(COPY_FOLDER), sources[received], received.name)
    book = openpyxl.load_workbook(kept)
    (cell,) = (c for row in book.worksheets[0].iter_rows() for c in row if "AKHIR" in str(c.value))
    cell.value = "DIUBAH DI DISK"  # the copy on disk now shows another Keterangan
    book.save(kept)
    cached, text = archived("arsip-2")
    assert cached == [False] and "DIUBAH" not in text and "AKHIRKETERANGAN" in text
