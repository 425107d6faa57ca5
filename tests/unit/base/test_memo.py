"""The bounded memo behind the per-process reuse of parsed formulir and print copies."""

from __future__ import annotations

import threading

from hypothesis import given
from hypothesis import strategies as st

from generator.base.memo import Memo


def test_least_recently_used_goes_first() -> None:
    memo: Memo[str] = Memo(entries=2)
    memo.put("a", "A")
    memo.put("b", "B")
    assert memo.get("a") == "A"  # a is now the most recent
    memo.put("c", "C")
    assert memo.get("b") is None
    assert (memo.get("a"), memo.get("c")) == ("A", "C")


def test_bounded_by_weight_and_too_large_is_not_kept() -> None:
    memo: Memo[bytes] = Memo(entries=100, size=10, weigh=len)
    memo.put("big", b"x" * 11)
    assert memo.get("big") is None
    memo.put("a", b"x" * 6)
    memo.put("b", b"x" * 6)
    assert memo.get("a") is None and memo.get("b") == b"x" * 6
    memo.put("b", b"y")  # replacing frees the old weight
    memo.put("c", b"z" * 9)
    assert memo.get("b") == b"y" and memo.get("c") == b"z" * 9


@given(st.lists(st.tuples(st.integers(0, 20), st.binary(max_size=8)), max_size=60))
def test_never_over_its_bounds(puts: list[tuple[int, bytes]]) -> None:
    memo: Memo[bytes] = Memo(entries=5, size=16, weigh=len)
    for key, value in puts:
        memo.put(key, value)
        assert len(memo) <= 5
        assert sum(len(memo.get(k) or b"") for k in range(21)) <= 16


def test_threads_share_it_safely() -> None:
    memo: Memo[int] = Memo(entries=50)

    def work(offset: int) -> None:
        for n in range(2000):
            memo.put((offset, n % 80), n)
            memo.get((offset, (n * 7) % 80))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(memo) <= 50
