"""Capaian (achievement %) and predikat rules, read from ``generator/data/capaian.yaml``.

Everything here is pure: the rule set is data (formula per polaritas, bounds, the target-0
rule, predikat scales) and the same formula is evaluated in Python and written into the
recap sheet as an Excel formula, so the stored numbers and the live sheet agree.
"""

from __future__ import annotations

import ast
import copy
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from generator.base.angka import bulat, format_angka, parse_angka
from generator.base.yamlio import YamlDocument, load_yaml, parse_yaml
from generator.errors import InputError
from generator.inputs.org import errors_from_validation

VARIABLES = {"R": "realisasi", "T": "target"}
_BINOPS: dict[type[ast.operator], str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


# -- the formula: a tiny arithmetic language over R and T --------------------------------------


def parse_rumus(text: str) -> ast.expr:
    """Parse and check a formula such as ``(2 - R / T) * 100``; ValueError in Indonesian."""
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise ValueError(f"rumus '{text}' tidak dapat dibaca") from exc
    for node in ast.walk(tree):
        allowed = isinstance(node, ast.BinOp | ast.UnaryOp | ast.operator | ast.unaryop | ast.Load)
        if isinstance(node, ast.BinOp) and type(node.op) not in _BINOPS:
            allowed = False
        if isinstance(node, ast.UnaryOp) and not isinstance(node.op, ast.USub | ast.UAdd):
            allowed = False
        if isinstance(node, ast.Name):
            allowed = node.id in VARIABLES
        if isinstance(node, ast.Constant):
            allowed = isinstance(node.value, int | float) and not isinstance(node.value, bool)
        if not allowed:
            raise ValueError(f"rumus '{text}' hanya boleh memakai R, T, angka, + - * / dan kurung")
    return tree


def evaluate(tree: ast.expr, realisasi: float, target: float) -> float:
    """The value of a checked formula; ZeroDivisionError propagates (the caller reports it)."""
    if isinstance(tree, ast.Constant):
        assert isinstance(tree.value, int | float)
        return float(tree.value)
    if isinstance(tree, ast.Name):
        return realisasi if tree.id == "R" else target
    if isinstance(tree, ast.UnaryOp):
        value = evaluate(tree.operand, realisasi, target)
        return -value if isinstance(tree.op, ast.USub) else value
    assert isinstance(tree, ast.BinOp)
    left = evaluate(tree.left, realisasi, target)
    right = evaluate(tree.right, realisasi, target)
    symbol = _BINOPS[type(tree.op)]
    if symbol == "+":
        return left + right
    if symbol == "-":
        return left - right
    if symbol == "*":
        return left * right
    return left / right  # ZeroDivisionError when right == 0


def to_excel(tree: ast.expr, realisasi_ref: str, target_ref: str) -> str:
    """The formula in spreadsheet syntax with cell references for R and T."""
    refs = {"R": realisasi_ref, "T": target_ref}

    class _Refs(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.Name:
            return ast.Name(id=refs[node.id], ctx=ast.Load())

    # For + - * / numbers and parentheses Python's and the spreadsheet's syntax coincide.
    return ast.unparse(_Refs().visit(copy.deepcopy(tree)))


# -- the rules as data ------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TargetNol(_Model):
    """Capaian when the target is 0: a number, or None = not computed, reported."""

    realisasi_nol: float | None = None
    lainnya: float | None = None


class AturanPolaritas(_Model):
    rumus: str
    batas_bawah: float | None = None
    batas_atas: float | None = None
    target_nol: TargetNol = TargetNol()

    @field_validator("rumus")
    @classmethod
    def _rumus(cls, value: str) -> str:
        parse_rumus(value)
        return value

    @property
    def tree(self) -> ast.expr:
        return parse_rumus(self.rumus)


class Tingkat(_Model):
    batas_bawah: float | None
    predikat: Annotated[str, Field(min_length=1)]
    warna: Annotated[str, Field(pattern=r"^[0-9A-Fa-f]{6}$")] = "FFFFFF"


class SkalaPredikat(_Model):
    nama: str = ""
    tingkat: Annotated[list[Tingkat], Field(min_length=1)]

    @model_validator(mode="after")
    def _order(self) -> SkalaPredikat:
        bounds = [t.batas_bawah for t in self.tingkat]
        if bounds[-1] is not None or None in bounds[:-1]:
            raise ValueError("hanya tingkat terakhir (terbawah) yang batas_bawah-nya kosong (null)")
        numbers = [b for b in bounds if b is not None]
        if numbers != sorted(numbers, reverse=True) or len(set(numbers)) != len(numbers):
            raise ValueError(
                "tingkat harus urut dari batas_bawah tertinggi ke terendah, tanpa batas ganda"
            )
        return self


class AturanCapaian(_Model):
    pembulatan: Annotated[int, Field(ge=0, le=6)] = 2
    polaritas: dict[str, AturanPolaritas]
    skala_bawaan: str
    skala: dict[str, SkalaPredikat]

    @model_validator(mode="after")
    def _known_default(self) -> AturanCapaian:
        if self.skala_bawaan not in self.skala:
            raise ValueError(f"skala_bawaan '{self.skala_bawaan}' tidak ada di daftar skala")
        return self

    def untuk(self, polaritas: str) -> AturanPolaritas:
        try:
            return self.polaritas[polaritas]
        except KeyError:
            raise InputError(
                f"Polaritas '{polaritas}' tidak dikenal aturan capaian.",
                hint=f"Polaritas yang dikenal: {', '.join(self.polaritas)}.",
            ) from None

    def skala_predikat(self, nama: str | None = None) -> SkalaPredikat:
        key = nama or self.skala_bawaan
        try:
            return self.skala[key]
        except KeyError:
            raise InputError(
                f"Skala predikat '{key}' tidak dikenal.",
                hint=f"Skala yang tersedia: {', '.join(self.skala)}.",
            ) from None


def parse_aturan(doc: YamlDocument) -> AturanCapaian:
    try:
        return AturanCapaian.model_validate(doc.data)
    except ValidationError as exc:
        raise errors_from_validation(exc, doc, "Aturan capaian tidak sah") from exc


@cache
def default_aturan() -> AturanCapaian:
    text = resources.files("generator.data").joinpath("capaian.yaml").read_text(encoding="utf-8")
    return parse_aturan(parse_yaml(text, "generator/data/capaian.yaml", ours=True))


def load_aturan(path: Path | None = None) -> AturanCapaian:
    """The rules of ``path`` (a YAML file in the format of capaian.yaml), else the embedded ones."""
    return default_aturan() if path is None else parse_aturan(load_yaml(path))


# -- capaian and predikat ---------------------------------------------------------------------


@dataclass(frozen=True)
class Capaian:
    nilai: float | None  # percent, rounded; None when it cannot be computed
    catatan: str | None = None  # why it is missing or how it was set, in Indonesian


def _target_nol(rule: AturanPolaritas, realisasi: float) -> Capaian:
    value = rule.target_nol.realisasi_nol if realisasi == 0 else rule.target_nol.lainnya
    if value is None:
        return Capaian(
            None,
            f"Target 0 dengan realisasi {format_angka(realisasi)}: capaian tidak dapat dihitung;"
            " jelaskan dalam keterangan.",
        )
    return Capaian(value, f"Target 0: capaian ditetapkan {format_angka(value)}% sesuai aturan.")


def _bounded(rule: AturanPolaritas, value: float) -> Capaian:
    if rule.batas_bawah is not None and value < rule.batas_bawah:
        return Capaian(
            rule.batas_bawah,
            f"Capaian {format_angka(value)}% dibatasi menjadi {format_angka(rule.batas_bawah)}%.",
        )
    if rule.batas_atas is not None and value > rule.batas_atas:
        return Capaian(
            rule.batas_atas,
            f"Capaian {format_angka(value)}% dibatasi menjadi {format_angka(rule.batas_atas)}%.",
        )
    return Capaian(value)


def compute_capaian(
    target: float, realisasi: object, polaritas: str, aturan: AturanCapaian | None = None
) -> Capaian:
    """Capaian of one indicator. ``realisasi`` may be None or "" (not filled), a number, or
    text as a person typed it ("85,5"); missing, non-numeric and uncomputable values give
    ``nilai=None`` with the reason in ``catatan``, never a silent 0."""
    rules = aturan or default_aturan()
    rule = rules.untuk(polaritas)
    if realisasi is None or (isinstance(realisasi, str) and not realisasi.strip()):
        return Capaian(None, "Realisasi belum diisi; capaian tidak dihitung.")
    try:
        nilai_realisasi = parse_angka(realisasi)
    except ValueError as exc:
        return Capaian(None, f"Realisasi bukan angka ({exc}); capaian tidak dihitung.")
    if target == 0:
        return _target_nol(rule, nilai_realisasi)
    try:
        raw = evaluate(rule.tree, nilai_realisasi, target)
    except ZeroDivisionError:
        return Capaian(
            None, f"Rumus {rule.rumus} membagi dengan nol; capaian tidak dapat dihitung."
        )
    return _bounded(rule, bulat(raw, rules.pembulatan))


def predikat(capaian: float | None, skala: SkalaPredikat | str | None = None) -> str | None:
    """The predikat of a (rounded) capaian: the first level whose lower bound it reaches."""
    if capaian is None:
        return None
    scale = skala if isinstance(skala, SkalaPredikat) else default_aturan().skala_predikat(skala)
    for tingkat in scale.tingkat:
        if tingkat.batas_bawah is None or capaian >= tingkat.batas_bawah:
            return tingkat.predikat
    raise AssertionError("the last level has no lower bound")  # guaranteed by the validator


def rata_rata(values: list[float | None], digits: int = 2) -> float | None:
    """Mean of the values that exist, rounded like the sheet's ROUND(AVERAGE(...))."""
    present = [v for v in values if v is not None]
    return bulat(sum(present) / len(present), digits) if present else None


# -- the same rules as spreadsheet formulas ---------------------------------------------------


def _number(value: float | None) -> str:
    if value is None:
        return '""'
    return str(int(value)) if float(value).is_integer() else repr(value)


def excel_capaian(
    polaritas: str, realisasi_ref: str, target_ref: str, aturan: AturanCapaian | None = None
) -> str:
    """``compute_capaian`` as a formula (with '='), empty text where Python gives None."""
    rules = aturan or default_aturan()
    rule = rules.untuk(polaritas)
    r, t = realisasi_ref, target_ref
    value = f"ROUND({to_excel(rule.tree, r, t)},{rules.pembulatan})"
    if rule.batas_bawah is not None:
        value = f"MAX({_number(rule.batas_bawah)},{value})"
    if rule.batas_atas is not None:
        value = f"MIN({_number(rule.batas_atas)},{value})"
    nol = rule.target_nol
    target_zero = f"IF({r}=0,{_number(nol.realisasi_nol)},{_number(nol.lainnya)})"
    return f'=IF({r}="","",IF({t}=0,{target_zero},IFERROR({value},"")))'


def excel_predikat(capaian_ref: str, skala: SkalaPredikat | str | None = None) -> str:
    """``predikat`` as a nested IF over the levels of the scale (built from the data)."""
    scale = skala if isinstance(skala, SkalaPredikat) else default_aturan().skala_predikat(skala)
    formula = _quote(scale.tingkat[-1].predikat)
    for tingkat in reversed(scale.tingkat[:-1]):
        formula = f"IF({capaian_ref}>={_number(tingkat.batas_bawah)},{_quote(tingkat.predikat)},{formula})"
    return f'=IF({capaian_ref}="","",{formula})'


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def excel_rata(ranges: list[str], digits: int = 2) -> str:
    """ROUND(AVERAGE(...)) over the capaian cells; empty text when none has a value."""
    return f'=IFERROR(ROUND(AVERAGE({",".join(ranges)}),{digits}),"")'
