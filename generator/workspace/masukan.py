"""The input snapshot of a workspace (``masukan/``): what a periode was built from.

At ``init`` the organisation config, the indicator master and the capaian/predikat rules
are validated and copied here; every later command reads them from here, so that editing
the office's files, or a newer kinerja with other default rules, never changes a past
periode. ``init --perbarui`` replaces the snapshot; the change is recorded in the manifest
with the hashes of the old and new snapshot (see ``Workspace.update_inputs``).
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from generator.base.fsutil import atomic_write_bytes, sha256_bytes
from generator.base.yamlio import dump_yaml, load_yaml, parse_yaml
from generator.errors import InputError
from generator.inputs.load import Inputs, load_inputs
from generator.rules.capaian import AturanCapaian, parse_aturan

INPUT_DIR = "masukan"
ORG = "org.yaml"
INDIKATOR = "indikator.yaml"
CAPAIAN = "capaian.yaml"
ORIGINALS = "asli"  # the files as the user gave them, for the record
SAMPLE_PREFIX = "contoh:"

# Kinds of document generated from the inputs (received formulir, print files and the
# archive are not): after a change of inputs these are the ones to make again.
FROM_INPUTS = ("memo", "formulir", "tanda_terima", "rekap", "disposisi", "laporan")


def _embedded_rules() -> str:
    return resources.files("generator.data").joinpath(CAPAIAN).read_text(encoding="utf-8")


def read_rules(path: Path | None) -> tuple[AturanCapaian, str]:
    """The capaian rules of ``path`` (else the embedded ones) and their text, validated."""
    if path is None:
        text = _embedded_rules()
        return parse_aturan(parse_yaml(text, f"{SAMPLE_PREFIX}{CAPAIAN}", ours=True)), text
    doc = load_yaml(path)
    return parse_aturan(doc), path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Snapshot:
    """The files of ``masukan/`` (name -> bytes) and where they came from."""

    inputs: Inputs  # validated
    files: dict[str, bytes]
    sources: dict[str, str]  # "organisasi"/"indikator"/"capaian" -> path or "contoh:..."
    originals: tuple[Path, ...] = ()

    @property
    def sha256(self) -> str:
        return snapshot_hash(self.files)

    @property
    def is_sample(self) -> bool:
        return self.sources.get("organisasi", "").startswith(SAMPLE_PREFIX)


def snapshot_hash(files: dict[str, bytes]) -> str:
    """One SHA-256 over the snapshot: every file's name and the SHA-256 of its bytes."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(f"{name}\0{sha256_bytes(files[name])}\n".encode())
    return digest.hexdigest()


def build_snapshot(
    inputs: Inputs, rules_text: str, rules_source: str, originals: tuple[Path, ...] = ()
) -> Snapshot:
    org = inputs.org
    files: dict[str, bytes] = {}
    if org.logo is not None:
        name = "logo" + org.logo.suffix.lower()
        files[name] = org.logo.read_bytes()
        org = org.model_copy(update={"logo": Path(name)})
    files[ORG] = dump_yaml(org.model_dump(mode="json", exclude_none=True)).encode()
    files[INDIKATOR] = dump_yaml(inputs.master.model_dump(mode="json", exclude_none=True)).encode()
    files[CAPAIAN] = rules_text.encode()
    sources = {
        "organisasi": inputs.org_source,
        "indikator": inputs.master_source,
        "capaian": rules_source,
    }
    return Snapshot(inputs, files, sources, originals)


def new_snapshot(
    org_path: Path | None, master_path: Path | None, capaian_path: Path | None
) -> Snapshot:
    """Validate the given inputs (the embedded sample for any not given) into a snapshot."""
    inputs = load_inputs(org_path, master_path)
    _, text = read_rules(capaian_path)
    source = str(capaian_path) if capaian_path else f"{SAMPLE_PREFIX}{CAPAIAN}"
    given = tuple(p for p in (org_path, master_path, capaian_path) if p is not None)
    return build_snapshot(inputs, text, source, given)


def current_files(folder: Path) -> dict[str, bytes]:
    """The files of an existing ``masukan/`` (its top level; the originals are not part)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def updated_snapshot(
    folder: Path,
    org_path: Path | None,
    master_path: Path | None,
    capaian_path: Path | None,
) -> Snapshot:
    """The snapshot of ``folder`` with the given files replacing their counterparts; the
    result is validated as a whole (a new org.yaml must still match the indicators)."""
    if org_path is None and master_path is None and capaian_path is None:
        raise InputError(
            "Tidak ada masukan yang diperbarui.",
            hint="Sebutkan berkas yang baru dengan --org, --indikator, dan/atau --capaian.",
        )
    inputs = load_inputs(org_path or folder / ORG, master_path or folder / INDIKATOR)
    old_rules = folder / CAPAIAN
    _, text = read_rules(capaian_path or (old_rules if old_rules.is_file() else None))
    sources = {
        "organisasi": str(org_path) if org_path else None,
        "indikator": str(master_path) if master_path else None,
        "capaian": str(capaian_path) if capaian_path else None,
    }
    snapshot = build_snapshot(inputs, text, "")
    given = tuple(p for p in (org_path, master_path, capaian_path) if p is not None)
    return Snapshot(
        inputs, snapshot.files, {k: v for k, v in sources.items() if v is not None}, given
    )


def write_snapshot(folder: Path, snapshot: Snapshot, originals: str = ORIGINALS) -> None:
    """Replace the files of ``masukan/`` (each atomically) and keep the originals given in
    ``originals`` (a folder under ``masukan/``; an update keeps its own, never overwriting
    the files the periode was first made from)."""
    (folder / originals).mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.is_file() and old.name not in snapshot.files:
            old.unlink()  # e.g. logo.png replaced by logo.jpg
    for name, data in snapshot.files.items():
        atomic_write_bytes(folder / name, data)
    for source in snapshot.originals:
        shutil.copyfile(source, folder / originals / source.name)
