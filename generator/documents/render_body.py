"""A Word template rendered with its body as a stream (issue 14: memory stays flat).

docxtpl renders the body into one string, cleans it with a few whole-string substitutions,
parses it into one lxml tree and serialises that tree again: for the LKj of 2,000 indicators
(34 MB of XML, 1.5 million elements) that is several copies of the text and a tree of about
380 MiB at once. Here the same steps run on a stream: Jinja's output is cleaned in pieces cut
where none of docxtpl's substitutions can match across the cut, parsed incrementally, and every
top-level element of the body (a paragraph or a whole table) is fixed, serialised to a
temporary file and dropped as soon as it is complete. The XML written is the XML of docxtpl's
``render`` followed by the same fixes on the whole tree (tests/unit/documents/
test_render_body.py compares the two byte for byte).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, cast

from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.parser import element_class_lookup, oxml_parser
from docxtpl import DocxTemplate
from lxml import etree  # type: ignore[import-untyped]

from generator.documents.sandbox import BudgetedEnvironment

CHUNK_CHARS = 1 << 20  # characters of rendered XML cleaned at a time
_MARK = b"<!--kinerja:isi-->"  # stands for the body's children while the package is saved
_END = b"</w:body>"
_BODY_TAG = qn("w:body")

# docxtpl (template.py, render_xml_part) puts a newline before every paragraph so that Jinja
# reports useful line numbers and takes it out again after rendering; then it undoes its
# escapes of literal braces and expands tabs and breaks in the text of every paragraph
# (resolve_listing, with the pattern _PARAGRAPH).
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_PARAGRAPH_BREAK = re.compile(r"\n<w:p([ >])")
_ESCAPES = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_LISTING = re.compile(r"[\t\a\n\f]")  # what resolve_listing turns into tabs, breaks, paragraphs


class TemplateFailure(Exception):
    """What Jinja or the parser of its output raised (``error``), told apart from a failure of
    kinerja's own fixes, which is a bug and must not be reported as the template's fault."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


@contextlib.contextmanager
def template_zone() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        raise TemplateFailure(exc) from exc


def _guarded(pieces: Iterator[str]) -> Iterator[str]:
    while True:
        with template_zone():
            piece = next(pieces, None)
        if piece is None:
            return
        yield piece


def _cleaned(pieces: Iterable[str]) -> Iterator[str]:
    """docxtpl's clean-up of the rendered text (the newline before <w:p> removed, brace escapes
    undone), applied to pieces of about ``CHUNK_CHARS``.

    A piece is cut just before a "<" that does not follow a newline: a match of the clean-up
    that reached over such a cut would contain that "<" at a place where none of them has
    one, so none does; and replacing never makes or removes a "<".
    """
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size < CHUNK_CHARS:
            continue
        text = "".join(buffer)
        cut = text.rfind("<")
        while cut > 0 and text[cut - 1] == "\n":
            cut = text.rfind("<", 0, cut - 1)
        if cut > 0:
            yield _clean(text[:cut])
            text = text[cut:]
        buffer, size = [text], len(text)
    yield _clean("".join(buffer))


def _clean(text: str) -> str:
    text = _PARAGRAPH_BREAK.sub(r"<w:p\1", text)
    for escaped, literal in _ESCAPES:
        text = text.replace(escaped, literal)
    return text


def _listings_resolved(tpl: DocxTemplate, pieces: Iterable[str]) -> Iterator[str]:
    """``tpl.resolve_listing`` over the stream, a run of whole matches at a time.

    A match runs from "<w:p ...>" to the first "</w:p>" after it and nothing later changes it,
    so a match found in the text received so far is a match in the whole text, and the scan
    of the whole text goes on exactly where the last match found so far ends. A match is
    handed to ``resolve_listing`` only if it holds a character that changes (most hold none:
    its nested substitutions on every paragraph took 1 s of processor time at 2,000
    indicators, 0.03 s this way).
    """
    carry = ""
    for piece in pieces:
        text = carry + piece
        out: list[str] = []
        end = 0
        for match in _PARAGRAPH.finditer(text):
            out.append(text[end : match.start()])
            paragraph = match.group()
            out.append(tpl.resolve_listing(paragraph) if _LISTING.search(paragraph) else paragraph)
            end = match.end()
        if end:
            yield "".join(out)
        carry = text[end:]
    if carry:
        yield tpl.resolve_listing(carry)


@dataclass(frozen=True)
class BodyFixes:
    """What happens to each top-level element of the rendered body: ``needed`` says whether
    an element needs fixing; ``fix`` gets the XML of a <w:body> holding only that element and
    returns the fixed <w:body> element."""

    needed: Callable[[Any], bool]
    fix: Callable[[bytes], Any]


