"""Rendering Word templates (docxtpl): the engine every Word document goes through.

A template edited by a user is code: it renders in a Jinja sandbox with
StrictUndefined and autoescape, user text is cleaned of control characters
first, and every failure becomes a ``TemplateError`` naming the template and
the tag, in Indonesian.
"""

from __future__ import annotations

import copy
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree  # type: ignore[import-untyped]

from generator.base.fsutil import atomic_write_bytes
from generator.documents.docx_package import open_document
from generator.documents.render_body import (
    BodyFixes,
    TemplateFailure,
    render_body,
    render_parts,
    reparse,
    save_with_body,
)
from generator.documents.sandbox import (
    BudgetedEnvironment,
    BudgetExceeded,
    context_values,
    failing_tag,
    runtime_reason,
)
from generator.documents.tabel import (
    continue_long_tables,
    fit_loop_tables,
    style_sizes,
    widen_for_words,
)
from generator.errors import NextStep, TemplateError, literal
from generator.workspace.folder import TEMPLATE_DIR

TEMPLATES_ENV = "KINERJA_TEMPLATES"
SHIPPED_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

# Paper of the org config, in mm (F4 is the 215 x 330 "folio" Indonesian offices print on).
PAPER_MM: dict[str, tuple[float, float]] = {"A4": (210, 297), "F4": (215, 330)}
# Margins commonly used for naskah dinas: top, bottom, left, right (mm).
MARGINS_MM = (20, 20, 30, 20)
FOOTER_DISTANCE_MM = 8

# Control characters have no place in a document: docxtpl turns \a and \f into a new paragraph
# and a page break and XML forbids most of the others. Keep \t and \n, drop the rest.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_XML_TAG = re.compile(r"<[^>]+>")
_UNDEFINED = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")
_ELEMENT = re.compile(r"has no element (\d+)")


@dataclass(frozen=True)
class ImageSpec:
    """An image to place in a template; ``render_docx`` turns it into an InlineImage."""

    path: Path
    width_mm: float | None = None
    height_mm: float | None = None


@dataclass(frozen=True)
class ImageStack:
    """Images shown one under the other where one tag stands: a figure split into page-sized
    parts (``charts.grafik_tren_halaman``). Each part becomes a paragraph of its own with the
    tag's paragraph format, so the office can turn the page between two parts and the last
    part keeps with the caption that follows it."""

    parts: tuple[ImageSpec, ...]


# Between two images of a stack: a run with a break no other content writes (w:clear="none"
# is valid and means a plain break), where ``split_image_stacks`` cuts the paragraph.
_STACK_BREAK = '<w:br w:clear="none"/>'


class _InlineImages:
    """The XML of several inline images for one tag (docxtpl inserts what ``__html__`` gives)."""

    # InlineImage's XML ends inside an open run of text: close it around the break's run.
    BREAK = f'</w:t></w:r><w:r>{_STACK_BREAK}</w:r><w:r><w:t xml:space="preserve">'

    def __init__(self, images: list[InlineImage]) -> None:
        self.images = images

    def __html__(self) -> str:
        return self.BREAK.join(image._insert_image() for image in self.images)

    __str__ = __html__


# Two images taller together than the tallest page kinerja prints (F4, 330 mm) never share a
# page, whatever the margins: the second starts a page anyway. Saying so with a page break
# changes nothing on paper and lets a long LKj be converted in parts between them
# (convert/parts.py cuts only at hard page breaks), which bounds the office's memory: one
# part holding the 45 page-sized images of a 750-sasaran chart took 215 MiB more than a part
# of text.
NEVER_SHARE_PAGE_EMU = int(max(h for _, h in PAPER_MM.values()) * 36_000)
_EXTENT = f".//{qn('wp:extent')}"


def _image_height(paragraph: Any, *, last: bool) -> int:
    """The height of the first (or the last) image in ``paragraph``, in EMU."""
    extents = paragraph.findall(_EXTENT)
    return int(extents[-1 if last else 0].get("cy", "0")) if extents else 0


