"""The manifest of a workspace: steps, documents and versions, and the hash-chained event log.

The manifest is one JSON file. Every change goes through a method here that
mutates the state and appends an event; each event carries the hash of the
previous event and the hash of the state after it, so an edit by hand (of the
state or of the log) is detected when the file is loaded.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.base.memo import Memo
from generator.errors import ManifestError, StepError
from generator.rules.sop import Sop

SCHEMA_VERSION = 1

StepStatus = Literal["belum", "berjalan", "selesai", "dikembalikan"]
DocState = Literal["draf", "dicetak", "diparaf", "ditandatangani", "diarsipkan"]

# The order of document states: a version only moves forward (data, not an if chain).
DOC_STATES: tuple[DocState, ...] = ("draf", "dicetak", "diparaf", "ditandatangani", "diarsipkan")
IMMUTABLE_FROM: DocState = "dicetak"  # from here on a version's file never changes

DOC_PREFIX = {
    "memo": "MEMO",
    "formulir": "FORM",
    "tanda_terima": "TT",
    "formulir_terisi": "TRM",
    "rekap": "REKAP",
    "disposisi": "DISP",
    "laporan": "LKJ",
    "arsip": "ARSIP",
    "cetak": "CETAK",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BidangProgress(_Model):
    status: StepStatus = "belum"
    selesai: datetime | None = None
    oleh: str | None = None
    catatan: str | None = None


class StepRecord(_Model):
    no: int
    status: StepStatus = "belum"
    oleh: str | None = None
    mulai: datetime | None = None
    selesai: datetime | None = None
    catatan: str | None = None
    putaran: int = 1
    bidang: dict[str, BidangProgress] = {}


class StateChange(_Model):
    keadaan: DocState
    waktu: datetime
    oleh: str
    catatan: str | None = None
    lampiran: str | None = None  # path of a scan, relative to the workspace


# The key of a version's ``meta`` that holds the SHA-256 of the PDF/A-2 kinerja's converter made
# from exactly that version's file (``Journal.attach_pdf``). A new field would have changed the
# state hash of every manifest written before it, so it lives in ``meta``.
PDF_SHA256 = "pdf_sha256"
# For a received formulir, whose PDF is made from its print copy: that copy's SHA-256.
SALINAN_SHA256 = "salinan_sha256"
# What a "pdf" event may carry -> the key of the version's meta it sets.
PDF_RECORD = {"sha256_pdf": PDF_SHA256, "sha256_salinan": SALINAN_SHA256}


class DocVersion(_Model):
    versi: int
    path: str
    sha256: str
    keadaan: DocState = "draf"
    dibuat: datetime
    nomor: str | None = None
    pdf: str | None = None
    meta: dict[str, Any] = {}
    riwayat: list[StateChange] = []


class Document(_Model):
    id: str
    key: str
    jenis: str
    langkah: int
    bidang: str | None = None
    judul: str
    versions: list[DocVersion] = []

    @property
    def latest(self) -> DocVersion:
        return self.versions[-1]

    def version(self, versi: int | None = None) -> DocVersion:
        if versi is None:
            return self.latest
        for v in self.versions:
            if v.versi == versi:
                return v
        raise ManifestError(f"Dokumen {self.id} tidak punya versi {versi}.")


class Event(_Model):
    seq: int
    waktu: datetime
    oleh: str
    jenis: str
    data: dict[str, Any] = {}
    state: str
    prev: str
    hash: str


class ManifestData(_Model):
    schema_version: int = SCHEMA_VERSION
    workspace_id: str
    periode: str
    dibuat: datetime
    langkah: list[StepRecord]
    dokumen: list[Document] = []
    events: list[Event] = Field(default_factory=list)


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def state_hash(data: ManifestData) -> str:
    state = data.model_dump(mode="json", include={"workspace_id", "periode", "langkah", "dokumen"})
    return hashlib.sha256(_canonical(state)).hexdigest()


def event_hash(event: dict[str, Any]) -> str:
    body = {k: event[k] for k in ("seq", "waktu", "oleh", "jenis", "data", "state", "prev")}
    return hashlib.sha256(_canonical(body)).hexdigest()


GENESIS = "0" * 64

# Migrations from older schema versions: {from_version: function(dict) -> dict}.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def migrate(raw: dict[str, Any], source: str) -> dict[str, Any]:
    version = raw.get("schema_version")
    if not isinstance(version, int):
        raise ManifestError("manifest.json tidak memuat schema_version.", file=source)
    if version > SCHEMA_VERSION:
        raise ManifestError(
            f"manifest.json ditulis oleh kinerja yang lebih baru (skema {version}, versi ini"
            f" memahami sampai {SCHEMA_VERSION}).",
            file=source,
            hint="Perbarui kinerja sebelum membuka ruang kerja ini.",
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ManifestError(
                f"Skema manifest {version} tidak dapat dimigrasi ke skema {SCHEMA_VERSION}.",
                file=source,
            )
        raw = step(raw)
        version = raw["schema_version"]
    return raw


def parse_manifest(text: str, source: str) -> ManifestData:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(
            f"manifest.json rusak (JSON tidak sah pada baris {exc.lineno}).", file=source
        ) from exc
    if not isinstance(raw, dict):
        raise ManifestError("manifest.json rusak (bukan objek JSON).", file=source)
    raw = migrate(raw, source)
    try:
        data = ManifestData.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ManifestError(
            f"manifest.json rusak pada '{where}': {first['msg']}.", file=source
        ) from exc
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    if _VERIFIED.get(digest) is None:
        verify_chain(data, source)
        verify_transitions(data, source)
        _VERIFIED.put(digest, True)
    return data


# Manifests whose chain and transitions this process has verified, by the SHA-256 of their
# text: a command reads the same manifest many times (every snapshot and transaction; about
# a hundred reads in one SOP cycle), and replaying the chain was half of each read.
_VERIFIED: Memo[bool] = Memo(entries=256)


def verify_transitions(data: ManifestData, source: str) -> None:
    """Replay the log: a version's state only moves forward, a file is only re-registered
    while its version is a draft, and every version ends as its last event left it. The
    chain alone cannot tell an edit that was re-chained with this module's own functions
    (nothing in it is secret); history is pinned by the anchors (``check_anchor``), and an
    appended event that undoes evidence ("dicetak" back to "draf") is caught here."""
    seen: dict[tuple[str, int], tuple[str, str, str]] = {}  # -> (keadaan, path, sha256)
    pdfs: dict[tuple[str, int], dict[str, str]] = {}  # -> what kinerja recorded of its PDF

    def refuse(event: Event, what: str) -> None:
        raise ManifestError(
            f"Catatan peristiwa #{event.seq} pada manifest.json tidak sah: {what}.",
            file=source,
            hint="manifest.json hanya boleh diubah lewat perintah kinerja; kembalikan berkas"
            " dari cadangan atau arsip. Lihat SECURITY.md.",
        )

    for event in data.events:
        payload = event.data
        if event.jenis not in ("versi", "keadaan", "pdf") or "id" not in payload:
            continue
        key = (str(payload["id"]), int(payload.get("versi", 0)))
        if event.jenis == "pdf":
            made = pdfs.setdefault(key, {})
            made.update({meta: str(payload[k]) for k, meta in PDF_RECORD.items() if k in payload})
            continue
        state, path, sha = seen.get(key, ("draf", "", ""))
        if event.jenis == "versi":
            if key in seen and state != "draf":
                refuse(event, f"{key[0]} versi {key[1]} berstatus '{state}' dicatat ulang")
            seen[key] = ("draf", str(payload.get("path")), str(payload.get("sha256")))
            pdfs.pop(key, None)  # a draft's new file has no PDF yet
            continue
        target = str(payload.get("keadaan"))
        if target not in DOC_STATES or DOC_STATES.index(target) < DOC_STATES.index(state):
            refuse(event, f"{key[0]} versi {key[1]} mundur dari '{state}' ke '{target}'")
        seen[key] = (target, path, sha)
    for doc in data.dokumen:
        for version in doc.versions:
            key = (doc.id, version.versi)
            state, path, sha = seen.get(key, ("", "", ""))
            made = pdfs.get(key, {})
            recorded = (version.keadaan, version.path, version.sha256)
            if recorded != (state, path, sha) or any(
                version.meta.get(meta) != made.get(meta) for meta in PDF_RECORD.values()
            ):
                raise ManifestError(
                    f"Dokumen {doc.id} versi {version.versi} di manifest.json tidak sesuai"
                    " catatan peristiwanya: berkas diubah di luar kinerja.",
                    file=source,
                    hint="Kembalikan manifest.json dari cadangan; lihat SECURITY.md.",
                )


def verify_chain(data: ManifestData, source: str) -> None:
    prev = GENESIS
    hint = (
        "manifest.json hanya boleh diubah lewat perintah kinerja; kembalikan berkas dari"
        " cadangan atau arsip."
    )
    for expected_seq, event in enumerate(data.events, start=1):
        dumped = event.model_dump(mode="json")
        if event.seq != expected_seq or event.prev != prev or event_hash(dumped) != event.hash:
            raise ManifestError(
                f"Catatan peristiwa #{event.seq} pada manifest.json telah diubah atau dihapus.",
                file=source,
                hint=hint,
            )
        prev = event.hash
    if not data.events:
        raise ManifestError("manifest.json tidak memuat catatan peristiwa.", file=source, hint=hint)
    if data.events[-1].state != state_hash(data):
        raise ManifestError(
            "Isi manifest.json tidak cocok dengan catatan peristiwa terakhir: berkas diubah di luar"
            " kinerja.",
            file=source,
            hint=hint,
        )


def chain_head(data: ManifestData) -> str:
    """The last event as ``#seq hash``: what an anchor outside the manifest records."""
    last = data.events[-1]
    return f"#{last.seq} {last.hash}"


