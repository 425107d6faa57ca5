"""The rekap workbook: template blocks copied into the output sheets, live formulas with their
values, conditional colours by predikat, the chart and the print setup.

The template (``generator/templates/rekap.xlsx``, edited as a workbook) names its
blocks with defined names; see docs/templates.md. Every formula cell gets the value that
``generator.documents.rekap.workbook`` computed (the same rules in Python), so readers that do not
evaluate formulas see the numbers; Excel still recalculates on load.
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from generator.base.xlsx import font_named, load_workbook, restyle
from generator.errors import TemplateError
from generator.rules.capaian import SkalaPredikat

Value = float | int | str | None
PLACEHOLDER = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")
# Excel's paperSize codes: 9 = A4; 14 = Folio 8.5 x 13 in (216 x 330 mm), the F4 of Indonesian offices.
PAPER_SIZE = {"A4": 9, "F4": 14}
BLOCKS = (
    "kop",
    "peringatan",
    "kepala_capaian",
    "baris_bidang",
    "baris_indikator",
    "baris_rata_bidang",
    "baris_rata_total",
    "tanda_tangan",
    "kop_ringkasan",
    "kepala_ringkasan",
    "baris_ringkasan",
    "baris_ringkasan_total",
    "kepala_anggaran",
    "baris_anggaran",
    "baris_anggaran_total",
)


@dataclass(frozen=True)
class Formula:
    """A live formula (with '=') and the value it yields, computed in Python."""

    text: str
    value: Value


Cell = Formula | Value


@dataclass(frozen=True)
class Block:
    sheet: Worksheet
    first: int
    last: int

    @property
    def height(self) -> int:
        return self.last - self.first + 1


def read_blocks(wb: Workbook, template: Path) -> dict[str, Block]:
    blocks: dict[str, Block] = {}
    for name in BLOCKS:
        defined = wb.defined_names.get(name)
        destinations = list(defined.destinations) if defined is not None else []
        match = re.fullmatch(r"\$?(\d+):\$?(\d+)", destinations[0][1]) if destinations else None
        if defined is None or match is None or destinations[0][0] not in wb.sheetnames:
            raise TemplateError(
                f"Templat rekap tidak memuat blok '{name}' (nama terdefinisi yang menunjuk baris utuh).",
                file=template,
                hint="Pulihkan nama itu di Excel (Rumus > Pengelola Nama) atau buat ulang templat.",
            )
        blocks[name] = Block(wb[destinations[0][0]], int(match.group(1)), int(match.group(2)))
    return blocks


@dataclass
class SheetWriter:
    """Writes blocks one after another into ``out``; remembers the formula values."""

    out: Worksheet
    context: dict[str, str]
    template: Path
    row: int = 1
    values: dict[str, Value] = field(default_factory=dict)
    chart: tuple[int, int, str] | None = None  # summary rows and anchor of the bar chart
    page_start: int | None = None  # a row that should start a printed page (see start_page)
    huruf: str = "Arial"  # the org's font, for row heights of wrapped text

    def _text(self, text: str, where: str) -> str:
        def replace(match: re.Match[str]) -> str:
            key = match.group(1)
            if key not in self.context:
                raise TemplateError(
                    f"Isian '{{{{ {key} }}}}' tidak dikenal di templat rekap.",
                    file=self.template,
                    cell=where,
                    hint=f"Isian yang tersedia: {', '.join(sorted(self.context))}.",
                )
            return self.context[key]

        return PLACEHOLDER.sub(replace, text)

    def put(self, ref: str, value: Cell) -> None:
        cell = self.out[ref]
        if isinstance(value, Formula):
            cell.value = value.text
            self.values[ref] = value.value
        else:
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # user text is never a formula, even when it starts with '='

    def copy(self, block: Block, cells: dict[str, Cell] | None = None, **context: str) -> int:
        """Copy ``block`` at the current row; ``cells`` (column letter -> value) fill it."""
        saved = dict(self.context)
        self.context.update(context)
        start = self.row
        for offset in range(block.height):
            source_row, target_row = block.first + offset, start + offset
            for col in range(1, block.sheet.max_column + 1):
                source = block.sheet.cell(source_row, col)
                target = self.out.cell(target_row, col)
                if source.has_style:
                    target._style = copy(source._style)
                if isinstance(source.value, str) and source.data_type != "f":
                    self.put(
                        target.coordinate,
                        self._text(source.value, f"{block.sheet.title}!{source.coordinate}"),
                    )
                elif source.value is not None:
                    target.value = source.value
            height = block.sheet.row_dimensions[source_row].height
            if height is not None:
                self.out.row_dimensions[target_row].height = height
        for merged in block.sheet.merged_cells.ranges:
            if block.first <= merged.min_row and merged.max_row <= block.last:
                shift = start - block.first
                self.out.merge_cells(
                    start_row=merged.min_row + shift,
                    end_row=merged.max_row + shift,
                    start_column=merged.min_col,
                    end_column=merged.max_col,
                )
        for letter, value in (cells or {}).items():
            self.put(f"{letter}{start}", value)
        self.context = saved
        self.row = start + block.height
        return start

    def skip(self, rows: int = 1) -> None:
        self.row += rows


def new_sheet(
    wb: Workbook, like: Worksheet, title: str, kertas: str, context: dict[str, str]
) -> Worksheet:
    """An empty sheet with the column widths, margins and page setup of the template sheet."""
    out = wb.create_sheet(title)
    for key, dim in like.column_dimensions.items():
        out.column_dimensions[key] = copy(dim)
        out.column_dimensions[key].worksheet = out
    out.sheet_format = copy(like.sheet_format)
    out.sheet_properties = copy(like.sheet_properties)
    out.page_margins = copy(like.page_margins)
    out.print_options = copy(like.print_options)
    out.page_setup.orientation = like.page_setup.orientation
    out.page_setup.fitToWidth = like.page_setup.fitToWidth
    out.page_setup.fitToHeight = like.page_setup.fitToHeight
    out.page_setup.scale = like.page_setup.scale
    out.page_setup.paperSize = PAPER_SIZE.get(kertas, 9)
    out.sheet_view.showGridLines = like.sheet_view.showGridLines
    for part in ("oddHeader", "oddFooter"):
        for side in ("left", "center", "right"):
            source = getattr(getattr(like, part), side)
            target = getattr(getattr(out, part), side)
            if source.text:
                target.text = PLACEHOLDER.sub(
                    lambda m: context.get(m.group(1), m.group(0)), source.text
                )
                target.size, target.font, target.color = source.size, source.font, source.color
    return out


def use_font(ws: Worksheet, huruf: str) -> None:
    """The org's font (Arial or Bookman Old Style) in every cell and in the footer."""
    cells = (c for row in ws.iter_rows(max_row=ws.max_row, max_col=ws.max_column) for c in row)
    restyle(cells, "font", font_named, lambda _cell: huruf)
    for part in ("oddHeader", "oddFooter"):
        for side in ("left", "center", "right"):
            item = getattr(getattr(ws, part), side)
            if item.text:
                item.font = f"{huruf},Regular"


