"""`kinerja paraf`: an official's initials on a printed document."""

from __future__ import annotations

from pathlib import Path

import click

from generator import api
from generator.cli.common import command, optional_periode_option, output_option, success


@command("paraf")
@click.argument("doc_id", metavar="ID_DOKUMEN")
@click.option(
    "--oleh",
    "role",
    required=True,
    type=click.Choice(api.PARAF_ROLES, case_sensitive=False),
    help="Pejabat yang memaraf (hierarki paraf; staf = penyusun konsep).",
)
@optional_periode_option
@click.option("--catatan", default=None, metavar="TEKS", help="Catatan singkat yang ikut dicatat.")
@output_option
def cmd(
    doc_id: str, role: str, periode: api.Periode | None, catatan: str | None, output: Path
) -> None:
    """Mencatat paraf pada dokumen yang sudah dicetak (siapa dan kapan).

    ID_DOKUMEN adalah Id dokumen (mis. MEMO-2025-01), bukan nomor naskahnya: lihat kolom Id
    pada kinerja status --periode PERIODE, atau kaki dokumen di bawah kode QR.

    \b
    Contoh:
      kinerja paraf MEMO-2025-01 --oleh kasubag
    """
    record = api.paraf(output, doc_id, role, periode=periode, catatan=catatan).value
    success(
        f"Paraf {api.ROLE_LABELS[record.peran]} ({record.nama}) pada {record.doc_id}"
        f" versi {record.versi} dicatat, {record.waktu:%d-%m-%Y %H.%M}."
    )
