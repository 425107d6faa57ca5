"""A workspace of the embedded sample with one account per role, served by the real app."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from starlette.testclient import TestClient

from generator import api
from generator.base.periode import Periode
from generator.web.app import create_app
from generator.web.throttle import Throttle
from generator.workspace.accounts import AccountStore
from generator.workspace.folder import Workspace

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
SANDI = "sandi-awal-123"
# One account per role; two Kepala Bidang so that "another Bidang" can be tested.
ACCOUNTS = {
    "kepala": ("kepala", None),
    "sekretaris": ("sekretaris", None),
    "sungram": ("kasubag", None),
    "staf1": ("staf", None),
    "kabid.ide": ("bidang", "IDE"),
    "kabid.pol": ("bidang", "POL"),
}
PERIODE = "2025"


@dataclass
class Office:
    output: Path
    workspace: Workspace
    store: AccountStore
    max_upload: int
    clients: dict[str, TestClient] = field(default_factory=dict)

    def app_client(self, verifikasi: Throttle | None = None) -> TestClient:
        app = create_app(
            self.output, hasher=FAST, max_upload=self.max_upload, verifikasi=verifikasi
        )
        return TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)

    def csrf(self, client: TestClient, page: str = "/verifikasi") -> str:
        html = client.get(page).text
        marker = 'name="csrf" value="'
        start = html.index(marker) + len(marker)
        return html[start : html.index('"', start)]

    def login(self, nama: str) -> TestClient:
        """A client signed in as ``nama`` (first-login password change already done)."""
        client = self.app_client()
        client.__enter__()
        token = self.csrf(client)
        response = client.post("/masuk", data={"nama": nama, "sandi": SANDI, "csrf": token})
        assert response.status_code == 303, response.text
        self.clients[nama] = client
        return client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(output: Path) -> Iterator[str]:
    """The app on uvicorn at 127.0.0.1 on a free port, in a thread, for the block."""
    import uvicorn

    config = uvicorn.Config(
        create_app(output, hasher=FAST), host="127.0.0.1", port=free_port(), log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="session")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Made once: the workspace after the memo and the formulir (steps 1-3), and the accounts."""
    output = tmp_path_factory.mktemp("siap") / "output"
    Workspace.create(output, Periode.parse(PERIODE))
    api.memo(output, PERIODE)
    api.formulir(output, PERIODE)
    store = AccountStore.in_folder(output, hasher=FAST)
    for nama, (peran, bidang) in ACCOUNTS.items():
        store.tambah(nama, peran, "sementara-123", bidang=bidang)
        store.ganti_sandi(nama, "sementara-123", SANDI)
    return output


@pytest.fixture
def office(tmp_path: Path, prepared: Path) -> Iterator[Office]:
    output = tmp_path / "output"
    shutil.copytree(prepared, output)
    ws = Workspace.open(output, Periode.parse(PERIODE))
    store = AccountStore.in_folder(output, hasher=FAST)
    made = Office(output, ws, store, max_upload=256 * 1024)
    yield made
    for client in made.clients.values():
        client.__exit__(None, None, None)
