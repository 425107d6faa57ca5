"""Benchmark: docx/xlsx to PDF/A-2b three ways, in one run.

(a) one ``soffice --convert-to`` process per file (the naive way),
(b) ``convert_documents`` with a cold cache (local pool of warm UNO workers),
(c) ``convert_documents`` over two local unoservers started with
    ``unoserver_launcher.py`` on ports 2003/2004 (KINERJA_UNOSERVER).

Usage: .venv/bin/python bench/bench_convert.py [--demo | --docs FOLDER | --count 24]
--demo runs `kinerja demo` into a temporary folder and converts its documents (memo, formulir,
tanda terima, received formulir, rekap versions, disposisi, laporan); --docs takes every
.docx/.xlsx below FOLDER; otherwise a synthetic set of --count documents is built.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx
import openpyxl
import unoserver
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.convert import (
    UNOSERVER_ENV,
    ConversionJob,
    LocalPool,
    UnoserverPool,
    convert_documents,
    pdfa_claim,
)

LAUNCHER = Path(__file__).resolve().parent.parent / "generator/convert/unoserver_launcher.py"
FILTER_DATA = {
    "SelectPdfVersion": {"type": "long", "value": "2"},
    "UseLosslessCompression": {"type": "boolean", "value": "true"},
}


def make_memo(path: Path, n: int) -> None:
    document = docx.Document()
    document.add_heading(f"MEMO DINAS Nomor 000.9.3.3/{n:03d}/35.73.505/2024", 1)
    for i in range(6):
        document.add_paragraph(f"Butir {i + 1}. " + "Mohon data capaian kinerja triwulan. " * 6)
    table = document.add_table(rows=5, cols=4)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"{r}.{c}"
    document.save(str(path))


def make_report(path: Path, chapters: int) -> None:
    document = docx.Document()
    document.add_paragraph("DAFTAR ISI")
    paragraph = document.add_paragraph()
    for kind, text in (("begin", None), (None, 'TOC \\o "1-3" \\h \\z \\u'), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.text = text
        run._r.append(element)
    paragraph.add_run("Daftar isi")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for i in range(1, chapters + 1):
        document.add_heading(f"BAB {i}", 1)
        for j in range(8):
            document.add_heading(f"{i}.{j + 1} Sasaran", 2)
            document.add_paragraph("Uraian capaian indikator kinerja utama. " * 25)
    document.save(str(path))


def make_rekap(path: Path, rows: int) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["No", "Indikator", "Target", "Realisasi", "Capaian %"])
    for r in range(2, rows + 2):
        ws.append([r - 1, f"Indikator {r - 1}", 100 + r, 90 + r, f"=D{r}/C{r}*100"])
    ws.append(["", "Rata-rata", "", "", f"=AVERAGE(E2:E{rows + 1})"])
    wb.save(path)


def build(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for n in range(count):
        if n % 3 == 2:
            path = folder / f"rekap-{n:02d}.xlsx"
            make_rekap(path, 20 + n)
        elif n % 6 == 1:
            path = folder / f"laporan-{n:02d}.docx"
            make_report(path, 3)
        else:
            path = folder / f"memo-{n:02d}.docx"
            make_memo(path, n)
        paths.append(path)
    return paths


def one_soffice_per_file(sources: list[Path], out: Path, profile: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for source in sources:
        export = "calc_pdf_Export" if source.suffix == ".xlsx" else "writer_pdf_Export"
        target = f"pdf:{export}:{json.dumps(FILTER_DATA)}"
        subprocess.run(
            [
                *("soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}"),
                *("--convert-to", target, "--outdir", str(out), str(source)),
            ],
            capture_output=True,
            check=False,
        )
    return sum(1 for s in sources if pdfa_claim(out / f"{s.stem}.pdf") == (2, "B"))


@contextlib.contextmanager
def launchers(ports: list[int]):  # type: ignore[no-untyped-def]
    site = str(Path(unoserver.__file__).resolve().parent.parent)
    procs = [
        subprocess.Popen(
            [
                *("/usr/bin/python3", str(LAUNCHER), "--port", str(port)),
                *("--uno-port", str(port + 100), "--unoserver-path", site),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for port in ports
    ]
    try:
        yield
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def wait_ready(hosts: str, limit: float = 60.0) -> float:
    start = time.monotonic()
    pool = UnoserverPool(hosts)
    while time.monotonic() - start < limit:
        if all(server.ping(timeout=2) for server in pool.servers):
            return time.monotonic() - start
        time.sleep(0.5)
    raise RuntimeError(f"unoservers {hosts} not ready after {limit:g} s")


def timed(label: str, run, rows: list[tuple[str, int, float]], n: int) -> None:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    ok = run()
    rows.append((label, ok if isinstance(ok, int) else n, time.monotonic() - start))
    print(f"  {label}: {rows[-1][2]:.2f} s", file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, help="use the .docx/.xlsx files below this folder")
    parser.add_argument("--demo", action="store_true", help="use the documents of a demo run")
    parser.add_argument("--count", type=int, default=24, help="documents to build")
    parser.add_argument("--skip-unoserver", action="store_true")
    args = parser.parse_args()
    os.environ.pop(UNOSERVER_ENV, None)
    with tempfile.TemporaryDirectory(prefix="bench-convert-") as tmp:
        root = Path(tmp)
        if args.demo:
            from generator.demo.cycle import run_demo

            args.docs = run_demo(root / "demo").workspace.root
        if args.docs:
            sources = sorted(p for p in args.docs.rglob("*") if p.suffix in (".docx", ".xlsx"))
            if not sources:
                parser.error(f"no .docx/.xlsx below {args.docs}")
        else:
            sources = build(root / "src", args.count)
        n = len(sources)
        kinds = f"{sum(s.suffix == '.docx' for s in sources)} docx, "
        kinds += f"{sum(s.suffix == '.xlsx' for s in sources)} xlsx"
        print(f"{n} documents ({kinds}), {os.cpu_count()} cores", file=sys.stderr)
        rows: list[tuple[str, int, float]] = []
        timed(
            "(a) soffice --convert-to per file",
            lambda: one_soffice_per_file(sources, root / "a", root / "profile-a"),
            rows,
            n,
        )
        timed(
            "(b) convert_documents, local pool",
            lambda: convert_documents(sources, root / "b", cache_dir=root / "cache-b"),
            rows,
            n,
        )
        timed(
            "(b') same again, all cached",
            lambda: convert_documents(sources, root / "b2", cache_dir=root / "cache-b"),
            rows,
            n,
        )
        with LocalPool() as pool:
            jobs = [ConversionJob(s, root / "w" / f"{s.stem}.pdf") for s in sources]
            timed(
                "(b'') local pool, warm (start not counted)",
                lambda: sum(r.ok for r in pool.convert(jobs)),
                rows,
                n,
            )
        if not args.skip_unoserver:
            hosts = "127.0.0.1:2003,127.0.0.1:2004"
            with launchers([2003, 2004]):
                ready = wait_ready(hosts)
                print(f"  two unoservers ready after {ready:.1f} s (not counted)", file=sys.stderr)
                os.environ[UNOSERVER_ENV] = hosts
                try:
                    timed(
                        "(c) convert_documents, 2 unoservers",
                        lambda: convert_documents(sources, root / "c", cache_dir=root / "cache-c"),
                        rows,
                        n,
                    )
                finally:
                    os.environ.pop(UNOSERVER_ENV, None)
    base = rows[0][1] / rows[0][2]
    print(f"{'method':42} {'ok':>4} {'seconds':>8} {'docs/s':>8} {'ratio':>6}")
    for label, ok, seconds in rows:
        rate = ok / seconds
        print(f"{label:42} {ok:>4} {seconds:>8.2f} {rate:>8.2f} {rate / base:>6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
