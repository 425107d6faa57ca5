"""The state every page shares, who may open what, and the helpers pages use.

Authorization is data: each endpoint is declared with the roles that may use it
(``@akses(...)``), and a route without a declaration is refused by the app at start-up. A
Kepala Bidang is further limited to their own Bidang by ``own_bidang`` and by the document
filter, both here, so no page decides it alone.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import Any

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from generator import api
from generator.errors import ErrorList, KinerjaError
from generator.web.security import CSRF_FIELD, PRE_COOKIE, SESSION_COOKIE, new_token, same_token
from generator.web.throttle import Throttle

PERAN = api.peran_akun()
ALL = frozenset(PERAN)
OFFICE = frozenset({"kasubag", "staf", "sekretaris", "kepala"})  # who sees the whole period
PUBLIC: frozenset[str] = frozenset()  # marker: no sign-in needed

Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass
class Site:
    output: Path
    store: api.AccountStore
    templates: Jinja2Templates
    max_upload: int
    verifikasi: Throttle = field(default_factory=Throttle)
    cache: dict[tuple[str, str], tuple[object, Any]] = field(default_factory=dict)

    def cached(self, kind: str, periode: str, key: object, compute: Callable[[], Any]) -> Any:
        """What ``compute`` gave for the same ``key`` (a fingerprint of the files it read)."""
        hit = self.cache.get((kind, periode))
        if hit is not None and hit[0] == key:
            return hit[1]
        value = compute()
        self.cache[(kind, periode)] = (key, value)
        return value


def site_of(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["durasi"] = api.durasi
    env.filters["angka"] = lambda value, digits=2: (
        "-" if value is None else api.angka(value, digits)
    )
    return Jinja2Templates(env=env)


# -- who is signed in -------------------------------------------------------------------------


class NeedLogin(Exception):
    pass


def current(request: Request) -> api.Sesi | None:
    token = request.cookies.get(SESSION_COOKIE)
    return site_of(request).store.sesi(token) if token else None


def akses(roles: Iterable[str]) -> Callable[[Endpoint], Endpoint]:
    """Declare who may use an endpoint; the check runs before the endpoint does."""
    allowed = frozenset(roles)

    def wrap(endpoint: Endpoint) -> Endpoint:
        @wraps(endpoint)
        async def guarded(request: Request) -> Response:
            if allowed:
                sesi = current(request)
                if sesi is None:
                    raise NeedLogin
                if sesi.akun.harus_ganti and request.url.path not in ("/sandi", "/keluar"):
                    return RedirectResponse("/sandi", status_code=303)
                if sesi.akun.peran not in allowed:
                    raise HTTPException(403)
                request.state.sesi = sesi
            else:
                request.state.sesi = current(request)
            return await endpoint(request)

        guarded.akses = allowed  # type: ignore[attr-defined]
        return guarded

    return wrap


def sesi_of(request: Request) -> api.Sesi:
    sesi: api.Sesi | None = request.state.sesi
    if sesi is None:
        raise NeedLogin
    return sesi


def own_bidang(sesi: api.Sesi, kode: str) -> None:
    """A Kepala Bidang only ever reaches their own Bidang."""
    if sesi.akun.peran == "bidang" and sesi.akun.bidang != kode:
        raise HTTPException(403)


# The board's working-time figures of a running step may lag this much behind the clock.
STATUS_TTL_S = 30


def status_of(request: Request, periode: str) -> Any:
    """``api.status``, read again only when the manifest changed (or the clock moved on)."""
    site = site_of(request)
    manifest, _ = api.stempel(site.output, periode)
    key = (manifest, int(time.time() // STATUS_TTL_S))
    return site.cached("status", periode, key, lambda: api.status(site.output, periode))


def bidang_of(request: Request, periode: str) -> list[tuple[str, str]]:
    """(kode, nama) of the Bidang, read again only when the input snapshot changed."""
    site = site_of(request)
    _, inputs = api.stempel(site.output, periode)
    found: list[tuple[str, str]] = site.cached(
        "bidang", periode, inputs, lambda: api.daftar_bidang(site.output, periode)
    )
    return found


def periode_of(request: Request) -> str:
    """The periode in the URL, only when it is one of the workspaces (never used as a path)."""
    periode = str(request.path_params["periode"])
    if periode not in api.ruang_kerja(site_of(request).output):
        raise HTTPException(404)
    return periode


# -- forms ------------------------------------------------------------------------------------


async def form_of(request: Request) -> FormData:
    """The posted form after its CSRF token is checked (session token, or the pre-login one)."""
    form = await request.form(max_files=4, max_fields=40)
    sesi: api.Sesi | None = getattr(request.state, "sesi", None)
    expected = sesi.csrf if sesi is not None else request.cookies.get(PRE_COOKIE)
    if not same_token(form.get(CSRF_FIELD), expected):
        raise HTTPException(403, "csrf")
    return form


def text_field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


async def saved_upload(form: FormData, name: str, folder: Path, suffixes: tuple[str, ...]) -> Path:
    """Write an uploaded file into ``folder`` under a safe name of ours; refuse a wrong type."""
    upload = form.get(name)
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise KinerjaError("Belum ada berkas yang dipilih.", field=name)
    original = Path(upload.filename.replace("\\", "/")).name
    suffix = Path(original).suffix.lower()
    if suffix not in suffixes:
        raise KinerjaError(
            f"Berkas {original} bukan {' atau '.join(suffixes)}.",
            field=name,
            hint="Pilih berkas dengan jenis yang benar.",
        )
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in Path(original).stem)[:60]
    target = folder / f"{stem or 'berkas'}{suffix}"
    target.write_bytes(await upload.read())
    return target


# -- messages and rendering -------------------------------------------------------------------


def problems_of(exc: KinerjaError) -> list[dict[str, str]]:
    """An error as rows (sheet, cell, what, hint): one per problem of an ErrorList."""
    items = exc.problems if isinstance(exc, ErrorList) else [exc]
    return [
        {
            "berkas": p.location.file or "",
            "lembar": p.location.sheet or "",
            "sel": p.location.cell or (str(p.location.line) if p.location.line else ""),
            "isian": p.location.field or "",
            "masalah": p.message,
            "saran": p.hint or "",
        }
        for p in items
    ]


def flash(
    request: Request, jenis: str, teks: str, rincian: list[dict[str, str]] | None = None
) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        payload = {"jenis": jenis, "teks": teks, "rincian": rincian or []}
        site_of(request).store.pesan(token, json.dumps(payload))


def take_flash(request: Request) -> dict[str, Any] | None:
    token = request.cookies.get(SESSION_COOKIE)
    raw = site_of(request).store.pesan(token) if token else None
    return json.loads(raw) if raw else None


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    """HttpOnly, SameSite=Strict, and Secure whenever the page is served over TLS."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    sesi: api.Sesi | None = getattr(request.state, "sesi", None)
    pre = None if sesi else (request.cookies.get(PRE_COOKIE) or new_token())
    base = {
        "sesi": sesi,
        "peran": PERAN,
        "csrf": sesi.csrf if sesi else pre,
        "pesan": take_flash(request) if sesi else None,
        "periode": request.path_params.get("periode"),
        "seq": None,
    }
    base.update(context)
    periode = str(base["periode"])
    # Every page of a periode refreshes when someone else acts (kinerja.js polls).
    if (
        base["seq"] is None
        and sesi is not None
        and periode in api.ruang_kerja(site_of(request).output)
    ):
        history = status_of(request, periode).value.get("riwayat") or []
        base["seq"] = history[-1]["seq"] if history else 0
    response = site_of(request).templates.TemplateResponse(
        request, template, base, status_code=status_code
    )
    if pre is not None and pre != request.cookies.get(PRE_COOKIE):
        set_cookie(request, response, PRE_COOKIE, pre, 3600)
    response.headers["cache-control"] = "no-store"
    return response


