"""`kinerja demo`: the whole SOP cycle on the embedded sample, as the office would run it.

Every stage calls the same library functions as the commands. Each run gets a
fresh folder (``<output>/demo-<tanggal-jam>``), so two runs never mix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import WorkspaceError
from generator.periode import Periode
from generator.workspace import Workspace
from generator.worktime import now

DEMO_PERIODE = "2025"

Progress = Callable[[str], None]


@dataclass
class DemoResult:
    workspace: Workspace
    stages: list[str] = field(default_factory=list)
    not_built: list[str] = field(default_factory=list)


def demo_folder(output: Path) -> Path:
    stamp = now().strftime("%Y%m%d-%H%M%S")
    folder = output / f"demo-{stamp}"
    n = 1
    while folder.exists():
        n += 1
        folder = output / f"demo-{stamp}-{n}"
    return folder


def run_demo(output: Path, progress: Progress = lambda _: None) -> DemoResult:
    folder = demo_folder(output)
    if folder.exists():
        raise WorkspaceError(f"Folder demo {folder} sudah ada.")
    periode = Periode.parse(DEMO_PERIODE)
    progress(f"Membuat ruang kerja contoh periode {periode} di {folder}")
    ws = Workspace.create(folder, periode)
    result = DemoResult(ws, stages=["init"])
    result.not_built = [
        "memo (langkah 1)",
        "formulir (langkah 2-3)",
        "tanda terima (langkah 4)",
        "pengisian dan pengumpulan formulir (langkah 5-6)",
        "rekap (langkah 7-9)",
        "tinjau (langkah 10)",
        "laporan kinerja",
        "arsip bertanda tangan (langkah 11)",
    ]
    return result
