"""`kinerja laporan`: the Laporan Kinerja, drafted after step 10 from the approved recap."""

from __future__ import annotations

from pathlib import Path

import click

from generator.base.periode import Periode
from generator.cli.common import (
    command,
    console,
    oleh_option,
    output_option,
    periode_option,
    success,
)
from generator.documents.laporan.report import generate_laporan
from generator.workspace.folder import Workspace


@command("laporan")
@periode_option
@output_option
@oleh_option
def laporan(periode: Periode, output: Path, oleh: str | None) -> None:
    """Susun Laporan Kinerja (LKj) dari rekap yang disetujui (setelah langkah 10).

    Menghasilkan dokumen Word dan PDF/A sesuai PermenPAN-RB 53/2014; setiap rekap baru
    menghasilkan versi laporan baru.
    """
    ws = Workspace.open(output, periode)
    with console.status("Menyusun Laporan Kinerja dan mengonversi ke PDF/A..."):
        result = generate_laporan(ws, oleh=oleh)
    success(
        f"Laporan Kinerja {periode.label} versi {result.versi} ({result.doc_id}) dari rekap"
        f" versi {result.rekap_versi}."
    )
    console.print(f"  Word: {ws.relative(result.docx)}")
    console.print(f"  PDF/A: {ws.relative(result.pdf)}")


def register(group: click.Group) -> None:
    group.add_command(laporan)
