"""The board's presentation: a late step is marked (and the stylesheet paints it red)."""

from __future__ import annotations

from importlib import resources

from generator.api import durasi
from generator.web.site import make_templates


def _step(no: int, status: str, terpakai: float | None, baku: int, late: bool) -> dict[str, object]:
    return {
        "no": no, "singkat": f"Langkah {no}", "kegiatan": f"Kegiatan {no}", "pelaksana": "Staf",
        "pelaksana_nama": "Agus", "status": status, "terpakai_menit": terpakai,
        "baku_menit": baku, "terlambat": late, "bidang": {}, "role": "staf",
    }  # fmt: skip


def test_a_late_step_is_marked_late_and_red() -> None:
    html = (
        make_templates()
        .get_template("beranda.html")
        .render(
            sesi=None,
            peran={},
            csrf="t",
            pesan=None,
            periode="2025",
            seq=3,
            periodes=["2025"],
            langkah=[_step(1, "selesai", 10, 15, False), _step(2, "berjalan", 600, 45, True)],
            bidang_nama={},
            giliran=None,
            halaman="kerja",
            berikutnya=None,
            perubahan=[],
            pertama=True,
        )
    )
    row = html.split('<tr class="st-berjalan terlambat">', 1)[1].split("</tr>", 1)[0]
    assert "1 hari 2 jam 30 mnt / 45 mnt <strong>terlambat</strong>" in row
    assert "terlambat" not in html.split('<tr class="st-selesai">', 1)[1].split("</tr>", 1)[0]
    css = (resources.files("generator.web") / "static" / "kinerja.css").read_text()
    assert "tr.terlambat td.waktu { color: var(--merah)" in css


def test_durasi_in_working_days() -> None:
    assert durasi(None) == "-"
    assert durasi(0) == "0 mnt"
    assert durasi(45) == "45 mnt"
    assert durasi(450) == "1 hari"
    assert durasi(2 * 450 + 75) == "2 hari 1 jam 15 mnt"
