"""Templates belong to the office: a workspace copies them at init and keeps rendering with its
copy, whatever happens to the office's folder afterwards."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from docx import Document

from generator.cli import kinerja
from generator.documents.render import SHIPPED_TEMPLATES


def _mark(template: Path, text: str) -> None:
    doc = Document(str(template))
    doc.add_paragraph(text)
    doc.save(str(template))


def _memo_text(output: Path) -> str:
    memo = next((output / "2025" / "dokumen" / "01-memo").glob("*.docx"))
    return "\n".join(p.text for p in Document(str(memo)).paragraphs)


def test_office_templates_are_copied_at_init_and_kept(tmp_path: Path) -> None:
    office = tmp_path / "templat-kantor"
    shutil.copytree(SHIPPED_TEMPLATES, office)
    _mark(office / "memo.docx", "Tanda templat kantor versi satu")
    output = tmp_path / "keluaran"
    runner = CliRunner()
    init = [
        "init",
        "--periode",
        "2025",
        "--contoh",
        "--templat",
        str(office),
        "--output",
        str(output),
    ]
    assert runner.invoke(kinerja, init).exit_code == 0
    copy = output / "2025" / "templat" / "memo.docx"
    assert copy.read_bytes() == (office / "memo.docx").read_bytes()

    # The office edits its template after init: this periode keeps the one it was made with.
    _mark(office / "memo.docx", "Tanda templat kantor versi dua")
    result = runner.invoke(kinerja, ["memo", "--periode", "2025", "--output", str(output)])
    assert result.exit_code == 0, result.output
    text = _memo_text(output)
    assert "versi satu" in text
    assert "versi dua" not in text


def test_init_takes_the_office_folder_from_the_environment(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    office = tmp_path / "templat-kantor"
    shutil.copytree(SHIPPED_TEMPLATES, office)
    _mark(office / "memo.docx", "Dari KINERJA_TEMPLATES")
    monkeypatch.setenv("KINERJA_TEMPLATES", str(office))
    output = tmp_path / "keluaran"
    runner = CliRunner()
    assert (
        runner.invoke(
            kinerja, ["init", "--periode", "2025", "--contoh", "--output", str(output)]
        ).exit_code
        == 0
    )
    monkeypatch.delenv("KINERJA_TEMPLATES")
    assert (
        runner.invoke(kinerja, ["memo", "--periode", "2025", "--output", str(output)]).exit_code
        == 0
    )
    assert "Dari KINERJA_TEMPLATES" in _memo_text(output)
