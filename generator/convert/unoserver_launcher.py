"""Run unoserver the way kinerja needs it, and restart it whenever it exits.

Usage on a conversion host (system Python with python3-uno, and unoserver
installed for it or reachable with --unoserver-path):

    /usr/bin/python3 unoserver_launcher.py --interface 0.0.0.0 --port 2003 --uno-port 2002

Keep ``uno_worker.py`` next to this file (the profile settings come from it).
What it changes in unoserver 3.7:

* documents are loaded with ``Hidden=True``: without it every xlsx aborts
  soffice on Debian's nogui build and takes the server down;
* the profile recalculates formulas on load (the PDF shows computed values);
* a conversion timeout is always set (the server then kills its office);
* the office gets uno_worker's malloc tuning (GLIBC_TUNABLES);
* unoserver exits with status 0 after its office dies and never comes
  back: this launcher starts it again, until it gets SIGTERM or SIGINT.

Runs under ``/usr/bin/python3``; imports nothing from ``generator``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def child(args: argparse.Namespace) -> int:
    """Run one unoserver with the Hidden patch; return its exit status."""
    if args.unoserver_path:
        sys.path.append(args.unoserver_path)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import uno  # noqa: F401  (makes the com.sun.star modules importable)
    from com.sun.star.beans import PropertyValue
    from uno_worker import (  # type: ignore[import-not-found]
        office_environment,
        write_profile,
    )
    from unoserver import converter, server

    class HiddenDesktop:
        """The office desktop, loading every document hidden."""

        def __init__(self, desktop: Any) -> None:
            self._desktop = desktop

        def loadComponentFromURL(self, url: str, frame: str, flags: int, props: Any) -> Any:
            hidden = (PropertyValue(Name="Hidden", Value=True),)
            return self._desktop.loadComponentFromURL(url, frame, flags, tuple(props) + hidden)

        def __getattr__(self, name: str) -> Any:
            return getattr(self._desktop, name)

    class HiddenConverter(converter.UnoConverter):  # type: ignore[misc]
        def __init__(self, *a: Any, **kw: Any) -> None:
            super().__init__(*a, **kw)
            self.desktop: Any = HiddenDesktop(self.desktop)

    # server.py looks the class up in the module at start-up.
    converter.UnoConverter = HiddenConverter
    with tempfile.TemporaryDirectory(prefix="kinerja-unoserver-") as tmp:
        profile = Path(tmp) / "profile"
        write_profile(profile)
        os.environ.update(office_environment())  # the office unoserver starts inherits it
        sys.argv = [
            "unoserver",
            "--interface",
            args.interface,
            "--port",
            str(args.port),
            "--uno-port",
            str(args.uno_port),
            "--user-installation",
            str(profile),
            "--conversion-timeout",
            str(args.conversion_timeout),
        ]
        if args.executable:
            sys.argv += ["--executable", args.executable]
        status = server.main()
    return int(status or 0)


def supervise(args: argparse.Namespace, argv: list[str]) -> int:
    """Start the child again each time it exits, until told to stop."""
    stopping = False
    proc: subprocess.Popen[bytes] | None = None

    def stop(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping:
        # Own session, so that the whole group (unoserver, oosplash, soffice.bin)
        # can be killed: oosplash can hang after soffice.bin got SIGTERM.
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child", *argv],
            start_new_session=True,
        )
        status = proc.wait()
        if stopping:
            break
        print(f"unoserver exited (status {status}); restarting", file=sys.stderr, flush=True)
        time.sleep(args.restart_delay)
    if proc is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(10)
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interface", default="127.0.0.1", help="XML-RPC interface")
    parser.add_argument("--port", type=int, default=2003, help="XML-RPC port")
    parser.add_argument("--uno-port", type=int, default=2002, help="office UNO port")
    parser.add_argument("--conversion-timeout", type=int, default=120, help="seconds")
    parser.add_argument("--executable", default=None, help="soffice to run")
    parser.add_argument("--unoserver-path", default=None, help="folder holding unoserver")
    parser.add_argument("--restart-delay", type=float, default=1.0, help="seconds")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    argv = sys.argv[1:]
    args = parser.parse_args(argv)
    if args.child:
        return child(args)
    return supervise(args, argv)


if __name__ == "__main__":
    sys.exit(main())
