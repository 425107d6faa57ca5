"""A long-running server reads a workspace's input snapshot once per file version."""

from __future__ import annotations

import os

from generator.workspace.folder import Workspace
from generator.workspace.masukan import INPUT_DIR


def test_snapshot_inputs_are_parsed_once_and_again_when_the_file_changes(
    workspace: Workspace,
) -> None:
    first = Workspace.open(workspace.root.parent, workspace.periode).inputs
    again = Workspace.open(workspace.root.parent, workspace.periode).inputs
    assert again is first
    org = workspace.root / INPUT_DIR / "org.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace("Bakesbangpol", "Bakesbangpol Baru"),
        encoding="utf-8",
    )
    stat = org.stat()
    os.utime(org, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    changed = Workspace.open(workspace.root.parent, workspace.periode).inputs
    assert changed is not first and changed.org.singkatan == "Bakesbangpol Baru"
