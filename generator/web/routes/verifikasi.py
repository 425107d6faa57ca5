"""Verifikasi: anyone uploads an archive PDF and reads the same verdict as `kinerja verifikasi`
with the office's configured trust (KINERJA_PERCAYA)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator import api
from generator.errors import KinerjaError
from generator.web.site import (
    PUBLIC,
    akses,
    form_of,
    problems_of,
    render,
    saved_upload,
    site_of,
)


@akses(PUBLIC)
async def halaman(request: Request) -> Response:
    return render(request, "verifikasi.html", laporan=None, galat=None)


@akses(PUBLIC)
async def periksa(request: Request) -> Response:
    gate = site_of(request).verifikasi
    wait = gate.retry_after(request.client.host if request.client else "")
    if wait is not None:
        return _refused(
            request,
            429,
            wait,
            "Terlalu banyak pemeriksaan arsip dari komputer ini dalam satu menit.",
            f"Coba lagi dalam {wait} detik.",
        )
    form = await form_of(request)
    with tempfile.TemporaryDirectory(prefix="kinerja-verifikasi-") as tmp:
        try:
            pdf = await saved_upload(form, "arsip", Path(tmp), (".pdf",))
            trust = api.percaya_terkonfigurasi()
            if not await run_in_threadpool(gate.slots.acquire, timeout=gate.wait_s):
                return _refused(
                    request,
                    503,
                    int(gate.wait_s),
                    "Server sedang memeriksa arsip lain.",
                    "Coba lagi sebentar lagi.",
                )
            try:
                checked = await run_in_threadpool(
                    api.verifikasi, pdf, trust, batas_waktu=gate.time_s
                )
                report = checked.value
            finally:
                gate.slots.release()
        except KinerjaError as exc:
            return render(
                request, "verifikasi.html", status_code=400, laporan=None, galat=problems_of(exc)
            )
        return render(request, "verifikasi.html", laporan=report, nama=pdf.name, galat=None)


def _refused(request: Request, status: int, wait: int, message: str, hint: str) -> Response:
    galat = problems_of(KinerjaError(message, hint=hint))
    response = render(request, "verifikasi.html", status_code=status, laporan=None, galat=galat)
    response.headers["Retry-After"] = str(wait)
    return response


routes = [
    Route("/verifikasi", halaman, methods=["GET"], name="verifikasi"),
    Route("/verifikasi", periksa, methods=["POST"], name="verifikasi.kirim"),
]
