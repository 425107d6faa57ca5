"""The README's user guide and the command line must not drift apart."""

from __future__ import annotations

import re
from pathlib import Path

import click

from generator.cli import kinerja

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_starts_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    first_block = text.split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()[1:] if line.strip()]
    assert commands == ["make demo", "make test"]


def test_every_command_is_in_the_user_guide_and_no_other() -> None:
    text = README.read_text(encoding="utf-8")
    guide = text.split("## Panduan Pengguna", 1)[1].split("## Engineering", 1)[0]
    mentioned = set(re.findall(r"`kinerja ([a-z][a-z-]*)", guide))
    commands = set(kinerja.list_commands(click.Context(kinerja)))
    assert mentioned == commands, (
        f"missing from README: {commands - mentioned}; not a command: {mentioned - commands}"
    )
