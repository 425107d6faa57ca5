"""Numbers are read, never guessed (issue 13.9): accepted forms round-trip, malformed digit
groups and values out of bounds are refused with the accepted forms as examples."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from generator.base.angka import BATAS_ANGKA, parse_angka
from generator.errors import ErrorList
from generator.inputs.load import load_inputs
from generator.inputs.master_excel import write_master_excel


@pytest.mark.parametrize("text", ["0.500", "7.8.0", "1,2,3", "1.234.5", "1.23,5", "00.500,5"])
def test_malformed_or_ambiguous_groups_refused_with_examples(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_angka(text)
    message = str(info.value)
    assert text in message
    assert "1.234,5" in message and "1234,5" in message and "85%" in message


@pytest.mark.parametrize(
    "value", [1e300, 1e25, float("inf"), float("-inf"), float("nan"), 10**400, "1e300", "inf"]
)
def test_insane_values_refused(value: object) -> None:
    with pytest.raises(ValueError, match=r"batas|bukan angka"):
        parse_angka(value)


def test_bounds() -> None:
    assert parse_angka("999.999.999.999.999") == 999_999_999_999_999
    with pytest.raises(ValueError, match="batas"):
        parse_angka("1.000.000.000.000.000")
    with pytest.raises(ValueError, match="desimal"):
        parse_angka("1,2345678")  # a mistyped thousands separator, not a measurement
    assert parse_angka("0,123456") == 0.123456


def _grouped(whole: int) -> str:
    return f"{whole:,}".replace(",", ".")


@given(
    whole=st.integers(min_value=0, max_value=int(BATAS_ANGKA) - 2),
    decimals=st.text(alphabet="0123456789", max_size=6),
    form=st.sampled_from(["grouped", "plain", "percent", "rupiah"]),
    negative=st.booleans(),
)
def test_indonesian_forms_round_trip(whole: int, decimals: str, form: str, negative: bool) -> None:
    digits = _grouped(whole) if form in ("grouped", "rupiah") else str(whole)
    text = digits + ("," + decimals if decimals else "")
    text = {"percent": text + "%", "rupiah": "Rp" + text}.get(form, text)
    sign = "-" if negative and form != "rupiah" else ""
    expected = float(Decimal(f"{sign}{whole}.{decimals or '0'}"))
    assert parse_angka(sign + text) == expected


groups = st.text(alphabet="0123456789", min_size=1, max_size=5)


@given(
    first=st.text(alphabet="0123456789", min_size=1, max_size=3),
    rest=st.lists(groups, min_size=2, max_size=4),
    separator=st.sampled_from([".", ","]),
    tail=st.one_of(st.just(""), st.text(alphabet="0123456789", min_size=1, max_size=3)),
)
def test_malformed_groups_always_refused(
    first: str, rest: list[str], separator: str, tail: str
) -> None:
    """Two or more separators of one kind with a group that is not three digits long."""
    if all(len(g) == 3 for g in rest):
        rest = [*rest[:-1], rest[-1] + "0"]
    decimal_mark = "," if separator == "." else "."
    text = first + separator + separator.join(rest) + (decimal_mark + tail if tail else "")
    with pytest.raises(ValueError, match=r"1\.234,5"):
        parse_angka(text)


@given(group=st.text(alphabet="0123456789", min_size=3, max_size=3))
def test_leading_zero_then_three_digits_is_ambiguous(group: str) -> None:
    with pytest.raises(ValueError, match="jelas"):
        parse_angka("0." + group)


def test_indicator_master_refuses_insane_numbers_with_the_cell(tmp_path: Path) -> None:
    path = tmp_path / "pk.xlsx"
    write_master_excel(load_inputs().master, path)
    wb = load_workbook(path)
    wb["Indikator"]["F2"] = 1e300  # Target
    wb["Indikator"]["F3"] = "7.8.0"
    wb["Anggaran"]["F2"] = 1e25  # Pagu
    wb.save(path)
    with pytest.raises(ErrorList) as info:
        load_inputs(None, path)
    text = info.value.render()
    for sheet, cell, needle in (
        ("Indikator", "F2", "di luar batas"),
        ("Indikator", "F3", "1.234,5"),
        ("Anggaran", "F2", "di luar batas"),
    ):
        assert any(
            f"lembar '{sheet}'" in line and f"sel {cell}" in line and needle in line
            for line in text.splitlines()
        ), (sheet, cell, text)
