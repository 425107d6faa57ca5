"""Word tables (documents/tabel.py): no number of a total row is broken, and a long table is
continued in tables of its own header rows."""

from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]

from generator.documents.tabel import NARROW_TWIPS, continue_long_tables, widen_for_words, word_em


def _table_with_a_total_row(last_twips: int) -> tuple[object, list[int]]:
    """Program | Kegiatan | % with a total row whose label spans the first two columns."""
    doc = Document()
    table = doc.add_table(rows=3, cols=3)
    widths = [3000, 3000, last_twips]
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Twips(width)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
    table.rows[0].cells[2].text = "%"
    table.rows[1].cells[2].text = "97"
    total = table.rows[2]
    total.cells[0].merge(total.cells[1]).text = "Jumlah Bidang Persandian dan Keamanan Informasi"
    run = total.cells[2].paragraphs[0].add_run("94,99")
    run.bold, run.font.size = True, Pt(9)
    for cell in table.rows[1].cells:
        for paragraph in cell.paragraphs:
            for r in paragraph.runs:
                r.font.size = Pt(9)
    assert total._tr.findall(qn("w:tc"))[0].find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}") is not None
    return doc, widths


def _grid(doc: object) -> list[int]:
    body = doc.element.body  # type: ignore[attr-defined]
    return [int(g.get(qn("w:w"))) for g in body.iter(qn("w:gridCol"))]


def test_a_number_in_a_total_row_widens_its_column() -> None:
    """The LKj's budget table broke the total "94,99" into "94,9" and "9" in Bookman Old Style:
    only rows without merged cells were measured, and a total row's label spans columns."""
    doc, widths = _table_with_a_total_row(700)
    widen_for_words(doc.element.body, "Bookman Old Style", {})  # type: ignore[attr-defined]
    grid = _grid(doc)
    assert grid[2] > 700 and abs(sum(grid) - sum(widths)) <= len(grid)  # rounding only


def test_a_column_wide_enough_is_left_alone() -> None:
    doc, widths = _table_with_a_total_row(1100)
    widen_for_words(doc.element.body, "Bookman Old Style", {})  # type: ignore[attr-defined]
    assert _grid(doc) == widths


# -- long tables continued in new tables ------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _row(texts: list[str], *, header: bool = False, span: int = 1, merge: str | None = None) -> str:
    props = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
    cells = []
    for n, text in enumerate(texts):
        tcpr = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        if merge is not None and n == 0:
            tcpr += f'<w:vMerge w:val="{merge}"/>' if merge == "restart" else "<w:vMerge/>"
        cells.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def _body(rows: list[str], columns: int = 3) -> object:
    grid = "".join('<w:gridCol w:w="3000"/>' for _ in range(columns))
    xml = (
        f'<w:body xmlns:w="{W}"><w:p/><w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl><w:p/></w:body>"
    )
    return etree.fromstring(xml)


def _grouped(groups: list[int]) -> list[str]:
    """A header row, then for each group a row across the table and its indicator rows."""
    rows = [_row(["No", "Indikator", "Target"], header=True)]
    for g, size in enumerate(groups):
        rows.append(_row([f"Unit {g}"], span=3))
        rows += [_row([f"{g}.{k}", f"indikator {g}.{k}", "90"]) for k in range(size)]
    return rows


def _tables(body: object) -> list[list[list[str]]]:
    """The text of every table of ``body``: rows of cell texts."""
    return [
        [
            ["".join(c.itertext()) for c in tr.iterfind(qn("w:tc"))]
            for tr in tbl.iterfind(qn("w:tr"))
        ]
        for tbl in body.iterfind(qn("w:tbl"))  # type: ignore[attr-defined]
    ]


