"""The PDF/A-3b catalog of the merged bundle: XMP, /Info, OutputIntents, outline,
page labels and associated files.

A merge keeps pages and drops every document-level object, so all of this is
written again here, on the merged file, with pikepdf.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, String

if TYPE_CHECKING:
    from generator.pdf.bundle_model import Attachment, BundleMeta

OutlineSpec = list[tuple[str, int, list[tuple[str, int]]]]

_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt>
   </dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <pdf:Producer>{producer}</pdf:Producer>
   <xmp:CreatorTool>{producer}</xmp:CreatorTool>
   <xmp:CreateDate>{created}</xmp:CreateDate>
   <xmp:ModifyDate>{created}</xmp:ModifyDate>
   <xmp:MetadataDate>{created}</xmp:MetadataDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
{padding}
<?xpacket end="w"?>"""


def pdf_date(moment: datetime) -> str:
    """PDF date string, D:YYYYMMDDHHmmSS+HH'mm' (a naive time is taken as local)."""
    aware = moment.astimezone()
    offset = aware.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return aware.strftime("D:%Y%m%d%H%M%S") + f"{sign}{hours:02d}'{mins:02d}'"


def _xmp(meta: BundleMeta, producer: str) -> bytes:
    created = meta.created.astimezone().replace(microsecond=0).isoformat()
    text = _XMP.format(
        title=escape(meta.title),
        author=escape(meta.author),
        subject=escape(meta.subject),
        lang=escape(meta.lang),
        keywords=escape(", ".join(meta.keywords)),
        producer=escape(producer),
        created=created,
        padding=(" " * 99 + "\n") * 20,  # room for an in-place edit, as XMP asks
    )
    return text.encode("utf-8")


def apply_catalog(
    pdf: pikepdf.Pdf,
    meta: BundleMeta,
    *,
    sources: Sequence[Path],
    outline: OutlineSpec,
    front_pages: int,
    attachments: Sequence[tuple[Attachment, str]],
    producer: str,
) -> None:
    """Turn the merged ``pdf`` into a PDF/A-3b bundle (in memory; the caller saves)."""
    root = pdf.Root
    stream = pikepdf.Stream(pdf, _xmp(meta, producer))
    stream.Type = Name.Metadata
    stream.Subtype = Name.XML
    root.Metadata = pdf.make_indirect(stream)
    # /Info mirrors XMP; no /Producer or /ModDate (see generator.pdf.bundle).
    pdf.trailer.Info = pdf.make_indirect(
        Dictionary(
            Title=String(meta.title),
            Author=String(meta.author),
            Subject=String(meta.subject),
            Keywords=String(", ".join(meta.keywords)),
            Creator=String(producer),
            CreationDate=String(pdf_date(meta.created)),
        )
    )
    root.Lang = String(meta.lang)
    root.OutputIntents = _output_intents(pdf, sources)
    root.PageLabels = Dictionary(
        Nums=Array([0, Dictionary(S=Name.r), front_pages, Dictionary(S=Name.D, St=1)])
    )
    root.PageMode = Name.UseOutlines
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    _write_outline(pdf, outline)
    _attach(pdf, attachments, meta.created)


def _output_intents(pdf: pikepdf.Pdf, sources: Sequence[Path]) -> Array:
    for source in sources:
        with pikepdf.open(source) as src:
            intents = src.Root.get("/OutputIntents")
            if isinstance(intents, Array) and len(intents) > 0:
                return Array([pdf.copy_foreign(intent) for intent in intents])
    return Array([_srgb_intent(pdf)])


def _srgb_intent(pdf: pikepdf.Pdf) -> Dictionary:
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    icc = pikepdf.Stream(pdf, zlib.compress(profile))
    icc.Filter = Name.FlateDecode
    icc.N = 3
    return pdf.make_indirect(
        Dictionary(
            Type=Name.OutputIntent,
            S=Name.GTS_PDFA1,
            OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
            Info=String("sRGB IEC61966-2.1"),
            DestOutputProfile=pdf.make_indirect(icc),
        )
    )


def _write_outline(pdf: pikepdf.Pdf, outline: OutlineSpec) -> None:
    with pdf.open_outline() as tree:
        tree.root.clear()
        for title, page, children in outline:
            item = OutlineItem(title, page)
            item.children.extend(OutlineItem(t, p) for t, p in children)
            tree.root.append(item)


def _attach(
    pdf: pikepdf.Pdf, attachments: Sequence[tuple[Attachment, str]], moment: datetime
) -> None:
    if not attachments:
        return
    specs = []
    for att, relationship in sorted(attachments, key=lambda pair: pair[0].name):
        data = att.path.read_bytes()
        modified = datetime.fromtimestamp(att.path.stat().st_mtime).astimezone()
        embedded = pikepdf.Stream(pdf, zlib.compress(data, 6))
        embedded.Filter = Name.FlateDecode
        embedded.Type = Name.EmbeddedFile
        embedded.Subtype = Name("/" + att.mime)
        embedded.Params = Dictionary(
            Size=len(data),
            CreationDate=String(pdf_date(moment)),
            ModDate=String(pdf_date(modified)),
            CheckSum=String(hashlib.md5(data).digest()),  # /CheckSum is MD5 by the spec
        )
        ref = pdf.make_indirect(embedded)
        spec = pdf.make_indirect(
            Dictionary(
                Type=Name.Filespec,
                F=String(att.name),
                UF=String(att.name),
                Desc=String(att.description),
                EF=Dictionary(F=ref, UF=ref),
                AFRelationship=Name("/" + relationship),
            )
        )
        specs.append((att.name, spec))
    names = Array()
    for name, spec in specs:  # name-tree keys must be sorted
        names.append(String(name))
        names.append(spec)
    pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=names))
    pdf.Root.AF = Array([spec for _, spec in specs])
