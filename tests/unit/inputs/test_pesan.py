"""Messages that lead (issue 12, points 6 and 8): every format error states the allowed form
with an example and counts from 1; an OpenDocument file gets the 'save as .xlsx' advice;
init without the office's own inputs says what to give."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from generator.base.periode import Periode
from generator.base.yamlio import parse_yaml
from generator.errors import ErrorList, IngestError, InputError
from generator.inputs.load import check_sources, parse_master_yaml, sample_text, write_samples
from generator.inputs.org import load_organisasi
from generator.intake.guard import read_checked_bytes


def _org(tmp_path: Path, old: str, new: str) -> Path:
    text = sample_text("org.yaml")
    assert old in text
    path = tmp_path / "org.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _no_zero_index(text: str) -> None:
    """No message may point at a list entry the way a program counts (from 0)."""
    assert not re.search(r"\.0\.|\b0\b-th|ke-0", text), text


def test_a_bad_kode_bidang_says_which_form_is_allowed_and_counts_from_one(
    tmp_path: Path,
) -> None:
    with pytest.raises(ErrorList) as info:
        load_organisasi(_org(tmp_path, "- kode: SEK", "- kode: PAUD-NF"))
    text = info.value.render()
    assert "bentuk 'PAUD-NF' tidak sesuai; yang diterima: huruf besar dan angka" in text
    assert "contoh: IDE" in text and "bidang ke-1.kode" in text
    _no_zero_index(text)


def test_a_bad_kode_unit_gives_an_example(tmp_path: Path) -> None:
    with pytest.raises(ErrorList) as info:
        load_organisasi(_org(tmp_path, 'kode_unit: "35.73.505"', 'kode_unit: "35-73-505"'))
    assert "contoh: 35.73.505" in info.value.render()


def test_a_bad_kode_indikator_gives_an_example() -> None:
    text = sample_text("indikator.yaml")
    first = re.search(r"kode: (\S+)", text)
    assert first is not None
    bad = text.replace(f"kode: {first[1]}", "kode: IDE 1 (baru)", 1)
    with pytest.raises(ErrorList) as info:
        parse_master_yaml(parse_yaml(bad, "indikator.yaml"))
    rendered = info.value.render()
    assert "contoh: IDE-01" in rendered and "indikator ke-1.kode" in rendered
    _no_zero_index(rendered)


def test_nip_and_periode_errors_give_an_example(tmp_path: Path) -> None:
    with pytest.raises(ErrorList) as info:
        load_organisasi(_org(tmp_path, "nip:", "nip: '1973'\n    nip_lama:"))
    assert "contoh" in info.value.render()
    for text in ("2025-Q1", "1999"):
        with pytest.raises(InputError) as caught:
            Periode.parse(text)
        assert "contoh: 2024" in caught.value.render()


def _opendocument(path: Path, mimetype: str) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # stored, first: as ODF says
        archive.writestr("content.xml", "<office:document-content/>")
    path.write_bytes(buffer.getvalue())
    return path


def test_an_ods_formulir_gets_the_save_as_xlsx_advice_like_xls(tmp_path: Path) -> None:
    ods = _opendocument(tmp_path / "formulir.ods", "application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(IngestError) as caught:
        read_checked_bytes(ods)
    xls = tmp_path / "formulir.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    with pytest.raises(IngestError) as old:
        read_checked_bytes(xls)
    assert ".ods" in caught.value.message
    assert caught.value.hint is not None and caught.value.hint == old.value.hint
    assert ".xlsx" in caught.value.hint


def test_init_needs_the_office_inputs_or_an_explicit_sample(tmp_path: Path) -> None:
    org, master = write_samples(tmp_path)
    with pytest.raises(InputError) as caught:
        check_sources(None, None, contoh=False)
    assert "--contoh" in caught.value.render()
    assert caught.value.next_step is not None and caught.value.next_step.action == "contoh"
    for given in ((org, None), (None, master)):
        with pytest.raises(InputError) as caught:
            check_sources(*given, contoh=False)
        text = caught.value.render()
        assert "belum: init memerlukan keduanya" in text and len(text.splitlines()) == 1
    check_sources(None, None, contoh=True)
    check_sources(org, None, contoh=True)  # asked for: the sample stands in for the rest
    check_sources(org, master, contoh=False)
