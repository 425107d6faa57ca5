"""Rekapitulasi data capaian kinerja (SOP steps 7-9): the numbers and the workbook.

``compute_hasil`` is pure: received formulir in, ``HasilRekap`` out. ``build_rekap`` writes
the workbook from templates/rekap.xlsx and the JSON of the numbers beside it, registers them
as a new version of document "rekap" and records steps 7-9. ``approved_result`` gives the
laporan the numbers of the version the Sekretaris approved at step 10.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator.base.angka import bulat
from generator.base.fsutil import atomic_write_text, sha256_bytes, sha256_file
from generator.errors import ManifestError, NextStep, StepError
from generator.inputs.indikator import IndikatorMaster
from generator.inputs.org import Organisasi
from generator.rules.capaian import (
    AturanCapaian,
    compute_capaian,
    default_aturan,
    predikat,
    rata_rata,
)
from generator.rules.hasil import HasilAnggaran, HasilIndikator, HasilRekap, RingkasanBidang
from generator.workspace.folder import Workspace
from generator.workspace.journal import Journal
from generator.workspace.manifest import DocVersion
from generator.workspace.service import actor

KEY = "rekap"
JENIS = "rekap"
JUDUL = "Rekapitulasi Data Capaian Kinerja"
# Steps recorded by a complete recap, with the role that carries each one out (SOP table).
STEPS = ((7, "kasubag"), (8, "staf"), (9, "kasubag"))


class BarisRealisasi(Protocol):
    @property
    def kode(self) -> str: ...
    @property
    def realisasi(self) -> float | None: ...
    @property
    def keterangan(self) -> str: ...


class BarisAnggaran(Protocol):
    @property
    def kode(self) -> str: ...
    @property
    def realisasi(self) -> float | None: ...


class Penyerahan(Protocol):
    """What the recap needs of a received formulir (``generator.intake.ingest.Submission``)."""

    @property
    def kode_bidang(self) -> str: ...
    @property
    def rows(self) -> Sequence[BarisRealisasi]: ...
    @property
    def anggaran(self) -> Sequence[BarisAnggaran]: ...


def _persen(bagian: float | None, total: float) -> float | None:
    if bagian is None or total == 0:
        return None
    return bulat(bagian / total * 100, 2)


def compute_hasil(
    org: Organisasi,
    master: IndikatorMaster,
    submissions: Mapping[str, Penyerahan],
    *,
    periode: str,
    versi: int,
    bidang_belum: Sequence[str] = (),
    aturan: AturanCapaian | None = None,
    skala: str | None = None,
) -> HasilRekap:
    """Every indicator and budget line of every Bidang with capaian, predikat and totals.

    A Bidang without a submission has realisasi None everywhere (reported, never 0).
    """
    rules = aturan or default_aturan()
    scale = rules.skala_predikat(skala)
    indikator: list[HasilIndikator] = []
    anggaran: list[HasilAnggaran] = []
    bidang: list[RingkasanBidang] = []
    for unit in org.bidang:
        submission = submissions.get(unit.kode)
        rows = {r.kode: r for r in submission.rows} if submission else {}
        budget = {a.kode: a for a in submission.anggaran} if submission else {}
        mine: list[HasilIndikator] = []
        for item in master.for_bidang(unit.kode):
            row = rows.get(item.kode)
            realisasi = row.realisasi if row else None
            hasil = compute_capaian(item.target, realisasi, item.polaritas, rules)
            mine.append(
                HasilIndikator(
                    kode=item.kode,
                    kode_bidang=unit.kode,
                    sasaran=item.sasaran,
                    indikator=item.indikator,
                    satuan=item.satuan,
                    polaritas=item.polaritas,
                    target=item.target,
                    realisasi=realisasi,
                    capaian=hasil.nilai,
                    predikat=predikat(hasil.nilai, scale),
                    catatan_capaian=hasil.catatan,
                    keterangan=row.keterangan if row else "",
                )
            )
        lines = [
            HasilAnggaran(
                kode=a.kode,
                kode_bidang=unit.kode,
                program=a.program,
                kegiatan=a.kegiatan,
                sasaran=a.sasaran,
                pagu=a.pagu,
                realisasi=budget[a.kode].realisasi if a.kode in budget else None,
                persen=_persen(budget[a.kode].realisasi if a.kode in budget else None, a.pagu),
            )
            for a in master.anggaran_for_bidang(unit.kode)
        ]
        rata = rata_rata([i.capaian for i in mine])
        pagu = sum(a.pagu for a in lines)
        spent = sum(a.realisasi for a in lines if a.realisasi is not None)
        bidang.append(
            RingkasanBidang(
                kode_bidang=unit.kode,
                nama=unit.nama,
                jumlah_indikator=len(mine),
                rata_capaian=rata,
                predikat=predikat(rata, scale),
                pagu=pagu,
                realisasi_anggaran=spent,
                persen_anggaran=_persen(spent, pagu),
            )
        )
        indikator.extend(mine)
        anggaran.extend(lines)
    rata_total = rata_rata([i.capaian for i in indikator])
    pagu_total = sum(b.pagu for b in bidang)
    spent_total = sum(b.realisasi_anggaran for b in bidang)
    return HasilRekap(
        periode=periode,
        versi=versi,
        lengkap=not bidang_belum,
        bidang_belum=list(bidang_belum),
        indikator=indikator,
        anggaran=anggaran,
        bidang=bidang,
        rata_capaian=rata_total,
        predikat=predikat(rata_total, scale),
        pagu=pagu_total,
        realisasi_anggaran=spent_total,
        persen_anggaran=_persen(spent_total, pagu_total),
        skala=skala or rules.skala_bawaan,
        skala_predikat=scale,
        rumus={nama: aturan.rumus for nama, aturan in rules.polaritas.items()},
    )


# -- the workspace side ------------------------------------------------------------------------


@dataclass(frozen=True)
class RekapBaru:
    version: DocVersion
    hasil: HasilRekap
    path: Path
    json_path: Path


def bidang_belum(journal: Journal) -> list[str]:
    """Bidang whose hand-over (step 6) is not done in the current round."""
    return [kode for kode, p in journal.step(6).bidang.items() if p.status != "selesai"]


def _refuse_missing(org: Organisasi, missing: list[str], periode: str) -> None:
    names = "; ".join(f"{k} ({org.bidang_by_kode(k).nama})" for k in missing)
    raise StepError(
        f"Rekap belum dapat dibuat: {len(missing)} bidang belum menyerahkan formulir terisi: {names}.",
        hint="Terima dulu formulirnya, atau buat rekap sementara yang ditandai BELUM LENGKAP.",
        next_step=NextStep(
            "rekap", {"periode": periode, "sebagian": "true"}, "Buat rekap sementara"
        ),
    )


def _refuse_after_approval(journal: Journal) -> None:
    if journal.step(10).status == "selesai":
        raise StepError(
            "Rekap periode ini sudah disetujui Sekretaris (langkah 10); rekap tidak dibuat ulang.",
            hint="Laporan Kinerja disusun dari rekap yang disetujui.",
            next_step=NextStep("laporan", {"periode": journal.data.periode}, "Susun laporan"),
        )


def build_rekap(
    ws: Workspace,
    *,
    sebagian: bool = False,
    oleh: str | None = None,
    aturan: AturanCapaian | None = None,
    skala: str | None = None,
) -> RekapBaru:
    """Steps 7-9: the recap workbook and its numbers, as a new version of document "rekap".

    Refuses while a Bidang has not handed its formulir in, unless ``sebagian``: then the
    recap is a draft marked incomplete in the sheet, and only step 7 is started.
    """
    from generator.documents.rekap.layout import render_rekap
    from generator.intake.ingest import latest_submissions

    rules = aturan or ws.aturan  # the periode's own rules (snapshotted at init)
    rules.skala_predikat(skala)  # an unknown scale is refused before anything is written
    submissions = latest_submissions(ws)  # before the transaction: it reads the manifest itself
    org = ws.org
    with ws.transaction(actor(ws, "staf", oleh)) as journal:
        _refuse_after_approval(journal)
        missing = bidang_belum(journal)
        if missing and not sebagian:
            _refuse_missing(org, missing, journal.data.periode)
        if not missing:
            journal.require_done(6, "Rekapitulasi")
        doc = journal.reserve_document(KEY, JENIS, 7, JUDUL)
        versi = journal.next_version_number(KEY)
        hasil = compute_hasil(
            org,
            ws.inputs.master,
            {k: s for k, s in submissions.items() if sebagian or k not in missing},
            periode=str(ws.periode),
            versi=versi,
            bidang_belum=missing,
            aturan=rules,
            skala=skala,
        )
        folder = ws.folder("rekap")
        path = folder / f"rekap-{ws.periode}-v{versi}.xlsx"
        json_path = path.with_suffix(".json")
        text = hasil.model_dump_json(indent=2) + "\n"
        render_rekap(
            ws,
            hasil,
            path,
            doc_id=doc.id,
            aturan=rules,
            when=ws.clock(),
            workspace_id=journal.data.workspace_id,
            sidik=sha256_bytes(text.encode("utf-8")),
        )
        atomic_write_text(json_path, text)
        meta = {
            "hasil": ws.relative(json_path),
            "hasil_sha256": sha256_bytes(text.encode("utf-8")),
            "lengkap": hasil.lengkap,
            "bidang_belum": missing,
            "skala": hasil.skala,
            "rata_capaian": hasil.rata_capaian,
            # a complete recap goes to the Sekretaris (step 9): never replaced afterwards
            "tetap": hasil.lengkap,
        }
        version = journal.register_version(KEY, ws.relative(path), sha256_file(path), meta=meta)
        _record_steps(ws, journal, versi, hasil.lengkap, oleh)
    return RekapBaru(version, hasil, path, json_path)


def _record_steps(
    ws: Workspace, journal: Journal, versi: int, lengkap: bool, oleh: str | None
) -> None:
    recorder = journal.oleh
    try:
        if not lengkap:
            journal.oleh = actor(ws, "kasubag", oleh)
            journal.start_step(7, catatan=f"Rekap sementara versi {versi} (belum lengkap)")
            return
        for no, role in STEPS:
            journal.oleh = actor(ws, role, oleh)
            journal.finish_step(no, catatan=f"Rekap versi {versi}")
    finally:
        journal.oleh = recorder


def read_result(ws: Workspace, version: DocVersion) -> HasilRekap:
    """The numbers stored beside a rekap version, checked against the hash in the manifest."""
    rel = version.meta.get("hasil")
    if not isinstance(rel, str):
        raise ManifestError(f"Rekap versi {version.versi} tidak mencatat berkas angka (JSON).")
    path = ws.path(rel)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ManifestError(f"Berkas angka rekap {rel} hilang.", file=path) from exc
    if sha256_bytes(data) != version.meta.get("hasil_sha256"):
        raise ManifestError(
            f"Berkas angka rekap {rel} berubah sejak dibuat (SHA-256 tidak cocok).",
            file=path,
            hint="Pulihkan berkas dari arsip, atau buat rekap baru.",
        )
    return HasilRekap.model_validate(json.loads(data))


def latest_result(ws: Workspace) -> HasilRekap:
    """The numbers of the newest rekap version (approved or not)."""
    doc = ws.snapshot().find(KEY)
    if doc is None or not doc.versions:
        raise StepError(
            "Rekap belum dibuat untuk periode ini.",
            hint="Buat rekapnya dulu.",
            next_step=NextStep("rekap", {"periode": str(ws.periode)}, "Buat rekap"),
        )
    return read_result(ws, doc.latest)


def approved_version(journal: Journal) -> DocVersion:
    if journal.step(10).status != "selesai":
        raise StepError(
            "Rekap belum disetujui Sekretaris (langkah 10).",
            hint="Sekretaris menyetujuinya dulu.",
            next_step=journal.step_action(10),
        )
    doc = journal.find(KEY)
    approved = [v for v in (doc.versions if doc else []) if v.meta.get("disetujui")]
    if not approved:
        raise ManifestError(
            "Langkah 10 selesai tetapi tidak ada versi rekap yang tercatat disetujui."
        )
    return approved[-1]


def approved_result(ws: Workspace) -> HasilRekap:
    """The numbers of the rekap version approved at step 10 (StepError before approval)."""
    return read_result(ws, approved_version(ws.snapshot()))