def back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


async def act(request: Request, page: str, failed: str, work: Callable[[], str]) -> Response:
    """Run ``work`` (a blocking API call that returns its success message) off the event loop;
    a domain error becomes ``failed`` with its problems listed. Then back to ``page``."""
    try:
        text = await run_in_threadpool(work)
    except KinerjaError as exc:
        flash(request, "galat", failed, problems_of(exc))
    else:
        flash(request, "ok", text)
    return back(page)


# -- documents --------------------------------------------------------------------------------

# Documents of the whole office that a Kepala Bidang also receives.
SHARED_WITH_BIDANG = frozenset({"tanda_terima"})  # it lists every Bidang
ADDRESSED = frozenset({"disposisi"})  # seen by the Bidang it is addressed to


def may_fetch(sesi: api.Sesi | None, item: api.Berkas) -> bool:
    """Whether this person may see and download a document version."""
    if sesi is None:
        return False
    if sesi.akun.peran != "bidang":
        return True
    if item.jenis in ADDRESSED:
        return sesi.akun.bidang in item.penerima
    if item.bidang is None:
        return item.jenis in SHARED_WITH_BIDANG
    return item.bidang == sesi.akun.bidang


def documents_for(request: Request, periode: str) -> list[api.Berkas]:
    sesi: api.Sesi | None = getattr(request.state, "sesi", None)
    site = site_of(request)
    manifest, _ = api.stempel(site.output, periode)
    items: list[api.Berkas] = site.cached(
        "berkas", periode, manifest, lambda: api.daftar_berkas(site.output, periode)
    )
    return [item for item in items if may_fetch(sesi, item)]
