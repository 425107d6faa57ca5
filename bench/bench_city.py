"""A city: many offices through one warm converter, documents per second, local vs unoserver.

    .venv/bin/python bench/bench_city.py [--quick] [--offices N] [--skip-unoserver]

Each office runs the whole SOP cycle of the demo (the sample office: 5 Bidang, 41
indicators; memo to signed archive) in one process with one converter session, as a
city's server would. Run once through the local pool of warm workers and once through
two local unoserver instances (KINERJA_UNOSERVER, the backend a city would spread over
machines); the ratio is taken in this run. Goal: 40 archives in under 2 minutes here.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import record, table


def city(offices: int, root: Path, parallel: int = 1) -> tuple[float, int]:
    """Seconds for ``offices`` full cycles in one session, and documents converted;
    ``parallel`` offices at a time (threads, as a web server's requests run)."""
    from generator.convert import UNOSERVER_ENV, ConversionResult, converter_session
    from generator.demo.cycle import run_demo

    delivered: set[Path] = set()  # every document that got its PDF (once, however many uses)

    def count(result: ConversionResult) -> None:
        if result.ok:
            delivered.add(result.job.source)

    start = time.perf_counter()

    def one(n: int) -> None:
        result = run_demo(root / f"kantor-{n:02d}", on_converted=count)
        assert result.verifikasi is not None and result.arsip is not None

    with converter_session() as session:
        session.warm()
        with ThreadPoolExecutor(parallel) as pool:
            list(pool.map(one, range(offices)))
    wall = time.perf_counter() - start
    print(
        f"{offices} kantor ({os.environ.get(UNOSERVER_ENV) or 'lokal'}): {wall:.1f} s", flush=True
    )
    return wall, len(delivered)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="4 offices instead of 40")
    parser.add_argument("--offices", type=int, default=None)
    parser.add_argument("--skip-unoserver", action="store_true")
    parser.add_argument(
        "--parallel", type=int, default=1, help="offices at a time (threads); default 1"
    )
    args = parser.parse_args()
    # What `kinerja` (and so `kinerja web`, a city's server) sets for its process; an older
    # tree (run with PYTHONPATH) may not have it yet.
    from generator import cli

    gc.set_threshold(*getattr(cli, "GC_THRESHOLD", gc.get_threshold()))
    offices = args.offices or (4 if args.quick else 40)
    rows = []
    with tempfile.TemporaryDirectory(prefix="kinerja-kota-") as tmp:
        wall, docs = city(offices, Path(tmp) / "lokal", args.parallel)
        rows.append(("kolam lokal (2 pekerja)", offices, docs, wall, docs / wall, 1.0))
        if not args.skip_unoserver:
            from bench.bench_convert import launchers, wait_ready
            from generator.convert import UNOSERVER_ENV

            hosts = "127.0.0.1:2003,127.0.0.1:2004"
            with launchers([2003, 2004]):
                wait_ready(hosts)
                os.environ[UNOSERVER_ENV] = hosts
                try:
                    remote, rdocs = city(offices, Path(tmp) / "unoserver", args.parallel)
                finally:
                    del os.environ[UNOSERVER_ENV]
            rows.append(
                ("2 unoserver lokal", offices, rdocs, remote, rdocs / remote, remote / wall)
            )
    header = ["konverter", "kantor", "dokumen", "s", "dokumen/s", "rasio waktu"]
    record(
        f"Kota: {offices} kantor, {args.parallel} sekaligus, satu konverter hangat"
        " (tujuan: 40 arsip < 120 s)",
        " ".join(["bench/bench_city.py", *sys.argv[1:]]),
        table(header, rows),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