def split_image_stacks(body: Any) -> None:
    """Cut the paragraph of an ``ImageStack`` into one paragraph per image, each with the
    paragraph's format; only the last keeps with the next paragraph (the caption). An image
    that cannot share a page with the one before it gets a page break before it."""
    marks = [br for br in body.iter(qn("w:br")) if br.get(qn("w:clear")) == "none"]
    for br in reversed(marks):  # from the end: each cut leaves the earlier marks in place
        run = br.getparent()
        paragraph = run.getparent() if run is not None else None
        if paragraph is None or paragraph.tag != qn("w:p") or len(run) != 1:
            continue
        tail = paragraph.makeelement(qn("w:p"), {})
        ppr = paragraph.find(qn("w:pPr"))
        if ppr is not None:
            tail.append(copy.deepcopy(ppr))
            keep = ppr.find(qn("w:keepNext"))
            if keep is not None:
                ppr.remove(keep)
        after = list(run.itersiblings())
        paragraph.remove(run)
        tail.extend(after)
        paragraph.addnext(tail)
        if _image_height(paragraph, last=True) + _image_height(tail, last=False) > (
            NEVER_SHARE_PAGE_EMU
        ):
            _break_before(tail)


def _break_before(paragraph: Any) -> None:
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = paragraph.makeelement(qn("w:pPr"), {})
        paragraph.insert(0, ppr)
    if ppr.find(qn("w:pageBreakBefore")) is None:
        # after pStyle, keepNext and keepLines, as the schema orders them
        ahead = [qn("w:pStyle"), qn("w:keepNext"), qn("w:keepLines")]
        place = sum(1 for child in ppr if child.tag in ahead)
        ppr.insert(place, ppr.makeelement(qn("w:pageBreakBefore"), {}))


# -- templates ---------------------------------------------------------------------------------


def templates_dir() -> Path:
    """The office's template folder: $KINERJA_TEMPLATES, else the templates shipped with kinerja.
    A workspace copies them at init and renders with its copy (see ``template_path``)."""
    override = os.environ.get(TEMPLATES_ENV, "").strip()
    if override:
        return Path(override)
    return SHIPPED_TEMPLATES


def template_path(name: str, workspace_root: Path | None = None) -> Path:
    """The template ``name`` a document is rendered with: the workspace's own copy (a periode
    keeps the templates it was made with), else the office's folder."""
    if workspace_root is not None:
        own = workspace_root / TEMPLATE_DIR / name
        if own.is_file():
            return own
    path = templates_dir() / name
    if not path.is_file():
        raise TemplateError(
            f"Templat {name} tidak ditemukan.",
            file=path,
            hint=f"Salin templat bawaan ke folder itu, atau atur {TEMPLATES_ENV}"
            " ke folder templat.",
        )
    return path


