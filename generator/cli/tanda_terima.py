"""`kinerja tanda-terima` (step 4): the receipt of the formulir handed to each Bidang."""

from __future__ import annotations

from pathlib import Path

from generator import api
from generator.cli.common import command, oleh_option, output_option, periode_option, success


@command("tanda-terima")
@periode_option
@oleh_option
@output_option
def cmd(periode: api.Periode, oleh: str | None, output: Path) -> None:
    """Langkah 4: membuat tanda terima formulir yang dibagikan kepada setiap Bidang.

    \b
    Contoh:
      kinerja tanda-terima --periode 2025
    """
    done = api.tanda_terima(output, periode, oleh=oleh)
    version = done.value
    success(f"Tanda terima nomor {version.nomor} (versi {version.versi}): {done.written[0]}")
