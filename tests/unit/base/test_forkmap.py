"""fork_map: the same result as a list comprehension, and our own errors intact."""

from __future__ import annotations

import gc
import os

import pytest

from generator.base.forkmap import fork_map
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
