"""Fault injection (issue 13): `kill -9` at a random point of memo, kumpulkan, rekap and
arsip. Afterwards the workspace loads, every recorded file matches its SHA-256, and the same
command run again completes.

The command runs in its own process group (LibreOffice children die with it). The kill
lands a random time after the command started; KINERJA_FAULT_SEED picks other points and
KINERJA_FAULT_RUNS runs more of them (CI runs one per command).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.base.fsutil import sha256_file
from generator.base.periode import Periode
from generator.demo.cycle import _fill
from generator.documents.formulir.workbook import generate_formulir
from generator.documents.memo import create_memo
from generator.documents.rekap.workbook import build_rekap
from generator.documents.tanda_terima import create_tanda_terima
from generator.intake.pengumpulan import kumpulkan
from generator.workflow.archive import DemoSigner, Signing, arsip
from generator.workspace.folder import Workspace

pytestmark = pytest.mark.slow
PERIODE = Periode.parse("2025")
SEED = int(os.environ.get("KINERJA_FAULT_SEED", "13"))
RUNS = int(os.environ.get("KINERJA_FAULT_RUNS", "1"))

SCRIPT = """
import sys
from pathlib import Path
from generator.base.periode import Periode
from generator.workspace.folder import Workspace
ws = Workspace.open(Path(sys.argv[1]), Periode.parse("2025"))
command, files = sys.argv[2], [Path(p) for p in sys.argv[3:]]
print("mulai", flush=True)
if command == "memo":
    from generator.documents.memo import create_memo
    create_memo(ws)
elif command == "kumpulkan":
    from generator.intake.pengumpulan import kumpulkan
    kumpulkan(ws, files)
elif command == "rekap":
    from generator.documents.rekap.workbook import build_rekap
    build_rekap(ws)
else:
    from generator.workflow.archive import DemoSigner, Signing, arsip
    arsip(ws, Signing(DemoSigner()), belum_lengkap=True)
print("selesai", flush=True)
"""

# How long after the start each command may be killed (seconds): about its duration here.
WINDOW = {"memo": 1.5, "kumpulkan": 2.0, "rekap": 2.5, "arsip": 6.0}


class Prepared:
    def __init__(self, bases: dict[str, Path], filled: list[Path]) -> None:
        self.bases, self.filled = bases, filled


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    root = tmp_path_factory.mktemp("dasar")
    bases: dict[str, Path] = {}
    ws = Workspace.create(root / "memo", PERIODE)
    bases["memo"] = root / "memo"
    create_memo(ws)
    formulir = generate_formulir(ws)
    create_tanda_terima(ws)
    filled_dir = root / "terisi"
    filled_dir.mkdir()
    filled = [
        _fill(ws, f, filled_dir / f"formulir-{f.kode_bidang}.xlsx", omit_keterangan=False)
        for f in formulir
    ]
    shutil.copytree(root / "memo", root / "kumpulkan")
    bases["kumpulkan"] = root / "kumpulkan"
    shutil.copytree(root / "memo", root / "rekap")
    kumpulkan(Workspace.open(root / "rekap", PERIODE), filled)
    bases["rekap"] = root / "rekap"
    shutil.copytree(root / "memo", root / "arsip")
    bases["arsip"] = root / "arsip"
    fresh = root / "awal"
    Workspace.create(fresh, PERIODE)
    bases["memo"] = fresh
    return Prepared(bases, filled)


RERUN: dict[str, Callable[[Workspace, list[Path]], object]] = {
    "memo": lambda ws, _: create_memo(ws),
    "kumpulkan": lambda ws, files: kumpulkan(ws, files),
    "rekap": lambda ws, _: build_rekap(ws),
    "arsip": lambda ws, _: arsip(ws, Signing(DemoSigner()), belum_lengkap=True),
}


def recorded_files_match(ws: Workspace) -> int:
    data = ws.read_manifest()
    count = 0
    for doc in data.dokumen:
        for version in doc.versions:
            assert sha256_file(ws.path(version.path)) == version.sha256, version.path
            count += 1
    return count


def kill_at_random(out: Path, command: str, files: list[Path], delay: float) -> str:
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(out), command, *map(str, files)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "mulai", (
        process.stderr.read() if process.stderr else ""
    )
    time.sleep(delay)
    with __import__("contextlib").suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    stdout, _ = process.communicate(timeout=60)
    return "selesai" if "selesai" in stdout else "dibunuh"


@pytest.mark.parametrize("command", list(WINDOW))
def test_kill_minus_nine_then_the_workspace_loads_and_a_rerun_completes(
    prepared: Prepared, command: str
) -> None:
    chooser = random.Random(f"{SEED}-{command}")
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            shutil.copytree(prepared.bases[command], out)
            delay = chooser.uniform(0, WINDOW[command])
            outcome = kill_at_random(out, command, prepared.filled, delay)
            ws = Workspace.open(out, PERIODE)
            recorded_files_match(ws)
            RERUN[command](ws, prepared.filled)
            assert recorded_files_match(ws) > 0, (command, delay, outcome)
            assert not list(ws.root.glob(".arsip-*"))