def clean_text(value: str) -> str:
    """User text as it may enter a template: CRLF -> LF, control characters other than \\n, \\t
    dropped (\\a and \\f too: docxtpl would turn them into paragraph and page breaks)."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def clean_context(value: Any) -> Any:
    """``clean_text`` applied to every string inside dicts, lists and tuples."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Mapping):
        return {k: clean_context(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_context(v) for v in value]
    return value


def make_env(context: Mapping[str, Any] | None = None) -> BudgetedEnvironment:
    """The Jinja environment of every template: sandboxed, strict, autoescaping, on a budget
    of time and size (``generator.documents.sandbox``) that grows with the ``context``."""
    return BudgetedEnvironment(values=context_values(dict(context or {})))


def load_template(template: Path) -> DocxTemplate:
    if not template.is_file():
        raise TemplateError(f"Templat {template.name} tidak ditemukan.", file=template)
    if not zipfile.is_zipfile(template):
        raise TemplateError(
            f"Templat {template.name} bukan dokumen Word (.docx) yang utuh.",
            file=template,
            hint="Simpan ulang templat dari Word sebagai Dokumen Word (.docx).",
        )
    try:
        tpl = DocxTemplate(template)
        tpl.docx = open_document(template)
    except Exception as exc:  # python-docx raises assorted errors on a damaged package
        raise TemplateError(
            f"Templat {template.name} tidak dapat dibuka: {exc}.",
            file=template,
            hint="Simpan ulang templat dari Word sebagai Dokumen Word (.docx).",
        ) from exc
    return tpl


def template_tags(tpl: DocxTemplate) -> list[str]:
    """The Jinja tags of a template as Jinja sees them (body, headers, footers), in order."""
    return [m.group(0) for m in _TAG.finditer(template_text(tpl))]


def _tag_with(tpl: DocxTemplate, name: str) -> str | None:
    word = re.compile(rf"\b{re.escape(name)}\b")
    return next((t for t in template_tags(tpl) if word.search(t)), None)


def template_text(tpl: DocxTemplate) -> str:
    """The template's text as Jinja sees it (docxtpl's run merging applied, XML removed)."""
    docx = tpl.get_docx()
    parts = [tpl.patch_xml(tpl.xml_to_string(docx._element.body))]
    for rel in docx._part.rels.values():
        if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI) and rel.target_part.blob:
            xml = tpl.xml_to_string(etree.fromstring(rel.target_part.blob))
            parts.append(tpl.patch_xml(xml))
    return _XML_TAG.sub("", "".join(parts))


def _raw_parts(tpl: DocxTemplate) -> list[str]:
    docx = tpl.get_docx()
    parts = [tpl.xml_to_string(docx._element.body)]
    for rel in docx._part.rels.values():
        if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI) and rel.target_part.blob:
            parts.append(tpl.xml_to_string(etree.fromstring(rel.target_part.blob)))
    return parts


def split_tag(tpl: DocxTemplate) -> str | None:
    """A tag whose start and end lie in different paragraphs or table cells, if any.

    docxtpl would silently glue the paragraphs or cells together (or produce a broken file).
    """
    for xml in _raw_parts(tpl):
        for match in _TAG.finditer(xml):
            if "</w:p>" in match.group(0):
                return _XML_TAG.sub(" ", match.group(0)).replace("  ", " ")
    return None


def _unclosed_tag(text: str) -> str | None:
    """The first '{{' or '{%' whose closing comes only after another opening (or never)."""
    for match in re.finditer(r"\{\{|\{%", text):
        close = "}}" if match.group(0) == "{{" else "%}"
        rest = text[match.end() :]
        end = rest.find(close)
        following = min((i for i in (rest.find("{{"), rest.find("{%")) if i >= 0), default=-1)
        if end < 0 or (0 <= following < end):
            return text[match.start() : match.start() + 40].strip()
    return None


def _bad_syntax_tag(tpl: DocxTemplate, env: SandboxedEnvironment) -> str | None:
    unclosed = _unclosed_tag(template_text(tpl))
    if unclosed is not None:
        return unclosed
    for tag in template_tags(tpl):
        if tag.startswith("{{"):
            try:
                env.parse(tag)
            except TemplateSyntaxError:
                return tag
    return None


# Jinja's syntax messages, said in Indonesian (the rest is quoted as a technical detail).
_JINJA_REASONS = [
    (re.compile(r"Expected an expression, got '(end of statement block|end of print statement)'"),
     "isi tag kosong"),
    (re.compile(r"unexpected end of template, expected 'end of print statement'", re.I),
     "tag {{ tidak ditutup dengan }}"),
    (re.compile(r"Unexpected end of template\. Jinja was looking for the following tags: (.*?)\."
                r"(?: The innermost block.*)?$", re.S),
     r"templat berakhir sebelum tag penutup \1"),
    (re.compile(r"Encountered unknown tag '([^']+)'.*", re.S), r"tag '\1' tidak dikenal"),
    (re.compile(r"unexpected '([^']+)'"), r"tanda '\1' di tempat yang salah"),
    (re.compile(r"unexpected char '(.+)' at \d+"), r"karakter \1 tidak boleh di dalam tag"),
    (re.compile(r"unexpected end of template.*", re.I | re.S), "templat berakhir di tengah tag"),
]  # fmt: skip


