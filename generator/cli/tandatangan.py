"""`kinerja tandatangan`: the hand signature on a printed document, with its scans."""

from __future__ import annotations

from pathlib import Path

import click

from generator import api
from generator.cli.common import command, console, optional_periode_option, output_option, success


@command("tandatangan")
@click.argument("doc_id", metavar="ID_DOKUMEN")
@click.option(
    "--pindaian",
    "pindaian",
    multiple=True,
    metavar="BERKAS",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Hasil pindai dokumen bertanda tangan: PDF, atau JPG/PNG/TIFF (boleh diulang,"
    " satu halaman per gambar).",
)
@click.option(
    "--oleh",
    "role",
    default=None,
    type=click.Choice(api.SIGN_ROLES, case_sensitive=False),
    help="Pejabat penanda tangan (bawaan: penanda tangan jenis dokumen itu).",
)
@optional_periode_option
@output_option
def cmd(
    doc_id: str,
    pindaian: tuple[Path, ...],
    role: str | None,
    periode: api.Periode | None,
    output: Path,
) -> None:
    """Mencatat tanda tangan basah pada dokumen yang sudah dicetak, dengan pindaiannya.

    ID_DOKUMEN adalah Id dokumen (mis. MEMO-2025-01), bukan nomor naskahnya: lihat kolom Id
    pada kinerja status --periode PERIODE, atau kaki dokumen di bawah kode QR.

    \b
    Contoh:
      kinerja tandatangan MEMO-2025-01 --pindaian pindaian/memo.pdf
      kinerja tandatangan LKJ-2025-01 --oleh kepala
    """
    done = api.tandatangan(output, doc_id, peran=role, pindaian=list(pindaian), periode=periode)
    result = done.value
    success(
        f"Tanda tangan {api.ROLE_LABELS[result.peran]} ({result.nama}) pada {result.doc_id}"
        f" versi {result.versi} dicatat."
    )
    if result.lampiran is not None:
        console.print(f"  Pindaian disimpan: {done.relative(result.lampiran)}", markup=False)
    else:
        console.print("  Tanpa pindaian; lampirkan nanti dengan --pindaian BERKAS.")
