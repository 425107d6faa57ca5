"""`kinerja templat periksa`: check the templates' placeholders against the program's."""

from __future__ import annotations

from pathlib import Path

import click

from generator import api
from generator.cli.common import KinerjaGroup, console


@click.group("templat", cls=KinerjaGroup)
def cmd() -> None:
    """Memeriksa templat dokumen Word di folder templates/.

    \b
    Contoh:
      kinerja templat periksa
      kinerja templat periksa templat/memo.docx
    """


@cmd.command("periksa", short_help="Memeriksa isian templat Word terhadap isian dari program.")
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
    for report in api.templat_periksa(file).value:
        name = report.template.name
        if report.catatan:
            console.print(f"[dim]• {name}: {report.catatan}[/]")
            continue
        status = "[green]✓[/]" if report.ok else "[bold red]✗[/]"
        console.print(f"{status} {name}")
        for error in report.errors:
            console.print(f"    galat: {error}", soft_wrap=True, markup=False)
        for unknown in report.unknown:
            console.print(
                f"    isian tidak dikenal: {{{{ {unknown} }}}}", soft_wrap=True, markup=False
            )
        if report.missing:
            console.print(
                "    isian tersedia tetapi tidak dipakai: " + ", ".join(report.missing),
                soft_wrap=True,
                markup=False,
            )
        failed = failed or not report.ok
    if failed:
        raise click.exceptions.Exit(1)
