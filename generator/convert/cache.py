"""PDF cache keyed by the SHA-256 of the source bytes and the PDF/A level.

An unchanged document is never converted twice: the key ignores the file
name and date, so a copy or a re-saved identical file hits too.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from generator.base.fsutil import mode_for
from generator.convert.checks import check_output

# The conversion cache of a workspace, relative to its root: every command that converts
# a workspace's documents (laporan, cetak, arsip) shares it, so none converts one twice.
WORKSPACE_CACHE = "pdf/.cache"


def source_key(source: Path, pdfa: int) -> str:
    """Cache key of ``source`` converted to PDF/A-``pdfa``."""
    digest = hashlib.sha256()
    with source.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return f"{digest.hexdigest()}-pdfa{pdfa}"


@contextlib.contextmanager
def replacing(dst: Path) -> Iterator[str]:
    """A temporary file beside ``dst`` to fill; it becomes ``dst`` in one rename, or goes."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent)
    os.fchmod(fd, mode_for(dst))  # readable like any other file of the office folder
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def copy_atomic(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` so that a reader never sees half a file."""
    with replacing(dst) as tmp:
        shutil.copyfile(src, tmp)


class ConversionCache:
    """A folder of ``<sha256>-pdfa<level>.pdf`` files."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        return self.root / f"{key}.pdf"

    def get(self, key: str, pdfa: int) -> Path | None:
        """The cached PDF for ``key``, or None; a damaged entry is dropped."""
        path = self.path(key)
        if not path.is_file():
            return None
        if check_output(path, pdfa) is not None:
            path.unlink(missing_ok=True)
            return None
        return path

    def put(self, key: str, pdf: Path) -> None:
        copy_atomic(pdf, self.path(key))


def output_names(sources: Sequence[Path], out_dir: Path) -> dict[Path, Path]:
    """Give every source a PDF in ``out_dir``: ``<stem>.pdf``, kept apart on clashes.

    ``rekap.docx`` and ``rekap.xlsx`` become ``rekap.pdf`` and ``rekap-xlsx.pdf``;
    further clashes get ``-2``, ``-3``.
    """
    names: dict[Path, Path] = {}
    taken: set[str] = set()
    for source in sources:
        if source in names:
            continue
        candidates = [f"{source.stem}.pdf", f"{source.stem}-{source.suffix.lstrip('.')}.pdf"]
        candidates += [f"{source.stem}-{n}.pdf" for n in range(2, len(sources) + 3)]
        name = next(c for c in candidates if c.lower() not in taken)
        taken.add(name.lower())
        names[source] = out_dir / name
    return names
