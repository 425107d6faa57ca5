"""The API later commands use to record SOP steps and documents in the manifest.

A ``Journal`` wraps the manifest data of one transaction (see
``Workspace.transaction``): every method changes the state and appends one
event to the hash-chained log. Transitions are checked here, so a command
cannot, say, sign a version twice or overwrite a printed file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from generator.errors import ManifestError, NextStep, StepError
from generator.rules.sop import Sop
from generator.workspace.manifest import (
    DOC_PREFIX,
    DOC_STATES,
    IMMUTABLE_FROM,
    PDF_RECORD,
    BidangProgress,
    DocState,
    Document,
    DocVersion,
    ManifestData,
    StateChange,
    StepRecord,
    append_event,
    step_record,
)


class Journal:
    def __init__(
        self, data: ManifestData, sop: Sop, oleh: str, clock: Callable[[], datetime]
    ) -> None:
        self.data = data
        self.sop = sop
        self.oleh = oleh
        self._clock = clock

    # -- queries -----------------------------------------------------------------------------

    def step(self, no: int) -> StepRecord:
        return step_record(self.data, no)

    def find(self, key: str) -> Document | None:
        return next((d for d in self.data.dokumen if d.key == key), None)

    def get(self, doc_id: str) -> Document:
        for doc in self.data.dokumen:
            if doc.id == doc_id:
                return doc
        raise ManifestError(
            f"Dokumen '{doc_id}' tidak ada di ruang kerja ini.",
            hint="Lihat daftar dokumen pada status ruang kerja.",
            next_step=self.status_step(),
        )

    def documents(self, jenis: str | None = None) -> list[Document]:
        return [d for d in self.data.dokumen if jenis is None or d.jenis == jenis]

    # -- steps -------------------------------------------------------------------------------

    def _record(self, kind: str, /, **payload: Any) -> None:
        append_event(self.data, kind, self.oleh, self._clock(), payload)

    def start_step(self, no: int, catatan: str | None = None) -> StepRecord:
        record = self.step(no)
        if record.status != "berjalan":
            record.status = "berjalan"
            record.mulai = self._clock()
            record.selesai = None
            record.oleh = self.oleh
            self._record("langkah_mulai", langkah=no, catatan=catatan)
        return record

    def _handoff_time(self, no: int) -> datetime:
        """When a step not started explicitly began: when the previous step ended."""
        if no > 1:
            previous = self.step(no - 1)
            if previous.selesai is not None:
                return previous.selesai
        return self._clock()

    def finish_step(self, no: int, catatan: str | None = None) -> StepRecord:
        record = self.step(no)
        now = self._clock()
        if record.status != "berjalan" or record.mulai is None:
            record.mulai = min(self._handoff_time(no), now)
        record.status = "selesai"
        record.selesai = now
        record.oleh = self.oleh
        record.catatan = catatan
        self._record("langkah_selesai", langkah=no, catatan=catatan)
        return record

    def finish_bidang(self, no: int, kode_bidang: str, catatan: str | None = None) -> StepRecord:
        """Mark one Bidang's part of a per-Bidang step; the step is done when all are."""
        record = self.step(no)
        if kode_bidang not in record.bidang:
            raise StepError(
                f"Langkah {no} tidak dikerjakan per bidang atau bidang '{kode_bidang}' tidak dikenal."
            )
        if record.status == "belum" or record.mulai is None:
            record.status = "berjalan"
            record.mulai = min(self._handoff_time(no), self._clock())
        record.bidang[kode_bidang] = BidangProgress(
            status="selesai", selesai=self._clock(), oleh=self.oleh, catatan=catatan
        )
        self._record("bidang_selesai", langkah=no, bidang=kode_bidang, catatan=catatan)
        if all(p.status == "selesai" for p in record.bidang.values()):
            self.finish_step(no)
        return record

    def step_action(self, no: int) -> NextStep:
        """The action (``generator.api``, named like the command) that completes step ``no``."""
        step = self.sop.step(no)
        return NextStep(step.aksi, {"periode": self.data.periode}, step.singkat, step.pelaksana)

    def status_step(self) -> NextStep:
        return NextStep("status", {"periode": self.data.periode}, "Lihat status")

    def require_done(self, no: int, purpose: str) -> None:
        record = self.step(no)
        if record.status != "selesai":
            step = self.sop.step(no)
            raise StepError(
                f"{purpose} belum dapat dilakukan: langkah {no} ({step.singkat}) berstatus"
                f" '{record.status}'.",
                hint="Selesaikan langkah itu dulu.",
                next_step=self.step_action(no),
            )

    def set_bidang(self, kodes: list[str], when_changed: str) -> None:
        """Make the per-Bidang steps follow a corrected list of Bidang. Only before any
        formulir is made (step 2): afterwards a Bidang has papers under its code."""
        records = [r for r in self.data.langkah if r.bidang]
        current = list(records[0].bidang) if records else []
        if sorted(current) == sorted(kodes):
            return
        if self.step(2).status != "belum" or any(self.documents("formulir")):
            added = sorted(set(kodes) - set(current))
            removed = sorted(set(current) - set(kodes))
            change = "; ".join(
                part
                for part in (
                    f"ditambah {', '.join(added)}" if added else "",
                    f"dihapus {', '.join(removed)}" if removed else "",
                )
                if part
            )
            raise StepError(
                f"Daftar bidang tidak dapat diubah ({change}): formulir periode"
                f" {self.data.periode} sudah dibuat untuk bidang yang ada.",
                hint=f"Kembalikan daftar bidang di {when_changed} seperti semula; susunan bidang"
                " yang baru dipakai mulai periode berikutnya.",
            )
        for record in records:
            record.bidang = {k: record.bidang.get(k, BidangProgress()) for k in kodes}
        self._record("bidang_diubah", bidang=kodes)

    def return_for_revision(self, bidang: list[str], arahan: str, first: int, last: int) -> None:
        """Step ``last`` returns the work "untuk dilengkapi sesuai arahan": steps first..last
        reopen, and only the named Bidang have to submit again."""
        for no in range(first, last + 1):
            record = self.step(no)
            record.putaran += 1
            record.selesai = None
            record.catatan = arahan
            if no == last:
                record.status = "dikembalikan"
                continue
            record.status = "berjalan" if no == first else "belum"
            record.mulai = self._clock() if no == first else None
            for kode in bidang:
                if kode in record.bidang:
                    record.bidang[kode] = BidangProgress(status="dikembalikan", catatan=arahan)
        self._record("dikembalikan", langkah=last, bidang=bidang, arahan=arahan)

    # -- documents ---------------------------------------------------------------------------

    def _new_id(self, jenis: str, bidang: str | None) -> str:
        prefix = DOC_PREFIX.get(jenis, jenis.upper()[:6])
        periode = self.data.periode
        if bidang:
            candidate = f"{prefix}-{periode}-{bidang}"
            if not any(d.id == candidate for d in self.data.dokumen):
                return candidate
        n = 1 + sum(1 for d in self.data.dokumen if d.jenis == jenis)
        while any(d.id == f"{prefix}-{periode}-{n:02d}" for d in self.data.dokumen):
            n += 1
        return f"{prefix}-{periode}-{n:02d}"

    def reserve_document(
        self, key: str, jenis: str, langkah: int, judul: str, bidang: str | None = None
    ) -> Document:
        """The document for ``key``, created (with no version yet) when new; ids are stable."""
        doc = self.find(key)
        if doc is None:
            doc = Document(
                id=self._new_id(jenis, bidang),
                key=key,
                jenis=jenis,
                langkah=langkah,
                bidang=bidang,
                judul=judul,
            )
            self.data.dokumen.append(doc)
            self._record(
                "dokumen_baru", id=doc.id, key=key, jenis=jenis, langkah=langkah, bidang=bidang
            )
        return doc

    def next_version_number(self, key: str) -> int:
        """The version a regeneration writes: the latest draft is replaced, else a new one."""
        doc = self.find(key)
        if doc is None or not doc.versions:
            return 1
        latest = doc.latest
        return (
            latest.versi
            if latest.keadaan == "draf" and not latest.meta.get("tetap")
            else latest.versi + 1
        )

    def register_version(
        self,
        key: str,
        path: str,
        sha256: str,
        *,
        nomor: str | None = None,
        pdf: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> DocVersion:
        """Record the file of a document. A draft is replaced in place; a version that was
        printed, initialled or signed is never touched: a new version is added instead."""
        doc = self.find(key)
        if doc is None:
            raise ManifestError(f"Dokumen '{key}' belum dipesan di manifest.")
        versi = self.next_version_number(key)
        for existing in doc.versions:
            if existing.path == path and existing.versi != versi:
                raise ManifestError(
                    f"Berkas {path} sudah tercatat sebagai versi {existing.versi} dari {doc.id}."
                )
        version = DocVersion(
            versi=versi,
            path=path,
            sha256=sha256,
            dibuat=self._clock(),
            nomor=nomor,
            pdf=pdf,
            meta=meta or {},
            riwayat=[StateChange(keadaan="draf", waktu=self._clock(), oleh=self.oleh)],
        )
        if doc.versions and doc.latest.versi == versi:
            doc.versions[-1] = version
        else:
            doc.versions.append(version)
        self._record("versi", id=doc.id, versi=versi, path=path, sha256=sha256, nomor=nomor)
        return version

    def attach_pdf(
        self,
        doc_id: str,
        versi: int,
        pdf: str,
        sha256: str | None = None,
        *,
        salinan: str | None = None,
    ) -> None:
        """The PDF of a version; ``sha256``: kinerja's own converter made exactly those bytes
        from the version's file (PDF/A-2), or for a received formulir from its print copy
        whose SHA-256 is ``salinan``, so the archive may use them instead of converting again
        (kept in the version's ``meta``, covered by the chain like everything else)."""
        version = self.get(doc_id).version(versi)
        version.pdf = pdf
        made = {"sha256_pdf": sha256, "sha256_salinan": salinan}
        made = {k: v for k, v in made.items() if v is not None and sha256 is not None}
        version.meta = {**version.meta, **{PDF_RECORD[k]: v for k, v in made.items()}}
        self._record("pdf", id=doc_id, versi=versi, pdf=pdf, **made)

    def set_state(
        self,
        doc_id: str,
        keadaan: DocState,
        *,
        versi: int | None = None,
        catatan: str | None = None,
        lampiran: str | None = None,
    ) -> DocVersion:
        doc = self.get(doc_id)
        if not doc.versions:
            raise ManifestError(f"Dokumen {doc_id} belum punya berkas.")
        version = doc.version(versi)
        current = DOC_STATES.index(version.keadaan)
        target = DOC_STATES.index(keadaan)
        if target < current or (target == current and lampiran is None):
            raise StepError(
                f"Dokumen {doc_id} versi {version.versi} sudah berstatus '{version.keadaan}';"
                f" tidak dapat diubah menjadi '{keadaan}'."
            )
        version.keadaan = keadaan
        version.riwayat.append(
            StateChange(
                keadaan=keadaan,
                waktu=self._clock(),
                oleh=self.oleh,
                catatan=catatan,
                lampiran=lampiran,
            )
        )
        self._record(
            "keadaan",
            id=doc_id,
            versi=version.versi,
            keadaan=keadaan,
            catatan=catatan,
            lampiran=lampiran,
        )
        return version

    def is_immutable(self, version: DocVersion) -> bool:
        return DOC_STATES.index(version.keadaan) >= DOC_STATES.index(IMMUTABLE_FROM)

    def note(self, kind: str, /, **payload: Any) -> None:
        """Record an event that changes no state (e.g. a decision and its reason)."""
        self._record(kind, **payload)
