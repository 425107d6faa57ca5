"""The Jinja environment a user-edited Word template renders in: sandboxed, and on a budget.

A template is code written by whoever can edit the templates folder. The sandbox keeps it
away from Python's internals; the budget keeps it from running forever or filling memory
while the workspace lock is held: a time limit checked at every call, attribute and item
access, filter and loop chunk; a cap on ``range``; a cap on the size of any value built by
``*``, ``**``, a filter, or a call; and a cap on the rendered output. A template that passes a
limit stops with ``BudgetExceeded``, which the renderer turns into a message naming it.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import jinja2
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from generator.base.angka import format_angka

# Processor time, not wall time: on a busy machine a render waits for the CPU without using it,
# and a runaway loop is what burns it. The LKj of the sample renders in well under a second.
TIME_S = 5.0
MAX_RANGE = 10_000  # no document lists more rows than this
MAX_VALUE = 1_000_000  # characters (or items) of any one value a template builds
MAX_OUTPUT = 20_000_000  # characters of rendered XML, about 20x the sample's LKj
# A legitimate document grows with its data: an LKj of 2,000 indicators has 112,000 values
# in its context, renders 37 million characters of XML in about 7 s of processor time
# (60 us and 330 characters a value), and stopped at the fixed limits above. Each value of
# the context adds to the budget, about three times what the LKj uses; a runaway loop over a
# small context is still stopped at the fixed limits.
TIME_PER_VALUE_S = 0.0002
OUTPUT_PER_VALUE = 1_000
MAX_POWER = 1_000  # exponent of ** (10**1000 is already far beyond any number a document shows)


def _n(number: int) -> str:
    return format_angka(number, 0)


class BudgetExceeded(Exception):
    """A template went past a limit; ``batas`` says which, in Indonesian."""

    def __init__(self, batas: str) -> None:
        self.batas = batas
        super().__init__(batas)


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple | dict | set) else 0


class BudgetedEnvironment(SandboxedEnvironment):
    """Sandboxed, StrictUndefined, autoescaping; with the limits above for one render."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, time_s: float | None = None, *, values: int = 0) -> None:
        """``values``: how many values the context holds (``context_values``)."""
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True)
        base = TIME_S if time_s is None else time_s
        self.time_s = base + round(values * TIME_PER_VALUE_S)
        self.deadline = time.process_time() + self.time_s
        self.max_output = MAX_OUTPUT + values * OUTPUT_PER_VALUE
        self.output_left = self.max_output
        self.globals["range"] = self._range
        self.filters = {name: self._budgeted(f) for name, f in self.filters.items()}

    # -- the checks -------------------------------------------------------------------------

    def tick(self) -> None:
        if time.process_time() > self.deadline:
            raise BudgetExceeded(f"waktu pengisian templat lebih dari {self.time_s:g} detik")

    def _value(self, value: Any) -> Any:
        if _size(value) > MAX_VALUE:
            raise BudgetExceeded(f"nilai yang dibentuk templat lebih dari {_n(MAX_VALUE)} karakter")
        return value

    def _range(self, *args: int) -> range:
        self.tick()
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise BudgetExceeded(f"range() lebih dari {_n(MAX_RANGE)} langkah")
        return numbers

    def _budgeted(self, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)  # keeps jinja's pass_context/pass_environment marks
        def budgeted(*args: Any, **kwargs: Any) -> Any:
            self.tick()
            numbers = [a for a in (*args[1:], *kwargs.values()) if isinstance(a, int)]
            if any(abs(n) > MAX_VALUE for n in numbers):
                raise BudgetExceeded(f"angka argumen filter lebih dari {_n(MAX_VALUE)}")
            return self._value(func(*args, **kwargs))

        return budgeted

    # -- the sandbox's hooks ----------------------------------------------------------------

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if _size(seq) and isinstance(times, int) and _size(seq) * times > MAX_VALUE:
                    raise BudgetExceeded(
                        f"nilai yang dibentuk templat lebih dari {_n(MAX_VALUE)} karakter"
                    )
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_POWER:
            raise BudgetExceeded(f"pangkat lebih dari {MAX_POWER}")
        return self._value(super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.tick()
        return __self._value(SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.tick()
        return self._value(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.tick()
        return self._value(super().getitem(obj, argument))

    def concat(self, parts: Iterable[str]) -> str:
        """``"".join`` with the output and time budget (Template.render joins through this)."""
        return "".join(self.budgeted(parts))

    def budgeted(self, parts: Iterable[str], batch: int = 1 << 16) -> Iterator[str]:
        """``parts`` (a template's output, e.g. ``Template.generate``) on the output and time
        budget, joined into strings of about ``batch`` characters, for a renderer that streams
        instead of joining. The processor time the consumer spends between two batches is
        not the template's and does not count."""
        chunks: list[str] = []
        size = 0
        for n, chunk in enumerate(parts):
            self.output_left -= len(chunk)
            if self.output_left < 0:
                raise BudgetExceeded(f"hasil templat lebih dari {_n(self.max_output)} karakter")
            if n % 1000 == 0:
                self.tick()
            chunks.append(chunk)
            size += len(chunk)
            if size >= batch:
                paused = time.process_time()
                yield "".join(chunks)
                self.deadline += time.process_time() - paused
                chunks, size = [], 0
        yield "".join(chunks)


def context_values(value: Any) -> int:
    """The number of values (strings, numbers, images) in a context of dicts and lists."""
    if isinstance(value, dict):
        return sum(context_values(v) for v in value.values())
    if isinstance(value, list | tuple):
        return sum(context_values(v) for v in value)
    return 1


# -- naming what failed -------------------------------------------------------------------------

_INCLUDE = re.compile(r"\{%-?\s*(include|import|from|extends)\b")
_EXPRESSION = re.compile(
    r"^\{\{-?(?P<out>.*?)-?\}\}$|^\{%-?\s*(?:if|elif|for\s+[\w\s,]+?\s+in|set\s+[\w.]+\s*=)"
    r"(?P<stmt>.*?)-?%\}$",
    re.S,
)
_REASONS: list[tuple[type[BaseException], str]] = [
    (ZeroDivisionError, "pembagian dengan nol"),
    (OverflowError, "angka terlalu besar"),
    (TypeError, "jenis nilai tidak cocok"),
    (ValueError, "nilai tidak sah"),
    (KeyError, "kunci tidak ada"),
    (IndexError, "urutan di luar daftar"),
]


def is_include(exc: BaseException) -> bool:
    """Including another template: the environment has no loader on purpose."""
    return isinstance(exc, jinja2.TemplateNotFound) or "loader" in str(exc)


def runtime_reason(exc: BaseException) -> str:
    """What went wrong, in Indonesian, with Python's words as a technical detail."""
    if is_include(exc):
        return "templat tidak boleh menyertakan templat lain ({% include %}, {% import %}, {% extends %})"
    reason = next((r for kind, r in _REASONS if isinstance(exc, kind)), "galat saat dijalankan")
    return f"{reason} (pesan teknis: {type(exc).__name__}: {exc})"


def failing_tag(tags: list[str], context: dict[str, Any], exc: BaseException) -> str | None:
    """The first tag whose expression raises the same kind of error on its own."""
    if is_include(exc):
        return next((t for t in tags if _INCLUDE.match(t)), None)
    env = BudgetedEnvironment(time_s=1.0)
    for tag in tags:
        match = _EXPRESSION.match(tag.strip())
        expression = match and (match.group("out") or match.group("stmt") or "").strip()
        if not expression:
            continue
        try:
            env.compile_expression(expression, undefined_to_none=False)(**context)
        except type(exc):
            return tag
        except Exception:  # an unrelated problem (a loop variable out of its loop): next tag
            continue
    return None
