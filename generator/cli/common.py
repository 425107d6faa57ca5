"""What every command shares: options, the console, Indonesian help, and error mapping."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from generator.errors import KinerjaError
from generator.periode import Periode

F = TypeVar("F", bound=Callable[..., Any])

# Tables read better wide; a pipe or a log file gets 150 columns instead of 80.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 150)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK = 0
EXIT_USER = 1
EXIT_USAGE = 2

_HEADINGS = {"Options": "Opsi", "Commands": "Perintah", "Arguments": "Argumen"}
_USAGE_MESSAGES = [
    (re.compile(r"^Missing option '([^']+)'.*"), r"Opsi wajib '\1' belum diberikan."),
    (re.compile(r"^Missing argument '([^']+)'.*"), r"Argumen wajib '\1' belum diberikan."),
    (re.compile(r"^No such option: (\S+).*"), r"Opsi tidak dikenal: \1."),
    (re.compile(r"^No such command '([^']+)'.*"), r"Perintah tidak dikenal: '\1'."),
    (re.compile(r"^Got unexpected extra arguments? \((.*)\)"), r"Argumen berlebih: \1."),
    (re.compile(r"^Invalid value for '([^']+)': (.*)", re.S), r"Nilai tidak sah untuk '\1': \2"),
    (re.compile(r"^Option '([^']+)' requires an argument.*"), r"Opsi '\1' memerlukan nilai."),
]


class IndonesianFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Penggunaan: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))


class IndonesianContext(click.Context):
    formatter_class = IndonesianFormatter


def translate_usage(message: str) -> str:
    for pattern, replacement in _USAGE_MESSAGES:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


HELP_TEXT = "Tampilkan bantuan ini lalu keluar."


class KinerjaCommand(click.Command):
    """A command whose help reads in Indonesian."""

    context_class = IndonesianContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option


def command(name: str) -> Callable[[Callable[..., Any]], click.Command]:
    """``@command("memo")``: a Click command with Indonesian help (use for every command)."""
    return click.command(name, cls=KinerjaCommand)


class KinerjaGroup(click.Group):
    """The root group: Indonesian help, and domain errors mapped to exit code 1."""

    context_class = IndonesianContext
    command_class = KinerjaCommand

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            rv = super().main(*args, **kwargs)
            sys.exit(rv if isinstance(rv, int) else EXIT_OK)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            hint = ""
            if exc.ctx is not None:
                hint = f"\nLihat bantuan: {exc.ctx.command_path} --help"
            err_console.print(
                f"[bold red]Galat penggunaan:[/] {translate_usage(exc.format_message())}{hint}"
            )
            sys.exit(EXIT_USAGE)
        except click.ClickException as exc:
            err_console.print(f"[bold red]Galat:[/] {exc.format_message()}")
            sys.exit(EXIT_USER)
        except click.Abort:
            err_console.print("[bold red]Dibatalkan.[/]")
            sys.exit(EXIT_USER)

    def invoke(self, ctx: click.Context) -> Any:
        with handle_errors():
            return super().invoke(ctx)


@contextmanager
def handle_errors() -> Iterator[None]:
    try:
        yield
    except KinerjaError as exc:
        err_console.print(f"[bold red]Galat:[/] {exc.render()}", soft_wrap=True)
        raise click.exceptions.Exit(EXIT_USER) from exc
    except KeyboardInterrupt as exc:
        err_console.print("[bold red]Dibatalkan oleh pengguna.[/]")
        raise click.exceptions.Exit(EXIT_USER) from exc
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except Exception as exc:
        if os.environ.get("KINERJA_DEBUG"):
            raise
        err_console.print(
            f"[bold red]Terjadi kesalahan tak terduga:[/] {type(exc).__name__}: {exc}\n"
            "Ulangi dengan KINERJA_DEBUG=1 untuk rincian teknis, lalu laporkan kepada pengelola"
            " aplikasi."
        )
        raise click.exceptions.Exit(EXIT_USER) from exc


def _parse_periode(ctx: click.Context, param: click.Parameter, value: str | None) -> Periode | None:
    if value is None:
        return None
    try:
        return Periode.parse(value)
    except KinerjaError as exc:
        raise click.BadParameter(exc.render(), ctx=ctx, param=param) from exc


def periode_option(func: F) -> F:
    return click.option(
        "--periode",
        required=True,
        callback=_parse_periode,
        metavar="PERIODE",
        help="Periode pengukuran: tahun (2024) atau triwulan (2024-TW1 s.d. 2024-TW4).",
    )(func)


def output_option(func: F) -> F:
    return click.option(
        "--output",
        "output",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("output"),
        show_default=True,
        envvar="KINERJA_OUTPUT",
        help="Folder keluaran; ruang kerja setiap periode ada di dalamnya.",
    )(func)


def oleh_option(func: F) -> F:
    return click.option(
        "--oleh",
        default=None,
        metavar="NAMA",
        help="Nama pelaksana yang dicatat (bawaan: pejabat pelaksana langkah menurut SOP).",
    )(func)


def success(message: str) -> None:
    console.print(f"[green]✓[/] {message}")
