"""The folder of one periode: paths, the input snapshot, the lock, and manifest transactions."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path

from generator.base.fsutil import atomic_write_bytes, atomic_write_text, locked, remove_stale_temps
from generator.base.periode import Periode
from generator.base.worktime import now
from generator.base.yamlio import dump_yaml
from generator.errors import NextStep, WorkspaceError
from generator.inputs.load import Inputs, load_inputs
from generator.rules.dokumen import load_registry
from generator.rules.sop import load_sop
from generator.workspace.journal import Journal
from generator.workspace.manifest import ManifestData, dump_manifest, new_manifest, parse_manifest

MANIFEST = "manifest.json"
LOCK = ".kinerja.lock"
INPUT_DIR = "masukan"
LOCK_TIMEOUT_S = 120.0

# Where each kind of file lives inside a workspace (data, so that every command agrees).
# Folders of the workspace that hold no document kind (those come from data/dokumen.yaml).
TEMPLATE_DIR = "templat"  # the workspace's copy of the templates (documents/render.py)
WORK_FOLDERS = {"pdf": "pdf", "pindaian": "pindaian", "cetak": "cetak"}


class Workspace:
    def __init__(self, root: Path, periode: Periode, clock: Callable[[], datetime] = now) -> None:
        self.root = root
        self.periode = periode
        self.clock = clock
        self._inputs: Inputs | None = None

    # -- locating ---------------------------------------------------------------------------

    @staticmethod
    def location(output: Path, periode: Periode) -> Path:
        return output / str(periode)

    @classmethod
    def open(cls, output: Path, periode: Periode) -> Workspace:
        root = cls.location(output, periode)
        if not (root / MANIFEST).is_file():
            raise WorkspaceError(
                f"Ruang kerja periode {periode} belum ada di {root}.",
                hint="Buat dulu ruang kerjanya.",
                next_step=NextStep("init", {"periode": str(periode)}, "Buat ruang kerja"),
            )
        return cls(root, periode)

    @classmethod
    def create(
        cls,
        output: Path,
        periode: Periode,
        org_path: Path | None = None,
        master_path: Path | None = None,
        templates: Path | None = None,
    ) -> Workspace:
        """Validate the inputs, snapshot them and the templates (``templates``: the office's
        folder, the shipped ones by default) and write a fresh manifest. Refuses an existing one."""
        inputs = load_inputs(org_path, master_path)
        root = cls.location(output, periode)
        if (root / MANIFEST).exists():
            raise WorkspaceError(
                f"Ruang kerja periode {periode} sudah ada di {root}.",
                hint="Pakai ruang kerja itu, atau pilih folder lain dengan --output.",
            )
        root.mkdir(parents=True, exist_ok=True)
        ws = cls(root, periode)
        with ws.lock():
            if (root / MANIFEST).exists():
                raise WorkspaceError(f"Ruang kerja periode {periode} sudah ada di {root}.")
            ws._snapshot(inputs, org_path, master_path)
            ws._copy_templates(templates)
            sop = load_sop()
            data = new_manifest(
                uuid.uuid4().hex, str(periode), sop, [b.kode for b in inputs.org.bidang], ws.clock()
            )
            journal = Journal(data, sop, "init", ws.clock)
            journal.note(
                "init",
                periode=str(periode),
                organisasi=inputs.org_source,
                indikator=inputs.master_source,
                sop=sop.nomor,
            )
            atomic_write_text(root / MANIFEST, dump_manifest(data))
        return ws

    def _snapshot(self, inputs: Inputs, org_path: Path | None, master_path: Path | None) -> None:
        folder = self.root / INPUT_DIR
        (folder / "asli").mkdir(parents=True, exist_ok=True)
        org = inputs.org
        if org.logo is not None:
            logo = folder / ("logo" + org.logo.suffix.lower())
            shutil.copyfile(org.logo, logo)
            org = org.model_copy(update={"logo": Path(logo.name)})
        atomic_write_text(
            folder / "org.yaml", dump_yaml(org.model_dump(mode="json", exclude_none=True))
        )
        atomic_write_text(
            folder / "indikator.yaml",
            dump_yaml(inputs.master.model_dump(mode="json", exclude_none=True)),
        )
        for source in (org_path, master_path):
            if source is not None:
                shutil.copyfile(source, folder / "asli" / source.name)

    def _copy_templates(self, source: Path | None) -> None:
        """A periode keeps the templates it was made with: later edits of the office's
        templates change the next periode, never the documents of this one."""
        if source is None:
            return
        folder = self.root / TEMPLATE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        for template in sorted(source.iterdir()):
            if template.suffix.lower() in {".docx", ".xlsx"} and not template.name.startswith("~$"):
                atomic_write_bytes(folder / template.name, template.read_bytes())

    # -- paths ------------------------------------------------------------------------------

    def path(self, relative: str | Path) -> Path:
        return self.root / relative

    def relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def folder(self, kind: str) -> Path:
        relative = WORK_FOLDERS.get(kind) or load_registry().kind(kind).folder
        folder = self.root / relative
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    @property
    def inputs(self) -> Inputs:
        if self._inputs is None:
            folder = self.root / INPUT_DIR
            self._inputs = load_inputs(folder / "org.yaml", folder / "indikator.yaml")
        return self._inputs

    # -- locking and transactions -----------------------------------------------------------

    def lock(self) -> AbstractContextManager[None]:
        return locked(self.root / LOCK, f"Ruang kerja {self.root}", LOCK_TIMEOUT_S)

    def read_manifest(self) -> ManifestData:
        path = self.root / MANIFEST
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise WorkspaceError(f"manifest.json tidak ada di {self.root}.") from exc
        return parse_manifest(text, str(path))

    @contextmanager
    def transaction(self, oleh: str) -> Iterator[Journal]:
        """Lock, load the newest manifest, yield a Journal, save atomically when it changed.

        An exception inside the block saves nothing: a refused action leaves no trace.
        """
        with self.lock():
            remove_stale_temps(self.root / MANIFEST)
            data = self.read_manifest()
            before = len(data.events)
            journal = Journal(data, load_sop(), oleh, self.clock)
            yield journal
            if len(data.events) != before:
                atomic_write_text(self.root / MANIFEST, dump_manifest(data))

    def snapshot(self) -> Journal:
        """A read-only view of the manifest (no lock held afterwards)."""
        with self.lock():
            data = self.read_manifest()
        return Journal(data, load_sop(), "baca", self.clock)
