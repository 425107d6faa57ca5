"""Small library calls shared by several commands (one function per CLI action lives in the
module of its concept; this holds the ones about the workspace as a whole)."""

from __future__ import annotations

from typing import Any

from generator.rules.vocab import ROLE_LABELS
from generator.workspace.folder import Workspace
from generator.workspace.status import status_report


def roles_of(ws: Workspace) -> dict[str, str]:
    """Pelaksana role -> the name of the official (for 'oleh' and for the status table)."""
    org = ws.org
    return {
        "sekretaris": org.pejabat.sekretaris.nama,
        "kasubag": org.pejabat.kasubag.nama,
        "staf": org.pejabat.staf.nama,
        "kepala": org.pejabat.kepala.nama,
        "kabid": "Kepala Bidang masing-masing",
    }


def actor(ws: Workspace, role: str, override: str | None = None) -> str:
    """Who an event is recorded for: the given name, else the official of the role."""
    if override:
        return override
    return f"{ROLE_LABELS.get(role, role)}: {roles_of(ws).get(role, role)}"


def status_of(ws: Workspace) -> dict[str, Any]:
    journal = ws.snapshot()
    calendar = ws.org.waktu_kerja.calendar()
    return status_report(journal, calendar, roles_of(ws), ws.clock())
