"""Issue 13, points 2, 3, 10 and 12 (verifikasi): one signature, trust only through a chain,
certificates that would not verify are refused, and a PDF given to verifikasi has limits.

No LibreOffice: the bundle is the reportlab one of tests/unit/pdf/test_bundle.py.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter

from generator.cli import kinerja
from generator.errors import SigningError
from generator.pdf.bundle import build_bundle
from generator.pdf.signing import StampText, load_signer, sign_pdf
from generator.pdf.verify import nss_db_with_ca, run_pdfsig, verify_bundle
from tests.certs import PASSWORD, Ca, make_ca, make_p12, weak_curve, weak_rsa
from tests.unit.pdf.test_bundle import META, make_inputs

KEPALA = "Drs. Hadi Santoso, M.Si."
STAMP = StampText(KEPALA, "Kepala Badan", dt.date(2025, 1, 5))
needs_poppler = pytest.mark.skipif(
    shutil.which("pdfsig") is None or shutil.which("certutil") is None,
    reason="poppler pdfsig and NSS certutil are needed",
)


class Signed:
    def __init__(self, base: Path, ca: Ca, pdf: Path) -> None:
        self.base, self.ca, self.pdf = base, ca, pdf


def _sign(src: Path, dst: Path, p12: Path, field: str = "Tandatangan", box_y: int = 60) -> None:
    signer = load_signer(p12, PASSWORD)
    sign_pdf(
        src,
        dst,
        signer,
        stamp_box=(300, box_y, 550, box_y + 90),
        stamp_lines=STAMP,
        field_name=field,
    )


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Signed:
    base = tmp_path_factory.mktemp("sig")
    docs, atts = make_inputs(base / "in")
    info = build_bundle(docs, atts, META, base / "arsip.pdf")
    ca = make_ca(base / "ca")
    out = base / "arsip-ttd.pdf"
    _sign(info.path, out, make_p12(base / "ca", ca, KEPALA))
    return Signed(base, ca, out)


def test_a_clean_bundle_is_sah_only_with_trust(signed: Signed) -> None:
    trusted = verify_bundle(signed.pdf, signed.ca.pem)
    assert trusted.verdict == "sah", [c for c in trusted.checks if not c.ok]
    assert [s.penanda_tangan for s in trusted.signatures] == [KEPALA]
    assert trusted.check("halaman").ok, trusted.check("halaman").detail
    untrusted = verify_bundle(signed.pdf)
    assert untrusted.verdict == "belum_terbukti" and not untrusted.sah
    assert "belum terbukti sah" in untrusted.verdict_text


def test_self_made_certificate_named_like_the_kepala_is_not_sah(
    signed: Signed, tmp_path: Path
) -> None:
    """13.3 / 12.5: without --percaya an impostor's archive is not 'sah'."""
    forger = make_ca(tmp_path, "CA Buatan Sendiri")
    fake = tmp_path / "palsu.pdf"
    unsigned = signed.base / "arsip.pdf"
    _sign(unsigned, fake, make_p12(tmp_path, forger, KEPALA))
    report = verify_bundle(fake)
    assert report.signer == KEPALA
    assert report.verdict == "belum_terbukti" and not report.sah
    assert verify_bundle(fake, signed.ca.pem).verdict == "tidak_sah"


def test_second_signature_from_the_same_ca_fails_and_every_signer_is_listed(
    signed: Signed, tmp_path: Path
) -> None:
    """13.2: another certificate of the trusted CA signs an update that changes /Info."""
    retitled = tmp_path / "judul.pdf"
    writer = PdfWriter(signed.pdf, incremental=True)
    writer.add_metadata({"/Title": "Judul yang diganti"})
    with retitled.open("wb") as out:
        writer.write(out)
    second = tmp_path / "dua.pdf"
    _sign(retitled, second, make_p12(tmp_path, signed.ca, "Orang Lain"), "Lain", box_y=300)
    report = verify_bundle(second, signed.ca.pem)
    assert not report.ok and report.verdict == "tidak_sah"
    assert not report.check("satu_tanda_tangan").ok
    assert not report.check("cakupan_penuh").ok
    assert [s.penanda_tangan for s in report.signatures] == [KEPALA, "Orang Lain"]
    assert KEPALA in report.check("satu_tanda_tangan").detail
    assert report.signer == KEPALA  # the archive's signer, not the last one


