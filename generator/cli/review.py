"""`kinerja rekap` (steps 7-9) and `kinerja tinjau` (step 10)."""

from __future__ import annotations

from pathlib import Path

import click

from generator.base.angka import format_angka
from generator.base.periode import Periode
from generator.cli.common import (
    command,
    console,
    oleh_option,
    output_option,
    periode_option,
    success,
)
from generator.documents.rekap.workbook import build_rekap
from generator.rules.capaian import default_aturan
from generator.workflow.review import tinjau
from generator.workspace.folder import Workspace


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
    type=click.Choice(sorted(default_aturan().skala)),
    default=None,
    help="Skala predikat (bawaan: permendagri86).",
)
def rekap_cmd(
    periode: Periode, output: Path, oleh: str | None, sebagian: bool, skala: str | None
) -> None:
    """Langkah 7-9: rekapitulasi data capaian kinerja semua bidang (rekap.xlsx dan angkanya)."""
    ws = Workspace.open(output, periode)
    result = build_rekap(ws, sebagian=sebagian, oleh=oleh, skala=skala)
    hasil = result.hasil
    rata = "-" if hasil.rata_capaian is None else f"{format_angka(hasil.rata_capaian)}%"
    success(f"Rekap versi {hasil.versi} dibuat: {ws.relative(result.path)}")
    console.print(f"  Rata-rata capaian: {rata} ({hasil.predikat or 'tanpa predikat'})")
    if hasil.persen_anggaran is not None:
        console.print(f"  Penyerapan anggaran: {format_angka(hasil.persen_anggaran)}%")
    if not hasil.lengkap:
        console.print(
            f"[bold red]  BELUM LENGKAP[/]: belum menyerahkan {', '.join(hasil.bidang_belum)}."
        )
    kosong = [i.kode for i in hasil.indikator if i.capaian is None]
    if kosong:
        more = f" dan {len(kosong) - 8} lainnya" if len(kosong) > 8 else ""
        console.print(f"  Capaian tidak dihitung (lihat Keterangan): {', '.join(kosong[:8])}{more}")


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
def tinjau_cmd(
    periode: Periode,
    output: Path,
    oleh: str | None,
    setuju: bool,
    kembalikan: tuple[str, ...],
    arahan: str | None,
) -> None:
    """Langkah 10: Sekretaris menyetujui rekap, atau mengembalikannya dengan arahan."""
    if setuju == bool(kembalikan):
        raise click.UsageError("Pilih tepat satu: --setuju atau --kembalikan KODE_BIDANG.")
    if kembalikan and not (arahan or "").strip():
        raise click.UsageError("--arahan wajib diisi bersama --kembalikan.")
    if setuju and arahan:
        raise click.UsageError("--arahan hanya dipakai bersama --kembalikan.")
    ws = Workspace.open(output, periode)
    result = tinjau(ws, setuju=setuju, kembalikan=list(kembalikan), arahan=arahan, oleh=oleh)
    if result.setuju:
        success(f"Rekap versi {result.rekap_versi} disetujui; langkah 10 selesai.")
        console.print(f"  Lanjutkan dengan: kinerja laporan --periode {periode}")
        return
    assert result.disposisi is not None
    success(
        f"Rekap versi {result.rekap_versi} dikembalikan kepada {', '.join(result.bidang)};"
        f" lembar disposisi: {result.disposisi.path} (nomor {result.disposisi.nomor or '-'})."
    )
    console.print(
        "  Bidang itu mengisi ulang formulirnya; terima dengan 'kinerja kumpulkan', lalu buat"
        " rekap baru dengan 'kinerja rekap'."
    )


def register(group: click.Group) -> None:
    group.add_command(rekap_cmd)
    group.add_command(tinjau_cmd)
