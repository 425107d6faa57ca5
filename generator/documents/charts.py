"""Figures of the Laporan Kinerja: matplotlib (Agg), 200 dpi PNG, Indonesian labels and numbers."""

from __future__ import annotations

import contextlib
import functools
import inspect
import itertools
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar, Token
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager, markers
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import Transform
from PIL import Image

from generator.base.angka import format_angka
from generator.base.forkmap import fork_each
from generator.data import FONT_DIR

DPI = 200
WIDTH_IN = 6.3  # the text width of a portrait A4 page with 30/20 mm margins
# The tallest image: a figure of many bars or panels is split into images no taller than this,
# so each fits a page with its caption (8.5 in at 6.3 in wide is 205 mm when placed 150 mm
# wide; an A4 page has 257 mm of text height) and an office holds one page of pixels per
# image whatever the number of indicators (one 180-bar image was 1260 x 16360 px, 82 MB
# decoded).
PAGE_H_IN = 8.5
BLUE = "#1f4e79"
LIGHT = "#9dc3e6"
GOLD = "#c55a11"
GREY = "#7f7f7f"

# The figures are drawn in the Liberation Sans that kinerja ships, the face LibreOffice gives
# the documents' Arial. matplotlib finds system fonts through a cache it builds once, on its
# first import: fonts installed after that (a venv made before `apt install fonts-liberation2`)
# stay unseen, and every label then fell back to DejaVu Sans with one warning per look-up.
for _face in ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"):
    font_manager.fontManager.addfont(FONT_DIR / _face)

# Figures are made without pyplot: no global registry of open figures (a web server draws
# for its whole lifetime) and no interactive backend to choose.
matplotlib.rcParams.update(
    {
        "font.family": ["Liberation Sans", "DejaVu Sans"],
        "font.size": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "kinerja",
    }
)


# -- drawing in parallel ---------------------------------------------------------------------

Drawing = tuple[str, tuple[Any, ...], dict[str, Any]]  # function name, args, kwargs
_PENDING: ContextVar[Figures | None] = ContextVar("kinerja_charts_pending", default=None)
_DRAW: dict[str, Callable[..., Path]] = {}
PARALLEL_FROM = 3  # fewer charts are drawn here: forking would cost more than it saves


def deferrable(func: Callable[..., Path]) -> Callable[..., Path]:
    """Inside ``parallel()`` a call only notes the chart and returns its ``out`` path."""
    _DRAW[func.__name__] = func
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Path:
        sketching, pending = _SKETCH.get(), _PENDING.get()
        if not sketching and pending is None:
            return func(*args, **kwargs)
        out: Path = signature.bind(*args, **kwargs).arguments["out"]
        if sketching:
            out.write_bytes(_BLANK_PNG)
        elif pending is not None:
            pending.note((func.__name__, args, kwargs), out)
        return out

    return wrapper


# `kinerja templat periksa` renders the LKj template for several shapes of office to find
# tags that fail; what the figures look like is not its question. Inside ``sketch()`` every
# figure is this one white pixel (the template sizes images itself): the check of five
# offices drew some forty figures at print quality before.
_SKETCH: ContextVar[bool] = ContextVar("kinerja_charts_sketch", default=False)
_BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c"
    "63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082"
)


@contextlib.contextmanager
def sketch() -> Iterator[None]:
    """Figures asked for inside the block are a blank pixel, not drawn (template checks)."""
    token = _SKETCH.set(True)
    try:
        yield
    finally:
        _SKETCH.reset(token)


def _draw(drawing: Drawing) -> Path:
    name, args, kwargs = drawing
    return _DRAW[name](*args, **kwargs)


