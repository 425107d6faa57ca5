"""Convert Word and Excel documents to PDF/A with LibreOffice.

``convert_documents`` is the one call every command uses: it checks the
inputs, takes unchanged documents from the cache, converts the rest in one
pool (local warm workers, or the unoserver hosts named in the environment
variable ``KINERJA_UNOSERVER``) and checks every PDF it hands back.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, as_completed
from pathlib import Path

from generator.base.fsutil import sha256_file
from generator.convert.backend import make_converter
from generator.convert.cache import (
    ConversionCache,
    copy_atomic,
    output_names,
    replacing,
    source_key,
)
from generator.convert.checks import check_available, check_output, pdfa_claim, validate_source
from generator.convert.jobs import (
    PDFA_LEVELS,
    ConversionJob,
    ConversionResult,
    Converter,
    OnDone,
)
from generator.convert.pool import LocalPool, office_starts, pool_starts
from generator.convert.remote import UNOSERVER_ENV, UnoserverPool
from generator.convert.session import ConverterSession, converter_session, current_session
from generator.errors import ConversionError

__all__ = [
    "UNOSERVER_ENV",
    "ConversionJob",
    "ConversionResult",
    "Converter",
    "ConverterSession",
    "LocalPool",
    "UnoserverPool",
    "check_available",
    "check_output",
    "convert_documents",
    "converter_session",
    "current_session",
    "made_by_session",
    "make_converter",
    "office_starts",
    "pdfa_claim",
    "pool_starts",
    "validate_source",
]


def convert_documents(
    sources: Sequence[Path],
    out_dir: Path,
    *,
    cache_dir: Path | None = None,
    pdfa: int = 2,
    workers: int | None = None,
    on_done: OnDone | None = None,
    converter: ConverterSession | None = None,
    witnessed_only: bool = False,
    recorded: Mapping[Path, str] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> dict[Path, Path]:
    """Convert ``sources`` (docx, xlsx) to PDF/A-``pdfa`` files in ``out_dir``.

    Returns source -> PDF. Documents whose bytes were converted before are
    copied from ``cache_dir``; one already being converted into that cache (``prefetch``)
    is waited for. All other documents are converted by ``converter``, else by the
    process's open session (``converter_session``), else by a pool started for this call
    only. Then a ``ConversionError`` names every document that failed.

    ``witnessed_only`` (the archive): a cached PDF is used only when its bytes are exactly
    what the session's own offices made from these source bytes (``ConverterSession.witness``)
    or what ``recorded`` says kinerja's converter made from them (source -> SHA-256 of the
    PDF, as the manifest recorded it: see ``made_by_session``); every other document is
    converted afresh, past the cache.

    ``meanwhile`` is called once every conversion is under way, in this thread, before the
    results are waited for: work of the caller's that the offices' time can hide.
    """
    if pdfa not in PDFA_LEVELS:
        raise ValueError(f"PDF/A level must be one of {PDFA_LEVELS}, not {pdfa!r}")
    names = output_names(sources, out_dir)
    cache = ConversionCache(cache_dir) if cache_dir is not None else None
    out_dir.mkdir(parents=True, exist_ok=True)
    failures: dict[Path, str] = {}
    done: dict[Path, Path] = {}
    pending: dict[str, list[Path]] = {}  # cache key -> sources with those bytes

    def report(result: ConversionResult) -> None:
        if on_done is not None:
            on_done(result)

    session = converter or current_session()
    for source in names:
        problem = validate_source(source)
        if problem is not None:
            failures[source] = problem
            report(ConversionResult(ConversionJob(source, names[source], pdfa), False, problem, 0))
            continue
        key = source_key(source, pdfa)
        if witnessed_only:
            made = (recorded or {}).get(source)
            hit = _witnessed_copy(session, cache, key, names[source], made)
        else:
            hit = cache.get(key, pdfa) if cache is not None else None
            if hit is not None:
                copy_atomic(hit, names[source])
        if hit is not None:
            done[source] = names[source]
            report(
                ConversionResult(ConversionJob(source, names[source], pdfa), True, None, 0, True)
            )
        else:
            pending.setdefault(key, []).append(source)

    if pending:
        through = None if witnessed_only else cache
        if session is None:
            size = min(workers or os.cpu_count() or 1, len(pending))
            # make_converter looked up when called: tests replace it to prove no pool starts
            with converter_session(size, factory=lambda n: make_converter(n)) as own:
                results = _run(own, pending, names, through, pdfa, on_done, meanwhile)
        else:
            results = _run(session, pending, names, through, pdfa, on_done, meanwhile)
        for key, result in zip(pending, results, strict=True):
            group = pending[key]
            if not result.ok:
                for source in group:
                    failures[source] = result.error or "gagal tanpa keterangan"
                continue
            done[group[0]] = result.job.target
            for twin in group[1:]:
                copy_atomic(result.job.target, names[twin])
                done[twin] = names[twin]
                report(
                    ConversionResult(ConversionJob(twin, names[twin], pdfa), True, None, 0, True)
                )
    elif meanwhile is not None:
        meanwhile()

    if failures:
        raise _failure(failures)
    return {source: done[source] for source in names}


class _Mismatch(Exception):
    """The bytes copied are not the ones vouched for."""


def _witnessed_copy(
    session: ConverterSession | None,
    cache: ConversionCache | None,
    key: str,
    target: Path,
    recorded: str | None = None,
) -> Path | None:
    """Copy the cached PDF of ``key`` to ``target`` if ``session`` made exactly those bytes,
    or if their SHA-256 is ``recorded`` (what kinerja's converter made, per the manifest).

    The bytes are hashed as they are copied into a temporary file beside ``target``, which
    becomes ``target`` only when the hash is one vouched for: a file swapped meanwhile cannot
    slip through, and a PDF of a hundred megabytes is never held in memory."""
    made = session.digest(key) if session is not None else None
    expected = {d for d in (made, recorded) if d is not None}
    if cache is None or not expected:
        return None  # nothing to read: a separate arsip with no record has witnessed nothing
    digest = hashlib.sha256()
    try:
        with replacing(target) as tmp, cache.path(key).open("rb") as src, open(tmp, "wb") as dst:
            for block in iter(lambda: src.read(1 << 20), b""):
                digest.update(block)
                dst.write(block)
            dst.flush()
            if digest.hexdigest() not in expected:
                raise _Mismatch
    except (OSError, _Mismatch):
        return None
    return target


def made_by_session(source: Path, pdf: Path, pdfa: int) -> str | None:
    """The SHA-256 of ``pdf`` if the open session's offices made exactly those bytes from
    ``source`` as it is now, else None: what a document's record in the manifest may keep, so
    that a later archive (another process) can use this PDF instead of converting again."""
    session = current_session()
    made = session.digest(source_key(source, pdfa)) if session is not None else None
    return made if made is not None and sha256_file(pdf) == made else None


def _run(
    session: ConverterSession,
    pending: dict[str, list[Path]],
    names: dict[Path, Path],
    cache: ConversionCache | None,
    pdfa: int,
    on_done: OnDone | None,
    meanwhile: Callable[[], None] | None = None,
) -> list[ConversionResult]:
    """Convert the first source of every pending group; results in the order of ``pending``.

    With a cache the PDF is made in the cache (or taken from a conversion already in flight
    there) and copied out; ``on_done`` sees each result as it lands, in this thread.
    """
    futures: dict[Future[ConversionResult], int] = {}
    for index, (key, group) in enumerate(pending.items()):
        source = group[0]
        if cache is not None:
            session.prefetch(source, key, cache, pdfa)
            future = session.inflight(cache, key)
            assert future is not None
        else:
            future = session.submit(ConversionJob(source, names[source], pdfa))
        futures[future] = index
    if meanwhile is not None:
        meanwhile()
    results: list[ConversionResult | None] = [None] * len(pending)
    keys = list(pending)
    for future in as_completed(futures):
        index = futures[future]
        result = future.result()
        source = pending[keys[index]][0]
        job = ConversionJob(source, names[source], pdfa)
        if result.ok and cache is not None:
            copy_atomic(cache.path(keys[index]), names[source])
        elif result.ok:
            session.witness(keys[index], names[source])
        result = ConversionResult(job, result.ok, result.error, result.seconds)
        results[index] = result
        if on_done is not None:
            on_done(result)
    return [r for r in results if r is not None]


def _failure(failures: dict[Path, str]) -> ConversionError:
    hint = (
        "Buka dokumen itu di Word, Excel atau LibreOffice, simpan ulang dalam format "
        ".docx/.xlsx, lalu ulangi perintah ini."
    )
    if len(failures) == 1:
        ((source, reason),) = failures.items()
        return ConversionError(
            f"dokumen tidak dapat dikonversi ke PDF/A: {reason}.", file=source.name, hint=hint
        )
    listed = "; ".join(f"{source.name} ({reason})" for source, reason in failures.items())
    return ConversionError(
        f"{len(failures)} dokumen tidak dapat dikonversi ke PDF/A: {listed}.", hint=hint
    )
