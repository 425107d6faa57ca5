"""The streamed body (documents/render_body.py, issue 14) writes the document docxtpl's whole-
string render writes, and holds no whole copy of the body's text while doing it."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.section import WD_SECTION

from generator.base.periode import Periode
from generator.documents import render_body
from generator.documents.laporan.contoh import contoh_hasil, sample_context
from generator.documents.laporan.konteks import build_context
from generator.documents.ragam import kantor_dari
from generator.documents.render import (
    ImageSpec,
    ImageStack,
    _template_context,
    load_template,
    make_env,
    paper_setup,
    render_docx,
    set_font,
    split_image_stacks,
    template_path,
)
from generator.documents.tabel import fit_loop_tables, style_sizes, widen_for_words
from generator.inputs.load import Inputs, load_inputs


def docxtpl_render(
    template: Path, context: dict[str, Any], kertas: str | None, huruf: str | None
) -> bytes:
    """What ``render_docx`` wrote before the body was streamed: docxtpl's ``render`` on the
    whole body, then kinerja's fixes on the whole tree."""
    tpl = load_template(template)
    ctx = _template_context(tpl, context)
    tpl.render(ctx, jinja_env=make_env(ctx), autoescape=True)
    document = tpl.docx
    split_image_stacks(document.element.body)
    fit_loop_tables(document.element.body)
    if kertas is not None:
        paper_setup(document, kertas)
    if huruf is not None:
        set_font(document, huruf)
    widen_for_words(document.element.body, huruf or "Arial", style_sizes(document.styles.element))
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def parts(docx: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return [(info.filename, z.read(info)) for info in z.infolist()]


def assert_same_document(
    tmp_path: Path,
    template: Path,
    context: dict[str, Any],
    kertas: str | None = None,
    huruf: str | None = None,
) -> bytes:
    out = tmp_path / "streamed.docx"
    render_docx(template, context, out, kertas=kertas, huruf=huruf)
    streamed = parts(out.read_bytes())
    expected = parts(docxtpl_render(template, context, kertas, huruf))
    assert [name for name, _ in streamed] == [name for name, _ in expected]
    for (name, data), (_, want) in zip(streamed, expected, strict=True):
        assert data == want, name
    return dict(streamed)["word/document.xml"]


def test_the_sample_lkj_is_byte_for_byte_docxtpl_s(tmp_path: Path) -> None:
    xml = assert_same_document(tmp_path, template_path("laporan.docx"), sample_context(), "A4")
    assert xml.count(b"<w:tbl>") > 10 and b"<w:drawing>" in xml


def test_cut_into_small_pieces_it_is_still_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every cut of the clean-up and of the listing resolution lands somewhere else."""
    monkeypatch.setattr(render_body, "CHUNK_CHARS", 97)
    assert_same_document(
        tmp_path, template_path("laporan.docx"), sample_context(), "F4", "Bookman Old Style"
    )


@pytest.fixture(scope="module")
def besar() -> Inputs:
    """The sample with 40 more indicators in its first sasaran: stacked figures, long tables."""
    sample = load_inputs()
    first = sample.master.indikator[0]
    extra = [
        first.model_copy(update={"kode": f"{first.kode}-{n:02d}", "indikator": f"Indikator {n}"})
        for n in range(1, 41)
    ]
    master = sample.master.model_copy(update={"indikator": [*sample.master.indikator, *extra]})
    return kantor_dari(sample, sample.org, master)


def test_a_larger_lkj_on_f4_in_bookman_is_the_same(tmp_path: Path, besar: Inputs) -> None:
    periode = Periode.parse("2025")
    context = build_context(besar, contoh_hasil(besar), periode, date(2026, 2, 20), tmp_path)
    assert_same_document(
        tmp_path, template_path("laporan.docx"), context, "F4", "Bookman Old Style"
    )


def tricky_template(path: Path) -> Path:
    """Loops over rows and columns, conditional paragraphs, a section break, an image stack,
    and text that docxtpl rewrites (tabs, line breaks, literal braces)."""
    doc = Document()
    doc.add_paragraph("{{ judul }}")
    doc.add_paragraph("{%p for p in paragraf %}")
    doc.add_paragraph("{{ p }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if tampil %}")
    doc.add_paragraph("Tampil: {{ judul }}\t{_{ literal }_}")
    doc.add_paragraph("{%p endif %}")
    table = doc.add_table(rows=3, cols=3)
    table.rows[0].cells[0].text = "No"
    table.rows[0].cells[1].text = "{%tc for t in tahun %}"
    table.rows[0].cells[2].text = "{{ t }}{%tc endfor %}"
    table.rows[1].cells[0].text = "{%tr for r in baris %}"
    table.rows[2].cells[0].text = "{{ r.no }}"
    table.rows[2].cells[1].text = "{%tc for v in r.nilai %}"
    table.rows[2].cells[2].text = "{{ v }}{%tc endfor %}{%tr endfor %}"
    doc.add_section(WD_SECTION.NEW_PAGE)
    doc.add_paragraph("{{ gambar }}")
    doc.add_paragraph("Akhir {{ judul }}")
    doc.save(str(path))
    return path


def test_loops_breaks_and_images_are_the_same(tmp_path: Path) -> None:
    from generator.documents.qr import write_qr

    images = [write_qr(tmp_path / f"g{n}.png", "X", str(n), "0" * 64) for n in range(3)]
    context = {
        "judul": "Baris satu\nbaris dua\tdan {{ bukan tag }} & <b>",
        "paragraf": [f"Paragraf {n} " + "kata " * n for n in range(30)],
        "tampil": True,
        "tahun": ["2023", "2024", "2025"],
        "baris": [{"no": str(n), "nilai": [str(n), "", f"{n}%"]} for n in range(40)],
        "gambar": ImageStack(tuple(ImageSpec(p, width_mm=40) for p in images)),
    }
    xml = assert_same_document(tmp_path, tricky_template(tmp_path / "t.docx"), context, "F4")
    assert xml.count(b"<w:drawing>") == 3 and xml.count(b"<w:sectPr") == 2


def test_an_image_is_read_only_after_it_is_declared_ready(tmp_path: Path) -> None:
    """The LKj is rendered while its figures are drawn: each file is read after
    ``image_ready`` returned for it, in the order the document shows them."""
    from generator.documents.qr import write_qr

    images = [tmp_path / f"g{n}.png" for n in range(3)]
    asked: list[str] = []

    def ready(path: Path) -> None:
        assert not path.exists()  # nothing read it before
        asked.append(path.name)
        write_qr(path, "X", path.stem, "0" * 64)  # "drawn" only now

    context = {
        "judul": "Judul",
        "paragraf": ["Satu"],
        "tampil": False,
        "tahun": ["2025"],
        "baris": [],
        "gambar": ImageStack(tuple(ImageSpec(p, width_mm=40) for p in images)),
    }
    out = tmp_path / "out.docx"
    render_docx(tricky_template(tmp_path / "t.docx"), context, out, image_ready=ready)
    assert asked == ["g0.png", "g1.png", "g2.png"]
    with zipfile.ZipFile(out) as z:
        assert len([n for n in z.namelist() if n.startswith("word/media/")]) == 3


def test_rendering_holds_one_copy_of_the_body_at_most(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docxtpl joined the whole body into one string and cleaned it into more copies (its
    Python objects grew by 3.7 times the body's XML here, lxml's tree not counted). Streamed,
    the render holds pieces no bigger than its largest table, and one copy of the XML at the
    end, the bytes python-docx zips."""
    monkeypatch.setattr(render_body, "CHUNK_CHARS", 1 << 16)
    doc = Document()
    doc.add_paragraph("{%p for b in bagian %}")
    doc.add_paragraph("Bagian {{ b.nama }}")
    table = doc.add_table(rows=3, cols=12)
    table.rows[0].cells[0].text = "{%tr for r in b.baris %}"
    table.rows[1].cells[0].text = "{{ r.no }}"
    table.rows[1].cells[1].text = "{{ r.nama }}"
    for cell in table.rows[1].cells[2:]:
        cell.text = "{{ r.nilai }}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("{%p endfor %}")
    doc.save(str(tmp_path / "t.docx"))
    rows = [{"no": str(n), "nama": f"Indikator {n}", "nilai": f"{n},5"} for n in range(100)]

    def render(sections: int) -> tuple[int, int]:
        context = {"bagian": [{"nama": str(k), "baris": rows} for k in range(sections)]}
        out = tmp_path / f"out-{sections}.docx"
        tracemalloc.start()
        try:
            render_docx(tmp_path / "t.docx", context, out)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        with zipfile.ZipFile(out) as z:
            return peak, len(z.read("word/document.xml"))

    small_peak, _ = render(1)
    peak, body = render(30)
    assert body > 4_000_000
    assert peak - small_peak < 1.5 * body, (small_peak, peak, body)
