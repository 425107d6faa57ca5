"""End-to-end tests of the converter with the real LibreOffice.

The PDFs are read back with pdftotext and pikepdf: TOC page numbers, the
recalculated Excel value, the PDF/A claim. Kept under a minute on 2 cores.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

import generator.convert as convert
from generator.convert import (
    ConversionJob,
    ConversionResult,
    LocalPool,
    convert_documents,
    converter_session,
    current_session,
    pdfa_claim,
    pool_starts,
)
from generator.convert.cache import ConversionCache, source_key
from generator.errors import ConversionError

pytestmark = pytest.mark.slow

try:
    convert.check_available()
except Exception as exc:  # pragma: no cover - depends on the machine
    pytest.skip(f"LibreOffice not usable here: {exc}", allow_module_level=True)


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(
        ["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True, check=True
    )
    return done.stdout.decode()


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]


def add_toc_field(document: docx.document.Document) -> None:
    paragraph = document.add_paragraph()

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-3" \\h \\z \\u'
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run("Daftar isi belum diperbarui.")
    char("end")


def make_toc_docx(path: Path, chapters: int = 5) -> Path:
    """A TOC field (stale placeholder) and chapters of growing length."""
    document = docx.Document()
    document.add_paragraph("DAFTAR ISI")
    add_toc_field(document)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for i in range(1, chapters + 1):
        document.add_heading(f"Bab {i} Pengukuran", 1)
        for j in range(i * 4):
            document.add_paragraph(f"Paragraf {j}. " + "isi laporan kinerja " * 30)
    document.save(str(path))
    return path


def make_memo(path: Path, text: str) -> Path:
    document = docx.Document()
    document.add_heading("MEMO", 1)
    document.add_paragraph(text)
    document.save(str(path))
    return path


def make_stale_xlsx(path: Path) -> Path:
    """A formula =B2*C2 (= 6) whose stored cached value says 999."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["C1"], ws["D1"] = "Indikator", "Target", "Bobot", "Nilai"
    ws["A2"], ws["B2"], ws["C2"], ws["D2"] = "Kinerja", 2, 3, "=B2*C2"
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet, count = re.subn(r"<f>B2\*C2</f>(<v>[^<]*</v>|<v\s*/>)?", "<f>B2*C2</f><v>999</v>", sheet)
    assert count == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    assert openpyxl.load_workbook(path, data_only=True).active["D2"].value == 999
    return path


def _office_environ(group: int) -> bytes:
    """The environment block of the soffice.bin in the office's process group (oosplash's)."""
    (office,) = [
        stat.parent
        for stat in Path("/proc").glob("[0-9]*/stat")
        if stat.read_text().rsplit(")", 1)[-1].split()[2] == str(group)
        and (stat.parent / "comm").read_text().strip() == "soffice.bin"
    ]
    return (office / "environ").read_bytes()


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("docs")
    return {
        "toc": make_toc_docx(root / "laporan.docx"),
        "memo": make_memo(root / "memo.docx", "Mohon segera dilaksanakan."),
        "xlsx": make_stale_xlsx(root / "rekap.xlsx"),
    }


