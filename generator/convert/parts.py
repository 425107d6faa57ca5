"""Long Word documents converted in parts, so that one office's memory stays bounded.

LibreOffice lays a Writer document out whole before it exports a page: the Laporan Kinerja of
a 2,000-indicator office (2,568 pages) took 1.3 GiB and 143 s in one office, against 533 MiB
and 16 s for the 579 pages of a 400-indicator one. A document whose WordprocessingML is longer
than ``2 * part_bytes`` is therefore converted in pieces that paginate exactly as the whole:

- the **body** (the last section, whose page numbers restart at an explicit value) is cut at
  its hard page breaks (paragraphs with "page break before") into parts of about
  ``part_bytes`` each; part *i* is converted with its first page number set to where the
  previous parts ended, so its footers count on;
- the **front part** (every section before the body: cover, Kata Pengantar, Daftar Isi, Daftar
  Tabel, Daftar Gambar) is converted last, with a *skeleton* body: a copy of every paragraph
  the indexes list, each alone on the page number where the body parts put it (found through
  bookmarks exported as PDF named destinations). LibreOffice then fills the indexes itself,
  with its own entry text, styles, dot leaders and page numbers: what a reader of the whole
  document would see;
- the front part's own pages, then the body parts' pages, make the PDF. The index links and
  the outline, made on the skeleton pages, are pointed at the real headings.

The parts are checked against the whole: every part must start on its first page, every
skeleton entry must land on its page. A document whose structure is not one of these (no
restarting body section, fields other than PAGE in the body, odd/even or first-page headers,
index switches this module does not reproduce) is converted whole, as before. The merged PDF
keeps the first body part's PDF/A identification, but not the tagged structure of the parts
(PDF/A-2b does not require it). The front part is therefore exported as a plain PDF, untagged:
LibreOffice always tags a PDF/A, and the tags of 2,700 skeleton pages were most of the front
part's memory. Exported both ways, its front pages differ only in their tags (with a space the
tagged export writes at the end of each index line) and in the links' print flag, which the
join sets; they render alike, pixel for pixel, and pdftotext reads the same text.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from copy import deepcopy
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from lxml import etree  # type: ignore[import-untyped]

from generator.convert.checks import check_output
from generator.convert.jobs import PLAIN_PDF, ConversionJob, ConversionResult

# WordprocessingML of one body part, in bytes: about 75 pages of the LKj (13 KB a page). The LKj
# of 400 indicators (7.5 MB, 637 pages) converted whole: 16.6 s, office 563 MiB; in parts of
# 2 MB: 19.5 s, 390 MiB; of 1 MB: 19.6 s, 340 MiB (an office that has converted anything holds
# about 300 MiB).
PART_BYTES = 1_000_000
# An image counts towards its part's size as its decoded pixels (4 bytes each) divided by
# this: the office holds a part's decoded images while it writes the PDF. A part of 1 MB of
# text took about 66 MiB of office memory, one that also held 386 MiB of decoded charts took
# 215 MiB (measured on a 2,000-indicator LKj; bench/RESULTS.md, "Catatan sesi keenam").
DECODED_PER_PART_BYTE = 100
DOCUMENT = "word/document.xml"
RELS = "word/_rels/document.xml.rels"
STYLES = "word/styles.xml"
SETTINGS = "word/settings.xml"
NUMBERING = "word/numbering.xml"
# Body content that refers across the document: a part would number or point on its own.
_CROSS_REFERENCES = ("footnoteReference", "endnoteReference", "commentReference")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
ENTRY_PREFIX = "kjxentri"  # bookmarks on index entries, only in the parts (letters and
# digits: LibreOffice escapes other characters in the names of destinations)
START_PREFIX = "kjxawal"  # bookmark on the first paragraph of a body part
BOOKMARK_ID_BASE = 2_000_000_000  # far above the ids Word and docxtpl give
MAX_INDEX_LEVEL = 9
# Index switches whose entries this module reproduces: \o outline levels, \t styles, \u
# outline level of the paragraph, and the ones that only change how entries look.
_KNOWN_SWITCHES = frozenset("othuznpw")

# The documents are kinerja's own renders, but of templates users may edit: no entities, no
# network, and deep trees allowed (a table of 2,000 rows).
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)

Submit = Callable[[ConversionJob], "Future[ConversionResult]"]


# What a document body holds at its top level (others: converted whole).
_TOP_LEVEL = ("p", "tbl", "sectPr", "sdt", "bookmarkStart", "bookmarkEnd")
_TAKEN = "kinerja-taken"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class NotSplittable(Exception):
    """The document is converted whole (its structure is not one this module reproduces)."""


def worth_splitting(source: Path, part_bytes: int = PART_BYTES) -> bool:
    """Whether ``source`` is a docx long enough to be converted in parts (from the zip's
    directory alone: nothing is decompressed)."""
    if source.suffix.lower() != ".docx":
        return False
    try:
        with zipfile.ZipFile(source) as package:
            return package.getinfo(DOCUMENT).file_size > 2 * part_bytes
    except (OSError, KeyError, zipfile.BadZipFile):
        return False  # the whole conversion reports what is wrong with it


def _package_name(rel: Any) -> str:
    """The zip member an internal relationship of word/document.xml points at."""
    return "word/" + str(rel.get("Target")).lstrip("/").removeprefix("word/")


class _ImageWeights:
    """What the images an element shows add to its part's size (``DECODED_PER_PART_BYTE``)."""

    def __init__(self, package: zipfile.ZipFile) -> None:
        self.package = package
        names = set(package.namelist())
        rels = etree.fromstring(package.read(RELS), _PARSER) if RELS in names else []
        self.targets = {
            str(rel.get("Id")): _package_name(rel)
            for rel in rels
            if rel.get("Type") == IMAGE_REL and rel.get("TargetMode") != "External"
        }
        self.weights: dict[str, int] = {}

    def of(self, element: Any) -> int:
        ids = [
            str(blip.get(f"{{{R}}}embed"))
            for blip in element.iter(f"{{{A}}}blip")
            if blip.get(f"{{{R}}}embed") is not None
        ]
        return sum(self._weight(self.targets[i]) for i in ids if i in self.targets)

    def _weight(self, name: str) -> int:
        if name not in self.weights:
            from PIL import Image, UnidentifiedImageError

            pixels = 0
            with (
                contextlib.suppress(OSError, KeyError, UnidentifiedImageError),
                self.package.open(name) as fh,
                Image.open(fh) as image,  # reads the header only
            ):
                pixels = image.width * image.height
            self.weights[name] = 4 * pixels // DECODED_PER_PART_BYTE
        return self.weights[name]


