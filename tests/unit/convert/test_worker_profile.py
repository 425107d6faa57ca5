"""The profile an office worker writes before its LibreOffice starts (no office started here)."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import generator.convert

WORKER_DIR = Path(generator.convert.__file__).parent
PYTHON = "/usr/bin/python3"  # the worker runs there: Debian's python3-uno imports only there
OOR = "{http://openoffice.org/2001/registry}"
CACHE = "/org.openoffice.Office.Common/Cache/GraphicManager"

# No office starts, but the worker module loads LibreOffice's UNO runtime.
pytestmark = pytest.mark.slow


def _profile(tmp_path: Path) -> dict[tuple[str, str], str]:
    if subprocess.run([PYTHON, "-c", "import uno"], capture_output=True).returncode != 0:
        pytest.skip("python3-uno is not installed for /usr/bin/python3")
    code = (
        "import sys, pathlib; sys.path.insert(0, sys.argv[1]); import uno_worker;"
        " uno_worker.write_profile(pathlib.Path(sys.argv[2]))"
    )
    subprocess.run([PYTHON, "-c", code, str(WORKER_DIR), str(tmp_path)], check=True)
    root = ET.parse(tmp_path / "user" / "registrymodifications.xcu").getroot()
    return {
        (item.get(f"{OOR}path", ""), prop.get(f"{OOR}name", "")): prop.findtext("value", "")
        for item in root
        for prop in item
    }


def test_profile_keeps_the_graphic_cache_small_and_recalculates(tmp_path: Path) -> None:
    settings = _profile(tmp_path)
    # LibreOffice's default is 300 MB of decoded images: an LKj with hundreds of charts grew
    # the office by that much
    assert int(settings[(CACHE, "GraphicMemoryLimit")]) <= 50_000_000
    assert int(settings[(CACHE, "GraphicAllowedIdleTime")]) <= 10
    assert settings[("/org.openoffice.Office.Calc/Formula/Load", "OOXMLRecalcMode")] == "0"


LOST = """
import subprocess, sys, time
sys.path.insert(0, sys.argv[1])
import uno_worker
from com.sun.star.lang import DisposedException

office = object.__new__(uno_worker.Office)
# oosplash not reaped yet: the process is still running when the bridge reports the loss
office.proc = subprocess.Popen(["sleep", "0.5"])
started = time.monotonic()
bridge = office.lost(DisposedException("Binary URP bridge disposed during call", None))
print(bridge, office.proc.poll() is not None, time.monotonic() - started < 5)
office.proc = subprocess.Popen(["sleep", "30"])
print(office.lost(RuntimeError("SfxBaseModel::impl_store failed")))
office.proc.kill()
office.proc.wait()
print(office.lost(RuntimeError("any error")))
"""


def test_a_lost_bridge_counts_as_a_dead_office_even_before_it_is_reaped(tmp_path: Path) -> None:
    """Otherwise the document is answered as a failed export and retried on the dead office."""
    if subprocess.run([PYTHON, "-c", "import uno"], capture_output=True).returncode != 0:
        pytest.skip("python3-uno is not installed for /usr/bin/python3")
    out = subprocess.run(
        [PYTHON, "-c", LOST, str(WORKER_DIR)], check=True, capture_output=True, text=True
    ).stdout.split("\n")
    assert out[0] == "True True True"  # lost, and waited for the process to end
    assert out[1] == "False"  # a document's own failure leaves a live office in use
    assert out[2] == "True"  # a dead process is lost whatever the error says
