"""Loading the two inputs (organisation, indicator master) and checking them against each other."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from generator.base.fsutil import atomic_write_bytes, atomic_write_text
from generator.base.yamlio import YamlDocument, load_yaml, parse_yaml
from generator.errors import ErrorList, InputError, KinerjaError, NextStep
from generator.inputs.indikator import IndikatorMaster

if TYPE_CHECKING:  # openpyxl (and numpy under it) load only when an Excel file is read
    from generator.inputs.master_excel import Lokasi

from generator.inputs.org import (
    Organisasi,
    errors_from_validation,
    load_organisasi,
    parse_organisasi,
)

SAMPLE_ORG = "org.yaml"
SAMPLE_INDIKATOR = "indikator.yaml"


@dataclass(frozen=True)
class Inputs:
    org: Organisasi
    master: IndikatorMaster
    org_source: str
    master_source: str


def _sample_text(name: str) -> str:
    return resources.files("generator.data").joinpath(name).read_text(encoding="utf-8")


def parse_master_yaml(doc: YamlDocument) -> IndikatorMaster:
    if not isinstance(doc.data, dict):
        raise InputError("Isi berkas harus daftar isian (kunci: nilai).", file=doc.source, line=1)
    try:
        return IndikatorMaster.model_validate(doc.data)
    except ValidationError as exc:
        raise errors_from_validation(exc, doc, "Master indikator tidak sah") from exc


class _YamlLokasi(dict[tuple[str, int, str], dict[str, object]]):
    """Lines of a YAML master, looked up when a cross-check needs them."""

    def __init__(self, doc: YamlDocument) -> None:
        super().__init__()
        self.doc = doc

    def __missing__(self, key: tuple[str, int, str]) -> dict[str, object]:
        return {"line": self.doc.line_of(key)}


def read_master(path: Path, *, ours: bool = False) -> tuple[IndikatorMaster, Lokasi]:
    """The master and where its fields are (sheet/cell in Excel, line in YAML); ``ours``: a
    file kinerja wrote (the workspace's snapshot), read by libyaml."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from generator.inputs.master_excel import read_master_excel

        return read_master_excel(path)
    if suffix in (".yaml", ".yml"):
        doc = load_yaml(path, ours=ours)
        return parse_master_yaml(doc), _YamlLokasi(doc)
    if suffix in (".xls", ".ods", ".csv"):
        kind = {".xls": "Excel lama (.xls)", ".ods": "OpenDocument (.ods)", ".csv": "CSV"}[suffix]
        raise InputError(
            f"Master indikator berformat {kind}.",
            file=path,
            hint="Buka di Excel atau LibreOffice lalu simpan sebagai 'Excel Workbook (*.xlsx)'.",
        )
    raise InputError(
        "Jenis berkas master indikator tidak dikenal.",
        file=path,
        hint="Gunakan buku kerja Excel (.xlsx) atau YAML (.yaml).",
    )


def load_master(path: Path) -> IndikatorMaster:
    return read_master(path)[0]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def cross_check(
    org: Organisasi, master: IndikatorMaster, source: str, lokasi: Lokasi | None = None
) -> None:
    """Every reference between the two inputs must resolve; all problems are listed at once.

    ``lokasi`` (from :func:`read_master`) lets each problem name its sheet and cell or line."""
    known = {b.kode for b in org.bidang}

    def at(kind: str, index: int, field: str) -> dict[str, Any]:
        try:
            return dict(lokasi[(kind, index, field)]) if lokasi is not None else {}
        except KeyError:
            return {}

    hint = f"Kode bidang yang dikenal: {', '.join(sorted(known))}."
    problems: list[KinerjaError] = []
    for i, ind in enumerate(master.indikator):
        if ind.kode_bidang not in known:
            problems.append(
                InputError(
                    f"Indikator {ind.kode}: kode bidang '{ind.kode_bidang}' tidak ada di konfigurasi"
                    " organisasi.",
                    file=source,
                    hint=hint,
                    **at("indikator", i, "kode_bidang"),
                )
            )
    sasaran = {_norm(s) for s in master.sasaran_list()}
    for i, line in enumerate(master.anggaran):
        if line.kode_bidang not in known:
            problems.append(
                InputError(
                    f"Anggaran {line.kode}: kode bidang '{line.kode_bidang}' tidak ada.",
                    file=source,
                    hint=hint,
                    **at("anggaran", i, "kode_bidang"),
                )
            )
        if line.sasaran and _norm(line.sasaran) not in sasaran:
            problems.append(
                InputError(
                    f"Anggaran {line.kode}: sasaran '{line.sasaran}' tidak sama dengan sasaran"
                    " indikator mana pun.",
                    file=source,
                    hint="Salin teks sasaran persis dari kolom Sasaran indikator.",
                    **at("anggaran", i, "sasaran"),
                )
            )
    for bidang in org.bidang:
        if not master.for_bidang(bidang.kode):
            problems.append(
                InputError(
                    f"{bidang.nama} ({bidang.kode}) belum punya indikator.",
                    file=source,
                    hint="Tambahkan sedikitnya satu indikator untuk setiap bidang.",
                )
            )
    ErrorList.raise_if_any("Master indikator tidak cocok dengan organisasi", problems)


def check_sources(org_path: Path | None, master_path: Path | None, contoh: bool) -> None:
    """An office's periode is built from its own two files; the embedded sample stands in
    only when asked for (``contoh``), never silently: an own org.yaml with the sample's
    indicators fails on every code, and a workspace of the sample looks like a real one."""
    if contoh:
        return
    if org_path is None and master_path is None:
        raise InputError(
            "Masukan kantor belum diberikan: --org (org.yaml) dan --indikator (buku kerja"
            " Perjanjian Kinerja, .xlsx).",
            hint="Salin contoh kedua berkas ke sebuah folder, ubah menjadi data kantor sendiri,"
            " lalu jalankan init dengan --org FOLDER/org.yaml --indikator"
            " FOLDER/indikator.xlsx. Untuk sekadar mencoba dengan data contoh Bakesbangpol Kota"
            " Malang: tambahkan --contoh.",
            next_step=NextStep("contoh", {}, "Salin contoh masukan"),
        )
    if org_path is not None and master_path is None:
        load_organisasi(org_path)  # its own mistakes first
        raise InputError(
            "--org diberikan tetapi --indikator belum: init memerlukan keduanya.",
            hint="Tambahkan --indikator BERKAS.xlsx (contohnya dapat disalin dengan perintah"
            " contoh).",
        )
    if master_path is not None and org_path is None:
        read_master(master_path)
        raise InputError(
            "--indikator diberikan tetapi --org belum: init memerlukan keduanya.",
            hint="Tambahkan --org org.yaml (contohnya dapat disalin dengan perintah contoh).",
        )


def load_inputs(
    org_path: Path | None = None, master_path: Path | None = None, *, ours: bool = False
) -> Inputs:
    """Load and cross-check the inputs; the embedded sample stands in for any not given.
    ``ours``: the files are the workspace's own snapshot (written by kinerja)."""
    if org_path is None:
        org = parse_organisasi(parse_yaml(_sample_text(SAMPLE_ORG), "contoh:org.yaml", ours=True))
        org_source = "contoh:org.yaml"
    else:
        org, org_source = load_organisasi(org_path, ours=ours), str(org_path)
    if master_path is None:
        master = parse_master_yaml(
            parse_yaml(_sample_text(SAMPLE_INDIKATOR), "contoh:indikator.yaml", ours=True)
        )
        master_source = "contoh:indikator.yaml"
        lokasi: Lokasi | None = None
    else:
        (master, lokasi), master_source = read_master(master_path, ours=ours), str(master_path)
    cross_check(org, master, master_source, lokasi)
    return Inputs(org, master, org_source, master_source)


def sample_text(name: str) -> str:
    """The text of an embedded sample file (org.yaml or indikator.yaml)."""
    if name not in (SAMPLE_ORG, SAMPLE_INDIKATOR):
        raise KeyError(name)
    return _sample_text(name)


def write_samples(folder: Path) -> list[Path]:
    """The embedded sample as files a user starts from: org.yaml and the Perjanjian Kinerja
    workbook (indikator.xlsx). Refuses to overwrite a file that is already there."""
    org, master = folder / "org.yaml", folder / "indikator.xlsx"
    existing = [p for p in (org, master) if p.exists()]
    if existing:
        raise InputError(
            f"Berkas sudah ada: {', '.join(str(p) for p in existing)}; tidak ditimpa.",
            hint="Pilih folder lain, atau pindahkan berkas itu dulu.",
        )
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_text(org, _sample_text(SAMPLE_ORG))
    staged = folder / ".indikator.xlsx.baru"
    from generator.inputs.master_excel import write_master_excel

    write_master_excel(load_inputs().master, staged)
    atomic_write_bytes(master, staged.read_bytes())
    staged.unlink()
    return [org, master]