# -- styles and index switches -----------------------------------------------------------------


@dataclass
class _Style:
    name: str
    based_on: str | None
    outline: int | None
    page_break: bool | None
    numbering: str | None


def _on(element: Any) -> bool:
    """A WordprocessingML on/off property (present means on, unless w:val says otherwise)."""
    return str(element.get(_w("val"), "true")).lower() not in ("0", "false", "off")


class _Styles:
    """The paragraph styles of styles.xml, with what they inherit through w:basedOn."""

    def __init__(self, xml: bytes) -> None:
        self.styles: dict[str, _Style] = {}
        self.default: str | None = None
        root = etree.fromstring(xml, _PARSER)
        for style in root.iter(_w("style")):
            if style.get(_w("type")) != "paragraph":
                continue
            name = style.find(_w("name"))
            based = style.find(_w("basedOn"))
            ppr = style.find(_w("pPr"))
            outline = ppr.find(_w("outlineLvl")) if ppr is not None else None
            page_break = ppr.find(_w("pageBreakBefore")) if ppr is not None else None
            num_id = ppr.find(f"{_w('numPr')}/{_w('numId')}") if ppr is not None else None
            self.styles[str(style.get(_w("styleId")))] = _Style(
                name=str(name.get(_w("val"))) if name is not None else "",
                based_on=str(based.get(_w("val"))) if based is not None else None,
                outline=int(outline.get(_w("val"), "9")) if outline is not None else None,
                page_break=_on(page_break) if page_break is not None else None,
                numbering=str(num_id.get(_w("val"))) if num_id is not None else None,
            )
            if style.get(_w("default")) in ("1", "true"):
                self.default = str(style.get(_w("styleId")))

    def _chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        current = style_id or self.default
        while current is not None and current in self.styles and current not in seen:
            seen.add(current)
            yield self.styles[current]
            current = self.styles[current].based_on

    def outline(self, style_id: str | None) -> int | None:
        return next((s.outline for s in self._chain(style_id) if s.outline is not None), None)

    def page_break(self, style_id: str | None) -> bool:
        return next(
            (s.page_break for s in self._chain(style_id) if s.page_break is not None), False
        )

    def numbering(self, style_id: str | None) -> str | None:
        return next((s.numbering for s in self._chain(style_id) if s.numbering is not None), None)

    def ids_named(self, names: set[str]) -> set[str]:
        wanted = {n.casefold() for n in names}
        return {
            i
            for i, s in self.styles.items()
            if s.name.casefold() in wanted or i.casefold() in wanted
        }


def _counting_lists(xml: bytes) -> set[str]:
    """The numIds of numbering.xml whose lists count (any level not a bullet): such a list
    continues through the whole document, so its numbers would restart in a later part."""
    if not xml:
        return set()
    root = etree.fromstring(xml, _PARSER)
    counting_abstract = {
        str(a.get(_w("abstractNumId")))
        for a in root.iter(_w("abstractNum"))
        if any(f.get(_w("val")) not in ("bullet", "none") for f in a.iter(_w("numFmt")))
    }
    found = set()
    for num in root.iter(_w("num")):
        abstract = num.find(_w("abstractNumId"))
        overridden = num.find(_w("lvlOverride")) is not None
        if overridden or (abstract is not None and abstract.get(_w("val")) in counting_abstract):
            found.add(str(num.get(_w("numId"))))
    return found