class _BodyWriter:
    """Serialises the finished top-level elements of the parsed body, fixed where needed.

    The old render moved the whole body into python-docx's document, and lxml's move strips
    every namespace declaration that an ancestor already makes (InlineImage declares wp, a
    and pic on each image). Moving costs a walk over every node that grows faster than the
    element (seconds for the LKj's big tables), so an element is serialised where it stands
    instead: lxml writes every declaration of the body onto it, and they are cut off again.
    Only an element that declares namespaces of its own is moved, as before.
    """

    def __init__(self, start_tag: str, sink: IO[bytes], fixes: BodyFixes) -> None:
        self.start = start_tag.encode()
        self.declarations = self.start[len(b"<w:body") : -1]
        self.sink = sink
        self.fixes = fixes

    def write_first(self, body: Any) -> None:
        """Write ``body``'s first element and take it out of the tree (before it is fixed:
        one copy of a big table at a time)."""
        data = etree.tostring(body[0], encoding="UTF-8")
        needed = self.fixes.needed(body[0])
        own = self._standing(data)
        if own is None:
            holder = etree.fromstring(self.start + _END, _PLAIN)
            holder.append(body[0])  # lxml's move, declarations stripped as before
            xml = etree.tostring(holder, encoding="UTF-8")
        else:
            del body[0]  # no proxy of its nodes is left: libxml2 frees them at once
            xml = self.start + own + _END
        del data, own
        if needed:
            xml = etree.tostring(self.fixes.fix(xml), encoding="UTF-8")
        self.sink.write(xml[xml.index(b">") + 1 : -len(_END)])

    def _standing(self, data: bytes) -> bytes | None:
        """The element's XML without the body's declarations, unless it declares any of its
        own (then None)."""
        name_end = data.find(b" ")
        if not 0 < name_end < data.find(b">"):
            return None
        if not data.startswith(self.declarations, name_end):
            return None
        own = data[:name_end] + data[name_end + len(self.declarations) :]
        return None if b" xmlns" in own else own


def render_body(
    tpl: DocxTemplate,
    context: dict[str, Any],
    env: BudgetedEnvironment,
    sink: IO[bytes],
    fixes: BodyFixes,
) -> str:
    """Render the template's body into ``sink`` (the children of <w:body>, UTF-8 XML), each
    top-level element passed through ``fixes`` where needed. Returns the body's start tag, for
    ``save_with_body``. Jinja's and the parser's errors come as ``TemplateFailure``."""
    tpl.render_init()
    env.autoescape = True
    source: str = tpl.patch_xml(tpl.get_xml())
    start_tag = source[: source.index(">") + 1]
    source = _PARAGRAPH_START.sub(r"\n<w:p\1", source)
    tpl.current_rendering_part = tpl.docx._part
    with template_zone():
        template = env.from_string(source)
    rendered = _guarded(env.budgeted(template.generate(context)))
    pieces = _listings_resolved(tpl, _cleaned(rendered))
    writer = _BodyWriter(start_tag, sink, fixes)
    # plain lxml elements and recover=True, as docxtpl's own parse (fix_tables) makes them;
    # the one event: the body's start
    parser = etree.XMLPullParser(events=("start",), tag=_BODY_TAG, recover=True)
    body: Any = None
    for piece in pieces:
        with template_zone():
            parser.feed(piece.encode("utf-8"))
        body = _drain(parser, writer, body, keep=1)
    with template_zone():
        closed = parser.close()
    _drain(parser, writer, body if body is not None else closed, keep=0)
    return start_tag


def _drain(parser: Any, writer: _BodyWriter, body: Any, keep: int) -> Any:
    """Write the body's top-level elements but the last ``keep``: an element followed by
    another one is complete, and so is the text after it (its tail)."""
    for _, element in parser.read_events():
        body = element
    while body is not None and len(body) > keep:
        writer.write_first(body)
    return body


def reparse(body: Any, *, oxml: bool) -> Any:
    """``body`` parsed again, into python-docx's element classes (a ``Section`` needs them) or
    into plain lxml elements (docxtpl's fixes need those: python-docx's ``xpath`` takes no
    namespaces)."""
    return etree.fromstring(etree.tostring(body), _OXML if oxml else _PLAIN)


_PLAIN = etree.XMLParser(recover=True)
_OXML = etree.XMLParser(recover=True)
_OXML.set_element_class_lookup(element_class_lookup)


def render_parts(tpl: DocxTemplate, context: dict[str, Any], env: BudgetedEnvironment) -> None:
    """The rest of docxtpl's ``render`` after the body: headers, footers, core properties,
    footnotes (call it while the template's body, with its sections, is still in place)."""
    with template_zone():
        for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
            for key, xml in tpl.build_headers_footers_xml(context, uri, env):
                tpl.map_headers_footers_xml(key, xml)
        tpl.render_properties(context, env)
        tpl.render_footnotes(context, env)
    tpl.is_rendered = True


def save_with_body(tpl: DocxTemplate, start_tag: str, body: IO[bytes], out: IO[bytes]) -> None:
    """Save the rendered package into ``out`` with ``body`` (``render_body``'s output) as the
    children of <w:body>.

    python-docx serialises the document around a placeholder body; the document part is then
    replaced by a plain part holding those bytes with the body in place of the placeholder
    (as docxtpl replaces a rendered header), so that the package is zipped once.
    """
    tpl.map_tree(etree.fromstring(start_tag.encode() + _MARK + _END, oxml_parser))
    old = tpl.docx.part
    head, tail = old.blob.split(_MARK, 1)
    size = body.seek(0, io.SEEK_END)
    blob = bytearray(len(head) + size + len(tail))  # one copy of the document's XML
    blob[: len(head)] = head
    at = len(head)
    body.seek(0)
    while chunk := body.read(1 << 20):
        blob[at : at + len(chunk)] = chunk
        at += len(chunk)
    blob[at:] = tail
    # python-docx only zips the blob: a bytearray is as good as bytes, without a second copy
    new = Part(old.partname, old.content_type, cast(bytes, blob), old.package)
    for rel in old.rels.values():
        new.load_rel(rel.reltype, rel._target, rel.rId, rel.is_external)
    for rel in old.package.rels.values():
        if not rel.is_external and rel._target is old:
            rel._target = new
    tpl.save(out)
