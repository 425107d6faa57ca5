"""fork_map and fork_each: the same result as a list comprehension, our own errors intact,
and fork_each's caller going on while the children work."""

from __future__ import annotations

import gc
import os
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.base.forkmap import fork_each, fork_map
from generator.errors import TemplateError


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _refuse_seven(n: int) -> int:
    if n == 7:
        raise TemplateError("Templat rusak.", file="formulir.xlsx", hint="Perbaiki templatnya.")
    return n


def test_in_order_and_in_children() -> None:
    results = fork_map(_square_and_pid, list(range(40)), workers=2)
    assert [r for r, _ in results] == [n * n for n in range(40)]
    assert os.getpid() not in {pid for _, pid in results}


def test_few_items_stay_here() -> None:
    results = fork_map(_square_and_pid, [1, 2], workers=2)
    assert {pid for _, pid in results} == {os.getpid()}


def test_an_error_in_a_child_is_the_callers_own_error() -> None:
    with pytest.raises(TemplateError) as caught:
        fork_map(_refuse_seven, list(range(12)), workers=2)
    assert caught.value.hint == "Perbaiki templatnya." and "formulir.xlsx" in caught.value.render()


def test_objects_frozen_for_the_fork_are_collectable_again_afterwards() -> None:
    assert fork_map(abs, [-1, -2, -3, -4], minimum=2, workers=2) == [1, 2, 3, 4]
    assert gc.get_freeze_count() == 0


def _slow_mark(item: tuple[Path, float]) -> int:
    path, seconds = item
    time.sleep(seconds)
    path.write_text("drawn")
    return os.getpid()


def test_fork_each_lets_the_caller_go_on_and_wait_for_one_item(tmp_path: Path) -> None:
    items = [(tmp_path / f"{n}.txt", 0.05 if n == 0 else 1.0) for n in range(4)]
    started = time.monotonic()
    with fork_each(_slow_mark, items, workers=2) as result:
        handed_over = time.monotonic() - started
        assert result(0) != os.getpid()  # drawn by a child, and waited for alone
        assert items[0][0].read_text() == "drawn"
        assert not items[3][0].exists()  # the last item is still on its way
        assert handed_over < 0.5
    assert gc.get_freeze_count() == 0


def test_fork_each_raises_the_callers_own_error_for_that_item_only() -> None:
    with fork_each(_refuse_seven, list(range(12)), workers=2) as result:
        assert result(6) == 6
        with pytest.raises(TemplateError) as caught:
            result(7)
        assert caught.value.hint == "Perbaiki templatnya."
        assert result(8) == 8


class _Cycle:
    """Garbage only the cycle collector frees, as a matplotlib figure is."""

    def __init__(self) -> None:
        self.me = self
        self.pixels = bytearray(1 << 20)


_LIVE: weakref.WeakSet[_Cycle] = weakref.WeakSet()


def _leave_a_cycle(_: int) -> int:
    """How many cycles earlier items of this child left alive, and one more."""
    before = len(_LIVE)
    _LIVE.add(_Cycle())
    return before


@pytest.fixture
def thresholds_of_the_cli() -> Iterator[None]:
    """The CLI's collector thresholds (``cli.GC_THRESHOLD``), which the children inherit."""
    kept = gc.get_threshold()
    gc.set_threshold(20_000, 20, 10)
    try:
        yield
    finally:
        gc.set_threshold(*kept)


@pytest.mark.usefixtures("thresholds_of_the_cli")
def test_a_child_collects_what_each_item_left_behind() -> None:
    """The children drawing the figures of a 2,000-indicator LKj grew to 290 MiB on garbage
    the inherited thresholds never collected."""
    assert fork_map(_leave_a_cycle, list(range(24)), workers=2) == [0] * 24
