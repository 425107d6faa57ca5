"""The Kepala page: read the Laporan Kinerja and sign the archive.

The PKCS#12 file and its passphrase live only for the one request: the file in a private
temporary folder removed before the answer is sent, the passphrase in memory.
"""

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
)

SIGNERS = frozenset({"kepala"})


@akses(SIGNERS)
async def halaman(request: Request) -> Response:
    periode = periode_of(request)
    docs = await run_in_threadpool(documents_for, request, periode)
    return render(
        request,
        "kepala.html",
        laporan=[d for d in docs if d.jenis == "laporan"],
        arsip=[d for d in docs if d.jenis == "arsip"],
    )


@akses(SIGNERS)
async def tandatangani(request: Request) -> Response:
    periode = periode_of(request)
    form = await form_of(request)
    output = site_of(request).output
    demo = form.get("demo") == "ya"
    sementara = form.get("belum_lengkap") == "ya"
    passphrase = form.get("sandi")
    with tempfile.TemporaryDirectory(prefix="kinerja-p12-") as tmp:
        try:
            if demo:
                signer = api.demo_signer()
            else:
                p12 = await saved_upload(form, "p12", Path(tmp), (".p12", ".pfx"))
                secret = passphrase.encode() if isinstance(passphrase, str) else b""
                signer = api.p12_signer(p12, secret)
            oleh = sesi_of(request).akun.label
            result = await run_in_threadpool(
                lambda: api.arsip(output, periode, signer, belum_lengkap=sementara, oleh=oleh)
            )
        except KinerjaError as exc:
            flash(request, "galat", "Arsip belum dapat ditandatangani.", problems_of(exc))
        else:
            names = ", ".join(Path(p).name for p in result.written)
            flash(request, "ok", f"Arsip ditandatangani: {names}.")
    return back(f"/p/{periode}/kepala")


routes = [
    Route("/p/{periode}/kepala", halaman, methods=["GET"], name="kepala"),
    Route("/p/{periode}/kepala/arsip", tandatangani, methods=["POST"], name="kepala.arsip"),
]
