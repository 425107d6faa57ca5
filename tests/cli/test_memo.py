from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from docx import Document

from generator.base.periode import Periode
from generator.cli import kinerja
from generator.documents.memo import create_return_disposisi
from generator.documents.naskah import tanggal_id
from generator.inputs.load import _sample_text
from generator.workspace.folder import Workspace
from generator.workspace.numbering import REGISTER_NAME

NOMOR = re.compile(r"000\.9\.3\.3/(\d{3})/35\.73\.505/\d{4}")
TANGGAL = re.compile(
    r"\b\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober"
    r"|November|Desember) \d{4}\b"
)
HOSTILE = {
    "instansi": "A & B <C> {{ 7*7 }}",
    "alamat": "{% if %} شارع الحرية 😀",
    "sekretaris": '=HYPERLINK("x")',
    "kasubag": "Kasubag مرحبا 😀",
    "kabid": "N" * 2000,
}


def docx_text(path: Path) -> str:
    """All text of a docx: paragraphs, table cells (nested too), footers."""
    doc = Document(str(path))
    parts: list[str] = []

    def cells(tables: Any) -> None:
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    cells(cell.tables)

    parts.extend(p.text for p in doc.paragraphs)
    cells(doc.tables)
    for section in doc.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
        cells(section.footer.tables)
    return "\n".join(parts)


def hostile_org(folder: Path) -> Path:
    """The sample org with hostile strings in names, instansi and alamat."""
    data = yaml.safe_load(_sample_text("org.yaml"))
    data["instansi"] = HOSTILE["instansi"]
    data["alamat"] = HOSTILE["alamat"]
    data["pejabat"]["sekretaris"]["nama"] = HOSTILE["sekretaris"]
    data["pejabat"]["kasubag"]["nama"] = HOSTILE["kasubag"]
    data["bidang"][1]["kepala"]["nama"] = HOSTILE["kabid"]
    path = folder / "org-hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def add_formulir(ws: Workspace) -> None:
    """What the formulir command records (steps 2 and 3, one formulir per Bidang)."""
    with ws.transaction("uji") as j:
        for b in ws.inputs.org.bidang:
            key = f"formulir:{b.kode}"
            j.reserve_document(key, "formulir", 2, f"Formulir {b.nama}", bidang=b.kode)
            path = ws.folder("formulir") / f"formulir-{b.kode}-{ws.periode}-v1.xlsx"
            path.write_bytes(b"placeholder")
            j.register_version(key, ws.relative(path), "0" * 64)
        j.finish_step(2)
        j.finish_step(3)


def run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(kinerja, list(args), catch_exceptions=False)


def init(runner: CliRunner, output: Path, periode: str = "2025", *extra: str) -> Workspace:
    result = run(runner, "init", "--periode", periode, "--contoh", "--output", str(output), *extra)
    assert result.exit_code == 0, result.output
    return Workspace.open(output, Periode.parse(periode))


def test_memo_content_and_manifest(tmp_path: Path, runner: CliRunner) -> None:
    ws = init(runner, tmp_path)
    result = run(runner, "memo", "--periode", "2025", "--output", str(tmp_path), "--sifat", "biasa")
    assert result.exit_code == 0, result.output
    journal = ws.snapshot()
    doc = journal.find("memo")
    assert doc is not None and doc.jenis == "memo" and journal.step(1).status == "selesai"
    version = doc.latest
    assert version.nomor is not None and NOMOR.fullmatch(version.nomor)
    text = docx_text(ws.path(version.path))
    org = ws.inputs.org
    assert f"Nomor: {version.nomor}" in text
    assert f"Malang, {tanggal_id(version.dibuat.date())}" in text
    assert TANGGAL.search(text)
    assert "NIP. 19730419 199602 2 001" in text
    assert org.pejabat.sekretaris.nama in text and org.pejabat.kasubag.nama in text
    assert "PEMERINTAH KOTA MALANG" in text and "BADAN KESATUAN BANGSA DAN POLITIK" in text
    assert "☒ Biasa" in text and "☐ Segera" in text
    assert "☒  Siapkan formulir pengumpulan data capaian kinerja" in text
    assert re.search(r"Batas waktu penyelesaian: \w+, \d+ \w+ \d{4} pukul \d\d\.\d\d WIB", text)
    assert f"Id dokumen {doc.id} · versi 1 · sidik {version.meta['sidik']}" in text
    assert version.meta["qr"].startswith(f"{doc.id}|{journal.data.workspace_id}|")
    assert (
        len(
            Document(str(ws.path(version.path)))
            .sections[0]
            .footer.tables[0]
            ._tbl.xpath(".//pic:pic")
        )
        == 1
    )


def test_regenerated_draft_keeps_number_printed_gets_new(tmp_path: Path, runner: CliRunner) -> None:
    ws = init(runner, tmp_path)
    args = ("memo", "--periode", "2025", "--output", str(tmp_path))
    assert run(runner, *args).exit_code == 0
    first = ws.snapshot().find("memo")
    assert first is not None
    assert run(runner, *args, "--catatan", "Arahan baru").exit_code == 0
    again = ws.snapshot().find("memo")
    assert again is not None and len(again.versions) == 1
    assert again.latest.nomor == first.latest.nomor
    assert "Arahan baru" in docx_text(ws.path(again.latest.path))
    with ws.transaction("uji") as j:
        j.set_state(again.id, "dicetak")
    assert run(runner, *args).exit_code == 0
    third = ws.snapshot().find("memo")
    assert third is not None and [v.versi for v in third.versions] == [1, 2]
    assert third.latest.nomor != first.latest.nomor
    assert ws.path(third.versions[0].path).is_file()  # the printed version is untouched


