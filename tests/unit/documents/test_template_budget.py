"""A user template is code on a budget (issue 13.12) whose failures are messages (13.13), and a
nomor naskah is registered only for a document that was written (13.12)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document

from generator.documents.memo import create_memo
from generator.documents.render import SHIPPED_TEMPLATES, render_docx
from generator.errors import TemplateError
from generator.workspace.folder import TEMPLATE_DIR, Workspace
from generator.workspace.numbering import LOCK_NAME, REGISTER_NAME


def _template(path: Path, *paragraphs: str) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


def _refusal(tmp_path: Path, *paragraphs: str) -> tuple[str, float]:
    template = _template(tmp_path / "surat.docx", "Halo {{ nama }}", *paragraphs)
    started = time.perf_counter()
    with pytest.raises(TemplateError) as info:
        render_docx(template, {"nama": "Budi"}, tmp_path / "hasil.docx")
    assert not (tmp_path / "hasil.docx").exists()
    return info.value.render(), time.perf_counter() - started


@pytest.mark.parametrize(
    ("loop", "limit"),
    [
        ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
         "range() lebih dari 10.000"),
        ("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
         "lebih dari 1 detik"),
        ("{{ 'x' * 1000000000 }}", "lebih dari 1.000.000 karakter"),
    ],
)  # fmt: skip
def test_runaway_template_is_stopped_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loop: str, limit: str
) -> None:
    monkeypatch.setattr("generator.documents.sandbox.TIME_S", 1.0)
    message, elapsed = _refusal(tmp_path, loop)
    assert "Templat surat.docx dihentikan" in message and limit in message, message
    assert elapsed < 10


@pytest.mark.parametrize(
    ("tag", "reason"),
    [
        ("{{ 1/0 }}", "pembagian dengan nol"),
        ("{% include 'lain.docx' %}", "tidak boleh menyertakan templat lain"),
        ("{% if nama + 1 %}", "jenis nilai tidak cocok"),
    ],
)
def test_runtime_error_names_template_and_tag(tmp_path: Path, tag: str, reason: str) -> None:
    text = tag + "ya{% endif %}" if tag.startswith("{% if") else tag
    message, _ = _refusal(tmp_path, "Tanggal {{ nama }}", text)
    assert "Templat surat.docx" in message and f"pada tag {tag}" in message, message
    assert reason in message, message


def _memo_template(workspace: Workspace, extra: str | None) -> None:
    """The workspace's own memo template (a workspace renders with its copy), plus ``extra``."""
    doc = Document(str(SHIPPED_TEMPLATES / "memo.docx"))
    if extra is not None:
        doc.add_paragraph(extra)
    workspace.path(TEMPLATE_DIR).mkdir(exist_ok=True)
    doc.save(str(workspace.path(TEMPLATE_DIR) / "memo.docx"))


def _numbers(workspace: Workspace) -> list[str]:
    register = workspace.root.parent / REGISTER_NAME
    if not register.exists():
        return []
    return [e["nomor"] for e in json.loads(register.read_text(encoding="utf-8"))["nomor"]]


def test_failed_render_registers_no_nomor(workspace: Workspace) -> None:
    _memo_template(workspace, "{{ 1/0 }}")
    with pytest.raises(TemplateError, match=r"memo\.docx: gagal diisi pada tag \{\{ 1/0 \}\}"):
        create_memo(workspace)
    assert _numbers(workspace) == []
    _memo_template(workspace, None)
    version = create_memo(workspace)
    assert version.nomor is not None and "/001/" in version.nomor
    assert _numbers(workspace) == [version.nomor]


CHILD = """
import sys
from pathlib import Path
from generator.base.periode import Periode
from generator.documents.memo import create_memo
from generator.workspace.folder import TEMPLATE_DIR, Workspace
create_memo(Workspace.open(Path(sys.argv[1]), Periode.parse("2025")))
"""


def test_killed_render_registers_no_nomor(workspace: Workspace) -> None:
    _memo_template(
        workspace, "{% for i in range(9000) %}{% for j in range(9000) %}{% endfor %}{% endfor %}"
    )
    lock = workspace.root.parent / LOCK_NAME
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(workspace.root.parent)])
    try:
        deadline = time.monotonic() + 60
        while not lock.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert lock.exists() and child.poll() is None  # inside the render, nomor in hand
        time.sleep(0.3)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert _numbers(workspace) == []
    assert not list(workspace.folder("memo").glob("*.docx"))


def test_the_budget_grows_with_the_data_not_with_the_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large office's LKj (2,000 indicators) went past the fixed limits; a long loop over a
    small context is still stopped by them."""
    monkeypatch.setattr("generator.documents.sandbox.TIME_S", 0.2)
    monkeypatch.setattr("generator.documents.sandbox.MAX_OUTPUT", 5_000)
    rows = [{"no": str(n), "nama": f"Indikator {n}"} for n in range(2_000)]
    template = _template(
        tmp_path / "daftar.docx", "{% for r in rows %}{{ r.no }} {{ r.nama }}; {% endfor %}"
    )
    render_docx(template, {"rows": rows}, tmp_path / "daftar-hasil.docx")  # 30,000 characters
    text = Document(str(tmp_path / "daftar-hasil.docx")).paragraphs[0].text
    assert text.endswith("1999 Indikator 1999; ")
    long_loop = "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
    message, _ = _refusal(tmp_path, long_loop)
    assert "lebih dari 0.2 detik" in message, message
