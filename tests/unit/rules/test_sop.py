from __future__ import annotations

import pytest

from generator.base.yamlio import parse_yaml
from generator.errors import InputError
from generator.rules.sop import load_sop, parse_mutu_baku, parse_sop

# The table of PRODUCT.md: (no, pelaksana, kelengkapan, waktu, output)
PRODUCT_TABLE = [
    (1, "sekretaris", "Jadwal kerja", "15 menit", "Memo/Disposisi"),
    (2, "kasubag", "Memo/Disposisi", "45 menit", "Formulir pengumpulan data capaian kinerja"),
    (
        3,
        "kasubag",
        "Formulir pengumpulan data capaian kinerja",
        "15 menit",
        "Formulir pengumpulan data capaian kinerja",
    ),
    (4, "staf", "Formulir pengumpulan data capaian kinerja", "30 menit", "Tanda terima"),
    (5, "kabid", "Formulir pengumpulan data capaian kinerja", "2 hari", "Data capaian kinerja"),
    (6, "kabid", "Data capaian kinerja", "15 menit", "Data capaian kinerja"),
    (7, "kasubag", "Data capaian kinerja", "2 jam", "Rekapitulasi data capaian kinerja"),
    (
        8,
        "staf",
        "Rekapitulasi data capaian kinerja",
        "15 menit",
        "Rekapitulasi data capaian kinerja",
    ),
    (
        9,
        "kasubag",
        "Rekapitulasi data capaian kinerja",
        "30 menit",
        "Rekapitulasi data capaian kinerja",
    ),
    (
        10,
        "sekretaris",
        "Rekapitulasi data capaian kinerja",
        "1 hari",
        "Rekapitulasi data capaian kinerja",
    ),
    (11, "staf", "Rekapitulasi data capaian kinerja", "15 menit", "Dokumen data capaian kinerja"),
]


def test_sop_table_matches_product_spec() -> None:
    sop = load_sop()
    assert sop.nomor == "00.9.3.3/036/35.73.505/2024"
    rows = [(s.no, s.pelaksana, s.kelengkapan, s.waktu, s.output) for s in sop.langkah]
    assert rows == PRODUCT_TABLE


def test_mutu_baku_in_working_minutes() -> None:
    sop = load_sop()
    assert [s.baku_menit() for s in sop.langkah] == [15, 45, 15, 30, 900, 15, 120, 15, 30, 450, 15]
    assert sop.step(10).baku_menit(hours_per_day=8) == 480


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("15 menit", 15),
        ("2 jam", 120),
        ("1 hari", 450),
        ("2 hari", 900),
        ("1,5 jam", 90),
        ("1 Hari", 450),
    ],
)
def test_parse_mutu_baku(text: str, minutes: int) -> None:
    assert parse_mutu_baku(text) == minutes


@pytest.mark.parametrize("text", ["", "sebentar", "2 minggu", "jam 2"])
def test_parse_mutu_baku_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="tidak dikenali"):
        parse_mutu_baku(text)


def test_bad_sop_table_names_line() -> None:
    text = (
        "kode: X\nnama: X\nnomor: X\nunit: X\ntanggal_efektif: 2024-01-05\nlangkah:\n"
        "  - no: 1\n    kegiatan: a\n    singkat: a\n    pelaksana: kabid\n    kelengkapan: a\n"
        "    waktu: sebentar\n    output: a\n    dokumen: [memo]\n    aksi: memo\n"
    )
    with pytest.raises(InputError) as info:
        parse_sop(parse_yaml(text, "sop.yaml"))
    assert info.value.location.line == 12
    assert "sebentar" in info.value.render()


def test_yaml_no_is_not_false() -> None:
    """YAML 1.1 reads `no: 1` as `False: 1`; our loader must not."""
    assert parse_yaml("no: 1\nyes: on\n", "x").data == {"no": 1, "yes": "on"}
