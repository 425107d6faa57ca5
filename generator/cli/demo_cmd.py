"""`kinerja demo`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.archive import conversion_progress, print_report
from generator.cli.common import EXIT_USER, command, console, output_option, success
from generator.cli.render import print_status
from generator.demo.cycle import run_demo
from generator.workspace.service import status_of


@command("demo")
@output_option
def demo_cmd(output: Path) -> None:
    """Menjalankan seluruh siklus SOP pada data contoh: memo sampai arsip bertanda tangan.

    Isian setiap bidang disimulasikan; satu bidang dikembalikan dengan arahan lalu mengisi
    ulang. Setiap kali dijalankan, demo membuat folder baru output/demo-<tanggal-jam>.
    """
    with conversion_progress() as on_done:
        result = run_demo(
            output, progress=lambda msg: console.print(f"[cyan]•[/] {msg}"), on_converted=on_done
        )
    console.print()
    print_status(console, status_of(result.workspace))
    if result.verifikasi is not None:
        print_report(result.verifikasi)
    success(f"Demo selesai. Semua berkas ada di {result.workspace.root}")
    if result.verifikasi is None or not result.verifikasi.ok:
        raise click.exceptions.Exit(EXIT_USER)


def register(group: click.Group) -> None:
    group.add_command(demo_cmd)
