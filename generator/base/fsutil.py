"""File effects in one place: atomic writes, write guards, hashing, locks, a full disk."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from generator.errors import WorkspaceError

TMP_PREFIX = ".tmp-"
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})

# Called with the target before any atomic write replaces an existing file; a guard raises
# to refuse (the workspace registers one that protects recorded evidence, see
# generator.workspace.evidence). Lower layers cannot import the workspace: hence a registry.
WriteGuard = Callable[[Path], None]
_WRITE_GUARDS: list[WriteGuard] = []


def register_write_guard(guard: WriteGuard) -> None:
    if guard not in _WRITE_GUARDS:
        _WRITE_GUARDS.append(guard)


def check_replaceable(path: Path) -> None:
    """Ask every write guard whether ``path`` (when it exists) may be replaced."""
    if _WRITE_GUARDS and path.exists():
        for guard in _WRITE_GUARDS:
            guard(path)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def mode_for(path: Path) -> int:
    """The mode a new file at ``path`` gets: that of the file it replaces, else 0666 less the
    umask (as ``open`` would give; ``mkstemp`` makes files private)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file.

    Temp file in the same folder, fsync, rename over the target, fsync the folder. An
    existing target is first shown to the write guards (recorded evidence is never replaced).
    """
    if (
        path.is_file()
        and path.stat().st_size == len(data)
        and sha256_file(path) == sha256_bytes(data)
    ):
        return  # the same bytes are there already: nothing to write, nothing to guard
    check_replaceable(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX + path.name + ".", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            # mkstemp makes the file private (0600); give it the mode any other file of the
            # office folder gets (or keep the mode of the file it replaces).
            os.fchmod(fh.fileno(), mode_for(path))
            os.fsync(fh.fileno())
        check_replaceable(path)  # again: the file may have appeared while we wrote
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_copy(src: Path, dst: Path) -> None:
    """Copy byte for byte, atomically (a received file is kept exactly as received)."""
    atomic_write_bytes(dst, src.read_bytes())


def remove_stale_temps(target: Path) -> list[Path]:
    """Remove the temp files of ``target`` left by a crash between write and rename.

    Call it only while holding the lock that every writer of ``target`` holds: a temp file
    of a writer that is still running must not be taken away from it.
    """
    removed = []
    if target.parent.is_dir():
        for tmp in target.parent.glob(f"{TMP_PREFIX}{target.name}.*"):
            with contextlib.suppress(OSError):
                tmp.unlink()
                removed.append(tmp)
    return removed


@contextlib.contextmanager
def locked(lock_file: Path, what: str, timeout_s: float) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_file``; ``what`` names the thing in the message
    a user gets when another command holds it too long."""
    # One lock object per file in this process: a holder may take it again (arsip holds the
    # workspace lock for its whole run and records through a transaction inside it).
    lock = FileLock(os.path.abspath(lock_file), is_singleton=True)
    try:
        lock.acquire(timeout=timeout_s)
    except Timeout as exc:
        raise WorkspaceError(
            f"{what} sedang dipakai perintah lain lebih dari {int(timeout_s)} detik.",
            hint="Tunggu perintah itu selesai, lalu ulangi.",
        ) from exc
    try:
        yield
    finally:
        lock.release()


def is_disk_full(exc: BaseException) -> bool:
    """True when ``exc`` (or what caused it) is a full disk or an exhausted quota."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in DISK_FULL_ERRNOS:
            return True
        text = str(current)
        if "No space left on device" in text or "Disk quota exceeded" in text:
            return True
        current = current.__cause__ or current.__context__
    return False


NEARLY_FULL_BYTES = 1 << 20


def _nearly_full(where: Path) -> bool:
    """Programs run by kinerja (LibreOffice) report a full disk in words of their own: when a
    step fails and less than a MiB is left, the disk is the likely cause."""
    try:
        return shutil.disk_usage(where).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def require_free_space(where: Path, needed: int, what: str) -> None:
    """Refuse before starting when ``where`` has less than ``needed`` bytes free."""
    try:
        free = shutil.disk_usage(where).free
    except OSError:
        return
    if free < needed:
        raise WorkspaceError(
            f"Ruang penyimpanan tidak cukup untuk {what}: tersisa {free // (1 << 20)} MB,"
            f" diperlukan sekitar {needed // (1 << 20) + 1} MB. Tidak ada yang ditulis.",
            file=where,
            hint="Kosongkan ruang pada disk itu, lalu ulangi perintah yang sama.",
        )


@contextlib.contextmanager
def disk_full_as_error(what: str, where: Path) -> Iterator[None]:
    """Turn a full disk inside the block into a WorkspaceError that says what to do."""
    try:
        yield
    except BaseException as exc:
        if isinstance(exc, Exception) and (is_disk_full(exc) or _nearly_full(where)):
            raise WorkspaceError(
                f"Ruang penyimpanan penuh: {what} tidak dapat diselesaikan dan tidak ada yang"
                " dicatat.",
                file=where,
                hint="Kosongkan ruang pada disk itu (sedikitnya beberapa ratus MB), lalu ulangi"
                " perintah yang sama.",
            ) from exc
        raise
