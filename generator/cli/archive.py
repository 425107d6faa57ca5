"""`kinerja arsip` (step 11) and `kinerja verifikasi`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from generator.base.periode import Periode
from generator.cli.common import EXIT_USER, command, console, output_option, periode_option, success
from generator.convert import ConversionResult
from generator.errors import SigningError
from generator.pdf.signing import PASSPHRASE_ENV, passphrase_from_env_or_prompt
from generator.pdf.verify import VerificationReport, verify_bundle
from generator.workflow.archive import Signing, arsip
from generator.workspace.folder import Workspace


@contextmanager
def conversion_progress(
    label: str = "Konversi ke PDF/A",
) -> Iterator[Callable[[ConversionResult], None]]:
    """A rich progress bar fed by the converter's per-document callback."""
    with Progress(
        TextColumn("[cyan]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,  # a pipe or a log file gets no progress (and no blank line)
    ) as progress:
        task = progress.add_task(label, total=None)

        def on_done(result: ConversionResult) -> None:
            progress.advance(task)
            progress.update(task, description=f"{label}: {result.job.source.name}")

        yield on_done


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
    type=click.Choice(["kepala", "sekretaris"]),
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
@output_option
def arsip_cmd(
    periode: Periode,
    p12: Path | None,
    sertifikat_demo: bool,
    penandatangan: str,
    tsa: str | None,
    output: Path,
) -> None:
    """Langkah 11: satu PDF/A-3 arsip berisi semua dokumen, ditandatangani elektronik."""
    if p12 is not None and sertifikat_demo:
        raise click.UsageError("Pilih salah satu: --p12 atau --sertifikat-demo.")
    ws = Workspace.open(output, periode)
    signing = Signing(
        p12=p12,
        passphrase=_passphrase if p12 is not None else None,
        demo=sertifikat_demo,
        penandatangan=penandatangan,
        timestamp_url=tsa,
    )
    with conversion_progress() as on_done:
        result = arsip(ws, signing, on_done=on_done)
    success(
        f"Arsip {result.path} ({result.pages} halaman, {result.documents} dokumen) ditandatangani;"
        f" SHA-256 {result.sha256}."
    )
    if result.ca_pem is not None:
        console.print(f"Sertifikat CA demo: {result.ca_pem} (periksa dengan --percaya).")
    if not result.step_done:
        console.print(
            "[yellow]Langkah 11 belum ditandai selesai: rekap belum disetujui (langkah 10).[/]"
        )


@command("verifikasi")
@click.argument("berkas", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--percaya",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    metavar="BERKAS",
    multiple=True,
    help="Sertifikat CA (PEM) yang dipercaya: CA penanda tangan, dan CA server cap waktu bila"
    " ada. Boleh diberikan lebih dari sekali.",
)
def verifikasi_cmd(berkas: Path, percaya: tuple[Path, ...]) -> None:
    """Memeriksa tanda tangan, keutuhan dan berkas tertanam sebuah arsip PDF."""
    report = verify_bundle(berkas, list(percaya))
    print_report(report)
    if not report.ok:
        raise click.exceptions.Exit(EXIT_USER)


def print_report(report: VerificationReport) -> None:
    table = Table(title=f"Verifikasi {report.path.name}")
    table.add_column("Pemeriksaan")
    table.add_column("Hasil")
    table.add_column("Keterangan", overflow="fold")
    for check in report.checks:
        if check.skipped:
            verdict = "[dim]dilewati[/]"
        else:
            verdict = "[green]LULUS[/]" if check.ok else "[bold red]GAGAL[/]"
        table.add_row(check.label_id, verdict, check.detail)
    console.print(table)
    if report.ok:
        success("Arsip sah: semua pemeriksaan lulus.")
    else:
        console.print("[bold red]Arsip TIDAK sah:[/] sedikitnya satu pemeriksaan gagal.")


def register(group: click.Group) -> None:
    group.add_command(arsip_cmd)
    group.add_command(verifikasi_cmd)
