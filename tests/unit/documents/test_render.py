from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document

from generator.base.worktime import WIB
from generator.documents.naskah import (
    kop_context,
    signature_context,
    tanggal_id,
    tempat_tanggal,
    waktu_id,
)
from generator.documents.render import clean_text, render_docx
from generator.documents.templates_check import check_template
from generator.errors import TemplateError
from generator.inputs.load import load_inputs
from generator.inputs.org import Pejabat

HOSTILE = [
    "A & B <C>",
    "{{ 7*7 }}",
    "{% if %}",
    '=HYPERLINK("x")',
    "مرحبا بالعالم",
    "Kinerja 😀 naik",
    "N" * 2000,
]


def make_template(path: Path, paragraphs: list[str]) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


def texts(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def pejabat(**kw: str) -> Pejabat:
    base = {
        "nama": "Drs. Budi",
        "nip": "19730419 199602 2 001",
        "pangkat": "Pembina",
        "golongan": "IV/a",
        "jabatan": "Sekretaris",
    }
    return Pejabat.model_validate({**base, **kw})


def test_tanggal_and_waktu_in_indonesian() -> None:
    org = load_inputs().org
    assert tanggal_id(date(2024, 1, 5)) == "5 Januari 2024"
    assert tempat_tanggal(org, date(2024, 1, 5)) == "Malang, 5 Januari 2024"
    moment = datetime(2025, 1, 7, 10, 30, tzinfo=WIB)
    assert waktu_id(moment) == "Selasa, 7 Januari 2025 pukul 10.30 WIB"


def test_signature_variants() -> None:
    plain = signature_context(pejabat())
    assert plain["jabatan"] == "Sekretaris,"
    assert plain["nip"] == "NIP. 19730419 199602 2 001"
    assert plain["pangkat"] == "Pembina (IV/a)"
    an = signature_context(pejabat(), atas_nama="Kepala Badan Kesatuan Bangsa dan Politik")
    assert an["jabatan"] == "a.n. Kepala Badan Kesatuan Bangsa dan Politik\nSekretaris,"
    ub = signature_context(
        pejabat(jabatan="Kepala Sub Bagian Perencanaan"),
        atas_nama="Kepala Badan",
        untuk_beliau="Sekretaris",
    )
    assert ub["jabatan"] == "a.n. Kepala Badan\nSekretaris\nu.b.\nKepala Sub Bagian Perencanaan,"
    for status in ("Plt.", "Plh.", "Pj."):
        acting = signature_context(pejabat(status=status, jabatan="Kepala Bidang Politik"))
        assert acting["jabatan"] == f"{status} Kepala Bidang Politik,"
        assert acting["status"] == status


def test_clean_text_drops_control_characters() -> None:
    assert clean_text("a\ab\fc\x00d\x1be\r\nf\tg") == "abcde\nf\tg"


def test_hostile_strings_render_literally(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", [f"{{{{ v{i} }}}}" for i in range(len(HOSTILE))])
    out = tmp_path / "out.docx"
    render_docx(template, {f"v{i}": s for i, s in enumerate(HOSTILE)}, out)
    assert texts(out) == HOSTILE


def test_paper_and_font_follow_the_org(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", ["{{ kop.instansi }}"])
    out = tmp_path / "out.docx"
    org = load_inputs().org
    render_docx(template, {"kop": kop_context(org)}, out, kertas="F4", huruf="Bookman Old Style")
    doc = Document(str(out))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 215 and round(section.page_height.mm) == 330
    assert round(section.left_margin.mm) == 30
    xml = doc.styles.element.xml
    assert 'w:ascii="Bookman Old Style"' in xml and "asciiTheme" not in xml
    assert texts(out) == ["BADAN KESATUAN BANGSA DAN POLITIK"]


def test_logo_becomes_an_image(tmp_path: Path) -> None:
    from generator.documents.qr import write_qr

    logo = write_qr(tmp_path / "logo.png", "X", "Y", "0" * 64)
    org = load_inputs().org.model_copy(update={"logo": logo})
    template = make_template(tmp_path / "t.docx", ["{{ kop.logo }}{{ kop.pemerintah_daerah }}"])
    out = tmp_path / "out.docx"
    render_docx(template, {"kop": kop_context(org)}, out)
    doc = Document(str(out))
    assert len(doc.inline_shapes) == 1
    assert doc.paragraphs[0].text == "PEMERINTAH KOTA MALANG"


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (["Halo {{ nama_salah }}"], "isian 'nama_salah' tidak dikenal pada tag {{ nama_salah }}"),
        (["{{ kop.instasi }}"], "isian 'instasi' tidak dikenal pada tag {{ kop.instasi }}"),
        (["{% if kop %}tanpa penutup"], "penulisan tag salah"),
        (["{{ kop.instansi ", "lanjut"], "penulisan tag salah pada tag {{ kop.instansi"),
        (["{{ kop.", "instansi }}"], "tag {{ kop. instansi }} terpotong"),
        (["{{ ''.__class__.__mro__ }}"], "operasi yang tidak diizinkan"),
    ],
)
def test_broken_template_names_file_and_tag(
    tmp_path: Path, paragraphs: list[str], expected: str
) -> None:
    template = make_template(tmp_path / "rusak.docx", paragraphs)
    org = load_inputs().org
    with pytest.raises(TemplateError) as info:
        render_docx(template, {"kop": kop_context(org)}, tmp_path / "out.docx")
    message = info.value.render()
    assert "rusak.docx" in message and expected in message
    assert not (tmp_path / "out.docx").exists()


def test_tag_split_across_table_cells(tmp_path: Path) -> None:
    doc = Document()
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].paragraphs[0].add_run("{{ kop.")
    table.rows[0].cells[1].paragraphs[0].add_run("instansi }}")
    doc.save(str(tmp_path / "split.docx"))
    org = load_inputs().org
    with pytest.raises(TemplateError, match=r"split\.docx: .*terpotong di antara"):
        render_docx(tmp_path / "split.docx", {"kop": kop_context(org)}, tmp_path / "o.docx")


def test_not_a_docx(tmp_path: Path) -> None:
    bad = tmp_path / "bukan.docx"
    bad.write_bytes(b"random bytes")
    with pytest.raises(TemplateError, match="bukan dokumen Word"):
        render_docx(bad, {}, tmp_path / "o.docx")


def test_template_check_reports_unknown_and_missing(tmp_path: Path) -> None:
    template = make_template(
        tmp_path / "t.docx",
        [
            "{{ kop.instansi }} {{ kop.instasi }} {{ asing }}",
            "{% for r in daftar %}{{ r.no }} {{ r.nama_salah }}{% endfor %}",
        ],
    )
    context = {"kop": {"instansi": "X"}, "daftar": [{"no": "1"}], "tidak_dipakai": ""}
    report = check_template(template, context)
    assert report.unknown == ["asing", "daftar.nama_salah", "kop.instasi"]
    assert report.missing == ["tidak_dipakai"]
    assert not report.ok


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("{{ }}", "isi tag kosong"),
        ("{{ x ", "tag {{ tidak ditutup dengan }}"),
        ("{% if x %}a", "templat berakhir sebelum tag penutup 'elif' atau 'else' atau 'endif'"),
        ("{% foo %}", "tag 'foo' tidak dikenal"),
    ],
)
def test_jinja_syntax_errors_are_explained_in_indonesian(source: str, reason: str) -> None:
    import jinja2

    from generator.documents.render import jinja_reason

    with pytest.raises(jinja2.TemplateSyntaxError) as info:
        jinja2.Environment().parse(source)
    assert jinja_reason(info.value.message or "") == reason
