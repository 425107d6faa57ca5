from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.errors import InputError
from generator.rules.capaian import (
    AturanCapaian,
    compute_capaian,
    default_aturan,
    evaluate,
    excel_capaian,
    excel_predikat,
    excel_rata,
    parse_rumus,
    predikat,
    rata_rata,
    to_excel,
)


def aturan_with(polaritas: str, **changes: object) -> AturanCapaian:
    """The default rules with one polaritas changed."""
    base = default_aturan()
    rule = base.polaritas[polaritas].model_copy(update=changes)
    return base.model_copy(update={"polaritas": {**base.polaritas, polaritas: rule}})


# -- positif ----------------------------------------------------------------------------------


def test_positif_is_realisasi_over_target() -> None:
    # 85,5 / 78 x 100 = 109,6153... -> 109,62
    assert compute_capaian(78, 85.5, "positif").nilai == 109.62
    assert compute_capaian(78, 85.5, "positif").catatan is None
    assert compute_capaian(100, 100, "positif").nilai == 100.0
    # 1 / 3 x 100 = 33,333... -> 33,33
    assert compute_capaian(3, 1, "positif").nilai == 33.33


def test_rounding_is_half_up_like_the_spreadsheet() -> None:
    # 101,5 / 100 x 100 in floating point is 101.49999999999999; the sheet shows 101,5
    assert compute_capaian(100, 101.5, "positif").nilai == 101.5
    # 0,12345 / 1 x 100 = 12,345 -> 12,35 (half up, not banker's 12,34)
    assert compute_capaian(1, 0.12345, "positif").nilai == 12.35


def test_text_as_people_type_it_is_read() -> None:
    assert compute_capaian(80, "85,5", "positif").nilai == 106.88  # 106,875 -> 106,88
    assert compute_capaian(80, "85%", "positif").nilai == 106.25


# -- negatif ----------------------------------------------------------------------------------


def test_negatif_default_formula() -> None:
    # (2 - 1/2) x 100 = 150
    assert compute_capaian(2, 1, "negatif").nilai == 150.0
    # (2 - 3/4) x 100 = 125
    assert compute_capaian(4, 3, "negatif").nilai == 125.0
    # (2 - 5/4) x 100 = 75
    assert compute_capaian(4, 5, "negatif").nilai == 75.0
    # (2 - 0/3) x 100 = 200
    assert compute_capaian(3, 0, "negatif").nilai == 200.0


def test_negatif_is_bounded_below_at_zero_and_says_so() -> None:
    # (2 - 5/2) x 100 = -50 -> 0
    result = compute_capaian(2, 5, "negatif")
    assert result.nilai == 0.0
    assert result.catatan is not None and "dibatasi" in result.catatan
    # exactly 2 x target: 0 without clipping
    assert compute_capaian(2, 4, "negatif").nilai == 0.0


def test_negatif_alternative_formula_from_config() -> None:
    rules = aturan_with("negatif", rumus="T / R * 100", batas_bawah=None)
    # 3 / 4 x 100 = 75
    assert compute_capaian(3, 4, "negatif", rules).nilai == 75.0
    # 3 / 0: division by zero is reported, not 0
    zero = compute_capaian(3, 0, "negatif", rules)
    assert zero.nilai is None
    assert zero.catatan is not None and "membagi dengan nol" in zero.catatan


def test_upper_bound_from_config() -> None:
    rules = aturan_with("positif", batas_atas=120)
    result = compute_capaian(50, 100, "positif", rules)  # 200 -> 120
    assert result.nilai == 120.0
    assert result.catatan is not None and "120%" in result.catatan


# -- target 0, missing and non-numeric --------------------------------------------------------


def test_target_zero_negatif_met_is_100() -> None:
    result = compute_capaian(0, 0, "negatif")
    assert result.nilai == 100.0
    assert result.catatan is not None and "Target 0" in result.catatan


def test_target_zero_negatif_exceeded_is_reported() -> None:
    result = compute_capaian(0, 2, "negatif")
    assert result.nilai is None
    assert result.catatan is not None and "Target 0" in result.catatan


@pytest.mark.parametrize("realisasi", [0, 5])
def test_target_zero_positif_is_reported(realisasi: float) -> None:
    result = compute_capaian(0, realisasi, "positif")
    assert result.nilai is None
    assert result.catatan is not None and "tidak dapat dihitung" in result.catatan


@pytest.mark.parametrize("realisasi", [None, "", "   "])
def test_missing_realisasi_is_reported_not_zero(realisasi: object) -> None:
    result = compute_capaian(80, realisasi, "positif")
    assert result.nilai is None
    assert result.catatan == "Realisasi belum diisi; capaian tidak dihitung."