def jinja_reason(message: str) -> str:
    for pattern, reason in _JINJA_REASONS:
        match = pattern.search(message)
        if match:
            return match.expand(reason).replace("' or '", "' atau '")
    return f"kesalahan penulisan (pesan teknis: {message})"


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_docx(
    template: Path,
    context: Mapping[str, Any],
    out: Path,
    *,
    images: Mapping[str, Path | ImageSpec] | None = None,
    kertas: str | None = None,
    huruf: str | None = None,
    image_ready: Callable[[Path], None] | None = None,
) -> None:
    """Render ``template`` with ``context`` into ``out`` (written atomically).

    Strings are cleaned (``clean_text``); ``ImageSpec`` values anywhere in the
    context and the ``images`` (name -> file) become inline images. ``kertas``
    ("A4"/"F4") and ``huruf`` set the paper and the font of the result.
    ``image_ready(path)`` is called when the render reaches an image, before its file is
    read: figures still being drawn are waited for one by one (``charts.Figures.ready``).
    """
    tpl = load_template(template)
    ctx: dict[str, Any] = dict(context)
    for name, image in (images or {}).items():
        ctx[name] = image if isinstance(image, ImageSpec) else ImageSpec(image)
    ctx = _template_context(tpl, ctx, image_ready)
    env = make_env(ctx)
    name = literal(template.name)
    split = split_tag(tpl)
    if split is not None:
        raise TemplateError(
            f"Templat {name}: tag {_shorten(' '.join(split.split()))} terpotong di antara"
            " paragraf atau sel tabel.",
            file=template,
            hint="Ketik ulang tag itu utuh dalam satu paragraf: {{ ... }} atau {% ... %}.",
        )
    if kertas is not None and kertas not in PAPER_MM:
        raise TemplateError(f"Ukuran kertas '{kertas}' tidak dikenal; pilih A4 atau F4.")
    fixes = _body_fixes(tpl, kertas, huruf)
    with tempfile.TemporaryFile() as body:  # the body's XML, written as it is rendered
        try:
            start_tag = render_body(tpl, ctx, env, body, fixes)
            render_parts(tpl, ctx, env)
        except TemplateFailure as failure:  # Jinja's or its output's fault, not kinerja's
            raise _template_error(tpl, template, env, ctx, failure.error) from failure.error
        if huruf is not None:
            set_font(tpl.docx, huruf)
        buffer = io.BytesIO()
        save_with_body(tpl, start_tag, body, buffer)
    atomic_write_bytes(out, buffer.getvalue())


