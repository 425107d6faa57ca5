"""Signing the bundle with a demo CA: certificates, passphrase, stamp, PDF/A after signing."""

from __future__ import annotations

import datetime as dt
import hashlib
import stat
import subprocess
from pathlib import Path

import pikepdf
import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from generator.cli.arsip import passphrase_from_env_or_prompt
from generator.errors import SigningError
from generator.pdf.bundle import BundleInfo, build_bundle
from generator.pdf.signing import (
    DemoCredentials,
    StampText,
    create_demo_ca,
    load_signer,
    sign_pdf,
    stamp_text_lines,
)
from generator.pdf.verify import verify_bundle
from tests.unit.pdf.test_bundle import META, assert_fonts_embedded, make_inputs

STAMP = StampText("Drs. Budi Santoso, M.Si.", "Sekretaris", dt.date(2024, 1, 5), demo=True)


@pytest.fixture(scope="module")
def creds(tmp_path_factory: pytest.TempPathFactory) -> DemoCredentials:
    return create_demo_ca(
        tmp_path_factory.mktemp("ca") / "ca",
        "Drs. Budi Santoso, M.Si.",
        "Sekretaris",
        "Badan Kesatuan Bangsa dan Politik Kota Malang",
    )


@pytest.fixture(scope="module")
def signed(
    tmp_path_factory: pytest.TempPathFactory, creds: DemoCredentials
) -> tuple[BundleInfo, Path, str]:
    base = tmp_path_factory.mktemp("sign")
    docs, atts = make_inputs(base / "in")
    info = build_bundle(docs, atts, META, base / "arsip.pdf")
    signer = load_signer(creds.p12, creds.passphrase)
    digest = sign_pdf(
        info.path, base / "arsip-ttd.pdf", signer, stamp_box=info.stamp_box, stamp_lines=STAMP
    )
    return info, base / "arsip-ttd.pdf", digest


def test_demo_ca_files_and_subjects(creds: DemoCredentials) -> None:
    assert stat.S_IMODE(creds.p12.stat().st_mode) == 0o600
    assert stat.S_IMODE(creds.p12.parent.stat().st_mode) == 0o700
    ca = x509.load_pem_x509_certificate(creds.ca_pem.read_bytes())
    assert "DEMO" in ca.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    signer = load_signer(creds.p12, creds.passphrase)
    cn = signer.signing_cert.subject.native["common_name"]
    assert cn == "DEMO - Drs. Budi Santoso, M.Si."
    usage = signer.signing_cert.key_usage_value.native
    assert {"digital_signature", "non_repudiation"} <= set(usage)


def test_wrong_passphrase_or_bad_file_is_signing_error(
    creds: DemoCredentials, tmp_path: Path
) -> None:
    with pytest.raises(SigningError, match="kata sandi salah"):
        load_signer(creds.p12, b"salah")
    junk = tmp_path / "rusak.p12"
    junk.write_bytes(b"bukan pkcs12")
    with pytest.raises(SigningError):
        load_signer(junk, creds.passphrase)
    with pytest.raises(SigningError, match="tidak dapat dibaca"):
        load_signer(tmp_path / "tidak-ada.p12", creds.passphrase)


def test_passphrase_from_env_then_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KINERJA_P12_PASSWORD", "rahasia")
    assert passphrase_from_env_or_prompt(prompt=lambda: "lain") == b"rahasia"
    monkeypatch.delenv("KINERJA_P12_PASSWORD")
    assert passphrase_from_env_or_prompt(prompt=lambda: "dari-prompt") == b"dari-prompt"
    with pytest.raises(SigningError, match="kosong"):
        passphrase_from_env_or_prompt(prompt=lambda: "")


def test_stamp_lines_in_indonesian() -> None:
    lines = stamp_text_lines(STAMP)
    assert lines[0] == "Ditandatangani secara elektronik"
    assert "5 Januari 2024" in lines
    assert any("DEMO" in line for line in lines)
    plain = stamp_text_lines(StampText("A", "B", dt.datetime(2024, 3, 1, 9, 5), demo=False))
    assert plain[-1] == "1 Maret 2024 pukul 09.05"


def test_signed_bundle_verifies_and_keeps_pdfa(
    signed: tuple[BundleInfo, Path, str], creds: DemoCredentials
) -> None:
    info, path, digest = signed
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert path.read_bytes().startswith(info.path.read_bytes())  # incremental update
    report = verify_bundle(path, creds.ca_pem)
    assert report.ok, [c for c in report.checks if not c.ok]
    assert report.signer == "DEMO - Drs. Budi Santoso, M.Si."
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True).stdout
    assert 'pdfaid:part="3"' in meta or "<pdfaid:part>3</pdfaid:part>" in meta
    assert_fonts_embedded(path)
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_producer_in_info_matches_xmp_after_signing(signed: tuple[BundleInfo, Path, str]) -> None:
    _, path, _ = signed
    with pikepdf.open(path) as pdf:
        xmp = pdf.open_metadata()
        assert str(pdf.docinfo.Producer) == xmp["pdf:Producer"]
        assert str(pdf.docinfo.Title) == xmp["dc:title"]
        assert "/ModDate" not in pdf.docinfo


def test_stamp_uses_embedded_font_and_no_transparency(
    signed: tuple[BundleInfo, Path, str],
) -> None:
    info, path, _ = signed
    with pikepdf.open(path) as pdf:
        widget = next(a for a in pdf.pages[0].Annots if a.get("/FT") == pikepdf.Name.Sig)
        assert [round(float(v)) for v in widget.Rect] == [round(v) for v in info.stamp_box]
        assert int(widget.F) & 4  # printable, as PDF/A requires
        appearance = widget.AP.N
        content = appearance.read_bytes()
        for needle in (b"Ditandatangani secara elektronik", b"DEMO", b"5 Januari 2024"):
            assert needle in content
        font = appearance.Resources.Font.F1.DescendantFonts[0]
        assert "/FontFile2" in font.FontDescriptor
        # widths in 1/1000 em (pyHanko 0.38 writes font units; see generator.pdf.signing)
        widths = [int(w) for entry in font.W if isinstance(entry, pikepdf.Array) for w in entry]
        assert widths and max(widths) <= 1100
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.ExtGState:
                assert float(obj.get("/ca", 1)) == 1 and float(obj.get("/CA", 1)) == 1
                assert obj.get("/SMask", pikepdf.Name.None_) == pikepdf.Name.None_


def test_sign_failure_leaves_no_output(creds: DemoCredentials, tmp_path: Path) -> None:
    bad = tmp_path / "rusak.pdf"
    bad.write_bytes(b"%PDF-1.7\nrusak")
    signer = load_signer(creds.p12, creds.passphrase)
    with pytest.raises(SigningError):
        sign_pdf(bad, tmp_path / "out.pdf", signer, stamp_box=(0, 0, 10, 10), stamp_lines=STAMP)
    assert list(tmp_path.iterdir()) == [bad]
