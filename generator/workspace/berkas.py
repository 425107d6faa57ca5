"""The files of a workspace as a front end may hand them out: every document version with its
paths resolved through the manifest and checked to stay inside the workspace, and cheap
fingerprints of the files a long-running process caches."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import WorkspaceError
from generator.workspace.folder import MANIFEST, Workspace
from generator.workspace.masukan import INPUT_DIR, ORG


@dataclass(frozen=True)
class Berkas:
    """One version of a workspace document, its files resolved inside the workspace."""

    doc_id: str
    versi: int
    jenis: str
    judul: str
    langkah: int
    bidang: str | None
    keadaan: str
    nomor: str | None
    terbaru: bool
    path: Path
    pdf: Path | None
    penerima: tuple[str, ...] = ()  # the Bidang a disposisi is addressed to


def _inside(root: Path, relative: str | None) -> Path | None:
    if not relative:
        return None
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        return None
    return path


def _addressed(meta: dict[str, Any]) -> tuple[str, ...]:
    codes = meta.get("bidang")
    return tuple(str(c) for c in codes) if isinstance(codes, list) else ()


def list_files(ws: Workspace) -> list[Berkas]:
    """Every version of every document, with files that exist inside the workspace."""
    found: list[Berkas] = []
    for doc in ws.snapshot().data.dokumen:
        for version in doc.versions:
            path = _inside(ws.root, version.path)
            if path is not None:
                found.append(
                    Berkas(
                        doc.id, version.versi, doc.jenis, doc.judul, doc.langkah, doc.bidang,
                        version.keadaan, version.nomor, version is doc.latest, path,
                        _inside(ws.root, version.pdf), _addressed(version.meta),
                    )
                )  # fmt: skip
    return found


def find_file(ws: Workspace, doc_id: str, versi: int) -> Berkas:
    """One document version by id (WorkspaceError when the manifest has no such file)."""
    for item in list_files(ws):
        if item.doc_id == doc_id and item.versi == versi:
            return item
    raise WorkspaceError(f"Dokumen {doc_id} versi {versi} tidak ada di periode {ws.periode}.")


def fingerprints(root: Path) -> tuple[str, str]:
    """(mtime, size, inode) of the manifest and of the input snapshot, as text."""

    def mark(path: Path) -> str:
        try:
            stat = path.stat()
        except OSError:
            return "-"
        return f"{stat.st_mtime_ns}:{stat.st_size}:{stat.st_ino}"

    return mark(root / MANIFEST), mark(root / INPUT_DIR / ORG)
