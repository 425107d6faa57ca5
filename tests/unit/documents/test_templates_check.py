from __future__ import annotations

from pathlib import Path

import docx

from generator.documents.templates_check import check_template, check_templates


def _template(tmp_path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / "uji.docx"
    document.save(str(path))
    return path


def test_loop_variables_are_scoped(tmp_path: Path) -> None:
    path = _template(
        tmp_path,
        "{% for b in bidang %}{{ b.nama }}{% endfor %}",
        "{% for b in anggaran %}{{ b.pagu }}{% endfor %}",
        "{% for s in sasaran %}{% for baris in s.baris %}{{ baris.nilai }}{{ s.judul }}{% endfor %}{% endfor %}",
    )
    context = {
        "bidang": [{"nama": "Sekretariat"}],
        "anggaran": [{"pagu": "1"}],
        "sasaran": [{"judul": "S1", "baris": [{"nilai": "2"}]}],
        "lebih": "x",
    }
    report = check_template(path, context)
    assert report.unknown == [] and report.errors == []
    assert report.missing == ["lebih"]


def test_unknown_field_inside_nested_loop_is_named(tmp_path: Path) -> None:
    path = _template(
        tmp_path,
        "{% for s in sasaran %}{% for baris in s.baris %}{{ baris.nilia }}{% endfor %}{% endfor %}",
        "{{ kop.instasi | upper }}",
    )
    context = {"sasaran": [{"baris": [{"nilai": "2"}]}], "kop": {"instansi": "X"}}
    report = check_template(path, context)
    assert report.unknown == ["kop.instasi", "sasaran.baris.nilia"]


def test_shipped_templates_match_their_contexts() -> None:
    reports = check_templates()
    names = {r.template.name for r in reports}
    assert {"memo.docx", "tanda_terima.docx", "laporan.docx"} <= names
    for report in reports:
        assert report.catatan is None, report.template
        assert report.unknown == [] and report.errors == [], report.template


def test_template_check_sketches_figures_and_the_laporan_draws_them(tmp_path: Path) -> None:
    """Issue 14: `templat periksa` does not draw print-quality figures (a blank pixel stands in),
    and outside the check the same call draws the real figure."""
    from PIL import Image

    from generator.documents import charts

    with charts.sketch():
        sketched = charts.grafik_capaian(["A", "B"], [90.0, 110.0], tmp_path / "s.png", sumbu="%")
    drawn = charts.grafik_capaian(["A", "B"], [90.0, 110.0], tmp_path / "d.png", sumbu="%")
    assert Image.open(sketched).size == (1, 1)
    width, height = Image.open(drawn).size
    assert width > 1000 and height > 200
