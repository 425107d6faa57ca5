"""`kinerja paraf`, `kinerja tandatangan` and `kinerja cetak` through CliRunner."""

from __future__ import annotations

from pathlib import Path

import pypdf
from click.testing import CliRunner
from PIL import Image

from generator.cli import kinerja
from generator.workspace.folder import Workspace
from tests.unit.workflow.test_papertrail import add_document, png_with_alpha, set_printed, state_of


def _output(ws: Workspace) -> str:
    return str(ws.root.parent)


def test_paraf_then_tandatangan_without_periode(
    runner: CliRunner, workspace: Workspace, tmp_path: Path
) -> None:
    memo = add_document(workspace, "memo", "memo", 1)
    out = _output(workspace)

    refused = runner.invoke(kinerja, ["paraf", memo, "--oleh", "staf", "--output", out])
    assert refused.exit_code == 1
    assert "belum dicetak" in refused.output and "kinerja cetak" in refused.output
    assert state_of(workspace, memo) == "draf"

    set_printed(workspace, memo)
    ok = runner.invoke(
        kinerja, ["paraf", memo, "--oleh", "staf", "--catatan", "konsep", "--output", out]
    )
    assert ok.exit_code == 0, ok.output
    assert workspace.inputs.org.pejabat.staf.nama in ok.output
    assert state_of(workspace, memo) == "diparaf"

    ok = runner.invoke(kinerja, ["paraf", memo, "--oleh", "KASUBAG", "--output", out])
    assert ok.exit_code == 0, ok.output
    twice = runner.invoke(kinerja, ["paraf", memo, "--oleh", "kasubag", "--output", out])
    assert twice.exit_code == 1 and "sudah memaraf" in twice.output
    events = [e for e in workspace.read_manifest().events if e.jenis == "paraf"]
    assert [e.data["peran"] for e in events] == ["staf", "kasubag"]

    png_with_alpha(tmp_path / "ttd.png")
    signed = runner.invoke(
        kinerja,
        ["tandatangan", memo, "--pindaian", str(tmp_path / "ttd.png"), "--output", out],
    )
    assert signed.exit_code == 0, signed.output
    assert state_of(workspace, memo) == "ditandatangani"
    scan = workspace.folder("pindaian") / f"{memo}-v1-ttd.pdf"
    reader = pypdf.PdfReader(scan)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    change = workspace.read_manifest().dokumen[0].latest.riwayat[-1]
    assert change.lampiran == f"pindaian/{memo}-v1-ttd.pdf"
    assert workspace.inputs.org.pejabat.sekretaris.nama in change.oleh


def test_unknown_document_and_unknown_role(runner: CliRunner, workspace: Workspace) -> None:
    out = _output(workspace)
    unknown = runner.invoke(kinerja, ["paraf", "MEMO-2025-42", "--oleh", "staf", "--output", out])
    assert unknown.exit_code == 1 and "tidak ditemukan" in unknown.output
    with_periode = runner.invoke(
        kinerja,
        ["tandatangan", "MEMO-2025-42", "--periode", "2025", "--output", out],
    )
    assert with_periode.exit_code == 1 and "tidak ada di ruang kerja" in with_periode.output
    role = runner.invoke(kinerja, ["paraf", "MEMO-2025-01", "--oleh", "bupati", "--output", out])
    assert role.exit_code == 2 and "--oleh" in role.output


def test_scan_that_is_not_an_image_is_refused_and_nothing_is_kept(
    runner: CliRunner, workspace: Workspace, tmp_path: Path
) -> None:
    memo = add_document(workspace, "memo", "memo", 1)
    set_printed(workspace, memo)
    bogus = tmp_path / "scan.jpg"
    bogus.write_text("ini bukan gambar", encoding="utf-8")
    before = workspace.path("manifest.json").read_bytes()
    result = runner.invoke(
        kinerja, ["tandatangan", memo, "--pindaian", str(bogus), "--output", _output(workspace)]
    )
    assert result.exit_code == 1
    assert "bukan PDF atau gambar" in result.output
    assert workspace.path("manifest.json").read_bytes() == before
    assert not list(workspace.folder("pindaian").iterdir())