def check_anchor(data: ManifestData, anchor: tuple[int, str] | None, source: str) -> None:
    """The manifest still holds the anchored event (recorded in the nomor register, or in a
    signed archive): a manifest edited and re-chained, or an old copy put back, does not."""
    if anchor is None:
        return
    seq, head = anchor
    if seq > len(data.events) or data.events[seq - 1].hash != head:
        raise ManifestError(
            f"Rantai manifest.json tidak memuat peristiwa #{seq} yang tercatat di luar berkas"
            " itu: manifest diubah di luar kinerja, atau salinan lama dikembalikan.",
            file=source,
            hint="Kembalikan manifest.json yang terakhir dari cadangan; jangan menyusun ulang"
            " rantainya. Lihat SECURITY.md.",
        )


def dump_manifest(data: ManifestData) -> str:
    return json.dumps(data.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def new_manifest(
    workspace_id: str, periode: str, sop: Sop, bidang: list[str], when: datetime
) -> ManifestData:
    steps = [
        StepRecord(
            no=s.no,
            bidang={k: BidangProgress() for k in bidang} if s.pelaksana == "kabid" else {},
        )
        for s in sop.langkah
    ]
    return ManifestData(workspace_id=workspace_id, periode=periode, dibuat=when, langkah=steps)


def append_event(
    data: ManifestData, jenis: str, oleh: str, when: datetime, payload: dict[str, Any]
) -> Event:
    prev = data.events[-1].hash if data.events else GENESIS
    body: dict[str, Any] = {
        "seq": len(data.events) + 1,
        "waktu": when.isoformat(),
        "oleh": oleh,
        "jenis": jenis,
        "data": json.loads(json.dumps(payload, default=str, ensure_ascii=False)),
        "state": state_hash(data),
        "prev": prev,
    }
    event = Event.model_validate({**body, "hash": event_hash(body)})
    data.events.append(event)
    return event


def step_record(data: ManifestData, no: int) -> StepRecord:
    for record in data.langkah:
        if record.no == no:
            return record
    raise StepError(f"Langkah {no} tidak ada dalam SOP.")
