"""The one front door: one function per SOP action, named after its command.

The CLI (``generator.cli``) and the office web page call only this module and
``generator.errors``. Every action takes the output folder (one workspace per periode
inside it) and returns an :class:`Outcome`: the library's own typed result, the files
written, the SOP step it advanced, and what comes next. Nothing here prints, prompts or
exits; secrets (a certificate's passphrase) are asked by the front end and passed in.

Heavy libraries (openpyxl, docxtpl, matplotlib, pyHanko, the converter) are imported
inside the functions that use them, so that importing this module, and so ``kinerja
--help``, stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from generator.base.periode import Periode as Periode
from generator.errors import InputError, NextStep
from generator.rules.vocab import ARCHIVE_SIGNERS as ARCHIVE_SIGNERS
from generator.rules.vocab import PARAF_ROLES as PARAF_ROLES
from generator.rules.vocab import ROLE_LABELS as ROLE_LABELS
from generator.rules.vocab import SIFAT as SIFAT
from generator.rules.vocab import SIGN_ROLES as SIGN_ROLES

if TYPE_CHECKING:
    from generator.convert import ConverterSession
    from generator.convert.jobs import ConversionResult as ConversionResult
    from generator.demo.cycle import DemoResult
    from generator.documents.formulir.workbook import FormulirBaru
    from generator.documents.laporan.report import LaporanResult
    from generator.documents.rekap.workbook import RekapBaru
    from generator.documents.templates_check import TemplateReport
    from generator.intake.pengumpulan import Diterima
    from generator.pdf.verify import VerificationReport as VerificationReport
    from generator.workflow.archive import ArsipResult, SignerSource
    from generator.workflow.papertrail import CetakResult, ParafRecord, TandatanganResult
    from generator.workflow.review import HasilTinjau
    from generator.workspace.folder import Workspace
    from generator.workspace.manifest import DocVersion
    from generator.workspace.perbarui import InputUpdate

T = TypeVar("T")
OnConverted = Callable[["ConversionResult"], None]
DEMO_OFFICES = 1  # see demo()


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What an action did: ``value`` is the library's own result."""

    value: T
    workspace: Path | None = None  # the workspace root, when the action has one
    written: tuple[Path, ...] = ()
    step: int | None = None  # the SOP step the action advanced
    next: NextStep | None = None  # the action that comes next, if any

    def relative(self, path: Path | str) -> str:
        """``path`` relative to the workspace (as the manifest records it)."""
        if self.workspace is None:
            return str(path)
        path = Path(path)
        root = self.workspace.resolve()
        full = path if path.is_absolute() else root / path
        try:
            return full.resolve().relative_to(root).as_posix()
        except ValueError:
            return str(path)


@dataclass(frozen=True)
class Kumpulan:
    """Formulir received by :func:`kumpulkan`, and the Bidang that still owe step 5."""

    diterima: list[Diterima]
    belum: list[str]


# -- helpers -----------------------------------------------------------------------------------


def parse_periode(periode: str | Periode) -> Periode:
    return periode if isinstance(periode, Periode) else Periode.parse(periode)


def _open(output: Path, periode: str | Periode) -> Workspace:
    from generator.workspace.folder import Workspace

    return Workspace.open(output, parse_periode(periode))


@contextmanager
def converting(offices: int | None = None) -> Iterator[ConverterSession]:
    """The process's warm converter for the length of an action: joined when a longer-lived
    one is open (the web server keeps one for its lifetime), else started on the first
    conversion and stopped at the end; an action that converts nothing starts nothing.
    ``offices`` caps how many LibreOffice processes a session started here runs (default:
    one per core)."""
    from generator.convert import converter_session

    with converter_session(offices) as session:
        yield session


def _outcome(ws: Workspace, value: T, written: Sequence[Path], step: int | None) -> Outcome[T]:
    from generator.workspace.status import next_step

    return Outcome(value, ws.root, tuple(written), step, next_step(ws.snapshot()))


# -- the workspace -----------------------------------------------------------------------------


def contoh(folder: Path) -> Outcome[list[Path]]:
    """Write the sample inputs (org.yaml, indikator.xlsx) into ``folder`` to be edited."""
    from generator.inputs.load import write_samples

    written = write_samples(folder)
    return Outcome(written, None, tuple(written))


