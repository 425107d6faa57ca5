"""The authorization matrix: every role (and nobody signed in) against every route of the app.

The expectations are written here, from the SOP's table of who does what (PRODUCT.md), not read
from the app; a test also checks that the list below covers every route the app has.
"""

from __future__ import annotations

import pytest
from starlette.routing import Route

from generator.documents.memo import create_return_disposisi
from generator.web.app import app_routes
from tests.web.conftest import ACCOUNTS, Office

P = "/p/2025"
EVERYONE = set(ACCOUNTS)
OFFICE = {"kepala", "sekretaris", "sungram", "staf1"}
STAFF = {"sungram", "staf1"}
PUBLIC = EVERYONE | {None}

# (method, url, route name, who may use it). Refused: 403 (or 404 for another Bidang's file,
# which must look exactly like a file that does not exist).
MATRIX: list[tuple[str, str, str, set[str | None] | set[str]]] = [
    ("GET", "/masuk", "masuk", PUBLIC),
    ("POST", "/masuk", "masuk.kirim", PUBLIC),
    ("POST", "/keluar", "keluar", EVERYONE),
    ("GET", "/sandi", "sandi", EVERYONE),
    ("POST", "/sandi", "sandi.kirim", EVERYONE),
    ("GET", "/", "root", EVERYONE),
    ("GET", f"{P}/", "beranda", EVERYONE),
    ("GET", f"{P}/status.json", "status", EVERYONE),
    ("GET", f"{P}/bidang/", "bidang.daftar", EVERYONE),
    ("GET", f"{P}/bidang/IDE", "bidang", OFFICE | {"kabid.ide"}),
    ("POST", f"{P}/bidang/IDE/kirim", "bidang.kirim", STAFF | {"kabid.ide"}),
    ("GET", f"{P}/kerja", "kerja", STAFF),
    ("POST", f"{P}/kerja/tanda_terima", "kerja.aksi", STAFF),
    ("POST", f"{P}/kerja/paraf", "kerja.paraf", STAFF),
    ("POST", f"{P}/kerja/tandatangan", "kerja.ttd", STAFF),
    ("GET", f"{P}/tinjau", "tinjau", {"sekretaris"}),
    ("POST", f"{P}/tinjau/setujui", "tinjau.setujui", {"sekretaris"}),
    ("POST", f"{P}/tinjau/kembalikan", "tinjau.kembalikan", {"sekretaris"}),
    ("GET", f"{P}/kepala", "kepala", {"kepala"}),
    ("POST", f"{P}/kepala/arsip", "kepala.arsip", {"kepala"}),
    ("GET", "/verifikasi", "verifikasi", PUBLIC),
    ("POST", "/verifikasi", "verifikasi.kirim", PUBLIC),
    ("GET", f"{P}/berkas/FORM-2025-IDE/1/asli", "berkas", OFFICE | {"kabid.ide"}),
]
WHO = [*sorted(ACCOUNTS), None]


def test_matrix_covers_every_route_of_the_app() -> None:
    names = {r.name for r in app_routes() if isinstance(r, Route)}
    assert names == {name for _, _, name, _ in MATRIX}


@pytest.mark.parametrize("who", WHO, ids=lambda w: w or "anonim")
def test_every_role_against_every_route(office: Office, who: str | None) -> None:
    client = office.login(who) if who else office.app_client()
    if who is None:
        client.__enter__()
        office.clients["anonim"] = client
    for method, url, _name, allowed in MATRIX:
        if url == "/keluar":
            continue  # signing out would end the session the rest of the loop uses
        token = office.csrf(client, "/verifikasi")
        data = {"csrf": token, "nama": "x", "sandi": "y", "lama": "", "baru": "", "ulang": ""}
        data |= {"doc_id": "MEMO-2025-01", "peran": "kasubag", "bidang": "IDE", "arahan": ""}
        response = client.get(url) if method == "GET" else client.post(url, data=data)
        if who in allowed:
            assert response.status_code not in (403, 404), (who, method, url)
            if who is not None and url not in ("/masuk",):
                assert response.headers.get("location") != "/masuk", (who, method, url)
        elif who is None:
            assert response.status_code == 303, (method, url)
            assert response.headers["location"] == "/masuk"
        else:
            assert response.status_code in (403, 404), (who, method, url, response.status_code)
            assert "kedaluwarsa" not in response.text  # refused for the role, not the token


def test_a_bidang_neither_sees_nor_fetches_another_bidangs_files(office: Office) -> None:
    ide = office.login("kabid.ide")
    page = ide.get(f"{P}/bidang/IDE").text
    assert "FORM-2025-IDE" in page and "FORM-2025-POL" not in page
    assert ide.get(f"{P}/bidang/POL").status_code == 403
    assert ide.get(f"{P}/berkas/FORM-2025-IDE/1/asli").status_code == 200
    foreign = ide.get(f"{P}/berkas/FORM-2025-POL/1/asli")
    missing = ide.get(f"{P}/berkas/FORM-2025-XYZ/1/asli")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.text.replace("FORM-2025-POL", "") == missing.text.replace("FORM-2025-XYZ", "")
    # The office memo is not the Bidang's either; the board shows only their own row.
    assert ide.get(f"{P}/berkas/MEMO-2025-01/1/asli").status_code == 404
    board = ide.get(f"{P}/").text
    assert "IDE: " in board and "POL: " not in board
    staf = office.login("staf1")
    assert staf.get(f"{P}/berkas/FORM-2025-POL/1/asli").status_code == 200


def test_a_bidang_cannot_upload_another_bidangs_formulir(office: Office) -> None:
    ide = office.login("kabid.ide")
    token = office.csrf(ide, f"{P}/bidang/IDE")
    pol = office.output / "2025" / "dokumen" / "02-formulir" / "formulir-POL-v1.xlsx"
    response = ide.post(
        f"{P}/bidang/IDE/kirim",
        data={"csrf": token},
        files={"formulir": ("formulir-POL.xlsx", pol.read_bytes())},
    )
    assert response.status_code == 303
    page = ide.get(f"{P}/bidang/IDE").text
    assert "milik Bidang POL" in page and "tidak ada yang dicatat" in page
    assert not (office.output / "2025" / "diterima").exists() or not any(
        (office.output / "2025" / "diterima").iterdir()
    )


def test_a_return_disposisi_is_seen_only_by_the_bidang_it_is_addressed_to(
    office: Office,
) -> None:
    ws = office.workspace
    with ws.transaction("Sekretaris: uji") as journal:
        disposisi = create_return_disposisi(ws, journal, ["IDE"], "Lengkapi kendala dan upaya.")
        doc_id = journal.find("disposisi:1").id  # type: ignore[union-attr]
    url = f"{P}/berkas/{doc_id}/{disposisi.versi}/asli"
    ide, pol = office.login("kabid.ide"), office.login("kabid.pol")
    assert ide.get(url).status_code == 200
    assert doc_id in ide.get(f"{P}/bidang/IDE").text
    assert pol.get(url).status_code == 404  # like a file that does not exist
    assert doc_id not in pol.get(f"{P}/bidang/POL").text
    assert office.login("sekretaris").get(url).status_code == 200
