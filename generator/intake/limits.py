"""Limits of a received workbook, read from the zip's XML parts as a stream before openpyxl.

openpyxl builds every cell it is told about and walks a sheet to its last row: one cell at row
1,048,576 of a 12 KB file cost 34 s and 2 GB, and one merged range A1:XFD1048576 costs more.
So every XML part is streamed once (defusedxml, no DTD or entities, nothing kept) and the
file is refused as soon as a count passes its limit: rows and columns a cell or merged range
may reach, cells, shared strings, style records. A formulir holds a few hundred cells; the
limits leave room for a large office (hundreds of indicators) and for a copy saved again by
Excel or LibreOffice, and stop anything that would make openpyxl take seconds.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from defusedxml.ElementTree import iterparse

from generator.base.angka import format_angka
from generator.errors import IngestError

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
MB = 1024 * 1024
# A filled formulir is some tens of kilobytes; its zip members together inflate to no more
# than this (guard.py reads the declared sizes before any member is decompressed).
MAX_UNCOMPRESSED = 64 * MB
MAX_ROW = 5_000  # the last row a cell or merged range may reach
MAX_COL = 200  # column GR
MAX_CELLS = 100_000  # in all sheets together
MAX_SHARED_STRINGS = 100_000
MAX_STYLE_RECORDS = 20_000  # every element of styles.xml (fonts, fills, xf, numFmt, ...)
MAX_MERGED = 5_000
MAX_SHEETS = 50

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")
_WHAT = {
    "cells": ("sel", MAX_CELLS),
    "strings": ("teks bersama (shared strings)", MAX_SHARED_STRINGS),
    "styles": ("catatan gaya (styles)", MAX_STYLE_RECORDS),
    "merged": ("sel gabungan", MAX_MERGED),
    "sheets": ("lembar", MAX_SHEETS),
}


@dataclass(frozen=True)
class Lembar:
    nama: str
    keadaan: str  # "visible", "hidden" or "veryHidden"


def _column(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


class _Counter:
    """Counts of one workbook; refuses the moment one passes its limit."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.counts = dict.fromkeys(_WHAT, 0)

    def add(self, what: str, part: str) -> None:
        self.counts[what] += 1
        label, limit = _WHAT[what]
        if self.counts[what] > limit:
            raise self.refuse(f"Berkas memuat lebih dari {format_angka(limit, 0)} {label}", part)

    def reach(self, ref: str, part: str) -> None:
        match = _REF.match(ref)
        if match is None:
            raise self.refuse(f"Alamat sel '{ref[:20]}' tidak sah", part)
        column, row = _column(match.group(1)), int(match.group(2))
        if row > MAX_ROW or column > MAX_COL:
            raise self.refuse(
                f"Sel {ref} berada di luar batas formulir (paling jauh baris"
                f" {format_angka(MAX_ROW, 0)}, kolom ke-{MAX_COL})",
                part,
            )

    def refuse(self, message: str, part: str) -> IngestError:
        return IngestError(
            f"{message} (bagian {part}); ditolak sebelum dibuka.",
            file=self.name,
            hint="Kirim berkas formulir yang dibagikan, diisi di Excel tanpa menambah lembar,"
            " baris, atau kolom.",
        )


def _events(archive: zipfile.ZipFile, part: str) -> Iterator[tuple[str, Any]]:
    with archive.open(part) as stream:
        yield from iterparse(stream, events=("start", "end"))


def _sheet_part(counter: _Counter, archive: zipfile.ZipFile, part: str) -> None:
    row = 0
    for event, element in _events(archive, part):
        tag = element.tag
        if event == "start" and tag == MAIN + "row":
            number = element.get("r") or ""
            row = int(number) if number.isdigit() else row + 1
            if row > MAX_ROW:
                counter.reach(f"A{row}", part)
        elif event == "start" and tag == MAIN + "c":
            counter.add("cells", part)
            ref = element.get("r")
            if ref:
                counter.reach(ref, part)
        elif event == "start" and tag == MAIN + "mergeCell":
            counter.add("merged", part)
            for corner in (element.get("ref") or "").split(":"):
                counter.reach(corner, part)
        elif event == "end" and tag == MAIN + "row":
            element.clear()


def _count_part(counter: _Counter, archive: zipfile.ZipFile, part: str, what: str) -> None:
    tag = MAIN + "si"
    for event, element in _events(archive, part):
        if event == "start" and (what == "styles" or element.tag == tag):
            counter.add(what, part)
        elif event == "end" and element.tag == tag:
            element.clear()


def _sheets(counter: _Counter, archive: zipfile.ZipFile) -> list[Lembar]:
    found: list[Lembar] = []
    for event, element in _events(archive, "xl/workbook.xml"):
        if event == "start" and element.tag == MAIN + "sheet":
            counter.add("sheets", "xl/workbook.xml")
            found.append(Lembar(element.get("name") or "", element.get("state") or "visible"))
    return found


def check_parts(data: bytes, name: str) -> list[Lembar]:
    """Stream every XML part of the (already size-checked) zip ``data``; IngestError naming the
    limit that was passed. Returns the sheets in workbook order with their state."""
    counter = _Counter(name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = _sheets(counter, archive)
            for info in archive.infolist():
                part = info.filename
                if part == "xl/sharedStrings.xml":
                    _count_part(counter, archive, part, "strings")
                elif part == "xl/styles.xml":
                    _count_part(counter, archive, part, "styles")
                elif part.endswith(".xml"):  # a sheet may live under any name its rels give
                    _sheet_part(counter, archive, part)
    except IngestError:
        raise
    except Exception as exc:  # expat, defusedxml (DTD/entities), zlib, CRC: a damaged part
        raise IngestError(
            f"Berkas rusak: bagian XML-nya tidak dapat dibaca ({type(exc).__name__}).",
            file=name,
            hint="Buka di Excel, simpan ulang sebagai .xlsx, lalu kirim lagi.",
        ) from exc
    return sheets


def visible_sheets(data: bytes, name: str) -> list[str]:
    """The names of the visible sheets of a workbook, in order (the limits checked on the way)."""
    return [s.nama for s in check_parts(data, name) if s.keadaan == "visible"]
