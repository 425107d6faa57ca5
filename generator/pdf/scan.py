"""Turn what the office scanner produced (PDF, JPG, PNG, TIFF) into PDF pages.

A scanned PDF is checked (starts as a PDF and is nothing else, not encrypted, every page
readable) and kept byte for byte when it holds nothing active: it is the evidence. One that
carries JavaScript, actions, forms, attached files or data after its end is rewritten as its
pages alone, without annotations (``generator.pdf.active`` names what counts as active).
Images are measured from their header before any pixel is decoded (``MAX_PIXELS``), then
become one A4 page each, fitted inside a margin, with no transparency (an alpha channel is
flattened onto white) and the pixels embedded losslessly: a JPEG keeps its own bytes
(DCTDecode), other images are stored Flate-compressed. Only an image XObject is drawn, so the
page is fit for a PDF/A bundle (the bundle supplies the output intent).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from generator.base.angka import format_angka
from generator.errors import InputError
from generator.pdf.active import active_content

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)  # portrait width, height in points
MARGIN = 10 * MM
EXIF_ORIENTATION = 0x0112
SUPPORTED = "PDF, JPG, PNG, atau TIFF"
_PDF_MAGIC = b"%PDF-"
# An A4 page scanned at 600 dpi is 4,960 x 7,016 = 35 million pixels; decoded as RGB that is
# about 100 MB, and the page is flattened and compressed once more. More is refused from the
# header, before decoding (a 20,000 x 20,000 PNG of a few kilobytes would need 1.2 GB).
MAX_PIXELS = 40_000_000
MAX_PAGES = 500  # frames of a TIFF, pages of a scanned PDF
MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class ImageData:
    """Pixels ready for a PDF image XObject."""

    width: int
    height: int
    colorspace: str  # "/DeviceGray" or "/DeviceRGB"
    bits: int
    data: bytes  # encoded with ``filter``
    filter: str  # "/DCTDecode" or "/FlateDecode"


def scan_to_pdf(paths: Sequence[Path]) -> bytes:
    """One PDF from the scans in ``paths`` (in that order).

    A single PDF is returned unchanged after validation; images (and several
    files) are laid out as A4 pages. Raises ``InputError`` naming the file that
    is neither a PDF nor an image, or cannot be read.
    """
    if not paths:
        raise InputError("Tidak ada berkas pindaian.")
    if len(paths) == 1 and _is_pdf(paths[0]):
        return validate_pdf(paths[0])
    out = pikepdf.new()
    for path in paths:
        if _is_pdf(path):
            with pikepdf.open(io.BytesIO(validate_pdf(path))) as src:
                out.pages.extend(src.pages)
        else:
            for image in load_images(path):
                _add_image_page(out, image)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _is_pdf(path: Path) -> bool:
    """True for a file that starts as a PDF; a file that is a PDF and something else at once
    (a polyglot: an image or archive with a PDF inside its first kilobyte) is refused."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise InputError("Berkas pindaian tidak ditemukan.", file=path) from exc
    except OSError as exc:
        raise InputError(
            f"Berkas pindaian tidak dapat dibaca ({exc.strerror}).", file=path
        ) from exc
    if size > MAX_BYTES:
        raise InputError(
            f"Berkas pindaian terlalu besar ({format_angka(size / 2**20, 0)} MB; batas"
            f" {format_angka(MAX_BYTES / 2**20, 0)} MB).",
            file=path,
            hint="Pindai dengan resolusi 200-300 dpi.",
        )
    if _PDF_MAGIC in head and not head.startswith(_PDF_MAGIC):
        raise InputError(
            "Berkas pindaian sekaligus PDF dan jenis berkas lain (poliglot); ditolak.",
            file=path,
            hint="Simpan ulang pindaian sebagai PDF atau gambar biasa dari aplikasi pemindai.",
        )
    return head.startswith(_PDF_MAGIC)


def _rewrite(pdf: pikepdf.Pdf, path: Path) -> bytes:
    """The pages of ``pdf`` alone, without annotations or actions, in a new file."""
    out = pikepdf.new()
    out.pages.extend(pdf.pages)
    for page in out.pages:
        for key in ("/Annots", "/AA"):
            if key in page.obj:
                del page.obj[key]
    out.remove_unreferenced_resources()
    buffer = io.BytesIO()
    out.save(buffer)
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as check:
        left = active_content(check)
    if left:
        raise InputError(
            f"PDF pindaian memuat isi aktif yang tidak dapat dibuang ({', '.join(left)}).",
            file=path,
            hint="Pindai ulang dokumen itu langsung ke PDF atau gambar.",
        )
    return buffer.getvalue()


def validate_pdf(path: Path) -> bytes:
    """The bytes of ``path`` once pikepdf has opened it and parsed every page, or, when it
    carries active content or data after its end, its pages rewritten without it."""
    data = path.read_bytes()
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:  # an owner password opens without asking, but still locks
                raise InputError(
                    "PDF pindaian terenkripsi (dilindungi kata sandi pemilik atau pengguna).",
                    file=path,
                    hint="Simpan ulang PDF tanpa pengamanan, atau pindai ulang.",
                )
            if not 0 < len(pdf.pages) <= MAX_PAGES:
                raise InputError(
                    f"PDF pindaian berisi {len(pdf.pages)} halaman (harus 1 sampai {MAX_PAGES}).",
                    file=path,
                )
            for page in pdf.pages:
                _ = page.mediabox
                pikepdf.parse_content_stream(page)
            trailing = data[data.rfind(b"%%EOF") + 5 :].strip() if b"%%EOF" in data else b"x"
            if active_content(pdf) or trailing:
                return _rewrite(pdf, path)
    except pikepdf.PasswordError as exc:
        raise InputError(
            "PDF pindaian terkunci kata sandi.",
            file=path,
            hint="Pindai ulang tanpa kata sandi atau simpan ulang PDF tanpa pengamanan.",
        ) from exc
    except pikepdf.PdfError as exc:
        raise InputError(
            f"PDF pindaian rusak dan tidak dapat dibaca ({exc}).",
            file=path,
            hint="Pindai ulang dokumen itu.",
        ) from exc
    return data


