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
    pass


# Drop the YAML 1.1 bool resolver and add a strict one.
_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
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


def _index(
    node: yaml.Node, path: tuple[str | int, ...], out: dict[tuple[str | int, ...], int]
) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            out[(*path, key)] = key_node.start_mark.line + 1
            _index(value_node, (*path, key), out)
            # the key's own line is the better pointer for a scalar value
            if isinstance(value_node, yaml.ScalarNode):
                out[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*path, i), out)


def parse_yaml(text: str, source: str) -> YamlDocument:
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise InputError(
            f"Penulisan YAML tidak sah: {exc.problem}.",
            file=source,
            line=line,
            hint="Periksa indentasi (gunakan spasi, bukan tab) dan tanda titik dua.",
        ) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"Penulisan YAML tidak sah: {exc}.", file=source) from exc
    lines: dict[tuple[str | int, ...], int] = {}
    if node is not None:
        _index(node, (), lines)
    return YamlDocument(data, source, lines)


def load_yaml(path: Path) -> YamlDocument:
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
    return parse_yaml(text, str(path))


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