@dataclass
class _Indexes:
    """What the document's index fields (TOC) list: outline levels and styles."""

    levels: int = 0  # \o "1-N": outline levels 0..N-1
    style_names: set[str] = field(default_factory=set)  # \t

    def add(self, instruction: str) -> None:
        words = instruction.split(None, 1)
        if not words or words[0].upper() != "TOC":
            return
        for switch, argument in re.findall(r'\\(\w)\s*(?:"([^"]*)")?', instruction):
            switch = switch.lower()
            if switch not in _KNOWN_SWITCHES:
                raise NotSplittable(f"index switch \\{switch}")
            if switch == "o":
                found = re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", argument or "1-9")
                if found is None:
                    raise NotSplittable(f"index levels {argument!r}")
                self.levels = max(self.levels, min(int(found.group(2)), MAX_INDEX_LEVEL))
            elif switch == "t":
                items = re.split(r"[,;]", argument or "")
                self.style_names |= {n.strip() for n in items[0::2] if n.strip()}

    @property
    def any(self) -> bool:
        return bool(self.levels or self.style_names)


# -- streaming the body ------------------------------------------------------------------------


@dataclass
class Entry:
    """A paragraph an index lists, with the bookmark that finds its page."""

    name: str
    xml: bytes  # the paragraph as it stands in its body part (bookmark included)
    page: int = 0  # its page number in the body, once the body parts are converted


@dataclass
class BodyPart:
    xml: Path  # its body elements, until its first page number is known
    docx: Path
    start_name: str | None  # bookmark on its first paragraph (None for the first part)
    first_page: int = 0
    pages: int = 0
    pdf: Path | None = None


@dataclass
class Plan:
    """A long document cut into a front part and body parts (their docx written)."""

    source: Path
    folder: Path
    head: bytes  # up to and including <w:body>
    front: list[bytes]
    body_sectpr: Any  # lxml element of the body's section properties
    first_page: int  # the body's first page number
    parts: list[BodyPart]
    entries: list[Entry]
    nsmap: dict[str | None, str]


_NS_DECL = re.compile(rb'\sxmlns(?::([\w.-]+))?="([^"]*)"')


class _Serialiser:
    """Top-level elements as bytes without the namespace declarations of the document root,
    which lxml repeats on every element serialised alone (twice the bytes)."""

    def __init__(self, nsmap: dict[str | None, str]) -> None:
        self.nsmap = nsmap
        probe: bytes = etree.tostring(etree.Element(_w("p"), nsmap=nsmap), encoding="utf-8")
        self.declarations = probe[probe.index(b" ") : probe.rindex(b"/>")]

    def __call__(self, element: Any) -> bytes:
        data: bytes = etree.tostring(element, encoding="utf-8")
        name_end = min(i for i in (data.find(b" "), data.find(b">"), data.find(b"/")) if i > 0)
        if data.startswith(self.declarations, name_end):  # lxml's usual order: one slice
            return data[:name_end] + data[name_end + len(self.declarations) :]
        end = data.index(b">")
        tag = _NS_DECL.sub(self._keep_own, data[:end])
        return tag + data[end:]

    def _keep_own(self, match: re.Match[bytes]) -> bytes:
        prefix = match.group(1).decode() if match.group(1) else None
        return b"" if self.nsmap.get(prefix) == match.group(2).decode() else match.group(0)


