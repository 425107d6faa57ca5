"""The status report of a workspace: steps with working time vs. mutu baku, and documents.

``status_report`` returns plain data in the documented, stable JSON schema of
``kinerja status --json`` (see README, "Skema status --json"); the CLI renders
the same data as a table.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from generator.base.worktime import WorkCalendar
from generator.errors import NextStep
from generator.workspace.journal import Journal

STATUS_SCHEMA_VERSION = 1


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def status_report(
    journal: Journal, calendar: WorkCalendar, roles: dict[str, str], when: datetime
) -> dict[str, Any]:
    """``roles`` maps a pelaksana role to the name shown (from the organisation config)."""
    steps = []
    for step in journal.sop.langkah:
        record = journal.step(step.no)
        baku = step.baku_menit(calendar.jam_per_hari)
        terpakai: float | None = None
        if record.mulai is not None:
            end = record.selesai or when
            terpakai = round(calendar.working_minutes(record.mulai, end), 1)
        steps.append(
            {
                "no": step.no,
                "kegiatan": step.kegiatan,
                "singkat": step.singkat,
                "pelaksana": step.pelaksana_label,
                "pelaksana_nama": roles.get(step.pelaksana),
                "status": record.status,
                "oleh": record.oleh,
                "mulai": _iso(record.mulai),
                "selesai": _iso(record.selesai),
                "baku_menit": baku,
                "terpakai_menit": terpakai,
                "terlambat": terpakai is not None and terpakai > baku,
                "putaran": record.putaran,
                "catatan": record.catatan,
                "bidang": {
                    kode: {"status": p.status, "selesai": _iso(p.selesai), "catatan": p.catatan}
                    for kode, p in record.bidang.items()
                },
            }
        )
    documents = []
    for doc in journal.data.dokumen:
        for version in doc.versions:
            documents.append(
                {
                    "id": doc.id,
                    "jenis": doc.jenis,
                    "judul": doc.judul,
                    "langkah": doc.langkah,
                    "bidang": doc.bidang,
                    "path": version.path,
                    "sha256": version.sha256,
                    "versi": version.versi,
                    "terbaru": version is doc.latest,
                    "keadaan": version.keadaan,
                    "nomor": version.nomor,
                    "pdf": version.pdf,
                    "dibuat": _iso(version.dibuat),
                }
            )
    history = [
        {
            "seq": e.seq,
            "waktu": e.waktu.isoformat(),
            "oleh": e.oleh,
            "jenis": e.jenis,
            "data": e.data,
        }
        for e in journal.data.events
    ]
    return {
        "schema": STATUS_SCHEMA_VERSION,
        "periode": journal.data.periode,
        "workspace_id": journal.data.workspace_id,
        "sop": {"nama": journal.sop.nama, "nomor": journal.sop.nomor},
        "langkah": steps,
        "dokumen": documents,
        "riwayat": history,
    }


def next_step(journal: Journal) -> NextStep | None:
    """The action that moves the periode on: the first step not done, the Laporan Kinerja
    once the recap is approved (before the archive), or nothing when step 11 is done."""
    for step in journal.sop.langkah:
        if journal.step(step.no).status == "selesai":
            continue
        if step.no == len(journal.sop.langkah) and not journal.documents("laporan"):
            return NextStep(
                "laporan", {"periode": journal.data.periode}, "Susun Laporan Kinerja", "kasubag"
            )
        return journal.step_action(step.no)
    return None
