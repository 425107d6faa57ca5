"""`kinerja status`: every SOP step and every document of a periode."""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator import api
from generator.cli.common import command, console, next_line, output_option, periode_option


@command("status")
@periode_option
@click.option(
    "--json", "as_json", is_flag=True, help="Cetak sebagai JSON (skema tetap, lihat README)."
)
@output_option
def cmd(periode: api.Periode, as_json: bool, output: Path) -> None:
    """Menampilkan status setiap langkah SOP dan setiap dokumen.

    \b
    Contoh:
      kinerja status --periode 2025
      kinerja status --periode 2025 --json
    """
    done = api.status(output, periode)
    if as_json:
        click.echo(json.dumps(done.value, ensure_ascii=False, indent=2))
        return
    from generator.cli.present import print_status

    print_status(console, done.value)
    next_line(done.next)