class _Splitter:
    """Reads document.xml once, top-level element by element, writing body parts as it goes."""

    def __init__(self, source: Path, folder: Path, part_bytes: int) -> None:
        self.source = source
        self.folder = folder
        self.part_bytes = part_bytes
        with zipfile.ZipFile(source) as package:
            self.styles = _Styles(package.read(STYLES))
            names = package.namelist()
            settings = package.read(SETTINGS) if SETTINGS in names else b""
            self.counting = _counting_lists(package.read(NUMBERING) if NUMBERING in names else b"")
            with package.open(DOCUMENT) as fh:
                self.head = _head(fh)
        if b"evenAndOddHeaders" in settings:
            raise NotSplittable("odd and even headers")
        self.indexes = _Indexes()
        self.entry_styles: set[str] = set()
        self.front: list[bytes] = []
        self.pending: list[bytes] = []  # body elements not yet in a part
        self.pending_size = 0
        self.pending_start: str | None = None
        self.parts: list[BodyPart] = []
        self.entries: list[Entry] = []
        self.in_front = True  # until the section break after the last index field
        self.bookmark_id = BOOKMARK_ID_BASE
        self.list_part: dict[str, int] = {}  # counting list -> the part it is in
        self.body_sectpr: Any = None
        self.nsmap: dict[str | None, str] = {}
        self.serialise: _Serialiser | None = None
        self.image_weights: _ImageWeights | None = None

    def run(self) -> Plan:
        body_tag = _w("body")
        with zipfile.ZipFile(self.source) as package, package.open(DOCUMENT) as fh:
            self.image_weights = _ImageWeights(package)
            # Only the end of the elements a body holds: a paragraph inside a table ends too,
            # but its parent is not the body. An element of any other kind at the top level
            # is found unmarked before the next one (and the document converted whole).
            for _, element in etree.iterparse(
                fh,
                events=("end",),
                tag=[_w(t) for t in _TOP_LEVEL],
                huge_tree=True,
                resolve_entities=False,
                no_network=True,
            ):
                body = element.getparent()
                if body is None or body.tag != body_tag:
                    continue
                if self.serialise is None:
                    self.nsmap = dict(body.nsmap)
                    self.serialise = _Serialiser(self.nsmap)
                previous = element.getprevious()
                if previous is not None and previous.get(_TAKEN) is None:
                    raise NotSplittable(f"{previous.tag} in the body")
                self._take(element)
                element.clear()
                element.set(_TAKEN, "1")
                while element.getprevious() is not None:  # what was taken is let go
                    del body[0]
        if self.body_sectpr is None or not self.front or self.in_front:
            raise NotSplittable("no front part before a body section")
        self._flush()
        if len(self.parts) < 2:
            raise NotSplittable("one part only")
        start = self.body_sectpr.find(_w("pgNumType"))
        if start is None or start.get(_w("start")) is None:
            raise NotSplittable("the body's page numbers do not restart")
        return Plan(
            source=self.source,
            folder=self.folder,
            head=self.head,
            front=self.front,
            body_sectpr=self.body_sectpr,
            first_page=int(start.get(_w("start"))),
            parts=self.parts,
            entries=self.entries,
            nsmap=self.nsmap,
        )

    def _take(self, element: Any) -> None:
        tag = element.tag
        serialise = self.serialise
        assert serialise is not None  # set with the body, before its first element
        if tag == _w("sectPr"):
            self._check_section(element)
            self.body_sectpr = deepcopy(element)
            return
        fields = _field_instructions(element)
        section_end = tag == _w("p") and element.find(f"{_w('pPr')}/{_w('sectPr')}") is not None
        if self.in_front:
            for instruction in fields:
                self.indexes.add(instruction)
            self.front.append(serialise(element))
            if section_end and self.indexes.any:
                self.in_front = False
                self.entry_styles = self.styles.ids_named(self.indexes.style_names)
            return
        if section_end:
            raise NotSplittable("a section break inside the body")
        if any(i.split()[:1] != ["PAGE"] for i in fields):
            raise NotSplittable(f"fields in the body: {sorted(set(fields))}")
        if tag == _w("p") and self._page_break(element) and self.pending_size >= self.part_bytes:
            self._flush()
            self.pending_start = f"{START_PREFIX}{len(self.parts)}"
            self._bookmark(element, self.pending_start)
        self._check_references(element)  # in the part it now belongs to
        if tag == _w("p") and self._is_entry(element):
            name = f"{ENTRY_PREFIX}{len(self.entries)}"
            self._bookmark(element, name)
            data = serialise(element)
            self.entries.append(Entry(name, data))
        else:
            data = serialise(element)
        self.pending.append(data)
        assert self.image_weights is not None  # set with the package, in ``run``
        self.pending_size += len(data) + self.image_weights.of(element)

    def _check_references(self, element: Any) -> None:
        for tag in _CROSS_REFERENCES:
            if next(element.iter(_w(tag)), None) is not None:
                raise NotSplittable(f"{tag} in the body")
        for link in element.iter(_w("hyperlink")):
            if link.get(_w("anchor")) is not None:
                raise NotSplittable("a link to a bookmark in the body")
        part = len(self.parts)
        for paragraph in element.iter(_w("p")):
            if paragraph is not element and self._is_entry(paragraph):
                # in a table, a text box or a content control: the skeleton copies only
                # paragraphs of the body itself
                raise NotSplittable("a heading or caption inside another element")
            style, ppr = self._style(paragraph)
            direct = ppr.find(f"{_w('numPr')}/{_w('numId')}") if ppr is not None else None
            num_id = (
                str(direct.get(_w("val"))) if direct is not None else self.styles.numbering(style)
            )
            if num_id in self.counting and self.list_part.setdefault(num_id, part) != part:
                raise NotSplittable(f"numbered list {num_id} across parts")

    def _check_section(self, sectpr: Any) -> None:
        if sectpr.find(_w("titlePg")) is not None and _on(sectpr.find(_w("titlePg"))):
            raise NotSplittable("a first-page header in the body")
        kind = sectpr.find(_w("type"))
        if kind is not None and kind.get(_w("val")) in ("oddPage", "evenPage"):
            raise NotSplittable("the body starts on an odd or even page")

    def _style(self, paragraph: Any) -> tuple[str | None, Any]:
        ppr = paragraph.find(_w("pPr"))
        style = ppr.find(_w("pStyle")) if ppr is not None else None
        return (str(style.get(_w("val"))) if style is not None else None), ppr

    def _page_break(self, paragraph: Any) -> bool:
        style, ppr = self._style(paragraph)
        direct = ppr.find(_w("pageBreakBefore")) if ppr is not None else None
        return _on(direct) if direct is not None else self.styles.page_break(style)

    def _is_entry(self, paragraph: Any) -> bool:
        """Whether the front part must see ``paragraph``: an index lists it (by style), or the
        PDF outline does (every paragraph with an outline level, which \\o and \\u list)."""
        style, ppr = self._style(paragraph)
        if style in self.entry_styles:
            return True
        direct = ppr.find(_w("outlineLvl")) if ppr is not None else None
        if direct is not None:
            return int(direct.get(_w("val"), "9")) < MAX_INDEX_LEVEL
        return self.styles.outline(style) is not None

    def _bookmark(self, paragraph: Any, name: str) -> None:
        self.bookmark_id += 1
        start = etree.Element(_w("bookmarkStart"))
        start.set(_w("id"), str(self.bookmark_id))
        start.set(_w("name"), name)
        end = etree.Element(_w("bookmarkEnd"))
        end.set(_w("id"), str(self.bookmark_id))
        ppr = paragraph.find(_w("pPr"))
        paragraph.insert(0 if ppr is None else paragraph.index(ppr) + 1, start)
        paragraph.append(end)

    def _flush(self) -> None:
        if not self.pending:
            return
        stem = self.folder / f"bagian-{len(self.parts) + 1:03d}"
        part = BodyPart(stem.with_suffix(".xml"), stem.with_suffix(".docx"), self.pending_start)
        with part.xml.open("wb") as fh:
            fh.writelines(self.pending)
        self.parts.append(part)
        self.pending, self.pending_size, self.pending_start = [], 0, None