def init(
    output: Path,
    periode: str | Periode,
    *,
    org: Path | None = None,
    indikator: Path | None = None,
    capaian: Path | None = None,
    templat: Path | None = None,
    contoh: bool = False,
) -> Outcome[Workspace]:
    """Create the workspace of ``periode``: validated inputs (the office's own org and
    indikator, or explicitly the embedded sample with ``contoh``), the capaian rules and the
    templates (``templat``, else the office's folder from KINERJA_TEMPLATES, else the shipped
    ones) snapshotted, and a fresh manifest."""
    from generator.documents.render import templates_dir
    from generator.inputs.load import check_sources
    from generator.workspace.folder import Workspace
    from generator.workspace.status import next_step

    check_sources(org, indikator, contoh)
    source = templat or templates_dir()
    ws = Workspace.create(
        output, parse_periode(periode), org, indikator, capaian_path=capaian, templates=source
    )
    return Outcome(ws, ws.root, (ws.root,), None, next_step(ws.snapshot()))


def perbarui(
    output: Path,
    periode: str | Periode,
    *,
    org: Path | None = None,
    indikator: Path | None = None,
    capaian: Path | None = None,
) -> Outcome[InputUpdate]:
    """Correct the inputs of an existing workspace (``init --perbarui``): validated, the
    snapshot replaced, the change recorded; drafts are made again by their command, printed
    or signed documents get a new version when made again."""
    from generator.workspace.perbarui import update_inputs

    ws = _open(output, periode)
    update = update_inputs(ws, org, indikator, capaian)
    written = [ws.path("masukan")] if update.berubah else []
    return _outcome(ws, update, written, None)


def status(output: Path, periode: str | Periode) -> Outcome[dict[str, Any]]:
    """Every step (status, who, when, working time vs. mutu baku) and every document."""
    from generator.workspace.service import status_of

    ws = _open(output, periode)
    return _outcome(ws, status_of(ws), (), None)


# -- steps 1-4: memo, formulir, tanda terima ---------------------------------------------------


def memo(
    output: Path,
    periode: str | Periode,
    *,
    sifat: str = "segera",
    catatan: str | None = None,
    oleh: str | None = None,
) -> Outcome[DocVersion]:
    """Step 1: the Memo/Lembar Disposisi (a draft is regenerated in place with its nomor)."""
    from generator.documents.memo import create_memo, parse_sifat

    ws = _open(output, periode)
    version = create_memo(ws, sifat=parse_sifat(sifat), catatan=catatan, oleh=oleh)
    return _outcome(ws, version, [ws.path(version.path)], 1)


def formulir(
    output: Path, periode: str | Periode, *, oleh: str | None = None
) -> Outcome[list[FormulirBaru]]:
    """Steps 2-3: one formulir workbook per Bidang."""
    from generator.documents.formulir.workbook import generate_formulir

    ws = _open(output, periode)
    made = generate_formulir(ws, oleh=oleh)
    return _outcome(ws, made, [m.path for m in made], 3)


def tanda_terima(
    output: Path, periode: str | Periode, *, oleh: str | None = None
) -> Outcome[DocVersion]:
    """Step 4: the tanda terima of the formulir handed to each Bidang."""
    from generator.documents.tanda_terima import create_tanda_terima

    ws = _open(output, periode)
    version = create_tanda_terima(ws, oleh=oleh)
    return _outcome(ws, version, [ws.path(version.path)], 4)


# -- steps 5-10: kumpulkan, rekap, tinjau ------------------------------------------------------


def kumpulkan(
    output: Path,
    periode: str | Periode,
    files: Sequence[Path],
    *,
    sebagian: bool = False,
    oleh: str | None = None,
) -> Outcome[Kumpulan]:
    """Steps 5-6: take filled formulir in (all or nothing), each kept exactly as received."""
    from generator.intake.pengumpulan import kumpulkan as receive

    ws = _open(output, periode)
    diterima = receive(ws, list(files), sebagian=sebagian, oleh=oleh)
    langkah = ws.snapshot().step(5)
    belum = [kode for kode, p in langkah.bidang.items() if p.status != "selesai"]
    written = [d.path for d in diterima if not d.ulang]
    return _outcome(ws, Kumpulan(diterima, belum), written, 6 if not belum else 5)


def rekap(
    output: Path,
    periode: str | Periode,
    *,
    sebagian: bool = False,
    skala: str | None = None,
    oleh: str | None = None,
) -> Outcome[RekapBaru]:
    """Steps 7-9: the rekapitulasi of every Bidang (rekap.xlsx and its numbers)."""
    from generator.documents.rekap.workbook import build_rekap

    ws = _open(output, periode)
    result = build_rekap(ws, sebagian=sebagian, oleh=oleh, skala=skala)
    return _outcome(ws, result, [result.path, result.json_path], 9 if not sebagian else 7)


