"""A file name is shown as it is (issue 13.13): Rich markup, control characters and escape codes
in a name reach the terminal as visible characters, never as formatting."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import kinerja
from generator.errors import IngestError, literal
from generator.workspace.folder import Workspace
from tests.fill import prepare_formulir

NAME = "jahat\x1b[31m[bold red]merah:warning:\u202eslx\nbaris2.xlsx"


def test_literal_escapes_controls_and_keeps_the_rest() -> None:
    shown = literal(NAME)
    assert "\x1b" not in shown and "\n" not in shown and "\u202e" not in shown
    assert shown == "jahat\\x1b[31m[bold red]merah:warning:\\u202eslx\\nbaris2.xlsx"
    assert literal("formulir IDE (2).xlsx") == "formulir IDE (2).xlsx"
    assert "\\x1b" in IngestError("ditolak", file=NAME, sheet="S\x1b").render()


def test_refused_file_name_is_printed_literally(
    workspace: Workspace, tmp_path: Path, runner: CliRunner
) -> None:
    prepare_formulir(workspace)
    bad = tmp_path / NAME
    bad.write_bytes(b"bukan excel")
    args = ["kumpulkan", "--periode", "2025", "--output", str(workspace.root.parent), str(bad)]
    result = runner.invoke(kinerja, args)
    assert result.exit_code == 1, result.output
    out = result.output
    assert "\x1b" not in out and "\u202e" not in out
    assert "jahat\\x1b[31m[bold red]merah:warning:\\u202eslx\\nbaris2.xlsx" in out, out