def _field_instructions(element: Any) -> list[str]:
    """The instruction of every field in ``element``: simple fields, and complex ones whose
    instruction may come in several runs between their begin and separate marks."""
    found: list[str] = []
    open_fields: list[list[str]] = []
    for node in element.iter(_w("fldSimple"), _w("fldChar"), _w("instrText")):
        if node.tag == _w("fldSimple"):
            found.append(str(node.get(_w("instr"), "")).strip())
        elif node.tag == _w("instrText"):
            if open_fields:
                open_fields[-1].append(str(node.text or ""))
        elif node.get(_w("fldCharType")) == "begin":
            open_fields.append([])
        elif node.get(_w("fldCharType")) in ("separate", "end") and open_fields:
            pieces = open_fields.pop() if node.get(_w("fldCharType")) == "end" else open_fields[-1]
            if pieces:
                found.append("".join(pieces).strip())
                pieces.clear()
    # a field that goes on into the next element (Word's own TOC spans its entries)
    found += ["".join(pieces).strip() for pieces in open_fields if pieces]
    return found


def _head(fh: IO[bytes]) -> bytes:
    data = b""
    while b"<w:body>" not in data:
        block = fh.read(1 << 16)
        if not block:
            raise NotSplittable("no <w:body>")
        data += block
    return data[: data.index(b"<w:body>") + len(b"<w:body>")]


# -- writing a part's package ------------------------------------------------------------------


def _write_part(
    source: Path,
    target: Path,
    head: bytes,
    elements: list[bytes],
    sectpr: bytes,
    nsmap: dict[str | None, str],
) -> None:
    """A copy of ``source`` whose body is ``elements`` then ``sectpr`` (the body's section
    properties), without the images no element shows."""
    body = b"".join(elements)
    document = head + body + sectpr + b"</w:body></w:document>"
    prefix = next((p for p, uri in nsmap.items() if uri == R and p is not None), "r")
    used = set(re.findall(rb"\b" + prefix.encode() + rb':(?:embed|id|link|pict)="([^"]+)"', body))
    with zipfile.ZipFile(source) as package:
        rels = package.read(RELS)
        rels, dropped = _prune_images(rels, used)
        # stored, not deflated: a part lives for one conversion, and its images are PNG
        with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as out:
            for info in package.infolist():
                if info.filename in dropped:
                    continue
                data = {DOCUMENT: document, RELS: rels}.get(info.filename)
                out.writestr(
                    zipfile.ZipInfo(info.filename, info.date_time),
                    data if data is not None else package.read(info.filename),
                )


def _prune_images(rels: bytes, used: set[bytes]) -> tuple[bytes, set[str]]:
    root = etree.fromstring(rels, _PARSER)
    dropped: set[str] = set()
    for rel in list(root):
        if rel.get("Type") == IMAGE_REL and rel.get("Id", "").encode() not in used:
            if rel.get("TargetMode") != "External":
                dropped.add(_package_name(rel))
            root.remove(rel)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), dropped


def _sectpr_starting(plan: Plan, first_page: int) -> bytes:
    sectpr = deepcopy(plan.body_sectpr)
    sectpr.find(_w("pgNumType")).set(_w("start"), str(first_page))
    return _Serialiser(plan.nsmap)(sectpr)


def write_body_part(plan: Plan, part: BodyPart) -> None:
    """Write ``part``'s docx: its body elements, then the body's section properties with the
    part's first page number."""
    elements = [part.xml.read_bytes()]
    sectpr = _sectpr_starting(plan, part.first_page)
    _write_part(plan.source, part.docx, plan.head, elements, sectpr, plan.nsmap)
    part.xml.unlink()


def _skeleton(plan: Plan) -> list[bytes]:
    """The index entries, each on its page: empty paragraphs with a page break before fill the
    pages between; an entry never keeps with the next paragraph, so nothing moves it."""
    root_open = plan.head[plan.head.index(b"<w:document") : plan.head.index(b"<w:body>")]
    serialise = _Serialiser(plan.nsmap)
    out: list[bytes] = []
    page = plan.first_page
    for entry in plan.entries:
        gap = entry.page - page
        if gap < 0:
            raise NotSplittable(f"index entry {entry.name} before the previous one")
        out += [b"<w:p><w:pPr><w:pageBreakBefore/></w:pPr></w:p>"] * max(gap - 1, 0)
        wrapper = etree.fromstring(root_open + entry.xml + b"</w:document>", _PARSER)
        paragraph = wrapper[0]
        ppr = paragraph.find(_w("pPr"))
        if ppr is None:
            ppr = etree.Element(_w("pPr"))
            paragraph.insert(0, ppr)
        for tag in ("keepNext", "pageBreakBefore"):
            for old in ppr.findall(_w(tag)):
                ppr.remove(old)
        style = ppr.find(_w("pStyle"))
        at = 0 if style is None else ppr.index(style) + 1
        for tag, on in (("keepNext", False), ("pageBreakBefore", gap > 0)):
            element = etree.Element(_w(tag))
            element.set(_w("val"), "1" if on else "0")
            ppr.insert(at, element)
            at += 1
        out.append(serialise(paragraph))
        page = entry.page
    return out