def angka(value: float, digits: int = 2) -> str:
    """A number as Indonesian offices write it (1.234,56)."""
    from generator.base.angka import format_angka

    return format_angka(value, digits)


def skala_predikat() -> list[str]:
    """The predikat scales a recap can use (``rekap --skala``)."""
    from generator.rules.capaian import default_aturan

    return sorted(default_aturan().skala)


def setujui(
    output: Path, periode: str | Periode, *, oleh: str | None = None
) -> Outcome[HasilTinjau]:
    """Step 10: the Sekretaris approves the latest recap."""
    from generator.workflow.review import tinjau

    ws = _open(output, periode)
    return _outcome(ws, tinjau(ws, setuju=True, oleh=oleh), [], 10)


def kembalikan(
    output: Path,
    periode: str | Periode,
    bidang: Sequence[str],
    arahan: str,
    *,
    oleh: str | None = None,
) -> Outcome[HasilTinjau]:
    """Step 10: return the recap to the named Bidang "untuk dilengkapi sesuai arahan"."""
    from generator.workflow.review import tinjau

    if not bidang:
        raise InputError("Sebutkan sedikitnya satu kode bidang yang dikembalikan.")
    if not arahan.strip():
        raise InputError("Arahan wajib diisi bila rekap dikembalikan kepada bidang.")
    ws = _open(output, periode)
    result = tinjau(ws, kembalikan=list(bidang), arahan=arahan, oleh=oleh)
    written = [ws.path(result.disposisi.path)] if result.disposisi else []
    return _outcome(ws, result, written, 10)


# -- after step 10: laporan; the paper trail ---------------------------------------------------


def laporan(
    output: Path,
    periode: str | Periode,
    *,
    oleh: str | None = None,
    on_converted: OnConverted | None = None,
) -> Outcome[LaporanResult]:
    """The Laporan Kinerja (Word and PDF/A) from the approved recap."""
    from generator.documents.laporan.report import generate_laporan

    ws = _open(output, periode)
    # One document, one office: generate_laporan opens a one-worker session (or joins the
    # server's), rather than the two-office session of converting().
    result = generate_laporan(ws, oleh=oleh, on_done=on_converted)
    return _outcome(ws, result, [result.docx, result.pdf], None)


def cetak(
    output: Path,
    periode: str | Periode,
    *,
    langkah: int | None = None,
    ulang: bool = False,
    oleh: str | None = None,
    on_converted: OnConverted | None = None,
) -> Outcome[CetakResult | None]:
    """One print-ready PDF (with its copies); its documents are marked 'dicetak'. When every
    document of the step is printed already, nothing is written and the value is None: that
    is no failure (``ulang`` prints again)."""
    from generator.workflow.papertrail import NothingNewToPrint, cetak_dokumen

    ws = _open(output, periode)
    try:
        with converting():
            result = cetak_dokumen(ws, langkah, on_converted, ulang=ulang, oleh=oleh)
    except NothingNewToPrint:
        return _outcome(ws, None, [], None)
    return _outcome(ws, result, [result.path], None)


def _workspace_of(output: Path, doc_id: str, periode: str | Periode | None) -> Workspace:
    from generator.workflow.papertrail import find_workspace_of

    if periode is not None:
        return _open(output, periode)
    return find_workspace_of(output, doc_id)


def paraf(
    output: Path,
    doc_id: str,
    peran: str,
    *,
    periode: str | Periode | None = None,
    catatan: str | None = None,
    oleh: str | None = None,
) -> Outcome[ParafRecord]:
    """Record an official's paraf on a printed document (``doc_id`` as ``kinerja status``
    shows it; the periode is found from it when not given)."""
    from generator.workflow.papertrail import paraf as record_paraf

    doc_id = doc_id.strip().upper()
    ws = _workspace_of(output, doc_id, periode)
    return _outcome(ws, record_paraf(ws, doc_id, peran.lower(), catatan, oleh), [], None)


def tandatangan(
    output: Path,
    doc_id: str,
    *,
    peran: str | None = None,
    pindaian: Sequence[Path] = (),
    periode: str | Periode | None = None,
    oleh: str | None = None,
) -> Outcome[TandatanganResult]:
    """Record the hand signature on a printed document, with the scans of the signed paper."""
    from generator.workflow.papertrail import tandatangan as record_signature

    doc_id = doc_id.strip().upper()
    ws = _workspace_of(output, doc_id, periode)
    result = record_signature(
        ws, doc_id, peran.lower() if peran else None, list(pindaian) or None, oleh
    )
    written = [result.lampiran] if result.lampiran is not None else []
    return _outcome(ws, result, written, None)


