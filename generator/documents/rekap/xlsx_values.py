"""Cached values for formulas that openpyxl saved without them.

openpyxl writes ``<c r="H5"><f>...</f><v></v></c>``: Excel recalculates on load
(``fullCalcOnLoad``), but readers that do not evaluate formulas (openpyxl
``data_only``, pandas) see nothing. After ``wb.save`` this rewrites the sheet
parts of the zip and puts the value computed in Python into each formula cell
(TOOLCHAIN.md, "formulas that also carry their values", approach (b)).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml import ElementTree

from generator.base.fsutil import atomic_write_bytes

Value = float | int | str | None

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_FORMULA_CELL = re.compile(
    r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f>(?:<v\s*/>|<v></v>)?</c>', re.S
)


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> the zip member of its XML."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    parts = {}
    for sheet in workbook.findall("m:sheets/m:sheet", _NS):
        target = targets[sheet.get(f"{{{_NS['r']}}}id")]
        member = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        parts[sheet.get("name", "")] = posixpath.normpath(member)
    return parts


def _value_xml(ref: str, attrs: str, formula: str, value: Value) -> str:
    attrs = re.sub(r'\s+t="[^"]*"', "", attrs)
    if value is None or value == "":
        # a formula that yields empty text: Excel stores it as a string result
        return f'<c r="{ref}"{attrs} t="str"><f>{formula}</f><v></v></c>'
    if isinstance(value, str):
        return f'<c r="{ref}"{attrs} t="str"><f>{formula}</f><v>{escape(value)}</v></c>'
    number = repr(float(value)) if isinstance(value, float) else str(value)
    number = number[:-2] if number.endswith(".0") else number
    return f'<c r="{ref}"{attrs}><f>{formula}</f><v>{number}</v></c>'


def write_cached_values(path: Path, values: Mapping[str, Mapping[str, Value]]) -> int:
    """Put ``values[sheet][cell]`` into the formula cells of the saved workbook ``path``.

    Returns how many cells got a value. Every formula cell named must exist as a formula in
    the file (a mismatch between layout and values is a bug, not something to ignore).
    """
    with zipfile.ZipFile(path) as archive:
        parts = sheet_parts(archive)
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    by_member = {parts[sheet]: cells for sheet, cells in values.items()}
    written = 0
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            cells = by_member.get(info.filename)
            if cells:
                seen: set[str] = set()

                def fill(
                    match: re.Match[str], cells: Mapping[str, Value] = cells, seen: set[str] = seen
                ) -> str:
                    ref, attrs, formula = match.groups()
                    if ref not in cells:
                        return match.group(0)
                    seen.add(ref)
                    return _value_xml(ref, attrs, formula, cells[ref])

                text = _FORMULA_CELL.sub(fill, data.decode("utf-8"))
                missing = set(cells) - seen
                if missing:
                    raise ValueError(f"no formula in {info.filename} at {sorted(missing)[:5]}")
                written += len(seen)
                data = text.encode("utf-8")
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    atomic_write_bytes(path, buffer.getvalue())
    return written