def test_a_long_table_is_continued_at_group_rows_with_its_header() -> None:
    body = _body(_grouped([42] * 12))  # 12 units of 42 indicators: 517 rows
    continue_long_tables(body, limit=100)
    tables = _tables(body)
    assert len(tables) > 1
    for rows in tables:
        assert rows[0] == ["No", "Indikator", "Target"]  # the header, printed again
        assert rows[1][0].startswith("Unit ")  # each piece begins with a unit
        assert len(rows) - 1 >= 100 or rows is tables[-1]
    joined = [r for rows in tables for r in rows[1:]]
    assert joined == _tables(_body(_grouped([42] * 12)))[0][1:]  # every row, in order
    # one small paragraph between the pieces, nothing else moved
    children = [etree.QName(e).localname for e in body]  # type: ignore[attr-defined]
    assert children == ["p", *(["tbl", "p"] * len(tables))]
    joint = body[2]  # type: ignore[index]
    assert joint.find(f".//{qn('w:spacing')}").get(qn("w:lineRule")) == "exact"


def test_a_short_table_stays_whole() -> None:
    body = _body(_grouped([40, 40]))
    continue_long_tables(body, limit=100)
    assert len(_tables(body)) == 1


def test_a_table_without_groups_is_cut_at_twice_the_limit() -> None:
    rows = [_row(["No", "Indikator", "Target"], header=True)]
    rows += [_row([str(k), f"indikator {k}", "90"]) for k in range(440)]
    body = _body(rows)
    continue_long_tables(body, limit=100)
    assert [len(t) - 1 for t in _tables(body)] == [200, 240]  # no piece under half the limit


def test_a_vertical_merge_is_never_cut() -> None:
    rows = [_row(["No", "Indikator", "Target"], header=True)]
    for k in range(60):  # groups of five rows whose first cell is merged down
        rows.append(_row([f"{k}", "a", "1"], merge="restart"))
        rows += [_row(["", "b", "2"], merge="continue") for _ in range(4)]
    body = _body(rows)
    continue_long_tables(body, limit=50)
    tables = _tables(body)
    assert len(tables) > 1
    for piece in body.iterfind(qn("w:tbl")):  # type: ignore[attr-defined]
        first = piece.findall(qn("w:tr"))[1]
        assert first.find(f".//{qn('w:vMerge')}").get(qn("w:val")) == "restart"


@settings(max_examples=60, deadline=None)
@given(
    groups=st.lists(st.integers(min_value=0, max_value=120), min_size=1, max_size=30),
    limit=st.integers(min_value=4, max_value=150),
)
def test_continued_tables_keep_every_row_in_order(groups: list[int], limit: int) -> None:
    before = _tables(_body(_grouped(groups)))[0]
    body = _body(_grouped(groups))
    continue_long_tables(body, limit=limit)
    tables = _tables(body)
    assert [r for rows in tables for r in rows[1:]] == before[1:]
    assert all(rows[0] == before[0] for rows in tables)
    if len(tables) > 1:
        assert all(len(rows) - 1 >= limit for rows in tables[:-1])
        assert len(tables[-1]) - 1 >= limit // 2


def test_short_of_room_the_smallest_shortfalls_are_met_first() -> None:
    """Bookman Old Style on F4: the rekap's Kode column wanted more than the other columns could
    spare, and then no column was widened at all ("Realisasi" broke as "Realisas i"). The
    header word now gets its width, and the code what is left."""
    doc = Document()
    table = doc.add_table(rows=2, cols=3)
    widths = [850, 1500, 1000]  # Kode | Indikator | Realisasi
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Twips(width)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
    texts = [["Kode", "Indikator", "Realisasi"], ["PERSANDIAN-01", "Jumlah nilai", "24"]]
    for row, line in zip(table.rows, texts, strict=True):
        for cell, text in zip(row.cells, line, strict=True):
            cell.paragraphs[0].add_run(text).font.size = Pt(9)
    widen_for_words(doc.element.body, "Bookman Old Style", {})  # type: ignore[attr-defined]
    kode, indikator, realisasi = _grid(doc)
    assert realisasi >= int((word_em("Realisasi") * 9 * 1.22 + 11) * 20)  # whole
    assert kode > 850 and indikator >= NARROW_TWIPS  # what was left, taken from the wide one
    assert abs(kode + indikator + realisasi - sum(widths)) <= 3
