"""The status board as the pages show it, built from the status report (``status --json``).

Pure functions over the report's plain data: what a role sees, what is its turn, and what
changed since a given event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator import api

# The SOP's pelaksana (as the report labels them) -> the account role that acts for them (a
# Kepala Bidang's account has the role "bidang").
PELAKSANA_ROLE = {
    label: "bidang" if role == "kabid" else role for role, label in api.ROLE_LABELS.items()
}
# Where each role does its work (the page a "your turn" line links to).
ROLE_PAGE = {
    "kasubag": "kerja",
    "staf": "kerja",
    "sekretaris": "tinjau",
    "kepala": "kepala",
    "bidang": "bidang",
}
STATUS_LABEL = {
    "belum": "belum",
    "berjalan": "berjalan",
    "selesai": "selesai",
    "dikembalikan": "dikembalikan",
}
EVENT_LABEL = {
    "init": "Ruang kerja dibuat",
    "langkah_mulai": "Langkah dimulai",
    "langkah_selesai": "Langkah selesai",
    "bidang_selesai": "Bidang menyerahkan formulir",
    "formulir_sebagian": "Formulir diterima sebagai draf",
    "dokumen_baru": "Dokumen baru",
    "versi": "Versi dokumen dibuat",
    "pdf": "PDF dibuat",
    "keadaan": "Keadaan dokumen berubah",
    "paraf": "Paraf dicatat",
    "cetak": "Dokumen dicetak",
    "dikembalikan": "Dikembalikan dengan arahan",
    "rekap_dikembalikan": "Rekap dikembalikan",
    "rekap_disetujui": "Rekap disetujui",
}


@dataclass(frozen=True)
class Change:
    seq: int
    waktu: str
    oleh: str
    jenis: str
    rincian: str


def last_seq(report: dict[str, Any]) -> int:
    history = report.get("riwayat") or []
    return int(history[-1]["seq"]) if history else 0


def _bidang_of(data: dict[str, Any]) -> list[str] | None:
    value = data.get("bidang", data.get("kode_bidang"))
    if value is None:
        return None
    return [value] if isinstance(value, str) else [str(v) for v in value]


def visible_to(data: dict[str, Any], bidang: str | None, doc_bidang: dict[str, str | None]) -> bool:
    """An event about other Bidang, or about a document of another Bidang, stays hidden from a
    Kepala Bidang (bidang=None sees everything)."""
    if bidang is None:
        return True
    about = _bidang_of(data)
    if about is not None and bidang not in about:
        return False
    doc = data.get("id")
    return not isinstance(doc, str) or doc_bidang.get(doc) in (None, bidang)


def changes_since(report: dict[str, Any], seq: int, bidang: str | None) -> list[Change]:
    doc_bidang = {d["id"]: d["bidang"] for d in report.get("dokumen", [])}
    found: list[Change] = []
    for event in report.get("riwayat", []):
        if event["seq"] <= seq or not visible_to(event["data"], bidang, doc_bidang):
            continue
        data = event["data"]
        detail = ", ".join(
            f"{k}: {v if isinstance(v, str | int | float) else ', '.join(map(str, v))}"
            for k, v in data.items()
            if k in ("id", "doc_id", "versi", "bidang", "arahan", "keadaan", "nomor")
            and isinstance(v, str | int | float | list)
        )
        label = EVENT_LABEL.get(event["jenis"], event["jenis"].replace("_", " ").capitalize())
        last = found[-1] if found else None
        if last is not None and (last.jenis, last.oleh) == (label, event["oleh"]):
            # A run of the same kind by the same person reads as one line (an archive moves
            # every document to "diarsipkan" at once).
            ids = f"{last.rincian}; {detail}" if detail else last.rincian
            found[-1] = Change(event["seq"], last.waktu, last.oleh, label, _shorten(ids))
            continue
        found.append(Change(event["seq"], event["waktu"], event["oleh"], label, detail))
    return found[-30:]


def _shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def steps_for(report: dict[str, Any], bidang: str | None) -> list[dict[str, Any]]:
    """The steps, each with the per-Bidang progress this person may see."""
    steps = []
    for step in report["langkah"]:
        rows = {k: v for k, v in step["bidang"].items() if bidang is None or k == bidang}
        steps.append({**step, "bidang": rows, "role": PELAKSANA_ROLE.get(step["pelaksana"])})
    return steps


def your_turn(report: dict[str, Any], role: str, bidang: str | None) -> dict[str, Any] | None:
    """The first unfinished step this role acts in (for a Bidang: when its own part is open)."""
    for step in report["langkah"]:
        if PELAKSANA_ROLE.get(step["pelaksana"]) != role or step["status"] == "selesai":
            continue
        if role == "bidang" and bidang is not None:
            own = step["bidang"].get(bidang)
            if own is not None and own["status"] == "selesai":
                continue
        found: dict[str, Any] = step
        return found
    return None
