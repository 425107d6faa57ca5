"""Shared parts of the benchmarks: timing a whole process, the SOP cycle, RESULTS.md.

Every figure is a whole process measured from outside with GNU time (wall seconds and the
peak RSS of the largest process), so what a user waits for is what is measured. Ratios are
taken in one run, pair by pair, because this kind of machine is shared and its speed drifts.
"""

from __future__ import annotations

import contextlib
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KINERJA = str(BIN / "kinerja")
RESULTS = ROOT / "bench" / "RESULTS.md"
PERIODE = "2025"


@dataclass(frozen=True)
class Run:
    command: str
    wall: float
    rss_mib: float
    status: int
    cpu: float = 0.0  # user + system seconds of the process and its children (load-proof)


def measure(
    argv: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Run:
    """Run ``argv`` once under GNU time; wall seconds and peak RSS (MiB) of the largest process."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        start = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M %U %S", "-o", out.name, *argv],
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        wall = time.perf_counter() - start
        rss_kib, user, system = map(float, Path(out.name).read_text().split()[-3:])
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode(errors="replace")[-2000:])
    return Run(shlex.join(argv), wall, rss_kib / 1024, done.returncode, user + system)


def paired(
    a: Sequence[str], b: Sequence[str], runs: int, **kw: object
) -> tuple[list[Run], list[Run]]:
    """``a`` and ``b`` in turn (one warm-up each), ``runs`` counted pairs."""
    measure(a, **kw)  # type: ignore[arg-type]
    measure(b, **kw)  # type: ignore[arg-type]
    first, second = [], []
    for _ in range(runs):
        first.append(measure(a, **kw))  # type: ignore[arg-type]
        second.append(measure(b, **kw))  # type: ignore[arg-type]
    return first, second


def median_ratio(a: Sequence[Run], b: Sequence[Run]) -> float:
    return statistics.median(x.wall / y.wall for x, y in zip(a, b, strict=True))


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


@dataclass(frozen=True)
class Build:
    """Which kinerja to run: this checkout, or the source tree of an earlier commit.

    ``--baseline DIR`` (a ``git archive`` of the old commit's ``generator/`` folder, run
    with this virtualenv) lets a benchmark measure before and after in one run.
    """

    name: str
    source: Path | None = None

    def argv(self, *args: str) -> list[str]:
        if self.source is None:
            return [KINERJA, *args]
        code = "import sys; from generator.cli import main; sys.exit(main())"
        # -P: no current folder on sys.path, or this checkout's generator/ would win
        return [sys.executable, "-P", "-c", code, *args]

    def env(self) -> dict[str, str]:
        return {} if self.source is None else {"PYTHONPATH": str(self.source)}


def builds(baseline: Path | None) -> list[Build]:
    now = Build("sekarang")
    return [now] if baseline is None else [Build("sebelum", baseline.resolve()), now]


def kinerja(*args: str, output: Path, build: Build = Build("sekarang")) -> list[str]:
    return build.argv(*args, "--periode", PERIODE, "--output", str(output))


def sop_cycle(
    output: Path,
    org: Path | None = None,
    master: Path | None = None,
    build: Build = Build("sekarang"),
) -> list[Run]:
    """Every SOP command once, in order, on a fresh workspace; the Bidang's answers simulated.

    Each cycle has its own office number register (``KINERJA_DATA``): the generated offices
    share the sample's office code, and kinerja refuses a second output folder for one code.
    A command that fails ends the cycle; its row says so (``gagal``) and the bench goes on.
    """
    from bench.office import fill_formulir

    runs: list[Run] = []
    env = {**build.env(), "KINERJA_DATA": str(output.parent / f"data-{build.name}")}

    class Failed(Exception):
        pass

    def step(*args: str, label: str | None = None) -> None:
        run = measure(kinerja(*args, output=output, build=build), env=env)
        name = label or args[0]
        if run.status != 0:
            name += f" (gagal, status {run.status})"
        runs.append(Run(name, run.wall, run.rss_mib, run.status, run.cpu))
        if run.status != 0:
            raise Failed

    with contextlib.suppress(Failed):  # the failed command is the cycle's last row
        _cycle(step, output, org, master, build, fill_formulir)
    return runs


def _cycle(
    step: Callable[..., None],
    output: Path,
    org: Path | None,
    master: Path | None,
    build: Build,
    fill_formulir: Callable[[Path, Path], list[Path]],
) -> None:
    """The commands of ``sop_cycle`` in SOP order."""
    init = ["init"] if org is not None or master is not None else ["init", "--contoh"]
    if org is not None:
        init += ["--org", str(org)]
    if master is not None:
        init += ["--indikator", str(master)]
    step(*init)
    step("memo")
    step("formulir")
    step("tanda-terima")
    step("cetak", label="cetak (langkah 1-4)")
    filled = fill_formulir(output / PERIODE, output.parent / f"terisi-{build.name}")
    step("kumpulkan", *map(str, filled))
    step("rekap")
    step("tinjau", "--setuju")
    step("laporan")
    step("cetak", label="cetak (rekap, LKj)")
    step("arsip", "--sertifikat-demo", "--belum-lengkap")
    step("status")


def machine() -> str:
    cpus = os.cpu_count()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{platform.node() or 'host'}, {platform.machine()}, {cpus} CPU, load {load}"


def record(title: str, command: str, lines: Sequence[str]) -> None:
    """Print ``lines`` and append them to bench/RESULTS.md with machine, date and command."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = [f"## {title}", "", f"{stamp} · {machine()} · `{command}`", "", *lines, ""]
    print("\n".join(block))
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(block) + "\n")


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    def cell(value: object) -> str:
        return f"{value:.2f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines
