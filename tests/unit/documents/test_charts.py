"""The LKj's figures as a reader of the printed page sees them: opaque at print resolution,
the same bytes for the same numbers, and every value label readable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from generator.data import FONT_DIR
from generator.documents import charts


def _seri(realisasi: list[float | None], target: float) -> charts.SeriIndikator:
    years = [2025 - len(realisasi) + 1 + k for k in range(len(realisasi))]
    return charts.SeriIndikator("Indeks kepuasan masyarakat", "indeks", years, realisasi, target)


def _draw_all(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    return [
        charts.grafik_tren([_seri([72.4, None, 81.12], 78.0)] * 3, folder / "tren.png"),
        charts.grafik_capaian(["Sasaran 1", "Sasaran 2"], [95.0, None], folder / "c.png", sumbu=""),
        charts.grafik_anggaran(["IDE", "KWS"], [5e8, 7e8], [4.5e8, 6.9e8], folder / "a.png"),
    ]


def test_figures_are_opaque_rgb_at_print_resolution(tmp_path: Path) -> None:
    """No alpha channel: nothing for LibreOffice to compress or flatten into the PDF/A."""
    for path in _draw_all(tmp_path):
        with Image.open(path) as image:
            assert image.format == "PNG" and image.mode == "RGB", path.name
            assert round(image.info["dpi"][0]) == charts.DPI
            assert image.width == round(charts.WIDTH_IN * charts.DPI)


def test_the_same_numbers_give_the_same_bytes(tmp_path: Path) -> None:
    first = [p.read_bytes() for p in _draw_all(tmp_path / "a")]
    again = [p.read_bytes() for p in _draw_all(tmp_path / "b")]
    assert first == again


def _gold_row(pixels: np.ndarray) -> int:
    """The row of the dashed target line: the one with most of its colour."""
    gold = np.array([0xC5, 0x5A, 0x11])
    near = (np.abs(pixels.astype(int) - gold).sum(axis=2) < 60).sum(axis=1)
    return int(near.argmax())


def test_the_target_line_passes_behind_a_value_label(tmp_path: Path) -> None:
    """A realisasi a little under its target puts the label on the dashed line: the label keeps
    a white box, so the line breaks around it instead of striking the digits through."""
    path = charts.grafik_tren([_seri([99.0, 100.0], 103.0)], tmp_path / "t.png")
    with Image.open(path) as image:
        pixels = np.asarray(image.convert("RGB"))
    row = pixels[_gold_row(pixels)]
    gold = np.abs(row.astype(int) - np.array([0xC5, 0x5A, 0x11])).sum(axis=1) < 60
    drawn = np.flatnonzero(gold)
    gaps = np.diff(drawn)
    dash_gap = 1.6 * charts.DPI / 72 + 3  # matplotlib's dashes at 1 pt: 1.6 pt off
    label = 0.09 * charts.DPI  # "99" at 6 pt, in its box, is wider than 0.09 in
    wide = gaps[gaps > dash_gap]
    assert len(wide) == 2 and wide.min() >= label, gaps.tolist()


def test_figures_are_drawn_without_pyplot(tmp_path: Path) -> None:
    """pyplot keeps every open figure in a process-wide registry; a web server draws for its
    whole lifetime, so the figures are plain Figure objects on their own Agg canvas."""
    code = (
        "import sys; from pathlib import Path; from generator.documents import charts; "
        f"charts.grafik_capaian(['A'], [90.0], Path({str(tmp_path / 'c.png')!r}), sumbu=''); "
        "print('matplotlib.pyplot' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_figures_use_the_shipped_font_whatever_matplotlib_cached(tmp_path: Path) -> None:
    """matplotlib lists the system's fonts once, in a cache it never refreshes: a virtualenv
    made before `apt install fonts-liberation2` has a list without Liberation Sans. The labels
    then came out in DejaVu Sans, with a "findfont" warning for every one of them."""
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path)}
    build = "import matplotlib.font_manager"
    subprocess.run([sys.executable, "-c", build], env=env, check=True, capture_output=True)
    (cache,) = tmp_path.glob("fontlist-*.json")
    listed = json.loads(cache.read_text())
    listed["ttflist"] = [f for f in listed["ttflist"] if "Liberation" not in f["name"]]
    cache.write_text(json.dumps(listed))
    code = (
        "from pathlib import Path; from matplotlib import font_manager as fm; "
        "from generator.documents import charts; "
        f"charts.grafik_capaian(['A'], [90.0], Path({str(tmp_path / 'c.png')!r}), sumbu=''); "
        "print(fm.findfont(fm.FontProperties(family=['Liberation Sans'])))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert Path(done.stdout.strip()) == FONT_DIR / "LiberationSans-Regular.ttf"
    assert "findfont" not in done.stderr
