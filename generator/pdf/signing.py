"""PAdES signing of the archive bundle with pyHanko, and a demo CA to sign with.

Signing is an incremental update, so the PDF/A claim of the bundle survives,
provided the visible stamp uses an embedded font: pyHanko's default stamp
font is Courier, not embedded; we give it Liberation Sans through
``GlyphAccumulatorFactory`` (needs uharfbuzz).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.stamp import TextStampStyle

from generator.base.fsutil import check_replaceable, sha256_file
from generator.base.tanggal import tanggal_id
from generator.data import FONT_DIR
from generator.errors import SigningError
from generator.pdf.certpolicy import require_signing_certificate

# File names of the demo signer inside its folder (the archive looks them up by these names).
DEMO_P12_NAME = "penanda-tangan-demo.p12"
DEMO_CA_NAME = "ca-demo.pem"
# fontTools warns while subsetting the stamp font; the library does not print.
logging.getLogger("fontTools").addHandler(logging.NullHandler())
logging.getLogger("pyhanko").addHandler(logging.NullHandler())
STAMP_FONT = FONT_DIR / "LiberationSans-Regular.ttf"


class _GlyphAccumulator1000(GlyphAccumulator):
    """GlyphAccumulator whose /W and FontDescriptor metrics are in 1/1000 em.

    pyHanko 0.38 writes them in font units; for a 2048-unit TrueType font
    (Liberation) the glyphs are then spread over twice their width.
    """

    def prepare_write(self) -> None:
        done = bool(self._write_prepared)
        super().prepare_write()  # type: ignore[no-untyped-call]
        upem = int(self.units_per_em)
        if done or upem == 1000:
            return
        scale = 1000 / upem
        cidfont = self.cidfont_obj
        widths = generic.ArrayObject()
        for entry in cidfont["/W"]:
            if isinstance(entry, generic.ArrayObject):
                entry = generic.ArrayObject(_number(round(w * scale)) for w in entry)
            widths.append(entry)
        cidfont["/W"] = widths
        descriptor = cidfont["/FontDescriptor"].get_object()
        for key in ("/Ascent", "/Descent", "/CapHeight"):
            if key in descriptor:
                descriptor[key] = _number(round(descriptor[key] * scale))
        descriptor["/FontBBox"] = generic.ArrayObject(
            _number(round(v * scale)) for v in descriptor["/FontBBox"]
        )


def _number(value: int) -> generic.NumberObject:
    return generic.NumberObject(value)  # type: ignore[no-untyped-call]


@dataclass(frozen=True)
class _FontFactory(GlyphAccumulatorFactory):
    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _GlyphAccumulator1000(
            writer=writer,
            font_handle=open(self.font_file, "rb"),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


@dataclass(frozen=True)
class DemoCredentials:
    """Files of a demo signer: PKCS#12 (key + certificate + CA) and the CA in PEM."""

    p12: Path
    ca_pem: Path
    passphrase: bytes


@dataclass(frozen=True)
class StampText:
    """What the visible signature says."""

    nama: str
    jabatan: str
    tanggal: dt.date | dt.datetime
    demo: bool = False


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o600)


def create_demo_ca(
    directory: Path, signer_name: str, jabatan: str, organisation: str
) -> DemoCredentials:
    """Make a demo CA and a signer certificate under ``directory``.

    Subjects say DEMO: these certificates prove nothing outside a test. The keys are EC
    P-256 (made in a millisecond; two RSA keys took a quarter of a second of every demo).
    The PKCS#12 is protected by a random passphrase, returned to the caller.
    """
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, f"DEMO CA - {organisation}"[:64]),
        ]
    )
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.TITLE, jabatan[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, f"DEMO - {signer_name}"[:64]),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(ca=False), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    passphrase = os.urandom(18).hex().encode("ascii")
    p12_bytes = pkcs12.serialize_key_and_certificates(
        b"kinerja-demo",
        key,
        cert,
        [ca_cert],
        serialization.BestAvailableEncryption(passphrase),
    )
    p12_path = directory / DEMO_P12_NAME
    ca_path = directory / DEMO_CA_NAME
    _write_private(p12_path, p12_bytes)
    _write_private(ca_path, ca_cert.public_bytes(serialization.Encoding.PEM))
    os.chmod(ca_path, 0o644)  # a CA certificate is public
    return DemoCredentials(p12=p12_path, ca_pem=ca_path, passphrase=passphrase)


