"""The package's layering, checked on the source: no cycles, no upward imports, and front ends
that reach the library only through ``generator.api`` (and the error types)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "generator"

# Bottom to top: a module may import its own layer and the layers below, never above.
LAYERS = [
    {"errors", "data"},
    {"base"},
    {"convert"},
    {"inputs"},
    {"rules"},
    {"workspace"},
    {"intake"},
    {"documents"},
    {"pdf"},
    {"workflow"},
    {"demo"},
    {"api"},
    {"cli", "web"},
]
FRONT_ENDS = {"cli", "web"}
FRONT_END_MAY_IMPORT = {"generator", "generator.api", "generator.errors"}
HEAVY = ["matplotlib", "pyhanko", "openpyxl", "docxtpl", "generator.convert", "pikepdf", "rich"]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, only under TYPE_CHECKING) of every generator import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in ast.walk(node):
                typing_only.add(id(inner))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                module = target if _is_module(target) else node.module
                found.append((module, node.lineno, id(node) in typing_only))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("generator"):
                    found.append((alias.name, node.lineno, id(node) in typing_only))
    return found


def _is_module(dotted: str) -> bool:
    rel = Path(*dotted.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").is_file() or (PACKAGE / rel / "__init__.py").is_file()


def _layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else "api"
    for n, names in enumerate(LAYERS):
        if top in names:
            return n
    raise AssertionError(f"{module}: package '{top}' has no layer; add it to LAYERS")


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "uno_worker.py")


def test_no_module_imports_a_layer_above_it() -> None:
    upward = []
    for path in _sources():
        name = _module_name(path)
        if name == "generator":
            continue
        for target, line, _ in _imports(path):
            if target == "generator":
                continue
            if _layer(target) > _layer(name):
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert not upward, "upward imports:\n" + "\n".join(upward)


def test_front_ends_use_only_the_api_and_the_errors() -> None:
    wrong = []
    for path in _sources():
        name = _module_name(path)
        if name.split(".")[1:2] and name.split(".")[1] in FRONT_ENDS:
            for target, line, _ in _imports(path):
                top = ".".join(target.split(".")[:2])
                if target in FRONT_END_MAY_IMPORT or top in {f"generator.{f}" for f in FRONT_ENDS}:
                    continue
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert not wrong, "front ends reach past the API:\n" + "\n".join(wrong)


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {}
    for path in _sources():
        graph[_module_name(path)] = {t for t, _, typing_only in _imports(path) if not typing_only}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt == node or nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    # A package importing its own submodule is no cycle of concepts; real ones are.
    cycles = [c for c in cycles if c.count(" -> ") > 1 or not c.startswith("generator ->")]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


@pytest.mark.parametrize("argv", [["--help"], ["status", "--help"], ["rekap", "--help"]])
def test_help_imports_no_heavy_library(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from generator.cli import kinerja\n"
        f"try:\n    kinerja.main({argv!r}, standalone_mode=False)\n"
        "except SystemExit:\n    pass\n"
        "print(' '.join(sorted(m for m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    loaded = set(done.stdout.split())
    assert "Penggunaan" in done.stdout
    heavy = [m for m in HEAVY if m in loaded]
    assert not heavy, f"kinerja {' '.join(argv)} imported {heavy}"


def test_status_loads_neither_excel_nor_office_libraries(tmp_path: Path) -> None:
    """`kinerja status` is asked often (and by shell completion): it reads the manifest and the
    input snapshot, never an Excel file, so openpyxl (and numpy under it) stay unloaded."""
    from generator import api

    api.init(tmp_path, "2025", contoh=True)
    code = (
        "import sys\n"
        "from generator.cli import kinerja\n"
        f"argv = ['status', '--periode', '2025', '--output', {str(tmp_path)!r}]\n"
        "try:\n    kinerja.main(argv, standalone_mode=False)\n"
        "except SystemExit:\n    pass\n"
        "print('MODULES', ' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    loaded = set(done.stdout.rsplit("MODULES", 1)[-1].split())
    assert "generator.workspace.folder" in loaded
    heavy = [m for m in [*HEAVY[:-1], "numpy", "holidays", "num2words"] if m in loaded]
    assert not heavy, f"kinerja status imported {heavy}"


def test_the_archive_loads_no_excel_or_word_library() -> None:
    """`kinerja arsip` takes the print copies cetak recorded; openpyxl (with numpy) and docxtpl
    are loaded only where a copy is made, not with the modules (45 MiB of its peak at 2,000
    indicators)."""
    code = (
        "import sys\n"
        "import generator.workflow.archive, generator.pdf.pdfs, generator.pdf.verify\n"
        "print('MODULES', ' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    loaded = set(done.stdout.rsplit("MODULES", 1)[-1].split())
    assert "generator.workflow.archive" in loaded, done.stderr
    heavy = [m for m in ["openpyxl", "numpy", "docxtpl", "matplotlib"] if m in loaded]
    assert not heavy, f"the archive's modules imported {heavy}"


def test_the_office_alone_is_read_without_the_indicators(tmp_path: Path) -> None:
    """What needs only the office (a cover, a signer, the archive) reads org.yaml, not the
    Perjanjian Kinerja of 2,000 indicators; once both are loaded they are the same object."""
    from generator import api
    from generator.workspace.folder import Workspace

    api.init(tmp_path, "2025", contoh=True)
    ws = Workspace.open(tmp_path, api.Periode.parse("2025"))
    org = ws.org
    assert ws._inputs is None and org.bidang
    again = Workspace.open(tmp_path, api.Periode.parse("2025"))
    assert again.org is org  # remembered per snapshot, as a web page asks for it often
    assert ws.inputs.org == org and ws.org is ws.inputs.org
