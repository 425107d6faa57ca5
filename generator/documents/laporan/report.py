"""The Laporan Kinerja (LKj, PermenPAN-RB 53/2014), drafted after step 10 from the approved recap.

``generate_laporan`` renders templates/laporan.docx from the approved
``HasilRekap``, converts it to PDF/A through ``generator.convert`` (which
refreshes the Daftar Isi, Daftar Tabel and Daftar Gambar before export) and
registers both files as one version of the document "laporan". A new recap
gives a new version; a printed or signed version is never overwritten
(Journal semantics).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.base.fsutil import sha256_file
from generator.base.heap import keep_large_blocks_mapped, release_freed_memory
from generator.base.periode import Periode
from generator.convert import convert_documents, converter_session, made_by_session
from generator.convert.cache import WORKSPACE_CACHE
from generator.convert.jobs import OnDone
from generator.documents import charts
from generator.documents.laporan.konteks import build_context
from generator.documents.rekap.workbook import approved_result
from generator.documents.render import render_docx, template_path
from generator.inputs.load import Inputs
from generator.rules.hasil import HasilRekap
from generator.workspace.folder import Workspace
from generator.workspace.service import actor

TEMPLATE = "laporan.docx"
KEY = "laporan"
JENIS = "laporan"
LANGKAH = 10  # drafted after step 10 (the SOP has no step of its own for the LKj)
PURPOSE = "Penyusunan Laporan Kinerja"
PDFA = 2  # the level cetak and arsip use too: its PDF is theirs


@dataclass(frozen=True)
class LaporanResult:
    doc_id: str
    versi: int
    docx: Path
    pdf: Path
    rekap_versi: int
    render_s: float
    convert_s: float


def judul(periode: Periode) -> str:
    return f"Laporan Kinerja {periode.label} (setelah langkah 10)"


def file_stem(periode: Periode, versi: int) -> str:
    return f"laporan-kinerja-{periode}-v{versi}"


def render_laporan(
    inputs: Inputs,
    hasil: HasilRekap,
    periode: Periode,
    out: Path,
    *,
    tanggal: date,
    template: Path | None = None,
) -> Path:
    """Render the docx (charts drawn into a temporary folder and embedded)."""
    with (
        tempfile.TemporaryDirectory(prefix="kinerja-grafik-") as tmp,
        charts.parallel() as figures,
    ):
        context = build_context(inputs, hasil, periode, tanggal, Path(tmp))
        # The charts are drawn on every core while the document is rendered; the render
        # waits for a figure only when it reaches it.
        figures.start()
        render_docx(
            template or template_path(TEMPLATE),
            context,
            out,
            kertas=inputs.org.kertas,
            huruf=inputs.org.huruf,
            image_ready=figures.ready,
        )
    return out


def generate_laporan(
    ws: Workspace,
    *,
    oleh: str | None = None,
    hasil: HasilRekap | None = None,
    cache_dir: Path | None = None,
    on_done: OnDone | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> LaporanResult:
    """Draft the Laporan Kinerja of ``ws`` (docx and PDF/A) and register it.

    Refuses with a ``StepError`` naming step 10 until the recap is approved.
    ``hasil`` overrides the approved recap (tests, previews); ``on_done`` receives the
    converter's progress; ``meanwhile`` is called while the office converts the LKj.
    """
    ws.snapshot().require_done(LANGKAH, PURPOSE)
    # One LKj needs one office; inside a command's open session that session is used.
    with converter_session(1) as session:
        session.warm()  # the office starts while the charts are drawn
        return _draft(ws, oleh, hasil, cache_dir, on_done, meanwhile)


def _draft(
    ws: Workspace,
    oleh: str | None,
    hasil: HasilRekap | None,
    cache_dir: Path | None,
    on_done: OnDone | None,
    meanwhile: Callable[[], None] | None,
) -> LaporanResult:
    result = hasil if hasil is not None else approved_result(ws)
    pelaku = actor(ws, "kasubag", oleh)
    folder = ws.folder("laporan")
    with ws.transaction(pelaku) as journal:
        journal.require_done(LANGKAH, PURPOSE)
        doc = journal.reserve_document(KEY, JENIS, LANGKAH, judul(ws.periode))
        versi = journal.next_version_number(KEY)
        docx = folder / f"{file_stem(ws.periode, versi)}.docx"
        started = time.perf_counter()
        keep_large_blocks_mapped()  # the render's large buffers go back when freed
        render_laporan(
            ws.inputs,
            result,
            ws.periode,
            docx,
            tanggal=ws.clock().date(),
            template=template_path(TEMPLATE, ws.root),
        )
        release_freed_memory()  # what the render freed: the conversion's join needs its own
        rendered = time.perf_counter()
        cache = cache_dir if cache_dir is not None else ws.path(WORKSPACE_CACHE)  # cetak reuses it
        pdf = convert_documents(
            [docx], folder, cache_dir=cache, pdfa=PDFA, on_done=on_done, meanwhile=meanwhile
        )[docx]
        converted = time.perf_counter()
        journal.register_version(
            KEY,
            ws.relative(docx),
            sha256_file(docx),
            meta={"rekap_versi": result.versi, "rekap_lengkap": result.lengkap},
        )
        journal.attach_pdf(doc.id, versi, ws.relative(pdf), made_by_session(docx, pdf, PDFA))
    return LaporanResult(
        doc_id=doc.id,
        versi=versi,
        docx=docx,
        pdf=pdf,
        rekap_versi=result.versi,
        render_s=rendered - started,
        convert_s=converted - rendered,
    )
