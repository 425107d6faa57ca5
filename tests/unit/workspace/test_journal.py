"""Journal messages: a step out of order names the command that completes it, for this periode."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.base.periode import Periode
from generator.errors import ManifestError, StepError
from generator.workspace.folder import Workspace
from tests.shown import as_shown


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace.create(tmp_path, Periode.parse("2025-TW2"))


@pytest.mark.parametrize(
    ("step", "command"),
    [
        (1, "kinerja memo --periode 2025-TW2"),
        (3, "kinerja formulir --periode 2025-TW2"),
        (4, "kinerja tanda-terima --periode 2025-TW2"),
        (6, "kinerja kumpulkan --periode 2025-TW2 BERKAS.xlsx"),
        (9, "kinerja rekap --periode 2025-TW2"),
        (10, "kinerja tinjau --periode 2025-TW2 --setuju"),
    ],
)
def test_require_done_names_the_command_and_periode(
    workspace: Workspace, step: int, command: str
) -> None:
    with pytest.raises(StepError) as info, workspace.transaction("uji") as journal:
        journal.require_done(step, "Sesuatu")
    text = as_shown(info.value)
    assert command in text
    assert "--periode P " not in text and not text.endswith("--periode P")


def test_unknown_document_hint_has_the_periode(workspace: Workspace) -> None:
    with pytest.raises(ManifestError) as info:
        workspace.snapshot().get("MEMO-2025-99")
    assert "kinerja status --periode 2025-TW2" in as_shown(info.value)
