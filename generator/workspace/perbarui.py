"""Correcting the inputs of a workspace after ``init`` (``kinerja init --perbarui``).

A wrong name, NIP or target is found after the memo went out. The new files are validated
as a whole, replace the snapshot in ``masukan/`` and the change is recorded in the manifest
with the hashes of the old and new snapshot. Drafts are simply made again by their
command; a document already printed, initialled or signed is never touched: making it
again gives a new version (with a new nomor), so the paper trail shows both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.workspace import register_kantor
from generator.workspace.folder import Workspace, register_years
from generator.workspace.masukan import (
    FROM_INPUTS,
    INPUT_DIR,
    ORG,
    current_files,
    snapshot_hash,
    updated_snapshot,
)


@dataclass(frozen=True)
class InputUpdate:
    berubah: bool  # False: the given files equal the snapshot, nothing was recorded
    lama: str  # SHA-256 of the snapshot before
    baru: str  # and after
    berkas: list[str]  # files of masukan/ that changed
    draf: list[str]  # ids of drafts made from the old inputs: their command makes them again
    versi_baru: list[str]  # ids printed or signed: making them again gives a new version


def update_inputs(
    ws: Workspace,
    org_path: Path | None = None,
    master_path: Path | None = None,
    capaian_path: Path | None = None,
    *,
    oleh: str = "kinerja init --perbarui",
) -> InputUpdate:
    folder = ws.root / INPUT_DIR
    snapshot = updated_snapshot(folder, org_path, master_path, capaian_path)
    with ws.transaction(oleh) as journal:
        old = current_files(folder)
        lama, baru = snapshot_hash(old), snapshot.sha256
        names = sorted(set(old) | set(snapshot.files))
        changed = [n for n in names if old.get(n) != snapshot.files.get(n)]
        if not changed:
            return InputUpdate(False, lama, baru, [], [], [])
        org = snapshot.inputs.org
        journal.set_bidang([b.kode for b in org.bidang], str(org_path or folder / ORG))
        if org_path is not None and org.kode_unit != ws.org.kode_unit:
            register_kantor.claim(ws.root.parent, org.kode_unit, register_years(ws.periode))
        made = [d for d in journal.documents() if d.jenis in FROM_INPUTS and d.versions]
        draf = [d.id for d in made if d.latest.keadaan == "draf" and not d.latest.meta.get("tetap")]
        versi_baru = [d.id for d in made if d.id not in draf]
        stamp = ws.clock().strftime("%Y%m%d-%H%M%S")
        ws.replace_inputs(snapshot, f"asli/perbarui-{stamp}")
        journal.note(
            "masukan_diperbarui",
            lama=lama,
            baru=baru,
            berkas=changed,
            dokumen_draf=draf,
            dokumen_versi_baru=versi_baru,
            **snapshot.sources,
        )
    return InputUpdate(True, lama, baru, changed, draf, versi_baru)
