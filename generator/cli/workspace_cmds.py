"""`kinerja contoh`, `kinerja init` and `kinerja status`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator.base.periode import Periode
from generator.cli.common import command, console, output_option, periode_option, success
from generator.cli.render import print_status
from generator.inputs.load import write_samples
from generator.workspace.folder import Workspace
from generator.workspace.service import status_of


@command("init")
@periode_option
@click.option(
    "--org",
    "org_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    metavar="BERKAS",
    help="Berkas YAML konfigurasi organisasi (bawaan: contoh Bakesbangpol Kota Malang).",
)
@click.option(
    "--indikator",
    "master_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    metavar="BERKAS",
    help="Master indikator dan pagu: buku kerja Excel (.xlsx) atau YAML (bawaan: contoh).",
)
@output_option
def init_cmd(
    periode: Periode, org_path: Path | None, master_path: Path | None, output: Path
) -> None:
    """Membuat ruang kerja periode: salinan masukan dan manifest."""
    ws = Workspace.create(output, periode, org_path, master_path)
    inputs = ws.inputs
    success(
        f"Ruang kerja {periode} dibuat di {ws.root} "
        f"({len(inputs.org.bidang)} unit, {len(inputs.master.indikator)} indikator,"
        f" {len(inputs.master.anggaran)} kegiatan)."
    )


@command("status")
@periode_option
@click.option(
    "--json", "as_json", is_flag=True, help="Cetak sebagai JSON (skema tetap, lihat README)."
)
@output_option
def status_cmd(periode: Periode, as_json: bool, output: Path) -> None:
    """Menampilkan status setiap langkah SOP dan setiap dokumen."""
    report = status_of(Workspace.open(output, periode))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_status(console, report)


@command("contoh")
@click.argument(
    "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."), metavar="FOLDER"
)
def contoh_cmd(folder: Path) -> None:
    """Menyalin contoh masukan (org.yaml dan indikator.xlsx) ke FOLDER untuk diubah.

    Ubah kedua berkas itu menjadi data kantor sendiri, lalu:
    kinerja init --periode 2025 --org FOLDER/org.yaml --indikator FOLDER/indikator.xlsx
    """
    for path in write_samples(folder):
        console.print(f"  {path}")
    success(f"Contoh masukan disalin ke {folder}; ubah lalu pakai dengan kinerja init.")


def register(group: click.Group) -> None:
    group.add_command(contoh_cmd)
    group.add_command(init_cmd)
    group.add_command(status_cmd)
