"""YAML reading with line numbers, and without YAML 1.1 surprises.

Plain YAML 1.1 reads ``no``, ``yes``, ``on`` and ``off`` as booleans (a step
"no: 1" becomes ``False: 1``) and ``08`` as a float. Office staff edit these
files by hand, so only ``true``/``false`` are booleans here, and every value
keeps the line it came from so that an error can point at it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import InputError


class _Loader(yaml.SafeLoader):
    """The pure-Python loader: its error messages are the ones translated below."""


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml, about ten times faster: every command reads the workspace's input snapshot
    (an indikator.yaml of 2,000 indicators among it). Only for texts kinerja wrote."""


# Drop the YAML 1.1 bool resolver and add a strict one.
for _loader in (_Loader, _FastLoader):
    _loader.yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )


@dataclass
class YamlDocument:
    """Parsed data plus the line of every node, keyed by its path."""

    data: Any
    source: str
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        path = tuple(loc)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def field_label(loc: tuple[str | int, ...] | list[str | int]) -> str:
    """Where a value is, as a person counts: ("bidang", 0, "kode") -> "bidang ke-1.kode"."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int) and parts:
            parts[-1] += f" ke-{part + 1}"
        else:
            parts.append(str(part))
    return ".".join(parts)


def _index(
    node: yaml.Node,
    path: tuple[str | int, ...],
    out: dict[tuple[str | int, ...], int],
    source: str,
) -> None:
    """Record the line of every node; a key written twice in one mapping is refused (plain
    YAML keeps the last one silently, so an edit near the top would quietly not count)."""
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            line = key_node.start_mark.line + 1
            if key in first:
                dotted = field_label((*path, key))
                raise InputError(
                    f"Isian '{key}' ditulis dua kali (baris {first[key]} dan baris {line}).",
                    file=source,
                    line=line,
                    field=dotted,
                    hint="Hapus salah satunya; hanya satu yang boleh ada.",
                )
            first[key] = line
            out[(*path, key)] = line
            _index(value_node, (*path, key), out, source)
            # the key's own line is the better pointer for a scalar value
            if isinstance(value_node, yaml.ScalarNode):
                out[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*path, i), out, source)


_GENERAL_HINT = "Periksa indentasi (gunakan spasi, bukan tab) dan tanda titik dua."
_QUOTE_HINT = (
    "Bila nilainya memuat tanda : # [ ] { } ' atau \", apit seluruh nilai dengan tanda kutip"
    ' ganda, misalnya: alamat: "Jl. Merdeka: No. 1".'
)
# PyYAML's English problems, in the words of someone who edits the file in a text editor.
_PROBLEMS: list[tuple[re.Pattern[str], str, str]] = [
    (
        re.compile(r"found character '\\t' that cannot start any token"),
        "ada karakter tab di awal atau di tengah baris",
        "YAML hanya boleh diberi jarak dengan spasi: ganti setiap tab dengan spasi.",
    ),
    (
        re.compile(r"found character '(.)' that cannot start any token"),
        "nilai tidak boleh diawali tanda '{0}'",
        _QUOTE_HINT,
    ),
    (
        re.compile(r"mapping values are not allowed here"),
        "tanda titik dua (:) berlebih",
        _QUOTE_HINT,
    ),
    (
        re.compile(r"could not find expected ':'"),
        "baris ini tidak berbentuk 'kunci: nilai'",
        "Tambahkan titik dua setelah nama isian, atau gabungkan baris ini dengan baris sebelumnya.",
    ),
    (
        re.compile(r"expected ',' or '[\]}]'"),
        "tanda kurung [ atau { tidak ditutup",
        _QUOTE_HINT,
    ),
    (
        re.compile(r"found unexpected end of stream"),
        "tanda kutip tidak ditutup sampai akhir berkas",
        "Tutup tanda kutip pada nilai yang dibuka dengan \" atau '.",
    ),
    (
        re.compile(r"expected <block end>, but found '<scalar>'"),
        "ada teks setelah nilai yang diapit tanda kutip",
        "Di dalam tanda kutip tunggal, tulis '' untuk satu tanda kutip (contoh: 'Jum''at'),"
        " atau pakai tanda kutip ganda.",
    ),
    (
        re.compile(r"expected <block end>, but found"),
        "indentasi tidak rata dengan baris sebelumnya",
        "Isian yang setingkat harus diawali jumlah spasi yang sama.",
    ),
    (
        re.compile(r"found undefined alias"),
        "tanda * di awal nilai",
        _QUOTE_HINT,
    ),
]


def _explain(exc: yaml.MarkedYAMLError) -> tuple[str, str]:
    problem = str(exc.problem or "")
    for pattern, message, hint in _PROBLEMS:
        if found := pattern.search(problem):
            return message.replace("{0}", found.group(1) if found.groups() else ""), hint
    return f"penulisan tidak sah (keterangan teknis: {problem or exc})", _GENERAL_HINT


def _compose(loader_class: type[yaml.SafeLoader], text: str) -> tuple[Any, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def parse_yaml(text: str, source: str, *, ours: bool = False) -> YamlDocument:
    """``ours``: a text kinerja wrote itself (a workspace's input snapshot, the embedded
    sample), read by libyaml. libyaml accepts some texts PyYAML refuses (a tab after a value,
    ``|#``), so a person's file is always read by PyYAML's own loader."""
    try:
        try:
            if not ours:
                raise yaml.YAMLError("a person's file")
            node, data = _compose(_FastLoader, text)
        except yaml.YAMLError:
            node, data = _compose(_Loader, text)  # the same refusal, in the words we translate
    except yaml.MarkedYAMLError as exc:
        message, hint = _explain(exc)
        # an unclosed bracket or quote: point at where it was opened, not where YAML gave up
        opened = "tidak ditutup" in message and exc.context_mark is not None
        mark = exc.context_mark if opened else exc.problem_mark
        where = f" (kolom {mark.column + 1})" if mark is not None else ""
        raise InputError(
            f"Penulisan YAML tidak sah: {message}{where}.",
            file=source,
            line=mark.line + 1 if mark is not None else None,
            hint=hint,
        ) from exc
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 if exc.position is not None else None
        raise InputError(
            f"Berkas memuat karakter kontrol yang tidak terlihat (kode {exc.character:#06x}).",
            file=source,
            line=line,
            hint="Hapus karakter itu (biasanya terbawa saat menyalin dari dokumen lain), atau"
            " ketik ulang baris tersebut.",
        ) from exc
    except yaml.YAMLError as exc:
        raise InputError(
            f"Penulisan YAML tidak sah (keterangan teknis: {exc}).", file=source, hint=_GENERAL_HINT
        ) from exc
    lines: dict[tuple[str | int, ...], int] = {}
    if node is not None:
        _index(node, (), lines, source)
    return YamlDocument(data, source, lines)


def load_yaml(path: Path, *, ours: bool = False) -> YamlDocument:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("Berkas tidak ditemukan.", file=path) from exc
    except OSError as exc:
        raise InputError(f"Berkas tidak dapat dibaca ({exc.strerror}).", file=path) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            "Berkas bukan teks UTF-8.",
            file=path,
            hint="Simpan ulang berkas dengan pengodean UTF-8.",
        ) from exc
    return parse_yaml(text, str(path), ours=ours)


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def first_validation_error(exc: Any, doc: YamlDocument, title: str) -> InputError:
    """The first problem of a pydantic ``ValidationError`` on ``doc``, located at its line:
    for the package's own data tables, where one mistake at a time is the useful message."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return InputError(
        f"{title} pada '{where}': {first['msg']}",
        file=doc.source,
        line=doc.line_of(first["loc"]),
    )
