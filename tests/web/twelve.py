"""A 12-Bidang office made from the embedded sample (its five Bidang and seven copies)."""

from __future__ import annotations

import copy
from importlib import resources
from pathlib import Path

import yaml

from generator.base.periode import Periode
from generator.workspace.folder import Workspace

EXTRA = ["IDEB", "POLB", "EKSB", "KWSB", "IDEC", "POLC", "EKSC"]


def twelve_bidang_workspace(output: Path, periode: str = "2025") -> list[str]:
    """Create the workspace; returns the 12 Bidang codes."""
    data = resources.files("generator") / "data"
    org = yaml.safe_load((data / "org.yaml").read_text(encoding="utf-8"))
    master = yaml.safe_load((data / "indikator.yaml").read_text(encoding="utf-8"))
    by_code = {b["kode"]: b for b in org["bidang"]}
    for new in EXTRA:
        source = new[:3]
        bidang = copy.deepcopy(by_code[source])
        bidang["kode"] = new
        bidang["nama"] = f"{bidang['nama']} {new[-1]}"
        org["bidang"].append(bidang)
        for section, sep in (("indikator", "-"), ("anggaran", ".")):
            for item in [i for i in master[section] if i["kode_bidang"] == source]:
                clone = copy.deepcopy(item)
                clone["kode_bidang"] = new
                clone["kode"] = new + sep + item["kode"].split(sep, 1)[1]
                master[section].append(clone)
    inputs = output.parent / "masukan-12"
    inputs.mkdir(parents=True, exist_ok=True)
    (inputs / "org.yaml").write_text(yaml.safe_dump(org, allow_unicode=True), encoding="utf-8")
    (inputs / "indikator.yaml").write_text(
        yaml.safe_dump(master, allow_unicode=True), encoding="utf-8"
    )
    Workspace.create(output, Periode.parse(periode), inputs / "org.yaml", inputs / "indikator.yaml")
    return [b["kode"] for b in org["bidang"]]
