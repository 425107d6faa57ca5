"""`kinerja web`: the office web page over the workspaces of an output folder."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import command, console, err_console, output_option


@command("web")
@output_option
@click.option(
    "--host",
    default="127.0.0.1",
    metavar="ALAMAT",
    show_default=True,
    help="Alamat yang didengarkan; 0.0.0.0 untuk seluruh jaringan kantor (pakai https).",
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port."
)
@click.option(
    "--sertifikat",
    metavar="BERKAS",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Sertifikat TLS (PEM) agar halaman dilayani lewat https.",
)
@click.option(
    "--kunci",
    metavar="BERKAS",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Kunci privat sertifikat TLS (PEM).",
)
def cmd(output: Path, host: str, port: int, sertifikat: Path | None, kunci: Path | None) -> None:
    """Menjalankan halaman web kantor untuk semua periode di FOLDER keluaran.

    Setiap orang masuk dengan akunnya sendiri (buat dengan 'kinerja akun tambah'). Hentikan
    dengan Ctrl-C.

    \b
    Contoh:
      kinerja web
      kinerja web --host 0.0.0.0 --port 8443 --sertifikat kinerja.pem --kunci kinerja-key.pem
    """
    from generator.web.serve import LOOPBACK, serve

    scheme = "https" if sertifikat else "http"
    console.print(f"Halaman web kinerja: {scheme}://{host}:{port}/  (Ctrl-C untuk berhenti)")
    if host not in LOOPBACK and not sertifikat:
        err_console.print(
            "[yellow]Perhatian:[/] halaman terbuka untuk jaringan tanpa https. Pasang reverse"
            " proxy dengan TLS di depannya, atau berikan --sertifikat dan --kunci (lihat README)."
        )
    serve(output, host=host, port=port, sertifikat=sertifikat, kunci=kunci)
