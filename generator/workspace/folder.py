"""The folder of one periode: paths, the input snapshot, the lock, and manifest transactions."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path

from generator.base.fsutil import atomic_write_bytes, atomic_write_text, locked, remove_stale_temps
from generator.base.periode import Periode
from generator.base.worktime import now
from generator.base.yamlio import load_yaml
from generator.errors import NextStep, WorkspaceError
from generator.inputs.load import Inputs, load_inputs
from generator.inputs.org import Organisasi, load_organisasi
from generator.rules.capaian import AturanCapaian, default_aturan, parse_aturan
from generator.rules.dokumen import load_registry
from generator.rules.sop import load_sop
from generator.workspace import evidence as _evidence  # noqa: F401 - registers the write guard
from generator.workspace import register_kantor
from generator.workspace.journal import Journal
from generator.workspace.manifest import (
    ManifestData,
    check_anchor,
    dump_manifest,
    new_manifest,
    parse_manifest,
)
from generator.workspace.masukan import (
    CAPAIAN,
    INDIKATOR,
    INPUT_DIR,
    ORG,
    SAMPLE_PREFIX,
    Snapshot,
    new_snapshot,
    write_snapshot,
)
from generator.workspace.numbering import NomorRegister

MANIFEST = "manifest.json"
LOCK = ".kinerja.lock"
LOCK_TIMEOUT_S = 120.0

# Folders of the workspace that hold no document kind (those come from data/dokumen.yaml).
TEMPLATE_DIR = "templat"  # the workspace's copy of the templates (documents/render.py)
WORK_FOLDERS = {"pdf": "pdf", "pindaian": "pindaian", "cetak": "cetak"}


# The input snapshot of a workspace never changes after init, but parsing its YAML costs
# 0.1-0.3 s; a long-running process (the web server) reads it once per file version. The
# models are frozen, so sharing them between workspaces and threads is safe.
_INPUT_CACHE: dict[tuple[str, str], tuple[tuple[int, ...], Inputs]] = {}


def _fingerprint(*paths: Path) -> tuple[int, ...]:
    marks: list[int] = []
    for path in paths:
        stat = path.stat()
        marks += [stat.st_mtime_ns, stat.st_size, stat.st_ino]
    return tuple(marks)


def _snapshot_inputs(org: Path, master: Path) -> Inputs:
    try:
        mark = _fingerprint(org, master)
    except OSError:
        return load_inputs(org, master)  # names the missing file
    key = (str(org.resolve()), str(master.resolve()))
    hit = _INPUT_CACHE.get(key)
    if hit is not None and hit[0] == mark:
        return hit[1]
    inputs = load_inputs(org, master, ours=True)
    _INPUT_CACHE[key] = (mark, inputs)
    return inputs


_ORG_CACHE: dict[str, tuple[tuple[int, ...], Organisasi]] = {}


def _snapshot_org(org: Path, master: Path) -> Organisasi:
    """The office of a snapshot, from the inputs already loaded when this process has them,
    else from org.yaml alone (remembered like the inputs: a web page asks for it often)."""
    try:
        mark = _fingerprint(org, master)
    except OSError:
        return load_organisasi(org, ours=True)  # names the missing file
    key = str(org.resolve())
    hit = _INPUT_CACHE.get((key, str(master.resolve())))
    if hit is not None and hit[0] == mark:
        return hit[1].org
    known = _ORG_CACHE.get(key)
    if known is not None and known[0] == mark:
        return known[1]
    loaded = load_organisasi(org, ours=True)
    _ORG_CACHE[key] = (mark, loaded)
    return loaded


class Workspace:
    def __init__(self, root: Path, periode: Periode, clock: Callable[[], datetime] = now) -> None:
        self.root = root
        self.periode = periode
        self.clock = clock
        self._inputs: Inputs | None = None
        self._org: Organisasi | None = None

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
                next_step=NextStep(
                    "init",
                    {"periode": str(periode), "org": "org.yaml", "indikator": "indikator.xlsx"},
                    "Buat ruang kerja",
                ),
            )
        return cls(root, periode)

    @classmethod
    def create(
        cls,
        output: Path,
        periode: Periode,
        org_path: Path | None = None,
        master_path: Path | None = None,
        capaian_path: Path | None = None,
        templates: Path | None = None,
    ) -> Workspace:
        """Validate the inputs, snapshot them and the templates (``templates``: the office's
        folder, the shipped ones by default) and write a fresh manifest. Refuses an existing
        one (its inputs are corrected with ``update_inputs``, never by a second folder)."""
        root = cls.location(output, periode)
        if (root / MANIFEST).exists():
            raise cls._exists(output, periode, root)
        snapshot = new_snapshot(org_path, master_path, capaian_path)
        inputs = snapshot.inputs
        if not snapshot.is_sample:  # the sample is no office: its numbers are not kept
            register_kantor.claim(output, inputs.org.kode_unit, register_years(periode))
        root.mkdir(parents=True, exist_ok=True)
        ws = cls(root, periode)
        with ws.lock():
            if (root / MANIFEST).exists():
                raise cls._exists(output, periode, root)
            write_snapshot(root / INPUT_DIR, snapshot)
            ws._copy_templates(templates)
            sop = load_sop()
            data = new_manifest(
                uuid.uuid4().hex, str(periode), sop, [b.kode for b in inputs.org.bidang], ws.clock()
            )
            journal = Journal(data, sop, "init", ws.clock)
            journal.note(
                "init",
                periode=str(periode),
                organisasi=snapshot.sources["organisasi"],
                indikator=snapshot.sources["indikator"],
                capaian=snapshot.sources["capaian"],
                masukan_sha256=snapshot.sha256,
                sop=sop.nomor,
            )
            atomic_write_text(root / MANIFEST, dump_manifest(data))
            ws.register().anchor(data.workspace_id, data.events[-1].seq, data.events[-1].hash)
        return ws

    @staticmethod
    def _exists(output: Path, periode: Periode, root: Path) -> WorkspaceError:
        return WorkspaceError(
            f"Ruang kerja periode {periode} sudah ada di {root}.",
            hint="Untuk memperbaiki masukannya (nama, NIP, indikator, target), perbarui dengan"
            " berkas yang sudah dibetulkan (cukup yang berubah: --org dan/atau --indikator).",
            next_step=NextStep(
                "init",
                {"periode": str(periode), "perbarui": "true", "org": "org.yaml"},
                "Perbarui masukan",
            ),
        )

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
            self._inputs = _snapshot_inputs(folder / ORG, folder / INDIKATOR)
        return self._inputs

    @property
    def org(self) -> Organisasi:
        """The office alone (the snapshot's org.yaml, checked against the indicators when the
        snapshot was made): what a cover, a signer or the archive needs, without parsing
        the Perjanjian Kinerja (40 MiB of the archive's peak at 2,000 indicators)."""
        if self._inputs is not None:
            return self._inputs.org
        if self._org is None:
            folder = self.root / INPUT_DIR
            self._org = _snapshot_org(folder / ORG, folder / INDIKATOR)
        return self._org

    @property
    def aturan(self) -> AturanCapaian:
        """The capaian/predikat rules of this periode, from its snapshot (a workspace made
        before rules were snapshotted uses the embedded ones)."""
        path = self.root / INPUT_DIR / CAPAIAN
        return parse_aturan(load_yaml(path)) if path.is_file() else default_aturan()

    def replace_inputs(self, snapshot: Snapshot, originals: str) -> None:
        """Write a new input snapshot (inside a transaction: see ``update_inputs``)."""
        write_snapshot(self.root / INPUT_DIR, snapshot, originals)
        self._inputs = None
        self._org = None

    # -- locking and transactions -----------------------------------------------------------

    def lock(self) -> AbstractContextManager[None]:
        return locked(self.root / LOCK, f"Ruang kerja {self.root}", LOCK_TIMEOUT_S)

    def read_manifest(self) -> ManifestData:
        path = self.root / MANIFEST
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise WorkspaceError(f"manifest.json tidak ada di {self.root}.") from exc
        data = parse_manifest(text, str(path))
        check_anchor(data, self.register().anchor_of(data.workspace_id), str(path))
        return data

    def register(self) -> NomorRegister:
        """The nomor register of the output folder (it also anchors the manifest chain)."""
        return NomorRegister(self.root.parent, clock=self.clock)

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
                head = data.events[-1]
                # Best effort: an anchor older than the manifest still holds (a full disk
                # here must not report a transaction that was written as failed).
                with contextlib.suppress(OSError):
                    self.register().anchor(data.workspace_id, head.seq, head.hash)

    def claim_register(self, journal: Journal, years: list[int]) -> None:
        """Hold the office's nomor register in this output folder for ``years`` (see
        ``register_kantor``); a workspace of the embedded sample holds nothing."""
        if not uses_sample(journal.data):
            register_kantor.claim(self.root.parent, self.inputs.org.kode_unit, years)

    def snapshot(self) -> Journal:
        """A read-only view of the manifest (no lock held afterwards)."""
        with self.lock():
            data = self.read_manifest()
        return Journal(data, load_sop(), "baca", self.clock)


def register_years(periode: Periode) -> list[int]:
    """The years a periode's nomor naskah can carry: its own, and the next (an annual
    report, and the last quarter's, are made early in the following year)."""
    return [periode.tahun, periode.tahun + 1]


def uses_sample(data: ManifestData) -> bool:
    """Whether the workspace's organisation is (still) the embedded sample."""
    source = ""
    for event in data.events:
        if event.jenis in ("init", "masukan_diperbarui") and event.data.get("organisasi"):
            source = str(event.data["organisasi"])
    return source.startswith(SAMPLE_PREFIX)
