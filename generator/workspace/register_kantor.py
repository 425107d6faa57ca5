"""Which output folder holds an office's nomor register for a year (one per user).

The register of nomor naskah (``numbering.py``) lives in the output folder, beside the
workspaces whose documents it numbered, so that a backup or a shared network folder
carries it with them. Choosing another ``--output`` would then start a second register
at 001 and give the same nomor twice. To stop that, the first folder that takes numbers
for an office (kode_unit) and a year is recorded here, in the user's data folder
(``KINERJA_DATA``, else ``$XDG_DATA_HOME/kinerja`` or ``~/.local/share/kinerja``;
``%LOCALAPPDATA%\\kinerja`` on Windows), and another folder is refused for that office
and year. The record is a small JSON file a person may edit when a folder really moved.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from generator.base.fsutil import atomic_write_text, locked
from generator.errors import WorkspaceError

DATA_ENV = "KINERJA_DATA"
RECORD_NAME = "register-nomor-kantor.json"
LOCK_NAME = ".register-nomor-kantor.lock"
LOCK_TIMEOUT_S = 30.0


def data_home() -> Path:
    """The per-user data folder of kinerja."""
    configured = os.environ.get(DATA_ENV)
    if configured:
        return Path(configured).expanduser()
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "kinerja"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kinerja"


def record_path() -> Path:
    return data_home() / RECORD_NAME


def _load(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise WorkspaceError(
            f"Catatan letak register nomor naskah rusak: {exc}.",
            file=path,
            hint="Perbaiki isinya (JSON: kode_unit -> tahun -> folder keluaran).",
        ) from exc
    kantor = data.get("kantor") if isinstance(data, dict) else None
    if not isinstance(kantor, dict):
        raise WorkspaceError("Catatan letak register nomor naskah rusak.", file=path)
    return kantor


def claim(folder: Path, kode_unit: str, years: Iterable[int]) -> None:
    """Record ``folder`` as the register of ``kode_unit`` for ``years``; refuse when another
    folder already holds the register of one of those years."""
    here = folder.resolve()
    path = record_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(path.parent / LOCK_NAME, "Catatan letak register nomor naskah", LOCK_TIMEOUT_S):
        kantor = _load(path)
        mine = kantor.setdefault(kode_unit, {})
        for year in sorted(set(years)):
            held = mine.get(str(year))
            if held is not None and Path(held) != here:
                raise WorkspaceError(
                    f"Nomor naskah kantor {kode_unit} tahun {year} diberikan dari register di"
                    f" folder keluaran {held}; folder {here} akan memulai nomor dari 001 lagi"
                    " dan nomor yang sama terpakai dua kali.",
                    hint=f"Pakai --output {held} (atau KINERJA_OUTPUT={held}). Bila folder itu"
                    f" memang dipindahkan ke sini bersama register-nomor.json, ubah letaknya"
                    f" di {path}.",
                )
        changed = False
        for year in set(years):
            if mine.get(str(year)) is None:
                mine[str(year)] = str(here)
                changed = True
        if changed:
            text = json.dumps({"kantor": kantor}, ensure_ascii=False, indent=2, sort_keys=True)
            atomic_write_text(path, text + "\n")
