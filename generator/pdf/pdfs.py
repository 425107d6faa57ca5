"""PDF/A of the documents of a workspace, for printing (`cetak`) and for the archive (`arsip`).

Both go through the project's converter with the workspace's cache (an unchanged document is
never converted twice). A received formulir is printed from its print copy (``print_copy``):
the issued formulir with the values read from the received one, after both files' hashes were
checked against the manifest.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.convert import convert_documents
from generator.convert.jobs import OnDone
from generator.pdf.print_copy import COPY_FOLDER, is_received, print_copy
from generator.workspace.folder import Workspace

__all__ = ["COPY_FOLDER", "print_copy", "workspace_pdfs"]


def _printable(ws: Workspace, source: Path) -> Path:
    return print_copy(ws, source) if is_received(ws, source) else source


def workspace_pdfs(
    ws: Workspace, sources: Sequence[Path], on_done: OnDone | None = None
) -> dict[Path, Path]:
    """Source (absolute, inside the workspace) -> its PDF/A-2b in ``pdf/``."""
    printable = {source: _printable(ws, source) for source in sources}
    converted = convert_documents(
        list(dict.fromkeys(printable.values())),
        ws.folder("pdf"),
        cache_dir=ws.path("pdf/.cache"),
        on_done=on_done,
    )
    return {source: converted[copy] for source, copy in printable.items()}
