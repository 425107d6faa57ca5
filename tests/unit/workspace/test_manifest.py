from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from generator.base.periode import Periode
from generator.errors import ManifestError, StepError
from generator.workspace import manifest as manifest_mod
from generator.workspace.folder import Workspace


def _manifest(ws: Workspace) -> Path:
    return ws.root / "manifest.json"


def test_new_workspace_has_every_step_and_a_valid_chain(workspace: Workspace) -> None:
    journal = workspace.snapshot()
    assert [s.no for s in journal.data.langkah] == list(range(1, 12))
    assert set(journal.step(5).bidang) == {"SEK", "IDE", "POL", "EKS", "KWS"}
    assert journal.data.events[0].jenis == "init"
    assert (workspace.root / "masukan" / "org.yaml").is_file()


def test_step_and_document_api(workspace: Workspace) -> None:
    with workspace.transaction("Sekretaris: X") as j:
        j.finish_step(1)
        doc = j.reserve_document("memo", "memo", 1, "Memo")
        v1 = j.register_version(
            "memo", "dokumen/memo-v1.docx", "a" * 64, nomor="000/001/35.73.505/2025"
        )
        assert j.next_version_number("memo") == 1  # a draft is regenerated in place
        j.register_version("memo", "dokumen/memo-v1.docx", "b" * 64, nomor=v1.nomor)
        j.set_state(doc.id, "dicetak")
        assert j.next_version_number("memo") == 2
        with pytest.raises(StepError):
            j.set_state(doc.id, "draf")
    journal = workspace.snapshot()
    memo = journal.get(doc.id)
    assert [v.versi for v in memo.versions] == [1]
    assert memo.latest.sha256 == "b" * 64 and memo.latest.keadaan == "dicetak"
    assert journal.step(1).status == "selesai"


def test_per_bidang_step_finishes_when_all_are_in(workspace: Workspace) -> None:
    with workspace.transaction("x") as j:
        for kode in ("SEK", "IDE", "POL", "EKS"):
            j.finish_bidang(5, kode)
        assert j.step(5).status == "berjalan"
        j.finish_bidang(5, "KWS")
        assert j.step(5).status == "selesai"


def test_return_reopens_steps(workspace: Workspace) -> None:
    with workspace.transaction("x") as j:
        for no in range(1, 11):
            if no in (5, 6):
                for kode in j.step(no).bidang:
                    j.finish_bidang(no, kode)
            else:
                j.finish_step(no)
        j.return_for_revision(["IDE"], "Lengkapi keterangan kendala.", first=5, last=10)
        assert j.step(10).status == "dikembalikan"
        assert j.step(5).status == "berjalan" and j.step(5).bidang["IDE"].status == "dikembalikan"
        assert j.step(5).bidang["SEK"].status == "selesai"
        assert j.step(7).status == "belum" and j.step(7).putaran == 2


def test_exception_in_transaction_records_nothing(workspace: Workspace) -> None:
    before = _manifest(workspace).read_bytes()
    with pytest.raises(RuntimeError), workspace.transaction("x") as j:
        j.finish_step(1)
        raise RuntimeError("boom")
    assert _manifest(workspace).read_bytes() == before


def test_crash_between_temp_write_and_rename(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _manifest(workspace).read_bytes()

    def crash(src: str, dst: str) -> None:
        raise OSError("listrik padam")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError), workspace.transaction("x") as j:
        j.finish_step(1)
    monkeypatch.undo()
    assert _manifest(workspace).read_bytes() == before
    # a temp file left behind by a hard crash is cleaned up and the next run completes
    (workspace.root / ".tmp-manifest.json.abc").write_text("{half", encoding="utf-8")
    ws = Workspace.open(workspace.root.parent, workspace.periode)
    with ws.transaction("x") as j:
        j.finish_step(1)
    assert not list(ws.root.glob(".tmp-*"))
    assert ws.snapshot().step(1).status == "selesai"


def test_hand_edit_of_state_is_detected(workspace: Workspace) -> None:
    with workspace.transaction("x") as j:
        j.finish_step(1)
    data = json.loads(_manifest(workspace).read_text())
    data["langkah"][0]["oleh"] = "orang lain"
    _manifest(workspace).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ManifestError, match="diubah di luar kinerja"):
        workspace.snapshot()


def test_hand_edit_of_log_is_detected(workspace: Workspace) -> None:
    with workspace.transaction("x") as j:
        j.finish_step(1)
        j.finish_step(2)
    data = json.loads(_manifest(workspace).read_text())
    del data["events"][1]
    _manifest(workspace).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ManifestError, match="peristiwa #"):
        workspace.snapshot()


def test_corrupt_json_is_reported(workspace: Workspace) -> None:
    _manifest(workspace).write_text("{", encoding="utf-8")
    with pytest.raises(ManifestError, match="JSON tidak sah"):
        workspace.snapshot()


def test_newer_schema_refused(workspace: Workspace) -> None:
    data = json.loads(_manifest(workspace).read_text())
    data["schema_version"] = manifest_mod.SCHEMA_VERSION + 1
    _manifest(workspace).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ManifestError, match="lebih baru"):
        workspace.snapshot()


def test_older_schema_migrated(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.loads(_manifest(workspace).read_text())
    data["schema_version"] = 0
    _manifest(workspace).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ManifestError, match="tidak dapat dimigrasi"):
        workspace.snapshot()
    monkeypatch.setitem(manifest_mod.MIGRATIONS, 0, lambda raw: {**raw, "schema_version": 1})
    assert workspace.snapshot().data.schema_version == 1


def _writer(root: str, periode: str, tag: str, n: int) -> None:
    ws = Workspace.open(Path(root), Periode.parse(periode))
    for i in range(n):
        with ws.transaction(tag) as j:
            j.note("uji", tag=tag, i=i)


def test_concurrent_writers_lose_no_event(workspace: Workspace) -> None:
    n = 25
    ctx = multiprocessing.get_context("spawn")
    procs = [
        ctx.Process(target=_writer, args=(str(workspace.root.parent), "2025", tag, n))
        for tag in ("a", "b")
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    events = workspace.snapshot().data.events
    assert sum(1 for e in events if e.jenis == "uji") == 2 * n
    for tag in ("a", "b"):
        assert [e.data["i"] for e in events if e.data.get("tag") == tag] == list(range(n))


def test_manifest_is_readable_like_other_files(workspace: Workspace) -> None:
    """Written through a private temp file, the manifest still gets the usual mode."""
    umask = os.umask(0)
    os.umask(umask)
    assert (_manifest(workspace).stat().st_mode & 0o777) == 0o666 & ~umask
    _manifest(workspace).chmod(0o640)
    with workspace.transaction("x") as j:
        j.finish_step(1)
    assert (_manifest(workspace).stat().st_mode & 0o777) == 0o640


def test_the_same_manifest_is_verified_once_and_an_edit_afresh(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    with workspace.transaction("x") as j:
        j.finish_step(1)
    replayed: list[int] = []
    original = manifest_mod.verify_chain

    def counted(data: manifest_mod.ManifestData, source: str) -> None:
        replayed.append(len(data.events))
        original(data, source)

    monkeypatch.setattr(manifest_mod, "verify_chain", counted)
    manifest_mod._VERIFIED.clear()  # another test may have read these very texts (same clock)
    for _ in range(3):
        workspace.snapshot()
    with workspace.transaction("x") as j:
        j.finish_step(2)
    workspace.snapshot()
    # one replay per text: after the first transaction, and after the second
    assert len(replayed) == 2
    assert replayed[1] == replayed[0] + 1
