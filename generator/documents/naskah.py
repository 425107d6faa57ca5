"""The context every official document shares, by Tata Naskah Dinas (Permendagri 1/2023):
dates in Indonesian ("Malang, 5 Januari 2024"), the kop surat, signature blocks with their
a.n./u.b./Plt./Plh./Pj. variants, and the paraf hierarki box."""

from __future__ import annotations

from datetime import date
from typing import Any

from generator.base.tanggal import hari_tanggal_id as hari_tanggal_id
from generator.base.tanggal import tanggal_id as tanggal_id
from generator.base.tanggal import waktu_id as waktu_id
from generator.documents.render import ImageSpec
from generator.inputs.org import Organisasi, Pejabat


def tempat_tanggal(org: Organisasi, d: date) -> str:
    """'Malang, 5 Januari 2024' (the place and date line above a signature)."""
    return f"{org.kota}, {tanggal_id(d)}"


def _tanpa_putus(text: str) -> str:
    """Non-breaking spaces (and hyphen): a kop line never breaks inside "Telepon (0341) 491180"
    or after the hyphen of "Pos-el"."""
    return " ".join(text.split()).replace(" ", "\u00a0").replace("Pos-el", "Pos\u2011el")


def kop_context(org: Organisasi) -> dict[str, Any]:
    """The kop surat: put it in the context as ``kop`` (see docs/templates.md)."""
    kontak = []
    if org.telepon:
        kontak.append(_tanpa_putus(f"Telepon {org.telepon}"))
    if org.faksimile:
        kontak.append(_tanpa_putus(f"Faksimile {org.faksimile}"))
    daring = []
    if org.laman:
        daring.append(_tanpa_putus(f"Laman {org.laman}"))
    if org.email:
        daring.append(_tanpa_putus(f"Pos-el {org.email}"))
    alamat = org.alamat + (f" {org.kode_pos}" if org.kode_pos else "")
    return {
        "pemerintah_daerah": org.pemerintah_daerah.upper(),
        "instansi": org.instansi_kapital,
        "instansi_judul": org.instansi,
        "singkatan": org.singkatan,
        "alamat": org.alamat,
        "kode_pos": org.kode_pos,
        "telepon": org.telepon,
        "faksimile": org.faksimile,
        "email": org.email,
        "laman": org.laman,
        "kota": org.kota,
        "kota_kapital": org.kota.upper(),
        "baris_alamat": ", ".join([alamat, *kontak]),
        "baris_kontak": ", ".join(daring),
        "logo": ImageSpec(org.logo, height_mm=24) if org.logo is not None else "",
    }


def _jabatan(pejabat: Pejabat) -> str:
    """'Plt. Kepala Bidang ...' for an acting official, else the jabatan itself."""
    if pejabat.status == "definitif":
        return pejabat.jabatan
    return f"{pejabat.status} {pejabat.jabatan}"


def jabatan_penandatangan(
    pejabat: Pejabat, *, atas_nama: str | None = None, untuk_beliau: str | None = None
) -> str:
    """The jabatan lines above a signature, Tata Naskah Dinas variants included:

    a.n. Kepala Badan / Sekretaris, (signing on behalf of); a.n. ... / Sekretaris / u.b. /
    Kepala Sub Bagian ..., (on behalf, through a subordinate); Plt./Plh./Pj. before an acting
    official's jabatan.
    """
    an = atas_nama if atas_nama is not None else pejabat.atas_nama
    ub = untuk_beliau if untuk_beliau is not None else pejabat.untuk_beliau
    own = _jabatan(pejabat)
    lines: list[str] = []
    if an:
        lines.append(f"a.n. {an}")
    if ub:
        lines.extend([ub, "u.b."])
    lines.append(own + ",")
    return "\n".join(lines)


def signature_context(
    pejabat: Pejabat,
    *,
    atas_nama: str | None = None,
    untuk_beliau: str | None = None,
    tempat_tanggal: str = "",
) -> dict[str, Any]:
    """The signature block: jabatan (lines, ending with a comma), nama (print bold underlined),
    pangkat ("Pembina (IV/a)"), nip ("NIP. 19730419 199602 2 001")."""
    return {
        "tempat_tanggal": tempat_tanggal,
        "jabatan": jabatan_penandatangan(pejabat, atas_nama=atas_nama, untuk_beliau=untuk_beliau),
        "jabatan_singkat": pejabat.jabatan,
        "status": "" if pejabat.status == "definitif" else pejabat.status,
        "nama": pejabat.nama,
        "pangkat": pejabat.pangkat_golongan,
        "nip": f"NIP. {pejabat.nip_tampil}",
        "nip_angka": pejabat.nip,
    }


def pejabat_context(pejabat: Pejabat) -> dict[str, str]:
    """A person named in a document (addressee, receiver): nama, jabatan, pangkat, nip."""
    return {
        "nama": pejabat.nama,
        "jabatan": _jabatan(pejabat),
        "pangkat": pejabat.pangkat_golongan,
        "nip": f"NIP. {pejabat.nip_tampil}",
    }


def paraf_context(pejabat: list[Pejabat]) -> list[dict[str, str]]:
    """Rows of the paraf hierarki box (at most three officials, beside the signer)."""
    return [
        {"no": str(i), "jabatan": p.jabatan, "nama": p.nama, "paraf": ""}
        for i, p in enumerate(pejabat[:3], start=1)
    ]
