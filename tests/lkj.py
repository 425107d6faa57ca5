"""An LKj that is not the sample's, long enough to be cut into parts when the part size is
small: twelve Bidang with long codes, two years of history, F4 paper, Bookman Old Style."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.base.periode import Periode
from generator.documents.laporan.contoh import contoh_hasil
from generator.documents.laporan.report import render_laporan
from generator.documents.ragam import _banyak_bidang, dengan_riwayat, kantor_dari
from generator.inputs.load import load_inputs


def render_lkj_dua_belas_bidang(out: Path) -> Path:
    inputs = _banyak_bidang(load_inputs())
    org = inputs.org.model_copy(update={"kertas": "F4", "huruf": "Bookman Old Style"})
    inputs = kantor_dari(inputs, org, dengan_riwayat(inputs.master, 2025, 2))
    return render_laporan(
        inputs, contoh_hasil(inputs), Periode.parse("2025"), out, tanggal=date(2026, 2, 20)
    )
