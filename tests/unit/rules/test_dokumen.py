"""The registry of document kinds (data/dokumen.yaml) against the SOP table and the templates."""

from __future__ import annotations

import importlib

from generator.documents.render import templates_dir
from generator.rules.dokumen import load_registry
from generator.rules.sop import load_sop


def test_every_kind_the_sop_names_is_registered() -> None:
    registry = load_registry()
    for step in load_sop().langkah:
        assert step.dokumen, f"langkah {step.no} names no document"
        for jenis in step.dokumen:
            assert jenis in registry.jenis, f"langkah {step.no}: '{jenis}' not in dokumen.yaml"


def test_templates_and_sample_contexts_exist() -> None:
    registry = load_registry()
    for jenis, kind in registry.jenis.items():
        if kind.templat:
            assert (templates_dir() / kind.templat).is_file(), f"{jenis}: {kind.templat} missing"
        if kind.konteks_contoh:
            module, _, function = kind.konteks_contoh.partition(":")
            assert callable(getattr(importlib.import_module(module), function))


def test_archive_order_follows_the_sop_and_leaves_out_the_archive() -> None:
    order = load_registry().archive_order
    assert order[0] == "memo" and order[-1] == "laporan"
    assert "arsip" not in order
    assert order.index("formulir") < order.index("tanda_terima") < order.index("rekap")
