"""A template's images are found by their content through an index (documents/docx_package.py),
with the parts, names and relationships python-docx's own scan gives."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from PIL import Image

from generator.documents.docx_package import IndexedImageParts, open_document


def png(path: Path, color: str) -> Path:
    Image.new("RGB", (4, 3), color).save(path)
    return path


def test_images_are_the_parts_python_docx_makes(tmp_path: Path) -> None:
    template = tmp_path / "t.docx"
    doc = Document()
    doc.add_picture(str(png(tmp_path / "logo.png", "navy")))  # an image the template has
    doc.save(str(template))
    colors = ["red", "navy", "green", "red", "blue", "green", "navy"]
    images = [png(tmp_path / f"{n}-{c}.png", c) for n, c in enumerate(colors)]

    def added(document: DocumentObject) -> list[tuple[str, str]]:
        part = document.part
        out = []
        for image in images:
            rid, _ = part.get_or_add_image(str(image))
            out.append((rid, str(part.related_parts[rid].partname)))
        return out

    indexed = open_document(template)
    assert isinstance(indexed.part.package.image_parts, IndexedImageParts)
    assert added(indexed) == added(Document(str(template)))
    assert len(indexed.part.package.image_parts) == 4  # navy, red, green, blue
