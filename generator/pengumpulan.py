"""`kumpulkan` (SOP steps 5-6): take filled formulir in, keep each exactly as received.

All files of one call are checked first; if any is refused nothing at all is recorded or
copied (the manifest stays byte-identical), and the error lists every problem of every file.
An accepted file is copied byte for byte (the bytes that were checked, not a second read) as
a new version of ``formulir_terisi:<KODE>``: versions carry ``tetap`` so a later submission of
the same Bidang never replaces an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import ErrorList, IngestError, KinerjaError, StepError
from generator.fsutil import atomic_write_bytes, sha256_bytes
from generator.ingest import TITLE, Submission, check_workspace, parse_bytes
from generator.ingest_guard import read_checked_bytes
from generator.journal import Journal
from generator.service import actor
from generator.workspace import Workspace

KEY = "formulir_terisi:{kode}"


@dataclass(frozen=True)
class Diterima:
    """One accepted file: where it is kept and whether the Bidang is now complete."""

    kode_bidang: str
    doc_id: str
    versi: int
    path: Path
    sha256: str
    asal: str
    sebagian: bool
    kosong: list[str]


def _check_all(
    journal: Journal, files: list[Path], limit_mb: float, sebagian: bool
) -> list[tuple[Path, bytes, Submission]]:
    problems: list[KinerjaError] = []
    accepted: list[tuple[Path, bytes, Submission]] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            data = read_checked_bytes(path, limit_mb)
            sub = parse_bytes(data, path.name, sebagian)
        except ErrorList as exc:
            problems.extend(exc.problems)
            continue
        except KinerjaError as exc:
            problems.append(exc)
            continue
        found = check_workspace(journal, sub, path.name)
        if sub.kode_bidang in seen and not found:
            found.append(
                IngestError(
                    f"Dua berkas untuk bidang {sub.kode_bidang} ({seen[sub.kode_bidang]} dan {path.name}).",
                    file=path.name,
                    hint="Kirim satu berkas per bidang.",
                )
            )
        seen.setdefault(sub.kode_bidang, path.name)
        problems.extend(found)
        if not found:
            accepted.append((path, data, sub))
    if problems:
        raise ErrorList(f"{TITLE}; tidak ada berkas yang dicatat", [p for p in problems])
    return accepted


def kumpulkan(
    ws: Workspace, files: list[Path], *, sebagian: bool = False, oleh: str | None = None
) -> list[Diterima]:
    """Check every file, then record and copy them all, or nothing."""
    if not files:
        raise IngestError("Tidak ada berkas formulir yang diberikan.")
    limit = ws.inputs.org.batas_ukuran_formulir_mb
    made: list[Diterima] = []
    with ws.transaction(actor(ws, "kabid", oleh)) as journal:
        journal.require_done(3, "Pengumpulan formulir")
        if journal.step(10).status == "selesai":
            raise StepError(
                "Rekapitulasi periode ini sudah disetujui; formulir tidak dapat diterima lagi."
            )
        for path, data, sub in _check_all(journal, files, limit, sebagian):
            made.append(_record(ws, journal, path, data, sub))
    return made


def _record(
    ws: Workspace, journal: Journal, source: Path, data: bytes, sub: Submission
) -> Diterima:
    kode = sub.kode_bidang
    key = KEY.format(kode=kode)
    bidang = ws.inputs.org.bidang_by_kode(kode)
    doc = journal.reserve_document(
        key, "formulir_terisi", 5, f"Formulir terisi {bidang.nama}", bidang=kode
    )
    versi = journal.next_version_number(key)
    target = ws.folder("formulir_terisi") / kode / f"formulir-terisi-{kode}-v{versi}.xlsx"
    if target.exists():  # left by a crash after the copy and before the manifest: never recorded
        target.unlink()
    atomic_write_bytes(target, data)
    digest = sha256_bytes(data)
    meta = {
        "tetap": True,
        "sebagian": sub.sebagian,
        "kosong": [str(k) for k in sub.kosong],
        "asal": source.name,
        "formulir": sub.doc_id,
        "versi_formulir": sub.versi_formulir,
    }
    journal.register_version(key, ws.relative(target), digest, meta=meta)
    if sub.sebagian:
        if journal.step(5).status == "belum":
            journal.start_step(5)
        journal.note(
            "formulir_sebagian",
            bidang=kode,
            id=doc.id,
            versi=versi,
            kosong=[str(k) for k in sub.kosong],
        )
    else:
        journal.finish_bidang(5, kode)
        journal.finish_bidang(6, kode)
    kosong = [str(k) for k in sub.kosong]
    return Diterima(kode, doc.id, versi, target, digest, source.name, sub.sebagian, kosong)
