"""Official documents, one module per kind (memo, tanda_terima, ...), and what they share:
the nomor from the register, the footer identity with its QR code, and the write-register
step every generated document goes through."""

from __future__ import annotations

import tempfile
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.base.fsutil import sha256_file
from generator.documents.qr import QR_WIDTH_MM, SIDIK_LEN, qr_payload, sidik_konten, write_qr
from generator.documents.render import ImageSpec, render_docx, template_path
from generator.workspace.folder import Workspace
from generator.workspace.journal import Journal
from generator.workspace.manifest import DocVersion
from generator.workspace.numbering import Nomor, NomorRegister


@dataclass(frozen=True)
class DocumentRun:
    """One document version being generated inside a workspace transaction."""

    ws: Workspace
    journal: Journal
    key: str
    doc_id: str
    versi: int
    template: str  # file name in templates/
    folder: str  # workspace folder kind (Workspace.folder)


def register_of(ws: Workspace) -> NomorRegister:
    """The nomor register shared by every periode of the workspace's output folder."""
    return NomorRegister(ws.root.parent, clock=ws.clock)


def reserve_nomor(
    ws: Workspace,
    journal: Journal,
    key: str,
    doc_id: str,
    versi: int,
    kode_klasifikasi: str,
    when: datetime,
) -> AbstractContextManager[Nomor]:
    """The nomor naskah of version ``versi`` of document ``key`` (the same one again for a
    regenerated draft of that version), registered when the ``with`` block that writes the
    document ends without an error: a template that fails leaves no number behind."""
    org = ws.org
    ws.claim_register(journal, [when.year])
    return register_of(ws).reserve(
        tahun=when.year,
        kode_klasifikasi=kode_klasifikasi,
        kode_unit=org.kode_unit,
        untuk=key,
        workspace_id=journal.data.workspace_id,
        periode=str(ws.periode),
        versi=versi,
        dokumen_id=doc_id,
        per_klasifikasi=org.kode_klasifikasi.urut_per_klasifikasi,
    )


def identity_context(run: DocumentRun, content: dict[str, Any]) -> dict[str, str]:
    """The ``dokumen`` block of the footer: id, versi, sidik (content fingerprint), workspace."""
    return {
        "id": run.doc_id,
        "versi": str(run.versi),
        "sidik": sidik_konten(content)[:SIDIK_LEN],
        "workspace": run.journal.data.workspace_id,
    }


def write_document(
    run: DocumentRun,
    content: dict[str, Any],
    filename: str,
    *,
    nomor: str | None = None,
    meta: dict[str, Any] | None = None,
) -> DocVersion:
    """Render ``run.template`` with ``content`` plus the footer identity and QR code into the
    workspace folder, and register the version in the manifest."""
    ws = run.ws
    org = ws.org
    dokumen = identity_context(run, content)
    out = ws.folder(run.folder) / filename
    with tempfile.TemporaryDirectory() as tmp:
        qr = write_qr(Path(tmp) / "qr.png", run.doc_id, dokumen["workspace"], dokumen["sidik"])
        context = {**content, "dokumen": dokumen, "qr": ImageSpec(qr, width_mm=QR_WIDTH_MM)}
        render_docx(
            template_path(run.template, ws.root), context, out, kertas=org.kertas, huruf=org.huruf
        )
    full_meta = {
        **(meta or {}),
        "sidik": dokumen["sidik"],
        "qr": qr_payload(run.doc_id, dokumen["workspace"], dokumen["sidik"]),
    }
    return run.journal.register_version(
        run.key, ws.relative(out), sha256_file(out), nomor=nomor, meta=full_meta
    )


def sample_identity() -> dict[str, Any]:
    """``dokumen`` and ``qr`` as a template sees them, for template checks and docs."""
    return {
        "dokumen": {"id": "MEMO-2025-01", "versi": "1", "sidik": "0" * SIDIK_LEN, "workspace": "0"},
        "qr": "",
    }
