"""`kinerja memo`, `kinerja tanda-terima` and `kinerja templat periksa`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.base.periode import Periode
from generator.cli.common import (
    KinerjaGroup,
    command,
    console,
    oleh_option,
    output_option,
    periode_option,
    success,
)
from generator.documents.memo import SIFAT, create_memo, parse_sifat
from generator.documents.tanda_terima import create_tanda_terima
from generator.documents.templates_check import check_templates
from generator.workspace.folder import Workspace


@command("memo")
@periode_option
@click.option(
    "--sifat",
    type=click.Choice(SIFAT, case_sensitive=False),
    default="segera",
    show_default=True,
    help="Sifat disposisi yang ditandai pada lembar disposisi.",
)
@click.option("--catatan", metavar="TEKS", help="Catatan/arahan Sekretaris (bawaan: teks baku).")
@oleh_option
@output_option
def memo_cmd(
    periode: Periode, sifat: str, catatan: str | None, oleh: str | None, output: Path
) -> None:
    """Langkah 1: membuat Memo/Lembar Disposisi penyiapan formulir (Sekretaris kepada Kasubag).

    Selama memo masih draf, menjalankan ulang memperbarui memo itu dengan nomor yang sama;
    setelah dicetak, dibuat versi baru dengan nomor baru.
    """
    ws = Workspace.open(output, periode)
    version = create_memo(ws, sifat=parse_sifat(sifat), catatan=catatan, oleh=oleh)
    success(f"Memo nomor {version.nomor} (versi {version.versi}): {ws.path(version.path)}")


@command("tanda-terima")
@periode_option
@oleh_option
@output_option
def tanda_terima_cmd(periode: Periode, oleh: str | None, output: Path) -> None:
    """Langkah 4: membuat tanda terima formulir yang dibagikan kepada setiap Bidang."""
    ws = Workspace.open(output, periode)
    version = create_tanda_terima(ws, oleh=oleh)
    success(f"Tanda terima nomor {version.nomor} (versi {version.versi}): {ws.path(version.path)}")


@click.group("templat", cls=KinerjaGroup)
def templat_group() -> None:
    """Memeriksa templat dokumen Word di folder templates/."""


@templat_group.command(
    "periksa", short_help="Memeriksa isian templat Word terhadap isian dari program."
)
@click.argument(
    "file",
    required=False,
    metavar="[BERKAS]",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
)
def periksa_cmd(file: Path | None) -> None:
    """Membandingkan isian {{ ... }} templat dengan isian yang diberikan program.

    Tanpa BERKAS, semua templat .docx di folder templates/ diperiksa. Keluar dengan kode 1
    bila ada isian yang tidak dikenal atau tag yang salah tulis.
    """
    failed = False
    for report in check_templates(file):
        name = report.template.name
        if report.catatan:
            console.print(f"[dim]• {name}: {report.catatan}[/]")
            continue
        status = "[green]✓[/]" if report.ok else "[bold red]✗[/]"
        console.print(f"{status} {name}")
        for error in report.errors:
            console.print(f"    galat: {error}", soft_wrap=True)
        for unknown in report.unknown:
            console.print(f"    isian tidak dikenal: {{{{ {unknown} }}}}", soft_wrap=True)
        if report.missing:
            console.print(
                "    isian tersedia tetapi tidak dipakai: " + ", ".join(report.missing),
                soft_wrap=True,
            )
        failed = failed or not report.ok
    if failed:
        raise click.exceptions.Exit(1)


def register(group: click.Group) -> None:
    group.add_command(memo_cmd)
    group.add_command(tanda_terima_cmd)
    group.add_command(templat_group)
