"""`kinerja templat periksa`: compare a Word template's placeholders with the context the code
gives it, before a broken template breaks a command.

Unknown placeholders (used by the template, not given by the code, including a misspelt
attribute such as ``kop.instasi``) make the check fail; missing ones (given by the code, not
used by the template) are only reported.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError

from generator.documents.ragam import ragam_kantor
from generator.documents.render import (
    load_template,
    make_env,
    render_docx,
    template_text,
    templates_dir,
)
from generator.documents.templates_xlsx import TemplateReport as TemplateReport
from generator.documents.templates_xlsx import check_workbooks
from generator.errors import KinerjaError, TemplateError
from generator.rules.dokumen import load_registry


def contexts() -> dict[str, str]:
    """Template file name -> "module:function" returning a sample context (the same keys the
    document module gives), from the registry of document kinds (data/dokumen.yaml)."""
    return load_registry().sample_contexts()


def _factory(table: dict[str, str], name: str) -> Callable[..., dict[str, Any]]:
    target = table.get(name)
    if target is None:
        raise TemplateError(
            f"Templat {name} tidak dikenal; tidak ada konteks untuk membandingkannya.",
            hint="Templat yang dikenal: " + ", ".join(sorted(table)) + ".",
        )
    module, function = target.split(":")
    factory: Callable[..., dict[str, Any]] = getattr(importlib.import_module(module), function)
    return factory


def sample_context(name: str) -> dict[str, Any]:
    return _factory(contexts(), name)()


def check_ragam(template: Path, report: TemplateReport) -> None:
    """Render ``template`` for every other shape of office (``ragam_kantor``, contexts named by
    ``konteks_ragam`` in data/dokumen.yaml): unknown names found only there, and every failure
    while rendering, are added to ``report``."""
    factory = _factory(load_registry().ragam_contexts(), template.name)
    with tempfile.TemporaryDirectory(prefix="kinerja-periksa-") as tmp:
        for n, ragam in enumerate(ragam_kantor()):
            try:
                context = factory(ragam)
                extra = check_template(template, context).unknown
                report.unknown = sorted({*report.unknown, *extra})
                render_docx(template, context, Path(tmp) / f"{n}.docx")
            except KinerjaError as exc:
                report.errors.append(f"kantor {ragam.nama}: {exc.render()}")


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


Scope = dict[str, list[str] | None]  # loop variable -> the path it iterates (None: unknown)


def _walk(tree: nodes.Template) -> Iterator[list[str]]:
    """Every dotted name the template reads, loop variables expanded to what they iterate.

    Loops are scoped: the same variable name in two loops over different lists (or a loop
    nested in another, ``{% for baris in b.baris %}``) resolves to the right source.
    """
    yield from _visit(tree, {})


def _expand(path: list[str], scope: Scope) -> list[str] | None:
    if path[0] in scope:
        source = scope[path[0]]
        return None if source is None else [*source, *path[1:]]
    return path


def _visit(node: nodes.Node, scope: Scope) -> Iterator[list[str]]:
    if isinstance(node, nodes.For):
        source = _dotted(node.iter)
        expanded = _expand(source, scope) if source is not None else None
        if expanded is not None:
            yield expanded
        elif source is None:
            yield from _visit(node.iter, scope)
        inner = dict(scope)
        for target in (
            node.target.find_all(nodes.Name) if not isinstance(node.target, nodes.Name) else []
        ):
            inner[target.name] = None  # tuple unpacking: items cannot be told apart
        if isinstance(node.target, nodes.Name):
            inner[node.target.name] = expanded
        for child in [*node.body, *node.else_, *([node.test] if node.test else [])]:
            yield from _visit(child, inner)
        return
    if isinstance(node, nodes.Call):
        called = node.node
        # a method call (kop.nama.upper()) reads its object, not an attribute named 'upper'
        yield from _visit(called.node if isinstance(called, nodes.Getattr) else called, scope)
        for arg in [*node.args, *node.kwargs, *filter(None, [node.dyn_args, node.dyn_kwargs])]:
            yield from _visit(arg, scope)
        return
    if isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Name):
        if isinstance(node, nodes.Name) and node.ctx != "load":
            return
        path = _dotted(node)
        if path is not None:
            expanded = _expand(path, scope)
            if expanded is not None:
                yield expanded
            return
    for child in node.iter_child_nodes():
        yield from _visit(child, scope)


def check_template(template: Path, context: dict[str, Any] | None = None) -> TemplateReport:
    """Compare ``template`` with ``context`` (default: the sample context of its name)."""
    report = TemplateReport(template)
    tpl = load_template(template)
    ctx = sample_context(template.name) if context is None else context
    env = make_env(ctx)
    try:
        tree = env.parse(template_text(tpl))
    except TemplateSyntaxError as exc:
        report.errors.append(f"penulisan tag salah: {exc.message}")
        return report
    unknown: set[str] = set()
    used_top: set[str] = set()
    for path in _walk(tree):
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
    """The Word templates to check: ``file``, or every Word template of templates/."""
    if file is not None:
        return [file] if file.suffix.lower() == ".docx" else []
    return sorted(p for p in templates_dir().glob("*.docx") if not p.name.startswith("~$"))


def check_templates(file: Path | None = None) -> list[TemplateReport]:
    """Check ``file``, or every Word template in templates/ (those with no known context are
    listed with a note, not failed)."""
    from generator.documents import charts

    reports = []
    with charts.sketch():  # the question is whether every tag renders, not how figures look
        for path in template_files(file):
            if file is None and path.name not in contexts():
                reports.append(
                    TemplateReport(path, catatan="tidak ada konteks terdaftar; dilewati")
                )
                continue
            report = check_template(path)
            if report.ok and path.name in load_registry().ragam_contexts():
                check_ragam(path, report)
            reports.append(report)
    reports.extend(check_workbooks(file))
    return reports
