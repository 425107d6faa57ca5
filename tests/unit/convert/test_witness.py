"""The session's witness of the PDFs it made reads them in blocks (issue 14: the LKj of a large
office is over 100 MB), an archive process that made nothing and has no record reads no cached
PDF, and a cached PDF that is reused is copied in blocks too."""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from pathlib import Path

from generator.convert import _witnessed_copy
from generator.convert.cache import ConversionCache
from generator.convert.session import ConverterSession

SIZE = 16 << 20


def _pdf(path: Path) -> bytes:
    data = b"%PDF-1.7\n" + os.urandom(SIZE)
    path.write_bytes(data)
    return data


def test_witnessing_a_big_pdf_does_not_hold_it(tmp_path: Path) -> None:
    data = _pdf(tmp_path / "besar.pdf")
    session = ConverterSession()
    tracemalloc.start()
    try:
        session.witness("kunci", tmp_path / "besar.pdf")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < SIZE / 4
    assert session.digest("kunci") == hashlib.sha256(data).hexdigest()
    assert session.digest("lain") is None


def test_a_session_that_made_nothing_reads_no_cached_pdf(tmp_path: Path) -> None:
    cache = ConversionCache(tmp_path / "cache")
    cache.root.mkdir()
    key = hashlib.sha256(b"sumber").hexdigest()
    data = _pdf(cache.path(key))
    session = ConverterSession()
    tracemalloc.start()
    try:
        assert _witnessed_copy(session, cache, key, tmp_path / "keluar.pdf") is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < SIZE / 4
    assert not (tmp_path / "keluar.pdf").exists()
    # a record that names other bytes: nothing is written
    other = hashlib.sha256(b"lain").hexdigest()
    assert _witnessed_copy(session, cache, key, tmp_path / "keluar.pdf", other) is None
    assert not (tmp_path / "keluar.pdf").exists()
    # made by this session, or recorded: copied in blocks, never held whole
    session.witness(key, cache.path(key))
    tracemalloc.start()
    try:
        assert _witnessed_copy(session, cache, key, tmp_path / "keluar.pdf") is not None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < SIZE / 4
    assert (tmp_path / "keluar.pdf").read_bytes() == data
    recorded = hashlib.sha256(data).hexdigest()
    assert _witnessed_copy(None, cache, key, tmp_path / "lagi.pdf", recorded) is not None
    assert (tmp_path / "lagi.pdf").read_bytes() == data


def test_a_copied_pdf_is_readable_like_the_office_folder_s_other_files(tmp_path: Path) -> None:
    """mkstemp makes private files: a PDF for the office must not stay 0600."""
    cache = ConversionCache(tmp_path / "cache")
    cache.root.mkdir()
    key = hashlib.sha256(b"sumber").hexdigest()
    data = _pdf(cache.path(key))
    out = tmp_path / "keluar.pdf"
    assert _witnessed_copy(None, cache, key, out, hashlib.sha256(data).hexdigest()) == out
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
