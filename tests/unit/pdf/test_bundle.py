"""The archive bundle: structure, PDF/A-3 catalog, manifest page, attachments."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from generator.errors import InputError
from generator.pdf import bundle_pages
from generator.pdf.bundle import (
    Attachment,
    BundleDocument,
    BundleInfo,
    BundleMeta,
    build_bundle,
    list_attachments,
    normalise_name,
    read_manifest_page_hashes,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# (doc_id, title, kind, step, step title, pages, bidang)
PLAN = [
    ("memo-1", "Memo / Lembar Disposisi", "memo", 1, "Perintah penyiapan formulir", 1, None),
    ("form-a", "Formulir capaian kinerja", "formulir", 2, "Penyiapan formulir", 2, "Bidang A"),
    ("form-b", "Formulir capaian kinerja", "formulir", 2, "Penyiapan formulir", 3, "Bidang B"),
    ("tt-1", "Tanda terima formulir", "tanda_terima", 4, "Distribusi ke Bidang", 1, None),
    ("rekap", "Rekapitulasi data capaian kinerja", "rekap", 7, "Rekapitulasi", 4, None),
]
META = BundleMeta(
    title="Arsip Pengukuran Kinerja TW1 2024",
    author="Sub Bagian Perencanaan",
    subject="Dokumen data capaian kinerja TW1 2024",
    keywords=["kinerja", "SAKIP", "TW1 2024"],
    instansi="Badan Kesatuan Bangsa dan Politik Kota Malang",
    periode="TW1 2024",
    sop_name="Pengukuran Kinerja",
    sop_number="000.9/01/35.73.505/2024",
    created=datetime(2024, 1, 5, 10, 0),
)
Built = tuple[BundleInfo, list[BundleDocument]]


def make_pdf(path: Path, label: str, pages: int) -> None:
    """A small reportlab PDF in an embedded font (no PDF/A claim of its own)."""
    bundle_pages.register_fonts()
    canvas = Canvas(str(path), initialFontName=bundle_pages.SANS)  # type: ignore[arg-type]
    for number in range(1, pages + 1):
        canvas.setFont(bundle_pages.SANS, 14)
        canvas.drawString(72, 760, f"{label} - halaman {number}")
        canvas.showPage()
    canvas.save()


def make_inputs(
    directory: Path,
) -> tuple[list[BundleDocument], list[Attachment]]:
    """Documents and originals (fake docx/xlsx bytes) plus a manifest.json."""
    directory.mkdir(parents=True, exist_ok=True)
    docs, atts, listed = [], [], []
    for doc_id, title, kind, step, step_title, pages, bidang in PLAN:
        pdf = directory / f"{doc_id}.pdf"
        make_pdf(pdf, f"{title} {bidang or ''}", pages)
        ext, mime = ("xlsx", XLSX) if kind in ("formulir", "rekap") else ("docx", DOCX)
        source = directory / f"{doc_id}.{ext}"
        source.write_bytes(f"isi asli {doc_id}".encode() * 50)
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        docs.append(
            BundleDocument(doc_id, title, kind, step, step_title, 1, "final", digest, pdf, bidang)
        )
        atts.append(Attachment(source, source.name, mime, f"Berkas asli {title}"))
        listed.append({"path": f"dokumen/{source.name}", "sha256": digest})
    manifest = directory / "manifest.json"
    manifest.write_text(json.dumps({"dokumen": listed}), encoding="utf-8")
    atts.append(Attachment(manifest, "manifest.json", "application/json", "Manifest periode"))
    return docs, atts


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("bundle")
    docs, atts = make_inputs(base / "in")
    info = build_bundle(docs, atts, META, base / "arsip.pdf")
    return info, docs


def _text(pdf: Path, page: int) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_pages_are_cover_toc_documents_manifest(
    built: Built,
) -> None:
    info, _ = built
    total_doc_pages = sum(row[5] for row in PLAN)
    assert info.page_count == 2 + total_doc_pages + 1
    assert len(PdfReader(info.path).pages) == info.page_count
    assert [d.first_page for d in info.documents] == [2, 3, 5, 8, 9]
    assert info.manifest_first_page == 13
    # every document's own first page lands where BundleInfo says
    for placed, (_, title, *_rest) in zip(info.documents, PLAN, strict=True):
        assert title in _text(info.path, placed.first_page + 1)


def test_outline_nests_documents_under_steps(
    built: Built,
) -> None:
    info, _ = built
    reader = PdfReader(info.path)
    top: list[tuple[str, int]] = []
    children: dict[str, list[tuple[str, int]]] = {}
    for item in reader.outline:
        if isinstance(item, list):
            parent = top[-1][0]
            children[parent] = [(c.title, reader.get_destination_page_number(c)) for c in item]
        else:
            top.append((item.title, reader.get_destination_page_number(item)))
    assert [t for t, _ in top] == [
        "Sampul",
        "Daftar Isi",
        "Langkah 1 — Perintah penyiapan formulir",
        "Langkah 2 — Penyiapan formulir",
        "Langkah 4 — Distribusi ke Bidang",
        "Langkah 7 — Rekapitulasi",
        "Manifest Arsip",
    ]
    assert children["Langkah 2 — Penyiapan formulir"] == [
        ("Formulir capaian kinerja (Bidang A)", 3),
        ("Formulir capaian kinerja (Bidang B)", 5),
    ]
    assert sum(len(v) for v in children.values()) == len(PLAN)
    assert dict(top)["Manifest Arsip"] == info.manifest_first_page


def test_page_labels_match_daftar_isi(built: Built) -> None:
    info, _ = built
    labels = PdfReader(info.path).page_labels
    assert labels[:3] == ["i", "ii", "1"]
    assert labels[-1] == "12"
    toc = _text(info.path, 2)
    for placed, (_, title, *_rest) in zip(info.documents, PLAN, strict=True):
        assert labels[placed.first_page] == placed.page_label
        assert re.search(rf"{re.escape(title)}.*\s{placed.page_label}\n", toc)
    assert re.search(r"Manifest Arsip\s+12\n", toc)


def test_cover_has_indonesian_date_and_empty_stamp_area(
    built: Built,
) -> None:
    info, _ = built
    cover = _text(info.path, 1)
    assert "5 Januari 2024" in cover
    assert "BADAN KESATUAN BANGSA DAN POLITIK KOTA MALANG" in cover
    assert "000.9/01/35.73.505/2024" in cover
    x1, y1, x2, y2 = info.stamp_box
    with pikepdf.open(info.path) as pdf:
        height = float(pdf.pages[0].mediabox[3])
    crop = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-x", str(int(x1)), "-y", str(int(height - y2)),
         "-W", str(int(x2 - x1)), "-H", str(int(y2 - y1)), str(info.path), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert crop.stdout.strip() == ""


def test_manifest_page_lists_every_hash(built: Built) -> None:
    info, docs = built
    text = "".join(
        _text(info.path, p + 1) for p in range(info.manifest_first_page, info.page_count)
    )
    for doc in docs:
        assert doc.sha256 in text
    files = list_attachments(info.path)
    assert set(files) == {a for a in info.attachments}
    printed = read_manifest_page_hashes(info.path)
    assert printed == {
        normalise_name(name): hashlib.sha256(data).hexdigest() for name, data in files.items()
    }


def test_attachments_are_pdfa3_associated_files(
    built: Built,
) -> None:
    info, _ = built
    with pikepdf.open(info.path) as pdf:
        specs = list(pdf.Root.AF)
        assert len(specs) == len(PLAN) + 1
        for spec in specs:
            name = str(spec.UF)
            assert str(spec.F) == name
            expected = "/Data" if name == "manifest.json" else "/Source"
            assert spec.AFRelationship == pikepdf.Name(expected)
            stream = spec.EF.F
            data = stream.read_bytes()
            assert stream.Type == pikepdf.Name.EmbeddedFile
            assert str(stream.Subtype).startswith("/application/")
            assert int(stream.Params.Size) == len(data)
            assert bytes(stream.Params.CheckSum) == hashlib.md5(data).digest()
            assert str(stream.Params.ModDate).startswith("D:")
        tree = list(pdf.Root.Names.EmbeddedFiles.Names)
        keys = [str(k) for k in tree[::2]]
        assert keys == sorted(keys)


def test_catalog_claims_pdfa3b(built: Built) -> None:
    info, _ = built
    meta = subprocess.run(
        ["pdfinfo", "-meta", str(info.path)], capture_output=True, text=True, check=True
    ).stdout
    assert "<pdfaid:part>3</pdfaid:part>" in meta
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in meta
    with pikepdf.open(info.path) as pdf:
        assert str(pdf.Root.Lang) == "id"
        assert len(pdf.Root.OutputIntents) == 1
        assert pdf.Root.OutputIntents[0].S == pikepdf.Name.GTS_PDFA1
        assert len(pdf.trailer.ID) == 2
        xmp = pdf.open_metadata()
        assert xmp["dc:title"] == META.title
        assert str(pdf.docinfo.Title) == META.title
        assert str(pdf.docinfo.Author) == META.author
        assert xmp["pdf:Keywords"] == str(pdf.docinfo.Keywords)
        assert "/Producer" not in pdf.docinfo  # pyHanko rewrites it; see generator.pdf.bundle
        assert set(xmp["dc:language"]) == {"id"}


def test_fonts_embedded_and_qpdf_clean(built: Built) -> None:
    info, _ = built
    assert_fonts_embedded(info.path)
    check = subprocess.run(["qpdf", "--check", str(info.path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def assert_fonts_embedded(pdf: Path) -> None:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert re.search(r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", row), row


def test_missing_document_pdf_is_an_input_error(tmp_path: Path) -> None:
    docs, atts = make_inputs(tmp_path / "in")
    docs[1].pdf.unlink()
    with pytest.raises(InputError, match="tidak ditemukan"):
        build_bundle(docs, atts, META, tmp_path / "arsip.pdf")
    assert not (tmp_path / "arsip.pdf").exists()


def test_damaged_document_pdf_and_duplicate_attachment(tmp_path: Path) -> None:
    docs, atts = make_inputs(tmp_path / "in")
    with pytest.raises(InputError, match="ganda"):
        build_bundle(docs, [*atts, atts[0]], META, tmp_path / "arsip.pdf")
    docs[0].pdf.write_bytes(b"bukan pdf")
    with pytest.raises(InputError, match="rusak"):
        build_bundle(docs, atts, META, tmp_path / "arsip.pdf")


def test_long_daftar_isi_spans_pages_with_right_labels(tmp_path: Path) -> None:
    base = tmp_path / "in"
    base.mkdir()
    pdf = base / "satu.pdf"
    make_pdf(pdf, "Dokumen", 1)
    docs = [
        BundleDocument(f"d{i}", f"Dokumen {i}", "memo", 1 + i // 10, f"Langkah {1 + i // 10}",
                       1, "final", "0" * 64, pdf)
        for i in range(80)
    ]  # fmt: skip
    info = build_bundle(docs, [], META, tmp_path / "arsip.pdf")
    front = info.documents[0].first_page
    assert front > 2  # Daftar Isi runs over more than one page
    labels = PdfReader(info.path).page_labels
    assert labels[front - 1] != "1" and labels[front] == "1"
    last = info.documents[-1]
    assert labels[last.first_page] == last.page_label == "80"


@pytest.mark.slow
def test_libreoffice_pdfa_inputs_keep_their_output_intent(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    if shutil.which("soffice") is None:
        pytest.skip("soffice not installed")
    src = tmp_path / "src"
    src.mkdir()
    for name in ("memo", "laporan"):
        document = docx.Document()
        document.add_heading(f"Dokumen {name}", 1)
        document.add_paragraph("Isi dokumen untuk uji arsip. " * 40)
        document.save(str(src / f"{name}.docx"))
    export = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", export, "--outdir", str(src), str(src / "memo.docx"),
         str(src / "laporan.docx")],
        capture_output=True, check=True, timeout=180,
    )  # fmt: skip
    docs = [
        BundleDocument(n, f"Dokumen {n}", "memo", i + 1, "Langkah", 1, "final",
                       hashlib.sha256((src / f"{n}.docx").read_bytes()).hexdigest(),
                       src / f"{n}.pdf")
        for i, n in enumerate(("memo", "laporan"))
    ]  # fmt: skip
    atts = [Attachment(src / f"{n}.docx", f"{n}.docx", DOCX, n) for n in ("memo", "laporan")]
    info = build_bundle(docs, atts, META, tmp_path / "arsip.pdf")
    with pikepdf.open(src / "memo.pdf") as original, pikepdf.open(info.path) as merged:
        assert original.open_metadata()["pdfaid:part"] == "2"
        source_icc = original.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        assert merged.Root.OutputIntents[0].DestOutputProfile.read_bytes() == source_icc
        assert merged.open_metadata()["pdfaid:part"] == "3"
    assert_fonts_embedded(info.path)


def test_attachment_table_over_several_pages_reads_back(tmp_path: Path) -> None:
    """A long list of originals continues on further manifest pages (page number and repeated
    header in between): every name and hash must still read back."""
    base = tmp_path / "in"
    base.mkdir()
    pdf = base / "satu.pdf"
    make_pdf(pdf, "Dokumen", 1)
    docs, atts = [], []
    for i in range(70):
        source = base / f"formulir-terisi-BIDANG{i:02d}-dengan-nama-yang-cukup-panjang-v{i}.xlsx"
        source.write_bytes(f"isi {i}".encode() * (i + 1))
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        docs.append(
            BundleDocument(f"d{i}", f"Dokumen {i}", "memo", 5, "Langkah 5", 1, "final", digest, pdf)
        )
        atts.append(Attachment(source, source.name, XLSX, "asli"))
    info = build_bundle(docs, atts, META, tmp_path / "arsip.pdf")
    assert info.page_count - info.manifest_first_page > 2  # the manifest runs over pages
    printed = read_manifest_page_hashes(info.path)
    assert printed == {
        normalise_name(a.name): hashlib.sha256(a.path.read_bytes()).hexdigest() for a in atts
    }
