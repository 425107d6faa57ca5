"""What a user reads on the terminal is Indonesian: help of every command and usage errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator.cli import kinerja
from generator.cli.common import translate_usage

ENGLISH = [
    "[required]",
    "[default:",
    "[OPTIONS]",
    "COMMAND [ARGS]",
    "DIRECTORY",
    " FILE",
    "[FILE]",
    " PATH",
    "Show this message",
    "Options:",
    "Usage:",
    "x>=",
]


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            found += _commands(cmd, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


@pytest.mark.parametrize("path", _commands(kinerja), ids=lambda p: " ".join(p) or "kinerja")
def test_help_has_no_english_leftovers(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(kinerja, [*path, "--help"])
    assert result.exit_code == 0
    for word in ENGLISH:
        assert word not in result.output, f"{word!r} in help of {' '.join(path)}"
    assert "Penggunaan:" in result.output


def test_bare_kinerja_shows_help_not_an_error() -> None:
    result = CliRunner().invoke(kinerja, [])
    assert result.exit_code == 0
    assert "Galat" not in result.output and "Perintah:" in result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["init", "--periode", "2025", "--org", "tidak-ada.yaml"],
            "'tidak-ada.yaml' tidak ditemukan",
        ),
        (["init", "--periode", "2025", "--org", "."], "'.' adalah folder"),
        (["cetak", "--periode", "2025", "--langkah", "0"], "0 terlalu kecil; paling kecil 1"),
        (["cetak", "--periode", "2025", "--langkah", "x"], "'x' bukan bilangan bulat"),
        (
            ["memo", "--periode", "2025", "--sifat", "kilat"],
            "'kilat' tidak dikenal; pilih salah satu",
        ),
        (["memo", "--periode", "2025", "--siffat", "biasa"], "Mungkin maksudnya: '--sifat'?"),
    ],
)
def test_usage_errors_in_indonesian(args: list[str], expected: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(kinerja, [*args, "--output", str(tmp_path)])
    assert result.exit_code == 2
    assert expected in result.output
    for word in ("does not exist", "is a directory", "is not", "Did you mean", "Error:"):
        assert word not in result.output


def test_output_given_a_file(tmp_path: Path) -> None:
    file = tmp_path / "berkas.txt"
    file.write_text("x")
    result = CliRunner().invoke(kinerja, ["status", "--periode", "2025", "--output", str(file)])
    assert result.exit_code == 2
    assert "adalah berkas, bukan folder" in result.output


def test_translate_usage_keeps_unknown_messages() -> None:
    assert translate_usage("Sesuatu yang lain.") == "Sesuatu yang lain."


def test_ctrl_c_while_loading_gives_no_traceback() -> None:
    """Ctrl-C during the second the program takes to load: one Indonesian line, exit 1."""
    code = (
        "import sys\n"
        "class Stop:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'generator.cli.common':\n"
        "            raise KeyboardInterrupt\n"
        "        return None\n"
        "sys.meta_path.insert(0, Stop())\n"
        "import generator.cli\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip() == "Dibatalkan oleh pengguna."
