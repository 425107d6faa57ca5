"""Every SOP command, as a whole process, on the sample and on generated offices of growing size.

    .venv/bin/python bench/bench_scale.py [--quick] [--baseline DIR] [--baseline-upto N]

Offices: the sample (5 Bidang, 41 indicators), then generated ones with 5/20/50 Bidang and
40/400/2,000 indicators (bench/office.py). For each: wall seconds and peak RSS (the largest
process: kinerja or its LibreOffice) and CPU seconds (user + system, all processes: the
figure a loaded machine disturbs least) of init, memo, formulir, tanda-terima, cetak, kumpulkan,
rekap, tinjau, laporan, cetak, arsip and status, then the slope per indicator of laporan
and arsip. --quick stops after the 40-indicator office. --baseline measures an older
commit too, for offices up to --baseline-upto indicators (default 400).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import builds, record, sop_cycle, table
from bench.office import write_office

OFFICES = [(5, 40), (20, 400), (50, 2000)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the sample and 40 indicators only")
    parser.add_argument(
        "--baseline", type=Path, default=None, help="source tree of an older commit"
    )
    parser.add_argument("--baseline-upto", type=int, default=400)
    parser.add_argument(
        "--office",
        action="append",
        default=[],
        metavar="BIDANG,INDIKATOR",
        help="only these generated offices (repeatable), e.g. --office 50,400 --office 5,400",
    )
    args = parser.parse_args()
    chosen = [tuple(int(x) for x in o.split(",")) for o in args.office]
    offices: list[tuple[str, int, int | None]] = [] if chosen else [("contoh", 5, None)]
    pairs = chosen or OFFICES[: 1 if args.quick else 3]
    offices += [(f"{b} bidang, {n} indikator", b, n) for b, n in pairs]
    command = " ".join(["bench/bench_scale.py", *sys.argv[1:]])
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as tmp:
        root = Path(tmp)
        for label, bidang, indikator in offices:
            rows = []
            org = master = None
            if indikator is not None:
                org, master = write_office(
                    root / label / "masukan", bidang=bidang, indikator=indikator
                )
            for build in builds(args.baseline):
                if build.source is not None and (indikator or 0) > args.baseline_upto:
                    continue
                runs = sop_cycle(root / label / build.name / "out", org, master, build=build)
                rows += [(build.name, r.command, r.wall, r.cpu, r.rss_mib) for r in runs]
                print(f"{label} ({build.name}): {sum(r.wall for r in runs):.1f} s", flush=True)
            record(
                f"Perintah SOP: {label}",
                command,
                table(["versi", "perintah", "s", "CPU s", "MiB puncak"], rows),
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
