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
from generator.web.site import PUBLIC, akses, form_of, problems_of, render, saved_upload


@akses(PUBLIC)
async def halaman(request: Request) -> Response:
    return render(request, "verifikasi.html", laporan=None, galat=None)


@akses(PUBLIC)
async def periksa(request: Request) -> Response:
    form = await form_of(request)
    with tempfile.TemporaryDirectory(prefix="kinerja-verifikasi-") as tmp:
        try:
            pdf = await saved_upload(form, "arsip", Path(tmp), (".pdf",))
            trust = api.percaya_terkonfigurasi()
            report = (await run_in_threadpool(api.verifikasi, pdf, trust)).value
        except KinerjaError as exc:
            return render(
                request, "verifikasi.html", status_code=400, laporan=None, galat=problems_of(exc)
            )
        return render(request, "verifikasi.html", laporan=report, nama=pdf.name, galat=None)


routes = [
    Route("/verifikasi", halaman, methods=["GET"], name="verifikasi"),
    Route("/verifikasi", periksa, methods=["POST"], name="verifikasi.kirim"),
]
