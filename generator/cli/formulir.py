"""`kinerja formulir` (steps 2-3): one collection workbook per Bidang."""

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


@command("formulir")
@periode_option
@oleh_option
@output_option
def cmd(periode: api.Periode, oleh: str | None, output: Path) -> None:
    """Langkah 2-3: membuat formulir pengumpulan data capaian kinerja, satu buku kerja per Bidang.

    \b
    Contoh:
      kinerja formulir --periode 2025
    """
    done = api.formulir(output, periode, oleh=oleh)
    for item in done.value:
        console.print(
            f"  {item.doc_id} versi {item.versi}: {done.relative(item.path)}", markup=False
        )
    folder = done.written[0].parent if done.written else done.workspace
    success(f"{len(done.value)} formulir dibuat di {folder}; langkah 2 dan 3 selesai.")
