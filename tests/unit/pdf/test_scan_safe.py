"""Scans are made safe (issue 13.11): active content is rewritten away, encrypted and polyglot
files are refused, a huge image is refused from its header, and a PDF/A claim is checked for
forbidden content."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from generator.errors import InputError
from generator.pdf.active import active_content
from generator.pdf.scan import scan_to_pdf
from generator.pdf.verify import _pdfa_check


def _hostile_pdf(path: Path, pdfa: bool = False) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(b"0 0 1 rg 50 50 100 100 re f")
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
    launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
    javascript = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="this.exportDataObject()")
    page.obj.Annots = pdf.make_indirect(
        pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=[0, 0, 100, 100],
                    A=action,
                )
                for action in (launch, javascript)
            ]
        )
    )
    page.obj.AA = pikepdf.Dictionary(O=javascript)
    pdf.attachments["muatan.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ bukan pindaian")
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array())
    if pdfa:
        with pdf.open_metadata() as meta:
            meta["pdfaid:part"] = "3"
            meta["pdfaid:conformance"] = "B"
    pdf.save(path)
    return path


def test_active_content_is_rewritten_away(tmp_path: Path) -> None:
    source = _hostile_pdf(tmp_path / "pindaian.pdf")
    with pikepdf.open(source) as before:
        assert len(active_content(before)) >= 5
    data = scan_to_pdf([source])
    with pikepdf.open(io.BytesIO(data)) as after:
        assert active_content(after) == []
        assert len(after.pages) == 1 and "/Annots" not in after.pages[0].obj
        assert b"50 50 100 100 re f" in after.pages[0].Contents.read_bytes()
        assert not after.attachments
    assert b"cmd.exe" not in data and b"JavaScript" not in data


def test_owner_password_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "terkunci.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(path, encryption=pikepdf.Encryption(owner="pemilik", user=""))
    with pytest.raises(InputError, match="terenkripsi") as info:
        scan_to_pdf([path])
    assert "terkunci.pdf" in info.value.render()


def test_png_pdf_polyglot_is_refused(tmp_path: Path) -> None:
    png = io.BytesIO()
    Image.new("L", (8, 8), 255).save(png, format="PNG")
    inner = io.BytesIO()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(inner)
    path = tmp_path / "pindaian.png"
    path.write_bytes(png.getvalue() + inner.getvalue())
    with pytest.raises(InputError, match="poliglot"):
        scan_to_pdf([path])


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def test_huge_png_is_refused_from_its_header(tmp_path: Path) -> None:
    path = tmp_path / "raksasa.png"
    header = struct.pack(">IIBBBBB", 20_000, 20_000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 60_001 * 16)  # the first rows; the rest would follow
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(InputError, match="terlalu besar") as info:
        scan_to_pdf([path])
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "raksasa.png" in info.value.render()
    assert elapsed < 1.0 and peak < 20 * 2**20, (elapsed, peak)


def test_pdfa_claim_with_javascript_fails_the_check(tmp_path: Path) -> None:
    check = _pdfa_check(_hostile_pdf(tmp_path / "arsip.pdf", pdfa=True))
    assert not check.ok and "JavaScript" in check.detail and "Launch" in check.detail
