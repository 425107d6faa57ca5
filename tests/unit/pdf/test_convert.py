"""Unit tests of the converter's input checks, output checks, cache and naming.

No LibreOffice here: the cache-hit test proves that no pool is started.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import docx
import openpyxl
import pikepdf
import pytest

import generator.convert as convert
from generator.convert import (
    ConversionResult,
    check_available,
    check_output,
    convert_documents,
    pdfa_claim,
    validate_source,
)
from generator.convert.cache import ConversionCache, output_names, source_key
from generator.convert.remote import parse_hosts
from generator.errors import ConversionError, DependencyError, InputError


def make_pdf(path: Path, part: int | None = 2) -> Path:
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        if part is not None:
            with pdf.open_metadata() as meta:
                meta["pdfaid:part"] = str(part)
                meta["pdfaid:conformance"] = "B"
        pdf.save(path)
    return path


def make_docx(path: Path, text: str = "Memo") -> Path:
    document = docx.Document()
    document.add_paragraph(text)
    document.save(str(path))
    return path


def make_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    wb.save(path)
    return path


@pytest.fixture
def no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(workers: int | None = None) -> None:
        raise AssertionError("a converter pool was started")

    monkeypatch.setattr(convert, "make_converter", refuse)


def test_valid_sources_pass(tmp_path: Path) -> None:
    assert validate_source(make_docx(tmp_path / "a.docx")) is None
    assert validate_source(make_xlsx(tmp_path / "b.xlsx")) is None


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("acak.docx", os.urandom(4000), "bukan berkas Word"),
        ("kosong.xlsx", b"", "bukan berkas Excel"),
        ("catatan.txt", b"halo", "hanya dokumen Word"),
        ("sandi.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "kata sandi"),
    ],
)
def test_invalid_sources_are_named(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    problem = validate_source(path)
    assert problem is not None and expected in problem


def test_truncated_and_mislabelled_zips(tmp_path: Path) -> None:
    whole = make_docx(tmp_path / "utuh.docx").read_bytes()
    cut = tmp_path / "potong.docx"
    cut.write_bytes(whole[: len(whole) // 2])
    assert validate_source(cut) is not None
    # A real xlsx renamed to .docx: a zip, but the wrong main part.
    renamed = tmp_path / "rekap.docx"
    renamed.write_bytes(make_xlsx(tmp_path / "r.xlsx").read_bytes())
    assert "ekstensi" in (validate_source(renamed) or "")
    plain = tmp_path / "zip.docx"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("hello.txt", "x")
    assert validate_source(plain) is not None
    assert validate_source(tmp_path / "tidak-ada.docx") == "berkas tidak ditemukan"


def test_a_checked_file_is_read_once_and_a_changed_one_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.convert import checks

    reads: list[Path] = []
    real = checks._check_archive

    def counted(path: Path, ext: str) -> str | None:
        reads.append(path)
        return real(path, ext)

    monkeypatch.setattr(checks, "_check_archive", counted)
    path = make_docx(tmp_path / "memo.docx")
    assert validate_source(path) is None and validate_source(path) is None
    assert len(reads) == 1  # the second stage's check of an unchanged file reads nothing
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # damaged in place: size and mtime change
    assert validate_source(path) is not None and len(reads) == 2
    path.unlink()
    assert validate_source(path) == "berkas tidak ditemukan"


def test_check_output(tmp_path: Path) -> None:
    assert pdfa_claim(make_pdf(tmp_path / "a2.pdf", 2)) == (2, "B")
    assert check_output(tmp_path / "a2.pdf", 2) is None
    assert "PDF/A-3" in (check_output(tmp_path / "a2.pdf", 3) or "")
    assert pdfa_claim(make_pdf(tmp_path / "plain.pdf", None)) is None
    assert check_output(tmp_path / "plain.pdf", 2) is not None
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert check_output(tmp_path / "empty.pdf", 2) == "PDF hasil konversi kosong"
    (tmp_path / "junk.pdf").write_bytes(b"PK\x03\x04garbage")
    assert check_output(tmp_path / "junk.pdf", 2) == "hasil konversi bukan PDF"
    assert check_output(tmp_path / "missing.pdf", 2) is not None


def test_source_key_depends_on_bytes_and_level(tmp_path: Path) -> None:
    a = tmp_path / "a.docx"
    a.write_bytes(b"same")
    b = tmp_path / "sub" / "other-name.docx"
    b.parent.mkdir()
    b.write_bytes(b"same")
    assert source_key(a, 2) == source_key(b, 2)
    assert source_key(a, 2) != source_key(a, 3)
    b.write_bytes(b"changed")
    assert source_key(a, 2) != source_key(b, 2)


def test_cache_drops_damaged_entry(tmp_path: Path) -> None:
    cache = ConversionCache(tmp_path / "cache")
    cache.put("k", make_pdf(tmp_path / "x.pdf"))
    assert cache.get("k", 2) == cache.path("k")
    assert cache.get("k", 3) is None  # wrong level: dropped
    assert not cache.path("k").exists()


def test_output_names_keep_clashes_apart(tmp_path: Path) -> None:
    sources = [Path("a/rekap.docx"), Path("b/rekap.xlsx"), Path("c/rekap.docx"), Path("memo.docx")]
    names = output_names(sources, tmp_path)
    assert [p.name for p in names.values()] == [
        "rekap.pdf",
        "rekap-xlsx.pdf",
        "rekap-docx.pdf",
        "memo.pdf",
    ]


def test_cache_hit_starts_no_pool(tmp_path: Path, no_pool: None) -> None:
    source = make_docx(tmp_path / "memo.docx")
    twin = tmp_path / "salinan" / "memo-copy.docx"
    twin.parent.mkdir()
    twin.write_bytes(source.read_bytes())
    cache = ConversionCache(tmp_path / "cache")
    cache.put(source_key(source, 2), make_pdf(tmp_path / "seed.pdf"))
    seen: list[ConversionResult] = []
    result = convert_documents(
        [source, twin], tmp_path / "out", cache_dir=tmp_path / "cache", on_done=seen.append
    )
    assert result == {source: tmp_path / "out/memo.pdf", twin: tmp_path / "out/memo-copy.pdf"}
    assert all(r.ok and r.cached for r in seen) and len(seen) == 2
    assert pdfa_claim(result[twin]) == (2, "B")


def test_invalid_inputs_fail_before_any_pool(tmp_path: Path, no_pool: None) -> None:
    bad = tmp_path / "rusak.docx"
    bad.write_bytes(os.urandom(2000))
    worse = tmp_path / "rekap.xlsx"
    worse.write_bytes(b"")
    with pytest.raises(ConversionError) as info:
        convert_documents([bad, worse], tmp_path / "out")
    text = str(info.value)
    assert "2 dokumen" in text and "rusak.docx" in text and "rekap.xlsx" in text
    with pytest.raises(ConversionError) as one:
        convert_documents([bad], tmp_path / "out")
    assert one.value.location.file == "rusak.docx"


def test_bad_pdfa_level_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        convert_documents([], tmp_path, pdfa=4)


def test_parse_hosts() -> None:
    assert parse_hosts("a:2003, b:2004,c") == [("a", 2003), ("b", 2004), ("c", 2003)]
    for bad in ("", "a:xx", "a:0", ":2003"):
        with pytest.raises(InputError):
            parse_hosts(bad)


def test_check_available_names_debian_packages() -> None:
    with pytest.raises(DependencyError) as info:
        check_available(soffice="soffice-yang-tidak-ada", python="/tidak/ada/python3")
    text = str(info.value)
    assert "libreoffice-writer-nogui libreoffice-calc-nogui python3-uno" in text
    assert "uno" in text and "soffice" in text
