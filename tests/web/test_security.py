"""CSRF, throttling, the upload limit, path handling, headers and cookies, through real HTTP."""

from __future__ import annotations

import json

import pytest
from httpx2 import Response
from starlette.testclient import TestClient

from generator.web.security import PRE_COOKIE, SESSION_COOKIE
from generator.web.throttle import Throttle
from generator.workspace import accounts
from tests.web.conftest import SANDI, Office

P = "/p/2025"


def test_headers_on_pages_static_files_and_errors(office: Office) -> None:
    client = office.app_client()
    for url in ("/masuk", "/static/kinerja.css", "/tidak-ada", f"{P}/"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"


def test_pages_carry_no_inline_script_and_no_external_asset(office: Office) -> None:
    client = office.login("sungram")
    for url in ("/masuk", f"{P}/", f"{P}/kerja", f"{P}/bidang/IDE", "/verifikasi"):
        html = client.get(url).text
        assert "<script>" not in html and "onclick" not in html and "style=" not in html
        assert "http://" not in html.replace("http://127.0.0.1", "") and "https://" not in html


def test_session_cookie_flags_and_secure_over_tls(office: Office) -> None:
    client = office.app_client()
    token = office.csrf(client, "/masuk")
    response = client.post("/masuk", data={"nama": "sungram", "sandi": SANDI, "csrf": token})
    cookie = response.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie and "HttpOnly" in cookie
    assert "SameSite=strict" in cookie and "Secure" not in cookie
    assert f"Max-Age={int(accounts.SESSION_MAX.total_seconds())}" in cookie
    tls = office.app_client()
    tls.base_url = tls.base_url.copy_with(scheme="https")
    page = tls.get("/masuk")
    assert "Secure" in page.headers["set-cookie"] and PRE_COOKIE in page.headers["set-cookie"]
    token = page.text.split('name="csrf" value="')[1].split('"')[0]
    response = tls.post("/masuk", data={"nama": "sungram", "sandi": SANDI, "csrf": token})
    assert "Secure" in response.headers["set-cookie"]
    assert "strict-transport-security" in response.headers


def test_first_login_must_change_the_password(office: Office) -> None:
    office.store.tambah("baru", "staf", "awal-dari-pengelola")
    client = office.app_client()
    token = office.csrf(client, "/masuk")
    response = client.post(
        "/masuk", data={"nama": "baru", "sandi": "awal-dari-pengelola", "csrf": token}
    )
    assert response.headers["location"] == "/sandi"
    assert client.get(f"{P}/").headers["location"] == "/sandi"
    token = office.csrf(client, "/sandi")
    bad = client.post(
        "/sandi",
        data={"csrf": token, "lama": "awal-dari-pengelola", "baru": "x" * 12, "ulang": "y" * 12},
    )
    assert bad.status_code == 400 and "tidak sama" in bad.text
    ok = client.post(
        "/sandi",
        data={
            "csrf": token,
            "lama": "awal-dari-pengelola",
            "baru": "punyaku-sendiri",
            "ulang": "punyaku-sendiri",
        },
    )
    assert ok.status_code == 303
    assert client.get(f"{P}/").status_code == 200


@pytest.mark.parametrize(
    "token", [None, "", "palsu", "token-sesi-lain"], ids=["tanpa", "kosong", "palsu", "lain"]
)
def test_forms_without_the_right_csrf_token_change_nothing(
    office: Office, token: str | None
) -> None:
    sekretaris = office.login("sekretaris")
    other = office.login("sungram")
    if token == "token-sesi-lain":
        token = office.csrf(other)
    before = (office.output / "2025" / "manifest.json").read_bytes()
    data = {"bidang": "IDE", "arahan": "Lengkapi."} | ({"csrf": token} if token is not None else {})
    response = sekretaris.post(f"{P}/tinjau/kembalikan", data=data)
    assert response.status_code == 403 and "kedaluwarsa" in response.text
    staf = office.login("staf1")
    data = {"csrf": token} if token is not None else {}
    assert staf.post(f"{P}/kerja/tanda_terima", data=data).status_code == 403
    assert (office.output / "2025" / "manifest.json").read_bytes() == before
    # Sign-in itself is protected too (login CSRF): no pre-session token, no session.
    anon = office.app_client()
    response = anon.post("/masuk", data={"nama": "sungram", "sandi": SANDI, "csrf": token or ""})
    assert response.status_code == 403 and SESSION_COOKIE not in response.headers.get(
        "set-cookie", ""
    )


def test_login_is_throttled_per_account_over_http(office: Office) -> None:
    client = office.app_client()
    token = office.csrf(client, "/masuk")
    for _ in range(accounts.MAX_FAILURES_ACCOUNT):
        response = client.post(
            "/masuk", data={"nama": "sungram", "sandi": "salah-salah", "csrf": token}
        )
        assert response.status_code == 401 and "salah" in response.text
    response = client.post("/masuk", data={"nama": "sungram", "sandi": SANDI, "csrf": token})
    assert response.status_code == 401 and "Terlalu banyak" in response.text
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")
    # Another account from the same address still signs in (the per-address limit is higher).
    response = client.post("/masuk", data={"nama": "staf1", "sandi": SANDI, "csrf": token})
    assert response.status_code == 303


def test_upload_limit_by_declared_length_and_while_streaming(office: Office) -> None:
    client = office.login("kabid.ide")
    token = office.csrf(client)
    big = b"PK" + b"\0" * (office.max_upload + 10)
    response = client.post(
        f"{P}/bidang/IDE/kirim", data={"csrf": token}, files={"formulir": ("besar.xlsx", big)}
    )
    assert response.status_code == 413 and "terlalu besar" in response.text

    def chunks():  # no Content-Length: the limit must count bytes as they arrive
        yield b'--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n' + token.encode()
        for _ in range(office.max_upload // 65536 + 2):
            yield b"\r\n" + b"x" * 65536

    response = client.post(
        f"{P}/bidang/IDE/kirim",
        content=chunks(),
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert response.status_code == 413
    assert not (office.output / "2025" / "diterima").exists()


@pytest.mark.parametrize(
    "url",
    [
        f"{P}/berkas/..%2F..%2Fkinerja-web.sqlite3/1/asli",
        f"{P}/berkas/FORM-2025-IDE/1/..%2F..%2Fmanifest.json",
        f"{P}/berkas/FORM-2025-IDE/1/pdf",
        f"{P}/berkas/FORM-2025-IDE/9/asli",
        f"{P}/berkas/FORM-2025-IDE/x/asli",
        f"{P}/berkas/manifest.json/1/asli",
        "/p/..%2F..%2Fetc/",
        "/p/2024/",
        "/p/2025%2F..%2F..%2F/berkas/FORM-2025-IDE/1/asli",
        "/static/..%2Fapp.py",
        "/static/../accounts.py",
    ],
)
def test_no_user_input_becomes_a_path(office: Office, url: str) -> None:
    client = office.login("staf1")
    response = client.get(url)
    assert response.status_code == 404, url
    assert b"sqlite" not in response.content and b"import" not in response.content


def test_uploaded_file_names_never_choose_where_a_file_lands(office: Office) -> None:
    client = office.login("kabid.ide")
    token = office.csrf(client)
    form = office.output / "2025" / "dokumen" / "02-formulir" / "formulir-IDE-v1.xlsx"
    response = client.post(
        f"{P}/bidang/IDE/kirim",
        data={"csrf": token, "sebagian": "ya"},
        files={"formulir": ("../../../kinerja-web.sqlite3.xlsx", form.read_bytes())},
    )
    assert response.status_code == 303
    assert not (office.output / "kinerja-web.sqlite3.xlsx").exists()
    listing = sorted(
        p.name for p in (office.output / "2025" / "diterima").rglob("*") if p.is_file()
    )
    assert listing and all(".." not in name for name in listing)


def test_status_json_says_only_the_newest_event(office: Office) -> None:
    client = office.login("kabid.ide")
    data = json.loads(client.get(f"{P}/status.json").text)
    assert set(data) == {"seq"} and data["seq"] > 0


def _post_verifikasi(client: TestClient, office: Office) -> Response:
    token = office.csrf(client, "/verifikasi")
    files = {"arsip": ("arsip.pdf", b"%PDF-1.7\nbukan arsip\n", "application/pdf")}
    return client.post("/verifikasi", data={"csrf": token}, files=files)


def test_public_verification_is_throttled_per_address(office: Office) -> None:
    throttle = Throttle(per_client=2, window_s=60)
    client = office.app_client(verifikasi=throttle)
    assert [_post_verifikasi(client, office).status_code for _ in range(2)] == [200, 200]
    refused = _post_verifikasi(client, office)
    assert refused.status_code == 429
    assert "Terlalu banyak pemeriksaan arsip" in refused.text
    assert 1 <= int(refused.headers["retry-after"]) <= 61
    assert throttle.retry_after("alamat-lain") is None  # others are not held back


def test_public_verification_waits_for_a_free_slot_then_says_busy(office: Office) -> None:
    throttle = Throttle(concurrent=1, wait_s=0.2)
    client = office.app_client(verifikasi=throttle)
    assert throttle.slots.acquire(timeout=1)  # another check is running
    try:
        busy = _post_verifikasi(client, office)
    finally:
        throttle.slots.release()
    assert busy.status_code == 503 and "sedang memeriksa arsip lain" in busy.text
    assert _post_verifikasi(client, office).status_code == 200  # the slot is free again
