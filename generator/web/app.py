"""The office web page: a Starlette app over the same library, manifest and locks as the CLI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from argon2 import PasswordHasher
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from generator import api
from generator.errors import KinerjaError
from generator.web.routes import beranda, berkas, bidang, kepala, kerja, masuk, tinjau, verifikasi
from generator.web.security import BodyLimit, SecurityHeaders
from generator.web.site import NeedLogin, Site, make_templates, problems_of, render
from generator.web.throttle import Throttle

MAX_UPLOAD = 32 * 2**20
PAGES = (masuk, beranda, bidang, kerja, tinjau, kepala, verifikasi, berkas)
# Indonesian words for the HTTP refusals a person can meet.
REFUSALS = {
    400: "Permintaan tidak dapat diproses.",
    403: "Anda tidak berhak membuka halaman ini atau menjalankan tindakan ini.",
    404: "Halaman atau dokumen tidak ditemukan.",
    405: "Cara membuka halaman ini tidak didukung.",
}
CSRF_REFUSAL = (
    "Formulir ini sudah kedaluwarsa atau tidak berasal dari halaman ini. Muat ulang halaman,"
    " lalu coba lagi."
)


def app_routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = [r for page in PAGES for r in page.routes]
    for route in routes:
        if isinstance(route, Route) and not hasattr(route.endpoint, "akses"):
            raise RuntimeError(f"route {route.path} declares no access rule")  # pragma: no cover
    return [*routes, Mount("/static", StaticFiles(packages=[("generator.web", "static")]))]


async def _need_login(request: Request, exc: Exception) -> Response:
    return RedirectResponse("/masuk", status_code=303)


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    text = CSRF_REFUSAL if exc.detail == "csrf" else REFUSALS.get(exc.status_code, "Galat.")
    if not hasattr(request.state, "sesi"):
        request.state.sesi = None
    return render(request, "galat.html", status_code=exc.status_code, judul=text, rincian=[])


async def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, KinerjaError)
    if not hasattr(request.state, "sesi"):
        request.state.sesi = None
    return render(
        request, "galat.html", status_code=400, judul=exc.message, rincian=problems_of(exc)
    )


def create_app(
    output: Path,
    *,
    hasher: PasswordHasher | None = None,
    max_upload: int = MAX_UPLOAD,
    verifikasi: Throttle | None = None,
) -> Starlette:
    output = output.resolve()
    store = api.akun_store(output, hasher=hasher)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        with api.converting():
            yield

    app = Starlette(
        routes=app_routes(),
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(BodyLimit, limit=max_upload),
        ],
        exception_handlers={
            NeedLogin: _need_login,
            HTTPException: _refused,
            KinerjaError: _domain_error,
        },
        lifespan=lifespan,
    )
    app.state.site = Site(output, store, make_templates(), max_upload, verifikasi or Throttle())
    return app
