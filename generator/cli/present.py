"""Rich tables of library results (the status report, a verification verdict); no logic beyond
presentation."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from generator.api import durasi, waktu_wib

if TYPE_CHECKING:
    from generator.api import VerificationReport

STATUS_STYLE = {"belum": "dim", "berjalan": "yellow", "selesai": "green", "dikembalikan": "magenta"}


def _waktu(value: str | None) -> str:
    if not value:
        return "-"
    return datetime.fromisoformat(value).strftime("%d-%m-%Y %H:%M")


def print_status(console: Console, report: dict[str, Any]) -> None:
    steps = Table(title=f"{report['sop']['nama']} — periode {report['periode']}", show_lines=False)
    for header in (
        "No",
        "Kegiatan",
        "Pelaksana",
        "Status",
        "Mulai",
        "Selesai",
        "Waktu / Mutu baku",
    ):
        steps.add_column(header, overflow="fold")
    for row in report["langkah"]:
        status = row["status"]
        if row["bidang"]:
            done = sum(1 for b in row["bidang"].values() if b["status"] == "selesai")
            status += f" ({done}/{len(row['bidang'])} bidang)"
        waktu = f"{durasi(row['terpakai_menit'])} / {durasi(row['baku_menit'])}"
        if row["terlambat"]:
            waktu = f"[bold red]{waktu} terlambat[/]"
        steps.add_row(
            str(row["no"]),
            row["singkat"],
            row["pelaksana_nama"] or row["pelaksana"],
            f"[{STATUS_STYLE.get(row['status'], '')}]{status}[/]",
            _waktu(row["mulai"]),
            _waktu(row["selesai"]),
            waktu,
        )
    console.print(steps)
    if report["dokumen"]:
        docs = Table(title="Dokumen")
        for header in ("Id", "Jenis", "Langkah", "Bidang", "Versi", "Keadaan", "Nomor", "Berkas"):
            docs.add_column(header, overflow="fold")
        for d in report["dokumen"]:
            docs.add_row(
                d["id"],
                d["jenis"],
                str(d["langkah"]),
                d["bidang"] or "-",
                str(d["versi"]),
                d["keadaan"],
                d["nomor"] or "-",
                d["path"],
            )
        console.print(docs)
    returns = [e for e in report["riwayat"] if e["jenis"] == "dikembalikan"]
    for event in returns:
        bidang = ", ".join(event["data"].get("bidang", []))
        console.print(
            f"[magenta]Dikembalikan[/] {_waktu(event['waktu'])} oleh {event['oleh']} kepada {bidang}:"
            f" {event['data'].get('arahan', '')}"
        )


VERDICT_STYLE = {"sah": "bold green", "belum_terbukti": "bold yellow", "tidak_sah": "bold red"}


def print_report(console: Console, report: VerificationReport) -> None:
    """The verdict table of ``kinerja verifikasi`` (and of the demo), every signature found,
    and the verdict the library decided (what the file says is shown literally)."""
    table = Table(title=Text(f"Verifikasi {report.path.name}"))
    table.add_column("Pemeriksaan")
    table.add_column("Hasil")
    table.add_column("Keterangan", overflow="fold")
    for check in report.checks:
        if check.skipped:
            verdict = Text("dilewati", style="dim")
        else:
            verdict = Text("LULUS", "green") if check.ok else Text("GAGAL", "bold red")
        table.add_row(check.label_id, verdict, Text(check.detail))
    console.print(table)
    if report.signatures:
        signatures = Table(title="Tanda tangan dalam berkas")
        for column in ("No", "Jenis", "Penanda tangan", "Waktu (WIB)", "Utuh", "Dipercaya"):
            signatures.add_column(column)
        for number, sig in enumerate(report.signatures, start=1):
            trusted = (
                "tidak diperiksa" if sig.dipercaya is None else "ya" if sig.dipercaya else "tidak"
            )
            signatures.add_row(
                str(number),
                sig.jenis,
                Text(sig.penanda_tangan),
                # the signer's clock in UTC, shown in the zone the checks above speak of
                waktu_wib(sig.waktu).strftime("%d-%m-%Y %H:%M") if sig.waktu else "-",
                "ya" if sig.utuh else "tidak",
                trusted,
            )
        console.print(signatures)
    console.print(Text(report.verdict_text, style=VERDICT_STYLE[report.verdict]))
