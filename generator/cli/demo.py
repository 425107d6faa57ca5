"""`kinerja demo`: the whole SOP cycle on the embedded sample."""

from __future__ import annotations

from pathlib import Path

import click

from generator import api
from generator.cli.common import (
    EXIT_USER,
    command,
    console,
    conversion_progress,
    output_option,
    success,
)


@command("demo")
@output_option
def cmd(output: Path) -> None:
    """Menjalankan seluruh siklus SOP pada data contoh: memo sampai arsip bertanda tangan.

    Isian setiap bidang disimulasikan; satu bidang dikembalikan dengan arahan lalu mengisi
    ulang. Setiap kali dijalankan, demo membuat folder baru output/demo-<tanggal-jam>.

    \b
    Contoh:
      kinerja demo
    """
    from generator.cli.present import print_report, print_status

    with conversion_progress() as on_done:
        done = api.demo(
            output, progress=lambda msg: console.print(f"[cyan]•[/] {msg}"), on_converted=on_done
        )
    result = done.value
    console.print()
    root = result.workspace.root
    print_status(console, api.status(root.parent, root.name).value)
    if result.verifikasi is not None:
        print_report(console, result.verifikasi)
    success(f"Demo selesai. Semua berkas ada di {root}")
    if result.verifikasi is None or not result.verifikasi.ok:
        raise click.exceptions.Exit(EXIT_USER)