# -- the PDF side ------------------------------------------------------------------------------


def _destinations(pdf: Any, prefix: str) -> dict[str, tuple[int, Any]]:
    """Named destinations whose name starts with ``prefix``: name -> (page index, dest array)."""
    import pikepdf

    index = {page.objgen: n for n, page in enumerate(pdf.pages)}
    found: dict[str, tuple[int, Any]] = {}

    def add(name: str, value: Any) -> None:
        if not name.startswith(prefix):
            return
        array = value.get("/D") if isinstance(value, pikepdf.Dictionary) else value
        if isinstance(array, pikepdf.Array) and len(array) and array[0].objgen in index:
            found[name] = (index[array[0].objgen], array)

    dests = pdf.Root.get("/Dests")
    if isinstance(dests, pikepdf.Dictionary):
        for key, value in dests.items():
            add(str(key)[1:], value)
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/Dests" in names:
        for key, value in pikepdf.NameTree(names.Dests).items():
            add(str(key), value)
    return found


def _read_body_part(part: BodyPart) -> dict[str, tuple[int, float]]:
    """Pages of a converted body part, and where its entries are (page index, height)."""
    from generator.base.pdfconcat import open_part

    assert part.pdf is not None
    # not pikepdf.open: it pushes the page tree's attributes down to the pages, and qpdf first
    # resolves every object of the tagged part to do so (57 MiB for a part of 93 pages, held
    # by this process's heap afterwards: the LKj of 2,000 indicators peaked at 312 MiB)
    with open_part(part.pdf) as pdf:
        part.pages = len(pdf.pages)
        if part.start_name is not None:
            first = _destinations(pdf, part.start_name).get(part.start_name)
            if first is None or first[0] != 0:
                raise NotSplittable(f"{part.docx.name} does not begin on its first page")
        return {
            name: (n, _top(array)) for name, (n, array) in _destinations(pdf, ENTRY_PREFIX).items()
        }


def _top(array: Any) -> float:
    with contextlib.suppress(IndexError, TypeError, ValueError):
        return float(array[3])
    return 0.0


