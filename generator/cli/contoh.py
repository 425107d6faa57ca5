"""`kinerja contoh`: the sample inputs as a starting point for an office's own data."""

from __future__ import annotations

from pathlib import Path

import click

from generator import api
from generator.cli.common import command, console, success


@command("contoh")
@click.argument(
    "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."), metavar="FOLDER"
)
def cmd(folder: Path) -> None:
    """Menyalin contoh masukan (org.yaml dan indikator.xlsx) ke FOLDER untuk diubah.

    Ubah kedua berkas itu menjadi data kantor sendiri, lalu:
    kinerja init --periode 2025 --org FOLDER/org.yaml --indikator FOLDER/indikator.xlsx

    \b
    Contoh:
      kinerja contoh data/
    """
    for path in api.contoh(folder).written:
        console.print(f"  {path}", markup=False)
    success(f"Contoh masukan disalin ke {folder}; ubah lalu pakai dengan kinerja init.")
