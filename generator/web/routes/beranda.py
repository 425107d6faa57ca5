"""Beranda: the status board of a periode, and the small JSON the page polls to refresh."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator import api
from generator.web import board
from generator.web.site import (
    ALL,
    akses,
    back,
    bidang_of,
    periode_of,
    render,
    sesi_of,
    site_of,
    status_of,
)


@akses(ALL)
async def root(request: Request) -> Response:
    periodes = api.ruang_kerja(site_of(request).output)
    if periodes:
        return back(f"/p/{periodes[-1]}/")
    return render(request, "kosong.html", periodes=[])


@akses(ALL)
async def beranda(request: Request) -> Response:
    periode = periode_of(request)
    sesi = sesi_of(request)
    site = site_of(request)
    status = await run_in_threadpool(status_of, request, periode)
    report = status.value
    own = sesi.akun.bidang if sesi.akun.peran == "bidang" else None
    seq = board.last_seq(report)
    seen = await run_in_threadpool(site.store.kunjungan, sesi.akun.nama, periode, seq)
    names = dict(await run_in_threadpool(bidang_of, request, periode))
    return render(
        request,
        "beranda.html",
        periodes=api.ruang_kerja(site.output),
        langkah=board.steps_for(report, own),
        bidang_nama=names,
        giliran=board.your_turn(report, sesi.akun.peran, own),
        halaman=board.ROLE_PAGE[sesi.akun.peran],
        berikutnya=getattr(status, "next", None),
        perubahan=board.changes_since(report, seen, own) if seen else [],
        pertama=seen == 0,
        seq=seq,
    )


@akses(ALL)
async def status_json(request: Request) -> Response:
    """Only the newest event number: the page reloads when it moves (no data to leak)."""
    periode = periode_of(request)
    status = await run_in_threadpool(status_of, request, periode)
    return JSONResponse(
        {"seq": board.last_seq(status.value)}, headers={"cache-control": "no-store"}
    )


routes = [
    Route("/", root, methods=["GET"], name="root"),
    Route("/p/{periode}/", beranda, methods=["GET"], name="beranda"),
    Route("/p/{periode}/status.json", status_json, methods=["GET"], name="status"),
]