# -- step 11: the archive ----------------------------------------------------------------------


def p12_signer(p12: Path, passphrase: bytes) -> SignerSource:
    """Sign with a PKCS#12 file; the front end asks for the passphrase, used for this run only."""
    from generator.workflow.archive import P12Signer

    return P12Signer(p12, passphrase)


def demo_signer() -> SignerSource:
    """Sign with the workspace's DEMO certificate (made once, for practice only)."""
    from generator.workflow.archive import DemoSigner

    return DemoSigner()


def arsip(
    output: Path,
    periode: str | Periode,
    signer: SignerSource,
    *,
    penandatangan: str = "kepala",
    tsa: str | None = None,
    belum_lengkap: bool = False,
    on_converted: OnConverted | None = None,
    oleh: str | None = None,
) -> Outcome[ArsipResult]:
    """Step 11: one signed PDF/A-3 archive of every document of the periode (the existing one,
    ``current``, when nothing changed; refused while required signatures are missing unless
    ``belum_lengkap``)."""
    from generator.workflow.archive import Signing
    from generator.workflow.archive import arsip as make_archive

    if penandatangan not in ARCHIVE_SIGNERS:
        raise InputError(
            f"Penanda tangan arsip '{penandatangan}' tidak dikenal.",
            hint=f"Pilih salah satu: {', '.join(ARCHIVE_SIGNERS)}.",
        )
    ws = _open(output, periode)
    signing = Signing(signer, penandatangan=penandatangan, timestamp_url=tsa)
    with converting():
        result = make_archive(
            ws, signing, on_done=on_converted, belum_lengkap=belum_lengkap, oleh=oleh
        )
    written = [] if result.current else [result.path]
    return _outcome(ws, result, written, 11 if result.step_done and not result.current else None)


TRUST_ENV = "KINERJA_PERCAYA"


def percaya_terkonfigurasi() -> list[Path]:
    """The CA files the office has configured as trusted (``KINERJA_PERCAYA``, separated by
    ':'), for front ends that take no ``--percaya`` (the web page). A listed file that does
    not exist yet (a CA made later by ``arsip``) is left out until it does."""
    import os

    listed = os.environ.get(TRUST_ENV, "")
    return [Path(p) for p in listed.split(":") if p.strip() and Path(p).is_file()]


def verifikasi(
    path: Path, percaya: Sequence[Path] = (), *, batas_waktu: float | None = None
) -> Outcome[VerificationReport]:
    """Check an archive's signature, integrity, pages and embedded files; the report's
    ``verdict`` is "sah" only when the chain reaches one of ``percaya``. The check runs in a
    child process stopped after ``batas_waktu`` seconds (default ``VERIFY_TIME_S``)."""
    from generator.pdf.verify import VERIFY_TIME_S, verify_bundle_within

    limit = VERIFY_TIME_S if batas_waktu is None else batas_waktu
    return Outcome(verify_bundle_within(path, list(percaya), timeout=limit))


# -- templates and the demo --------------------------------------------------------------------


def templat_periksa(file: Path | None = None) -> Outcome[list[TemplateReport]]:
    """Compare the templates' placeholders with what the program provides."""
    from generator.documents.templates_check import check_templates

    return Outcome(check_templates(file))


def demo(
    output: Path,
    *,
    progress: Callable[[str], None] = lambda _: None,
    on_converted: OnConverted | None = None,
) -> Outcome[DemoResult]:
    """The whole SOP cycle on the embedded sample, in a fresh folder under ``output``."""
    # One office: the cycle hands over its documents one step at a time and one office keeps
    # up (measured: no document waited for another), while a second office's start-up took
    # a core from the rendering that the whole cycle waits for (demo 6.5 s with two, 5.9 s
    # with one, 2 cores). A session already open (web server, city run) is joined as it is.
    from generator.convert import current_session

    owned = current_session() is None
    with converting(offices=DEMO_OFFICES) as session:
        session.warm()  # the office starts while the libraries below are loaded
        from generator.demo.cycle import run_demo

        result = run_demo(
            output,
            progress=progress,
            on_converted=on_converted,
            conversions_done=session.stop_early if owned else None,
        )
    return Outcome(result, result.workspace.root, (), 11)


