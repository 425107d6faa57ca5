"""Accounts, sessions and login attempts of the office web page, in one SQLite file.

The file lives beside the workspaces (``DIR/kinerja-web.sqlite3``), in WAL mode so that page
reads never wait for a login being written. The schema is versioned with ``PRAGMA user_version``
and migrated forward on open. Passwords are hashed with Argon2id (argon2-cffi's default profile,
RFC 9106 low-memory); session tokens are random and only their SHA-256 is stored, so a copy of the
database does not let anyone in. This module imports no web framework and loads argon2 only when
a store is opened: the CLI's ``kinerja akun`` and the web page both reach it through
``generator.api``.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import InputError, KinerjaError

if TYPE_CHECKING:
    from argon2 import PasswordHasher

DB_NAME = "kinerja-web.sqlite3"
SCHEMA_VERSION = 1

# Role -> what the page calls it. "bidang" is a Kepala Bidang and needs a Bidang code.
PERAN = {
    "kepala": "Kepala",
    "sekretaris": "Sekretaris",
    "kasubag": "Kasubag Perencanaan",
    "staf": "Staf Perencanaan",
    "bidang": "Kepala Bidang",
}
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MIN_PASSWORD = 10

SESSION_IDLE = timedelta(hours=2)
SESSION_MAX = timedelta(hours=12)
# Throttling: failures counted over a window, per account name and per client address.
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_ACCOUNT = 5
MAX_FAILURES_ADDRESS = 20

_SCHEMA = [
    # version 1
    """
    CREATE TABLE accounts (
        nama TEXT PRIMARY KEY,
        peran TEXT NOT NULL,
        bidang TEXT,
        sandi TEXT NOT NULL,
        harus_ganti INTEGER NOT NULL DEFAULT 1,
        dibuat TEXT NOT NULL
    );
    CREATE TABLE sessions (
        token_sha256 TEXT PRIMARY KEY,
        nama TEXT NOT NULL REFERENCES accounts(nama) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        dibuat TEXT NOT NULL,
        kedaluwarsa TEXT NOT NULL,
        pesan TEXT
    );
    CREATE TABLE visits (
        nama TEXT NOT NULL REFERENCES accounts(nama) ON DELETE CASCADE,
        periode TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (nama, periode)
    );
    CREATE TABLE login_attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        nama TEXT NOT NULL,
        alamat TEXT NOT NULL,
        waktu TEXT NOT NULL,
        berhasil INTEGER NOT NULL
    );
    CREATE INDEX login_attempts_nama ON login_attempts(nama, waktu);
    CREATE INDEX login_attempts_alamat ON login_attempts(alamat, waktu);
    """,
]


class LoginRefused(KinerjaError):
    """A sign-in was refused (wrong name or password, or too many attempts)."""


@dataclass(frozen=True)
class Akun:
    nama: str
    peran: str
    bidang: str | None
    harus_ganti: bool
    dibuat: datetime

    @property
    def label(self) -> str:
        """How the manifest records this person as ``oleh``: "nama (peran)"."""
        where = f" {self.bidang}" if self.bidang else ""
        return f"{self.nama} ({PERAN[self.peran]}{where})"


@dataclass(frozen=True)
class Sesi:
    akun: Akun
    csrf: str
    kedaluwarsa: datetime


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccountStore:
    session_max = SESSION_MAX

    def __init__(
        self,
        path: Path,
        *,
        hasher: PasswordHasher | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        from argon2 import PasswordHasher

        self.path = path
        self.hasher = hasher or PasswordHasher()
        self.clock = clock
        # A hash to verify against when the name is unknown: the answer takes as long either way.
        self._dummy = self.hasher.hash(secrets.token_hex(16))
        self._migrate()

    @classmethod
    def in_folder(cls, output: Path, **kwargs: object) -> AccountStore:
        output.mkdir(parents=True, exist_ok=True)
        return cls(output / DB_NAME, **kwargs)  # type: ignore[arg-type]

    # -- database ---------------------------------------------------------------------------

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=30, isolation_level=None)) as conn:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.row_factory = sqlite3.Row
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _migrate(self) -> None:
        with closing(sqlite3.connect(self.path, timeout=30)) as conn:
            conn.execute("PRAGMA journal_mode = WAL")
        with self._db() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise InputError(
                    f"Basis data akun {self.path.name} berskema versi {version}, lebih baru dari"
                    f" yang dikenal program ini ({SCHEMA_VERSION}).",
                    hint="Perbarui kinerja.",
                )
            for number in range(version, SCHEMA_VERSION):
                for statement in _SCHEMA[number].split(";"):
                    if statement.strip():
                        conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # -- accounts ---------------------------------------------------------------------------

    @staticmethod
    def _akun(row: sqlite3.Row) -> Akun:
        return Akun(
            nama=row["nama"],
            peran=row["peran"],
            bidang=row["bidang"],
            harus_ganti=bool(row["harus_ganti"]),
            dibuat=datetime.fromisoformat(row["dibuat"]),
        )

    def tambah(self, nama: str, peran: str, sandi: str, bidang: str | None = None) -> Akun:
        check_akun(nama, peran, bidang)
        check_sandi(sandi, nama)
        row = (nama, peran, bidang, self.hasher.hash(sandi), self.clock().isoformat())
        with self._db() as conn:
            if conn.execute("SELECT 1 FROM accounts WHERE nama = ?", (nama,)).fetchone():
                raise InputError(
                    f"Akun '{nama}' sudah ada.", hint="Pilih nama lain, atau hapus akun itu dulu."
                )
            conn.execute(
                "INSERT INTO accounts (nama, peran, bidang, sandi, dibuat) VALUES (?, ?, ?, ?, ?)",
                row,
            )
        return self.akun(nama)

    def akun(self, nama: str) -> Akun:
        with self._db() as conn:
            row = conn.execute("SELECT * FROM accounts WHERE nama = ?", (nama,)).fetchone()
        if row is None:
            raise InputError(f"Akun '{nama}' tidak ada.", hint="Lihat daftar: kinerja akun daftar")
        return self._akun(row)

    def daftar(self) -> list[Akun]:
        with self._db() as conn:
            rows = conn.execute("SELECT * FROM accounts ORDER BY peran, bidang, nama").fetchall()
        return [self._akun(r) for r in rows]

    def hapus(self, nama: str) -> None:
        with self._db() as conn:
            if conn.execute("DELETE FROM accounts WHERE nama = ?", (nama,)).rowcount == 0:
                raise InputError(f"Akun '{nama}' tidak ada.")
            conn.execute("DELETE FROM sessions WHERE nama = ?", (nama,))

    def ganti_sandi(self, nama: str, lama: str, baru: str) -> None:
        """The first-login change (and any later one): the old password must be right."""
        with self._db() as conn:
            row = conn.execute("SELECT sandi FROM accounts WHERE nama = ?", (nama,)).fetchone()
        if row is None or not self._verify(row["sandi"], lama):
            raise LoginRefused("Kata sandi lama salah.", field="Kata sandi lama")
        if baru == lama:
            raise InputError(
                "Kata sandi baru harus berbeda dari yang lama.", field="Kata sandi baru"
            )
        check_sandi(baru, nama)
        with self._db() as conn:
            conn.execute(
                "UPDATE accounts SET sandi = ?, harus_ganti = 0 WHERE nama = ?",
                (self.hasher.hash(baru), nama),
            )

    def kunjungan(self, nama: str, periode: str, seq: int) -> int:
        """Record that ``nama`` has now seen the manifest of ``periode`` up to event ``seq``.

        Returns the event seen at the previous visit (0 the first time): the page lists what
        happened since.
        """
        with self._db() as conn:
            row = conn.execute(
                "SELECT seq FROM visits WHERE nama = ? AND periode = ?", (nama, periode)
            ).fetchone()
            conn.execute(
                "INSERT INTO visits (nama, periode, seq) VALUES (?, ?, ?)"
                " ON CONFLICT (nama, periode) DO UPDATE SET seq = excluded.seq",
                (nama, periode, seq),
            )
        return int(row["seq"]) if row else 0

    def pesan(self, token: str, isi: str | None = None) -> str | None:
        """Store a one-time message for the next page of this session, or take it (isi=None)."""
        digest = _digest(token)
        with self._db() as conn:
            if isi is not None:
                conn.execute("UPDATE sessions SET pesan = ? WHERE token_sha256 = ?", (isi, digest))
                return None
            row = conn.execute(
                "SELECT pesan FROM sessions WHERE token_sha256 = ?", (digest,)
            ).fetchone()
            if row is None or row["pesan"] is None:
                return None
            conn.execute("UPDATE sessions SET pesan = NULL WHERE token_sha256 = ?", (digest,))
        return str(row["pesan"])

    def _verify(self, stored: str, sandi: str) -> bool:
        from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

        try:
            return self.hasher.verify(stored, sandi)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    # -- signing in -------------------------------------------------------------------------

    def masuk(self, nama: str, sandi: str, alamat: str) -> tuple[str, Sesi]:
        """Check the password (throttled per name and per address); open a session.

        Returns the session token (for the cookie; only its hash is stored) and the session.
        """
        when = self.clock()
        since = (when - THROTTLE_WINDOW).isoformat()
        with self._db() as conn:
            per_name = conn.execute(
                "SELECT COUNT(*) FROM login_attempts WHERE nama = ? AND waktu > ? AND berhasil = 0",
                (nama, since),
            ).fetchone()[0]
            per_address = conn.execute(
                "SELECT COUNT(*) FROM login_attempts WHERE alamat = ? AND waktu > ? AND berhasil = 0",
                (alamat, since),
            ).fetchone()[0]
            row = conn.execute("SELECT * FROM accounts WHERE nama = ?", (nama,)).fetchone()
        if per_name >= MAX_FAILURES_ACCOUNT or per_address >= MAX_FAILURES_ADDRESS:
            minutes = int(THROTTLE_WINDOW.total_seconds() // 60)
            raise LoginRefused(
                "Terlalu banyak percobaan masuk yang gagal.",
                hint=f"Tunggu {minutes} menit lalu coba lagi, atau minta bantuan pengelola.",
            )
        ok = self._verify(row["sandi"] if row else self._dummy, sandi) and row is not None
        with self._db() as conn:
            conn.execute(
                "INSERT INTO login_attempts (nama, alamat, waktu, berhasil) VALUES (?, ?, ?, ?)",
                (nama, alamat, when.isoformat(), int(ok)),
            )
            conn.execute(
                "DELETE FROM login_attempts WHERE waktu < ?",
                ((when - 8 * THROTTLE_WINDOW).isoformat(),),
            )
        if not ok or row is None:
            raise LoginRefused("Nama pengguna atau kata sandi salah.")
        return self._open_session(self._akun(row), when)

    def _open_session(self, akun: Akun, when: datetime) -> tuple[str, Sesi]:
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        expires = when + SESSION_IDLE
        with self._db() as conn:
            conn.execute("DELETE FROM sessions WHERE kedaluwarsa < ?", (when.isoformat(),))
            conn.execute(
                "INSERT INTO sessions (token_sha256, nama, csrf, dibuat, kedaluwarsa)"
                " VALUES (?, ?, ?, ?, ?)",
                (_digest(token), akun.nama, csrf, when.isoformat(), expires.isoformat()),
            )
        return token, Sesi(akun, csrf, expires)

    def sesi(self, token: str) -> Sesi | None:
        """The live session of a cookie, its idle expiry moved on; None when unknown or expired."""
        when = self.clock()
        with self._db() as conn:
            row = conn.execute(
                "SELECT s.csrf, s.dibuat, s.kedaluwarsa, a.* FROM sessions s"
                " JOIN accounts a ON a.nama = s.nama WHERE s.token_sha256 = ?",
                (_digest(token),),
            ).fetchone()
            if row is None:
                return None
            created = datetime.fromisoformat(row["dibuat"])
            if datetime.fromisoformat(row["kedaluwarsa"]) <= when or when - created > SESSION_MAX:
                conn.execute("DELETE FROM sessions WHERE token_sha256 = ?", (_digest(token),))
                return None
            expires = min(when + SESSION_IDLE, created + SESSION_MAX)
            conn.execute(
                "UPDATE sessions SET kedaluwarsa = ? WHERE token_sha256 = ?",
                (expires.isoformat(), _digest(token)),
            )
        return Sesi(self._akun(row), row["csrf"], expires)

    def keluar(self, token: str) -> None:
        with self._db() as conn:
            conn.execute("DELETE FROM sessions WHERE token_sha256 = ?", (_digest(token),))


def check_akun(nama: str, peran: str, bidang: str | None) -> None:
    if not NAME_PATTERN.match(nama):
        raise InputError(
            f"Nama pengguna '{nama}' tidak sah.",
            hint="Pakai 2-32 huruf kecil, angka, titik, garis bawah atau tanda hubung,"
            " diawali huruf atau angka (contoh: sungram, kabid.ide).",
        )
    if peran not in PERAN:
        raise InputError(f"Peran '{peran}' tidak dikenal; pilih salah satu: {', '.join(PERAN)}.")
    if (peran == "bidang") != (bidang is not None):
        raise InputError(
            "Akun peran 'bidang' memerlukan kode bidang (--bidang KODE); peran lain tidak."
        )


def check_sandi(sandi: str, nama: str) -> None:
    if len(sandi) < MIN_PASSWORD:
        raise InputError(f"Kata sandi terlalu pendek: paling sedikit {MIN_PASSWORD} karakter.")
    if nama.lower() in sandi.lower():
        raise InputError("Kata sandi tidak boleh memuat nama pengguna.")