def test_tanda_terima_needs_formulir(tmp_path: Path, runner: CliRunner) -> None:
    ws = init(runner, tmp_path)
    result = runner.invoke(
        kinerja, ["tanda-terima", "--periode", "2025", "--output", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "langkah 2" in result.output and "Traceback" not in result.output
    assert ws.snapshot().find("tanda_terima") is None


def test_tanda_terima_lists_every_bidang(tmp_path: Path, runner: CliRunner) -> None:
    ws = init(runner, tmp_path)
    add_formulir(ws)
    result = run(runner, "tanda-terima", "--periode", "2025", "--output", str(tmp_path))
    assert result.exit_code == 0, result.output
    journal = ws.snapshot()
    doc = journal.find("tanda_terima")
    assert doc is not None and journal.step(4).status == "selesai"
    path = ws.path(doc.latest.path)
    text = docx_text(path)
    assert doc.latest.nomor and NOMOR.fullmatch(doc.latest.nomor)
    assert "5 (lima) berkas" in text
    table = next(
        t for t in Document(str(path)).tables if "Nama penerima" in t.rows[0].cells[-3].text
    )
    rows = table.rows[1:]
    assert [r.cells[1].text for r in rows] == [b.nama for b in ws.inputs.org.bidang]
    for row, b in zip(rows, ws.inputs.org.bidang, strict=True):
        assert f"formulir-{b.kode}-2025-v1.xlsx" in row.cells[2].text
        assert f"FORM-2025-{b.kode}, versi 1" in row.cells[2].text
    assert "NIP. 19920725 201903 1 004" in text  # the staf who handed them over
    assert "Yang menyerahkan," in text and "Mengetahui," in text


def test_return_disposisi(tmp_path: Path, runner: CliRunner) -> None:
    ws = init(runner, tmp_path)
    with ws.transaction("uji") as j:
        version = create_return_disposisi(ws, j, ["IDE", "KWS"], "Lengkapi kendala & upaya <2>.")
    journal = ws.snapshot()
    doc = journal.find("disposisi:1")
    assert doc is not None and doc.jenis == "disposisi" and doc.langkah == 10
    assert version.meta["bidang"] == ["IDE", "KWS"]
    text = docx_text(ws.path(version.path))
    assert "Lengkapi kendala & upaya <2>." in text
    assert "Plt. Kepala Bidang Kewaspadaan Nasional dan Penanganan Konflik" in text
    assert "☒  Untuk dilengkapi sesuai arahan" in text
    assert "2 hari, langkah 5" in text
    assert version.nomor and NOMOR.fullmatch(version.nomor)


def test_hostile_org_renders_literally(tmp_path: Path, runner: CliRunner) -> None:
    org = hostile_org(tmp_path)
    ws = init(runner, tmp_path / "out", "2025", "--org", str(org))
    out = str(tmp_path / "out")
    assert run(runner, "memo", "--periode", "2025", "--output", out).exit_code == 0
    add_formulir(ws)
    assert run(runner, "tanda-terima", "--periode", "2025", "--output", out).exit_code == 0
    journal = ws.snapshot()
    memo = docx_text(ws.path(journal.find("memo").latest.path))  # type: ignore[union-attr]
    tt = docx_text(ws.path(journal.find("tanda_terima").latest.path))  # type: ignore[union-attr]
    assert HOSTILE["instansi"].upper() in memo and HOSTILE["alamat"] in memo
    assert HOSTILE["sekretaris"] in memo and HOSTILE["kasubag"] in memo
    assert HOSTILE["kabid"] not in memo
    assert HOSTILE["kasubag"] in tt and HOSTILE["instansi"].upper() in tt
    assert "49" not in HOSTILE["instansi"] and "{{ 7*7 }}" in memo


def test_two_memo_processes_get_different_numbers(tmp_path: Path, runner: CliRunner) -> None:
    for periode in ("2025-TW1", "2025-TW2"):
        init(runner, tmp_path, periode)
    code = "from generator.cli import main; main()"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, "memo", "--periode", p, "--output", str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for p in ("2025-TW1", "2025-TW2")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    numbers = [
        Workspace.open(tmp_path, Periode.parse(p)).snapshot().find("memo").latest.nomor  # type: ignore[union-attr]
        for p in ("2025-TW1", "2025-TW2")
    ]
    assert numbers[0] != numbers[1]
    register = json.loads((tmp_path / REGISTER_NAME).read_text(encoding="utf-8"))
    assert sorted(e["nomor"] for e in register["nomor"]) == sorted(numbers)
    assert {e["periode"] for e in register["nomor"]} == {"2025-TW1", "2025-TW2"}


def test_templat_periksa(tmp_path: Path, runner: CliRunner) -> None:
    result = run(runner, "templat", "periksa")
    assert result.exit_code == 0, result.output
    assert "memo.docx" in result.output and "tanda_terima.docx" in result.output
    broken = tmp_path / "memo.docx"
    doc = Document(
        str(Path(__file__).resolve().parents[2] / "generator" / "templates" / "memo.docx")
    )
    doc.add_paragraph("{{ kop.instasi }} {{ tidak_ada }}")
    doc.save(str(broken))
    result = runner.invoke(kinerja, ["templat", "periksa", str(broken)])
    assert result.exit_code == 1
    assert "kop.instasi" in result.output and "tidak_ada" in result.output
