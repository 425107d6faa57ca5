"""YAML edited by hand: syntax errors explained in Indonesian with line and column; no key twice."""

from __future__ import annotations

import pytest

from generator.base.yamlio import parse_yaml
from generator.errors import InputError


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: 1\nb:\n\tc: 2\n", 3, "karakter tab"),
        ("alamat: Jl. Merdeka: No. 1\n", 1, "titik dua (:) berlebih"),
        ("a: [x\nb: 2\n", 1, "tanda kurung [ atau { tidak ditutup"),
        ('a: "abc\nb: 2\n', 1, "tanda kutip tidak ditutup"),
        ("a:\n  b: 1\n c: 2\n", 3, "indentasi tidak rata"),
        ("a: 1\njust text\nb: 2\n", 3, "tidak berbentuk 'kunci: nilai'"),
        ("a: 'Jum'at'\n", 1, "setelah nilai yang diapit tanda kutip"),
        ("a: @bakesbangpol\n", 1, "tidak boleh diawali tanda '@'"),
        ("a: 1\nb: \x07\n", 2, "karakter kontrol"),
    ],
)
def test_syntax_errors_in_indonesian(text: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as info:
        parse_yaml(text, "org.yaml")
    rendered = info.value.render()
    assert words in rendered and f"baris {line}" in rendered
    for english in ("found", "expected", "mapping values", "while scanning", "token"):
        assert english not in rendered


def test_a_key_written_twice_is_refused() -> None:
    with pytest.raises(InputError) as info:
        parse_yaml("kota: Malang\nalamat: x\nkota: Batu\n", "org.yaml")
    rendered = info.value.render()
    assert "'kota' ditulis dua kali (baris 1 dan baris 3)" in rendered
    assert info.value.location.line == 3


def test_valid_yaml_keeps_lines() -> None:
    doc = parse_yaml("a: 1\nb:\n  c: 2\n", "x.yaml")
    assert doc.data == {"a": 1, "b": {"c": 2}}
    assert doc.line_of(("b", "c")) == 3
