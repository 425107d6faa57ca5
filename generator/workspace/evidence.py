"""Recorded evidence is never rewritten: the write guard of every workspace.

A file whose version the manifest records as printed, initialled, signed or archived, a
received formulir, a signed scan and a signed archive are evidence. Before any atomic write
replaces an existing file inside a workspace, this guard reads the manifest as it is on
disk and refuses when the file's path is recorded as evidence or its current bytes carry a
recorded evidence hash. It complements the manifest's hash chain and its anchors: an edited
manifest that marks a signed version as a draft is refused when loaded (see ``anchors``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.base.fsutil import register_write_guard, sha256_file
from generator.errors import WorkspaceError

MANIFEST = "manifest.json"
ALWAYS_EVIDENCE = frozenset({"formulir_terisi", "arsip"})  # received, or signed when made
_MAX_DEPTH = 4  # workspace/dokumen/01-memo/file: the manifest is at most this far up


def _workspace_root(path: Path) -> Path | None:
    folder = path.resolve().parent
    for _ in range(_MAX_DEPTH):
        if (folder / MANIFEST).is_file():
            return folder
        if folder.parent == folder:
            return None
        folder = folder.parent
    return None


def evidence(manifest: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """(relative path -> reason, sha256 -> reason) of every piece of evidence recorded."""
    paths: dict[str, str] = {}
    hashes: dict[str, str] = {}
    for doc in manifest.get("dokumen", []):
        if not isinstance(doc, dict):
            continue
        for version in doc.get("versions", []):
            if not isinstance(version, dict):
                continue
            state = str(version.get("keadaan", "draf"))
            fixed = doc.get("jenis") in ALWAYS_EVIDENCE or bool(
                version.get("meta", {}).get("tetap")
            )
            reason = f"{doc.get('id')} versi {version.get('versi')}, {state}"
            if state != "draf" or fixed:
                paths[str(version.get("path"))] = reason
                hashes[str(version.get("sha256"))] = reason
            for change in version.get("riwayat", []):
                if isinstance(change, dict) and change.get("lampiran"):
                    paths[str(change["lampiran"])] = f"pindaian {reason}"
    return paths, hashes


def guard_evidence(path: Path) -> None:
    """Refuse to replace ``path`` when its workspace records it (or its bytes) as evidence."""
    root = _workspace_root(path)
    if root is None or path.name == MANIFEST:
        return
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # a broken manifest is refused by every command when it loads
    if not isinstance(manifest, dict):
        return
    paths, hashes = evidence(manifest)
    relative = path.resolve().relative_to(root.resolve()).as_posix()
    reason = paths.get(relative) or hashes.get(sha256_file(path))
    if reason is not None:
        raise WorkspaceError(
            f"Berkas {relative} adalah bukti yang tercatat di manifest ({reason}) dan tidak"
            " akan ditimpa.",
            file=path,
            hint="Perubahan menjadi versi baru. Bila manifest.json diubah di luar kinerja,"
            " kembalikan dari cadangan; lihat SECURITY.md.",
        )


register_write_guard(guard_evidence)
