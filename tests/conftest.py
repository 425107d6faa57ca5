"""Shared fixtures, and the layout rules of the suite:

- tests/unit/<package>/   rules and modules of one package (fast);
- tests/integration/      the library API (``generator.api``) without the CLI;
- tests/cli/              commands through Click's CliRunner;
- tests/e2e/              real LibreOffice, pdfsig, signatures: marked ``slow`` by location.

A test outside tests/e2e that starts LibreOffice without the ``slow`` mark fails, so that
``pytest -m "not slow"`` stays the fast set it claims to be.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.base.periode import Periode
from generator.workspace.folder import Workspace
from tests.fill import prepare_formulir

PERIODE = "2025"

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
    return Periode.parse(PERIODE)


class Pristine:
    """Workspaces built once per test process and copied for every test that needs one.

    Building a workspace and its formulir took 2.5 to 4.5 s per test; a copy takes
    milliseconds. Every test still gets its own folder: nothing is shared on disk.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._made: dict[str, Workspace] = {}

    def get(self, kind: str) -> Workspace:
        if kind not in self._made:
            ws = Workspace.create(self.root / kind, Periode.parse(PERIODE))
            if kind == "formulir":
                prepare_formulir(ws)
            self._made[kind] = ws
        return self._made[kind]

    def copy(self, kind: str, output: Path) -> Workspace:
        source = self.get(kind)
        periode = Periode.parse(PERIODE)
        target = Workspace.location(output, periode)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source.root, target)
        # Inputs are read from the copy when first needed: a test may edit them first.
        return Workspace(target, periode)


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Pristine:
    return Pristine(tmp_path_factory.mktemp("pristine"))


@pytest.fixture
def workspace(tmp_path: Path, pristine: Pristine) -> Workspace:
    """A fresh workspace of the embedded sample in tmp_path/output/2025."""
    return pristine.copy("kosong", tmp_path / "output")


@pytest.fixture
def formulir(workspace: Workspace, pristine: Pristine) -> dict[str, Path]:
    """``workspace`` with step 1 done and every Bidang's formulir generated: kode -> path."""
    pristine.copy("formulir", workspace.root.parent)
    return formulir_paths(workspace)


def formulir_paths(ws: Workspace) -> dict[str, Path]:
    """Bidang code -> its formulir in ``ws`` (made by ``prepare_formulir``)."""
    journal = ws.snapshot()
    return {
        d.bidang: ws.path(d.versions[-1].path)
        for d in journal.data.dokumen
        if d.jenis == "formulir" and d.bidang and d.versions
    }


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
