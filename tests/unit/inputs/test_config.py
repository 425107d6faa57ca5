"""Organisation YAML errors point at the right line: a duplicate kode, a missing key, golongan."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ErrorList
from generator.inputs.load import sample_text
from generator.inputs.org import load_organisasi, normalise_golongan


def _org(tmp_path: Path, old: str, new: str) -> Path:
    text = sample_text("org.yaml")
    assert old in text
    path = tmp_path / "org.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str, nth: int = 1) -> int:
    lines = [i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    return lines[nth - 1]


def test_duplicate_bidang_points_at_the_second_one(tmp_path: Path) -> None:
    path = _org(tmp_path, "- kode: IDE", "- kode: SEK")
    with pytest.raises(ErrorList) as info:
        load_organisasi(path)
    problem = info.value.problems[0]
    assert problem.location.line == _line_of(path, "- kode: SEK", 2)
    assert f"(baris {_line_of(path, '- kode: SEK')})" in problem.message


def test_missing_top_level_key_has_no_misleading_line(tmp_path: Path) -> None:
    path = _org(tmp_path, "kota: Malang\n", "")
    with pytest.raises(ErrorList) as info:
        load_organisasi(path)
    problem = info.value.problems[0]
    assert problem.location.field == "kota" and problem.location.line is None
    assert "wajib diisi" in problem.render()


def test_missing_nested_key_points_at_its_parent(tmp_path: Path) -> None:
    path = _org(tmp_path, "    pangkat: Pembina Utama Muda\n", "")
    with pytest.raises(ErrorList) as info:
        load_organisasi(path)
    problem = info.value.problems[0]
    assert problem.location.field == "pejabat.kepala.pangkat"
    assert problem.location.line in (_line_of(path, "  kepala:"), _line_of(path, "  kepala:") + 1)


def test_bad_golongan_is_refused(tmp_path: Path) -> None:
    path = _org(tmp_path, "golongan: IV/c", "golongan: V/z")
    with pytest.raises(ErrorList) as info:
        load_organisasi(path)
    rendered = info.value.render()
    assert "golongan 'V/z' tidak dikenal" in rendered and "pejabat.kepala.golongan" in rendered


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("IV/a", "IV/a"), ("iv / A", "IV/a"), ("IV/e", "IV/e"), ("III/d", "III/d"), ("IX", "IX")],
)
def test_golongan_as_people_write_it(typed: str, kept: str) -> None:
    assert normalise_golongan(typed) == kept


@pytest.mark.parametrize("typed", ["III/e", "V/a", "XVIII", "", "Pembina"])
def test_golongan_that_does_not_exist(typed: str) -> None:
    with pytest.raises(ValueError, match="tidak dikenal"):
        normalise_golongan(typed)
