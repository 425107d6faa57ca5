"""A signed bundle and four ways to break it: verify_bundle and pdfsig must agree.

The cases follow TOOLCHAIN.md: a flipped byte inside the signed range, an
annotation appended by an incremental update, an embedded file swapped by an
incremental update, and a truncated file.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.annotations import FreeText
from pypdf.generic import NameObject, NumberObject, StreamObject

from generator.pdf.bundle import build_bundle
from generator.pdf.signing import StampText, create_demo_ca, load_signer, sign_pdf
from generator.pdf.verify import PdfsigResult, nss_db_with_ca, run_pdfsig, verify_bundle
from tests.unit.pdf.test_bundle import META, make_inputs

pytestmark = pytest.mark.skipif(
    shutil.which("pdfsig") is None or shutil.which("certutil") is None,
    reason="poppler pdfsig and NSS certutil are needed",
)


class Signed:
    def __init__(self, pdf: Path, ca: Path, nssdb: Path) -> None:
        self.pdf, self.ca, self.nssdb = pdf, ca, nssdb


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Signed:
    base = tmp_path_factory.mktemp("tamper")
    docs, atts = make_inputs(base / "in")
    info = build_bundle(docs, atts, META, base / "arsip.pdf")
    creds = create_demo_ca(
        base / "ca", "Dra. Sri Wahyuni", "Sekretaris", "Bakesbangpol Kota Malang"
    )
    signer = load_signer(creds.p12, creds.passphrase)
    stamp = StampText("Dra. Sri Wahyuni", "Sekretaris", dt.date(2024, 1, 5), demo=True)
    out = base / "arsip-ttd.pdf"
    sign_pdf(info.path, out, signer, stamp_box=info.stamp_box, stamp_lines=stamp)
    return Signed(out, creds.ca_pem, nss_db_with_ca(creds.ca_pem, base / "nss"))


def untouched(src: Path, dst: Path) -> None:
    shutil.copyfile(src, dst)


def flip_byte_in_signed_range(src: Path, dst: Path) -> None:
    data = bytearray(src.read_bytes())
    at = data.index(META.title.encode())  # in /Info and XMP of the signed revision
    data[at] ^= 0x01
    dst.write_bytes(bytes(data))


def append_annotation(src: Path, dst: Path) -> None:
    writer = PdfWriter(src, incremental=True)
    note = FreeText(text="diubah setelah ditandatangani", rect=(50, 50, 250, 90))
    writer.add_annotation(page_number=2, annotation=note)
    with dst.open("wb") as out:
        writer.write(out)


def swap_attachment(src: Path, dst: Path) -> None:
    writer = PdfWriter(src, incremental=True)
    names = writer.root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    spec = names[1].get_object()
    stream = spec["/EF"]["/F"].get_object()
    assert isinstance(stream, StreamObject)
    fake = b"isi palsu " * 40
    stream.set_data(fake)
    stream["/Params"][NameObject("/Size")] = NumberObject(len(fake))  # a careful forger
    with dst.open("wb") as out:
        writer.write(out)


def truncate(src: Path, dst: Path) -> None:
    data = src.read_bytes()
    dst.write_bytes(data[: len(data) * 2 // 3])


CASES: dict[str, Callable[[Path, Path], None]] = {
    "valid": untouched,
    "byte_flipped": flip_byte_in_signed_range,
    "annotation_appended": append_annotation,
    "attachment_swapped": swap_attachment,
    "truncated": truncate,
}


def pdfsig_accepts(result: PdfsigResult) -> bool:
    return result.signature_valid and result.total_document_signed


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_verify_and_pdfsig_agree(case: str, signed: Signed, tmp_path: Path) -> None:
    target = tmp_path / f"{case}.pdf"
    CASES[case](signed.pdf, target)
    report = verify_bundle(target, signed.ca)
    sig = run_pdfsig(target, signed.nssdb)
    failing = [(c.name_id, c.detail) for c in report.checks if not c.ok]
    if case == "valid":
        assert report.ok, failing
        assert pdfsig_accepts(sig), sig.raw
        assert sig.certificate == "Certificate is Trusted."
        assert report.check("kepercayaan").ok
    else:
        assert not report.ok
        assert not pdfsig_accepts(sig), sig.raw
    expected_failures = {
        "byte_flipped": {"digest_utuh"},
        "annotation_appended": {"cakupan_penuh"},
        "attachment_swapped": {"cakupan_penuh", "lampiran_halaman_manifest"},
        "truncated": {"berkas_terbaca"},
    }.get(case, set())
    assert expected_failures <= {name for name, _ in failing}, failing


def test_no_trust_is_reported_as_skipped_not_failed(signed: Signed) -> None:
    report = verify_bundle(signed.pdf)
    trust = report.check("kepercayaan")
    assert trust.skipped and "Tidak diperiksa" in trust.detail
    assert report.ok


def test_wrong_trust_anchor_fails(signed: Signed, tmp_path: Path) -> None:
    other = create_demo_ca(tmp_path / "lain", "Orang Lain", "Staf", "Instansi Lain")
    report = verify_bundle(signed.pdf, other.ca_pem)
    assert not report.check("kepercayaan").ok
    assert not report.ok


def test_unsigned_bundle_fails(tmp_path: Path) -> None:
    docs, atts = make_inputs(tmp_path / "in")
    info = build_bundle(docs, atts, META, tmp_path / "arsip.pdf")
    report = verify_bundle(info.path)
    assert not report.ok
    assert not report.check("tanda_tangan_ada").ok
    assert report.check("lampiran_halaman_manifest").ok
    assert report.check("lampiran_manifest_json").ok
    assert report.check("pdfa").ok
