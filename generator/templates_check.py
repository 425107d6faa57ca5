"""`kinerja templat periksa`: compare a Word template's placeholders with the context the code
gives it, before a broken template breaks a command.

Unknown placeholders (used by the template, not given by the code, including a misspelt
attribute such as ``kop.instasi``) make the check fail; missing ones (given by the code, not
used by the template) are only reported.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError

from generator.errors import TemplateError
from generator.render import load_template, make_env, template_text, templates_dir

# Template file name -> "module:function" returning a sample context (the same keys the
# document module gives). Add a line here for every new Word template.
CONTEXTS: dict[str, str] = {
    "memo.docx": "generator.documents.memo:sample_context",
    "tanda_terima.docx": "generator.documents.tanda_terima:sample_context",
}


@dataclass
class TemplateReport:
    template: Path
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    catatan: str | None = None

    @property
    def ok(self) -> bool:
        return not self.unknown and not self.errors


def sample_context(name: str) -> dict[str, Any]:
    target = CONTEXTS.get(name)
    if target is None:
        raise TemplateError(
            f"Templat {name} tidak dikenal; tidak ada konteks untuk membandingkannya.",
            hint="Templat yang dikenal: " + ", ".join(sorted(CONTEXTS)) + ".",
        )
    module, function = target.split(":")
    factory: Callable[[], dict[str, Any]] = getattr(importlib.import_module(module), function)
    return factory()


def _dotted(node: nodes.Node) -> list[str] | None:
    """['kop', 'instansi'] for kop.instansi / kop['instansi']; None for anything else."""
    if isinstance(node, nodes.Name):
        return [node.name]
    if isinstance(node, nodes.Getattr):
        base = _dotted(node.node)
        return None if base is None else [*base, node.attr]
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _dotted(node.node)
        return None if base is None else [*base, str(node.arg.value)]
    return None


def _lookup(context: Any, path: list[str]) -> bool | None:
    """True/False whether ``path`` exists; None when it cannot be told (empty list)."""
    value = context
    for part in path:
        while isinstance(value, list):
            if not value:
                return None
            value = value[0]
        if isinstance(value, dict):
            if part not in value:
                return False
            value = value[part]
        else:
            return None
    return True


def _walk(tree: nodes.Template) -> Iterator[list[str]]:
    """Every dotted name the template reads, with loop variables expanded to their source."""
    aliases: dict[str, list[str]] = {}
    for loop in tree.find_all(nodes.For):
        source = _dotted(loop.iter)
        if isinstance(loop.target, nodes.Name) and source is not None:
            aliases[loop.target.name] = source
    called = {id(c.node) for c in tree.find_all(nodes.Call)}
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        if id(node) in called or (isinstance(node, nodes.Name) and node.ctx != "load"):
            continue
        path = _dotted(node)
        if path is None:
            continue
        if path[0] in aliases:
            path = [*aliases[path[0]], *path[1:]]
        yield path


def check_template(template: Path, context: dict[str, Any] | None = None) -> TemplateReport:
    """Compare ``template`` with ``context`` (default: the sample context of its name)."""
    report = TemplateReport(template)
    tpl = load_template(template)
    ctx = sample_context(template.name) if context is None else context
    env = make_env()
    try:
        tree = env.parse(template_text(tpl))
    except TemplateSyntaxError as exc:
        report.errors.append(f"penulisan tag salah: {exc.message}")
        return report
    loop_vars = {
        t.name for f in tree.find_all(nodes.For) for t in f.find_all(nodes.Name) if t.ctx == "store"
    }
    unknown: set[str] = set()
    used_top: set[str] = set()
    for path in _walk(tree):
        if path[0] in loop_vars and len(path) == 1:
            continue
        if path[0] == "loop":
            continue
        used_top.add(path[0])
        if _lookup(ctx, path) is False:
            unknown.add(".".join(path))
    # a prefix of an unknown path is reported once, as the longest known-bad name
    report.unknown = sorted(
        u for u in unknown if not any(o != u and o.startswith(u + ".") for o in unknown)
    )
    report.missing = sorted(set(ctx) - used_top)
    return report


def template_files(file: Path | None = None) -> list[Path]:
    """The templates to check: ``file``, or every Word template of templates/."""
    if file is not None:
        return [file]
    return sorted(p for p in templates_dir().glob("*.docx") if not p.name.startswith("~$"))


def check_templates(file: Path | None = None) -> list[TemplateReport]:
    """Check ``file``, or every Word template in templates/ (those with no known context are
    listed with a note, not failed)."""
    reports = []
    for path in template_files(file):
        if file is None and path.name not in CONTEXTS:
            reports.append(TemplateReport(path, catatan="tidak ada konteks terdaftar; dilewati"))
            continue
        reports.append(check_template(path))
    return reports