# -- web page and accounts ---------------------------------------------------------------------
# Accounts of the office web page (also `kinerja akun`), and read-only queries the page needs.
# Files are resolved through the manifest here: a doc id and a version number, never a path.

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from generator.rules.hasil import HasilRekap
    from generator.workspace.accounts import AccountStore as AccountStore
    from generator.workspace.accounts import Akun as Akun
    from generator.workspace.accounts import Sesi as Sesi
    from generator.workspace.berkas import Berkas as Berkas


def akun_store(output: Path, *, hasher: PasswordHasher | None = None) -> AccountStore:
    """The accounts, sessions and login attempts of the web page (``output/kinerja-web.sqlite3``)."""
    from generator.workspace.accounts import AccountStore

    return AccountStore.in_folder(output, hasher=hasher)


def peran_akun() -> dict[str, str]:
    """Account role -> how the page names it."""
    from generator.workspace.accounts import PERAN

    return dict(PERAN)


def akun_tambah(
    output: Path, nama: str, peran: str, sandi: str, *, bidang: str | None = None
) -> Akun:
    """A new web account (its holder changes the password at first sign-in); a Bidang code
    must be a Bidang of the workspaces under ``output``."""
    if bidang is not None:
        known = {kode for p in ruang_kerja(output) for kode, _ in daftar_bidang(output, p)}
        if known and bidang not in known:
            raise InputError(
                f"Kode bidang '{bidang}' tidak dikenal; pilih salah satu: {', '.join(sorted(known))}."
            )
    return akun_store(output).tambah(nama, peran.lower(), sandi, bidang=bidang)


def akun_daftar(output: Path) -> list[Akun]:
    return akun_store(output).daftar()


def akun_hapus(output: Path, nama: str) -> None:
    akun_store(output).hapus(nama)


def ruang_kerja(output: Path) -> list[str]:
    """The periodes that have a workspace under ``output``, sorted by name."""
    from generator.workspace.folder import MANIFEST

    if not output.is_dir():
        return []
    return sorted(p.parent.name for p in output.glob(f"*/{MANIFEST}") if p.is_file())


def daftar_bidang(output: Path, periode: str | Periode) -> list[tuple[str, str]]:
    """(kode, nama) of every Bidang of the workspace, in the organisation's order."""
    return [(b.kode, b.nama) for b in _open(output, periode).org.bidang]


def daftar_berkas(output: Path, periode: str | Periode) -> list[Berkas]:
    """Every version of every document, with files that exist inside the workspace."""
    from generator.workspace.berkas import list_files

    return list_files(_open(output, periode))


def berkas(output: Path, periode: str | Periode, doc_id: str, versi: int) -> Berkas:
    """One document version by id, resolved through the manifest (never a path from outside)."""
    from generator.workspace.berkas import find_file

    return find_file(_open(output, periode), doc_id, versi)


def bidang_formulir(path: Path) -> str | None:
    """The Bidang code in a filled formulir's identity; None when it cannot be read (then
    ``kumpulkan`` names what is wrong, by cell)."""
    from generator.errors import KinerjaError
    from generator.intake.guard import open_workbook, read_checked_bytes
    from generator.intake.identity import read_identity

    try:
        wb = open_workbook(read_checked_bytes(path), path.name)
        try:
            return read_identity(wb, path).kode_bidang
        finally:
            wb.close()
    except KinerjaError:
        return None


def hasil_rekap(output: Path, periode: str | Periode) -> HasilRekap | None:
    """The numbers of the newest recap (checked against the manifest's hash), or None when
    no recap has been made yet: what the Sekretaris reads before approving."""
    from generator.documents.rekap.workbook import KEY, read_result

    ws = _open(output, periode)
    doc = ws.snapshot().find(KEY)
    if doc is None or not doc.versions:
        return None
    return read_result(ws, doc.latest)


def durasi(minutes: float | None, jam_per_hari: float = 7.5) -> str:
    """Working minutes in words ('2 jam 5 mnt', '1 hari 3 jam') for the status board."""
    from generator.base.worktime import durasi as in_words

    return in_words(minutes, jam_per_hari)


def waktu_wib(moment: datetime) -> datetime:
    """``moment`` on the clock of Waktu Indonesia Barat, the zone the verification speaks in
    (a signer's clock comes out of the PDF in UTC)."""
    from generator.base.worktime import WIB

    return moment.astimezone(WIB)


def stempel(output: Path, periode: str | Periode) -> tuple[str, str]:
    """Cheap fingerprints of the manifest and of the input snapshot: a long-running front end
    may keep what it read from them until these change."""
    from generator.workspace.berkas import fingerprints

    return fingerprints(output / str(periode))
