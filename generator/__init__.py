"""kinerja: paperwork of the SOP "Pengukuran Kinerja" for Indonesian regional agencies."""

from __future__ import annotations

__version__ = "0.1.0"
