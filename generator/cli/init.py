"""`kinerja init`: the workspace of a periode, with its input snapshot and manifest."""

from __future__ import annotations

from pathlib import Path

import click

from generator import api
from generator.cli.common import command, next_line, output_option, periode_option, success


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
    templat: Path | None,
    output: Path,
) -> None:
    """Membuat ruang kerja periode: salinan masukan, salinan templat, dan manifest."""
    done = api.init(output, periode, org=org_path, indikator=master_path, templat=templat)
    inputs = done.value.inputs
    success(
        f"Ruang kerja {periode} dibuat di {done.workspace} "
        f"({len(inputs.org.bidang)} unit, {len(inputs.master.indikator)} indikator,"
        f" {len(inputs.master.anggaran)} kegiatan)."
    )
    next_line(done.next)