def _too_big(path: Path, width: int, height: int) -> InputError:
    size = f"{format_angka(width, 0)} x {format_angka(height, 0)} piksel; " if width else ""
    return InputError(
        f"Gambar pindaian terlalu besar ({size}batas {format_angka(MAX_PIXELS / 1e6, 0)} juta"
        " piksel per halaman).",
        file=path,
        hint="Pindai dengan resolusi 200-300 dpi, atau perkecil gambarnya.",
    )


def _measured(path: Path, frame: Image.Image, index: int) -> Image.Image:
    """``frame`` when its header's size is within the limits (nothing is decoded yet)."""
    if index >= MAX_PAGES:
        raise InputError(f"Gambar pindaian berisi lebih dari {MAX_PAGES} halaman.", file=path)
    if frame.width * frame.height > MAX_PIXELS:
        raise _too_big(path, frame.width, frame.height)
    return frame


def load_images(path: Path) -> Iterator[ImageData]:
    """Every frame of the image at ``path`` (a TIFF may hold several pages)."""
    try:
        image = Image.open(path)
    except Image.DecompressionBombError as exc:  # Pillow's own check, far above ours
        raise _too_big(path, 0, 0) from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise InputError(
            f"Berkas pindaian bukan PDF atau gambar yang dikenali ({SUPPORTED}).",
            file=path,
        ) from exc
    with image:
        try:
            if image.format == "JPEG":
                yield _jpeg(path, _measured(path, image, 0))
                return
            for index, frame in enumerate(ImageSequence.Iterator(image)):
                yield _flate(_measured(path, frame, index))
        except OSError as exc:
            raise InputError(f"Gambar pindaian rusak ({exc}).", file=path) from exc


def _jpeg(path: Path, image: Image.Image) -> ImageData:
    """A JPEG keeps its bytes unless it must be turned (EXIF) or is CMYK."""
    orientation = image.getexif().get(EXIF_ORIENTATION, 1)
    if image.mode in ("L", "RGB") and orientation == 1:
        return ImageData(
            width=image.width,
            height=image.height,
            colorspace="/DeviceGray" if image.mode == "L" else "/DeviceRGB",
            bits=8,
            data=path.read_bytes(),
            filter="/DCTDecode",
        )
    # CMYK would need a CMYK output intent in PDF/A; a rotated photo must be upright.
    return _flate(image)


def _flatten(image: Image.Image) -> Image.Image:
    """Gray, RGB or 1-bit pixels with no alpha: transparency is composited onto white."""
    transposed = ImageOps.exif_transpose(image)
    if transposed is not None:
        image = transposed
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode == "PA":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "La", "RGBa"):
        gray = image.mode in ("LA", "La")
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba).convert("L" if gray else "RGB")
    elif image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")
    elif image.mode not in ("1", "L", "RGB"):
        image = image.convert("RGB")
    return image


def _flate(image: Image.Image) -> ImageData:
    flat = _flatten(image)
    bits = 1 if flat.mode == "1" else 8
    return ImageData(
        width=flat.width,
        height=flat.height,
        colorspace="/DeviceRGB" if flat.mode == "RGB" else "/DeviceGray",
        bits=bits,
        # Pillow packs mode "1" as 1 = white, the same as DeviceGray at 1 bit. zlib's
        # default level: level 9 took 6x as long for 4 % less (an A4 page scanned at 100
        # dpi: 0.083 s against 0.013 s; at 300 dpi 0.31 s against 0.11 s).
        data=zlib.compress(flat.tobytes(), 6),
        filter="/FlateDecode",
    )


def page_size_for(image: ImageData) -> tuple[float, float]:
    """A4, turned to landscape for a landscape image."""
    width, height = A4
    return (height, width) if image.width > image.height else (width, height)


def placement(image: ImageData) -> tuple[float, float, float, float]:
    """(x, y, width, height) of the image on its page: fitted inside the margin, centred."""
    page_w, page_h = page_size_for(image)
    box_w, box_h = page_w - 2 * MARGIN, page_h - 2 * MARGIN
    scale = min(box_w / image.width, box_h / image.height)
    width, height = image.width * scale, image.height * scale
    return (page_w - width) / 2, (page_h - height) / 2, width, height


def _add_image_page(pdf: pikepdf.Pdf, image: ImageData) -> None:
    xobject = pikepdf.Stream(pdf, b"")
    xobject.write(image.data, filter=pikepdf.Name(image.filter))
    xobject.Type = pikepdf.Name.XObject
    xobject.Subtype = pikepdf.Name.Image
    xobject.Width = image.width
    xobject.Height = image.height
    xobject.ColorSpace = pikepdf.Name(image.colorspace)
    xobject.BitsPerComponent = image.bits
    x, y, width, height = placement(image)
    content = f"q {width:.4f} 0 0 {height:.4f} {x:.4f} {y:.4f} cm /Im0 Do Q".encode()
    page_w, page_h = page_size_for(image)
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array([0, 0, round(page_w, 2), round(page_h, 2)]),
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=xobject)),
        Contents=pikepdf.Stream(pdf, content),
    )
    pdf.pages.append(pikepdf.Page(page))