@dataclass(frozen=True)
class JoinSpec:
    """What joining a document converted in parts needs, as JSON for the process that does it:
    the front part's PDF, the body parts' PDFs with their first page numbers, every index
    entry's bookmark and page number, the body's first page number, and the target."""

    front: str
    target: str
    first_page: int
    entries: list[tuple[str, int]]
    parts: list[tuple[str, int]]

    @classmethod
    def of(cls, plan: Plan, front_pdf: Path, target: Path) -> JoinSpec:
        return cls(
            front=str(front_pdf),
            target=str(target),
            first_page=plan.first_page,
            entries=[(e.name, e.page) for e in plan.entries],
            parts=[(str(p.pdf), p.first_page) for p in plan.parts if p.pdf is not None],
        )

    def dumps(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def loads(cls, text: str) -> JoinSpec:
        data = json.loads(text)
        data["entries"] = [(str(n), int(p)) for n, p in data["entries"]]
        data["parts"] = [(str(f), int(p)) for f, p in data["parts"]]
        return cls(**data)


# A join of the LKj of 2,000 indicators (2,800 pages) takes about 2 s; far more is a hang.
JOIN_TIMEOUT_S = 600.0
JOIN_NOT_SPLITTABLE = 3  # the join process's exit status when the parts do not fit together


def _join_apart(spec: JoinSpec, folder: Path) -> None:
    """``join(spec)`` in a process of its own: qpdf holds every page's objects while it joins
    (about 170 MiB for 2,800 pages), which would otherwise stay in this process's heap, the
    web server's included. ``NotSplittable`` when the parts do not fit together, ``OSError``
    when the join fails."""
    from generator.base.bounded import ChildFailed, TimeLimitExceeded, run_module

    request = folder / "gabung.json"
    request.write_text(spec.dumps(), encoding="utf-8")
    try:
        run_module("generator.convert.join_process", [str(request)], timeout=JOIN_TIMEOUT_S)
    except ChildFailed as exc:
        if exc.status == JOIN_NOT_SPLITTABLE:
            raise NotSplittable(str(exc)) from exc
        raise OSError(str(exc)) from exc
    except TimeLimitExceeded as exc:
        raise OSError(f"penggabungan {exc}") from exc


# What the joined PDF takes from the front part's catalog: how it opens, and its outline. Not
# its tagged structure, nor its named destinations.
_CATALOG_KEPT = (
    "/Lang",
    "/ViewerPreferences",
    "/PageMode",
    "/PageLayout",
    "/OpenAction",
    "/Outlines",
)
# What it takes from the first body part's catalog, with that part's document information: its
# PDF/A identification (XMP metadata and output intent). The front part is a plain PDF.
_IDENTIFICATION = ("/Metadata", "/OutputIntents")
# Annotation flags (ISO 32000-1, 12.5.3): PDF/A wants every annotation printed and shown
# (ISO 19005-2, 6.3.2). LibreOffice writes /F 4 on the links of a PDF/A, none on a plain PDF's.
_PRINT = 4
_NOT_SHOWN = 1 | 2 | 32 | 256  # Invisible, Hidden, NoView, ToggleNoView


def join(spec: JoinSpec) -> None:
    """Front pages of the front part, then every body part's pages, into a new PDF; the index
    links and the outline pointed from the skeleton pages to the real entries.

    The pages go into a new PDF, not into the front part's: qpdf resolves every object of a
    file it adds pages to (the front part's tagged structure and 2,700 skeleton pages, 120 MiB
    at 2,000 indicators), and only what it copies of a file it copies from."""
    import pikepdf

    from generator.base.heap import keep_large_blocks_mapped, release_freed_memory
    from generator.base.pdfconcat import open_part, push_inherited

    if not spec.parts:
        raise NotSplittable("no body part")
    keep_large_blocks_mapped()
    last = max((page for _, page in spec.entries), default=spec.first_page)
    skeleton_pages = last - spec.first_page + 1
    with open_part(Path(spec.front)) as front:
        page_ids = [page.objgen for page in front.pages]
        front_count = len(page_ids) - skeleton_pages
        placed = _destinations(front, ENTRY_PREFIX)
        for name, page in spec.entries:
            spot = placed.get(name)
            if spot is None or spot[0] != front_count + page - spec.first_page:
                raise NotSplittable(f"index entry {name} off its page in the front part")
        # skeleton page -> [(height of the entry there, its bookmark)], to find which entry a
        # link or an outline item meant
        by_page: dict[Any, list[tuple[float, str]]] = {}
        for name, _ in spec.entries:
            index, array = placed[name]
            by_page.setdefault(page_ids[index], []).append((_top(array), name))

        def entry_named(dest: Any) -> Any:
            """A destination on a skeleton page, as the name of the entry it meant."""
            if not isinstance(dest, pikepdf.Array) or not len(dest):
                return None
            candidates = by_page.get(dest[0].objgen)
            if not candidates:
                return None
            height = _top(dest)
            return pikepdf.String(min(candidates, key=lambda c: abs(c[0] - height))[1])

        # named first, so that copying the front pages and the outline copies no skeleton page
        _retarget_links(front, front_count, entry_named)
        _printable_links(front, front_count)
        _retarget_outline(front, entry_named)
        targets: dict[str, tuple[int, float]] = {}
        parts = [open_part(Path(pdf)) for pdf, _ in spec.parts]
        try:
            for (_, first_page), pdf in zip(spec.parts, parts, strict=True):
                offset = front_count + first_page - spec.first_page
                for name, (n, array) in _destinations(pdf, ENTRY_PREFIX).items():
                    targets[name] = (offset + n, _top(array))
            joined = pikepdf.new()
            push_inherited(front)
            with warnings.catch_warnings():
                # what it warns of (named destinations are not copied) is put back below as
                # links to pages
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                joined.pages.extend(list(front.pages)[:front_count])
                for pdf in parts:
                    push_inherited(pdf)
                    joined.pages.extend(pdf.pages)
            identified = parts[0]
            for source, keys in ((front, _CATALOG_KEPT), (identified, _IDENTIFICATION)):
                for key in keys:
                    if key in source.Root:
                        joined.Root[key] = _copied(joined, source.Root[key])
            if identified.trailer.get("/Info") is not None:
                joined.trailer.Info = _copied(joined, identified.trailer.Info)
            pages = [page.obj for page in joined.pages]

            def entry_page(dest: Any) -> Any:
                if not isinstance(dest, pikepdf.String) or str(dest) not in targets:
                    return None
                page, top = targets[str(dest)]
                return pikepdf.Array([pages[page], pikepdf.Name.XYZ, None, top, None])

            _retarget_links(joined, front_count, entry_page)
            _retarget_outline(joined, entry_page)
            _drop_structure(joined)
            joined.save(
                spec.target,
                compress_streams=False,
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                min_version=max(front.pdf_version, identified.pdf_version),
            )
        finally:
            for pdf in parts:
                pdf.close()
    release_freed_memory()


def _copied(into: Any, value: Any) -> Any:
    """``value`` (of another PDF) copied into ``into``; a page it refers to is the page copied
    before. A direct dictionary or array is rebuilt here: making it indirect in its own file
    would have qpdf resolve every object of that file first."""
    import pikepdf

    if isinstance(value, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream) and (
        value.is_indirect
    ):
        return into.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copied(into, item) for item in value])
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copied(into, item) for key, item in value.items()})
    return value  # a name, a string, a number


def _retarget_links(pdf: Any, front_count: int, retarget: Callable[[Any], Any]) -> None:
    for page in list(pdf.pages)[:front_count]:
        for annot in page.obj.get("/Annots", []):
            _retarget_action(annot, retarget)