def _template_error(
    tpl: DocxTemplate,
    template: Path,
    env: SandboxedEnvironment,
    ctx: dict[str, Any],
    exc: Exception,
) -> TemplateError:
    """What went wrong while the template ran, said to the office (in Indonesian)."""
    name = literal(template.name)

    if isinstance(exc, UndefinedError):
        return _undefined_error(tpl, template, exc)
    if isinstance(exc, TemplateSyntaxError):
        tag = _bad_syntax_tag(tpl, env)
        where = f" pada tag {_shorten(tag)}" if tag else ""
        return TemplateError(
            f"Templat {name}: penulisan tag salah{where}: {jinja_reason(exc.message or '')}.",
            file=template,
            hint="Setiap {{ harus ditutup }}, setiap {% if %} ditutup {% endif %},"
            " dan setiap {% for %} ditutup {% endfor %}.",
        )
    if isinstance(exc, SecurityError):
        return TemplateError(
            f"Templat {name}: tag memakai operasi yang tidak diizinkan ({exc}).",
            file=template,
            hint="Templat hanya boleh menampilkan isian, bukan menjalankan perintah.",
        )
    if isinstance(exc, etree.XMLSyntaxError):
        return TemplateError(
            f"Templat {name}: sebuah tag terpotong di antara paragraf atau sel tabel,"
            " sehingga dokumen rusak.",
            file=template,
            hint="Ketik ulang setiap tag {{ ... }} dan {% ... %} utuh dalam satu paragraf.",
        )
    if isinstance(exc, BudgetExceeded):
        return TemplateError(
            f"Templat {name} dihentikan: {exc.batas}.",
            file=template,
            hint="Periksa perulangan {% for %} dan range() di templat; templat hanya menampilkan"
            " isian, tidak menghitung.",
        )
    # anything else raised while the template runs: {{ 1/0 }}, include
    tag = failing_tag(template_tags(tpl), ctx, exc)
    where = f" pada tag {_shorten(tag)}" if tag else ""
    return TemplateError(
        f"Templat {name}: gagal diisi{where}: {runtime_reason(exc)}.",
        file=template,
        hint="Perbaiki atau hapus tag itu di templat; isian yang tersedia ada di"
        " docs/templates.md (atau jalankan: kinerja templat periksa).",
    )


def _body_fixes(tpl: DocxTemplate, kertas: str | None, huruf: str | None) -> BodyFixes:
    """What happens to the rendered body, one top-level element at a time (``render_body``):
    docxtpl's table grids and drawing ids, then kinerja's paper, image stacks and table
    widths (the order of ``DocxTemplate.render`` and of this module before the body was
    streamed; the paper touches only w:sectPr, nothing else does); a long table last, so that
    its continuations keep the widths it was given."""
    sizes = style_sizes(tpl.docx.styles.element)
    part = tpl.docx.part
    tags = [qn("w:tbl"), qn("wp:docPr"), qn("w:br"), *([qn("w:sectPr")] if kertas else [])]

    def needed(element: Any) -> bool:
        return any(
            e.tag != qn("w:br") or e.get(qn("w:clear")) == "none" for e in element.iter(tags)
        )

    def fix(xml: bytes) -> Any:
        body = tpl.fix_tables(xml.decode("utf-8"))  # the one parse (recover=True, as docxtpl)
        if kertas is not None and _sections(body):
            body = reparse(body, oxml=True)
            paper_sections([Section(s, part) for s in _sections(body)], kertas)
            body = reparse(body, oxml=False)
        tpl.fix_docpr_ids(body)
        split_image_stacks(body)
        fit_loop_tables(body)
        widen_for_words(body, huruf or "Arial", sizes)
        continue_long_tables(body)
        return body

    return BodyFixes(needed, fix)


def _section_of(tpl: DocxTemplate, tag: str) -> str | None:
    """The heading of the template under which ``tag`` stands (for messages)."""
    heading: str | None = None
    for block in tpl.get_docx().element.body.iterchildren():
        text = "".join(t.text or "" for t in block.iter(qn("w:t")))
        style = block.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val"), "").startswith("Heading"):
            heading = " ".join(text.split())
        if tag in text:
            return heading
    return None


