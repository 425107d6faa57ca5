"""Accounts, sessions and throttling on a real SQLite file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import InputError
from generator.workspace import accounts
from generator.workspace.accounts import AccountStore, LoginRefused

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
SANDI = "rahasia-kantor-1"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def store(tmp_path: Path, clock: Clock | None = None) -> AccountStore:
    return AccountStore(tmp_path / accounts.DB_NAME, hasher=FAST, clock=clock or Clock())


def test_schema_is_versioned_and_in_wal_mode(tmp_path: Path) -> None:
    store(tmp_path)
    with sqlite3.connect(tmp_path / accounts.DB_NAME) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == accounts.SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"accounts", "sessions", "login_attempts"} <= tables
    store(tmp_path)  # opening again migrates nothing and keeps working


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    store(tmp_path)
    with sqlite3.connect(tmp_path / accounts.DB_NAME) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(InputError, match="lebih baru"):
        store(tmp_path)


def test_password_is_argon2id_and_first_login_must_change(tmp_path: Path) -> None:
    db = store(tmp_path)
    akun = db.tambah("kabid.ide", "bidang", SANDI, bidang="IDE")
    assert akun.harus_ganti and akun.bidang == "IDE"
    assert akun.label == "kabid.ide (Kepala Bidang IDE)"
    with sqlite3.connect(tmp_path / accounts.DB_NAME) as conn:
        stored = conn.execute("SELECT sandi FROM accounts").fetchone()[0]
    assert stored.startswith("$argon2id$") and SANDI not in stored
    with pytest.raises(LoginRefused):
        db.ganti_sandi("kabid.ide", "salah-sekali-1", "baru-yang-panjang")
    db.ganti_sandi("kabid.ide", SANDI, "baru-yang-panjang")
    assert not db.akun("kabid.ide").harus_ganti
    db.masuk("kabid.ide", "baru-yang-panjang", "10.0.0.5")
    with pytest.raises(LoginRefused, match="salah"):
        db.masuk("kabid.ide", SANDI, "10.0.0.5")


@pytest.mark.parametrize(
    ("nama", "peran", "bidang", "sandi", "pesan"),
    [
        ("Budi Santoso", "staf", None, SANDI, "Nama pengguna"),
        ("budi", "lurah", None, SANDI, "Peran 'lurah'"),
        ("budi", "bidang", None, SANDI, "kode bidang"),
        ("budi", "staf", "IDE", SANDI, "kode bidang"),
        ("budi", "staf", None, "pendek", "terlalu pendek"),
        ("budi", "staf", None, "budi-1234567", "nama pengguna"),
    ],
)
def test_bad_accounts_are_refused_in_indonesian(
    tmp_path: Path, nama: str, peran: str, bidang: str | None, sandi: str, pesan: str
) -> None:
    with pytest.raises(InputError, match=pesan):
        store(tmp_path).tambah(nama, peran, sandi, bidang=bidang)


def test_duplicate_and_delete(tmp_path: Path) -> None:
    db = store(tmp_path)
    db.tambah("sungram", "kasubag", SANDI)
    with pytest.raises(InputError, match="sudah ada"):
        db.tambah("sungram", "staf", SANDI)
    token, _ = db.masuk("sungram", SANDI, "127.0.0.1")
    assert db.sesi(token) is not None
    db.hapus("sungram")
    assert db.sesi(token) is None
    assert db.daftar() == []
    with pytest.raises(InputError, match="tidak ada"):
        db.hapus("sungram")


def test_sessions_expire_when_idle_and_at_most_after_a_working_day(tmp_path: Path) -> None:
    clock = Clock()
    db = store(tmp_path, clock)
    db.tambah("sungram", "kasubag", SANDI)
    token, _ = db.masuk("sungram", SANDI, "127.0.0.1")
    with sqlite3.connect(tmp_path / accounts.DB_NAME) as conn:
        assert token not in str(conn.execute("SELECT * FROM sessions").fetchall())
    clock.now += accounts.SESSION_IDLE - timedelta(minutes=1)
    assert db.sesi(token) is not None  # used: the idle expiry moves on
    clock.now += accounts.SESSION_IDLE - timedelta(minutes=1)
    assert db.sesi(token) is not None
    clock.now += accounts.SESSION_IDLE + timedelta(minutes=1)
    assert db.sesi(token) is None
    token, _ = db.masuk("sungram", SANDI, "127.0.0.1")
    for _ in range(7):
        clock.now += timedelta(hours=1, minutes=50)
        alive = db.sesi(token)
    assert alive is None  # 12.8 h after opening, however busy
    db_token, _ = db.masuk("sungram", SANDI, "127.0.0.1")
    db.keluar(db_token)
    assert db.sesi(db_token) is None
    assert db.sesi("tebakan") is None


def test_throttling_per_account_and_per_address(tmp_path: Path) -> None:
    clock = Clock()
    db = store(tmp_path, clock)
    db.tambah("sungram", "kasubag", SANDI)
    for _ in range(accounts.MAX_FAILURES_ACCOUNT):
        with pytest.raises(LoginRefused, match="salah"):
            db.masuk("sungram", "bukan-sandinya", "10.0.0.7")
    # Now even the right password is refused, from any address, until the window passes.
    with pytest.raises(LoginRefused, match="Terlalu banyak"):
        db.masuk("sungram", SANDI, "10.0.0.8")
    clock.now += accounts.THROTTLE_WINDOW + timedelta(seconds=1)
    db.masuk("sungram", SANDI, "10.0.0.8")
    # One address guessing many names is stopped too.
    for n in range(accounts.MAX_FAILURES_ADDRESS):
        with pytest.raises(LoginRefused):
            db.masuk(f"tebak{n}", "apa-saja-12345", "10.0.0.66")
    with pytest.raises(LoginRefused, match="Terlalu banyak"):
        db.masuk("sungram", SANDI, "10.0.0.66")
    db.masuk("sungram", SANDI, "10.0.0.9")


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_name_is_either_valid_or_refused_cleanly(tmp_path_factory: object, nama: str) -> None:
    try:
        accounts.check_akun(nama, "staf", None)
    except InputError as exc:
        assert "Nama pengguna" in exc.message
    else:
        assert accounts.NAME_PATTERN.match(nama)


def test_visits_per_person_and_periode_and_one_time_messages(tmp_path: Path) -> None:
    db = store(tmp_path)
    db.tambah("sungram", "kasubag", SANDI)
    assert db.kunjungan("sungram", "2025", 7) == 0
    assert db.kunjungan("sungram", "2025", 12) == 7
    assert db.kunjungan("sungram", "2025-TW1", 3) == 0
    token, _ = db.masuk("sungram", SANDI, "127.0.0.1")
    db.pesan(token, "Rekap dibuat.")
    assert db.pesan(token) == "Rekap dibuat."
    assert db.pesan(token) is None
    db.hapus("sungram")
    with sqlite3.connect(tmp_path / accounts.DB_NAME) as conn:
        assert conn.execute("SELECT COUNT(*) FROM visits").fetchone()[0] == 0
