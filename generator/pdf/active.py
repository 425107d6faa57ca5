"""Active content in a PDF: what a viewer may run or open instead of showing a page.

PDF/A forbids it (ISO 19005-2/-3, 6.5-6.6: no JavaScript, no Launch and other non-navigation
actions, no additional actions, no XFA), and a scan or an archive must never carry it. Every
object of the file is looked at (also objects nothing refers to), with the direct
dictionaries nested inside them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf

# Actions that do something other than move inside the document (ISO 32000 12.6.4).
FORBIDDEN_ACTIONS = frozenset(
    "/" + name
    for name in (
        "JavaScript", "Launch", "SubmitForm", "ImportData", "ResetForm", "GoToR", "GoToE",
        "Rendition", "Movie", "Sound", "Hide", "RichMediaExecute", "SetOCGState", "Trans",
        "GoTo3DView",
    )
)  # fmt: skip
FORBIDDEN_ANNOTATIONS = frozenset(
    ("/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D")
)
_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/AA": "aksi otomatis (/AA)",
    "/OpenAction": "aksi saat dibuka (/OpenAction)",
    "/XFA": "formulir XFA",
}


def _direct(obj: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    """``obj`` and every dictionary nested in it directly (indirect ones are visited alone)."""
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        yield obj
        children = list(obj.values())
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return
    for child in children:
        if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect:
            yield from _direct(child)


def active_content(
    pdf: pikepdf.Pdf, *, attachments: bool = False, forms: bool = False
) -> list[str]:
    """What in ``pdf`` is active (sorted, each once). ``attachments``: embedded files are
    allowed (a PDF/A-3 archive carries its originals); ``forms``: an AcroForm is allowed (a
    signed file keeps its signature field there)."""
    found: set[str] = set()
    for obj in pdf.objects:
        for item in _direct(obj):
            for key, label in _KEYS.items():
                if key in item:
                    found.add(label)
            action = item.get("/S")
            if action is not None and str(action) in FORBIDDEN_ACTIONS:
                found.add(f"aksi {str(action)[1:]}")
            subtype = item.get("/Subtype")
            if subtype is not None and str(subtype) in FORBIDDEN_ANNOTATIONS:
                found.add(f"anotasi {str(subtype)[1:]}")
            if not forms and "/AcroForm" in item:
                found.add("formulir isian (AcroForm)")
            kind = item.get("/Type")
            if not attachments and (
                "/EmbeddedFiles" in item or (kind is not None and str(kind) == "/EmbeddedFile")
            ):
                found.add("berkas sisipan")
    return sorted(found)