class Figures:
    """The charts noted inside ``parallel()``: drawn by forked children from ``start()`` on,
    while the caller goes on; ``ready(path)`` waits for the one chart written to ``path``."""

    def __init__(self, stack: contextlib.ExitStack, workers: int | None) -> None:
        self.pending: list[Drawing] = []
        self._stack = stack
        self._workers = workers
        self._index: dict[Path, int] = {}  # a chart's file -> its place in ``pending``
        self._token: Token[Figures | None] | None = _PENDING.set(self)
        self._result: Callable[[int], Path] | None = None

    def note(self, drawing: Drawing, out: Path) -> None:
        self._index[Path(out)] = len(self.pending)
        self.pending.append(drawing)

    def stop_noting(self) -> None:
        if self._token is not None:
            _PENDING.reset(self._token)
            self._token = None

    def start(self) -> None:
        """Hand every chart noted so far to the children (charts asked for later are drawn
        at once, where they are asked for)."""
        if self._result is not None:
            return
        self.stop_noting()
        self._result = self._stack.enter_context(
            fork_each(_draw, self.pending, minimum=PARALLEL_FROM, workers=self._workers)
        )

    def ready(self, path: Path) -> None:
        """Wait until the chart written to ``path`` is drawn (at once for any other file)."""
        index = self._index.get(Path(path))
        if index is not None and self._result is not None:
            self._result(index)

    def wait(self) -> None:
        self.start()
        assert self._result is not None
        for index in range(len(self.pending)):
            self._result(index)


@contextlib.contextmanager
def parallel(workers: int | None = None) -> Iterator[Figures]:
    """Charts asked for inside the block are noted, not drawn; they are drawn on every core
    from ``figures.start()`` on (or when the block ends), and every one is drawn when it ends.

    The LKj draws one trend figure per sasaran; a large office has hundreds. They are
    independent, so child processes (forked: matplotlib is loaded already) draw them side
    by side while the document is rendered: the renderer waits for a figure
    (``figures.ready``) only when it reaches it. Before that, or before the block has
    ended, the caller must not read a chart's file.
    """
    with contextlib.ExitStack() as stack:
        figures = Figures(stack, workers)
        try:
            yield figures
            figures.wait()
        finally:
            figures.stop_noting()


def _fmt(digits: int = 1) -> FuncFormatter:
    return FuncFormatter(lambda x, _pos: format_angka(x, digits))


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _part(out: Path, n: int, parts: int) -> Path:
    """The file of part ``n`` (from 1) of a split figure; an unsplit one keeps ``out``."""
    return out if parts == 1 else out.with_name(f"{out.stem}-{n}{out.suffix}")


