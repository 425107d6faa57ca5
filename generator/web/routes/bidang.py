"""The Bidang page: the blank formulir, the upload, refusals by cell, versions and arahan."""

from __future__ import annotations

import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator import api
from generator.errors import IngestError, KinerjaError
from generator.web.site import (
    ALL,
    akses,
    back,
    bidang_of,
    documents_for,
    flash,
    form_of,
    own_bidang,
    periode_of,
    problems_of,
    render,
    saved_upload,
    sesi_of,
    site_of,
    status_of,
)

UPLOADERS = frozenset({"bidang", "kasubag", "staf"})


def _bidang(request: Request, periode: str) -> tuple[str, str]:
    kode = str(request.path_params["kode"])
    own_bidang(sesi_of(request), kode)
    names = dict(bidang_of(request, periode))
    if kode not in names:
        raise HTTPException(404)
    return kode, names[kode]


@akses(ALL)
async def daftar(request: Request) -> Response:
    periode = periode_of(request)
    sesi = sesi_of(request)
    if sesi.akun.peran == "bidang":
        return back(f"/p/{periode}/bidang/{sesi.akun.bidang}")
    names = await run_in_threadpool(bidang_of, request, periode)
    return render(request, "bidang_daftar.html", bidang=names)


@akses(ALL)
async def halaman(request: Request) -> Response:
    periode = periode_of(request)
    kode, nama = _bidang(request, periode)
    status = await run_in_threadpool(status_of, request, periode)
    report = status.value
    step5 = next(s for s in report["langkah"] if s["no"] == 5)
    progress = step5["bidang"].get(kode, {"status": "belum", "catatan": None})
    arahan = [
        e
        for e in report["riwayat"]
        if e["jenis"] == "dikembalikan" and kode in (e["data"].get("bidang") or [])
    ]
    docs = await run_in_threadpool(documents_for, request, periode)
    mine = [d for d in docs if d.bidang == kode]
    return render(
        request,
        "bidang.html",
        kode=kode,
        nama=nama,
        progress=progress,
        arahan=arahan,
        kosong=[d for d in mine if d.jenis == "formulir" and d.terbaru],
        terisi=[d for d in mine if d.jenis == "formulir_terisi"],
        bersama=[d for d in docs if d.bidang is None and d.terbaru],
        boleh_kirim=sesi_of(request).akun.peran in UPLOADERS,
    )


def _receive(
    output: Path, periode: str, kode: str, form_path: Path, sebagian: bool, oleh: str
) -> str:
    written_for = api.bidang_formulir(form_path)
    if written_for is not None and written_for != kode:
        raise IngestError(
            f"Formulir ini milik Bidang {written_for}, bukan Bidang {kode}.",
            file=form_path.name,
            hint="Unggah formulir Bidang Anda sendiri (unduh formulir kosongnya di halaman ini).",
        )
    result = api.kumpulkan(output, periode, [form_path], sebagian=sebagian, oleh=oleh)
    lines = []
    for item in result.value.diterima:
        if item.ulang:
            lines.append(
                f"sama persis dengan {item.doc_id} versi {item.versi}; tidak dicatat ulang"
            )
        else:
            keadaan = "draf, belum lengkap" if item.sebagian else "lengkap"
            lines.append(f"diterima sebagai {item.doc_id} versi {item.versi} ({keadaan})")
    return "; ".join(lines)


@akses(UPLOADERS)
async def kirim(request: Request) -> Response:
    periode = periode_of(request)
    kode, _ = _bidang(request, periode)
    form = await form_of(request)
    sesi = sesi_of(request)
    here = f"/p/{periode}/bidang/{kode}"
    with tempfile.TemporaryDirectory(prefix="kinerja-unggah-") as tmp:
        try:
            path = await saved_upload(form, "formulir", Path(tmp), (".xlsx",))
            text = await run_in_threadpool(
                _receive,
                site_of(request).output,
                periode,
                kode,
                path,
                form.get("sebagian") == "ya",
                sesi.akun.label,
            )
        except KinerjaError as exc:
            flash(request, "galat", "Formulir ditolak; tidak ada yang dicatat.", problems_of(exc))
            return back(here)
    flash(request, "ok", f"Formulir {text}.")
    return back(here)


routes = [
    Route("/p/{periode}/bidang/", daftar, methods=["GET"], name="bidang.daftar"),
    Route("/p/{periode}/bidang/{kode}", halaman, methods=["GET"], name="bidang"),
    Route("/p/{periode}/bidang/{kode}/kirim", kirim, methods=["POST"], name="bidang.kirim"),
]
