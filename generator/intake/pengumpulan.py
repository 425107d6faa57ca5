"""`kumpulkan` (SOP steps 5-6): take filled formulir in, keep each exactly as received.

All files of one call are checked first; if any is refused nothing at all is recorded or
copied (the manifest stays byte-identical), and the error lists every problem of every file.
An accepted file is copied byte for byte (the bytes that were checked, not a second read) as
a new version of ``formulir_terisi:<KODE>``: versions carry ``tetap`` so a later submission of
the same Bidang never replaces an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from generator.base.fsutil import atomic_write_bytes, sha256_bytes
from generator.errors import ErrorList, IngestError, KinerjaError, StepError, literal
from generator.intake.guard import read_checked_bytes
from generator.intake.ingest import TITLE, Submission, check_workspace, parse_bytes
from generator.workspace.folder import Workspace
from generator.workspace.journal import Journal
from generator.workspace.manifest import Document, DocVersion
from generator.workspace.service import actor

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
    ulang: bool = False  # the same bytes as the latest version already received: not recorded


def _already_received(doc: Document | None, data: bytes) -> DocVersion | None:
    """The latest received version of this Bidang when it has exactly these bytes."""
    if doc is None or not doc.versions or doc.latest.sha256 != sha256_bytes(data):
        return None
    return doc.latest


def _duplicate(
    journal: Journal, path: Path, data: bytes, sub: Submission
) -> tuple[Diterima | None, IngestError | None]:
    """A file received before, unchanged: (skip it, or refuse it when it was returned)."""
    doc = journal.find(KEY.format(kode=sub.kode_bidang))
    version = _already_received(doc, data)
    if version is None or doc is None:
        return None, None
    progress = journal.step(5).bidang.get(sub.kode_bidang)
    if progress is not None and progress.status == "dikembalikan":
        return None, IngestError(
            f"Berkas ini sama persis dengan {doc.id} versi {version.versi} yang dikembalikan"
            f" dengan arahan: {progress.catatan or '-'}",
            file=path.name,
            hint="Perbaiki isian sesuai arahan, simpan, lalu kirim berkas yang sudah diperbaiki.",
        )
    kosong = [str(k) for k in version.meta.get("kosong", [])]
    sebagian = bool(version.meta.get("sebagian", False))
    skipped = Diterima(
        sub.kode_bidang, doc.id, version.versi, Path(version.path), version.sha256,
        path.name, sebagian, kosong, ulang=True,
    )  # fmt: skip
    return skipped, None


Parsed = tuple[Path, bytes, Submission]


def _parse_all(
    files: list[Path], limit_mb: float, sebagian: bool
) -> tuple[list[Parsed], list[KinerjaError]]:
    """Read and parse every file: no workspace needed, so no lock is held meanwhile."""
    problems: list[KinerjaError] = []
    parsed: list[Parsed] = []
    named: set[Path] = set()
    for path in files:
        if path.resolve() in named:
            problems.append(
                IngestError(
                    "Berkas yang sama disebut dua kali.",
                    file=path.name,
                    hint="Sebutkan setiap berkas sekali saja.",
                )
            )
            continue
        named.add(path.resolve())
        try:
            data = read_checked_bytes(path, limit_mb)
            parsed.append((path, data, parse_bytes(data, path.name, sebagian)))
        except ErrorList as exc:
            problems.extend(exc.problems)
        except KinerjaError as exc:
            problems.append(exc)
    return parsed, problems


def _check_all(
    journal: Journal, parsed: list[Parsed], problems: list[KinerjaError]
) -> tuple[list[Parsed], list[Diterima]]:
    accepted: list[Parsed] = []
    skipped: list[Diterima] = []
    seen: dict[str, str] = {}
    for path, data, sub in parsed:
        found = check_workspace(journal, sub, path.name)
        if sub.kode_bidang in seen and not found:
            found.append(
                IngestError(
                    f"Dua berkas untuk bidang {sub.kode_bidang} ({literal(seen[sub.kode_bidang])}"
                    f" dan {literal(path.name)}).",
                    file=path.name,
                    hint="Kirim satu berkas per bidang.",
                )
            )
        seen.setdefault(sub.kode_bidang, path.name)
        if not found:
            same, refused = _duplicate(journal, path, data, sub)
            if refused is not None:
                found.append(refused)
            elif same is not None:
                skipped.append(same)
                continue
        problems.extend(found)
        if not found:
            accepted.append((path, data, sub))
    if problems:
        raise ErrorList(f"{TITLE}; tidak ada berkas yang dicatat", [p for p in problems])
    return accepted, skipped


def kumpulkan(
    ws: Workspace, files: list[Path], *, sebagian: bool = False, oleh: str | None = None
) -> list[Diterima]:
    """Check every file, then record and copy them all, or nothing.

    A file with exactly the bytes of the latest version already received for its Bidang is
    not recorded again: it comes back with ``ulang=True`` (refused instead when that version
    was returned for revision, since the Bidang has to change it)."""
    if not files:
        raise IngestError("Tidak ada berkas formulir yang diberikan.")
    parsed, problems = _parse_all(files, ws.org.batas_ukuran_formulir_mb, sebagian)
    made: list[Diterima] = []
    with ws.transaction(actor(ws, "kabid", oleh)) as journal:
        journal.require_done(3, "Pengumpulan formulir")
        if journal.step(10).status == "selesai":
            raise StepError(
                "Rekapitulasi periode ini sudah disetujui; formulir tidak dapat diterima lagi."
            )
        accepted, skipped = _check_all(journal, parsed, problems)
        for path, data, sub in accepted:
            made.append(_record(ws, journal, path, data, sub))
    return made + [replace(item, path=ws.path(str(item.path))) for item in skipped]


def _record(
    ws: Workspace, journal: Journal, source: Path, data: bytes, sub: Submission
) -> Diterima:
    kode = sub.kode_bidang
    key = KEY.format(kode=kode)
    bidang = ws.org.bidang_by_kode(kode)
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
