"""Opening PDFs whose pages are copied into another: the archive bundle, a document converted
in parts; and the concatenation itself, here or in a process of its own.

    python -m generator.base.pdfconcat OUT PART...

writes OUT and prints its number of pages; exit status 1 with the reason as the last line on
stderr when a part cannot be read or OUT cannot be written.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pikepdf

from generator.base.heap import keep_large_blocks_mapped, release_freed_memory

# Page attributes a page takes from its /Pages ancestors when it has none of its own
# (ISO 32000-1, table 30); a page tree deeper than _MAX_DEPTH is a loop.
_INHERITABLE = ("/MediaBox", "/CropBox", "/Resources", "/Rotate")
_MAX_DEPTH = 64


def open_part(path: Path) -> pikepdf.Pdf:
    """``path`` opened without pikepdf's push of inherited page attributes (see
    ``push_inherited``); stream data is read from the file when it is written."""
    return pikepdf.open(path, inherit_page_attributes=False, access_mode=pikepdf.AccessMode.stream)


def push_inherited(pdf: pikepdf.Pdf) -> None:
    """Give every page the attributes it inherits from its /Pages ancestors, as direct values,
    and take them off the ancestors.

    qpdf copies a page to another file only after pushing them down itself, and it makes a
    direct one (LibreOffice writes the /MediaBox of the page tree's root directly) an indirect
    object, for which it first resolves every object of the file: 668,800 of them, about
    900 MiB, in the tagged LKj of 2,000 indicators, whether through the job interface or the
    object API. Pushed here, nothing is left for qpdf to push.
    """

    def walk(node: pikepdf.Object, inherited: dict[str, pikepdf.Object], depth: int) -> None:
        here = dict(inherited)
        for key in _INHERITABLE:
            if key in node:
                here[key] = node[key]
                del node[key]
        for kid in node.get("/Kids", pikepdf.Array()):
            if "/Kids" in kid and depth < _MAX_DEPTH:
                walk(kid, here, depth + 1)
                continue
            for key, value in here.items():
                if key not in kid:
                    kid[key] = value

    walk(pdf.Root.Pages, {}, 0)


def concat(parts: Sequence[Path], out: Path) -> int:
    """Concatenate ``parts`` into ``out`` and return its number of pages (stream data copied as
    it is). Each distinct file is opened once (a part printed in several copies is one source)
    and kept open until ``out`` is written; memory grows with the objects the pages use, not
    with the files (``push_inherited``). Raises ``pikepdf.PdfError`` or ``OSError``."""
    keep_large_blocks_mapped()
    sources: dict[Path, pikepdf.Pdf] = {}
    try:
        merged = pikepdf.new()
        for part in parts:
            if part not in sources:
                sources[part] = open_part(part)
                push_inherited(sources[part])
            merged.pages.extend(sources[part].pages)
        merged.save(
            out,
            compress_streams=False,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
        )
        return len(merged.pages)
    finally:
        for source in sources.values():
            source.close()
        release_freed_memory()


def main(argv: Sequence[str]) -> int:
    if len(argv) < 2:
        sys.stderr.write("usage: python -m generator.base.pdfconcat OUT PART...\n")
        return 1
    try:
        pages = concat([Path(part) for part in argv[1:]], Path(argv[0]))
    except (pikepdf.PdfError, OSError) as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    sys.stdout.write(f"{pages}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
