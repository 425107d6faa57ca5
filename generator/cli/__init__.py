"""The `kinerja` command line: a thin Click layer over ``generator.api``.

One module per command, named after it (``kinerja tanda-terima`` is ``cli/tanda_terima.py``);
a command parses its options, calls one API function and prints the result. Commands are
imported only when they run (Click's lazy group), so ``--help`` and a refusal stay fast.
"""

from __future__ import annotations

import gc
import importlib
import sys

try:  # Ctrl-C while the program is still loading: nothing was done yet
    import click

    from generator import __version__
    from generator.cli.common import KinerjaGroup
except KeyboardInterrupt:
    sys.stderr.write("Dibatalkan oleh pengguna.\n")
    raise SystemExit(1) from None

# Command name -> module under generator.cli holding ``cmd``, in the order of the SOP.
COMMANDS = {
    "contoh": "contoh",
    "init": "init",
    "memo": "memo",
    "formulir": "formulir",
    "tanda-terima": "tanda_terima",
    "kumpulkan": "kumpulkan",
    "rekap": "rekap",
    "tinjau": "tinjau",
    "laporan": "laporan",
    "cetak": "cetak",
    "paraf": "paraf",
    "tandatangan": "tandatangan",
    "arsip": "arsip",
    "verifikasi": "verifikasi",
    "status": "status",
    "templat": "templat",
    "demo": "demo",
    "akun": "akun",
    "web": "web",
}


class LazyGroup(KinerjaGroup):
    """Imports a command's module only when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        try:
            loaded = importlib.import_module(f"generator.cli.{module}")
        except KeyboardInterrupt:
            sys.stderr.write("Dibatalkan oleh pengguna.\n")
            raise SystemExit(1) from None
        command: click.Command = loaded.cmd
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__,
    "--version",
    "--versi",
    message="kinerja %(version)s",
    help="Tampilkan versi lalu keluar.",
)
def kinerja() -> None:
    """kinerja — dokumen SOP Pengukuran Kinerja: memo, formulir, tanda terima, rekap,
    laporan kinerja, dan arsip PDF bertanda tangan elektronik.

    Jalankan perintah sesuai urutan SOP; lihat posisi pekerjaan dengan 'kinerja status'.
    """


# CPython collects its youngest objects every 700 net allocations, and all of them every tenth
# time of the tenth: the demo's main thread spent 0.6 s in 840 collections, six of them full
# passes over the 220,000 objects that matplotlib, pyHanko and openpyxl leave alive. At 20,000 it
# spends 0.2 s in 25 (a cycle of garbage waits a little longer: no peak that was measured
# moved). bench/RESULTS.md, "Catatan sesi ketujuh".
GC_THRESHOLD = (20_000, 20, 10)


def main() -> None:
    gc.set_threshold(*GC_THRESHOLD)
    try:
        kinerja()
    finally:
        # Everything a command made is written and closed by now; what is left is the
        # interpreter's last garbage collection of every object the command loaded (the
        # demo's matplotlib, pyHanko, openpyxl: 0.3 s after its last line was printed).
        # Frozen objects are skipped by it; atexit handlers and file flushes still run.
        gc.freeze()
