"""The PDF/A claim of a converted file, read without parsing the whole PDF."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from generator.convert import checks


def _pdf(path: Path) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
    pdf.save(path)  # qpdf leaves the XMP packet uncompressed, as LibreOffice does
    return path


def test_uncompressed_claim_is_read_without_opening_the_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = _pdf(tmp_path / "a.pdf")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("pikepdf.open reads every object of a 2,500-page LKj")

    monkeypatch.setattr(checks.pikepdf, "open", refuse)
    assert checks.xmp_claim(pdf) == (2, "B")
    assert checks.check_output(pdf, 2) is None
    assert checks.check_output(pdf, 3) == "PDF hasil konversi tidak berstatus PDF/A-3"


def test_without_a_readable_packet_pikepdf_reads_the_claim(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = _pdf(tmp_path / "b.pdf")
    monkeypatch.setattr(checks, "xmp_claim", lambda path: None)  # as for a compressed packet
    assert checks.check_output(pdf, 2) is None
    assert checks.check_output(pdf, 3) is not None


def test_a_plain_pdf_is_checked_only_for_being_a_pdf(tmp_path: Path) -> None:
    """The front part of a document converted in parts is a plain PDF (``PLAIN_PDF``)."""
    plain = tmp_path / "depan.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(plain)
    assert checks.check_output(plain, checks.PLAIN_PDF) is None
    assert checks.check_output(plain, 2) == "PDF hasil konversi tidak berstatus PDF/A-2"
    garbage = tmp_path / "rusak.pdf"
    garbage.write_bytes(b"PK\x03\x04 not a pdf")
    assert checks.check_output(garbage, checks.PLAIN_PDF) == "hasil konversi bukan PDF"
