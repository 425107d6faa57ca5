"""Every SOP action with the offices already warm, as the office web server runs them.

    .venv/bin/python bench/bench_warm.py [--office BIDANG,INDIKATOR] [--runs N]

One process opens one converter session (``api.converting()``, what `kinerja web` holds for
its lifetime), lets its offices start, and then times each action of the cycle through
``generator.api``: wall seconds and the CPU seconds of this process (the offices' CPU is
not in it). Goal of issue 14: `laporan` and `cetak` of the sample each within 3 s warm.
The sample runs by default; ``--office 20,400`` also runs a generated office.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PERIODE, median, record, table
from bench.office import fill_formulir, write_office

GOAL_S = 3.0


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cycle(root: Path, org: Path | None, master: Path | None) -> list[tuple[str, float, float]]:
    """(action, wall s, CPU s of this process) of one whole cycle inside the open session."""
    from generator import api

    out = root / "out"
    timed: list[tuple[str, float, float]] = []

    def step(label: str, action: Callable[[], Any]) -> Any:
        wall, cpu = time.perf_counter(), _cpu()
        value = action()
        timed.append((label, time.perf_counter() - wall, _cpu() - cpu))
        return value

    if org is None:
        step("init", lambda: api.init(out, PERIODE, contoh=True))
    else:
        step("init", lambda: api.init(out, PERIODE, org=org, indikator=master))
    step("memo", lambda: api.memo(out, PERIODE))
    step("formulir", lambda: api.formulir(out, PERIODE))
    step("tanda-terima", lambda: api.tanda_terima(out, PERIODE))
    step("cetak (langkah 1-4)", lambda: api.cetak(out, PERIODE))
    filled = fill_formulir(out / PERIODE, root / "terisi")
    step("kumpulkan", lambda: api.kumpulkan(out, PERIODE, filled))
    step("rekap", lambda: api.rekap(out, PERIODE))
    step("tinjau --setuju", lambda: api.setujui(out, PERIODE))
    step("laporan", lambda: api.laporan(out, PERIODE))
    step("cetak (rekap, LKj)", lambda: api.cetak(out, PERIODE))
    step("arsip", lambda: api.arsip(out, PERIODE, api.demo_signer(), belum_lengkap=True))
    step("status", lambda: api.status(out, PERIODE))
    return timed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--office", default=None, help="BIDANG,INDIKATOR of a generated office")
    parser.add_argument("--runs", type=int, default=3, help="cycles per office (median)")
    args = parser.parse_args()
    from generator import api

    offices: list[tuple[str, int | None, int | None]] = [("contoh", None, None)]
    if args.office:
        bidang, indikator = (int(x) for x in args.office.split(","))
        offices.append((f"{bidang} bidang, {indikator} indikator", bidang, indikator))
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory(prefix="kinerja-hangat-") as tmp, api.converting() as session:
        session.backend()  # the offices start now, before anything is timed
        for label, bidang, indikator in offices:
            org = master = None
            if bidang is not None and indikator is not None:
                org, master = write_office(Path(tmp) / label, bidang=bidang, indikator=indikator)
            runs = [cycle(Path(tmp) / label / f"run-{n}", org, master) for n in range(args.runs)]
            for index, (action, _, _) in enumerate(runs[0]):
                walls = [run[index][1] for run in runs]
                cpus = [run[index][2] for run in runs]
                goal = ""
                if label == "contoh" and action.startswith(("laporan", "cetak")):
                    goal = "ya" if median(walls) <= GOAL_S else "tidak"
                rows.append([label, action, f"{median(walls):.2f}", f"{median(cpus):.2f}", goal])
            print(f"{label}: {sum(w for _, w, _ in runs[-1]):.1f} s per siklus", flush=True)
    record(
        f"Perintah SOP dengan kantor hangat (median {args.runs} siklus, tujuan ≤ {GOAL_S:g} s)",
        " ".join(["bench/bench_warm.py", *sys.argv[1:]]),
        table(["kantor", "perintah", "s", "CPU s proses", "≤ 3 s"], rows),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
