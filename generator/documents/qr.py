"""The small QR code printed on every document, to match a paper to its electronic record.

The payload is ``<doc id>|<workspace id>|<sidik>``: ``sidik`` is the first
characters of the SHA-256 of the document's content (``sidik_konten``), stored
in the manifest beside the version, so a scanned page finds its record.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import segno

SIDIK_LEN = 12
QR_WIDTH_MM = 16


def sidik_konten(context: Any) -> str:
    """SHA-256 (hex) of a document's content: its context as canonical JSON."""
    text = json.dumps(
        context, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def qr_payload(doc_id: str, workspace_id: str, sha256: str) -> str:
    return f"{doc_id}|{workspace_id}|{sha256[:SIDIK_LEN]}"


def qr_png_bytes(payload: str) -> bytes:
    code = segno.make(payload, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()


def write_qr(path: Path, doc_id: str, workspace_id: str, sha256: str) -> Path:
    """Write the QR PNG for a document to ``path`` (a scratch file of the document being
    rendered: no fsync, which cost 0.05-0.1 s a document) and return it."""
    path.write_bytes(qr_png_bytes(qr_payload(doc_id, workspace_id, sha256)))
    return path
