"""Offices of other shapes, derived from the embedded sample, for `kinerja templat periksa`.

A template that renders the sample can still break on another office's data: no earlier years
(a new Renstra), no Renstra or national standard, no budget lines, a quarter, one Bidang or
twelve. Each ``Ragam`` is such an office (valid inputs and a periode); the template check
renders every template with every one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.base.periode import Periode
from generator.inputs.indikator import Anggaran, Indikator, IndikatorMaster
from generator.inputs.load import Inputs, load_inputs
from generator.inputs.org import Bidang, Organisasi

BANYAK_BIDANG = 12
BANYAK_INDIKATOR = 10


@dataclass(frozen=True)
class Ragam:
    nama: str  # how the check names it, in Indonesian
    inputs: Inputs
    periode: Periode
    root: Path | None = None  # no workspace: the office's templates are used


def dengan_riwayat(master: IndikatorMaster, tahun: int, years: int) -> IndikatorMaster:
    """Exactly ``years`` earlier years of realisasi (invented from the target where the sample
    has none)."""
    wanted = range(tahun - years, tahun)
    indikator = [
        i.model_copy(
            update={
                "realisasi_lalu": {
                    y: i.realisasi_lalu.get(y, round(i.target * (0.9 + 0.01 * (y % 7)), 2))
                    for y in wanted
                }
            }
        )
        for i in master.indikator
    ]
    return master.model_copy(update={"indikator": indikator})


def tanpa_opsional(master: IndikatorMaster) -> IndikatorMaster:
    """No Renstra, no national standard, no budget line."""
    indikator = [
        i.model_copy(
            update={
                "target_akhir_renstra": None,
                "tahun_akhir_renstra": None,
                "standar_nasional": None,
                "sumber_standar": "",
            }
        )
        for i in master.indikator
    ]
    return IndikatorMaster(indikator=indikator, anggaran=[], renstra=None)


def _satu_bidang(inputs: Inputs) -> Inputs:
    """One Bidang with ten indicators (the sample's, cycled)."""
    bidang = inputs.org.bidang[0]
    master = inputs.master
    indikator = [
        master.indikator[k % len(master.indikator)].model_copy(
            update={"kode": f"{bidang.kode}-{k + 1:02d}", "kode_bidang": bidang.kode}
        )
        for k in range(BANYAK_INDIKATOR)
    ]
    return kantor_dari(
        inputs,
        inputs.org.model_copy(update={"bidang": [bidang]}),
        master.model_copy(
            update={"indikator": indikator, "anggaran": master.anggaran_for_bidang(bidang.kode)}
        ),
    )


def _banyak_bidang(inputs: Inputs) -> Inputs:
    """Twelve Bidang with long codes, one indicator each (the sample's, cycled)."""
    org, master = inputs.org, inputs.master
    bidang: list[Bidang] = []
    indikator: list[Indikator] = []
    anggaran: list[Anggaran] = []
    for n in range(BANYAK_BIDANG):
        model = org.bidang[n % len(org.bidang)]
        kode = f"BIDANG{n + 1:02d}X"[:10]
        bidang.append(model.model_copy(update={"kode": kode, "nama": f"{model.nama} {n + 1}"}))
        source = master.indikator[(5 * n) % len(master.indikator)]
        indikator.append(source.model_copy(update={"kode": f"{kode}-01", "kode_bidang": kode}))
        line = master.anggaran[n % len(master.anggaran)]
        anggaran.append(line.model_copy(update={"kode": f"{kode}.1", "kode_bidang": kode}))
    return kantor_dari(
        inputs,
        org.model_copy(update={"bidang": bidang}),
        master.model_copy(update={"indikator": indikator, "anggaran": anggaran}),
    )


def kantor_dari(inputs: Inputs, org: Organisasi, master: IndikatorMaster) -> Inputs:
    # model_copy skips validation: re-validate so that a variant is a valid office
    return Inputs(
        Organisasi.model_validate(org.model_dump()),
        IndikatorMaster.model_validate(master.model_dump()),
        inputs.org_source,
        inputs.master_source,
    )


@cache
def ragam_kantor() -> tuple[Ragam, ...]:
    """The shapes of office every template must render besides the sample (which the check
    renders anyway): no history at all and nothing optional, one year of history in a quarter,
    five years, one Bidang with ten indicators, twelve Bidang with long codes."""
    sample = load_inputs()
    tahun = Periode.parse("2025")

    def riwayat(years: int) -> Inputs:
        return kantor_dari(sample, sample.org, dengan_riwayat(sample.master, tahun.tahun, years))

    polos = kantor_dari(
        sample, sample.org, tanpa_opsional(dengan_riwayat(sample.master, tahun.tahun, 0))
    )
    return (
        Ragam("tanpa realisasi lalu, Renstra, standar nasional dan anggaran", polos, tahun),
        Ragam("1 tahun realisasi lalu, triwulan II", riwayat(1), Periode.parse("2025-TW2")),
        Ragam("5 tahun realisasi lalu", riwayat(5), tahun),
        Ragam(f"1 bidang, {BANYAK_INDIKATOR} indikator", _satu_bidang(sample), tahun),
        Ragam(f"{BANYAK_BIDANG} bidang", _banyak_bidang(sample), tahun),
    )
