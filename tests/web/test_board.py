"""The board's pure functions over a status report: what a Kepala Bidang may see, whose turn."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from generator.web import board


def _report(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "langkah": [
            {"no": 4, "pelaksana": "Staf", "status": "selesai", "bidang": {}},
            {
                "no": 5,
                "pelaksana": "Kepala Bidang",
                "status": "berjalan",
                "bidang": {"IDE": {"status": "selesai"}, "POL": {"status": "belum"}},
            },
            {"no": 7, "pelaksana": "Kasubag Perencanaan", "status": "belum", "bidang": {}},
        ],
        "dokumen": [
            {"id": "TRM-2025-IDE", "bidang": "IDE"},
            {"id": "TRM-2025-POL", "bidang": "POL"},
            {"id": "MEMO-2025-01", "bidang": None},
        ],
        "riwayat": [
            {"seq": n + 1, "waktu": "2025-03-03T08:00", "oleh": e.get("oleh", "x"), **e}
            for n, e in enumerate(events)
        ],
    }


EVENTS = [
    {"jenis": "versi", "data": {"id": "MEMO-2025-01", "versi": 1}},
    {"jenis": "versi", "data": {"id": "TRM-2025-POL", "versi": 1}},
    {"jenis": "bidang_selesai", "data": {"bidang": "POL"}},
    {"jenis": "dikembalikan", "data": {"bidang": ["IDE"], "arahan": "Lengkapi."}},
    {"jenis": "versi", "data": {"id": "TRM-2025-IDE", "versi": 2}},
]


def test_a_kepala_bidang_sees_only_events_about_the_office_or_their_own_bidang() -> None:
    report = _report(EVENTS)
    seen = board.changes_since(report, 0, "IDE")
    text = " ".join(c.rincian for c in seen)
    assert "POL" not in text and "TRM-2025-IDE" in text and "Lengkapi." in text
    everything = board.changes_since(report, 0, None)
    assert "TRM-2025-POL" in " ".join(c.rincian for c in everything)
    assert board.changes_since(report, 5, None) == []


def test_a_run_of_the_same_change_by_the_same_person_is_one_line() -> None:
    events = [
        {"jenis": "keadaan", "data": {"id": f"D{n}", "keadaan": "diarsipkan"}} for n in range(40)
    ]
    lines = board.changes_since(_report(events), 0, None)
    assert len(lines) == 1 and lines[0].seq == 40 and lines[0].rincian.endswith("…")


def test_whose_turn() -> None:
    report = _report([])
    assert board.your_turn(report, "bidang", "POL")["no"] == 5
    assert board.your_turn(report, "bidang", "IDE") is None  # its own part is done
    assert board.your_turn(report, "kasubag", None)["no"] == 7
    assert board.your_turn(report, "staf", None) is None


@given(st.lists(st.sampled_from(EVENTS), max_size=30), st.integers(0, 30))
def test_changes_are_after_the_visit_and_never_about_another_bidang(
    events: list[dict[str, Any]], seen: int
) -> None:
    report = _report(events)
    for change in board.changes_since(report, seen, "IDE"):
        assert change.seq > seen and "POL" not in change.rincian