def test_convert_documents_toc_recalc_pdfa_and_cache(
    docs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    seen: list[ConversionResult] = []
    sources = [docs["toc"], docs["memo"], docs["xlsx"]]
    pdfs = convert_documents(sources, tmp_path / "out", cache_dir=cache, on_done=seen.append)
    assert sorted(p.name for p in pdfs.values()) == ["laporan.pdf", "memo.pdf", "rekap.pdf"]
    assert len(seen) == 3 and not any(r.cached for r in seen)
    for pdf in pdfs.values():
        assert pdf.read_bytes().startswith(b"%PDF") and pdfa_claim(pdf) == (2, "B")

    # TOC: every entry shows the page its heading really lands on.
    toc = pdfs[docs["toc"]]
    listed = dict(re.findall(r"(Bab \d) Pengukuran[ .]+(\d+)", pdf_text(toc, 1)))
    actual = {}
    for page in range(2, page_count(toc) + 1):
        for title in re.findall(r"Bab \d(?= Pengukuran)", pdf_text(toc, page)):
            actual[title] = str(page)
    assert len(actual) == 5 and listed == actual
    assert "belum diperbarui" not in pdf_text(toc, 1)

    # Excel: the PDF shows the recalculated 6, not the stored 999.
    sheet = pdf_text(pdfs[docs["xlsx"]])
    assert re.search(r"\b6\b", sheet) and "999" not in sheet
    assert "Mohon segera dilaksanakan." in pdf_text(pdfs[docs["memo"]])

    # Second call: everything from the cache, no office started.
    def refuse(workers: int | None = None) -> None:
        raise AssertionError("a converter pool was started")

    monkeypatch.setattr(convert, "make_converter", refuse)
    seen.clear()
    again = convert_documents(sources, tmp_path / "out2", cache_dir=cache, on_done=seen.append)
    assert all(r.cached for r in seen) and len(seen) == 3
    assert again[docs["toc"]].read_bytes() == toc.read_bytes()


def test_pdfa3_and_failures_named(docs: dict[str, Path], tmp_path: Path) -> None:
    broken = tmp_path / "rusak.docx"
    broken.write_bytes(os.urandom(5000))
    # A real zip that claims to be a Word document but whose body is garbage.
    fake = tmp_path / "palsu.docx"
    with zipfile.ZipFile(docs["memo"]) as src, zipfile.ZipFile(fake, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, b"<w:document>" if name == "word/document.xml" else data)
    with pytest.raises(ConversionError) as info:
        convert_documents([docs["memo"], broken, fake], tmp_path / "out", pdfa=3)
    message = str(info.value)
    assert "rusak.docx" in message and "palsu.docx" in message and "memo.docx" not in message
    assert pdfa_claim(tmp_path / "out" / "memo.pdf") == (3, "B")
    assert not (tmp_path / "out" / "rusak.pdf").exists()


def test_killed_office_and_timeout_are_retried(docs: dict[str, Path], tmp_path: Path) -> None:
    jobs = [
        ConversionJob(docs["memo"], tmp_path / "a.pdf"),
        ConversionJob(docs["xlsx"], tmp_path / "b.pdf"),
        ConversionJob(docs["toc"], tmp_path / "c.pdf"),
    ]
    with LocalPool(workers=1, timeout=60) as pool:

        def kill_office(result: ConversionResult) -> None:
            # Kill soffice after the first document: the next one meets a dead
            # office, the worker is restarted and the document retried.
            if result.job is jobs[0]:
                os.killpg(pool.office_pids()[0], signal.SIGKILL)

        results = pool.convert(jobs, on_done=kill_office)
        assert [r.ok for r in results] == [True, True, True], results
        assert pool.started == 2
        assert pdfa_claim(tmp_path / "b.pdf") == (2, "B")

        # A timeout too short for any document: killed, retried once, reported.
        pool.timeout = 0.01
        (late,) = pool.convert([ConversionJob(docs["toc"], tmp_path / "late.pdf")])
        assert not late.ok and "tidak selesai" in (late.error or "")
        assert pool.started == 4
        pool.timeout = 60
        (fine,) = pool.convert([ConversionJob(docs["memo"], tmp_path / "fine.pdf")])
        assert fine.ok
        pids = [pool.workers[0].proc.pid] if pool.workers[0] else []
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_one_session_starts_the_office_once_and_reuses_prefetched_pdfs(
    docs: dict[str, Path], tmp_path: Path
) -> None:
    before = pool_starts()
    with converter_session(workers=1) as conv:
        assert current_session() is conv and not conv.started  # nothing starts until needed
        cache = ConversionCache(tmp_path / "cache")
        # Handed over the moment the document exists; the caller goes on at once.
        conv.prefetch(docs["memo"], source_key(docs["memo"], 2), cache, 2)
        backend = conv.backend()
        assert isinstance(backend, LocalPool)
        pending = conv.submit(ConversionJob(docs["toc"], tmp_path / "toc.pdf"))
        first = convert_documents(
            [docs["memo"], docs["xlsx"]], tmp_path / "a", cache_dir=cache.root
        )
        with converter_session() as inner:  # an inner block joins the open session
            assert inner is conv
            second = convert_documents([docs["toc"]], tmp_path / "b")
        assert pending.result().ok
        # memo (prefetched, then waited for), xlsx, toc twice: the memo was not converted again
        assert backend.converted == 4
        assert backend.started == 1  # one worker, never restarted
    assert pool_starts() - before == 1 and conv.starts == 1
    assert current_session() is None
    for pdf in [*first.values(), *second.values()]:
        assert pdfa_claim(pdf) == (2, "B")
    assert "Bab 1 Pengukuran" in pdf_text(second[docs["toc"]])


def test_meanwhile_runs_once_while_the_office_converts(
    docs: dict[str, Path], tmp_path: Path
) -> None:
    """``meanwhile`` (the demo imports its signing libraries there) is called once the
    conversion is handed to the office and before it is waited for; with nothing left to
    convert it is still called, once."""
    cache = ConversionCache(tmp_path / "cache")
    key = source_key(docs["toc"], 2)
    seen: list[bool] = []  # whether the document was handed to the office already
    with converter_session(workers=1) as conv:

        def meanwhile() -> None:
            seen.append(conv.inflight(cache, key) is not None)

        first = convert_documents(
            [docs["toc"]], tmp_path / "a", cache_dir=cache.root, meanwhile=meanwhile
        )
        assert seen == [True]
        again = convert_documents(
            [docs["toc"]], tmp_path / "b", cache_dir=cache.root, meanwhile=meanwhile
        )
        assert seen == [True, True]
        backend = conv.backend()
        assert isinstance(backend, LocalPool) and backend.converted == 1  # then the cache
    assert pdfa_claim(first[docs["toc"]]) == (2, "B")
    assert again[docs["toc"]].read_bytes() == first[docs["toc"]].read_bytes()


def test_an_office_stopped_early_shuts_down_while_the_caller_goes_on(
    docs: dict[str, Path], tmp_path: Path
) -> None:
    """The demo stops its office once the archive is made and verifies meanwhile: the office
    shuts down in the background, later conversions are refused by name, and the end of the
    session's block waits until LibreOffice is gone."""
    with converter_session(workers=1) as conv:
        convert_documents([docs["memo"]], tmp_path / "a")
        backend = conv.backend()
        assert isinstance(backend, LocalPool)
        worker = backend.workers[0]
        assert worker is not None and worker.office_pid is not None
        # the malloc tuning of uno_worker.py (which imports uno, so not from here); glibc cuts
        # the variable at its colons where it stands, so the pieces are looked for one by one
        environ = _office_environ(worker.office_pid)
        assert b"\0GLIBC_TUNABLES=glibc.malloc.arena_max=1" in environ
        assert b"glibc.malloc.trim_threshold=131072\0" in environ
        conv.stop_early()
        with pytest.raises(ConversionError, match="ditutup"):
            conv.submit(ConversionJob(docs["toc"], tmp_path / "toc.pdf"))
    for pid in (worker.office_pid, worker.proc.pid):
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
