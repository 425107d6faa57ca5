"""Start-up: `kinerja --help` and `kinerja status` against `sqlite-utils --help`, paired.

    .venv/bin/python bench/bench_startup.py [--quick] [--runs N] [--baseline DIR]

Both are Click programs over a library; the ratio is taken pair by pair in one run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BIN, builds, median, median_ratio, paired, record, table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 pairs instead of 9")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument(
        "--baseline", type=Path, default=None, help="source tree of an older commit"
    )
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 9)
    anchor = [str(BIN / "sqlite-utils"), "--help"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as tmp:
        output = Path(tmp) / "out"
        for build in builds(args.baseline):
            init = build.argv("init", "--periode", "2025", "--output", str(output / build.name))
            from bench.common import measure

            measure(init, env=build.env())
            commands = {
                "kinerja --help": build.argv("--help"),
                "kinerja status": build.argv(
                    "status", "--periode", "2025", "--output", str(output / build.name)
                ),
            }
            for label, argv in commands.items():
                a, b = paired(argv, anchor, runs, env=build.env())
                rows.append(
                    (
                        build.name,
                        label,
                        median([r.wall for r in a]),
                        median([r.rss_mib for r in a]),
                        median([r.wall for r in b]),
                        median([r.rss_mib for r in b]),
                        median_ratio(a, b),
                    )
                )
    header = ["versi", "perintah", "s", "MiB", "sqlite-utils s", "MiB", "rasio (median pasangan)"]
    record(
        f"Start-up ({runs} pasang)",
        " ".join(["bench/bench_startup.py", *sys.argv[1:]]),
        table(header, rows),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