def _undefined_error(tpl: DocxTemplate, template: Path, exc: UndefinedError) -> TemplateError:
    """An unknown name is the template's fault; a list shorter than a tag expects is the data's
    (``{{ tahun_kolom[3] }}`` with two years of history): the message says which."""
    name = template.name
    message = str(exc)
    element = _ELEMENT.search(message)
    if element:
        index = int(element.group(1))
        tag = next((t for t in template_tags(tpl) if f"[{index}]" in t), None)
        section = _section_of(tpl, tag) if tag else None
        where = f" pada tag {_shorten(tag)}" if tag else ""
        bagian = f" (bagian '{_shorten(section, 60)}')" if section else ""
        return TemplateError(
            f"Templat {name}{bagian}: tag{where} meminta nilai nomor {index + 1} dari sebuah"
            f" daftar, tetapi data periode ini hanya memuat {index} nilai atau kurang.",
            file=template,
            hint="Jangan menunjuk nomor tetap dalam daftar; ulangi baris atau kolom untuk setiap"
            " nilai dengan {%tr for %} atau {%tc for %} (lihat docs/templates.md).",
        )
    match = _UNDEFINED.search(message)
    var = (match.group(1) or match.group(2)) if match else message
    tag = _tag_with(tpl, var)
    where = f" pada tag {_shorten(tag)}" if tag else ""
    return TemplateError(
        f"Templat {name}: isian '{var}' tidak dikenal{where}.",
        file=template,
        hint="Periksa ejaannya; daftar isian yang tersedia ada di docs/templates.md.",
        next_step=NextStep("templat_periksa", {}, "Periksa templat"),
    )


class _AwaitedImage(InlineImage):  # type: ignore[misc]  # docxtpl has no type hints
    """An inline image whose file may still be being drawn when the render starts."""

    def __init__(
        self, tpl: DocxTemplate, spec: ImageSpec, ready: Callable[[Path], None] | None
    ) -> None:
        super().__init__(
            tpl,
            str(spec.path),
            width=Mm(spec.width_mm) if spec.width_mm else None,
            height=Mm(spec.height_mm) if spec.height_mm else None,
        )
        self.path = spec.path
        self.ready = ready

    def _insert_image(self) -> str:
        if self.ready is not None:
            self.ready(self.path)
        inserted: str = super()._insert_image()
        return inserted


def _template_context(
    tpl: DocxTemplate, value: Any, ready: Callable[[Path], None] | None = None
) -> Any:
    """``value`` as the template gets it, in one copy (a context of 2,000 indicators is big):
    strings cleaned (``clean_text``), ``ImageSpec`` and ``ImageStack`` made inline images."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, ImageStack):
        return _InlineImages([_template_context(tpl, part, ready) for part in value.parts])
    if isinstance(value, ImageSpec):
        return _AwaitedImage(tpl, value, ready)
    if isinstance(value, Mapping):
        return {k: _template_context(tpl, v, ready) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_template_context(tpl, v, ready) for v in value]
    return value


# -- page and fonts ----------------------------------------------------------------------------


def paper_setup(document: Any, kertas: str) -> None:
    """Portrait A4 or F4 with the usual naskah dinas margins on every section."""
    paper_sections(document.sections, kertas)


def _sections(body: Any) -> list[Any]:
    """The w:sectPr of a body, where python-docx's ``Document.sections`` looks for them."""
    return [
        *body.findall(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:sectPr')}"),
        *body.findall(qn("w:sectPr")),
    ]


def paper_sections(sections: Iterable[Section], kertas: str) -> None:
    """``paper_setup`` of these sections."""
    if kertas not in PAPER_MM:
        raise TemplateError(f"Ukuran kertas '{kertas}' tidak dikenal; pilih A4 atau F4.")
    width, height = PAPER_MM[kertas]
    top, bottom, left, right = MARGINS_MM
    for section in sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
        section.footer_distance = Mm(FOOTER_DISTANCE_MM)


def set_font(document: Any, huruf: str) -> None:
    """Use ``huruf`` for the document defaults and every style that names a font.

    On Linux, LibreOffice renders Arial with the metric-compatible Liberation Sans.
    """
    styles = document.styles.element
    targets = styles.findall(".//" + qn("w:rFonts"))
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None and defaults.find(".//" + qn("w:rFonts")) is None:
        rpr = defaults.find(".//" + qn("w:rPr"))
        if rpr is not None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.insert(0, fonts)
            targets.append(fonts)
    for fonts in targets:
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), huruf)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(theme), None)
