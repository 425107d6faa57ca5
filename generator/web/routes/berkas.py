"""Downloads: a document version by its id from the manifest, never by a path from the URL."""

from __future__ import annotations

import re

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from generator import api
from generator.errors import KinerjaError
from generator.web.site import ALL, akses, may_fetch, periode_of, sesi_of, site_of

DOC_ID = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,40}$")
MEDIA = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}


@akses(ALL)
async def unduh(request: Request) -> Response:
    periode = periode_of(request)
    doc_id = str(request.path_params["doc_id"])
    versi = request.path_params["versi"]
    bentuk = request.path_params["bentuk"]
    if not DOC_ID.match(doc_id) or bentuk not in ("asli", "pdf"):
        raise HTTPException(404)
    try:
        item = await run_in_threadpool(api.berkas, site_of(request).output, periode, doc_id, versi)
    except KinerjaError as exc:
        raise HTTPException(404) from exc
    # Refused and unknown look the same: a Bidang learns nothing about others' documents.
    if not may_fetch(sesi_of(request), item):
        raise HTTPException(404)
    path = item.path if bentuk == "asli" else item.pdf
    if path is None:
        raise HTTPException(404)
    return FileResponse(
        path,
        media_type=MEDIA.get(path.suffix.lower(), "application/octet-stream"),
        filename=path.name,
        headers={"cache-control": "no-store"},
    )


routes = [
    Route(
        "/p/{periode}/berkas/{doc_id}/{versi:int}/{bentuk}",
        unduh,
        methods=["GET"],
        name="berkas",
    ),
]
