"""The input snapshot: capaian rules kept per periode, corrections with --perbarui, and the
nomor register that one office keeps in one output folder (issue 12, point 3)."""

from __future__ import annotations

import json
import re
import zipfile
from importlib import resources
from pathlib import Path

import pytest
import yaml

from generator.base.periode import Periode
from generator.documents.memo import create_memo
from generator.errors import InputError, StepError, WorkspaceError
from generator.inputs.load import write_samples
from generator.workspace.folder import Workspace
from generator.workspace.masukan import CAPAIAN, INPUT_DIR
from generator.workspace.perbarui import update_inputs
from generator.workspace.register_kantor import record_path

PERIODE = Periode.parse("2025")


def _office(folder: Path) -> tuple[Path, Path]:
    """An office's own inputs, as `kinerja contoh` writes them."""
    org, indikator = write_samples(folder)
    return org, indikator


def _memo_text(ws: Workspace) -> str:
    memo = ws.snapshot().find("memo")
    assert memo is not None
    with zipfile.ZipFile(ws.path(memo.latest.path)) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", "", xml)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_capaian_rules_are_snapshotted_at_init(tmp_path: Path) -> None:
    rules = tmp_path / "capaian.yaml"
    embedded = resources.files("generator.data").joinpath(CAPAIAN).read_text(encoding="utf-8")
    rules.write_text(embedded, encoding="utf-8")
    ws = Workspace.create(tmp_path / "out", PERIODE, capaian_path=rules)
    snapshot = ws.path(f"{INPUT_DIR}/{CAPAIAN}")
    assert snapshot.read_text(encoding="utf-8") == embedded
    bawaan = ws.aturan.skala_bawaan
    # the office edits its rules afterwards: the periode keeps the ones it was made with
    _edit(rules, f"skala_bawaan: {bawaan}", "skala_bawaan: tidak-ada")
    assert Workspace.open(tmp_path / "out", PERIODE).aturan.skala_bawaan == bawaan
    plain = Workspace.create(tmp_path / "out", Periode.parse("2025-TW1"))
    assert plain.path(f"{INPUT_DIR}/{CAPAIAN}").read_text(encoding="utf-8") == embedded


def test_init_on_an_existing_workspace_points_to_perbarui(workspace: Workspace) -> None:
    with pytest.raises(WorkspaceError) as caught:
        Workspace.create(workspace.root.parent, PERIODE)
    text = caught.value.render()
    step = caught.value.next_step
    assert step is not None and step.action == "init" and step.args["perbarui"] == "true"
    assert "folder lain" not in text


def test_perbarui_replaces_the_snapshot_and_records_it(tmp_path: Path) -> None:
    org, indikator = _office(tmp_path / "data")
    ws = Workspace.create(tmp_path / "out", PERIODE, org, indikator)
    sekretaris = ws.inputs.org.pejabat.sekretaris.nama
    create_memo(ws)
    assert sekretaris in _memo_text(ws)
    with pytest.raises(InputError, match="Tidak ada masukan"):
        update_inputs(ws)

    _edit(org, sekretaris, "Dra. Nama Yang Benar, M.Si.")
    update = update_inputs(ws, org_path=org)
    assert update.berubah and update.berkas == ["org.yaml"] and update.lama != update.baru
    memo_id = ws.snapshot().find("memo").id  # type: ignore[union-attr]
    assert update.draf == [memo_id] and update.versi_baru == []
    event = ws.snapshot().data.events[-1]
    assert event.jenis == "masukan_diperbarui"
    assert (event.data["lama"], event.data["baru"]) == (update.lama, update.baru)
    assert Workspace.open(tmp_path / "out", PERIODE).inputs.org.pejabat.sekretaris.nama == (
        "Dra. Nama Yang Benar, M.Si."
    )
    # a draft is simply made again, same version, with the corrected name
    create_memo(ws)
    memo = ws.snapshot().find("memo")
    assert memo is not None and [v.versi for v in memo.versions] == [1]
    assert "Dra. Nama Yang Benar, M.Si." in _memo_text(ws)
    # the same files again change nothing and record nothing
    events = len(ws.snapshot().data.events)
    assert not update_inputs(ws, org_path=org).berubah
    assert len(ws.snapshot().data.events) == events

    # once printed, the memo is never touched: a correction makes a new version
    with ws.transaction("test") as journal:
        journal.set_state(memo.id, "dicetak")
    _edit(org, "Dra. Nama Yang Benar, M.Si.", "Dra. Nama Lain, M.Si.")
    update = update_inputs(ws, org_path=org)
    assert update.draf == [] and update.versi_baru == [memo.id]
    create_memo(ws)
    memo = ws.snapshot().find("memo")
    assert memo is not None and [v.keadaan for v in memo.versions] == ["dicetak", "draf"]
    assert memo.versions[0].nomor != memo.versions[1].nomor


def _with_new_bidang(ws: Workspace, folder: Path) -> tuple[Path, Path]:
    """The workspace's inputs plus a Bidang 'BARU' with one indicator."""
    org = yaml.safe_load(ws.path(f"{INPUT_DIR}/org.yaml").read_text(encoding="utf-8"))
    master = yaml.safe_load(ws.path(f"{INPUT_DIR}/indikator.yaml").read_text(encoding="utf-8"))
    org["bidang"].append({**org["bidang"][0], "kode": "BARU", "nama": "Bidang Baru"})
    master["indikator"].append({**master["indikator"][0], "kode": "BARU.1", "kode_bidang": "BARU"})
    folder.mkdir()
    org_path, master_path = folder / "org.yaml", folder / "indikator.yaml"
    org_path.write_text(yaml.safe_dump(org, allow_unicode=True), encoding="utf-8")
    master_path.write_text(yaml.safe_dump(master, allow_unicode=True), encoding="utf-8")
    return org_path, master_path


def test_perbarui_changes_the_bidang_only_before_the_formulir(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "out", PERIODE)
    org, master = _with_new_bidang(ws, tmp_path / "baru")
    update_inputs(ws, org_path=org, master_path=master)
    assert "BARU" in ws.snapshot().step(5).bidang

    other = Workspace.create(tmp_path / "out", Periode.parse("2025-TW1"))
    with other.transaction("test") as journal:
        journal.reserve_document("formulir:IDE", "formulir", 2, "Formulir", bidang="IDE")
    org, master = _with_new_bidang(other, tmp_path / "baru2")
    with pytest.raises(StepError, match="ditambah BARU"):
        update_inputs(other, org_path=org, master_path=master)
    assert "BARU" not in other.inputs.org.model_dump_json()


def test_a_second_output_folder_cannot_split_the_nomor_register(tmp_path: Path) -> None:
    org, indikator = _office(tmp_path / "data")
    Workspace.create(tmp_path / "out", PERIODE, org, indikator)
    with pytest.raises(WorkspaceError) as caught:
        Workspace.create(tmp_path / "lain", Periode.parse("2025-TW1"), org, indikator)
    text = caught.value.render()
    assert str((tmp_path / "out").resolve()) in text and "--output" in text
    # the same folder is fine for every periode of the year; the record names it
    Workspace.create(tmp_path / "out", Periode.parse("2025-TW1"), org, indikator)
    record = json.loads(record_path().read_text(encoding="utf-8"))
    kode_unit = Workspace.open(tmp_path / "out", PERIODE).inputs.org.kode_unit
    assert record["kantor"][kode_unit]["2025"] == str((tmp_path / "out").resolve())
    # the embedded sample is no office: the demo may run in any folder
    Workspace.create(tmp_path / "demo1", PERIODE)
    Workspace.create(tmp_path / "demo2", PERIODE)
