"""Paper trail rules of Tata Naskah Dinas (issue 12, point 9): a document is signed by its
own official (or one recorded as acting in that place), and a scan is attached once."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.base.periode import Periode
from generator.errors import InputError, StepError
from generator.inputs.load import sample_text, write_samples
from generator.rules.dokumen import load_registry
from generator.workflow.papertrail import tandatangan
from generator.workspace.folder import Workspace
from tests.unit.workflow.test_papertrail import add_document, png_with_alpha, set_printed, write_pdf


def test_every_kind_names_its_signers_in_data() -> None:
    registry = load_registry()
    assert registry.signers("memo") == ["sekretaris"] and registry.signers("laporan") == ["kepala"]
    assert set(registry.signers("rekap")) == {"staf", "kasubag", "sekretaris"}
    assert registry.signer("rekap") == "kasubag"


def test_the_memo_is_not_signed_by_the_kepala(workspace: Workspace) -> None:
    memo = add_document(workspace, "memo", "memo", 1)
    set_printed(workspace, memo)
    with pytest.raises(StepError) as caught:
        tandatangan(workspace, memo, "kepala")
    text = caught.value.render()
    assert "ditandatangani Sekretaris, bukan Kepala" in text and "Plh." in text
    step = caught.value.next_step
    assert step is not None and step.action == "init" and step.args["perbarui"] == "true"
    assert tandatangan(workspace, memo).peran == "sekretaris"


def test_the_rekap_takes_any_of_its_three_signature_blocks(workspace: Workspace) -> None:
    rekap = add_document(workspace, "rekap", "rekap", 7)
    set_printed(workspace, rekap)
    with pytest.raises(StepError, match="bukan Kepala"):
        tandatangan(workspace, rekap, "kepala")
    assert tandatangan(workspace, rekap, "sekretaris").peran == "sekretaris"


def test_an_official_recorded_as_acting_may_sign(tmp_path: Path) -> None:
    org_path, master = write_samples(tmp_path / "data")
    org = yaml.safe_load(sample_text("org.yaml"))
    sekretaris = org["pejabat"]["sekretaris"]
    org["pejabat"]["kepala"] = {**sekretaris, "jabatan": "Kepala Badan", "status": "Plh."}
    org_path.write_text(yaml.safe_dump(org, allow_unicode=True), encoding="utf-8")
    ws = Workspace.create(tmp_path / "out", Periode.parse("2025"), org_path, master)
    lkj = add_document(ws, "laporan", "laporan", 12)
    set_printed(ws, lkj)
    result = tandatangan(ws, lkj, "sekretaris")
    assert result.nama == sekretaris["nama"]
    change = ws.snapshot().get(lkj).latest.riwayat[-1]
    assert change.catatan == f"Ditandatangani Plh. Kepala (Sekretaris): {sekretaris['nama']}"
    # the Kasubag is recorded as acting for nobody
    memo = add_document(ws, "memo", "memo", 1)
    set_printed(ws, memo)
    with pytest.raises(StepError, match="bukan Kasubag Perencanaan"):
        tandatangan(ws, memo, "kasubag")


def test_the_same_scan_is_attached_once(workspace: Workspace, tmp_path: Path) -> None:
    memo = add_document(workspace, "memo", "memo", 1)
    set_printed(workspace, memo)
    png_with_alpha(tmp_path / "ttd.png")
    tandatangan(workspace, memo, pindaian=tmp_path / "ttd.png")
    with pytest.raises(InputError, match="sudah dilampirkan"):
        tandatangan(workspace, memo, pindaian=tmp_path / "ttd.png")
    write_pdf(tmp_path / "halaman2.pdf", 1)
    tandatangan(workspace, memo, pindaian=tmp_path / "halaman2.pdf")
    with pytest.raises(InputError, match="sudah dilampirkan"):
        tandatangan(workspace, memo, pindaian=tmp_path / "halaman2.pdf")
    other = add_document(workspace, "tanda_terima", "tanda_terima", 4)
    set_printed(workspace, other)
    tandatangan(workspace, other, pindaian=tmp_path / "ttd.png")  # another document: fine