def test_an_empty_revision_after_signing_fails(signed: Signed, tmp_path: Path) -> None:
    """An update that changes nothing is still a revision the archive did not sign."""
    data = signed.pdf.read_bytes()
    last_xref = int(data[data.rindex(b"startxref") + 9 :].split()[0])
    trailer = data[data.rindex(b"trailer") + 7 : data.rindex(b"startxref")]
    trailer = re.sub(rb"/Prev\s+\d+", b"/Prev %d" % last_xref, trailer)
    update = b"\nxref\n0 1\n0000000000 65535 f \ntrailer" + trailer
    at = len(data) + 1
    target = tmp_path / "kosong.pdf"
    target.write_bytes(data + update + b"startxref\n%d\n%%%%EOF\n" % at)
    report = verify_bundle(target, signed.ca.pem)
    assert not report.ok
    assert not report.check("cakupan_penuh").ok


def test_bytes_hidden_in_the_signature_padding_fail(signed: Signed, tmp_path: Path) -> None:
    data = bytearray(signed.pdf.read_bytes())
    end = data.index(b">", data.rindex(b"/Contents <"))
    assert data[end - 1 : end] == b"0"
    data[end - 8 : end] = b"deadbeef"
    target = tmp_path / "padding.pdf"
    target.write_bytes(bytes(data))
    report = verify_bundle(target, signed.ca.pem)
    assert not report.check("digest_utuh").ok


@pytest.mark.parametrize(
    ("knobs", "reason"),
    [
        ({"after": dt.timedelta(days=-1), "before": dt.timedelta(days=-30)}, "kedaluwarsa"),
        ({"before": dt.timedelta(days=10)}, "belum berlaku"),
        ({"key": "rsa1024"}, "RSA 1024 bit terlalu lemah"),
        ({"key": "p192"}, "kurva"),
        ({"signing_usage": False}, "key usage"),
        ({"is_ca": True}, "sertifikat CA"),
    ],
)
def test_signing_refuses_certificates_that_would_not_verify(
    tmp_path: Path, knobs: dict[str, object], reason: str
) -> None:
    """13.10: refused when loaded, before anything is written, with the reason named."""
    ca = make_ca(tmp_path)
    key = {"rsa1024": weak_rsa, "p192": weak_curve}.get(str(knobs.pop("key", "")))
    p12 = make_p12(tmp_path, ca, KEPALA, key=key() if key else None, **knobs)  # type: ignore[arg-type]
    before = sorted(tmp_path.iterdir())
    with pytest.raises(SigningError) as caught:
        load_signer(p12, PASSWORD)
    assert reason in caught.value.message
    assert sorted(tmp_path.iterdir()) == before


BOMB_GIB = 1


def _bomb_pdf(path: Path) -> None:
    """A small PDF whose one attachment inflates to BOMB_GIB GiB of zeros."""
    squeeze = zlib.compressobj(9)
    zeros = bytes(1 << 20)
    parts = [squeeze.compress(zeros) for _ in range(BOMB_GIB << 10)]
    parts.append(squeeze.flush())
    raw = b"".join(parts)
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        stream = pikepdf.Stream(pdf, raw)
        stream.Filter = pikepdf.Name.FlateDecode
        stream.Type = pikepdf.Name.EmbeddedFile
        spec = pikepdf.Dictionary(
            Type=pikepdf.Name.Filespec,
            F=pikepdf.String("bom.json"),
            UF=pikepdf.String("bom.json"),
            EF=pikepdf.Dictionary(F=pdf.make_indirect(stream)),
        )
        pdf.Root.Names = pikepdf.Dictionary(
            EmbeddedFiles=pikepdf.Dictionary(
                Names=pikepdf.Array([pikepdf.String("bom.json"), pdf.make_indirect(spec)])
            )
        )
        pdf.save(path)


def test_a_compressed_bomb_is_refused_fast_in_bounded_memory(tmp_path: Path) -> None:
    """13.12: verifikasi of a small PDF holding a GiB flate bomb: refused in seconds."""
    bomb = tmp_path / "bom.pdf"
    _bomb_pdf(bomb)
    assert bomb.stat().st_size < 5 << 20
    script = (
        "import resource,sys,time;from pathlib import Path;"
        "from generator.pdf.verify import verify_bundle;t=time.perf_counter();"
        "r=verify_bundle(Path(sys.argv[1]));"
        "c=r.check('lampiran_halaman_manifest');"
        "print(int(c.ok),time.perf_counter()-t,"
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,c.detail)"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, str(bomb)], capture_output=True, text=True, check=True
    )
    ok, seconds, max_rss_kib, detail = done.stdout.split(" ", 3)
    assert ok == "0" and "MiB" in detail, done.stdout
    assert float(seconds) < 5 and time.perf_counter() - started < 30
    assert int(max_rss_kib) < 400 * 1024, f"{int(max_rss_kib) // 1024} MiB"


