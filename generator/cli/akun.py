"""`kinerja akun tambah|daftar|hapus`: the accounts of the office web page."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator import api
from generator.cli.common import KinerjaGroup, LazyChoice, console, output_option, success
from generator.errors import InputError

PASSWORD_ENV = "KINERJA_SANDI"


def _initial_password() -> str:
    """From KINERJA_SANDI, else typed twice at the terminal with echo off (never from argv)."""
    value = os.environ.get(PASSWORD_ENV)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise InputError(
            "Kata sandi awal tidak diberikan, dan tidak ada terminal untuk mengetiknya.",
            hint=f"Isi variabel lingkungan {PASSWORD_ENV} sebelum menjalankan perintah ini.",
        )
    first = click.prompt("Kata sandi awal", hide_input=True, prompt_suffix=": ")
    again = click.prompt("Ulangi kata sandi awal", hide_input=True, prompt_suffix=": ")
    if first != again:
        raise InputError("Kedua kata sandi yang diketik tidak sama; ulangi perintahnya.")
    return str(first)


@click.group("akun", cls=KinerjaGroup)
def cmd() -> None:
    """Akun halaman web kantor: satu akun untuk setiap orang, dengan perannya.

    \b
    Contoh:
      kinerja akun tambah sungram --peran kasubag
      kinerja akun tambah kabid.ide --peran bidang --bidang IDE
      kinerja akun daftar
      kinerja akun hapus kabid.ide
    """


@cmd.command("tambah", short_help="Membuat akun baru (kata sandi diganti pada masuk pertama).")
@click.argument("nama", metavar="NAMA_PENGGUNA")
@click.option(
    "--peran",
    required=True,
    type=LazyChoice(lambda: list(api.peran_akun())),
    help="Peran pemilik akun.",
)
@click.option("--bidang", metavar="KODE", help="Kode bidang (wajib untuk peran 'bidang').")
@output_option
def tambah_cmd(nama: str, peran: str, bidang: str | None, output: Path) -> None:
    """Membuat akun NAMA_PENGGUNA. Kata sandi awal dari variabel KINERJA_SANDI atau diketik
    tersembunyi; pemilik akun wajib menggantinya saat pertama kali masuk."""
    akun = api.akun_tambah(output, nama, peran, _initial_password(), bidang=bidang)
    success(f"Akun {akun.nama} dibuat sebagai {api.peran_akun()[akun.peran]}"
            f"{' ' + akun.bidang if akun.bidang else ''}.")  # fmt: skip


@cmd.command("daftar", short_help="Menampilkan semua akun.")
@output_option
def daftar_cmd(output: Path) -> None:
    """Menampilkan semua akun halaman web dengan peran dan bidangnya."""
    accounts = api.akun_daftar(output)
    if not accounts:
        console.print("Belum ada akun. Buat dengan: kinerja akun tambah NAMA --peran PERAN")
        return
    labels = api.peran_akun()
    for akun in accounts:
        pending = " (belum mengganti kata sandi awal)" if akun.harus_ganti else ""
        where = f" {akun.bidang}" if akun.bidang else ""
        console.print(f"  {akun.nama}: {labels[akun.peran]}{where}{pending}", markup=False)


@cmd.command("hapus", short_help="Menghapus akun (sesinya ikut berakhir).")
@click.argument("nama", metavar="NAMA_PENGGUNA")
@output_option
def hapus_cmd(nama: str, output: Path) -> None:
    """Menghapus akun NAMA_PENGGUNA; bila sedang masuk, sesinya langsung berakhir. Catatan
    tindakannya di manifest tetap ada."""
    api.akun_hapus(output, nama)
    success(f"Akun {nama} dihapus.")
