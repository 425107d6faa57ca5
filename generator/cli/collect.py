"""`kinerja formulir` (steps 2-3) and `kinerja kumpulkan` (steps 5-6)."""

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
from generator.documents.formulir.workbook import generate_formulir
from generator.intake.pengumpulan import kumpulkan
from generator.workspace.folder import Workspace


@command("formulir")
@periode_option
@oleh_option
@output_option
def formulir_cmd(periode: Periode, oleh: str | None, output: Path) -> None:
    """Langkah 2-3: membuat formulir pengumpulan data capaian kinerja, satu buku kerja per Bidang."""
    ws = Workspace.open(output, periode)
    made = generate_formulir(ws, oleh=oleh)
    for item in made:
        console.print(f"  {item.doc_id} versi {item.versi}: {ws.relative(item.path)}")
    success(f"{len(made)} formulir dibuat di {ws.folder('formulir')}; langkah 2 dan 3 selesai.")


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
def kumpulkan_cmd(
    periode: Periode, files: tuple[Path, ...], sebagian: bool, oleh: str | None, output: Path
) -> None:
    """Langkah 5-6: menerima formulir terisi, memeriksa isinya, menyimpan apa adanya.

    Bidang dan periode dibaca dari identitas di dalam formulir, bukan dari nama berkas. Bila satu
    berkas ditolak, tidak ada berkas yang dicatat: perbaiki lalu kirim ulang.
    """
    ws = Workspace.open(output, periode)
    diterima = kumpulkan(ws, list(files), sebagian=sebagian, oleh=oleh)
    baru = [item for item in diterima if not item.ulang]
    for item in diterima:
        if item.ulang:
            console.print(
                f"  {item.asal}: sama persis dengan {item.doc_id} versi {item.versi} yang sudah"
                " diterima; tidak dicatat ulang."
            )
            continue
        status = "draf, belum lengkap" if item.sebagian else "lengkap"
        console.print(
            f"  {item.asal} -> {item.doc_id} versi {item.versi} ({status}): {ws.relative(item.path)}"
        )
        if item.kosong:
            console.print("    Realisasi belum diisi: " + ", ".join(item.kosong))
    langkah = ws.snapshot().step(5)
    belum = [k for k, p in langkah.bidang.items() if p.status != "selesai"]
    sisa = (
        f"belum lengkap: {', '.join(belum)}"
        if belum
        else "semua bidang lengkap; langkah 5 dan 6 selesai"
    )
    success(f"{len(baru)} formulir diterima ({sisa}).")


def register(group: click.Group) -> None:
    group.add_command(formulir_cmd)
    group.add_command(kumpulkan_cmd)
