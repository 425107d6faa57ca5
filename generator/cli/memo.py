"""`kinerja memo` (step 1): the Memo/Lembar Disposisi."""

from __future__ import annotations

from pathlib import Path

import click

from generator import api
from generator.cli.common import command, oleh_option, output_option, periode_option, success


@command("memo")
@periode_option
@click.option(
    "--sifat",
    type=click.Choice(api.SIFAT, case_sensitive=False),
    default="segera",
    show_default=True,
    help="Sifat disposisi yang ditandai pada lembar disposisi.",
)
@click.option("--catatan", metavar="TEKS", help="Catatan/arahan Sekretaris (bawaan: teks baku).")
@oleh_option
@output_option
def cmd(
    periode: api.Periode, sifat: str, catatan: str | None, oleh: str | None, output: Path
) -> None:
    """Langkah 1: membuat Memo/Lembar Disposisi penyiapan formulir (Sekretaris kepada Kasubag).

    Selama memo masih draf, menjalankan ulang memperbarui memo itu dengan nomor yang sama;
    setelah dicetak, dibuat versi baru dengan nomor baru.

    \b
    Contoh:
      kinerja memo --periode 2025
      kinerja memo --periode 2025-TW1 --sifat "sangat segera"
    """
    done = api.memo(output, periode, sifat=sifat, catatan=catatan, oleh=oleh)
    version = done.value
    success(f"Memo nomor {version.nomor} (versi {version.versi}): {done.written[0]}")