def _even_chunks(count: int, size: int) -> list[range]:
    """``count`` items in the fewest chunks of at most ``size``, as even as possible."""
    parts = max(1, -(-count // size))
    bounds = [round(k * count / parts) for k in range(parts + 1)]
    return [range(a, b) for a, b in itertools.pairwise(bounds)]


def _figure(width_in: float, height_in: float) -> Figure:
    """An empty figure at print resolution, with the Agg canvas it is drawn on."""
    fig = Figure(figsize=(width_in, height_in), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _save(fig: Figure, out: Path) -> Path:
    """Draw ``fig`` and write it as an opaque RGB PNG.

    Not ``savefig``: it writes RGBA, and an alpha channel of a white figure is 25 % more
    pixels to compress here and in LibreOffice's PDF export for nothing. zlib level 3 takes
    60 % of the time of the default 6 for 6 % more bytes (a trend figure: 23 against 40 ms
    with the alpha channel). No date in the PNG metadata: the same numbers give the same
    bytes."""
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    # matplotlib's stubs leave the Agg canvas untyped
    canvas.draw()  # type: ignore[no-untyped-call]
    pixels = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    rgba = Image.frombuffer("RGBA", canvas.get_width_height(), pixels)
    buffer = BytesIO()
    rgba.convert("RGB").save(buffer, format="png", compress_level=3, dpi=(DPI, DPI))
    # A scratch file for the document being rendered: no fsync (it cost 0.15 s a chart).
    out.write_bytes(buffer.getvalue())
    return out


BAR_H = 0.45  # one bar of the capaian chart, with its label
BAR_MARGIN_H = 0.8  # the x axis, its label and the top margin
BARS_PER_IMAGE = int((PAGE_H_IN - BAR_MARGIN_H) / BAR_H)


def grafik_capaian_halaman(
    labels: Sequence[str], capaian: Sequence[float | None], out: Path, *, sumbu: str
) -> list[Path]:
    """The capaian chart in page-sized images (at most ``BARS_PER_IMAGE`` bars each), all on
    one scale so that the bars of different images compare."""
    top = max([*(c or 0.0 for c in capaian), 100.0]) * 1.15
    chunks = _even_chunks(len(labels), BARS_PER_IMAGE)
    return [
        grafik_capaian(
            [labels[i] for i in chunk],
            [capaian[i] for i in chunk],
            _part(out, n, len(chunks)),
            sumbu=sumbu,
            batas=top,
        )
        for n, chunk in enumerate(chunks, 1)
    ]


@deferrable
def grafik_capaian(
    labels: Sequence[str],
    capaian: Sequence[float | None],
    out: Path,
    *,
    sumbu: str,
    batas: float | None = None,
) -> Path:
    """Horizontal bars of capaian (%) with the 100% target line; missing values are labelled.

    ``batas`` is the end of the x axis (shared by the images of a split chart)."""
    height = max(1.6, BAR_H * len(labels) + BAR_MARGIN_H)
    fig = _figure(WIDTH_IN, height)
    ax = fig.subplots()
    values = [c if c is not None else 0.0 for c in capaian]
    y = list(range(len(labels)))[::-1]
    colors = [BLUE if (c or 0) >= 100 else GOLD for c in capaian]
    ax.barh(y, values, color=colors, height=0.6)
    ax.set_yticks(y, [_wrap(label, 45) for label in labels])
    ax.axvline(100, color=GREY, linestyle="--", linewidth=0.8)
    top = batas if batas is not None else max([*values, 100.0]) * 1.15
    ax.set_xlim(0, top)
    for yi, c in zip(y, capaian, strict=True):
        text = format_angka(c, 2) + "%" if c is not None else "belum ada data"
        # a white box: the dashed 100% line passes behind the label instead of through it
        ax.text(
            (c or 0) + top * 0.01,
            yi,
            text,
            va="center",
            fontsize=7,
            zorder=3,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6},
        )
    ax.xaxis.set_major_formatter(_fmt(0))
    ax.set_xlabel("Capaian (%)  —  garis putus-putus: target 100%")
    ax.set_ylabel(sumbu)
    fig.tight_layout()
    return _save(fig, out)


@dataclass(frozen=True)
class SeriIndikator:
    """One panel of the trend figure: realisasi per year and this year's target."""

    judul: str
    satuan: str
    tahun: list[int]
    realisasi: list[float | None]
    target: float


# Fixed layout of the trend figure, in inches: computing it beforehand spares matplotlib's
# tight layout and tight bounding box, two extra passes over every text of the figure (they
# took two thirds of the LKj's chart time).
PANEL_H = 1.2  # the axes of one panel
TICKS_H = 0.22  # x tick labels under a panel
TITLE_LINE_H = 0.15  # one line of a panel title (8 pt bold)
LEGEND_H = 0.3
GAP_W = 0.3  # between the two columns, besides the right panel's tick labels
DIGIT_W = 0.062  # one character of a tick label (8 pt)


def _row_height(row: Sequence[SeriIndikator]) -> float:
    lines = max(_title(s).count("\n") for s in row) + 1
    return PANEL_H + TICKS_H + TITLE_LINE_H * lines + 0.08


def grafik_tren_halaman(seri: Sequence[SeriIndikator], out: Path) -> list[Path]:
    """The trend figure of a sasaran in page-sized images: rows of two panels, as many rows
    as fit ``PAGE_H_IN`` (a sasaran of 40 indicators is three images, not one 45 in tall).
    Only the last image has the legend, right above the figure's caption."""
    cols = 2 if len(seri) > 1 else 1
    rows = [list(seri[i : i + cols]) for i in range(0, len(seri), cols)]
    parts: list[list[SeriIndikator]] = [[]]
    height = 0.0
    for k, row in enumerate(rows):
        extra = _row_height(row) + (LEGEND_H if k == len(rows) - 1 else 0.0)
        if parts[-1] and height + extra > PAGE_H_IN:
            parts.append([])
            height = 0.0
        parts[-1].extend(row)
        height += extra
    return [
        grafik_tren(part, _part(out, n, len(parts)), kolom=cols, legenda=n == len(parts))
        for n, part in enumerate(parts, 1)
    ]


@deferrable
def grafik_tren(
    seri: Sequence[SeriIndikator], out: Path, *, kolom: int | None = None, legenda: bool = True
) -> Path:
    """Small multiples: realisasi of earlier years and this year against this year's target.

    ``kolom`` keeps two columns in the last image of a split figure that has one panel left;
    ``legenda`` is False for the images of a split figure before its last."""
    cols = kolom or (2 if len(seri) > 1 else 1)
    rows = [list(seri[i : i + cols]) for i in range(0, len(seri), cols)]
    heights = [_row_height(row) for row in rows]
    total = sum(heights) + (LEGEND_H if legenda else 0.0)
    fig = _figure(WIDTH_IN, total)
    ticks = [[_y_ticks(s) for s in row] for row in rows]
    # one left edge per column (the widest tick label of that column), as a grid reads best
    lefts = [
        0.1
        + DIGIT_W
        * max((len(label) for row in ticks if c < len(row) for label in row[c][1]), default=0)
        for c in range(cols)
    ]
    panel_w = WIDTH_IN / cols
    top = total
    for row, row_ticks, height in zip(rows, ticks, heights, strict=True):
        for col, (s, (values, labels)) in enumerate(zip(row, row_ticks, strict=True)):
            left = col * panel_w + lefts[col]
            width = panel_w - lefts[col] - (0.12 if col == cols - 1 else GAP_W)
            panel = _Panel(fig.dpi_scale_trans, left, top - height + TICKS_H, width, PANEL_H)
            for artist in panel.draw(s, values, labels):
                fig.add_artist(artist)
        top -= height
    if legenda:
        handles = [
            Line2D([], [], color=GOLD, linestyle="--", linewidth=1),
            Rectangle((0, 0), 1, 1, color=LIGHT),
        ]
        names = [f"Target {seri[0].tahun[-1]}", "Realisasi"]
        fig.legend(handles, names, loc="lower center", ncol=3, frameon=False, fontsize=7)
    return _save(fig, out)


def _title(s: SeriIndikator) -> str:
    unit = f" ({s.satuan})" if s.satuan else ""
    return _wrap(s.judul + unit, 48)


def _y_top(s: SeriIndikator) -> float:
    """The top of a panel's y axis: a quarter above its highest bar or target."""
    return (max([*(v or 0.0 for v in s.realisasi), s.target]) or 1.0) * 1.25


def _y_ticks(s: SeriIndikator) -> tuple[list[float], list[str]]:
    """The y ticks of a panel and their labels, chosen before drawing (no layout pass)."""
    top = _y_top(s)
    ticks = [float(t) for t in MaxNLocator(nbins=4).tick_values(0, top) if 0 <= t <= top]
    return ticks, [format_angka(t, 1) for t in ticks]


PT = 1 / 72  # inches
TICK_LEN = 3.5 * PT  # matplotlib's default tick length and label pad
TICK_PAD = 3.5 * PT
TITLE_PAD = 6 * PT
BAR_W = 0.6  # of a year's slot


@dataclass(frozen=True)
class _Panel:
    """One panel of the trend figure drawn as plain figure artists, placed in inches.

    A matplotlib Axes per panel (with its axis, tick and spine objects and their layout at
    draw time) was 60 % of a trend figure's time; a panel here is a handful of rectangles,
    lines and texts with the look of those axes: the left and bottom spine, outward ticks,
    x limits with matplotlib's 5 % margin around the bars, y from 0 to 1.25 x the highest
    value. Value labels sit on a white box, so the dashed target line passes behind them."""

    inch: Transform
    left: float
    bottom: float
    width: float
    height: float

    def draw(self, s: SeriIndikator, ticks: list[float], labels: list[str]) -> list[Any]:
        years = len(s.tahun)
        values = [v if v is not None else 0.0 for v in s.realisasi]
        top = _y_top(s)
        low, high = -BAR_W / 2, years - 1 + BAR_W / 2
        margin = 0.05 * (high - low)
        low, high = low - margin, high + margin

        def x(value: float) -> float:
            return self.left + (value - low) / (high - low) * self.width

        def y(value: float) -> float:
            return self.bottom + value / top * self.height

        def text(px: float, py: float, label: str, **style: Any) -> Text:
            return Text(px, py, label, transform=self.inch, zorder=3, **style)

        right = self.left + self.width
        artists: list[Any] = [
            Rectangle(
                (x(k - BAR_W / 2), self.bottom),
                x(k + BAR_W / 2) - x(k - BAR_W / 2),
                y(v) - self.bottom,
                facecolor=BLUE if k == years - 1 else LIGHT,
                linewidth=0,
                transform=self.inch,
                zorder=1,
            )
            for k, v in enumerate(values)
        ]
        artists.append(
            Line2D(
                [self.left, right],
                [y(s.target)] * 2,
                color=GOLD,
                linestyle="--",
                linewidth=1,
                transform=self.inch,
                zorder=2,
            )
        )
        artists.append(  # the spines
            Line2D(
                [self.left, self.left, right],
                [self.bottom + self.height, self.bottom, self.bottom],
                color="black",
                linewidth=0.8,
                solid_capstyle="projecting",
                solid_joinstyle="miter",
                transform=self.inch,
                zorder=2.5,
            )
        )
        tick_style: dict[str, Any] = {
            "linestyle": "none",
            "color": "black",
            "markersize": TICK_LEN / PT,
            "markeredgewidth": 0.8,
            "transform": self.inch,
            "zorder": 2.5,
        }
        xs = [x(k) for k in range(years)]
        artists.append(
            Line2D(xs, [self.bottom] * years, marker=MarkerStyle(markers.TICKDOWN), **tick_style)
        )
        artists.append(
            Line2D(
                [self.left] * len(ticks),
                [y(t) for t in ticks],
                marker=MarkerStyle(markers.TICKLEFT),
                **tick_style,
            )
        )
        below = self.bottom - TICK_LEN - TICK_PAD
        artists += [
            text(px, below, str(year), ha="center", va="top")
            for px, year in zip(xs, s.tahun, strict=True)
        ]
        beside = self.left - TICK_LEN - TICK_PAD
        artists += [
            text(beside, y(t), label, ha="right", va="center_baseline")
            for t, label in zip(ticks, labels, strict=True)
        ]
        box = {"facecolor": "white", "edgecolor": "none", "pad": 0.6}
        artists += [
            text(
                px,
                y(v or 0.0) + 1.5 * PT,  # the box clears the top of the bar
                format_angka(v, 2) if v is not None else "t.a.d.",
                ha="center",
                va="bottom",
                fontsize=6,
                bbox=box,
            )
            for px, v in zip(xs, s.realisasi, strict=True)
        ]
        artists.append(
            text(
                self.left,
                self.bottom + self.height + TITLE_PAD,
                _title(s),
                ha="left",
                va="baseline",
                fontweight="bold",
            )
        )
        return artists


@deferrable
def grafik_anggaran(
    labels: Sequence[str], pagu: Sequence[float], realisasi: Sequence[float], out: Path
) -> Path:
    """Pagu against realisasi per Bidang (juta rupiah), with the absorption in percent."""
    fig = _figure(WIDTH_IN, 2.8)
    ax = fig.subplots()
    x = list(range(len(labels)))
    juta_pagu = [p / 1e6 for p in pagu]
    juta_real = [r / 1e6 for r in realisasi]
    ax.bar([i - 0.2 for i in x], juta_pagu, width=0.4, color=LIGHT, label="Pagu")
    ax.bar([i + 0.2 for i in x], juta_real, width=0.4, color=BLUE, label="Realisasi")
    for i, p, r in zip(x, pagu, realisasi, strict=True):
        share = format_angka(r / p * 100, 2) + "%" if p else "-"
        ax.text(i + 0.2, r / 1e6, share, ha="center", va="bottom", fontsize=7)
    ax.set_xticks(x, [_wrap(label, 18) for label in labels], fontsize=7)
    ax.yaxis.set_major_formatter(_fmt(0))
    ax.set_ylabel("Juta rupiah")
    ax.set_ylim(0, max([*juta_pagu, 1.0]) * 1.15)
    ax.legend(frameon=False, fontsize=7)
    fig.tight_layout()
    return _save(fig, out)
