"""base/preload: imports move to a thread, never get lost, and never race a fork."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.base.forkmap import fork_map
from generator.base.preload import load_now, preload, settled


def _module(folder: Path, name: str, body: str) -> str:
    (folder / f"{name}.py").write_text(body, encoding="utf-8")
    return name


@pytest.fixture
def modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [m for m in sys.modules if m.startswith("kinerja_uji_")]:
        del sys.modules[name]


def _in_child(name: str) -> bool:
    return name in sys.modules


def test_a_preloaded_module_is_there_once_settled(modules: Path) -> None:
    slow = _module(modules, "kinerja_uji_lambat", "import time\ntime.sleep(0.3)\nVALUE = 7\n")
    preload(slow)
    settled()
    assert sys.modules[slow].VALUE == 7


def test_a_module_that_fails_raises_where_it_is_used(modules: Path) -> None:
    broken = _module(modules, "kinerja_uji_rusak", "raise RuntimeError('rusak')\n")
    preload(broken)
    settled()
    assert broken not in sys.modules
    with pytest.raises(RuntimeError, match="rusak"):
        __import__(broken)


def test_load_now_imports_here_and_leaves_a_failure_to_where_it_is_used(modules: Path) -> None:
    good = _module(modules, "kinerja_uji_sekarang", "VALUE = 3\n")
    broken = _module(modules, "kinerja_uji_sekarang_rusak", "raise RuntimeError('rusak')\n")
    load_now(broken, good)  # the failure does not stop the modules after it
    assert sys.modules[good].VALUE == 3 and broken not in sys.modules
    with pytest.raises(RuntimeError, match="rusak"):
        __import__(broken)


def test_fork_map_forks_only_after_every_preload(modules: Path) -> None:
    slow = _module(modules, "kinerja_uji_sebelum_fork", "import time\ntime.sleep(0.5)\n")
    preload(slow)
    # forked children see the module: the fork waited for the thread's import to finish
    assert fork_map(_in_child, [slow] * 4, minimum=2, workers=2) == [True] * 4
