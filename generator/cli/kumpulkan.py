"""`kinerja kumpulkan` (steps 5-6): filled formulir taken in, each kept exactly as received."""

from __future__ import annotations

from pathlib import Path

import click

from generator import api
from generator.cli.common import (
    command,
    console,
    oleh_option,
    output_option,
    periode_option,
    success,
)
from generator.errors import literal


@command("kumpulkan")
@periode_option
@click.argument(
    "files", nargs=-1, required=True, metavar="BERKAS...", type=click.Path(path_type=Path)
)
@click.option(
    "--sebagian",
    is_flag=True,
    help="Terima formulir yang Realisasinya belum lengkap sebagai draf (bidang belum dianggap selesai).",
)
@oleh_option
@output_option
def cmd(
    periode: api.Periode, files: tuple[Path, ...], sebagian: bool, oleh: str | None, output: Path
) -> None:
    """Langkah 5-6: menerima formulir terisi, memeriksa isinya, menyimpan apa adanya.

    Bidang dan periode dibaca dari identitas di dalam formulir, bukan dari nama berkas. Bila satu
    berkas ditolak, tidak ada berkas yang dicatat: perbaiki lalu kirim ulang.

    \b
    Contoh:
      kinerja kumpulkan --periode 2025 masuk/formulir-IDE.xlsx masuk/formulir-POL.xlsx
      kinerja kumpulkan --periode 2025 --sebagian masuk/*.xlsx
    """
    done = api.kumpulkan(output, periode, list(files), sebagian=sebagian, oleh=oleh)
    diterima = done.value.diterima
    baru = [item for item in diterima if not item.ulang]
    for item in diterima:
        if item.ulang:
            console.print(
                f"  {literal(item.asal)}: sama persis dengan {item.doc_id} versi {item.versi} yang sudah"
                " diterima; tidak dicatat ulang.",
                markup=False,
            )
            continue
        status = "draf, belum lengkap" if item.sebagian else "lengkap"
        console.print(
            f"  {literal(item.asal)} -> {item.doc_id} versi {item.versi} ({status}): {done.relative(item.path)}",
            markup=False,
        )
        if item.kosong:
            console.print("    Realisasi belum diisi: " + ", ".join(item.kosong), markup=False)
    belum = done.value.belum
    sisa = (
        f"belum lengkap: {', '.join(belum)}"
        if belum
        else "semua bidang lengkap; langkah 5 dan 6 selesai"
    )
    success(f"{len(baru)} formulir diterima ({sisa}).")