def colour_predikat(ws: Worksheet, refs: list[str], skala: SkalaPredikat) -> None:
    """Conditional fill of the predikat cells: one rule per level of the scale (data, no chain)."""
    if not refs:
        return
    sqref = " ".join(refs)
    for tingkat in skala.tingkat:
        fill = PatternFill(start_color=tingkat.warna, end_color=tingkat.warna, fill_type="solid")
        text = '"' + tingkat.predikat.replace('"', '""') + '"'
        ws.conditional_formatting.add(
            sqref, CellIsRule(operator="equal", formula=[text], fill=fill)
        )


def bar_chart(ws: Worksheet, first: int, last: int, anchor: str, title: str) -> None:
    """Average capaian per Bidang (column H of the summary rows, categories from column B)."""
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = "Capaian (%)"
    chart.x_axis.title = "Bidang"
    chart.legend = None
    chart.y_axis.scaling.min = 0
    chart.y_axis.number_format = "0"
    chart.y_axis.majorGridlines = None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    data = Reference(ws, min_col=8, min_row=first, max_row=last)
    chart.add_data(data, titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    chart.dataLabels.showSerName = False
    chart.dataLabels.showCatName = False
    chart.dataLabels.showLegendKey = False
    chart.width, chart.height = 24, 7.5
    ws.add_chart(chart, anchor)


PAGE_PT = {"A4": (841.9, 595.3), "F4": (935.4, 612.3)}  # landscape width, height
ROW_PT = 12.75  # a row with no height of its own


def start_page(ws: Worksheet, first: int, last: int, kertas: str, last_col: int) -> bool:
    """Print rows ``first``..``last`` (a table with its header and the signature block after it)
    on a page of their own, shrinking the whole sheet as far as that needs (not below 60%).

    Without this the budget table of the summary runs on under the chart and continues on the
    next page without its header, or its signature block is cut from the names. Returns False
    (and changes nothing) when the rows would need a smaller print than that.
    """
    width_pt = sum(
        (ws.column_dimensions[get_column_letter(c)].width or 8.43) * 5.25 + 3.75
        for c in range(1, last_col + 1)
    )
    page_w, page_h = PAGE_PT.get(kertas, PAGE_PT["A4"])
    margins = ws.page_margins
    # 3% to spare: LibreOffice sets a column a little wider than the estimate, and a sheet
    # printed at exactly the estimated scale loses its last column to a page of its own
    fit_width = min(1.0, 0.97 * (page_w - 72 * (margins.left + margins.right)) / width_pt)
    usable = 0.92 * (page_h - 72 * (margins.top + margins.bottom))
    need = sum(float(ws.row_dimensions[r].height or ROW_PT) for r in range(first, last + 1))
    scale = min(fit_width, usable / need)
    if scale < 0.6:
        return False
    ws.row_breaks.append(Break(id=first - 1))
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = int(scale * 100)
    return True


def finish_sheet(ws: Worksheet, last_row: int, last_col: int, title_row: int | None) -> None:
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    if title_row is not None:
        ws.print_title_rows = f"{title_row}:{title_row}"


def open_template(path: Path) -> tuple[Workbook, dict[str, Block]]:
    try:
        wb = load_workbook(path)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TemplateError(f"Templat rekap tidak dapat dibuka: {exc}", file=path) from exc
    return wb, read_blocks(wb, path)


def drop_template_sheets(wb: Workbook, sheets: list[Worksheet]) -> None:
    for name in list(wb.defined_names):
        del wb.defined_names[name]
    for sheet in sheets:
        wb.remove(sheet)
