"""The paper trail library: scans, copy rules, cetak (PDF sources), paraf, tandatangan."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest
from docx import Document as DocxDocument
from PIL import Image

from generator.base.fsutil import sha256_file
from generator.base.periode import Periode
from generator.errors import InputError, ManifestError, StepError, WorkspaceError
from generator.pdf.scan import A4, scan_to_pdf
from generator.rules.dokumen import CopyRule, load_registry
from generator.workflow.papertrail import (
    cetak_dokumen,
    find_workspace_of,
    paraf,
    parafs_of,
    plan_print,
    scans_for,
    tandatangan,
)
from generator.workspace.folder import Workspace
from tests.shown import as_shown

# -- builders shared with the CLI and e2e tests ---------------------------------------------------


def write_docx(path: Path, text: str) -> None:
    doc = DocxDocument()
    doc.add_heading(text, level=1)
    doc.add_paragraph(f"Isi dokumen {text}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def write_pdf(path: Path, pages: int) -> None:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=A4)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path)


def add_document(
    ws: Workspace,
    key: str,
    jenis: str,
    langkah: int,
    *,
    bidang: str | None = None,
    pdf_pages: int | None = None,
    meta: dict[str, Any] | None = None,
) -> str:
    """Reserve and register one version: a python-docx file, or a PDF of ``pdf_pages``."""
    with ws.transaction("test") as journal:
        doc = journal.reserve_document(key, jenis, langkah, f"Dokumen {key}", bidang=bidang)
        versi = journal.next_version_number(key)
        name = key.replace(":", "-")
        if pdf_pages is None:
            path = ws.folder(jenis) / f"{name}-v{versi}.docx"
            write_docx(path, f"{doc.id} versi {versi}")
        else:
            path = ws.folder(jenis) / f"{name}-v{versi}.pdf"
            write_pdf(path, pdf_pages)
        journal.register_version(key, ws.relative(path), sha256_file(path), meta=meta)
        return doc.id


def set_printed(ws: Workspace, doc_id: str) -> None:
    with ws.transaction("test") as journal:
        journal.set_state(doc_id, "dicetak")


def state_of(ws: Workspace, doc_id: str) -> str:
    raw = json.loads(ws.path("manifest.json").read_text(encoding="utf-8"))
    doc = next(d for d in raw["dokumen"] if d["id"] == doc_id)
    return str(doc["versions"][-1]["keadaan"])


def png_with_alpha(path: Path, size: tuple[int, int] = (400, 560)) -> None:
    image = Image.new("RGBA", size, (255, 0, 0, 0))  # fully transparent red
    image.paste((0, 0, 255, 255), (50, 50, 150, 150))
    image.save(path)


# -- scans ----------------------------------------------------------------------------------------


def test_png_with_alpha_becomes_an_opaque_a4_page(tmp_path: Path) -> None:
    png_with_alpha(tmp_path / "scan.png")
    reader = pypdf.PdfReader(io.BytesIO(scan_to_pdf([tmp_path / "scan.png"])))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    (image,) = page.images
    assert "/SMask" not in image.indirect_reference.get_object()  # type: ignore[union-attr]
    pixels = image.image
    assert pixels is not None and pixels.mode == "RGB"
    assert pixels.getpixel((5, 5)) == (255, 255, 255)  # transparency flattened onto white
    assert pixels.getpixel((100, 100)) == (0, 0, 255)


def test_jpeg_is_embedded_byte_for_byte_and_landscape_stays_landscape(tmp_path: Path) -> None:
    jpg = tmp_path / "scan.jpg"
    Image.new("RGB", (1200, 800), (20, 180, 20)).save(jpg, quality=90)
    with pikepdf.open(io.BytesIO(scan_to_pdf([jpg]))) as pdf:
        page = pdf.pages[0]
        width, height = float(page.mediabox[2]), float(page.mediabox[3])
        assert width > height and round(width) == 842
        xobject = page.Resources.XObject.Im0
        assert xobject.Filter == pikepdf.Name.DCTDecode
        assert xobject.read_raw_bytes() == jpg.read_bytes()


def test_several_images_give_one_page_each(tmp_path: Path) -> None:
    Image.new("L", (300, 400), 200).save(tmp_path / "a.png")
    Image.new("1", (300, 400), 1).save(tmp_path / "b.png")
    data = scan_to_pdf([tmp_path / "a.png", tmp_path / "b.png"])
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 2


def test_a_scanned_pdf_is_kept_unchanged(tmp_path: Path) -> None:
    write_pdf(tmp_path / "scan.pdf", 3)
    assert scan_to_pdf([tmp_path / "scan.pdf"]) == (tmp_path / "scan.pdf").read_bytes()


@pytest.mark.parametrize(
    ("name", "content"),
    [("scan.txt", b"bukan gambar"), ("scan.pdf", b"%PDF-1.7\nrusak"), ("scan.png", b"\x89PNG")],
)
def test_a_scan_that_is_not_an_image_or_pdf_is_refused(
    tmp_path: Path, name: str, content: bytes
) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InputError) as info:
        scan_to_pdf([tmp_path / name])
    assert name in info.value.render()


# -- copy rules and the print plan ----------------------------------------------------------------


def test_copy_rules_are_data() -> None:
    rules = load_registry()
    assert rules.rule("tanda_terima").copies({}) == 2
    assert rules.rule("memo").copies({}) == 2  # archive + the Kasubag
    assert rules.rule("disposisi").copies({"bidang": ["IDE", "POL"]}) == 4
    assert rules.rule("formulir").copies({}) == 1
    assert rules.rule("rekap").copies({}) == 1
    assert rules.rule("laporan").copies({}) == 1
    assert rules.rule("arsip").copies({}) == 0
    assert rules.rule("jenis_baru").copies({}) == 1
    assert (
        CopyRule(salinan=1, per_penerima=1, penerima_meta="kepada").copies({"kepada": ["x"]}) == 2
    )


def test_plan_print_takes_the_step_output_kind_in_sop_order(workspace: Workspace) -> None:
    add_document(workspace, "formulir:IDE", "formulir", 2, bidang="IDE", pdf_pages=1)
    add_document(workspace, "memo", "memo", 1, pdf_pages=1)
    add_document(workspace, "formulir:POL", "formulir", 2, bidang="POL", pdf_pages=1)
    journal = workspace.snapshot()
    assert [i.doc_id for i in plan_print(journal, 3)] == ["FORM-2025-IDE", "FORM-2025-POL"]
    assert [i.doc_id for i in plan_print(journal, None)] == [
        "MEMO-2025-01",
        "FORM-2025-IDE",
        "FORM-2025-POL",
    ]
    with pytest.raises(StepError, match="Belum ada dokumen"):
        plan_print(journal, 7)
    with pytest.raises(InputError, match="tidak ada"):
        plan_print(journal, 12)


def test_cetak_merges_copies_and_marks_dicetak(workspace: Workspace) -> None:
    disp = add_document(
        workspace, "disposisi:1", "disposisi", 10, pdf_pages=2, meta={"bidang": ["IDE"]}
    )
    tt = add_document(workspace, "tanda_terima", "tanda_terima", 4, pdf_pages=1)
    result = cetak_dokumen(workspace, None)
    assert result.path.parent == workspace.folder("cetak")
    assert result.path.name.startswith("cetak-semua-")
    assert len(pypdf.PdfReader(result.path).pages) == 2 * 3 + 1 * 2 == result.halaman
    assert state_of(workspace, disp) == "dicetak" and state_of(workspace, tt) == "dicetak"
    event = workspace.read_manifest().events[-1]
    assert event.jenis == "cetak" and event.data["file"] == workspace.relative(result.path)
    assert [(d["id"], d["salinan"]) for d in event.data["dokumen"]] == [(tt, 2), (disp, 3)]
    with pytest.raises(StepError, match="sudah dicetak"):
        cetak_dokumen(workspace, 10)
    again = cetak_dokumen(workspace, 10, ulang=True)
    assert again.path != result.path and again.halaman == 6


def test_cetak_refuses_a_file_changed_since_it_was_recorded(workspace: Workspace) -> None:
    memo = add_document(workspace, "memo", "memo", 1, pdf_pages=1)
    write_pdf(workspace.path(workspace.snapshot().get(memo).latest.path), 2)
    with pytest.raises(ManifestError, match="SHA-256"):
        cetak_dokumen(workspace, 1)
    assert state_of(workspace, memo) == "draf"
    assert not list(workspace.folder("cetak").iterdir())


# -- paraf ------------------------------------------------------------------------------------------


def test_paraf_hierarchy(workspace: Workspace) -> None:
    memo = add_document(workspace, "memo", "memo", 1)
    with pytest.raises(StepError) as refused:
        paraf(workspace, memo, "staf")
    assert "kinerja cetak" in as_shown(refused.value)
    set_printed(workspace, memo)
    first = paraf(workspace, memo, "staf", catatan="konsep")
    assert first.nama == workspace.inputs.org.pejabat.staf.nama
    assert state_of(workspace, memo) == "diparaf"
    paraf(workspace, memo, "kasubag")
    assert state_of(workspace, memo) == "diparaf"
    assert [p.peran for p in parafs_of(workspace.snapshot(), memo)] == ["staf", "kasubag"]
    with pytest.raises(StepError, match="sudah memaraf"):
        paraf(workspace, memo, "kasubag")
    with pytest.raises(InputError, match="Peran 'kepala'"):
        paraf(workspace, memo, "kepala")
    with pytest.raises(ManifestError, match="tidak ada"):
        paraf(workspace, "MEMO-2025-99", "staf")


# -- tandatangan ----------------------------------------------------------------------------------


def test_tandatangan_with_scans_never_overwrites(workspace: Workspace, tmp_path: Path) -> None:
    memo = add_document(workspace, "memo", "memo", 1)
    png_with_alpha(tmp_path / "ttd.png")
    with pytest.raises(StepError, match="belum dicetak"):
        tandatangan(workspace, memo, pindaian=tmp_path / "ttd.png")
    set_printed(workspace, memo)
    paraf(workspace, memo, "kasubag")
    result = tandatangan(workspace, memo, pindaian=tmp_path / "ttd.png")
    assert result.peran == "sekretaris"  # the memo's default signer (data/dokumen.yaml)
    assert result.lampiran == workspace.folder("pindaian") / f"{memo}-v1-ttd.pdf"
    assert state_of(workspace, memo) == "ditandatangani"
    with pytest.raises(StepError, match="sudah tercatat"):
        tandatangan(workspace, memo)
    with pytest.raises(StepError, match="sebelum tanda tangan"):
        paraf(workspace, memo, "sekretaris")
    write_pdf(tmp_path / "ttd2.pdf", 2)
    second = tandatangan(workspace, memo, pindaian=tmp_path / "ttd2.pdf")
    assert second.lampiran is not None and second.lampiran.name == f"{memo}-v1-ttd-2.pdf"
    assert scans_for(workspace.snapshot(), memo) == [
        Path(f"pindaian/{memo}-v1-ttd.pdf"),
        Path(f"pindaian/{memo}-v1-ttd-2.pdf"),
    ]
    assert len(pypdf.PdfReader(second.lampiran).pages) == 2


def test_formulir_is_signed_by_the_kabid_of_its_bidang(workspace: Workspace) -> None:
    form = add_document(workspace, "formulir_terisi:IDE", "formulir_terisi", 5, bidang="IDE")
    set_printed(workspace, form)
    result = tandatangan(workspace, form)
    assert result.nama == workspace.inputs.org.bidang_by_kode("IDE").kepala.nama
    assert result.lampiran is None and scans_for(workspace.snapshot(), form) == []


# -- finding the workspace --------------------------------------------------------------------------


def test_find_workspace_of(tmp_path: Path) -> None:
    output = tmp_path / "output"
    ws = Workspace.create(output, Periode.parse("2025"))
    other = Workspace.create(output, Periode.parse("2025-TW1"))
    memo = add_document(ws, "memo", "memo", 1)
    add_document(other, "memo", "memo", 1)
    assert find_workspace_of(output, memo).root == ws.root
    assert find_workspace_of(output, "MEMO-2025-TW1-01").periode == Periode.parse("2025-TW1")
    with pytest.raises(ManifestError, match="tidak ditemukan"):
        find_workspace_of(output, "MEMO-2024-01")
    (output / "copy").mkdir()
    (output / "copy" / "manifest.json").write_text(ws.path("manifest.json").read_text())
    with pytest.raises(WorkspaceError, match="beberapa"):
        find_workspace_of(output, memo)
