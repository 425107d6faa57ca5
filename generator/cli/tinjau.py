"""`kinerja tinjau` (step 10): the Sekretaris approves the recap, or returns it with arahan."""

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


@command("tinjau")
@periode_option
@output_option
@oleh_option
@click.option("--setuju", is_flag=True, help="Setujui rekap terbaru (langkah 10 selesai).")
@click.option(
    "--kembalikan",
    "kembalikan",
    multiple=True,
    metavar="KODE_BIDANG",
    help="Kembalikan kepada bidang ini untuk dilengkapi (boleh diulang).",
)
@click.option("--arahan", metavar="TEKS", help="Arahan Sekretaris (wajib bila mengembalikan).")
def cmd(
    periode: api.Periode,
    output: Path,
    oleh: str | None,
    setuju: bool,
    kembalikan: tuple[str, ...],
    arahan: str | None,
) -> None:
    """Langkah 10: Sekretaris menyetujui rekap, atau mengembalikannya dengan arahan.

    \b
    Contoh:
      kinerja tinjau --periode 2025 --setuju
      kinerja tinjau --periode 2025 --kembalikan IDE --arahan "Lengkapi kendala"
    """
    if setuju == bool(kembalikan):
        raise click.UsageError("Pilih tepat satu: --setuju atau --kembalikan KODE_BIDANG.")
    if kembalikan and not (arahan or "").strip():
        raise click.UsageError("--arahan wajib diisi bersama --kembalikan.")
    if setuju and arahan:
        raise click.UsageError("--arahan hanya dipakai bersama --kembalikan.")
    if setuju:
        done = api.setujui(output, periode, oleh=oleh)
        success(f"Rekap versi {done.value.rekap_versi} disetujui; langkah 10 selesai.")
        next_line(done.next)
        return
    done = api.kembalikan(output, periode, list(kembalikan), arahan or "", oleh=oleh)
    result = done.value
    assert result.disposisi is not None
    success(
        f"Rekap versi {result.rekap_versi} dikembalikan kepada {', '.join(result.bidang)};"
        f" lembar disposisi: {result.disposisi.path} (nomor {result.disposisi.nomor or '-'})."
    )
    console.print(
        "  Bidang itu mengisi ulang formulirnya; terima dengan 'kinerja kumpulkan', lalu buat"
        " rekap baru dengan 'kinerja rekap'."
    )
