"""The process that joins a document converted in parts (``parts.join``), so that qpdf's page
objects never sit in the heap of kinerja's own process.

    python -m generator.convert.join_process REQUEST.json

Exit status 0 when the target is written, ``parts.JOIN_NOT_SPLITTABLE`` when the parts do not
fit together (the document is then converted whole), 1 on any other failure; the reason is
the last line on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.convert import parts


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m generator.convert.join_process REQUEST.json\n")
        return 1
    try:
        parts.join(parts.JoinSpec.loads(Path(argv[0]).read_text(encoding="utf-8")))
    except parts.NotSplittable as exc:
        sys.stderr.write(f"{exc}\n")
        return parts.JOIN_NOT_SPLITTABLE
    except Exception as exc:  # reported to the parent, which fails the job with it
        sys.stderr.write(f"{type(exc).__name__}: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