@pytest.mark.parametrize("realisasi", ["sedang proses", True, "12abc", [1]])
def test_non_numeric_realisasi_is_reported(realisasi: object) -> None:
    result = compute_capaian(80, realisasi, "positif")
    assert result.nilai is None
    assert result.catatan is not None and "bukan angka" in result.catatan


def test_unknown_polaritas_is_an_input_error() -> None:
    with pytest.raises(InputError, match="Polaritas 'netral'"):
        compute_capaian(80, 80, "netral")


# -- predikat ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("capaian", "expected"),
    [
        (150.0, "Sangat Tinggi"),
        (91.0, "Sangat Tinggi"),
        (90.99, "Tinggi"),  # between 90 and 91: half-open band [76, 91)
        (90.5, "Tinggi"),
        (76.0, "Tinggi"),
        (75.99, "Sedang"),
        (66.0, "Sedang"),
        (65.5, "Rendah"),
        (51.0, "Rendah"),
        (50.99, "Sangat Rendah"),
        (50.0, "Sangat Rendah"),
        (0.0, "Sangat Rendah"),
        (-10.0, "Sangat Rendah"),
    ],
)
def test_predikat_permendagri86(capaian: float, expected: str) -> None:
    assert predikat(capaian) == expected


def test_predikat_baik_preset_and_none() -> None:
    assert [predikat(v, "baik") for v in (95, 80, 70, 60, 40)] == [
        "Sangat Baik",
        "Baik",
        "Cukup",
        "Kurang",
        "Sangat Kurang",
    ]
    assert predikat(None) is None


def test_unknown_scale_lists_known_ones() -> None:
    with pytest.raises(InputError) as info:
        predikat(80, "bintang")
    assert "permendagri86" in str(info.value.hint)


def test_scale_must_be_ordered_with_one_open_level() -> None:
    raw = default_aturan().model_dump()
    raw["skala"]["rusak"] = {
        "tingkat": [{"batas_bawah": 50, "predikat": "A"}, {"batas_bawah": 80, "predikat": "B"}]
    }
    with pytest.raises(ValueError, match="batas_bawah"):
        AturanCapaian.model_validate(raw)


# -- formulas ----------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["R ** 2", "__import__('os')", "R + X", "max(R, T)", "R +", "'a'"])
def test_formula_language_is_closed(bad: str) -> None:
    with pytest.raises(ValueError, match="rumus"):
        parse_rumus(bad)


def test_formula_evaluates_and_translates() -> None:
    tree = parse_rumus("(2 - R / T) * 100")
    assert evaluate(tree, 1, 2) == 150.0
    assert to_excel(tree, "G5", "F5") == "(2 - G5 / F5) * 100"
    assert to_excel(parse_rumus("-R + 1.5"), "G5", "F5") == "-G5 + 1.5"


def test_excel_formulas_follow_the_rules() -> None:
    assert excel_capaian("negatif", "G5", "F5") == (
        '=IF(G5="","",IF(F5=0,IF(G5=0,100,""),IFERROR(MAX(0,ROUND((2 - G5 / F5) * 100,2)),"")))'
    )
    assert excel_capaian("positif", "G5", "F5") == (
        '=IF(G5="","",IF(F5=0,IF(G5=0,"",""),IFERROR(ROUND(G5 / F5 * 100,2),"")))'
    )
    assert excel_predikat("H5") == (
        '=IF(H5="","",IF(H5>=91,"Sangat Tinggi",IF(H5>=76,"Tinggi",IF(H5>=66,"Sedang",'
        'IF(H5>=51,"Rendah","Sangat Rendah")))))'
    )
    assert excel_rata(["H5:H9", "H12:H14"]) == '=IFERROR(ROUND(AVERAGE(H5:H9,H12:H14),2),"")'


def test_rata_rata_ignores_missing() -> None:
    # (109,62 + 100 + 33,33) / 3 = 80,983... -> 80,98
    assert rata_rata([109.62, None, 100.0, 33.33]) == 80.98
    assert rata_rata([None, None]) is None


# -- property: capaian is monotone in realisasi -----------------------------------------------

targets = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)
values = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)


@given(target=targets, a=values, b=values)
def test_positif_monotone_increasing(target: float, a: float, b: float) -> None:
    low, high = sorted((a, b))
    first = compute_capaian(target, low, "positif").nilai
    second = compute_capaian(target, high, "positif").nilai
    assert first is not None and second is not None
    assert first <= second


@given(target=targets, a=values, b=values)
def test_negatif_monotone_decreasing_and_not_below_zero(target: float, a: float, b: float) -> None:
    low, high = sorted((a, b))
    first = compute_capaian(target, low, "negatif").nilai
    second = compute_capaian(target, high, "negatif").nilai
    assert first is not None and second is not None
    assert first >= second >= 0
