"""YAML edited by hand: syntax errors explained in Indonesian with line and column; no key twice."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.base import yamlio
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


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=20),
)
_documents = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(_documents)
def test_libyaml_reads_what_the_python_loader_reads(data: object) -> None:
    """The fast loader (libyaml) and the pure one agree on data and on the lines kept."""
    text = yaml.safe_dump(data, allow_unicode=True)
    fast = yamlio._compose(yamlio._FastLoader, text)
    slow = yamlio._compose(yamlio._Loader, text)
    assert fast[1] == slow[1]
    assert parse_yaml(text, "x.yaml", ours=True).lines == _lines_with(yamlio._Loader, text)


@pytest.mark.parametrize("text", ["a: 1\t", "|#", "a: !\n"])
def test_a_persons_file_is_read_by_pyyaml_not_libyaml(text: str) -> None:
    """libyaml is lenient where PyYAML is not; only kinerja's own texts go through it."""
    try:
        expected: object = yamlio._compose(yamlio._Loader, text)[1]
    except yaml.YAMLError:
        with pytest.raises(InputError):
            parse_yaml(text, "org.yaml")
        return
    assert parse_yaml(text, "org.yaml").data == expected


def _lines_with(loader: type, text: str) -> dict[tuple[str | int, ...], int]:
    node, _ = yamlio._compose(loader, text)
    lines: dict[tuple[str | int, ...], int] = {}
    if node is not None:
        yamlio._index(node, (), lines, "x.yaml")
    return lines
