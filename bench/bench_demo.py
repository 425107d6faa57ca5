"""The whole demo against the bare conversion of its own office files, paired in one run.

    .venv/bin/python bench/bench_demo.py [--quick] [--runs N] [--baseline DIR]

A: `kinerja demo` (every SOP step, two prints, the LKj, the signed archive).
B: the documents that demo converts (dokumen/ and the print copies in pdf/.salinan),
   as two parallel `soffice --convert-to pdf` batches with their own profiles: the least
   any tool needs to turn those files into PDFs on this machine.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Run, builds, measure, median, record, table


def office_files(run: Path) -> list[Path]:
    root = next(run.glob("demo-*")) / "2025"
    files = [*root.glob("dokumen/**/*.docx"), *root.glob("dokumen/**/*.xlsx")]
    return sorted(files + list(root.glob("pdf/.salinan/*/*.xlsx")))


def bare_batch(files: list[Path], work: Path) -> Run:
    """Two soffice --convert-to processes, each with half of the files and its own profile."""
    shutil.rmtree(work, ignore_errors=True)
    halves = [files[0::2], files[1::2]]
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            [
                "soffice",
                f"-env:UserInstallation=file://{work}/profile-{i}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work / f"out-{i}"),
                *map(str, half),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i, half in enumerate(halves)
    ]
    status = max(p.wait() for p in procs)
    wall = time.perf_counter() - start
    made = len(list(work.glob("out-*/*.pdf")))
    if made != len(files):
        raise SystemExit(f"bare batch made {made} of {len(files)} PDFs")
    return Run("soffice --convert-to pdf (2 proses)", wall, 0.0, status)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 pair instead of 3")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument(
        "--baseline", type=Path, default=None, help="source tree of an older commit"
    )
    args = parser.parse_args()
    runs = args.runs or (1 if args.quick else 3)
    rows = []
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as tmp:
        root = Path(tmp)
        # one demo first, for its files (and to warm the disk cache)
        first = root / "first"
        measure([*builds(None)[0].argv("demo", "--output", str(first))])
        files = office_files(first)
        bare_batch(files, root / "bare")  # warm-up
        for build in builds(args.baseline):
            demos, bares = [], []
            for n in range(runs):
                out = root / f"{build.name}-{n}"
                demos.append(measure(build.argv("demo", "--output", str(out)), env=build.env()))
                if demos[-1].status != 0:
                    raise SystemExit(f"demo ({build.name}) gagal")
                bares.append(bare_batch(files, root / "bare"))
                shutil.rmtree(out, ignore_errors=True)
            ratio = median([d.wall / b.wall for d, b in zip(demos, bares, strict=True)])
            rows.append(
                (
                    build.name,
                    median([d.wall for d in demos]),
                    median([d.rss_mib for d in demos]),
                    median([b.wall for b in bares]),
                    ratio,
                )
            )
    header = ["versi", "kinerja demo s", "MiB", f"{len(files)} berkas, soffice 2 proses s", "rasio"]
    record(
        f"Demo vs konversi polos berkasnya ({runs} pasang, tujuan ≤ 2,0x)",
        " ".join(["bench/bench_demo.py", *sys.argv[1:]]),
        table(header, rows),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