def test_tandatangan_two_scans_of_two_pages(
    runner: CliRunner, workspace: Workspace, tmp_path: Path
) -> None:
    form = add_document(workspace, "formulir_terisi:POL", "formulir_terisi", 5, bidang="POL")
    set_printed(workspace, form)
    Image.new("RGB", (1654, 2339), (250, 250, 250)).save(tmp_path / "h1.jpg")
    Image.new("RGB", (1654, 2339), (240, 240, 240)).save(tmp_path / "h2.jpg")
    args = ["tandatangan", form, "--periode", "2025", "--output", _output(workspace)]
    first = runner.invoke(
        kinerja,
        [*args, "--pindaian", str(tmp_path / "h1.jpg"), "--pindaian", str(tmp_path / "h2.jpg")],
    )
    assert first.exit_code == 0, first.output
    assert workspace.inputs.org.bidang_by_kode("POL").kepala.nama in first.output
    assert len(pypdf.PdfReader(workspace.folder("pindaian") / f"{form}-v1-ttd.pdf").pages) == 2
    again = runner.invoke(kinerja, args)
    assert again.exit_code == 1 and "--pindaian" in again.output
    # a further scan (another page) is kept beside the first; the same file again is not
    # (issue 12.9: one signing, one scan)
    Image.new("RGB", (1654, 2339), (230, 230, 230)).save(tmp_path / "h3.jpg")
    more = runner.invoke(kinerja, [*args, "--pindaian", str(tmp_path / "h3.jpg")])
    assert more.exit_code == 0, more.output
    assert (workspace.folder("pindaian") / f"{form}-v1-ttd-2.pdf").is_file()


def test_cetak_of_pdf_documents_and_empty_step(runner: CliRunner, workspace: Workspace) -> None:
    out = _output(workspace)
    tt = add_document(workspace, "tanda_terima", "tanda_terima", 4, pdf_pages=1)
    ok = runner.invoke(kinerja, ["cetak", "--periode", "2025", "--langkah", "4", "--output", out])
    assert ok.exit_code == 0, ok.output
    assert "2 salinan" in ok.output
    (printed,) = workspace.folder("cetak").glob("cetak-langkah-4-*.pdf")
    assert len(pypdf.PdfReader(printed).pages) == 2
    assert state_of(workspace, tt) == "dicetak"

    empty = runner.invoke(
        kinerja, ["cetak", "--periode", "2025", "--langkah", "7", "--output", out]
    )
    assert empty.exit_code == 1 and "Belum ada dokumen untuk dicetak pada langkah 7" in empty.output
    done = runner.invoke(kinerja, ["cetak", "--periode", "2025", "--langkah", "4", "--output", out])
    # nothing new is no failure (issue 12.8): exit 0, and how to print again
    assert done.exit_code == 0 and "--ulang" in done.output
    again = runner.invoke(
        kinerja, ["cetak", "--periode", "2025", "--langkah", "4", "--ulang", "--output", out]
    )
    assert again.exit_code == 0, again.output
    assert len(list(workspace.folder("cetak").glob("cetak-langkah-4-*.pdf"))) == 2


def test_document_id_typed_in_lower_case_and_hint_names_the_periode(
    runner: CliRunner, workspace: Workspace
) -> None:
    memo = add_document(workspace, "memo", "memo", 1)
    out = _output(workspace)
    refused = runner.invoke(
        kinerja, ["paraf", f" {memo.lower()} ", "--oleh", "staf", "--output", out]
    )
    assert refused.exit_code == 1
    assert f"kinerja cetak --periode {workspace.periode} --langkah 1" in refused.output
    set_printed(workspace, memo)
    ok = runner.invoke(kinerja, ["paraf", memo.lower(), "--oleh", "staf", "--output", out])
    assert ok.exit_code == 0, ok.output
    assert state_of(workspace, memo) == "diparaf"
