"""base/bounded: untrusted work in a child process, stopped when it overruns."""

from __future__ import annotations

import os
import threading
import time

import pytest

from generator.base.bounded import ChildFailed, TimeLimitExceeded, run_bounded, run_module


def _pid_plus(n: int) -> tuple[int, int]:
    return os.getpid(), n + 1


def _forever() -> None:
    while True:
        time.sleep(0.05)


def _refuse() -> None:
    raise ValueError("rusak")


def test_the_answer_comes_from_a_child() -> None:
    pid, value = run_bounded(_pid_plus, 41, timeout=30)
    assert value == 42 and pid != os.getpid()


def test_work_that_overruns_is_stopped() -> None:
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded):
        run_bounded(_forever, timeout=0.3)
    assert time.monotonic() - started < 5
    assert not [c for c in threading.enumerate() if c.name.startswith("Process")]


def test_an_error_in_the_child_is_reported() -> None:
    with pytest.raises(ChildFailed, match="ValueError: rusak"):
        run_bounded(_refuse, timeout=30)


def test_a_threaded_process_uses_a_fresh_child_not_a_fork() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        pid, value = run_bounded(_pid_plus, 1, timeout=60)
    finally:
        stop.set()
        other.join()
    assert value == 2 and pid != os.getpid()


def test_a_module_runs_in_a_fresh_interpreter_and_its_output_comes_back() -> None:
    assert "loop" in run_module("timeit", ["-n", "1", "-r", "1", "pass"], timeout=30)


def test_a_failing_module_reports_its_status_and_last_error_line() -> None:
    with pytest.raises(ChildFailed, match=r"usage: python -m generator\.base\.pdfconcat") as caught:
        run_module("generator.base.pdfconcat", [], timeout=30)
    assert caught.value.status == 1


def test_a_module_past_its_time_limit_is_stopped() -> None:
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded, match=r"tidak selesai dalam 0\.5 detik"):
        run_module("timeit", ["-n", "1", "-r", "1", "import time; time.sleep(30)"], timeout=0.5)
    assert time.monotonic() - started < 10
