"""`kinerja cetak`: one print-ready PDF of a step's documents, with their copies."""

from __future__ import annotations

from pathlib import Path

import click

from generator import api
from generator.cli.common import (
    command,
    console,
    next_line,
    oleh_option,
    output_option,
    periode_option,
    success,
)


@command("cetak")
@periode_option
@click.option(
    "--langkah",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Langkah SOP yang dokumennya dicetak (bawaan: semua langkah).",
)
@click.option("--ulang", is_flag=True, help="Cetak ulang dokumen yang sudah pernah dicetak.")
@oleh_option
@output_option
def cmd(
    periode: api.Periode, langkah: int | None, ulang: bool, oleh: str | None, output: Path
) -> None:
    """Membuat satu PDF siap cetak (dengan salinannya) dan menandai dokumennya 'dicetak'.

    \b
    Contoh:
      kinerja cetak --periode 2025 --langkah 1
      kinerja cetak --periode 2025 --langkah 4 --ulang
    """

    def progress(result: api.ConversionResult) -> None:
        how = "dari cache" if result.cached else f"{result.seconds:.1f} detik"
        mark = "[green]✓[/]" if result.ok else "[red]✗[/]"
        console.print(f"  {mark} {result.job.source.name} → PDF ({how})")

    done = api.cetak(
        output, periode, langkah=langkah, ulang=ulang, oleh=oleh, on_converted=progress
    )
    result = done.value
    if result is None:
        scope = "semua langkah" if langkah is None else f"langkah {langkah}"
        success(
            f"Tidak ada yang baru untuk dicetak pada {scope}: semua dokumennya sudah dicetak."
            " Untuk mencetak ulang, tambahkan --ulang."
        )
        next_line(done.next)
        return
    for item in result.items:
        console.print(
            f"  {item.doc_id} v{item.versi}: {item.salinan} salinan ({item.alasan})", markup=False
        )
    success(f"Siap cetak: {result.path} ({result.halaman} halaman).")