def _printable_links(pdf: Any, front_count: int) -> None:
    """Flag the front pages' links as PDF/A wants them. Any other annotation would need more
    than a flag (an appearance of its own): the parts then do not fit together."""
    import pikepdf

    for page in list(pdf.pages)[:front_count]:
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != pikepdf.Name.Link:
                raise NotSplittable(f"{annot.get('/Subtype')} annotation in the front part")
            annot.F = (int(annot.get("/F", 0)) & ~_NOT_SHOWN) | _PRINT


def _retarget_action(holder: Any, retarget: Callable[[Any], Any]) -> None:
    import pikepdf

    if "/Dest" in holder:
        new = retarget(holder.Dest)
        if new is not None:
            holder.Dest = new
    action = holder.get("/A")
    if isinstance(action, pikepdf.Dictionary) and action.get("/S") == pikepdf.Name.GoTo:
        new = retarget(action.get("/D"))
        if new is not None:
            action.D = new


def _retarget_outline(pdf: Any, retarget: Callable[[Any], Any]) -> None:
    import pikepdf

    outlines = pdf.Root.get("/Outlines")
    if not isinstance(outlines, pikepdf.Dictionary):
        return
    stack = [outlines.get("/First")]
    seen: set[tuple[int, int]] = set()
    while stack:
        item = stack.pop()
        while isinstance(item, pikepdf.Dictionary) and item.objgen not in seen:
            seen.add(item.objgen)
            _retarget_action(item, retarget)
            stack.append(item.get("/First"))
            item = item.get("/Next")


def _drop_structure(pdf: Any) -> None:
    """The parts' tagged structures cannot be joined: the merged document is untagged."""
    for key in ("/StructTreeRoot", "/MarkInfo", "/Dests"):
        if key in pdf.Root:
            del pdf.Root[key]
    names = pdf.Root.get("/Names")
    if names is not None and "/Dests" in names:
        del names["/Dests"]
    for page in pdf.pages:
        if "/StructParents" in page.obj:
            del page.obj["/StructParents"]
        for annot in page.obj.get("/Annots", []):
            if "/StructParent" in annot:
                del annot["/StructParent"]


# -- the whole ---------------------------------------------------------------------------------


def plan_parts(source: Path, folder: Path, part_bytes: int = PART_BYTES) -> Plan:
    """Cut ``source`` into body parts written in ``folder``; ``NotSplittable`` if it cannot be."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return _Splitter(source, folder, part_bytes).run()
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise NotSplittable(str(exc)) from exc
    except Exception as exc:
        if isinstance(exc, etree.LxmlError):
            raise NotSplittable(str(exc)) from exc
        raise


def convert_in_parts(
    job: ConversionJob, submit: Submit, part_bytes: int = PART_BYTES
) -> ConversionResult:
    """Convert ``job`` part by part through ``submit`` (one office at a time), or whole when
    its document cannot be cut; the result is the job's, as if it had been converted whole."""
    import time

    import pikepdf

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kinerja-bagian-") as tmp:
        folder = Path(tmp)
        try:
            plan = plan_parts(job.source, folder, part_bytes)
            failed = _convert_plan(plan, job, submit)
        except NotSplittable:
            return submit(job).result()
        except (OSError, pikepdf.PdfError) as exc:  # a full disk, a part the office botched
            failed = ConversionResult(job, False, f"bagian dokumen tidak dapat digabung: {exc}", 0)
    if failed is not None:
        problem: str | None = failed.error or "bagian dokumen gagal dikonversi"
    else:
        problem = check_output(job.target, job.pdfa)
    return ConversionResult(job, problem is None, problem, time.perf_counter() - started)


def _convert_plan(plan: Plan, job: ConversionJob, submit: Submit) -> ConversionResult | None:
    """Convert the parts in order; a failed part's result, else None with ``job.target`` made."""
    page = plan.first_page
    entries = {e.name: e for e in plan.entries}
    for part in plan.parts:
        part.first_page = page
        write_body_part(plan, part)
        part.pdf = part.docx.with_suffix(".pdf")
        result = submit(ConversionJob(part.docx, part.pdf, job.pdfa)).result()
        if not result.ok:
            return result
        for name, (index, _height) in _read_body_part(part).items():
            if name in entries:  # not a bookmark of the document's own that looks like one
                entries[name].page = page + index
        page += part.pages
        part.docx.unlink()
    front_docx = plan.folder / "depan.docx"
    skeleton = _skeleton(plan)
    _write_part(
        plan.source,
        front_docx,
        plan.head,
        [*plan.front, *skeleton],
        _sectpr_starting(plan, plan.first_page),
        plan.nsmap,
    )
    front_pdf = plan.folder / "depan.pdf"
    # untagged: the join keeps none of the front part's tags, and LibreOffice held them for
    # every skeleton page (PLAIN_PDF)
    result = submit(ConversionJob(front_docx, front_pdf, PLAIN_PDF)).result()
    if not result.ok:
        return result
    assembled = plan.folder / "gabungan.pdf"
    _join_apart(JoinSpec.of(plan, front_pdf, assembled), plan.folder)
    job.target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(assembled, job.target)
    return None
