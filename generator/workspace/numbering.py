"""The nomor naskah register: numbers of official documents, never given twice.

Numbers read ``kode klasifikasi/nomor urut/kode unit/tahun`` (Tata Naskah Dinas,
kode klasifikasi of Permendagri 83/2022), e.g. ``000.9.3.3/037/35.73.505/2025``.
One register lives in the output folder (``register-nomor.json``), shared by
every periode of that folder, so a number is unique across the workspaces of a
year. The pattern is data: the register's ``format`` field, editable by the
office. Each number records what it was given to; the same document version
asking again gets the same number (a regenerated draft keeps its number).
Allocation holds its own file lock and writes the register atomically, and only once the
document carrying the number has been written (``reserve``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.base.fsutil import atomic_write_text, locked, remove_stale_temps
from generator.base.worktime import now
from generator.errors import InputError, WorkspaceError

REGISTER_NAME = "register-nomor.json"
LOCK_NAME = ".register-nomor.lock"
LOCK_TIMEOUT_S = 60.0
SCHEMA_VERSION = 1
DEFAULT_FORMAT = "{kode_klasifikasi}/{urut:03d}/{kode_unit}/{tahun}"


@dataclass(frozen=True)
class Nomor:
    nomor: str
    urut: int
    tahun: int
    kode_klasifikasi: str
    baru: bool  # False when an earlier allocation for the same document version was returned


def format_nomor(fmt: str, *, kode_klasifikasi: str, urut: int, kode_unit: str, tahun: int) -> str:
    try:
        return fmt.format(
            kode_klasifikasi=kode_klasifikasi, urut=urut, kode_unit=kode_unit, tahun=tahun
        )
    except (KeyError, IndexError, ValueError) as exc:
        raise InputError(
            f"Pola nomor naskah '{fmt}' tidak sah ({exc}).",
            field="format",
            hint=f"Contoh pola: {DEFAULT_FORMAT}",
        ) from exc


class NomorRegister:
    """The register of one output folder."""

    def __init__(
        self,
        folder: Path,
        *,
        fmt: str | None = None,
        clock: Callable[[], datetime] = now,
    ) -> None:
        self.folder = folder
        self.path = folder / REGISTER_NAME
        self._fmt = fmt
        self._clock = clock

    # -- reading -----------------------------------------------------------------------------

    def _empty(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "format": self._fmt or DEFAULT_FORMAT,
            "urutan": {},
            "nomor": [],
        }

    def load(self) -> dict[str, Any]:
        """The register's data (an empty register when the file does not exist yet)."""
        if not self.path.exists():
            return self._empty()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise WorkspaceError(
                f"Register nomor naskah {self.path} rusak: {exc}.",
                file=self.path,
                hint="Kembalikan berkas itu dari cadangan; jangan menghapusnya, karena nomor"
                " yang sudah terpakai bisa terulang.",
            ) from exc
        if not isinstance(data, dict) or not isinstance(data.get("nomor"), list):
            raise WorkspaceError(f"Register nomor naskah {self.path} rusak.", file=self.path)
        data.setdefault("urutan", {})
        data.setdefault("format", DEFAULT_FORMAT)
        return data

    def entries(self) -> list[dict[str, Any]]:
        return list(self.load()["nomor"])

    def lookup(self, nomor: str) -> dict[str, Any] | None:
        return next((e for e in self.entries() if e["nomor"] == nomor), None)

    # -- allocating --------------------------------------------------------------------------

    def allocate(self, **request: Any) -> Nomor:
        """The number for a document version, registered at once (see ``reserve``)."""
        with self.reserve(**request) as nomor:
            return nomor

    @contextmanager
    def reserve(
        self,
        *,
        tahun: int,
        kode_klasifikasi: str,
        kode_unit: str,
        untuk: str,
        workspace_id: str,
        periode: str,
        versi: int,
        dokumen_id: str | None = None,
        per_klasifikasi: bool = False,
    ) -> Iterator[Nomor]:
        """The number for version ``versi`` of document ``untuk`` (its key, e.g. "memo") of a
        workspace: the one given before to exactly that version, else the next of the year
        (and of the classification when ``per_klasifikasi``).

        A new number is registered only when the ``with`` block ends normally, that is once
        the document carrying it is written: a failed or killed render registers nothing. The
        register stays locked meanwhile, so nobody else can be given the same number."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock():
            remove_stale_temps(self.path)
            data = self.load()
            for entry in data["nomor"]:
                if (
                    entry.get("workspace_id") == workspace_id
                    and entry.get("untuk") == untuk
                    and entry.get("versi") == versi
                    and entry.get("tahun") == tahun
                    and entry.get("kode_klasifikasi") == kode_klasifikasi
                ):
                    yield Nomor(entry["nomor"], entry["urut"], tahun, kode_klasifikasi, False)
                    return
            key = f"{tahun}|{kode_klasifikasi}" if per_klasifikasi else str(tahun)
            urut = int(data["urutan"].get(key, 0)) + 1
            taken = {e["nomor"] for e in data["nomor"]}
            nomor = format_nomor(
                str(data["format"]),
                kode_klasifikasi=kode_klasifikasi,
                urut=urut,
                kode_unit=kode_unit,
                tahun=tahun,
            )
            if nomor in taken:
                raise InputError(
                    f"Nomor naskah {nomor} sudah pernah diberikan; pola nomor '{data['format']}'"
                    " harus memuat {urut}.",
                    file=self.path,
                    field="format",
                )
            yield Nomor(nomor, urut, tahun, kode_klasifikasi, True)
            data["urutan"][key] = urut
            data["nomor"].append(
                {
                    "nomor": nomor,
                    "urut": urut,
                    "tahun": tahun,
                    "kode_klasifikasi": kode_klasifikasi,
                    "untuk": untuk,
                    "dokumen_id": dokumen_id,
                    "versi": versi,
                    "periode": periode,
                    "workspace_id": workspace_id,
                    "waktu": self._clock().isoformat(),
                }
            )
            atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")

    # -- chain anchors -----------------------------------------------------------------------

    def anchor(self, workspace_id: str, seq: int, head: str) -> None:
        """Record that workspace ``workspace_id``'s manifest reached event ``seq`` with hash
        ``head``. A later manifest must still hold that event: one edited and re-chained,
        or rolled back to an old copy, no longer does (``check_anchor``)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock():
            remove_stale_temps(self.path)
            data = self.load()
            anchors = data.setdefault("rantai", {})
            known = anchors.get(workspace_id)
            if isinstance(known, dict) and int(known.get("seq", 0)) >= seq:
                return
            anchors[workspace_id] = {"seq": seq, "hash": head}
            atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")

    def anchor_of(self, workspace_id: str) -> tuple[int, str] | None:
        if not self.path.exists():
            return None
        known = self.load().get("rantai", {}).get(workspace_id)
        if not isinstance(known, dict):
            return None
        return int(known["seq"]), str(known["hash"])

    def _lock(self) -> AbstractContextManager[None]:
        return locked(
            self.folder / LOCK_NAME, f"Register nomor naskah di {self.folder}", LOCK_TIMEOUT_S
        )
