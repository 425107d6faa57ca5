"""Merging PDFs (pdf/bundle.merge_pdfs, used by cetak and arsip) in memory that grows with the
pages copied, not with the objects of the files (issue 14): LibreOffice's tagged LKj of 2,000
indicators holds 668,800 objects, most of them its structure tree, which no page uses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from generator.errors import InputError
from generator.pdf import bundle
from generator.pdf.bundle import merge_pdfs
from generator.pdf.pagehash import page_fingerprint


def tagged_like(path: Path, pages: int, unused: int) -> Path:
    """A PDF shaped like LibreOffice's tagged export: the page tree's root holds a direct
    /MediaBox and the /Resources its pages inherit, and a structure tree of ``unused``
    objects that no page refers to."""
    first_page, first_content = 4, 4 + pages
    tree = first_content + pages
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages))
    objects = {
        1: f"<< /Type /Catalog /Pages 2 0 R /StructTreeRoot {tree} 0 R >>",
        2: f"<< /Type /Pages /Count {pages} /Kids [{kids}] /MediaBox [0 0 595 842]"
        " /Resources << /Font << /F1 3 0 R >> >> >>",
        3: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        tree: "<< /Type /StructTreeRoot /K ["
        + " ".join(f"{tree + 1 + i} 0 R" for i in range(unused))
        + "] >>",
    }
    for i in range(pages):
        content = f"BT /F1 12 Tf 72 720 Td (Halaman {i + 1}) Tj ET"
        objects[first_page + i] = (
            f"<< /Type /Page /Parent 2 0 R /Contents {first_content + i} 0 R /StructParents {i} >>"
        )
        objects[first_content + i] = f"<< /Length {len(content)} >>\nstream\n{content}\nendstream"
    for i in range(unused):
        objects[tree + 1 + i] = f"<< /Type /StructElem /S /P /P {tree} 0 R /K {i} >>"
    data = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(data)
        data += f"{number} 0 obj\n{objects[number]}\nendobj\n".encode()
    xref, size = len(data), max(objects) + 1
    data += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    data += b"".join(f"{offsets[n]:010d} 00000 n \n".encode() for n in range(1, size))
    data += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(data)
    return path


def test_pages_keep_what_they_inherit_and_copies_count(tmp_path: Path) -> None:
    source = tagged_like(tmp_path / "lkj.pdf", pages=5, unused=10)
    other = tagged_like(tmp_path / "rekap.pdf", pages=2, unused=0)
    out = tmp_path / "cetak.pdf"
    assert merge_pdfs([other, source, source], out) == 12
    with pikepdf.open(source) as src, pikepdf.open(out) as merged:
        assert merged.Root.Pages.Count == len(merged.pages) == 12
        expected = [page_fingerprint(p) for p in src.pages]
        assert [page_fingerprint(p) for p in merged.pages[2:7]] == expected
        assert [page_fingerprint(p) for p in merged.pages[7:]] == expected
        for page in merged.pages:
            assert list(page.obj.MediaBox) == [0, 0, 595, 842]
            assert page.obj.Resources.Font.F1.BaseFont == "/Helvetica"
        assert "/StructTreeRoot" not in merged.Root


def test_a_large_merge_runs_in_a_process_of_its_own_with_the_same_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above ``MERGE_APART_BYTES`` qpdf's page objects are held by a fresh interpreter, not by
    the process that later signs the archive."""
    source = tagged_like(tmp_path / "lkj.pdf", pages=5, unused=10)
    other = tagged_like(tmp_path / "rekap.pdf", pages=2, unused=0)
    here = merge_pdfs([other, source, source], tmp_path / "sini.pdf")
    started: list[list[str]] = []
    run = subprocess.run

    def seen(argv: list[str], **kwargs: object) -> object:
        started.append(argv)
        return run(argv, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(bundle, "MERGE_APART_BYTES", 0)
    monkeypatch.setattr(subprocess, "run", seen)
    apart = merge_pdfs([other, source, source], tmp_path / "terpisah.pdf")
    assert apart == here == 12
    assert [argv[1:3] for argv in started] == [["-m", "generator.base.pdfconcat"]]
    with pikepdf.open(tmp_path / "sini.pdf") as a, pikepdf.open(tmp_path / "terpisah.pdf") as b:
        assert [page_fingerprint(p) for p in b.pages] == [page_fingerprint(p) for p in a.pages]


@pytest.mark.parametrize("apart", [False, True])
def test_a_part_that_is_not_a_pdf_is_named_in_the_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, apart: bool
) -> None:
    if apart:
        monkeypatch.setattr(bundle, "MERGE_APART_BYTES", 0)
    good = tagged_like(tmp_path / "baik.pdf", pages=1, unused=0)
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(b"bukan PDF sama sekali")
    out = tmp_path / "gabung.pdf"
    with pytest.raises(InputError, match=r"Penggabungan PDF gagal: .*rusak\.pdf"):
        merge_pdfs([good, broken], out)
    assert not out.exists()


def test_merging_does_not_load_objects_no_page_uses(tmp_path: Path) -> None:
    """qpdf made the inherited /MediaBox an indirect object and, to do that, resolved every
    object of the file first (120 MiB here, 900 MiB for the real LKj)."""
    source = tagged_like(tmp_path / "lkj.pdf", pages=40, unused=100_000)
    code = (
        "import re, sys\n"
        "from pathlib import Path\n"
        "from generator.pdf.bundle import merge_pdfs\n"
        "def hwm():\n"
        "    status = open('/proc/self/status').read()\n"
        "    return int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024\n"
        "before = hwm()\n"
        "pages = merge_pdfs([Path(sys.argv[1])] * 2, Path(sys.argv[2]))\n"
        "print(pages, hwm() - before)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(source), str(tmp_path / "out.pdf")],
        capture_output=True,
        text=True,
        check=True,
    )
    pages, growth_mib = map(int, done.stdout.split())
    assert pages == 80
    assert growth_mib < 50, growth_mib


_HELD_AFTER_FREE = """
import sys
from generator.base.heap import keep_large_blocks_mapped
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
if sys.argv[1] == "fixed":
    keep_large_blocks_mapped()
big = bytes(8 << 20)
del big  # glibc raises its mmap threshold to 8 MiB here
base = rss()
blocks, pins = [], []
for _ in range(200):
    blocks.append(bytearray(1 << 20))
    pins.append(bytearray(2000))  # a small block after each: the heap cannot shrink
del blocks
print(rss() - base)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc needed")
def test_large_blocks_go_back_to_the_system_when_freed() -> None:
    """After one large block was freed glibc put later ones of 1 MiB on the heap, where they
    stayed: the archive of 2,000 indicators held 40 MiB more when its output path was longer."""

    def held(mode: str) -> int:
        done = subprocess.run(
            [sys.executable, "-c", _HELD_AFTER_FREE, mode],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return int(done.stdout.strip())

    if held("dynamic") < 150:
        pytest.skip("this C library gives large blocks back by itself")
    assert held("fixed") < 20
