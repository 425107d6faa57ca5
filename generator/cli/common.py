"""What every command shares: options, the console, Indonesian help, and error mapping."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from generator.base.periode import Periode
from generator.errors import KinerjaError

F = TypeVar("F", bound=Callable[..., Any])

# Tables read better wide; a pipe or a log file gets 150 columns instead of 80.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 150, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK = 0
EXIT_USER = 1
EXIT_USAGE = 2

_HEADINGS = {
    "Options": "Opsi",
    "Commands": "Perintah",
    "Arguments": "Argumen",
    "Positional arguments": "Argumen",
}
_SUGGESTION = r"(?:\s*\(?Did you mean (?:one of: )?(.+?)\?\)?)?"
_MAYBE = re.compile(r"Did you mean (?:one of: )?(.+?)\?")
_USAGE_MESSAGES = [
    (re.compile(r"^Missing option '([^']+)'.*", re.S), r"Opsi wajib '\1' belum diberikan."),
    (re.compile(r"^Missing argument '([^']+)'.*", re.S), r"Argumen wajib '\1' belum diberikan."),
    (
        re.compile(r"^No such option:? '?([^'\s]+?)'?\.?" + _SUGGESTION + "$", re.S),
        r"Opsi tidak dikenal: \1.",
    ),
    (
        re.compile(r"^No such command:? '?([^'\s]+?)'?\.?" + _SUGGESTION + "$", re.S),
        r"Perintah tidak dikenal: '\1'.",
    ),
    (re.compile(r"^Got unexpected extra arguments? \((.*)\)"), r"Argumen berlebih: \1."),
    (re.compile(r"^Invalid value for '([^']+)': (.*)", re.S), r"Nilai tidak sah untuk '\1': \2"),
    (re.compile(r"^Option '([^']+)' requires an argument.*"), r"Opsi '\1' memerlukan nilai."),
    (re.compile(r"^Option '([^']+)' does not take a value.*"), r"Opsi '\1' tidak menerima nilai."),
    (re.compile(r"^Missing command.*"), r"Perintah belum diberikan."),
]
# The reason inside "Invalid value for ...: <reason>" (click.Path, Choice, IntRange, int).
_VALUE_MESSAGES = [
    (
        re.compile(r"^(?:File|Directory|Path) '(.*)' does not exist\.$", re.S),
        r"'\1' tidak ditemukan; periksa nama dan foldernya.",
    ),
    (
        re.compile(r"^File '(.*)' is a directory\.$", re.S),
        r"'\1' adalah folder; sebutkan nama berkasnya.",
    ),
    (
        re.compile(r"^Directory '(.*)' is a file\.$", re.S),
        r"'\1' adalah berkas, bukan folder; sebutkan nama folder.",
    ),
    (
        re.compile(r"^(?:File|Directory|Path) '(.*)' is not readable\.$", re.S),
        r"'\1' tidak dapat dibaca (periksa izin akses).",
    ),
    (
        re.compile(r"^(?:File|Directory|Path) '(.*)' is not writable\.$", re.S),
        r"'\1' tidak dapat ditulisi (periksa izin akses).",
    ),
    (
        re.compile(r"^'(.*)' is not one of (.*)\.$", re.S),
        r"'\1' tidak dikenal; pilih salah satu: \2.",
    ),
    (
        re.compile(r"^'(.*)' is not a valid integer(?: range)?\.$", re.S),
        r"'\1' bukan bilangan bulat.",
    ),
    (re.compile(r"^'(.*)' is not a valid float(?: range)?\.$", re.S), r"'\1' bukan angka."),
    (
        re.compile(r"^(.*) is not in the range x>=(.*)\.$", re.S),
        r"\1 terlalu kecil; paling kecil \2.",
    ),
    (
        re.compile(r"^(.*) is not in the range x<=(.*)\.$", re.S),
        r"\1 terlalu besar; paling besar \2.",
    ),
    (
        re.compile(r"^(.*) is not in the range (.*)<=x<=(.*)\.$", re.S),
        r"\1 di luar rentang \2 sampai \3.",
    ),
]
# The bracketed notes Click adds to an option's help: "[default: x; required; x>=1]".
_HELP_NOTES = [
    (re.compile(r"^required$"), "wajib"),
    (re.compile(r"^default: (.*)$", re.S), r"bawaan: \1"),
    (re.compile(r"^x>=(.*)$"), r"minimal \1"),
    (re.compile(r"^x<=(.*)$"), r"maksimal \1"),
    (re.compile(r"^(.*)<=x<=(.*)$"), r"\1 sampai \2"),
]
_NOTES_AT_END = re.compile(r"\s*\[([^\[\]]*)\]\s*$")


def _translate_notes(help_text: str) -> str:
    match = _NOTES_AT_END.search(help_text)
    if match is None:
        return help_text
    notes = []
    for note in match[1].split("; "):
        for pattern, replacement in _HELP_NOTES:
            if pattern.match(note):
                note = pattern.sub(replacement, note)
                break
        notes.append(note)
    return f"{help_text[: match.start()]}  [{'; '.join(notes)}]"


class IndonesianFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Penggunaan: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        super().write_dl([(a, _translate_notes(b)) for a, b in rows], col_max, col_spacing)


class IndonesianContext(click.Context):
    formatter_class = IndonesianFormatter


def _translate(message: str, table: list[tuple[re.Pattern[str], str]]) -> str:
    for pattern, replacement in table:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


def translate_usage(message: str) -> str:
    """Click's English usage errors in Indonesian (the reason of a bad value too)."""
    text = _translate(message, _USAGE_MESSAGES)
    if (maybe := _MAYBE.search(message)) is not None:
        text += f" Mungkin maksudnya: {maybe[1]}?"
    prefix, sep, reason = text.partition("': ")
    if sep and text.startswith("Nilai tidak sah untuk '"):
        return prefix + sep + _translate(reason, _VALUE_MESSAGES)
    return text


HELP_TEXT = "Tampilkan bantuan ini lalu keluar."


class KinerjaCommand(click.Command):
    """A command whose help reads in Indonesian."""

    context_class = IndonesianContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPSI]")
        super().__init__(*args, **kwargs)

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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPSI]")
        kwargs.setdefault("subcommand_metavar", "PERINTAH [ARGUMEN]...")
        super().__init__(*args, **kwargs)

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
        except click.exceptions.NoArgsIsHelpError as exc:  # `kinerja` alone: show the help
            click.echo(exc.format_message())
            sys.exit(EXIT_OK)
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
        metavar="FOLDER",
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
