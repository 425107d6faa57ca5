"""`kinerja laporan`: the Laporan Kinerja, drafted after step 10 from the approved recap."""

from __future__ import annotations

from pathlib import Path

from generator import api
from generator.cli.common import (
    command,
    console,
    oleh_option,
    output_option,
    periode_option,
    success,
)


@command("laporan")
@periode_option
@output_option
@oleh_option
def cmd(periode: api.Periode, output: Path, oleh: str | None) -> None:
    """Susun Laporan Kinerja (LKj) dari rekap yang disetujui (setelah langkah 10).

    Menghasilkan dokumen Word dan PDF/A sesuai PermenPAN-RB 53/2014; setiap rekap baru
    menghasilkan versi laporan baru.

    \b
    Contoh:
      kinerja laporan --periode 2025
    """
    with console.status("Menyusun Laporan Kinerja dan mengonversi ke PDF/A..."):
        done = api.laporan(output, periode, oleh=oleh)
    result = done.value
    label = api.parse_periode(periode).label
    success(
        f"Laporan Kinerja {label} versi {result.versi} ({result.doc_id}) dari rekap"
        f" versi {result.rekap_versi}."
    )
    console.print(f"  Word: {done.relative(result.docx)}", markup=False)
    console.print(f"  PDF/A: {done.relative(result.pdf)}", markup=False)