def _key_usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def load_signer(
    p12: Path, passphrase: bytes, now: dt.datetime | None = None
) -> signers.SimpleSigner:
    """Load a PKCS#12 signer; a wrong passphrase, a bad file, or a certificate that would not
    give a verifiable signature (see ``certpolicy``) is a SigningError."""
    try:
        data = p12.read_bytes()
    except OSError as exc:
        raise SigningError("Berkas sertifikat (.p12) tidak dapat dibaca.", file=p12) from exc
    try:
        signer: signers.SimpleSigner = signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=(), passphrase=passphrase
        )
    except (ValueError, TypeError) as exc:
        raise SigningError(
            "Sertifikat (.p12) tidak dapat dibuka: kata sandi salah atau berkas rusak.",
            file=p12,
            hint="Periksa kata sandi dan berkas sertifikatnya.",
        ) from exc
    if signer.signing_cert is None:
        raise SigningError("Berkas .p12 tidak memuat sertifikat penanda tangan.", file=p12)
    require_signing_certificate(signer.signing_cert, now or dt.datetime.now(dt.UTC), str(p12))
    return signer


def stamp_text_lines(text: StampText) -> list[str]:
    """The lines of the visible stamp, in order."""
    when = tanggal_id(text.tanggal)
    if isinstance(text.tanggal, dt.datetime):
        when += text.tanggal.strftime(" pukul %H.%M")
    lines = ["Ditandatangani secara elektronik", text.nama, text.jabatan, when]
    if text.demo:
        lines.append("DEMO - bukan tanda tangan resmi")
    return lines


def _int_box(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    """pyHanko wants whole points; round inwards so the stamp stays in its area."""
    x1, y1, x2, y2 = box
    return (math.ceil(x1), math.ceil(y1), math.floor(x2), math.floor(y2))


def sign_pdf(
    src: Path,
    dst: Path,
    signer: signers.Signer,
    *,
    stamp_box: tuple[float, float, float, float],
    stamp_lines: StampText,
    page: int = 0,
    timestamp_url: str | None = None,
    field_name: str = "Tandatangan",
) -> str:
    """Sign ``src`` into ``dst`` (PAdES B-B, or B-T with a timestamp server).

    Returns the SHA-256 of ``dst``. ``dst`` appears only once complete.
    """
    text = "\n".join(stamp_text_lines(stamp_lines)).replace("%", "%%")
    style = TextStampStyle(
        stamp_text=text,
        border_width=1,
        text_box_style=TextBoxStyle(font=_FontFactory(str(STAMP_FONT), font_size=9), font_size=9),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=stamp_lines.nama,
        reason="Pengesahan arsip dokumen kinerja",
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        timestamper=HTTPTimeStamper(timestamp_url) if timestamp_url else None,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=field_name, on_page=page, box=_int_box(stamp_box)
        ),
    )
    staged = dst.with_name(f".{dst.name}.tmp")
    try:
        # readable too: pyHanko then signs in the file instead of a copy in memory (56 MB
        # for the archive of 2,000 indicators)
        with src.open("rb") as inp, staged.open("w+b") as out:
            writer = IncrementalPdfFileWriter(inp, strict=False)
            pdf_signer.sign_pdf(writer, output=out)
        check_replaceable(dst)
        os.replace(staged, dst)
    except (PdfError, OSError, ValueError) as exc:
        staged.unlink(missing_ok=True)
        raise SigningError(f"Penandatanganan PDF gagal: {exc}", file=src) from exc
    except Exception as exc:  # timestamp server or other pyHanko failure
        staged.unlink(missing_ok=True)
        raise SigningError(
            f"Penandatanganan PDF gagal: {exc}",
            file=src,
            hint="Jika memakai server cap waktu, periksa alamat dan koneksinya.",
        ) from exc
    return sha256_file(dst)  # in blocks: the archive of 2,000 indicators is 56 MB
