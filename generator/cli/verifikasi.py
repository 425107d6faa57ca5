"""`kinerja verifikasi`: check an archive's signature, integrity and embedded files."""

from __future__ import annotations

from pathlib import Path

import click

from generator import api
from generator.cli.common import EXIT_USER, command, console


@command("verifikasi")
@click.argument("berkas", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--percaya",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    metavar="BERKAS",
    multiple=True,
    envvar="KINERJA_PERCAYA",
    help="Sertifikat CA (PEM) yang dipercaya: CA penanda tangan, dan CA server cap waktu bila"
    " ada. Boleh diberikan lebih dari sekali, atau lewat KINERJA_PERCAYA (dipisah ':')."
    " Tanpa CA yang dipercaya, putusannya paling baik 'belum terbukti sah' (kode keluar 1).",
)
def cmd(berkas: Path, percaya: tuple[Path, ...]) -> None:
    """Memeriksa tanda tangan, keutuhan dan berkas tertanam sebuah arsip PDF.

    \b
    Contoh:
      kinerja verifikasi arsip-bakesbangpol-2025.pdf --percaya ca.pem
    """
    from generator.cli.present import print_report

    report = api.verifikasi(berkas, list(percaya)).value
    print_report(console, report)
    if not report.sah:
        raise click.exceptions.Exit(EXIT_USER)
