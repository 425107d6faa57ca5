"""`kinerja demo`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import command, console, output_option, success
from generator.cli.render import print_status
from generator.demo import run_demo
from generator.service import status_of


@command("demo")
@output_option
def demo_cmd(output: Path) -> None:
    """Menjalankan seluruh siklus SOP pada data contoh (isian bidang disimulasikan)."""
    result = run_demo(output, progress=lambda msg: console.print(f"[cyan]•[/] {msg}"))
    console.print()
    print_status(console, status_of(result.workspace))
    if result.not_built:
        console.print("[yellow]Belum dibangun pada versi ini:[/] " + "; ".join(result.not_built))
    success(f"Demo selesai. Semua berkas ada di {result.workspace.root}")


def register(group: click.Group) -> None:
    group.add_command(demo_cmd)
