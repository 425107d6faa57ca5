"""The `kinerja` command line: a thin Click layer over the library.

Each module registers its commands; a command parses options, calls one
library function and prints the result.
"""

from __future__ import annotations

import sys

try:  # Ctrl-C while the program is still loading (about a second): nothing was done yet
    import click

    from generator import __version__
    from generator.cli import (
        archive,
        collect,
        demo_cmd,
        documents,
        laporan,
        papertrail,
        review,
        workspace_cmds,
    )
    from generator.cli.common import KinerjaGroup
except KeyboardInterrupt:
    sys.stderr.write("Dibatalkan oleh pengguna.\n")
    raise SystemExit(1) from None

COMMAND_MODULES = [
    workspace_cmds,
    documents,
    collect,
    review,
    demo_cmd,
    papertrail,
    archive,
    laporan,
]


@click.group(cls=KinerjaGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "--versi", message="kinerja %(version)s", help="Tampilkan versi lalu keluar."
)
def kinerja() -> None:
    """kinerja — dokumen SOP Pengukuran Kinerja: memo, formulir, tanda terima, rekap,
    laporan kinerja, dan arsip PDF bertanda tangan elektronik.

    Jalankan perintah sesuai urutan SOP; lihat posisi pekerjaan dengan 'kinerja status'.
    """


for _module in COMMAND_MODULES:
    _module.register(kinerja)


def main() -> None:
    kinerja()
