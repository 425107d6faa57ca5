"""The domain exception hierarchy.

Every error a user can cause carries an Indonesian message and, where it
applies, the place it comes from (file, sheet, cell, line). The CLI turns
any ``KinerjaError`` into that message and exit code 1; the library never
prints and never exits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Characters that would steer a terminal or hide text rather than show it: C0/C1 controls (newline,
# ESC), and the bidirectional overrides that reorder what follows them.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def literal(text: object) -> str:
    """A file name (or other user text) exactly as it is, safe to show: every control character
    written as its escape (``\\n``, ``\\x1b``), so a name can neither break a message into lines
    nor send escape codes. Every message that names a file or sheet goes through this; the CLI
    prints messages as plain text (no markup), so ``[bold]`` in a name stays those characters."""
    return _UNPRINTABLE.sub(
        lambda m: m.group(0).encode("unicode_escape").decode("ascii"), str(text)
    )


@dataclass(frozen=True)
class Location:
    """Where a problem is: any subset of file, sheet, cell, line, field."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(f"berkas {literal(self.file)}")
        if self.sheet:
            parts.append(f"lembar '{literal(self.sheet)}'")
        if self.cell:
            parts.append(f"sel {literal(self.cell)}")
        if self.line is not None:
            parts.append(f"baris {self.line}")
        if self.field:
            parts.append(f"isian '{literal(self.field)}'")
        return ", ".join(parts)


@dataclass(frozen=True)
class NextStep:
    """What to do next, for a machine: an action of ``generator.api`` (named like the CLI
    command) with its arguments. Each front end renders it its own way (a ready command with
    the user's own ``--output``, or a button), so the library never spells a command line."""

    action: str
    args: dict[str, str] = field(default_factory=dict)
    label: str = ""
    peran: str | None = None  # the SOP role that performs it (sekretaris, kasubag, ...)


class KinerjaError(Exception):
    """Base of every error a user of the office can meet.

    ``message`` says what is wrong, ``hint`` what to do about it, both in
    Indonesian; ``next_step`` names the action that completes what is missing.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
        next_step: NextStep | None = None,
    ) -> None:
        self.message = message
        self.next_step = next_step
        self.location = Location(
            file=str(file) if file is not None else None,
            sheet=sheet,
            cell=cell,
            line=line,
            field=field,
        )
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        where = str(self.location)
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" {self.hint}"
        return text


class ErrorList(KinerjaError):
    """Several problems found at once (a user fixes them all in one go)."""

    def __init__(self, title: str, problems: Sequence[KinerjaError]) -> None:
        self.title = title
        self.problems = list(problems)
        super().__init__(title)

    def render(self) -> str:
        lines = [f"{self.title} ({len(self.problems)} masalah):"]
        lines.extend(f"  - {p.render()}" for p in self.problems)
        return "\n".join(lines)

    @classmethod
    def raise_if_any(cls, title: str, problems: Iterable[KinerjaError]) -> None:
        found = list(problems)
        if found:
            raise cls(title, found)


class InputError(KinerjaError):
    """A user input (YAML, Excel, option value) is wrong."""


class TemplateError(KinerjaError):
    """A template (possibly edited by a user) cannot be rendered."""


class WorkspaceError(KinerjaError):
    """The workspace folder is missing, locked, or not what is expected."""


class ManifestError(KinerjaError):
    """The manifest is damaged, edited by hand, or of an unknown schema."""


class StepError(KinerjaError):
    """An action is not allowed at this point of the SOP."""


class IngestError(KinerjaError):
    """A received formulir is refused."""


class ConversionError(KinerjaError):
    """LibreOffice could not convert a document."""


class DependencyError(KinerjaError):
    """A required system program or package is missing."""


class SigningError(KinerjaError):
    """Signing or certificate handling failed."""


class VerificationError(KinerjaError):
    """A signed bundle does not verify."""
