"""What every command shares: options, the consoles, Indonesian help, error mapping, and how
a next step is written as a ready command. Imports only Click and ``generator.errors`` at load
time (rich on first output), so ``kinerja --help`` stays light."""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from generator import api
from generator.errors import KinerjaError, NextStep, literal

if TYPE_CHECKING:
    from rich.console import Console

    from generator.api import ConversionResult, Periode

F = TypeVar("F", bound=Callable[..., Any])


class _LazyConsole:
    """A rich Console made on first use (rich costs start-up time that --help does not need)."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            options = dict(self._options)
            if options.pop("wide_when_piped", False):
                # Tables read better wide; a pipe or a log file gets 150 columns instead of 80.
                options["width"] = None if sys.stdout.isatty() else 150
            self._console = Console(**options)
        return getattr(self._console, name)


# emoji=False: a file named ":warning:.xlsx" is shown as those characters.
console: Console = _LazyConsole(highlight=False, soft_wrap=True, emoji=False, wide_when_piped=True)  # type: ignore[assignment]
err_console: Console = _LazyConsole(stderr=True, highlight=False, soft_wrap=True, emoji=False)  # type: ignore[assignment]


def plain(text: str) -> str:
    """``text`` for a markup-printing console: each line literal (no control characters or
    escape codes) and its brackets escaped, so names in it show as they are."""
    from rich.markup import escape

    return escape("\n".join(literal(line) for line in text.split("\n")))


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

    def invoke(self, ctx: click.Context) -> Any:
        # Errors are rendered while this command's context is current: the next step they
        # suggest then carries the user's own --output (the group's context has none).
        with handle_errors():
            return super().invoke(ctx)


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
        text = plain(exc.render())
        if exc.next_step is not None:
            text += f"\n  Langkah berikutnya: {plain(command_line(exc.next_step))}"
        err_console.print(f"[bold red]Galat:[/] {text}", soft_wrap=True)
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
        return api.parse_periode(value)
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


def optional_periode_option(func: F) -> F:
    return click.option(
        "--periode",
        callback=_parse_periode,
        metavar="PERIODE",
        help="Periode ruang kerja (bawaan: dicari dari Id dokumen di folder keluaran).",
    )(func)


class LazyChoice(click.Choice):  # type: ignore[type-arg]
    """A Choice whose values are read on first use (they come from data files the library
    loads; ``--help`` of the whole program must not pay for that)."""

    def __init__(self, load: Callable[[], Sequence[str]], case_sensitive: bool = True) -> None:
        super().__init__((), case_sensitive=case_sensitive)
        self._load = load
        self._loaded = False

    def _ensure(self) -> None:
        if not self._loaded:
            self.choices = tuple(self._load())
            self._loaded = True

    def get_metavar(self, *args: Any, **kwargs: Any) -> str | None:
        self._ensure()
        return super().get_metavar(*args, **kwargs)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        self._ensure()
        return super().convert(value, param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
        self._ensure()
        return super().shell_complete(ctx, param, incomplete)


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
    console.print(f"[green]✓[/] {plain(message)}")


# -- the next step as a command line -------------------------------------------------------------

# What a command takes besides its options, shown as a placeholder in a suggested command.
_POSITIONAL = {"kumpulkan": "BERKAS.xlsx ...", "contoh": "FOLDER"}
# API actions whose command reads differently (one command, several actions).
_COMMAND = {"templat_periksa": "templat periksa", "setujui": "tinjau", "kembalikan": "tinjau"}
_FLAGS = {"setujui": "--setuju"}
# Actions whose command works on no output folder (a suggested command gets no --output).
_NO_OUTPUT = {"contoh", "verifikasi", "templat_periksa"}


def command_line(step: NextStep) -> str:
    """'kinerja rekap --periode 2025 --sebagian --output X': the user's own --output is kept."""
    name = _COMMAND.get(step.action, step.action.replace("_", "-"))
    parts = ["kinerja", name]
    arguments = _arguments(name)
    # The command's own positional arguments first (`kinerja tandatangan MEMO-2025-01`), then
    # the rest as options: the names are the API's, which the commands share.
    parts += [_quote(value) for key, value in step.args.items() if key in arguments]
    for key, value in step.args.items():
        if key in arguments:
            continue
        parts.append(f"--{key}" if value == "true" else f"--{key} {_quote(value)}")
    if flag := _FLAGS.get(step.action):
        parts.append(flag)
    if positional := _POSITIONAL.get(step.action):
        parts.append(positional)
    ctx = click.get_current_context(silent=True)
    output = _user_output(ctx)
    if output is not None and step.action not in _NO_OUTPUT:
        parts.append(f"--output {_quote(str(output))}")
    return " ".join(parts)


def _arguments(name: str) -> set[str]:
    """Names of the positional arguments of the command ``name`` ('templat periksa' too),
    read from its module (``kinerja tanda-terima`` is ``cli/tanda_terima.py``, as the lazy
    group loads it)."""
    first, *rest = name.split()
    try:
        module = importlib.import_module(f"generator.cli.{first.replace('-', '_')}")
    except ImportError:
        return set()
    command: click.Command | None = getattr(module, "cmd", None)
    ctx = click.Context(click.Group())
    for word in rest:
        command = command.get_command(ctx, word) if isinstance(command, click.Group) else None
    if command is None:
        return set()
    return {p.name for p in command.params if isinstance(p, click.Argument) and p.name}


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _user_output(ctx: click.Context | None) -> Path | None:
    """The --output of the running command when the user gave one (not the default)."""
    while ctx is not None:
        if "output" in ctx.params:
            source = ctx.get_parameter_source("output")
            if source is not None and source.name != "DEFAULT":
                return Path(ctx.params["output"])
            return None
        ctx = ctx.parent
    return None


def next_line(step: NextStep | None) -> None:
    """Print what comes next as a ready command."""
    if step is not None:
        console.print(f"  Langkah berikutnya ({step.label}): {command_line(step)}", markup=False)


@contextmanager
def conversion_progress(
    label: str = "Konversi ke PDF/A",
) -> Iterator[Callable[[ConversionResult], None]]:
    """A rich progress bar fed by the converter's per-document callback."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

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
