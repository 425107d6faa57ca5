"""Opening PDFs whose pages are copied into another: the archive bundle, a document converted
in parts."""

from __future__ import annotations

from pathlib import Path

import pikepdf

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
