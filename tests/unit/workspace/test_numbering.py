from __future__ import annotations

import json
import multiprocessing
import re
from pathlib import Path

import pytest

from generator.errors import InputError, WorkspaceError
from generator.workspace.numbering import REGISTER_NAME, NomorRegister

NOMOR = re.compile(r"^000\.9\.3\.3/\d{3}/35\.73\.505/2025$")


def _allocate(reg: NomorRegister, untuk: str, versi: int = 1, ws: str = "ws1", **kw: object):
    args: dict[str, object] = {
        "tahun": 2025,
        "kode_klasifikasi": "000.9.3.3",
        "kode_unit": "35.73.505",
        "untuk": untuk,
        "workspace_id": ws,
        "periode": "2025",
        "versi": versi,
    }
    args.update(kw)
    return reg.allocate(**args)  # type: ignore[arg-type]


def test_numbers_follow_the_pattern_and_never_repeat(tmp_path: Path) -> None:
    reg = NomorRegister(tmp_path)
    first = _allocate(reg, "memo")
    second = _allocate(reg, "tanda_terima")
    assert first.nomor == "000.9.3.3/001/35.73.505/2025"
    assert second.nomor == "000.9.3.3/002/35.73.505/2025"
    assert NOMOR.match(first.nomor) and first.baru


def test_same_document_version_keeps_its_number(tmp_path: Path) -> None:
    reg = NomorRegister(tmp_path)
    first = _allocate(reg, "memo", versi=1)
    again = _allocate(reg, "memo", versi=1)
    assert again.nomor == first.nomor and not again.baru
    newer = _allocate(reg, "memo", versi=2)
    assert newer.urut == 2
    other_ws = _allocate(reg, "memo", versi=1, ws="ws2")
    assert other_ws.urut == 3


def test_register_records_what_each_number_was_given_to(tmp_path: Path) -> None:
    reg = NomorRegister(tmp_path)
    _allocate(reg, "memo", dokumen_id="MEMO-2025-01")
    data = json.loads((tmp_path / REGISTER_NAME).read_text(encoding="utf-8"))
    (entry,) = data["nomor"]
    assert entry["untuk"] == "memo" and entry["dokumen_id"] == "MEMO-2025-01"
    assert entry["periode"] == "2025" and entry["workspace_id"] == "ws1" and entry["waktu"]
    assert reg.lookup(entry["nomor"]) == entry


def test_sequence_per_year_and_per_classification(tmp_path: Path) -> None:
    reg = NomorRegister(tmp_path)
    assert _allocate(reg, "a").urut == 1
    assert _allocate(reg, "b", tahun=2026).urut == 1
    assert _allocate(reg, "c").urut == 2
    per = NomorRegister(tmp_path / "per")
    assert _allocate(per, "a", per_klasifikasi=True).urut == 1
    assert _allocate(per, "b", kode_klasifikasi="700", per_klasifikasi=True).urut == 1
    assert _allocate(per, "c", per_klasifikasi=True).urut == 2


def test_pattern_is_data_in_the_register(tmp_path: Path) -> None:
    reg = NomorRegister(tmp_path, fmt="{kode_klasifikasi}/{urut:04d}/{kode_unit}/{tahun}")
    assert _allocate(reg, "a").nomor == "000.9.3.3/0001/35.73.505/2025"
    data = json.loads(reg.path.read_text(encoding="utf-8"))
    data["format"] = "B/{urut}/{tahun}"
    reg.path.write_text(json.dumps(data), encoding="utf-8")
    assert _allocate(reg, "b").nomor == "B/2/2025"
    data["format"] = "{tidak_ada}"
    reg.path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="Pola nomor"):
        _allocate(reg, "c")


def test_damaged_register_is_refused_not_reset(tmp_path: Path) -> None:
    reg = NomorRegister(tmp_path)
    _allocate(reg, "a")
    reg.path.write_text('{"nomor": [', encoding="utf-8")
    with pytest.raises(WorkspaceError, match="rusak"):
        _allocate(reg, "b")


def test_leftover_temp_file_of_a_crash_is_ignored(tmp_path: Path) -> None:
    reg = NomorRegister(tmp_path)
    _allocate(reg, "a")
    (tmp_path / f".tmp-{REGISTER_NAME}.x1").write_text("half written", encoding="utf-8")
    assert _allocate(reg, "b").urut == 2
    assert not list(tmp_path.glob(".tmp-*"))


def _worker(args: tuple[str, int]) -> list[str]:
    folder, n = args
    reg = NomorRegister(Path(folder))
    return [_allocate(reg, f"doc-{n}-{i}", ws=f"ws{n}").nomor for i in range(15)]


def test_parallel_processes_never_share_a_number(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        results = pool.map(_worker, [(str(tmp_path), n) for n in range(4)])
    numbers = [n for batch in results for n in batch]
    assert len(numbers) == 60 and len(set(numbers)) == 60
    urut = sorted(int(n.split("/")[1]) for n in numbers)
    assert urut == list(range(1, 61))
