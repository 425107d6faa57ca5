"""Issue 13 points 1, 4, 5, 6, 13 and issue 12 points 8, 9 (arsip): with real LibreOffice,
pyHanko and a tmpfs for the full disk.

Every test starts from a copy of one prepared output folder (init + memo), so only the
conversions of the test itself cost time.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from generator.base.fsutil import atomic_write_bytes, sha256_file
from generator.base.periode import Periode
from generator.convert import ConversionResult, converter_session
from generator.documents.memo import create_memo
from generator.errors import ManifestError, StepError, WorkspaceError
from generator.pdf.verify import verify_bundle
from generator.workflow import archive as archive_module
from generator.workflow.archive import DemoSigner, Signing, arsip
from generator.workflow.papertrail import cetak, paraf, tandatangan
from generator.workspace.folder import Workspace
from generator.workspace.manifest import append_event, dump_manifest, parse_manifest

pytestmark = pytest.mark.slow
PERIODE = Periode.parse("2025")
DEMO = Signing(DemoSigner())


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("siap") / "out"
    ws = Workspace.create(out, PERIODE)
    create_memo(ws)
    return out


def fresh(prepared: Path, tmp_path: Path) -> Workspace:
    out = tmp_path / "out"
    shutil.copytree(prepared, out)
    return Workspace.open(out, PERIODE)


def text_of(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [] if first is None else ["-f", str(first), "-l", str(last or first)]
    done = subprocess.run(
        ["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def recorded_files_match(ws: Workspace) -> None:
    """The workspace loads and every file it records has the recorded SHA-256."""
    data = ws.read_manifest()
    for doc in data.dokumen:
        for version in doc.versions:
            assert sha256_file(ws.path(version.path)) == version.sha256, version.path


def forged_pdf(path: Path) -> None:
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "HALAMAN PALSU")
    canvas.showPage()
    canvas.save()


def test_a_forged_pdf_on_disk_never_reaches_the_archive(prepared: Path, tmp_path: Path) -> None:
    """13.1: pages come from the recorded original, never from a PDF lying in pdf/."""
    ws = fresh(prepared, tmp_path)
    cetak(ws, 1)
    for pdf in [*ws.path("pdf").glob("memo*.pdf"), *ws.path("pdf/.cache").glob("*.pdf")]:
        forged_pdf(pdf)
    result = arsip(ws, DEMO, belum_lengkap=True)
    text = text_of(result.path)
    assert "HALAMAN PALSU" not in text
    assert "MEMO" in text.upper()
    report = verify_bundle(result.path, result.ca_pem)
    assert report.sah and report.check("halaman").ok, report.check("halaman").detail


def test_one_session_archives_what_it_converted_and_nothing_forged(
    prepared: Path, tmp_path: Path
) -> None:
    """Issue 14 (demo, web server): inside one converter session the archive takes the PDFs
    this session's offices made instead of converting them again, but only bytes it made:
    a cached PDF replaced on disk meanwhile is converted afresh (13.1 still holds)."""
    honest = fresh(prepared, tmp_path / "jujur")
    forged = fresh(prepared, tmp_path / "palsu")
    with converter_session() as session:
        cetak(honest, 1)
        seen: list[ConversionResult] = []
        arsip(honest, DEMO, belum_lengkap=True, on_done=seen.append)

        cetak(forged, 1)
        (cached,) = forged.path("pdf/.cache").glob("*.pdf")
        forged_pdf(cached)
        again: list[ConversionResult] = []
        result = arsip(forged, DEMO, belum_lengkap=True, on_done=again.append)
        assert session.starts == 1
    assert seen and all(r.cached for r in seen), [(r.job.source.name, r.cached) for r in seen]
    assert [r.cached for r in again] == [False], [(r.job.source.name, r.cached) for r in again]
    assert "HALAMAN PALSU" not in text_of(result.path)
    report = verify_bundle(result.path, result.ca_pem)
    assert report.sah and report.check("halaman").ok, report.check("halaman").detail


def test_an_original_changed_on_disk_is_refused_by_name(prepared: Path, tmp_path: Path) -> None:
    ws = fresh(prepared, tmp_path)
    memo = next(ws.path("dokumen/01-memo").glob("*.docx"))
    memo.write_bytes(memo.read_bytes() + b"\0")
    with pytest.raises(ManifestError) as caught:
        arsip(ws, DEMO, belum_lengkap=True)
    assert memo.name in str(caught.value.location)
    assert not list(ws.path("arsip").glob("*.pdf"))


def test_unsigned_refused_current_reused_and_demo_ca_kept(prepared: Path, tmp_path: Path) -> None:
    """12.9: unsigned documents of finished steps refuse arsip unless belum_lengkap, and the
    cover says so; 12.8: nothing changed, no -v2; 13.5: the demo CA is made once."""
    ws = fresh(prepared, tmp_path)
    with pytest.raises(StepError, match="MEMO-2025-01"):
        arsip(ws, DEMO)
    assert not ws.path("arsip").exists() or not list(ws.path("arsip").glob("*.pdf"))

    first = arsip(ws, DEMO, belum_lengkap=True)
    assert "BELUM LENGKAP" in text_of(first.path, 1)
    assert first.belum_ditandatangani and not first.step_done
    ca = ws.path("sertifikat-demo/ca-demo.pem").read_bytes()

    again = arsip(ws, DEMO, belum_lengkap=True)
    assert again.current and again.path == first.path and again.sha256 == first.sha256
    assert sorted(p.name for p in ws.path("arsip").glob("*.pdf")) == [first.path.name]

    other = arsip(ws, Signing(DemoSigner(), penandatangan="sekretaris"), belum_lengkap=True)
    assert other.path.name.endswith("-v2.pdf") and not other.current
    assert ws.path("sertifikat-demo/ca-demo.pem").read_bytes() == ca
    assert verify_bundle(first.path, ws.path("sertifikat-demo/ca-demo.pem")).sah


ARSIP_SCRIPT = """
import sys
from pathlib import Path
from generator.base.periode import Periode
from generator.workflow.archive import DemoSigner, Signing, arsip
from generator.workspace.folder import Workspace
ws = Workspace.open(Path(sys.argv[1]), Periode.parse("2025"))
result = arsip(ws, Signing(DemoSigner()), belum_lengkap=True)
print(result.path.name, result.current)
"""


def test_two_arsip_at_once_and_leftovers_of_a_killed_run(prepared: Path, tmp_path: Path) -> None:
    """13.4: the lock is held for the whole run; staging names are unique; what a killed run
    left is cleaned by the next."""
    ws = fresh(prepared, tmp_path)
    stale = ws.root / ".arsip-mati"
    stale.mkdir()
    (stale / "arsip-belum-ditandatangani.pdf").write_bytes(b"%PDF-1.7 setengah")
    ws.path("arsip").mkdir()
    orphan = ws.path("arsip/arsip-bakesbangpol-2025.pdf")
    orphan.write_bytes(b"%PDF-1.7 terpotong")
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", ARSIP_SCRIPT, str(ws.root.parent)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    assert sorted(out.split()[1] for out, _ in outputs) == ["False", "True"]
    journal = ws.snapshot()
    (doc,) = journal.documents("arsip")
    assert len(doc.versions) == 1
    bundle = ws.path(doc.latest.path)
    assert sha256_file(bundle) == doc.latest.sha256
    assert subprocess.run(["qpdf", "--check", str(bundle)], capture_output=True).returncode == 0
    assert not list(ws.root.glob(".arsip-*")) and not list(ws.path("arsip").glob(".*"))
    recorded_files_match(ws)


def test_rechained_manifest_and_overwriting_evidence_are_refused(
    prepared: Path, tmp_path: Path
) -> None:
    """13.6: a manifest edited and re-chained with the library's own functions is refused,
    and no write replaces a recorded printed file."""
    ws = fresh(prepared, tmp_path)
    with ws.transaction("uji") as journal:
        memo = journal.find("memo")
        assert memo is not None
        journal.set_state(memo.id, "dicetak")
    printed = ws.path(memo.latest.path)
    before = printed.read_bytes()
    with pytest.raises(WorkspaceError, match="bukti"):
        atomic_write_bytes(printed, b"ditimpa")
    assert printed.read_bytes() == before

    manifest = ws.root / "manifest.json"
    original = manifest.read_text(encoding="utf-8")
    # 1. an appended event that takes the printed memo back to draft
    data = parse_manifest(original, "uji")
    data.dokumen[0].versions[0].keadaan = "draf"
    append_event(
        data, "keadaan", "penyunting", data.dibuat, {"id": memo.id, "versi": 1, "keadaan": "draf"}
    )
    manifest.write_text(dump_manifest(data), encoding="utf-8")
    with pytest.raises(ManifestError, match="mundur"):
        create_memo(ws)
    # 2. history rewritten: the printed event removed and the chain recomputed
    data = parse_manifest(original, "uji")
    data.dokumen[0].versions[0].keadaan = "draf"
    data.dokumen[0].versions[0].riwayat = data.dokumen[0].versions[0].riwayat[:1]
    kept = data.events[:-1]
    data.events = []
    for event in kept:
        append_event(data, event.jenis, event.oleh, event.waktu, event.data)
    manifest.write_text(dump_manifest(data), encoding="utf-8")
    with pytest.raises(ManifestError, match="tercatat di luar"):
        create_memo(ws)
    assert printed.read_bytes() == before


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir(parents=True)
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
        ).returncode
        == 0
    )
    if not mounted:
        pytest.skip("a small tmpfs cannot be mounted here")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder: Path, leave: int) -> Path:
    filler = folder / "pengisi.bin"
    free = shutil.disk_usage(folder).free
    with filler.open("wb") as out:
        out.truncate(0)
        out.write(bytes(max(0, free - leave)))
    return filler


@pytest.mark.parametrize("leave_kib", [120])
def test_a_full_disk_during_arsip_is_a_message_and_records_nothing(
    prepared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, leave_kib: int
) -> None:
    """13.13: a real full disk (tmpfs) in the middle of arsip: a clear message, nothing
    half-registered, and the rerun completes once there is room."""
    monkeypatch.setattr(archive_module, "MIN_FREE_BYTES", 0)
    with tmpfs(tmp_path / "kecil", "12m") as disk:
        shutil.copytree(prepared, disk / "out")
        ws = Workspace.open(disk / "out", PERIODE)
        before = (ws.root / "manifest.json").read_bytes()
        filler = fill(disk, leave_kib << 10)
        with pytest.raises(WorkspaceError, match="Ruang penyimpanan penuh"):
            arsip(ws, DEMO, belum_lengkap=True)
        assert (ws.root / "manifest.json").read_bytes() == before
        recorded_files_match(ws)
        filler.unlink()
        result = arsip(ws, DEMO, belum_lengkap=True)
        assert verify_bundle(result.path, result.ca_pem).sah
        assert not list(ws.root.glob(".arsip-*"))
        recorded_files_match(ws)


def test_too_little_space_is_refused_before_anything_is_written(
    prepared: Path, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "kecil", "12m") as disk:
        shutil.copytree(prepared, disk / "out")
        ws = Workspace.open(disk / "out", PERIODE)
        fill(disk, 4 << 20)
        with pytest.raises(WorkspaceError, match="tidak cukup"):
            arsip(ws, DEMO, belum_lengkap=True)
        assert json.loads((ws.root / "manifest.json").read_text())["dokumen"][-1]["jenis"] == "memo"


def test_a_later_archive_uses_the_pdfs_kinerja_recorded(prepared: Path, tmp_path: Path) -> None:
    """Issue 14: `kinerja cetak` records the SHA-256 of each PDF its office made from a
    recorded original; `kinerja arsip`, another process, uses those bytes instead of
    converting again, and starts no office at all when nothing else needs converting."""
    ws = fresh(prepared, tmp_path)
    with converter_session():  # the cetak process
        cetak(ws, 1)
    memo = ws.snapshot().find("memo").latest  # type: ignore[union-attr]
    (cached,) = ws.path("pdf/.cache").glob("*.pdf")
    assert memo.meta["pdf_sha256"] == sha256_file(cached)
    seen: list[ConversionResult] = []
    with converter_session() as later:  # the arsip process: its offices made nothing
        result = arsip(ws, DEMO, belum_lengkap=True, on_done=seen.append)
        assert later.starts == 0
    assert seen and all(r.cached for r in seen), [(r.job.source.name, r.cached) for r in seen]
    report = verify_bundle(result.path, result.ca_pem)
    assert report.sah and report.check("halaman").ok, report.check("halaman").detail


def test_a_pdf_record_edited_into_the_manifest_is_refused(prepared: Path, tmp_path: Path) -> None:
    """The recorded PDF hash is part of the manifest's state: pointing it at a forged PDF by
    editing manifest.json breaks the chain, like any other edit."""
    ws = fresh(prepared, tmp_path)
    with converter_session():
        cetak(ws, 1)
    (cached,) = ws.path("pdf/.cache").glob("*.pdf")
    forged_pdf(cached)
    manifest = ws.path("manifest.json")
    original = manifest.read_text(encoding="utf-8")
    data = json.loads(original)
    memo = next(d for d in data["dokumen"] if d["key"] == "memo")
    memo["versions"][-1]["meta"]["pdf_sha256"] = sha256_file(cached)
    manifest.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ManifestError, match="tidak cocok"):
        arsip(ws, DEMO, belum_lengkap=True)
    # re-chained with the library's own functions: the replay of the log still disagrees
    chained = parse_manifest(original, "uji")
    version = chained.dokumen[0].versions[-1]
    version.meta = {**version.meta, "pdf_sha256": sha256_file(cached)}
    payload = {"id": chained.dokumen[0].id, "versi": version.versi, "pdf": version.pdf}
    append_event(chained, "pdf", "penyunting", chained.dibuat, payload)
    manifest.write_text(dump_manifest(chained), encoding="utf-8")
    with pytest.raises(ManifestError, match="tidak sesuai catatan peristiwanya"):
        arsip(ws, DEMO, belum_lengkap=True)
    assert not list(ws.path("arsip").glob("*.pdf"))


def _signed_with_scan(prepared: Path, tmp_path: Path) -> tuple[Workspace, Path]:
    ws = fresh(prepared, tmp_path)
    cetak(ws, 1)
    memo = ws.snapshot().find("memo")
    assert memo is not None
    paraf(ws, memo.id, "kasubag")
    scan = tmp_path / "ttd.png"
    Image.new("RGB", (400, 300), "white").save(scan)
    stored = tandatangan(ws, memo.id, pindaian=scan).lampiran
    assert stored is not None
    return ws, stored


def test_a_signed_scan_replaced_on_disk_is_refused_by_name(prepared: Path, tmp_path: Path) -> None:
    """The scan is what a reader takes as the signed paper: the archive takes the bytes
    `tandatangan` recorded, and refuses a scan swapped since (like a changed original)."""
    ws, stored = _signed_with_scan(prepared, tmp_path)
    honest = arsip(ws, DEMO, belum_lengkap=True)
    assert verify_bundle(honest.path, honest.ca_pem).sah

    ws, stored = _signed_with_scan(prepared, tmp_path / "lagi")
    forged_pdf(stored)
    with pytest.raises(ManifestError, match="Pindaian") as caught:
        arsip(ws, DEMO, belum_lengkap=True)
    assert stored.name in str(caught.value.location)
    assert not list(ws.path("arsip").glob("*.pdf"))
