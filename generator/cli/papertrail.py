"""`kinerja cetak`, `kinerja paraf` and `kinerja tandatangan`: the paper trail."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.base.periode import Periode
from generator.cli.common import (
    command,
    console,
    oleh_option,
    output_option,
    periode_option,
    success,
)
from generator.errors import KinerjaError
from generator.rules.sop import ROLE_LABELS
from generator.workflow.papertrail import (
    PARAF_ROLES,
    SIGN_ROLES,
    cetak_dokumen,
    find_workspace_of,
    paraf,
    tandatangan,
)
from generator.workspace.folder import Workspace

if TYPE_CHECKING:
    from generator.convert.jobs import ConversionResult


def _optional_periode(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> Periode | None:
    if value is None:
        return None
    try:
        return Periode.parse(value)
    except KinerjaError as exc:
        raise click.BadParameter(exc.render(), ctx=ctx, param=param) from exc


periode_optional = click.option(
    "--periode",
    callback=_optional_periode,
    metavar="PERIODE",
    help="Periode ruang kerja (bawaan: dicari dari nomor dokumen di folder keluaran).",
)


def _doc_id(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Document ids are upper case ("MEMO-2025-01"); "memo-2025-01" as typed is the same id."""
    return value.strip().upper()


def _workspace(output: Path, periode: Periode | None, doc_id: str) -> Workspace:
    if periode is not None:
        return Workspace.open(output, periode)
    return find_workspace_of(output, doc_id)


@command("paraf")
@click.argument("doc_id", metavar="NOMOR_DOKUMEN", callback=_doc_id)
@click.option(
    "--oleh",
    "role",
    required=True,
    type=click.Choice(PARAF_ROLES, case_sensitive=False),
    help="Pejabat yang memaraf (hierarki paraf; staf = penyusun konsep).",
)
@periode_optional
@click.option("--catatan", default=None, metavar="TEKS", help="Catatan singkat yang ikut dicatat.")
@output_option
def paraf_cmd(
    doc_id: str, role: str, periode: Periode | None, catatan: str | None, output: Path
) -> None:
    """Mencatat paraf pada dokumen yang sudah dicetak (siapa dan kapan)."""
    ws = _workspace(output, periode, doc_id)
    record = paraf(ws, doc_id, role.lower(), catatan)
    success(
        f"Paraf {ROLE_LABELS[record.peran]} ({record.nama}) pada {record.doc_id}"
        f" versi {record.versi} dicatat, {record.waktu:%d-%m-%Y %H.%M}."
    )


@command("tandatangan")
@click.argument("doc_id", metavar="NOMOR_DOKUMEN", callback=_doc_id)
@click.option(
    "--pindaian",
    "pindaian",
    multiple=True,
    metavar="BERKAS",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Hasil pindai dokumen bertanda tangan: PDF, atau JPG/PNG/TIFF (boleh diulang,"
    " satu halaman per gambar).",
)
@click.option(
    "--oleh",
    "role",
    default=None,
    type=click.Choice(SIGN_ROLES, case_sensitive=False),
    help="Pejabat penanda tangan (bawaan: penanda tangan jenis dokumen itu).",
)
@periode_optional
@output_option
def tandatangan_cmd(
    doc_id: str,
    pindaian: tuple[Path, ...],
    role: str | None,
    periode: Periode | None,
    output: Path,
) -> None:
    """Mencatat tanda tangan basah pada dokumen yang sudah dicetak, dengan pindaiannya."""
    ws = _workspace(output, periode, doc_id)
    result = tandatangan(ws, doc_id, role.lower() if role else None, list(pindaian) or None)
    success(
        f"Tanda tangan {ROLE_LABELS[result.peran]} ({result.nama}) pada {result.doc_id}"
        f" versi {result.versi} dicatat."
    )
    if result.lampiran is not None:
        console.print(f"  Pindaian disimpan: {ws.relative(result.lampiran)}")
    else:
        console.print("  Tanpa pindaian; lampirkan nanti dengan --pindaian BERKAS.")


def _progress(result: ConversionResult) -> None:
    how = "dari cache" if result.cached else f"{result.seconds:.1f} detik"
    mark = "[green]✓[/]" if result.ok else "[red]✗[/]"
    console.print(f"  {mark} {result.job.source.name} → PDF ({how})")


@command("cetak")
@periode_option
@click.option(
    "--langkah",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Langkah SOP yang dokumennya dicetak (bawaan: semua langkah).",
)
@click.option("--ulang", is_flag=True, help="Cetak ulang dokumen yang sudah pernah dicetak.")
@oleh_option
@output_option
def cetak_cmd(
    periode: Periode, langkah: int | None, ulang: bool, oleh: str | None, output: Path
) -> None:
    """Membuat satu PDF siap cetak (dengan salinannya) dan menandai dokumennya 'dicetak'."""
    ws = Workspace.open(output, periode)
    result = cetak_dokumen(ws, langkah, _progress, ulang=ulang, oleh=oleh)
    for item in result.items:
        console.print(f"  {item.doc_id} v{item.versi}: {item.salinan} salinan ({item.alasan})")
    success(f"Siap cetak: {result.path} ({result.halaman} halaman).")


def register(group: click.Group) -> None:
    group.add_command(cetak_cmd)
    group.add_command(paraf_cmd)
    group.add_command(tandatangan_cmd)
