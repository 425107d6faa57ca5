"""Test helper: fill a formulir as a person would (only unlocked cells, with openpyxl).

The implementation lives in the library (generator.demo.simulasi) because the demo needs it too.
"""

from __future__ import annotations

from pathlib import Path

from generator.demo.simulasi import Isian, isi_formulir
from generator.documents.formulir.workbook import generate_formulir
from generator.workspace.folder import Workspace


def fill_formulir(
    path: Path,
    values: dict[str, Isian],
    keterangan: dict[str, str] | None = None,
    anggaran: dict[str, Isian] | None = None,
    out: Path | None = None,
) -> Path:
    return isi_formulir(path, values, keterangan, anggaran, out)


__all__ = ["fill_all", "fill_formulir", "isi_formulir", "prepare_formulir"]


def prepare_formulir(ws: Workspace) -> dict[str, Path]:
    """Step 1 recorded as done (when the memo step is not), formulir generated: kode -> path."""
    with ws.transaction("uji") as journal:
        if journal.step(1).status != "selesai":
            journal.finish_step(1)
    return {made.kode_bidang: made.path for made in generate_formulir(ws)}


def fill_all(
    ws: Workspace, paths: dict[str, Path], folder: Path, factor: float = 0.9
) -> dict[str, Path]:
    """Every Bidang fills every cell: realisasi = target x factor, anggaran = pagu x factor."""
    master = ws.inputs.master
    filled = {}
    for kode, path in paths.items():
        values: dict[str, Isian] = {
            i.kode: round(i.target * factor, 2) for i in master.for_bidang(kode)
        }
        budget: dict[str, Isian] = {
            a.kode: round(a.pagu * factor) for a in master.anggaran_for_bidang(kode)
        }
        notes = {k: f"Keterangan {k}" for k in values}
        filled[kode] = isi_formulir(path, values, notes, budget, folder / f"isi-{kode}.xlsx")
    return filled
