"""The pool's retry accounting, with a scripted stand-in for the UNO worker.

What a real office does when it is killed is tested in tests/e2e/test_convert.py; here the
order of events that made that test fail once in CI is replayed exactly: the office dies in
the middle of an export, the worker first answers "export failed", and only the next try
finds it gone. The document must still reach a fresh office.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pikepdf
import pytest

from generator.convert import ConversionJob, LocalPool
from generator.errors import ConversionError

# No LibreOffice starts here, but the pool's command line names uno_worker.py, which the
# suite's guard (tests/conftest.py) counts as an office.
pytestmark = pytest.mark.slow

# Started as `<python> uno_worker.py --profile P --soffice SCRIPT`: the pool's "python" is this
# file run by the test's interpreter, and --soffice carries the script of answers.
STAND_IN = """
import json, os, shutil, sys
args = sys.argv[1:]
script = args[args.index("--soffice") + 1]
with open(script) as fh:
    plan = json.load(fh)
counter = plan["counter"]
start = len(open(counter).read()) if os.path.exists(counter) else 0
open(counter, "a").write("x")  # one mark per worker started
answers = plan["workers"][start]
print(json.dumps({"ready": True, "pid": os.getpid()}), flush=True)
for line in sys.stdin:
    job = json.loads(line)
    answer = answers.pop(0)
    if answer == "lost":
        sys.exit(3)
    if answer == "ok":
        os.makedirs(os.path.dirname(job["dst"]), exist_ok=True)
        shutil.copy(plan["pdf"], job["dst"])
        print(json.dumps({"ok": True}), flush=True)
    else:
        print(json.dumps({"ok": False, "kind": answer, "error": "IOException"}), flush=True)
"""


def _pool(tmp_path: Path, workers: list[list[str]]) -> LocalPool:
    pdf = tmp_path / "made.pdf"
    with pikepdf.new() as doc:
        doc.add_blank_page()
        with doc.open_metadata() as meta:
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
        doc.save(pdf)
    python = tmp_path / "python"
    python.write_text(f"#!{sys.executable}\n{STAND_IN}")
    python.chmod(0o755)
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps({"counter": str(tmp_path / "started"), "workers": workers, "pdf": str(pdf)})
    )
    return LocalPool(workers=1, timeout=30, python=str(python), soffice=str(plan))


def _job(tmp_path: Path) -> ConversionJob:
    source = tmp_path / "memo.docx"
    source.write_bytes(b"stand-in")
    return ConversionJob(source, tmp_path / "out" / "memo.pdf")


def test_an_office_lost_after_a_failed_export_still_gets_a_fresh_office(tmp_path: Path) -> None:
    with _pool(tmp_path, [["export", "lost"], ["ok"]]) as pool:
        (result,) = pool.convert([_job(tmp_path)])
        assert result.ok, result.error
        assert pool.started == 2
    assert (tmp_path / "out" / "memo.pdf").is_file()


def test_a_worker_that_cannot_be_started_fails_its_jobs_instead_of_hanging(
    tmp_path: Path,
) -> None:
    pool = LocalPool(workers=1, timeout=30, python=str(tmp_path / "no-such-python"))
    pool.start()
    try:
        # a bounded wait: before, the slot's thread died and the job waited for ever
        result = pool.submit(_job(tmp_path)).result(timeout=30)
    except ConversionError as exc:  # the queue failed as a whole: as good, nothing waits
        assert "no-such-python" in str(exc)
    else:
        assert not result.ok and "no-such-python" in (result.error or "")
    finally:
        pool.close()


def test_each_kind_of_failure_is_retried_once_only(tmp_path: Path) -> None:
    with _pool(tmp_path, [["export", "export"], ["ok"]]) as pool:
        (result,) = pool.convert([_job(tmp_path)])
        assert not result.ok and "gagal membuat PDF" in (result.error or "")
    with _pool(
        tmp_path / "b" if (tmp_path / "b").mkdir() is None else tmp_path,
        [["lost"], ["lost"], ["ok"]],
    ) as pool:
        (result,) = pool.convert([_job(tmp_path / "b")])
        assert not result.ok and "berhenti" in (result.error or "")
        assert pool.started == 3  # the slot keeps a fresh office for the next document
