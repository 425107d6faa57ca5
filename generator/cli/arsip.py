"""`kinerja arsip` (step 11): one signed PDF/A-3 archive of the periode."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from generator import api
from generator.cli.common import (
    command,
    console,
    conversion_progress,
    output_option,
    periode_option,
    success,
)
from generator.errors import SigningError

PASSPHRASE_ENV = "KINERJA_P12_PASSWORD"


def passphrase_from_env_or_prompt(
    env_var: str = PASSPHRASE_ENV, prompt: Callable[[], str] | None = None
) -> bytes:
    """The PKCS#12 passphrase from ``env_var``, else from ``prompt`` (never argv).

    Without a prompt the terminal is asked with echo off.
    """
    value = os.environ.get(env_var)
    if value is None:
        import getpass

        ask = prompt or (lambda: getpass.getpass("Kata sandi sertifikat: "))
        try:
            value = ask()
        except (EOFError, KeyboardInterrupt) as exc:
            raise SigningError("Kata sandi sertifikat tidak diberikan.") from exc
    if not value:
        raise SigningError(
            "Kata sandi sertifikat kosong.",
            hint=f"Isi variabel lingkungan {env_var} atau ketik kata sandinya saat diminta.",
        )
    return value.encode("utf-8")


def _passphrase() -> bytes:
    """From KINERJA_P12_PASSWORD, else typed at the terminal; without a terminal (a script, a
    scheduled job) say which variable to set instead of Python's English getpass warning."""
    if os.environ.get(PASSPHRASE_ENV) is None and not sys.stdin.isatty():
        raise SigningError(
            "Kata sandi sertifikat tidak diberikan, dan tidak ada terminal untuk mengetiknya.",
            hint=f"Isi variabel lingkungan {PASSPHRASE_ENV} sebelum menjalankan perintah ini.",
        )
    return passphrase_from_env_or_prompt()


@command("arsip")
@periode_option
@click.option(
    "--p12",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    metavar="BERKAS",
    help="Sertifikat penandatangan (PKCS#12). Kata sandi dari KINERJA_P12_PASSWORD atau diminta.",
)
@click.option(
    "--sertifikat-demo",
    is_flag=True,
    help="Buat dan pakai sertifikat DEMO di ruang kerja (untuk latihan, bukan tanda tangan resmi).",
)
@click.option(
    "--penandatangan",
    type=click.Choice(api.ARCHIVE_SIGNERS),
    default="kepala",
    show_default=True,
    help="Pejabat yang namanya tertera pada cap tanda tangan elektronik.",
)
@click.option(
    "--tsa",
    metavar="URL",
    envvar="KINERJA_TSA_URL",
    help="Alamat server cap waktu (RFC 3161) untuk tanda tangan PAdES B-T.",
)
@click.option(
    "--belum-lengkap",
    is_flag=True,
    help="Buat arsip walaupun memo, rekap atau Laporan Kinerja belum tercatat ditandatangani;"
    " sampulnya lalu bertuliskan ARSIP BELUM LENGKAP.",
)
@output_option
def cmd(
    periode: api.Periode,
    p12: Path | None,
    sertifikat_demo: bool,
    penandatangan: str,
    tsa: str | None,
    belum_lengkap: bool,
    output: Path,
) -> None:
    """Langkah 11: satu PDF/A-3 arsip berisi semua dokumen, ditandatangani elektronik.

    \b
    Contoh:
      kinerja arsip --periode 2025 --p12 sertifikat.p12
      kinerja arsip --periode 2025 --sertifikat-demo
    """
    if p12 is not None and sertifikat_demo:
        raise click.UsageError("Pilih salah satu: --p12 atau --sertifikat-demo.")
    if p12 is not None:
        signer = api.p12_signer(p12, _passphrase())
    elif sertifikat_demo:
        signer = api.demo_signer()
    else:
        raise SigningError(
            "Arsip harus ditandatangani: sertifikat tidak diberikan.",
            hint="Berikan --p12 BERKAS.p12 (kata sandi dari KINERJA_P12_PASSWORD atau diminta),"
            " atau --sertifikat-demo untuk latihan.",
        )
    with conversion_progress() as on_done:
        done = api.arsip(
            output,
            periode,
            signer,
            penandatangan=penandatangan,
            tsa=tsa,
            belum_lengkap=belum_lengkap,
            on_converted=on_done,
        )
    result = done.value
    if result.current:
        success(
            f"Tidak ada yang berubah sejak arsip terakhir; {result.path} masih terkini"
            f" (SHA-256 {result.sha256}). Tidak ada arsip baru yang dibuat."
        )
        return
    success(
        f"Arsip {result.path} ({result.pages} halaman, {result.documents} dokumen) ditandatangani;"
        f" SHA-256 {result.sha256}."
    )
    if result.ca_pem is not None:
        console.print(
            f"Sertifikat CA demo: {result.ca_pem} (periksa dengan --percaya).", markup=False
        )
    if result.belum_ditandatangani:
        console.print(
            "Arsip BELUM LENGKAP; belum tercatat ditandatangani: "
            + "; ".join(result.belum_ditandatangani),
            style="yellow",
            markup=False,
        )
    elif not result.step_done:
        console.print(
            "[yellow]Langkah 11 belum ditandai selesai: rekap belum disetujui (langkah 10).[/]"
        )
