from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.base.periode import Periode
from generator.workspace.folder import Workspace


@pytest.fixture(autouse=True)
def _own_data_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test gets its own per-user data folder (where an office's nomor register is
    recorded), so that tests never see each other's offices nor the developer's."""
    monkeypatch.setenv("KINERJA_DATA", str(tmp_path_factory.mktemp("kinerja-data")))


@pytest.fixture
def periode() -> Periode:
    return Periode.parse("2025")


@pytest.fixture
def workspace(tmp_path: Path, periode: Periode) -> Workspace:
    """A fresh workspace of the embedded sample in tmp_path/output/2025."""
    return Workspace.create(tmp_path / "output", periode)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