@pytest.fixture(scope="module")
def nssdb(signed: Signed) -> Path:
    return nss_db_with_ca(signed.ca.pem, signed.base / "nss")


def _contents_span(data: bytes) -> tuple[int, int]:
    start = data.rindex(b"/Contents <") + len(b"/Contents <")
    return start, data.index(b">", start)


@needs_poppler
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    kind=st.sampled_from(["byte", "page", "revision"]),
    where=st.floats(min_value=0, max_value=1, exclude_max=True),
    xor=st.integers(min_value=1, max_value=255),
)
def test_any_change_fails_and_pdfsig_agrees(
    signed: Signed,
    nssdb: Path,
    tmp_path_factory: pytest.TempPathFactory,
    kind: str,
    where: float,
    xor: int,
) -> None:
    """Any byte changed, any page replaced, any revision appended after signing: not sah;
    pdfsig (where it can tell: outside the signature value) does not accept it either."""
    data = bytearray(signed.pdf.read_bytes())
    target = tmp_path_factory.mktemp("ubah") / "ubah.pdf"
    inside_value = False
    if kind == "byte":
        at = int(where * len(data))
        start, end = _contents_span(bytes(data))
        new = data[at] ^ xor
        hexdigits = b"0123456789abcdefABCDEF"
        if start <= at < end and chr(data[at]).lower() == chr(new).lower() and new in hexdigits:
            new = data[at] ^ 0x01  # a hex digit in another case is the same value
        data[at] = new
        inside_value = start <= at < end
        target.write_bytes(bytes(data))
    elif kind == "page":
        writer = PdfWriter(signed.pdf, incremental=True)
        index = 2 + int(where * (len(writer.pages) - 3))
        writer.pages[index].replace_contents(None)  # type: ignore[arg-type]
        with target.open("wb") as out:
            writer.write(out)
    else:
        writer = PdfWriter(signed.pdf, incremental=True)
        writer.add_metadata({"/Subject": f"diubah {xor}"})
        with target.open("wb") as out:
            writer.write(out)
    report = verify_bundle(target, signed.ca.pem)
    assert not report.sah, [c for c in report.checks if not c.ok]
    if not inside_value:
        sig = run_pdfsig(target, nssdb)
        assert not (sig.signature_valid and sig.total_document_signed), sig.raw


def test_the_signature_list_gives_the_signing_time_in_wib(signed: Signed) -> None:
    """The signer's clock is kept in UTC; the list shows it in WIB, as the checks above it
    say (a signature made at 08:17 UTC was listed as 08:17 beside '15.17 WIB')."""
    report = verify_bundle(signed.pdf, signed.ca.pem)
    moment = report.signatures[0].waktu
    assert moment is not None
    result = CliRunner().invoke(
        kinerja, ["verifikasi", str(signed.pdf), "--percaya", str(signed.ca.pem)]
    )
    wib = moment.astimezone(dt.timezone(dt.timedelta(hours=7)))
    assert "Waktu (WIB)" in result.output
    assert wib.strftime("%d-%m-%Y %H:%M") in result.output, result.output
    if wib.hour != moment.astimezone(dt.UTC).hour:
        assert moment.astimezone(dt.UTC).strftime("%d-%m-%Y %H:%M") not in result.output


def test_verifikasi_exits_zero_only_for_sah(signed: Signed) -> None:
    """12.5 / 13.3 through the command: without a trusted CA the verdict is 'belum terbukti
    sah' and the exit code 1; with --percaya or KINERJA_PERCAYA it is 'Arsip sah' and 0."""
    runner = CliRunner()
    alone = runner.invoke(kinerja, ["verifikasi", str(signed.pdf)], env={"KINERJA_PERCAYA": None})
    assert alone.exit_code == 1, alone.output
    assert "belum terbukti sah" in alone.output and "Arsip sah" not in alone.output
    assert KEPALA in alone.output  # every signature is listed
    given = runner.invoke(kinerja, ["verifikasi", str(signed.pdf), "--percaya", str(signed.ca.pem)])
    assert given.exit_code == 0 and "Arsip sah" in given.output, given.output
    configured = runner.invoke(
        kinerja, ["verifikasi", str(signed.pdf)], env={"KINERJA_PERCAYA": str(signed.ca.pem)}
    )
    assert configured.exit_code == 0, configured.output
