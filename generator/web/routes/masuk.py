"""Masuk (sign in), Keluar (sign out) and the password change (required at first sign-in)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator.errors import KinerjaError
from generator.web.security import SESSION_COOKIE
from generator.web.site import (
    ALL,
    PUBLIC,
    akses,
    back,
    current,
    form_of,
    render,
    sesi_of,
    set_cookie,
    site_of,
    text_field,
)


@akses(PUBLIC)
async def masuk_page(request: Request) -> Response:
    if current(request) is not None:
        return back("/")
    return render(request, "masuk.html", nama="", galat=None)


@akses(PUBLIC)
async def masuk_post(request: Request) -> Response:
    form = await form_of(request)
    nama = text_field(form, "nama").lower()
    sandi = form.get("sandi")
    address = request.client.host if request.client else "-"
    store = site_of(request).store
    try:
        token, sesi = await run_in_threadpool(
            store.masuk, nama, sandi if isinstance(sandi, str) else "", address
        )
    except KinerjaError as exc:
        return render(request, "masuk.html", status_code=401, nama=nama, galat=exc.render())
    response = back("/sandi" if sesi.akun.harus_ganti else "/")
    set_cookie(request, response, SESSION_COOKIE, token, int(store.session_max.total_seconds()))
    return response


@akses(ALL)
async def keluar(request: Request) -> Response:
    await form_of(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        site_of(request).store.keluar(token)
    response = back("/masuk")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@akses(ALL)
async def sandi_page(request: Request) -> Response:
    return render(request, "sandi.html", galat=None)


@akses(ALL)
async def sandi_post(request: Request) -> Response:
    form = await form_of(request)
    sesi = sesi_of(request)
    lama, baru, ulang = (text_field(form, n) for n in ("lama", "baru", "ulang"))
    try:
        if baru != ulang:
            raise KinerjaError("Kata sandi baru dan ulangannya tidak sama.")
        await run_in_threadpool(site_of(request).store.ganti_sandi, sesi.akun.nama, lama, baru)
    except KinerjaError as exc:
        return render(request, "sandi.html", status_code=400, galat=exc.render())
    response = back("/")
    return response


routes = [
    Route("/masuk", masuk_page, methods=["GET"], name="masuk"),
    Route("/masuk", masuk_post, methods=["POST"], name="masuk.kirim"),
    Route("/keluar", keluar, methods=["POST"], name="keluar"),
    Route("/sandi", sandi_page, methods=["GET"], name="sandi"),
    Route("/sandi", sandi_post, methods=["POST"], name="sandi.kirim"),
]
