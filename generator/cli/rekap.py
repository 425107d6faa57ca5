"""`kinerja rekap` (steps 7-9): the rekapitulasi of every Bidang."""

from __future__ import annotations

from pathlib import Path

import click

from generator import api
from generator.cli.common import (
    LazyChoice,
    command,
    console,
    oleh_option,
    output_option,
    periode_option,
    success,
)


@command("rekap")
@periode_option
@output_option
@oleh_option
@click.option(
    "--sebagian",
    is_flag=True,
    help="Buat rekap sementara walau ada bidang yang belum menyerahkan formulir; lembar rekap"
    " ditandai BELUM LENGKAP dan tidak dapat ditinjau.",
)
@click.option(
    "--skala",
    type=LazyChoice(api.skala_predikat),
    default=None,
    help="Skala predikat (bawaan: permendagri86).",
)
def cmd(
    periode: api.Periode, output: Path, oleh: str | None, sebagian: bool, skala: str | None
) -> None:
    """Langkah 7-9: rekapitulasi data capaian kinerja semua bidang (rekap.xlsx dan angkanya).

    \b
    Contoh:
      kinerja rekap --periode 2025
      kinerja rekap --periode 2025 --sebagian
    """
    done = api.rekap(output, periode, sebagian=sebagian, skala=skala, oleh=oleh)
    hasil = done.value.hasil
    rata = "-" if hasil.rata_capaian is None else f"{api.angka(hasil.rata_capaian)}%"
    success(f"Rekap versi {hasil.versi} dibuat: {done.relative(done.value.path)}")
    console.print(f"  Rata-rata capaian: {rata} ({hasil.predikat or 'tanpa predikat'})")
    if hasil.persen_anggaran is not None:
        console.print(f"  Penyerapan anggaran: {api.angka(hasil.persen_anggaran)}%")
    if not hasil.lengkap:
        console.print(
            f"[bold red]  BELUM LENGKAP[/]: belum menyerahkan {', '.join(hasil.bidang_belum)}."
        )
    kosong = [i.kode for i in hasil.indikator if i.capaian is None]
    if kosong:
        more = f" dan {len(kosong) - 8} lainnya" if len(kosong) > 8 else ""
        console.print(
            f"  Capaian tidak dihitung (lihat Keterangan): {', '.join(kosong[:8])}{more}",
            markup=False,
        )
