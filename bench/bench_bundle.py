"""Benchmark: build_bundle on 300 documents (some image-heavy) against pypdf append.

Each measurement runs in a fresh interpreter under ``/usr/bin/time`` so that
the peak RSS belongs to that method alone (``ru_maxrss`` of a forked child
would carry the parent's pages).

    .venv/bin/python bench/bench_bundle.py [--docs 300] [--keep DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

IMAGE_EVERY = 5  # every 5th document carries noisy (incompressible) images


def make_inputs(directory: Path, count: int) -> list[Path]:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from generator.pdf import bundle_pages

    bundle_pages.register_fonts()
    images = []
    for seed in range(3):
        png = directory / f"noise{seed}.png"
        from PIL import Image

        Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3)).save(png)
        images.append(ImageReader(str(png)))
    paths = []
    for index in range(count):
        path = directory / f"doc{index:04d}.pdf"
        canvas = Canvas(str(path), initialFontName=bundle_pages.SANS)  # type: ignore[arg-type]
        for page in range(1 + index % 3):
            canvas.setFont(bundle_pages.SANS, 12)
            canvas.drawString(72, 780, f"Dokumen {index} halaman {page + 1}")
            if index % IMAGE_EVERY == 0:
                canvas.drawImage(images[(index + page) % 3], 72, 200, 450, 450)
            canvas.showPage()
        canvas.save()
        paths.append(path)
    return paths


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


Result = dict[str, float]


def _docs(directory: Path) -> list[Path]:
    return sorted(directory.glob("doc*.pdf"))


def run_build_bundle(directory: Path, out: Path) -> Result:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from generator.pdf.bundle import BundleDocument, BundleMeta, build_bundle

    paths = _docs(directory)
    base = _peak_mib()
    docs = [
        BundleDocument(p.stem, f"Dokumen {i}", "memo", 1 + i // 30, f"Langkah {1 + i // 30}",
                       1, "final", hashlib.sha256(p.name.encode()).hexdigest(), p)
        for i, p in enumerate(paths)
    ]  # fmt: skip
    meta = BundleMeta("Bench", "kinerja", "bench", ["bench"], "Instansi", "2024",
                      "Pengukuran Kinerja", "SOP/1", datetime(2024, 1, 5))  # fmt: skip
    start = time.perf_counter()
    build_bundle(docs, [], meta, out)
    return {"seconds": time.perf_counter() - start, "peak_mib_self": _peak_mib(), "base": base}


def run_pypdf(directory: Path, out: Path) -> Result:
    from pypdf import PdfWriter

    paths = _docs(directory)
    base = _peak_mib()
    start = time.perf_counter()
    writer = PdfWriter()
    for path in paths:
        writer.append(str(path))
    with out.open("wb") as handle:
        writer.write(handle)
    return {"seconds": time.perf_counter() - start, "peak_mib_self": _peak_mib(), "base": base}


def run_sign(pdf: Path, workdir: Path) -> Result:
    import datetime as dt

    from generator.pdf.bundle_pages import STAMP_BOX
    from generator.pdf.signing import StampText, create_demo_ca, load_signer, sign_pdf

    creds = create_demo_ca(workdir / "ca", "Bench", "Sekretaris", "Instansi")
    signer = load_signer(creds.p12, creds.passphrase)
    stamp = StampText("Bench", "Sekretaris", dt.date(2024, 1, 5), demo=True)
    start = time.perf_counter()
    sign_pdf(pdf, workdir / "signed.pdf", signer, stamp_box=STAMP_BOX, stamp_lines=stamp)
    return {"seconds": time.perf_counter() - start, "peak_mib_self": _peak_mib()}


RUNNERS = {"build_bundle": run_build_bundle, "pypdf_append": run_pypdf, "sign": run_sign}


def measure(name: str, first: Path, second: Path) -> Result:
    """Run one method in a fresh interpreter; peak RSS from /usr/bin/time."""
    cmd = [sys.executable, __file__, "--run", name, "--args", str(first), str(second)]
    if Path("/usr/bin/time").exists():
        cmd = ["/usr/bin/time", "-f", "MAXRSS_KB %M", *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=900)
    result: Result = json.loads(done.stdout.strip().splitlines()[-1])
    for line in done.stderr.splitlines():
        if line.startswith("MAXRSS_KB "):
            result["peak_mib"] = int(line.split()[1]) / 1024
    return result


def _child(name: str, first: str, second: str) -> None:
    print(json.dumps(RUNNERS[name](Path(first), Path(second))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--args", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        _child(args.run, *args.args)
        return
    work = Path(tempfile.mkdtemp(prefix="bench-bundle-"))
    try:
        paths = make_inputs(work, args.docs)
        size = sum(p.stat().st_size for p in paths) / 2**20
        results = {
            "inputs": {"docs": args.docs, "mib": round(size, 1)},
            "build_bundle": measure("build_bundle", work, work / "bundle.pdf"),
            "pypdf_append": measure("pypdf_append", work, work / "pypdf.pdf"),
            "sign": measure("sign", work / "bundle.pdf", work),
        }
        results["build_bundle"]["out_mib"] = (work / "bundle.pdf").stat().st_size / 2**20
        print(json.dumps(results, indent=2, default=lambda v: round(v, 2)))
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(work / "signed.pdf", args.keep / "bench-signed.pdf")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
