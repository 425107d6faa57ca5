"""The Kasubag and staf page: run the steps, download documents and print files, record paraf
and signatures with their scans."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator import api
from generator.errors import KinerjaError
from generator.web.site import (
    act,
    akses,
    back,
    documents_for,
    flash,
    form_of,
    periode_of,
    problems_of,
    render,
    saved_upload,
    sesi_of,
    site_of,
    text_field,
)

STAFF = frozenset({"kasubag", "staf"})
# The actions of the page: name in the URL -> (button label, the api function).
ACTIONS: dict[str, tuple[str, Callable[..., Any]]] = {
    "memo": ("Buat memo (langkah 1)", api.memo),
    "formulir": ("Buat formulir per Bidang (langkah 2-3)", api.formulir),
    "tanda_terima": ("Buat tanda terima (langkah 4)", api.tanda_terima),
    "rekap": ("Buat rekapitulasi (langkah 7-9)", api.rekap),
    "laporan": ("Buat Laporan Kinerja", api.laporan),
    "cetak": ("Siapkan berkas cetak (PDF)", api.cetak),
}
PARAF_ROLES = {role: api.ROLE_LABELS[role] for role in api.PARAF_ROLES}
SIGN_ROLES = {role: api.ROLE_LABELS[role] for role in api.SIGN_ROLES}
SCAN_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


@akses(STAFF)
async def halaman(request: Request) -> Response:
    periode = periode_of(request)
    docs = await run_in_threadpool(documents_for, request, periode)
    return render(
        request,
        "kerja.html",
        aksi=ACTIONS,
        dokumen=docs,
        terbaru=[d for d in docs if d.terbaru and d.jenis not in ("cetak", "arsip")],
        paraf_peran=PARAF_ROLES,
        ttd_peran=SIGN_ROLES,
    )


def _written(result: object) -> str:
    files = [Path(p).name for p in getattr(result, "written", [])]
    return f" Berkas: {', '.join(files)}." if files else ""


@akses(STAFF)
async def jalankan(request: Request) -> Response:
    periode = periode_of(request)
    name = str(request.path_params["aksi"])
    if name not in ACTIONS:
        raise HTTPException(404)
    await form_of(request)
    label, action = ACTIONS[name]
    output, oleh = site_of(request).output, sesi_of(request).akun.label

    def work() -> str:
        return f"{label}: selesai.{_written(action(output, periode, oleh=oleh))}"

    return await act(request, f"/p/{periode}/kerja", f"{label}: gagal.", work)


def _doc(form: Any, request: Request, periode: str) -> str:
    doc_id = text_field(form, "doc_id")
    allowed = {d.doc_id for d in documents_for(request, periode)}
    if doc_id not in allowed:
        raise KinerjaError(f"Dokumen '{doc_id}' tidak ada di periode {periode}.", field="Dokumen")
    return doc_id


@akses(STAFF)
async def paraf(request: Request) -> Response:
    periode = periode_of(request)
    form = await form_of(request)
    peran = text_field(form, "peran")
    if peran not in PARAF_ROLES:
        raise HTTPException(400)
    catatan = text_field(form, "catatan") or None
    output, oleh = site_of(request).output, sesi_of(request).akun.label
    doc_id = text_field(form, "doc_id")

    def work() -> str:
        _doc(form, request, periode)
        api.paraf(output, doc_id, peran, periode=periode, catatan=catatan, oleh=oleh)
        return f"Paraf {PARAF_ROLES[peran]} pada {doc_id} dicatat."

    return await act(request, f"/p/{periode}/kerja", f"Paraf {doc_id}: gagal.", work)


@akses(STAFF)
async def tandatangan(request: Request) -> Response:
    periode = periode_of(request)
    form = await form_of(request)
    peran = text_field(form, "peran")
    if peran not in SIGN_ROLES:
        raise HTTPException(400)
    output, oleh = site_of(request).output, sesi_of(request).akun.label
    doc_id = text_field(form, "doc_id")
    with tempfile.TemporaryDirectory(prefix="kinerja-pindaian-") as tmp:
        try:
            _doc(form, request, periode)
            scans = []
            upload = form.get("pindaian")
            if isinstance(upload, UploadFile) and upload.filename:
                scans.append(await saved_upload(form, "pindaian", Path(tmp), SCAN_TYPES))
            await run_in_threadpool(
                lambda: api.tandatangan(
                    output, doc_id, peran=peran, pindaian=scans, periode=periode, oleh=oleh
                )
            )
        except KinerjaError as exc:
            flash(request, "galat", f"Tanda tangan {doc_id}: gagal.", problems_of(exc))
        else:
            flash(request, "ok", f"Tanda tangan {SIGN_ROLES[peran]} pada {doc_id} dicatat.")
    return back(f"/p/{periode}/kerja")


routes = [
    Route("/p/{periode}/kerja", halaman, methods=["GET"], name="kerja"),
    Route("/p/{periode}/kerja/paraf", paraf, methods=["POST"], name="kerja.paraf"),
    Route("/p/{periode}/kerja/tandatangan", tandatangan, methods=["POST"], name="kerja.ttd"),
    Route("/p/{periode}/kerja/{aksi}", jalankan, methods=["POST"], name="kerja.aksi"),
]
