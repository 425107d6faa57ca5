"""Generated offices for the benchmarks: the sample scaled to N Bidang and M indicators.

Every indicator copies one of the sample's (cycled), gets its own code, and belongs to a
Bidang round-robin; each Bidang groups its indicators into sasaran of at most
``PER_SASARAN`` (an office of 2,000 indicators has about 250 sasaran, as a large
Perjanjian Kinerja would) with one budget line per sasaran. The Bidang's filled-in
formulir come from the demo's simulation, so every figure is plausible and reproducible.

    from bench.office import write_office, fill_formulir
    org, master = write_office(folder, bidang=20, indikator=400)
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from generator.inputs.load import sample_text

PER_SASARAN = 8


def office_data(bidang: int, indikator: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The org.yaml and indikator.yaml contents of a generated office."""
    if indikator < bidang:
        raise ValueError("every Bidang needs at least one indicator")
    org = yaml.safe_load(sample_text("org.yaml"))
    master = yaml.safe_load(sample_text("indikator.yaml"))
    samples = org["bidang"]
    units = []
    for n in range(bidang):
        unit = copy.deepcopy(samples[n % len(samples)])
        unit["kode"] = f"B{n + 1:02d}"
        unit["nama"] = f"Bidang Uji {n + 1:02d} " + unit["nama"].removeprefix("Bidang ")
        units.append(unit)
    org["bidang"] = units
    templates = master["indikator"]
    per_unit: dict[str, list[dict[str, Any]]] = {u["kode"]: [] for u in units}
    for n in range(indikator):
        kode_bidang = units[n % bidang]["kode"]
        entry = copy.deepcopy(templates[n % len(templates)])
        position = len(per_unit[kode_bidang])
        group = position // PER_SASARAN + 1
        entry["kode"] = f"{kode_bidang}-{position + 1:03d}"
        entry["kode_bidang"] = kode_bidang
        entry["sasaran"] = f"{entry['sasaran']} ({kode_bidang} kelompok {group})"
        per_unit[kode_bidang].append(entry)
    master["indikator"] = [e for entries in per_unit.values() for e in entries]
    anggaran = []
    for kode_bidang, entries in per_unit.items():
        for sasaran in dict.fromkeys(e["sasaran"] for e in entries):
            anggaran.append(
                {
                    "kode": f"{kode_bidang}.{len(anggaran) + 1}",
                    "kode_bidang": kode_bidang,
                    "program": "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
                    "kegiatan": f"Kegiatan pendukung {sasaran[:60]}",
                    "sasaran": sasaran,
                    "pagu": 150_000_000 + 5_000_000 * (len(anggaran) % 17),
                }
            )
    master["anggaran"] = anggaran
    return org, master


def write_office(folder: Path, *, bidang: int, indikator: int) -> tuple[Path, Path]:
    """Write org.yaml and indikator.yaml of a generated office into ``folder``."""
    org, master = office_data(bidang, indikator)
    folder.mkdir(parents=True, exist_ok=True)
    org_path, master_path = folder / "org.yaml", folder / "indikator.yaml"
    org_path.write_text(yaml.safe_dump(org, allow_unicode=True, sort_keys=False), "utf-8")
    master_path.write_text(yaml.safe_dump(master, allow_unicode=True, sort_keys=False), "utf-8")
    return org_path, master_path


def fill_formulir(workspace_root: Path, out: Path) -> list[Path]:
    """The Bidang's answers to every formulir of a workspace, as the demo simulates them."""
    from generator.base.periode import Periode
    from generator.demo.cycle import simulated_anggaran, simulated_keterangan, simulated_realisasi
    from generator.demo.simulasi import isi_formulir
    from generator.workspace.folder import Workspace

    ws = Workspace(workspace_root, Periode.parse(workspace_root.name))
    master = ws.inputs.master
    out.mkdir(parents=True, exist_ok=True)
    filled = []
    for doc in ws.snapshot().data.dokumen:
        if doc.jenis != "formulir" or not doc.versions:
            continue
        indikator = master.for_bidang(doc.bidang or "")
        realisasi = {i.kode: simulated_realisasi(i, n) for n, i in enumerate(indikator)}
        keterangan = {i.kode: simulated_keterangan(i, realisasi[i.kode]) for i in indikator}
        anggaran = {
            a.kode: simulated_anggaran(a, n)
            for n, a in enumerate(master.anggaran_for_bidang(doc.bidang or ""))
        }
        source = ws.path(doc.versions[-1].path)
        target = out / f"{source.stem}-terisi.xlsx"
        filled.append(isi_formulir(source, realisasi, keterangan, anggaran, out=target))
    return filled
