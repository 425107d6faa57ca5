"""The fixed vocabulary of the SOP and of Tata Naskah Dinas that front ends offer as choices:
roles and their labels, the paraf hierarki, who may sign, the sifat of a disposisi.

No imports: the CLI reads it while building its options, before any heavy module loads."""

from __future__ import annotations

from typing import Literal

ROLES = ("sekretaris", "kasubag", "staf", "kabid", "kepala")
ROLE_LABELS = {
    "sekretaris": "Sekretaris",
    "kasubag": "Kasubag Perencanaan",
    "staf": "Staf",
    "kabid": "Kepala Bidang",
    "kepala": "Kepala",
}
PARAF_ROLES = ("sekretaris", "kasubag", "staf")  # the paraf hierarki, drafter included
SIGN_ROLES = ("kepala", "sekretaris", "kasubag", "staf", "kabid")
ARCHIVE_SIGNERS = ("kepala", "sekretaris")  # whose name the archive's electronic stamp carries

Sifat = Literal["sangat segera", "segera", "rahasia", "biasa"]
SIFAT: tuple[Sifat, ...] = ("sangat segera", "segera", "rahasia", "biasa")
