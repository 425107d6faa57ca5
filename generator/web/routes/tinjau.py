"""The Sekretaris page: read the recap, approve it, or return one Bidang with arahan."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator import api
from generator.web.site import (
    act,
    akses,
    bidang_of,
    documents_for,
    form_of,
    periode_of,
    render,
    sesi_of,
    site_of,
    status_of,
    text_field,
)

REVIEWERS = frozenset({"sekretaris"})


@akses(REVIEWERS)
async def halaman(request: Request) -> Response:
    periode = periode_of(request)
    docs = await run_in_threadpool(documents_for, request, periode)
    status = await run_in_threadpool(status_of, request, periode)
    step5 = next(s for s in status.value["langkah"] if s["no"] == 5)
    step10 = next(s for s in status.value["langkah"] if s["no"] == 10)
    return render(
        request,
        "tinjau.html",
        rekap=[d for d in docs if d.jenis == "rekap"],
        bidang=await run_in_threadpool(bidang_of, request, periode),
        kemajuan=step5["bidang"],
        hasil=await run_in_threadpool(api.hasil_rekap, site_of(request).output, periode),
        langkah10=step10,
    )


@akses(REVIEWERS)
async def setujui(request: Request) -> Response:
    periode = periode_of(request)
    await form_of(request)
    output, oleh = site_of(request).output, sesi_of(request).akun.label

    def work() -> str:
        api.setujui(output, periode, oleh=oleh)
        return "Rekap disetujui. Laporan Kinerja dapat disusun."

    return await act(request, f"/p/{periode}/tinjau", "Rekap belum dapat disetujui.", work)


@akses(REVIEWERS)
async def kembalikan(request: Request) -> Response:
    periode = periode_of(request)
    form = await form_of(request)
    kode, arahan = text_field(form, "bidang"), text_field(form, "arahan")
    output, oleh = site_of(request).output, sesi_of(request).akun.label

    def work() -> str:
        api.kembalikan(output, periode, [kode], arahan, oleh=oleh)
        return f"Dikembalikan kepada Bidang {kode} dengan arahan."

    return await act(request, f"/p/{periode}/tinjau", "Rekap belum dapat dikembalikan.", work)


routes = [
    Route("/p/{periode}/tinjau", halaman, methods=["GET"], name="tinjau"),
    Route("/p/{periode}/tinjau/setujui", setujui, methods=["POST"], name="tinjau.setujui"),
    Route("/p/{periode}/tinjau/kembalikan", kembalikan, methods=["POST"], name="tinjau.kembalikan"),
]
