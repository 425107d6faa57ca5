"""Shared fixtures, and the layout rules of the suite:

- tests/unit/<package>/   rules and modules of one package (fast);
- tests/integration/      the library API (``generator.api``) without the CLI;
- tests/cli/              commands through Click's CliRunner;
- tests/e2e/              real LibreOffice, pdfsig, signatures: marked ``slow`` by location.

A test outside tests/e2e that starts LibreOffice without the ``slow`` mark fails, so that
``pytest -m "not slow"`` stays the fast set it claims to be.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.base.periode import Periode
from generator.workspace.folder import Workspace

E2E = Path(__file__).resolve().parent / "e2e"
OFFICE_PROGRAMS = ("uno_worker", "soffice", "unoserver")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if E2E in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _office_only_in_slow_tests(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if request.node.get_closest_marker("slow") is not None:
        return
    real = subprocess.Popen.__init__

    def guarded(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> None:
        text = " ".join(map(str, args)) if isinstance(args, list | tuple) else str(args)
        if any(name in text for name in OFFICE_PROGRAMS):
            raise AssertionError(
                f"{request.node.nodeid} starts LibreOffice but is not marked slow:"
                " move it to tests/e2e or mark it @pytest.mark.slow"
            )
        real(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", guarded)


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
