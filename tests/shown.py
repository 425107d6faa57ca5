"""An error as the command line shows it: the message, and the next step as a ready command."""

from __future__ import annotations

from generator.cli.common import command_line
from generator.errors import KinerjaError


def as_shown(exc: KinerjaError) -> str:
    text = exc.render()
    if exc.next_step is not None:
        text += f"\n  Langkah berikutnya: {command_line(exc.next_step)}"
    return text
