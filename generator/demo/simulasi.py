"""Simulated Bidang input: fill a formulir as a person would (the demo and the tests use it).

Only cells the form leaves unlocked are written, through openpyxl, with whatever the "person"
typed: a number, text such as "85,5", or even "=A1" (which openpyxl stores as a formula, like
Excel does when someone types it). Rows are found through the formulir's identity, the way the
application itself finds them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from generator.base.xlsx import load_workbook
from generator.errors import InputError
from generator.intake.identity import read_identity

Isian = float | int | str | None


def isi_formulir(
    path: Path,
    realisasi: Mapping[str, Isian],
    keterangan: Mapping[str, str] | None = None,
    anggaran: Mapping[str, Isian] | None = None,
    out: Path | None = None,
) -> Path:
    """Write realisasi/keterangan per indicator code and realisasi anggaran per budget code."""
    wb = load_workbook(path)
    ident = read_identity(wb, path)
    ws = wb[ident.lembar]
    rows = {b.kode: b.baris for b in ident.indikator}
    budget = {a.kode: a.baris for a in ident.anggaran}
    writes: list[tuple[str, Isian]] = []
    for values, column, where in (
        (realisasi, ident.kolom_indikator["Realisasi"], rows),
        (keterangan or {}, ident.kolom_indikator["Keterangan"], rows),
        (anggaran or {}, ident.kolom_anggaran["Realisasi Anggaran"], budget),
    ):
        for kode, value in values.items():
            if kode not in where:
                raise InputError(f"Kode '{kode}' tidak ada di formulir {path.name}.")
            writes.append((f"{column}{where[kode]}", value))
    for ref, value in writes:
        cell = ws[ref]
        if cell.protection.locked:
            raise InputError(f"Sel {ref} terkunci: bukan sel isian.", file=path.name, cell=ref)
        cell.value = value
    target = out or path
    wb.save(target)
    return target
