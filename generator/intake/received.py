"""The bytes of a received (or issued) formulir, checked against the manifest before every use.

A formulir received by `kumpulkan` is kept byte for byte and its SHA-256 recorded. Whatever
reads it later (rekap, laporan through the rekap, cetak, arsip) goes through ``read_recorded``:
the bytes are read once, hashed, compared with the manifest and only then parsed, so a file
replaced on disk after it was received can never feed a recap or reach paper.
"""

from __future__ import annotations

from pathlib import Path

from generator.base.fsutil import sha256_bytes
from generator.errors import WorkspaceError, literal
from generator.intake.limits import MAX_UNCOMPRESSED  # not guard: no openpyxl for the archive
from generator.workspace.folder import Workspace
from generator.workspace.journal import Journal
from generator.workspace.manifest import Document, DocVersion

RECEIVED = "formulir_terisi"


def read_recorded(ws: Workspace, version: DocVersion) -> bytes:
    """The bytes of a recorded file when they still have the SHA-256 the manifest holds;
    WorkspaceError naming the file otherwise."""
    path = ws.path(version.path)
    shown = literal(version.path)
    hint = (
        "Berkas yang sudah dicatat tidak boleh diubah atau diganti: kembalikan berkas aslinya"
        " (dari cadangan). Perbaikan dari Bidang diterima sebagai versi baru lewat kumpulkan."
    )
    try:
        too_big = path.stat().st_size > MAX_UNCOMPRESSED
        data = b"" if too_big else path.read_bytes()
    except FileNotFoundError as exc:
        raise WorkspaceError(
            f"Berkas {shown} yang tercatat di manifest tidak ada lagi.", file=path, hint=hint
        ) from exc
    if too_big or sha256_bytes(data) != version.sha256:
        raise WorkspaceError(
            f"Berkas {shown} telah berubah sejak dicatat (SHA-256 tidak cocok dengan manifest);"
            " perintah dihentikan.",
            file=path,
            hint=hint,
        )
    return data


def received_versions(journal: Journal) -> list[tuple[Document, DocVersion]]:
    """Every version of every received formulir."""
    return [(doc, v) for doc in journal.documents(RECEIVED) for v in doc.versions]


def received_at(journal: Journal, ws: Workspace, path: Path) -> tuple[Document, DocVersion] | None:
    """The received formulir version kept at ``path``, if it is one."""
    try:
        relative = ws.relative(path)
    except ValueError:  # not inside the workspace
        return None
    return next(((d, v) for d, v in received_versions(journal) if v.path == relative), None)


def check_received(ws: Workspace, journal: Journal | None = None) -> None:
    """Every received formulir still has its recorded bytes (the first that does not stops)."""
    for _, version in received_versions(journal or ws.snapshot()):
        read_recorded(ws, version)
