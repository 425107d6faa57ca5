"""What a printed page must satisfy, read with poppler: body text on every page, nothing
printed outside the page, and words that stand alone (a clipped spreadsheet cell prints its
whole text over its neighbours, which pdftotext reads as one glued word: ``1PERSANDIAN-01``)."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>'
)
# Lines every generated page carries in its footer or header: not body text.
FOOTER = re.compile(
    r"^(id dokumen .*|Cocokkan kertas .*|.*halaman \d+ dari \d+.*|[ivxlc]+|\d+|"
    r"Laporan Kinerja .*)$",
    re.I,
)
EDGE_PT = 2.0  # a word this close to the edge of the paper would be cut by any printer


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: list[Word]


def pages(pdf: Path) -> list[Page]:
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    result = []
    for n, (w, h, body) in enumerate(_PAGE.findall(out), start=1):
        words = [
            Word(n, float(a), float(b), float(c), float(d), html.unescape(t))
            for a, b, c, d, t in _WORD.findall(body)
        ]
        result.append(Page(n, float(w), float(h), words))
    return result


def page_text(pdf: Path, number: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def body_lines(pdf: Path, number: int) -> list[str]:
    lines = [" ".join(line.split()) for line in page_text(pdf, number).splitlines()]
    return [line for line in lines if line and not FOOTER.match(line)]


def problems(pdf: Path) -> list[str]:
    """Pages without body text and words outside the paper, as readable lines."""
    found = []
    for page in pages(pdf):
        if not body_lines(pdf, page.number):
            found.append(f"{pdf.name} halaman {page.number}: hanya kaki halaman, tanpa isi")
        for w in page.words:
            if (
                w.x0 < EDGE_PT
                or w.y0 < EDGE_PT
                or w.x1 > page.width - EDGE_PT
                or w.y1 > page.height - EDGE_PT
            ):
                found.append(f"{pdf.name} halaman {page.number}: '{w.text}' di luar kertas")
    return found


def glued(pdf: Path, words: set[str]) -> list[str]:
    """Expected words that never appear alone but do appear glued to other text."""
    seen = {w.text for p in pages(pdf) for w in p.words}
    return sorted(word for word in words if word not in seen and any(word in s for s in seen))
