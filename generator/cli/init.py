"""`kinerja init`: the workspace of a periode, with its input snapshot and manifest; with
``--perbarui`` the inputs of an existing workspace are corrected."""

from __future__ import annotations

from pathlib import Path

import click

from generator import api
from generator.cli.common import (
    command,
    console,
    next_line,
    output_option,
    periode_option,
    success,
)

_FILE = click.Path(dir_okay=False, exists=True, path_type=Path)


@command("init")
@periode_option
@click.option(
    "--org",
    "org_path",
    type=_FILE,
    metavar="BERKAS",
    help="Konfigurasi organisasi kantor (YAML; contohnya dari kinerja contoh).",
)
@click.option(
    "--indikator",
    "master_path",
    type=_FILE,
    metavar="BERKAS",
    help="Perjanjian Kinerja dan pagu: buku kerja Excel (.xlsx) atau YAML.",
)
@click.option(
    "--capaian",
    "capaian_path",
    type=_FILE,
    metavar="BERKAS",
    help="Aturan capaian dan skala predikat kantor (YAML; bawaan: aturan kinerja).",
)
@click.option(
    "--contoh",
    is_flag=True,
    help="Pakai data contoh Bakesbangpol Kota Malang untuk masukan yang tidak diberikan"
    " (untuk mencoba).",
)
@click.option(
    "--perbarui",
    is_flag=True,
    help="Perbaiki masukan ruang kerja yang sudah ada (cukup berkas yang berubah).",
)
@click.option(
    "--templat",
    "templat",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    metavar="FOLDER",
    help="Folder templat kantor (bawaan: KINERJA_TEMPLATES, atau templat bawaan kinerja);"
    " ruang kerja menyimpan salinannya.",
)
@output_option
def cmd(
    periode: api.Periode,
    org_path: Path | None,
    master_path: Path | None,
    capaian_path: Path | None,
    contoh: bool,
    perbarui: bool,
    templat: Path | None,
    output: Path,
) -> None:
    """Membuat ruang kerja periode: salinan masukan, salinan templat, dan manifest.

    \b
    Contoh:
      kinerja contoh data/
      kinerja init --periode 2025 --org data/org.yaml --indikator data/indikator.xlsx
      kinerja init --periode 2025 --perbarui --org data/org.yaml   (memperbaiki masukan)
      kinerja init --periode 2025 --contoh                         (mencoba data contoh)
    """
    if perbarui:
        if contoh or templat is not None:
            raise click.UsageError(
                "--perbarui tidak dapat digabung dengan --contoh atau --templat."
            )
        _perbarui(output, periode, org_path, master_path, capaian_path)
        return
    done = api.init(
        output,
        periode,
        org=org_path,
        indikator=master_path,
        capaian=capaian_path,
        templat=templat,
        contoh=contoh,
    )
    inputs = done.value.inputs
    success(
        f"Ruang kerja {periode} dibuat di {done.workspace} "
        f"({len(inputs.org.bidang)} unit, {len(inputs.master.indikator)} indikator,"
        f" {len(inputs.master.anggaran)} kegiatan)."
    )
    next_line(done.next)


def _perbarui(
    output: Path,
    periode: api.Periode,
    org_path: Path | None,
    master_path: Path | None,
    capaian_path: Path | None,
) -> None:
    done = api.perbarui(output, periode, org=org_path, indikator=master_path, capaian=capaian_path)
    update = done.value
    if not update.berubah:
        success(f"Masukan ruang kerja {periode} sudah sama dengan berkas itu; tidak ada perubahan.")
        return
    success(
        f"Masukan ruang kerja {periode} diperbarui ({', '.join(update.berkas)}); perubahan"
        " dicatat di manifest."
    )
    if update.draf:
        console.print(
            f"  Draf yang dibuat dari masukan lama: {', '.join(update.draf)}; buat ulang dengan"
            " perintah langkahnya (versi dan nomornya tetap).",
            markup=False,
        )
    if update.versi_baru:
        console.print(
            f"  Sudah dicetak atau ditandatangani: {', '.join(update.versi_baru)}; tidak diubah."
            " Bila dibuat ulang, dokumen itu menjadi versi baru dengan nomor baru.",
            markup=False,
        )
    next_line(done.next)
