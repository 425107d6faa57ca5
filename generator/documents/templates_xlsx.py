"""`kinerja templat periksa` for the Excel templates: formulir.xlsx and rekap.xlsx are rendered
for every shape of office (``generator.documents.ragam``) and read back.

The formulir must keep its defined names (the blocks the code fills), and in every rendered
workbook the sheet is protected, the fill-in cells are unlocked and the pre-filled ones locked.
The rekap must keep its blocks and render every office with a print area.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from generator.base.worktime import WIB
from generator.base.xlsx import load_workbook
from generator.documents.formulir.workbook import (
    ISIAN_ANGGARAN,
    ISIAN_INDIKATOR,
    IsiFormulir,
    render_formulir,
)
from generator.documents.laporan.contoh import contoh_hasil
from generator.documents.ragam import Ragam, ragam_kantor
from generator.documents.rekap.layout import render_rekap
from generator.documents.render import templates_dir
from generator.errors import KinerjaError
from generator.rules.capaian import default_aturan


@dataclass
class TemplateReport:
    template: Path
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    catatan: str | None = None

    @property
    def ok(self) -> bool:
        return not self.unknown and not self.errors


def _formulir(path: Path, ragam: Ragam, report: TemplateReport) -> None:
    org, master = ragam.inputs.org, ragam.inputs.master
    largest = max(org.bidang, key=lambda b: len(master.for_bidang(b.kode)))
    for bidang in {b.kode: b for b in (org.bidang[0], largest)}.values():
        isi = IsiFormulir(
            org, bidang, ragam.periode, master.for_bidang(bidang.kode),
            master.anggaran_for_bidang(bidang.kode), "periksa", f"FORM-{bidang.kode}", 1,
            "Jumat, 10 Januari 2025 pukul 15.30 WIB",
        )  # fmt: skip
        data, ident = render_formulir(path, isi)
        ws = load_workbook(io.BytesIO(data))[ident.lembar]
        where = f"kantor {ragam.nama}, {bidang.kode}"
        if not ws.protection.sheet:
            report.errors.append(f"{where}: lembar {ws.title} tidak diproteksi")
        rows: list[tuple[int, dict[str, str], tuple[str, ...]]] = [
            (b.baris, ident.kolom_indikator, ISIAN_INDIKATOR) for b in ident.indikator
        ]
        rows += [(a.baris, ident.kolom_anggaran, ISIAN_ANGGARAN) for a in ident.anggaran]
        for row, columns, isian in rows:
            for header, letter in columns.items():
                locked = ws[f"{letter}{row}"].protection.locked
                if locked == (header in isian):
                    state = "terkunci" if locked else "tidak terkunci"
                    report.errors.append(f"{where}: sel {letter}{row} ({header}) {state}")


def _rekap(path: Path, ragam: Ragam, report: TemplateReport) -> None:
    hasil = contoh_hasil(ragam.inputs, str(ragam.periode))
    with tempfile.TemporaryDirectory(prefix="kinerja-periksa-") as tmp:
        out = Path(tmp) / "rekap.xlsx"
        render_rekap(
            ragam, hasil, out, doc_id="REKAP-PERIKSA", aturan=default_aturan(),
            when=datetime(2026, 1, 15, 9, 0, tzinfo=WIB), template=path,
        )  # fmt: skip
        wb = load_workbook(out)
    for ws in wb.worksheets:
        if not ws.print_area:
            report.errors.append(f"kantor {ragam.nama}: lembar {ws.title} tanpa area cetak")


CHECKS: dict[str, Callable[[Path, Ragam, TemplateReport], None]] = {
    "formulir.xlsx": _formulir,
    "rekap.xlsx": _rekap,
}


def check_workbooks(file: Path | None = None) -> list[TemplateReport]:
    """Check ``file`` (when it is an Excel template) or every Excel template of templates/."""
    if file is not None:
        paths = [file] if file.suffix.lower() == ".xlsx" else []
    else:
        paths = sorted(p for p in templates_dir().glob("*.xlsx") if not p.name.startswith("~$"))
    reports = []
    for path in paths:
        report = TemplateReport(path)
        check = CHECKS.get(path.name)
        reports.append(report)
        if check is None:
            report.catatan = "tidak ada pemeriksaan terdaftar; dilewati"
            continue
        for ragam in ragam_kantor():
            try:
                check(path, ragam, report)
            except KinerjaError as exc:
                report.errors.append(f"kantor {ragam.nama}: {exc.render()}")
    return reports
