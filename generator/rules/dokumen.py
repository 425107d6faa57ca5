"""The registry of document kinds, read from ``data/dokumen.yaml``: folder, title, template,
print copies, default signer and archive order of every kind, in one place."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from generator.base.yamlio import first_validation_error, parse_yaml
from generator.errors import InputError

REGISTRY_FILE = "dokumen.yaml"


class CopyRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    salinan: int
    per_penerima: int = 0
    penerima_tetap: int = 0
    penerima_meta: str | None = None
    alasan: str = ""

    def copies(self, meta: dict[str, Any]) -> int:
        """Copies of one version: ``salinan`` plus ``per_penerima`` for every addressee
        (``penerima_tetap``, plus one per entry of the list ``meta[penerima_meta]``)."""
        listed = meta.get(self.penerima_meta) if self.penerima_meta else None
        penerima = self.penerima_tetap + (len(listed) if isinstance(listed, list) else 0)
        return self.salinan + self.per_penerima * penerima


class DocumentKind(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    judul: str
    folder: str
    templat: str | None = None
    konteks_contoh: str | None = None  # "module:function" giving a sample template context
    # "module:function(ragam)" giving the context for another shape of office (templat periksa)
    konteks_ragam: str | None = None
    # who signs it by hand (Tata Naskah Dinas: the signature blocks of its template), the
    # default of `kinerja tandatangan` first
    penandatangan: list[str] = []
    cetak: CopyRule = CopyRule(salinan=1)
    diarsipkan: bool = True
    # The latest version must carry a recorded hand signature once its step is done, before
    # `arsip` runs without --belum-lengkap.
    wajib_ttd_sebelum_arsip: bool = False


class Registry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    jenis: dict[str, DocumentKind]

    def kind(self, jenis: str) -> DocumentKind:
        try:
            return self.jenis[jenis]
        except KeyError:
            raise InputError(
                f"Jenis dokumen '{jenis}' tidak terdaftar di {REGISTRY_FILE}.",
                hint="Jenis yang dikenal: " + ", ".join(self.jenis) + ".",
            ) from None

    def rule(self, jenis: str) -> CopyRule:
        """Print copies of a kind (one copy for a kind not listed)."""
        known = self.jenis.get(jenis)
        return known.cetak if known else CopyRule(salinan=1)

    def signers(self, jenis: str) -> list[str]:
        known = self.jenis.get(jenis)
        return list(known.penandatangan) if known and known.penandatangan else ["kepala"]

    def signer(self, jenis: str) -> str:
        return self.signers(jenis)[0]

    @property
    def archive_order(self) -> tuple[str, ...]:
        """The kinds that go into the archive bundle, in SOP order."""
        return tuple(k for k, kind in self.jenis.items() if kind.diarsipkan)

    def ragam_contexts(self) -> dict[str, str]:
        """Template file name -> "module:function" of its context for another office."""
        return {
            kind.templat: kind.konteks_ragam
            for kind in self.jenis.values()
            if kind.templat and kind.konteks_ragam
        }

    def sample_contexts(self) -> dict[str, str]:
        """Template file name -> "module:function" of its sample context."""
        return {
            kind.templat: kind.konteks_contoh
            for kind in self.jenis.values()
            if kind.templat and kind.konteks_contoh
        }


@cache
def load_registry() -> Registry:
    """The registry shipped with the package (read once per process)."""
    text = resources.files("generator.data").joinpath(REGISTRY_FILE).read_text(encoding="utf-8")
    doc = parse_yaml(text, f"generator/data/{REGISTRY_FILE}", ours=True)
    try:
        return Registry.model_validate(doc.data)
    except ValidationError as exc:
        raise first_validation_error(exc, doc, "Daftar jenis dokumen tidak sah") from exc
