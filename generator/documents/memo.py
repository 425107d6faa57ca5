"""Memo / Lembar Disposisi: step 1 (Sekretaris orders the formulir) and the return
disposisi of step 10 ("untuk dilengkapi sesuai arahan"). Both use templates/memo.docx."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from generator.base.periode import Periode
from generator.base.worktime import WIB
from generator.documents.issue import DocumentRun, reserve_nomor, sample_identity, write_document
from generator.documents.naskah import (
    kop_context,
    paraf_context,
    pejabat_context,
    signature_context,
    tanggal_id,
    tempat_tanggal,
    waktu_id,
)
from generator.documents.ragam import Ragam
from generator.errors import InputError
from generator.inputs.load import load_inputs
from generator.inputs.org import Organisasi, Pejabat
from generator.rules.sop import Sop, Step, load_sop
from generator.rules.vocab import SIFAT, Sifat
from generator.workspace.folder import Workspace
from generator.workspace.journal import Journal
from generator.workspace.manifest import DocVersion
from generator.workspace.service import actor

TEMPLATE = "memo.docx"
JUDUL = "LEMBAR DISPOSISI"

MARK_ON, MARK_OFF = "☒", "☐"

# The "dengan hormat harap" checklist of the Lembar Disposisi (order as printed).
HARAP = (
    "Tanggapan dan saran",
    "Proses lebih lanjut",
    "Koordinasi/konfirmasi",
    "Siapkan formulir pengumpulan data capaian kinerja",
    "Untuk dilengkapi sesuai arahan",
    "Untuk diketahui",
    "Bahas dengan saya",
    "Arsipkan",
)
HARAP_MEMO = ("Proses lebih lanjut", "Siapkan formulir pengumpulan data capaian kinerja")
HARAP_KEMBALI = ("Untuk dilengkapi sesuai arahan", "Koordinasi/konfirmasi")


@dataclass(frozen=True)
class MemoIsi:
    """What differs between the step-1 memo and a step-10 return disposisi."""

    hal: str
    diteruskan: list[Pejabat]
    harap: tuple[str, ...]
    catatan: str
    batas_waktu: datetime
    mutu_baku: str
    sifat: Sifat = "segera"


def parse_sifat(value: str) -> Sifat:
    text = " ".join(value.lower().replace("-", " ").replace("_", " ").split())
    for sifat in SIFAT:
        if sifat == text:
            return sifat
    raise InputError(f"Sifat '{value}' tidak dikenal.", hint="Pilih: " + ", ".join(SIFAT) + ".")


def marked(options: tuple[str, ...], chosen: tuple[str, ...] | list[str]) -> list[dict[str, str]]:
    return [{"tanda": MARK_ON if o in chosen else MARK_OFF, "teks": o} for o in options]


def mutu_baku_text(step: Step) -> str:
    return f"{step.waktu}, langkah {step.no} — {step.singkat}"


def deadline(org: Organisasi, sop: Sop, step_no: int, start: datetime) -> datetime:
    calendar = org.waktu_kerja.calendar()
    return calendar.add_working_minutes(start, sop.step(step_no).baku_menit(calendar.jam_per_hari))


def memo_context(
    org: Organisasi,
    periode: Periode,
    isi: MemoIsi,
    *,
    nomor: str,
    agenda: str,
    when: datetime,
) -> dict[str, Any]:
    """The context of templates/memo.docx (without ``dokumen`` and ``qr``: see documents)."""
    sekretaris = org.pejabat.sekretaris
    return {
        "kop": kop_context(org),
        "judul": JUDUL,
        "nomor": nomor,
        "periode_label": periode.label,
        "surat": {
            "dari": f"{sekretaris.jabatan} {org.instansi}",
            "nomor": nomor,
            "tanggal": tanggal_id(when.date()),
            "diterima": tanggal_id(when.date()),
            "agenda": agenda,
        },
        "sifat": isi.sifat.title(),
        "sifat_pilihan": marked(tuple(s.title() for s in SIFAT), [isi.sifat.title()]),
        "hal": isi.hal,
        "diteruskan": [
            {"no": str(i), **pejabat_context(p)} for i, p in enumerate(isi.diteruskan, start=1)
        ],
        "harap": marked(HARAP, isi.harap),
        "catatan": isi.catatan,
        "batas_waktu": waktu_id(isi.batas_waktu),
        "mutu_baku": isi.mutu_baku,
        "ttd": signature_context(sekretaris, tempat_tanggal=tempat_tanggal(org, when.date())),
        "paraf": paraf_context([sekretaris, org.pejabat.kasubag]),
    }


def initial_isi(
    org: Organisasi, periode: Periode, when: datetime, sifat: Sifat, catatan: str | None
) -> MemoIsi:
    sop = load_sop()
    step2 = sop.step(2)
    default = (
        f"Mohon disiapkan formulir pengumpulan data capaian kinerja {periode.label} untuk setiap"
        f" Bidang sesuai Perjanjian Kinerja, lalu dibagikan kepada Kepala Bidang melalui staf"
        f" dengan tanda terima ({sop.nama}, langkah 2 sampai 4)."
    )
    return MemoIsi(
        hal=f"Penyiapan formulir pengumpulan data capaian kinerja {periode.label}",
        diteruskan=[org.pejabat.kasubag],
        harap=HARAP_MEMO,
        catatan=catatan or default,
        batas_waktu=deadline(org, sop, 2, when),
        mutu_baku=mutu_baku_text(step2),
        sifat=sifat,
    )


def create_memo(
    ws: Workspace,
    *,
    sifat: Sifat = "segera",
    catatan: str | None = None,
    oleh: str | None = None,
) -> DocVersion:
    """Step 1: the Memo/Lembar Disposisi from the Sekretaris to the Kasubag Perencanaan.

    A draft is regenerated in place with its number; once printed, a new version gets a new
    number. Marks step 1 done.
    """
    org = ws.org
    with ws.transaction(actor(ws, "sekretaris", oleh)) as journal:
        when = ws.clock()
        isi = initial_isi(org, ws.periode, when, sifat, catatan)
        version = _write(ws, journal, "memo", "memo", 1, "Memo / Lembar Disposisi", isi, when)
        journal.finish_step(1)
    return version


def create_return_disposisi(
    ws: Workspace, journal: Journal, bidang: list[str], arahan: str
) -> DocVersion:
    """Step 10 returned: a Lembar Disposisi to the Kabid of ``bidang`` with the ``arahan``;
    key "disposisi:<n>", a new nomor, deadline from the mutu baku of step 5.

    Call inside the reviewer's ``ws.transaction``; it only records the document.
    """
    org = ws.org
    if not bidang:
        raise InputError("Sebutkan sedikitnya satu bidang yang dikembalikan.")
    penerima = [org.bidang_by_kode(k) for k in bidang]
    when = ws.clock()
    sop = load_sop()
    nama_bidang = ", ".join(b.nama for b in penerima)
    isi = MemoIsi(
        hal=(
            f"Pengembalian data capaian kinerja {ws.periode.label} untuk dilengkapi sesuai"
            f" arahan ({nama_bidang})"
        ),
        diteruskan=[*(b.kepala for b in penerima), org.pejabat.kasubag],
        harap=HARAP_KEMBALI,
        catatan=arahan,
        batas_waktu=deadline(org, sop, 5, when),
        mutu_baku=mutu_baku_text(sop.step(5)),
        sifat="segera",
    )
    n = 1 + len(journal.documents("disposisi"))
    key = f"disposisi:{n}"
    version = _write(
        ws,
        journal,
        key,
        "disposisi",
        10,
        f"Lembar Disposisi Pengembalian {n} ({', '.join(bidang)})",
        isi,
        when,
        bidang=bidang,
    )
    return version


def _write(
    ws: Workspace,
    journal: Journal,
    key: str,
    jenis: str,
    langkah: int,
    judul: str,
    isi: MemoIsi,
    when: datetime,
    *,
    bidang: list[str] | None = None,
) -> DocVersion:
    org = ws.org
    doc = journal.reserve_document(key, jenis, langkah, judul)
    versi = journal.next_version_number(key)
    kode = org.kode_klasifikasi.disposisi if jenis == "disposisi" else org.kode_klasifikasi.memo
    stem = "memo" if jenis == "memo" else key.replace(":", "-")
    run = DocumentRun(ws, journal, key, doc.id, versi, TEMPLATE, jenis)
    meta: dict[str, Any] = {"batas_waktu": isi.batas_waktu.isoformat(), "sifat": isi.sifat}
    if bidang:
        meta["bidang"] = bidang
        meta["arahan"] = isi.catatan
    with reserve_nomor(ws, journal, key, doc.id, versi, kode, when) as nomor:
        agenda = f"{nomor.urut:03d}/{nomor.tahun}"
        context = memo_context(org, ws.periode, isi, nomor=nomor.nomor, agenda=agenda, when=when)
        return write_document(
            run, context, f"{stem}-{ws.periode}-v{versi}.docx", nomor=nomor.nomor, meta=meta
        )


def sample_context() -> dict[str, Any]:
    """The full context of memo.docx for the sample organisation (templat periksa, docs)."""
    return ragam_context(None)


def ragam_context(ragam: Ragam | None) -> dict[str, Any]:
    """The context of memo.docx for another shape of office (``templat periksa``)."""
    org = ragam.inputs.org if ragam else load_inputs().org
    periode = Periode.parse("2025")
    when = datetime(2025, 1, 6, 9, 0, tzinfo=WIB)
    isi = initial_isi(org, periode, when, "segera", None)
    nomor = "000.9.3.3/001/35.73.505/2025"
    return {
        **memo_context(org, periode, isi, nomor=nomor, agenda="001/2025", when=when),
        **sample_identity(),
    }
